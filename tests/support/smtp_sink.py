#!/usr/bin/env python3
"""A real SMTP server for the tests (aiosmtpd): accepts every message on the given
port and prints each one as a JSON line on standard output (envelope, raw data, and
the decoded subject and plain-text body), then keeps running until it is killed.
Prints {"ready": PORT} once it listens."""

import argparse
import email
import email.policy
import json
import sys
import threading

from aiosmtpd.controller import Controller


class PrintMessages:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "data": envelope.content.decode("utf-8", errors="replace"),
            "subject": str(message["subject"] or ""),
            "text": body.get_content() if body is not None else "",
        }
        print(json.dumps(record), flush=True)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    controller = Controller(PrintMessages(), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(json.dumps({"ready": args.port}), flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
