#!/usr/bin/env python3
"""Forum benchmark: what a topic page, a category's list and a deep page of that list
cost Soporte's server as the forum grows from 10,000 posts to 1,000,000.

For each size it seeds a fresh SQLite database (reproducibly: the same seed gives the
same forum) with 10,000 people, one topic per ten posts and five categories, starts
`soporte serve` on it, lets it settle (the search index is built from the topics at
start), and loads each page with wrk on loopback, anonymous and signed in. It prints
requests per second, p99 latency and the server's CPU time per request (the process's
user + system time over the run, divided by the requests wrk completed), then the
targets: at 1,000,000 posts a signed-in topic page costs at most 1 ms of CPU; its p99
grows at most 1.2x from 10,000 to 1,000,000 posts; and page 500 of a category costs no
more than its first page (keyset pagination).

See README.md beside this file. Python 3 standard library only, plus wrk.
"""

import argparse
import hashlib
import json
import os
import random
import re
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_bench import (  # noqa: E402  (bench/web_bench.py)
    WRK_CONNECTIONS,
    WRK_THREADS,
    BenchError,
    Processes,
    add_common_args,
    check_common_args,
    check_tools,
    clean_up,
    cpu_ticks,
    http_get,
    log,
    main_wrapper,
    mark,
    measure,
    run_soporte_command,
    start_soporte,
    temp_dir,
    wait_quiet,
    without_wrk_output,
    wrk_warnings,
)

# Targets.
MAX_SIGNED_TOPIC_CPU_MS = 1.0  # at the largest size
MAX_P99_GROWTH = 1.2  # signed-in topic page, largest size over smallest
MAX_DEEP_PAGE_RATIO = 1.2  # CPU per request of page 500 over page 1, signed in

SIZES = (10_000, 1_000_000)  # posts
PEOPLE = 10_000
POSTS_PER_TOPIC = 10
CATEGORIES = ("Instalación", "Audio y video", "Redes", "Impresoras", "Charla general")
PER_PAGE = 30  # TOPICS_PER_PAGE in crates/forum/src/pages.rs
REPLIES_PER_PAGE = 20  # crates/forum/src/pages.rs
DEEP_PAGE = 500
SESSION_COOKIE = "soporte_session"  # crates/platform/src/accounts/sessions.rs
SEED = 2026

WORDS = (
    "la impresora no imprime después de actualizar el sistema y el controlador del "
    "escáner tampoco aparece en la lista de dispositivos conectados por usb mientras "
    "el wifi se desconecta cada diez minutos cuando la computadora entra en suspensión "
    "y al volver el sonido sale por hdmi aunque elegí las bocinas internas en la "
    "configuración revisé los registros con journalctl y encontré errores del núcleo"
).split()


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


def seed(db_path, posts, rng_seed=SEED):
    """Fills the forum's tables of a migrated database; returns what the run needs."""
    rng = random.Random(rng_seed)
    topics = max(1, posts // POSTS_PER_TOPIC)
    now = int(time.time() * 1000)
    two_years = 2 * 365 * 24 * 3600 * 1000
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany(
            "INSERT INTO users (id, email, display_name, created_at, locale) VALUES (?, ?, ?, ?, 'es-MX')",
            ((n, f"persona{n}@ejemplo.mx", f"Persona {n}", now - two_years) for n in range(1, PEOPLE + 1)),
        )
        db.executemany(
            "INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, 'member', ?)",
            ((n, now - two_years) for n in range(1, PEOPLE + 1)),
        )
        for position, name in enumerate(CATEGORIES, 1):
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("ó", "o")).strip("-")
            db.execute(
                "INSERT INTO forum_categories (id, slug, name, name_en, description, description_en, "
                "product, position, created_at) VALUES (?, ?, ?, '', ?, '', '', ?, ?)",
                (position, slug, name, f"Preguntas de {name.lower()}", position, now - two_years),
            )
        # The topic whose page is measured has exactly one full page of replies.
        measured = topics // 2 + 1
        topic_rows, post_rows, tag_rows = [], [], []
        post_id = 0
        for topic in range(1, topics + 1):
            created = now - two_years + rng.randrange(two_years - 3600_000)
            count = REPLIES_PER_PAGE + 1 if topic == measured else POSTS_PER_TOPIC
            asker = rng.randrange(1, PEOPLE + 1)
            activity = created
            first_reply = None
            for number in range(1, count + 1):
                post_id += 1
                at = created if number == 1 else activity + rng.randrange(1, 3600_000)
                author = asker if number == 1 else rng.randrange(1, PEOPLE + 1)
                if number > 1 and author != asker and first_reply is None:
                    first_reply = at
                activity = at
                text = sentence(rng, rng.randrange(12, 30))
                post_rows.append((post_id, topic, number, author, text, f"<p>{text}</p>",
                                  rng.randrange(0, 4), at))
            solved = rng.random() < 0.4
            solution = post_id - count + 2 if solved else None
            state = "solved" if solved else rng.choice(("open", "answered", "needs-info", "expired"))
            category = rng.randrange(1, len(CATEGORIES) + 1)
            title = sentence(rng, 7).capitalize()
            topic_rows.append((topic, category, "question", state, "es-MX", title, asker, solution,
                               rng.randrange(0, 20), count, created, activity, first_reply,
                               activity if solved else None))
            tag_rows.append((topic, rng.choice(("audio", "wifi", "impresoras", "usb", "arranque"))))
            if len(post_rows) >= 50_000:
                flush(db, topic_rows, post_rows, tag_rows)
        flush(db, topic_rows, post_rows, tag_rows)
        token = f"bench-{rng.getrandbits(128):032x}"
        db.execute(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) "
            "VALUES (?, 1, ?, ?, ?)",
            (hashlib.sha256(token.encode()).hexdigest(), now, now, now + 30 * 86400_000),
        )
    db.execute("ANALYZE")
    # The cursor of page DEEP_PAGE of the first category, as the list's links carry it.
    row = db.execute(
        "SELECT activity_at, id FROM forum_topics WHERE category_id = 1 AND shown = 1 "
        "ORDER BY activity_at DESC, id DESC LIMIT 1 OFFSET ?",
        ((DEEP_PAGE - 1) * PER_PAGE - 1,),
    ).fetchone()
    slug = db.execute("SELECT slug FROM forum_categories WHERE id = 1").fetchone()[0]
    total = db.execute("SELECT COUNT(*) FROM forum_posts").fetchone()[0]
    db.close()
    return {
        "topics": topics,
        "posts": total,
        "topic_path": f"/comunidad/tema/{measured}",
        "category_path": f"/comunidad/{slug}",
        "deep_path": f"/comunidad/{slug}?despues={row[0]}.{row[1]}&pagina={DEEP_PAGE}" if row else None,
        "cookie": f"{SESSION_COOKIE}={token}",
    }


def flush(db, topics, posts, tags):
    db.executemany(
        "INSERT INTO forum_topics (id, category_id, kind, state, lang, title, author_id, "
        "solution_post_id, closed, me_too, posts, created_at, activity_at, first_reply_at, solved_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
        topics,
    )
    db.executemany(
        "INSERT INTO forum_posts (id, topic_id, number, author_id, body, html, asks_for_info, "
        "helpful, revisions, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1, ?)",
        posts,
    )
    db.executemany("INSERT INTO forum_topic_tags (topic_id, tag) VALUES (?, ?)", tags)
    topics.clear()
    posts.clear()
    tags.clear()


def check_page(base, path, cookie, expect):
    status, _, body = http_get(f"{base}{path}", headers={"Cookie": cookie} if cookie else None)
    if status != 200:
        raise BenchError(f"GET {path} answered {status}")
    text = body.decode("utf-8", "replace")
    if cookie and "/cuenta/salir" not in text:
        raise BenchError(f"GET {path} with the session cookie is not signed in")
    found = expect(text)
    if not found:
        raise BenchError(f"GET {path} does not show what it should")
    return len(body)


def run_size(args, binary, procs, tmp, posts):
    data = tmp / f"forum-{posts}"
    data.mkdir()
    log_path = tmp / f"soporte-{posts}.log"
    run_soporte_command(binary, ["migrate"], data, log_path)
    started = time.monotonic()
    seeded = seed(data / "soporte.db", posts)
    log(f"seeded {seeded['topics']:,} topics and {seeded['posts']:,} posts "
        f"in {time.monotonic() - started:.0f} s")
    proc, base = start_soporte(procs, binary, "serve", data, log_path, args.start_timeout, tmp)
    waited = wait_quiet(proc, timeout=args.settle_timeout)
    log(f"soporte settled after {waited:.0f} s (search index built)")
    pages = [
        ("topic", seeded["topic_path"],
         lambda text: text.count('id="mensaje-') >= REPLIES_PER_PAGE + 1),
        ("category", seeded["category_path"],
         lambda text: text.count('<a href="/comunidad/tema/') >= PER_PAGE),
    ]
    if seeded["deep_path"]:
        pages.append(("page 500", seeded["deep_path"],
                      lambda text: f"Página {DEEP_PAGE}" in text
                      and text.count('<a href="/comunidad/tema/') >= PER_PAGE))
    results = []
    for name, path, expect in pages:
        for reader, cookie in (("anonymous", None), ("signed in", seeded["cookie"])):
            size = check_page(base, path, cookie, expect)
            headers = {"Cookie": cookie} if cookie else None
            target = f"{posts:,} posts, {name}, {reader}"
            if args.warmup > 0:
                measure(f"{target} (warm-up)", procs, args.wrk, f"{base}{path}", args.warmup, 0,
                        headers=headers)
            before = cpu_ticks(proc.pid)
            result = measure(target, procs, args.wrk, f"{base}{path}", args.duration, 0,
                             headers=headers)
            after = cpu_ticks(proc.pid)
            requests = result["requests"] or 0
            ticks = (after or 0) - (before or 0)
            result["cpu_ms_per_request"] = (
                ticks * 1000 / os.sysconf("SC_CLK_TCK") / requests if requests else None)
            result.update(posts=posts, page=name, reader=reader, path=path, bytes=size)
            results.append(result)
    procs.stop(proc)
    return seeded, results


def report(args, results):
    def find(posts, page, reader):
        return next((r for r in results if r["posts"] == posts and r["page"] == page
                     and r["reader"] == reader), None)

    small, large = SIZES[0] if not args.quick else args.quick[0], SIZES[1] if not args.quick else args.quick[1]
    topic_large = find(large, "topic", "signed in")
    topic_small = find(small, "topic", "signed in")
    first = find(large, "category", "signed in")
    deep = find(large, "page 500", "signed in")
    cpu = topic_large["cpu_ms_per_request"] if topic_large else None
    growth = (topic_large["p99_ms"] / topic_small["p99_ms"]
              if topic_large and topic_small and topic_small["p99_ms"] else None)
    deep_ratio = (deep["cpu_ms_per_request"] / first["cpu_ms_per_request"]
                  if deep and first and first["cpu_ms_per_request"] else None)
    targets = {
        "signed_in_topic_cpu_ms": {"value": cpu, "max": MAX_SIGNED_TOPIC_CPU_MS,
                                   "ok": cpu is not None and cpu <= MAX_SIGNED_TOPIC_CPU_MS},
        "signed_in_topic_p99_growth": {"value": growth, "max": MAX_P99_GROWTH,
                                       "ok": growth is not None and growth <= MAX_P99_GROWTH},
        "deep_page_cpu_ratio": {"value": deep_ratio, "max": MAX_DEEP_PAGE_RATIO,
                                "ok": deep_ratio is not None and deep_ratio <= MAX_DEEP_PAGE_RATIO},
    }
    warnings = wrk_warnings([(f"{r['posts']} {r['page']} {r['reader']}", r) for r in results])
    if args.json:
        print(json.dumps({
            "wrk": {"threads": WRK_THREADS, "connections": WRK_CONNECTIONS,
                    "duration_s": args.duration},
            "results": [without_wrk_output(r) for r in results],
            "targets": targets,
            "warnings": warnings,
        }, indent=2))
        return
    print(f"\nwrk: {WRK_THREADS} threads, {WRK_CONNECTIONS} connections, {args.duration} s per run\n")
    print(f"{'posts':>10}  {'page':<9} {'reader':<10} {'req/s':>9} {'p99 ms':>8} {'CPU ms/req':>11}")
    for r in results:
        cpu_text = f"{r['cpu_ms_per_request']:.3f}" if r["cpu_ms_per_request"] is not None else "?"
        print(f"{r['posts']:>10,}  {r['page']:<9} {r['reader']:<10} "
              f"{r['requests_per_sec']:>9.0f} {r['p99_ms']:>8.2f} {cpu_text:>11}")
    print()
    fmt = lambda value, digits=2: "?" if value is None else f"{value:.{digits}f}"  # noqa: E731
    print(f"{mark(targets['signed_in_topic_cpu_ms']['ok'])} signed-in topic page at {large:,} posts: "
          f"{fmt(cpu, 3)} ms of CPU per request (target <= {MAX_SIGNED_TOPIC_CPU_MS} ms)")
    print(f"{mark(targets['signed_in_topic_p99_growth']['ok'])} its p99 from {small:,} to {large:,} "
          f"posts: x{fmt(growth)} (target <= x{MAX_P99_GROWTH})")
    print(f"{mark(targets['deep_page_cpu_ratio']['ok'])} page {DEEP_PAGE} of a category over its "
          f"first page, CPU per request: x{fmt(deep_ratio)} (target <= x{MAX_DEEP_PAGE_RATIO})")
    for warning in warnings:
        print(f"warning: {warning}")


def run(args):
    binary = check_tools(args, tools=("wrk",))
    procs = Processes()
    tmp = temp_dir()
    try:
        sizes = tuple(args.quick) if args.quick else SIZES
        results = []
        for posts in sizes:
            _, measured = run_size(args, binary, procs, tmp, posts)
            results.extend(measured)
        report(args, results)
        return 0
    finally:
        clean_up(procs, tmp)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_args(parser)
    parser.add_argument("--settle-timeout", type=float, default=900.0, metavar="SECONDS",
                        help="how long to wait for soporte to go quiet after starting (default: 900)")
    parser.add_argument("--quick", type=int, nargs=2, metavar=("SMALL", "LARGE"),
                        help="other sizes, in posts (a trial: --quick 10000 200000)")
    args = parser.parse_args()
    check_common_args(parser, args)
    return main_wrapper(run, args)


if __name__ == "__main__":
    sys.exit(main())
