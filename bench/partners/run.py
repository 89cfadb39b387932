#!/usr/bin/env python3
"""Partner directory benchmark: `/socios` over 2,000 partners, every filter at once.

Migrates a throw-away SQLite database, seeds 2,000 partners reproducibly (offices,
coverage, services, sectors, levels, languages, certified people, verifications in
force and run out, applications still pending), starts `soporte serve` and loads, with
wrk, a rotation of 200 directory addresses that each carry every filter (state, city,
two services, sector, hours, level, language, certified people, verified, sort). The
peer in the same run is nginx serving one of those result pages as a file.

Prints requests/s and p99 for both and their ratio, and checks that every address
answers 200 with the partners the filters let through (counted again here, from the
seed, not from Soporte's code).

Python 3 standard library only; the parts shared with the other web benchmarks are in
bench/web_bench.py. See README.md next to this file.
"""

import argparse
import json
import random
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_bench import (  # noqa: E402
    WRK_CONNECTIONS,
    WRK_THREADS,
    BenchError,
    Processes,
    add_common_args,
    check_common_args,
    check_tools,
    clean_up,
    http_get,
    log,
    main_wrapper,
    measure,
    parse_wrk,
    run_soporte_command,
    start_nginx,
    start_soporte,
    tail,
    temp_dir,
    without_wrk_output,
    wrk_warnings,
)

PARTNERS = 2000
ADDRESSES = 200
DAY_MS = 24 * 60 * 60 * 1000
YEAR_MS = 365 * DAY_MS

# The directory's lists, in their order (crates/partners/src/catalog.rs and the
# platform's profiles): their places are the bits of the partners' *_bits columns.
STATES = ["AGU", "BCN", "BCS", "CAM", "CHP", "CHH", "CMX", "COA", "COL", "DUR", "GUA",
          "GRO", "HID", "JAL", "MEX", "MIC", "MOR", "NAY", "NLE", "OAX", "PUE", "QUE",
          "ROO", "SLP", "SIN", "SON", "TAB", "TAM", "TLA", "VER", "YUC", "ZAC"]
CITIES = ["Centro", "Norte", "Sur", "Puerto", "Valle"]
SERVICES = ["instalacion", "migracion", "administracion", "capacitacion", "desarrollo", "en-sitio"]
SECTORS = ["gobierno", "educacion", "salud", "pymes", "industria", "finanzas", "sociedad-civil"]
LEVELS = ["1h", "4h", "dia-habil"]
LANGUAGES = ["es", "en", "nah", "yua", "zap", "mix", "oto", "tzo", "tzh", "top"]
HOURS = ["24x7", "habil"]
MINIMUMS = [1, 3, 5, 10]
SORTS = ["", "certificadas", "nombre"]


def bits(catalog, chosen):
    """The bit set the directory keeps of `chosen` (bit i: the catalog's i-th choice)."""
    return sum(1 << i for i, item in enumerate(catalog) if item in chosen)


def city_key(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def seed(db_path, now):
    """Writes the partners; returns them as dicts (for counting what a filter lets
    through)."""
    rng = random.Random(2026)
    partners = []
    con = sqlite3.connect(db_path)
    with con:
        for n in range(PARTNERS):
            state = rng.choice(STATES)
            city = f"{rng.choice(CITIES)} {state}"
            offices = {(state, city)}
            for _ in range(rng.choice([0, 0, 1, 2])):
                other = rng.choice(STATES)
                offices.add((other, f"{rng.choice(CITIES)} {other}"))
            covers = set(rng.sample(STATES, rng.choice([0, 1, 2, 4, 8])))
            p = {
                "name": f"Socio {n:04d}",
                "state": state,
                "offices": offices,
                "covers": covers,
                "nationwide": rng.random() < 0.1,
                "hours": "24x7" if rng.random() < 0.4 else "habil",
                "service": set(rng.sample(SERVICES, rng.randint(1, 4))),
                "sector": set(rng.sample(SECTORS, rng.randint(1, 3))),
                "level": set(rng.sample(LEVELS, rng.randint(1, 2))),
                "language": {"es"} | set(rng.sample(LANGUAGES[1:], rng.randint(0, 2))),
                "certified": rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12]),
                "status": "pending" if rng.random() < 0.1 else "approved",
                "until": now + rng.randint(1, 300) * DAY_MS if rng.random() < 0.8
                else now - rng.randint(1, 300) * DAY_MS,
            }
            served = {s for s, _ in offices} | covers
            cur = con.execute(
                "INSERT INTO partners (slug, name, sort_name, legal_name, rfc, description, "
                "description_html, state, city, address, nationwide, hours, web, phone, "
                "whatsapp, email, status, verified_until, certified, desk, applicant_id, "
                "renewal_asked_at, created_at, updated_at, service_bits, sector_bits, "
                "level_bits, language_bits, state_bits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, '', '', '', ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, ?)",
                (f"socio-{n:04d}", p["name"], p["name"].lower(), f"{p['name']}, S.A. de C.V.",
                 f"SOC{n:09d}", "Soporte a MxOS.", "<p>Soporte a MxOS.</p>", state, city,
                 "Calle 1", int(p["nationwide"]), p["hours"], f"hola{n}@socio.example",
                 p["status"], p["until"], p["certified"], now, now,
                 bits(SERVICES, p["service"]), bits(SECTORS, p["sector"]),
                 bits(LEVELS, p["level"]), bits(LANGUAGES, p["language"]),
                 bits(STATES, served)),
            )
            pid = cur.lastrowid
            con.executemany(
                "INSERT INTO partner_offices (partner_id, state, city, city_key) VALUES (?, ?, ?, ?)",
                [(pid, s, c, city_key(c)) for s, c in offices],
            )
            offers = [(pid, "state", s) for s in covers]
            for kind in ("service", "sector", "level", "language"):
                offers += [(pid, kind, v) for v in p[kind]]
            con.executemany(
                "INSERT INTO partner_offers (partner_id, kind, value) VALUES (?, ?, ?)", offers
            )
            partners.append(p)
        con.execute("ANALYZE")
    con.close()
    return partners


def addresses(partners):
    """ADDRESSES directory queries with every filter, and how many partners each lets
    through. Each is built around a listed partner, so most find some."""
    rng = random.Random(7)
    listed = [p for p in partners if p["status"] == "approved"]
    out = []
    while len(out) < ADDRESSES:
        p = rng.choice(listed)
        state, city = rng.choice(sorted(p["offices"]))
        services = rng.sample(sorted(p["service"]), min(2, len(p["service"])))
        query = [("estado", state), ("ciudad", city)] + [("servicio", s) for s in services] + [
            ("sector", rng.choice(sorted(p["sector"]))),
            ("horario", p["hours"]),
            ("nivel", rng.choice(sorted(p["level"]))),
            ("idioma", rng.choice(sorted(p["language"]))),
            ("certificadas", str(rng.choice(MINIMUMS))),
            ("verificado", "si"),
            ("orden", rng.choice(SORTS)),
        ]
        q = dict(query)
        count = sum(
            1 for o in listed
            if (o["nationwide"] or o["state"] == state or state in o["covers"]
                or any(s == state for s, _ in o["offices"]))
            and any(s == state and city_key(c) == city_key(city) for s, c in o["offices"])
            and all(s in o["service"] for s in services)
            and q["sector"] in o["sector"] and q["nivel"] in o["level"]
            and q["idioma"] in o["language"] and o["hours"] == q["horario"]
            and o["certified"] >= int(q["certificadas"]) and o["until"] >= NOW
        )
        out.append(("/socios?" + urllib.parse.urlencode(query), count))
    return out


FOUND = re.compile(r'<p class="meta" role="status">([^<]*)</p>')


def said_count(text):
    """The number of partners a Spanish results page says it found."""
    if text.startswith("Ningún socio"):
        return 0
    if text.startswith("Un socio"):
        return 1
    return int(text.split(" ", 1)[0].replace(",", ""))


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def measure_rotation(tmp, wrk, base, paths, duration, warmup):
    """wrk on `base` cycling through `paths` (a warm-up run first)."""
    script = tmp / "rotate.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    runs = []
    for seconds in ([warmup] if warmup else []) + [duration]:
        done = subprocess.run(
            [wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency",
             "-s", str(script), base],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=seconds + 60,
        )
        runs.append(done.stdout.decode(errors="replace"))
    result = parse_wrk(runs[-1])
    result["wrk_output"] = runs[-1]
    return result


NOW = int(time.time() * 1000)


def run(args):
    binary = check_tools(args)
    tmp = temp_dir()
    procs = Processes()
    try:
        data_dir = tmp / "data"
        data_dir.mkdir()
        sp_log = tmp / "soporte.log"
        run_soporte_command(binary, ["migrate"], data_dir, sp_log)
        log(f"seeding {PARTNERS} partners")
        partners = seed(data_dir / "soporte.db", NOW)
        queries = addresses(partners)
        soporte, sp_base = start_soporte(
            procs, binary, "serve", data_dir, sp_log, args.start_timeout, cwd=tmp
        )
        # Every address answers 200 with the count the seed says.
        wrong = []
        for path, expected in queries:
            status, _, body = http_get(f"{sp_base}{path}")
            found = FOUND.search(body.decode())
            got = said_count(found.group(1)) if found else None
            if status != 200 or got != expected:
                wrong.append(f"{path}: {status}, {got} found, {expected} expected")
        if wrong:
            raise BenchError("the directory answered wrongly:\n  " + "\n  ".join(wrong[:10]))
        found = sum(1 for _, n in queries if n)
        log(f"{len(queries)} addresses checked: {found} find partners, the rest none")
        page_path, _ = max(queries, key=lambda q: q[1])
        _, headers, page = http_get(f"{sp_base}{page_path}")
        _, ng_base = start_nginx(procs, args, tmp, page, "/", headers.get("Content-Type", ""))
        ng = measure("nginx", procs, args.wrk, f"{ng_base}/", args.duration, args.warmup)
        sp = measure_rotation(tmp, args.wrk, sp_base, [p for p, _ in queries],
                              args.duration, args.warmup)
        if soporte.poll() is not None:
            raise BenchError(f"soporte exited under load.\n{tail(sp_log)}")
        report(args, binary, queries, ng, sp)
        return 0
    finally:
        clean_up(procs, tmp)


def report(args, binary, queries, ng, sp):
    ratio = sp["p99_ms"] / ng["p99_ms"] if ng["p99_ms"] else 0.0
    warnings = wrk_warnings((("nginx", ng), ("soporte", sp)))
    if args.json:
        print(json.dumps({
            "binary": str(binary), "partners": PARTNERS, "addresses": len(queries),
            "wrk": {"threads": WRK_THREADS, "connections": WRK_CONNECTIONS,
                    "duration_s": args.duration, "warmup_s": args.warmup},
            "nginx_static_page": without_wrk_output(ng),
            "soporte_every_filter": without_wrk_output(sp),
            "p99_ratio": round(ratio, 2),
            "warnings": warnings,
        }, indent=2))
        return
    if args.verbose:
        for name, r in (("nginx", ng), ("soporte", sp)):
            print(f"--- wrk output: {name} ---\n{r['wrk_output'].rstrip()}\n")
    print(f"Partner directory: {PARTNERS} partners, {len(queries)} addresses with every filter")
    print(f"binary: {binary}")
    print(f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration}s "
          f"(after {args.warmup} s warm-up), nginx: {args.nginx_workers} worker(s)")
    print()
    print(f"{'':<34}{'requests/s':>12}{'p99 (ms)':>10}")
    print(f"{'nginx, one result page as a file':<34}{ng['requests_per_sec']:>12,.0f}{ng['p99_ms']:>10.2f}")
    print(f"{'soporte, every filter, rotating':<34}{sp['requests_per_sec']:>12,.0f}{sp['p99_ms']:>10.2f}")
    print()
    print(f"soporte p99 / nginx p99: {ratio:.1f}×")
    for warning in warnings:
        print(f"warning: {warning}")


def main():
    parser = argparse.ArgumentParser(
        description="Benchmark the partner directory's search with every filter."
    )
    add_common_args(parser)
    args = parser.parse_args()
    check_common_args(parser, args)
    return main_wrapper(run, args)


if __name__ == "__main__":
    sys.exit(main())
