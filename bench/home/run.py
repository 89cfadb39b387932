#!/usr/bin/env python3
"""Home-page benchmark: Soporte's `/` against nginx serving the same HTML as a file.

Starts `soporte serve` on a free port with a throw-away data directory, saves the
home page it renders, serves that file with nginx (one worker per core), loads each with wrk
one after the other and prints requests/s, p99 latency and Soporte's resident memory
(idle and peak under load), with PASS/MISS for the targets:

  * Soporte requests/s >= 50 % of nginx's
  * Soporte idle RSS < 50 MB

Python 3 standard library only; the parts shared with bench/article are in
bench/web_bench.py. See README.md next to this file.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_bench import (  # noqa: E402  (bench/web_bench.py, shared with bench/article)
    WRK_CONNECTIONS,
    WRK_THREADS,
    BenchError,
    Processes,
    add_common_args,
    check_common_args,
    check_tools,
    clean_up,
    http_get,
    kb_to_mb,
    log,
    main_wrapper,
    mark,
    measure,
    rss_kb,
    start_nginx,
    start_soporte,
    tail,
    temp_dir,
    without_wrk_output,
    wrk_warnings,
)

# Targets.
MIN_RPS_RATIO = 0.50  # Soporte req/s as a fraction of nginx's
MAX_IDLE_RSS_MB = 50.0  # decimal megabytes (10^6 bytes)

WARMUP_REQUESTS = 20  # plain requests before the idle RSS reading


def run(args):
    binary = check_tools(args)
    tmp = temp_dir()
    procs = Processes()
    try:
        # --- Soporte -------------------------------------------------------
        data_dir = tmp / "data"
        data_dir.mkdir()
        sp_log = tmp / "soporte.log"
        soporte, sp_base = start_soporte(
            procs, binary, "serve", data_dir, sp_log, args.start_timeout, cwd=tmp
        )

        status, headers, home = http_get(f"{sp_base}/")
        if status != 200:
            raise BenchError(f"GET / on soporte answered {status}")
        sp_type = headers.get("Content-Type", "")
        if headers.get("Content-Encoding"):
            raise BenchError(f"GET / came back encoded ({headers['Content-Encoding']})")
        log(f"home page: {len(home)} bytes, {sp_type}")

        # Warm-up, then the idle reading.
        for _ in range(WARMUP_REQUESTS):
            http_get(f"{sp_base}/")
        time.sleep(1.0)
        idle_kb = rss_kb(soporte.pid)
        if idle_kb is None:
            raise BenchError("soporte exited during warm-up")
        log(f"soporte idle RSS: {kb_to_mb(idle_kb):.1f} MB")

        # --- nginx ---------------------------------------------------------
        _, ng_base = start_nginx(procs, args, tmp, home, "/", sp_type)

        # --- load ----------------------------------------------------------
        ng = measure("nginx", procs, args.wrk, f"{ng_base}/", args.duration, args.warmup)
        sp = measure(
            "soporte", procs, args.wrk, f"{sp_base}/", args.duration, args.warmup,
            sample_pid=soporte.pid,
        )
        if soporte.poll() is not None:
            raise BenchError(f"soporte exited under load.\n{tail(sp_log)}")
        peak_kb = max(sp["rss_peak_kb"], idle_kb)

        report(args, binary, home, sp_type, ng, sp, idle_kb, peak_kb)
        return 0
    finally:
        clean_up(procs, tmp)


def report(args, binary, home, content_type, ng, sp, idle_kb, peak_kb):
    ratio = sp["requests_per_sec"] / ng["requests_per_sec"] if ng["requests_per_sec"] else 0.0
    idle_mb, peak_mb = kb_to_mb(idle_kb), kb_to_mb(peak_kb)
    rps_ok = ratio >= MIN_RPS_RATIO
    rss_ok = idle_mb < MAX_IDLE_RSS_MB
    warnings = wrk_warnings((("nginx", ng), ("soporte", sp)))

    if args.json:
        print(json.dumps({
            "binary": str(binary),
            "page_bytes": len(home),
            "content_type": content_type,
            "wrk": {"threads": WRK_THREADS, "connections": WRK_CONNECTIONS,
                    "duration_s": args.duration, "warmup_s": args.warmup},
            "nginx": without_wrk_output(ng),
            "soporte": without_wrk_output(sp),
            "rps_ratio_percent": round(ratio * 100, 1),
            "rss_idle_mb": round(idle_mb, 1),
            "rss_peak_under_load_mb": round(peak_mb, 1),
            "targets": {
                "rps_ratio": {"min_percent": MIN_RPS_RATIO * 100, "pass": rps_ok},
                "rss_idle": {"max_mb": MAX_IDLE_RSS_MB, "pass": rss_ok},
            },
            "warnings": warnings,
        }, indent=2))
        return

    if args.verbose:
        for name, r in (("nginx", ng), ("soporte", sp)):
            print(f"--- wrk output: {name} ---\n{r['wrk_output'].rstrip()}\n")

    print(f"Home page benchmark: GET / ({len(home)} bytes, {content_type})")
    print(f"binary: {binary}")
    print(f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration}s "
          f"(after {args.warmup} s warm-up), nginx: {args.nginx_workers} worker(s)")
    print()
    print(f"{'':<10}{'requests/s':>14}{'p99 (ms)':>12}")
    print(f"{'nginx':<10}{ng['requests_per_sec']:>14,.0f}{ng['p99_ms']:>12.2f}")
    print(f"{'soporte':<10}{sp['requests_per_sec']:>14,.0f}{sp['p99_ms']:>12.2f}")
    print()
    print(f"soporte / nginx requests/s: {ratio * 100:6.1f} %")
    print(f"soporte RSS idle:           {idle_mb:6.1f} MB")
    print(f"soporte RSS peak under load:{peak_mb:6.1f} MB")
    print()
    print(f"[{mark(rps_ok)}] soporte requests/s >= {MIN_RPS_RATIO * 100:.0f} % of nginx "
          f"({ratio * 100:.1f} %)")
    print(f"[{mark(rss_ok)}] soporte idle RSS < {MAX_IDLE_RSS_MB:.0f} MB ({idle_mb:.1f} MB)")
    for warning in warnings:
        print(f"warning: {warning}")


def main():
    parser = argparse.ArgumentParser(
        description="Benchmark Soporte's home page against nginx serving the same HTML."
    )
    add_common_args(parser)
    args = parser.parse_args()
    check_common_args(parser, args)
    return main_wrapper(run, args)


if __name__ == "__main__":
    sys.exit(main())
