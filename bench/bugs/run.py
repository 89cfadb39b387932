#!/usr/bin/env python3
"""Bug tracker benchmark: what a report's page, a filtered list, a text search and
filing a report through the API cost Soporte's server, with 20,000 reports and
200,000 comments.

It seeds a fresh SQLite database (reproducibly: the same seed gives the same tracker)
with 5,000 people, the product MxOS with its series and components, 20,000 reports in
every status with their comments, activity log, tags, people affected and subscribers,
starts `soporte serve` on it, lets it settle (the search index is built from every
report at start), and loads each page with wrk on loopback, anonymous and signed in,
then files reports with `POST /api/v1/bugs` from 8 clients holding write-scope tokens.
It prints requests per second, p99 latency and the server's CPU time per request (the
process's user + system time over the run, divided by the requests wrk completed),
beside Redmine 5's figures on this kind of machine, and the target: each costs less
than 1 ms of CPU.

See README.md beside this file. Python 3 standard library only, plus wrk.
"""

import argparse
import base64
import hashlib
import html
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
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
    http_request,
    log,
    main_wrapper,
    mark,
    measure,
    parse_wrk,
    run_soporte_command,
    start_soporte,
    temp_dir,
    wait_quiet,
    without_wrk_output,
    wrk_warnings,
)

# Target: every page and the create, for every reader.
MAX_CPU_MS = 1.0

# Redmine 5 (Rails, PostgreSQL) on this kind of machine, ms per request.
REDMINE_MS = {
    "bug page": (59, 59),
    "list": (99, 99),
    "search": (333, 333),
    "create": (47, 59),
}

BUGS = 20_000
COMMENTS = 200_000
PEOPLE = 5_000
DEVELOPERS = 10  # the last people also have the developer role
WRITERS = 8  # people with a write-scope API token, one per create client
CREATE_THREADS = 2
CREATE_CONNECTIONS = 8
PER_PAGE = 50  # crates/bugs/src/pages.rs
SESSION_COOKIE = "soporte_session"  # crates/platform/src/accounts/sessions.rs
TOKEN_PREFIX = "sop_"  # crates/platform/src/accounts/api_tokens.rs
SEED = 2026
DAY_MS = 24 * 3600 * 1000
INCOMPLETE_DAYS = 60  # crates/bugs/src/area.rs: older Incompleto reports expire at start

PRODUCT = ("mxos", "MxOS", "El sistema operativo de la fundación.")
SERIES = ("2.0", "2.1")
COMPONENTS = (
    ("audio", "Audio"),
    ("red", "Red"),
    ("impresion", "Impresión"),
    ("instalador", "Instalador"),
    ("escritorio", "Escritorio"),
    ("arranque", "Arranque"),
    ("graficos", "Gráficos"),
    ("energia", "Energía"),
)
ARCHITECTURES = ("x86_64", "x86_64", "x86_64", "aarch64", "riscv64", "i686", "")
TAGS = ("audio", "wifi", "impresion", "usb", "arranque", "suspension", "nvme", "hdmi",
        "bluetooth", "pantalla")

# crates/bugs/src/status.rs: as stored. Weights: how many reports are in each.
STATUSES = (
    ("new", 20), ("incomplete", 7), ("confirmed", 17), ("triaged", 12), ("in-progress", 6),
    ("fix-committed", 5), ("fix-released", 16), ("invalid", 10), ("wont-fix", 7),
)
CLOSED = ("fix-released", "invalid", "wont-fix", "duplicate")
IMPORTANCES = (("critical", 3), ("high", 12), ("medium", 35), ("low", 25), ("wishlist", 5),
               ("undecided", 20))
# The status changes that led to each status, from Nuevo.
PATHS = {
    "new": (),
    "incomplete": ("incomplete",),
    "confirmed": ("confirmed",),
    "triaged": ("confirmed", "triaged"),
    "in-progress": ("confirmed", "in-progress"),
    "fix-committed": ("confirmed", "in-progress", "fix-committed"),
    "fix-released": ("confirmed", "in-progress", "fix-committed", "fix-released"),
    "invalid": ("invalid",),
    "wont-fix": ("confirmed", "wont-fix"),
}

# Titles: a problem and when it happens. One problem in thirty is about the sound, so
# a few percent of the titles say "sonido" (the measured search).
PROBLEMS = (
    "Sin sonido", "La impresora no imprime", "El wifi se desconecta", "La pantalla parpadea",
    "El teclado deja de responder", "El instalador se congela", "La batería se descarga rápido",
    "El bluetooth no encuentra dispositivos", "El escáner no aparece", "La cámara se ve negra",
    "El ratón se mueve solo", "La red cableada no conecta", "El brillo no se puede ajustar",
    "La barra de tareas desaparece", "El arranque tarda varios minutos", "La memoria USB no monta",
    "El monitor externo no se detecta", "La suspensión no funciona", "El micrófono no graba",
    "Las fuentes se ven borrosas", "El reloj muestra otra hora", "El explorador de archivos se cierra",
    "La actualización falla", "El ventilador no para", "El panel táctil no hace clic",
    "La tarjeta SD no se lee", "El portapapeles pierde el texto", "La VPN no se conecta",
    "El navegador se cierra solo", "Las notificaciones no aparecen",
)
WHEN = (
    "después de suspender la laptop", "al conectar un monitor por HDMI", "con la versión 2.1",
    "después de actualizar el sistema", "al iniciar sesión", "en equipos con dos tarjetas de video",
    "cuando la batería baja del 20 %", "al volver de la hibernación", "con el kernel nuevo",
    "en la laptop de la escuela", "al usar dos pantallas", "después de instalar controladores",
    "cuando se conecta por USB", "desde la última actualización", "al cambiar de usuario",
)
MODELS = ("Lenovo T14", "Dell Latitude 5420", "HP 240 G8", "Acer Aspire 5", "Asus VivoBook",
          "Huawei MateBook D", "equipo de escritorio", "Raspberry Pi 4", "MacBook Air 2015")
# Words of descriptions and comments; without "sonido", so that the search finds the
# reports whose title says it.
WORDS = (
    "la impresora no imprime después de actualizar el sistema y el controlador del "
    "escáner tampoco aparece en la lista de dispositivos conectados por usb mientras "
    "el wifi se desconecta cada diez minutos cuando la computadora entra en suspensión "
    "y al volver la pantalla queda negra aunque elegí las bocinas internas en la "
    "configuración revisé los registros con journalctl y encontré errores del núcleo"
).split()

FILTER_PATH = "/errores?producto=mxos&estado=confirmed&importancia=high"
SEARCH_WORD = "sonido"
# Every status: the list's default (the open reports) shows only those of the search's
# first hits, which may all be closed (see README.md); that page is checked, not measured.
SEARCH_PATH = f"/errores?q={SEARCH_WORD}&estado=todos"
OPEN_SEARCH_PATH = f"/errores?q={SEARCH_WORD}"
ROW = re.compile(r'<td><a href="/errores/(\d+)">([^<]*)</a>')  # crates/bugs/templates/bugs/rows.html


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


def weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


def powi(base, exponent):
    """f64::powi as Rust computes it (compiler-builtins' __powidf2), so that the heat
    seeded is the heat the server's daily refresh computes and it rewrites nothing."""
    result = 1.0
    while True:
        if exponent & 1:
            result *= base
        exponent >>= 1
        if exponent == 0:
            return result
        base *= base


def heat(duplicates, affected, subscribers, status, updated_at, now):
    """crates/bugs/src/heat.rs: 6 per duplicate, 4 per person affected, 2 per
    subscriber, 1 % less for each idle day, none for a closed report."""
    if status in CLOSED:
        return 0
    base = 6 * duplicates + 4 * affected + 2 * subscribers
    idle_days = max(0, now - updated_at) // DAY_MS
    if idle_days < 1:
        return base
    cooled = int(base * powi(0.99, min(idle_days, 10_000)) // 1)
    return max(0, min(cooled, base - 1))


def title_of(rng):
    problem = rng.choice(PROBLEMS)
    text = f"{problem} {rng.choice(WHEN)}"
    if rng.random() < 0.5:
        text += f" en {rng.choice(MODELS)}"
    return text


def description_of(rng, title):
    first = f"{title}. " + sentence(rng, rng.randrange(15, 40)).capitalize() + "."
    if "sonido" in title:
        first = f"No hay sonido. {first}"
    second = sentence(rng, rng.randrange(10, 30)).capitalize() + "."
    return f"{first}\n\n{second}", f"<p>{html.escape(first)}</p>\n<p>{html.escape(second)}</p>"


def seed(db_path, bugs, comments, rng_seed=SEED):
    """Fills the tracker's tables of a migrated database; returns what the run needs."""
    rng = random.Random(rng_seed)
    now = int(time.time() * 1000)
    two_years = 2 * 365 * DAY_MS
    developers = list(range(PEOPLE - DEVELOPERS + 1, PEOPLE + 1))
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany(
            "INSERT INTO users (id, email, display_name, created_at, locale) VALUES (?, ?, ?, ?, 'es-MX')",
            ((n, f"persona{n}@ejemplo.mx", f"Persona {n}", now - two_years) for n in range(1, PEOPLE + 1)),
        )
        db.executemany(
            "INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, ?, ?)",
            [(n, "member", now - two_years) for n in range(1, PEOPLE + 1)]
            + [(n, "developer", now - two_years) for n in developers],
        )
        db.execute(
            "INSERT INTO bugs_products (id, slug, name, description, created_at) VALUES (1, ?, ?, ?, ?)",
            (*PRODUCT, now - two_years),
        )
        db.executemany(
            "INSERT INTO bugs_series (id, product_id, name, position) VALUES (?, 1, ?, ?)",
            ((n, name, n) for n, name in enumerate(SERIES, 1)),
        )
        db.executemany(
            "INSERT INTO bugs_components (id, product_id, slug, name) VALUES (?, 1, ?, ?)",
            ((n, slug, name) for n, (slug, name) in enumerate(COMPONENTS, 1)),
        )
        # Each component: a developer as its default assignee, another as its watcher,
        # both in its team.
        people = []
        duty_of = {}
        for n in range(1, len(COMPONENTS) + 1):
            assignee = developers[(n - 1) % len(developers)]
            watcher = developers[n % len(developers)]
            duty_of[n] = (assignee, watcher)
            people += [(n, assignee, "assignee"), (n, watcher, "watcher"),
                       (n, assignee, "developer"), (n, watcher, "developer")]
        db.executemany(
            "INSERT INTO bugs_component_people (component_id, user_id, duty) VALUES (?, ?, ?)",
            people,
        )

        # The measured report, in the middle, has ten comments; the others share the
        # rest at random (about ten each).
        measured = bugs // 2 + 1
        counts = [0] * (bugs + 1)
        counts[measured] = min(10, comments)
        for _ in range(comments - counts[measured]):
            bug = rng.randrange(1, bugs)
            counts[bug if bug < measured else bug + 1] += 1

        rows = {name: [] for name in ("bugs", "tags", "affected", "subscriptions", "comments",
                                      "activity", "attachments")}
        comment_id = activity_id = 0
        titles = {}
        for bug in range(1, bugs + 1):
            status = weighted(rng, STATUSES)
            if bug == measured:
                status = "confirmed"
            importance = ("undecided" if status in ("new", "incomplete")
                          else weighted(rng, IMPORTANCES))
            if status == "incomplete":
                # Recent enough not to expire when the server starts.
                created = now - rng.randrange(DAY_MS, (INCOMPLETE_DAYS - 10) * DAY_MS)
            else:
                created = now - two_years + rng.randrange(two_years - DAY_MS)
            reporter = rng.randrange(1, PEOPLE - DEVELOPERS + 1)
            component = rng.randrange(1, len(COMPONENTS) + 1) if rng.random() < 0.9 else None
            if bug == measured:
                component = 1
            assignee, watcher = duty_of[component] if component else (None, None)
            series = rng.choice((1, 2, 2, None))
            fixed = rng.choice((1, 2)) if status in ("fix-committed", "fix-released") else None
            title = title_of(rng)
            titles[bug] = title
            description, description_html = description_of(rng, title)

            # What happened to it, in order: its comments and its changes.
            changes = [("status", old, new) for old, new in
                       zip(("new",) + PATHS[status], PATHS[status])]
            if importance != "undecided":
                changes.insert(min(1, len(changes)), ("importance", "undecided", importance))
            if fixed:
                changes.insert(len(changes) - 1, ("fixed-series", "", str(fixed)))
            count = counts[bug]
            end = min(now - 60_000, created + 180 * DAY_MS)
            times = sorted(rng.randrange(created + 1, end) for _ in range(count + len(changes)))
            kinds = ["comment"] * count + ["change"] * len(changes)
            rng.shuffle(kinds)
            affected = {reporter}
            subscribed = {reporter} | {p for p in (assignee, watcher) if p}
            status_at = created
            number = 0
            change = iter(changes)
            for at, kind in zip(times, kinds):
                if kind == "comment":
                    comment_id += 1
                    number += 1
                    author = reporter if rng.random() < 0.2 else rng.randrange(1, PEOPLE + 1)
                    subscribed.add(author)
                    paragraphs = [sentence(rng, rng.randrange(8, 40)).capitalize() + "."
                                  for _ in range(rng.choice((1, 1, 2)))]
                    rows["comments"].append((
                        comment_id, bug, number, author, "\n\n".join(paragraphs),
                        "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs), at))
                else:
                    field, old, new = next(change)
                    activity_id += 1
                    actor = reporter if new == "invalid" else rng.choice(developers)
                    rows["activity"].append((activity_id, bug, at, actor, field, old, new))
                    if field == "status":
                        status_at = at
            # "Me afecta también": most reports touch a few people, some many.
            extra = min(int(rng.expovariate(1 / 2.5)), 60)
            for _ in range(extra):
                person = rng.randrange(1, PEOPLE + 1)
                affected.add(person)
                subscribed.add(person)
            for person in sorted(affected):
                rows["affected"].append((bug, person, created if person == reporter
                                         else rng.randrange(created, end)))
            for person in sorted(subscribed):
                rows["subscriptions"].append((bug, person, created if person == reporter
                                              else rng.randrange(created, end)))
            for tag in sorted(set(rng.sample(TAGS, rng.choice((0, 1, 1, 2))))
                              | ({"audio"} if bug == measured else set())):
                rows["tags"].append((bug, tag))
            if bug == measured or rng.random() < 0.03:
                log_text = "\n".join(f"[{n:6d}.{n * 37 % 1000:03d}] {sentence(rng, 8)}"
                                     for n in range(40)).encode()
                rows["attachments"].append((bug, reporter, "registro.txt", "text", len(log_text),
                                            log_text, created))
            updated = times[-1] if times else created
            rows["bugs"].append((
                bug, component, series, fixed, rng.choice(ARCHITECTURES), title, description,
                description_html, status, importance, assignee, reporter,
                len(affected), len(subscribed), count,
                heat(0, len(affected), len(subscribed), status, updated, now),
                created, updated, status_at))
            if len(rows["comments"]) >= 50_000 or bug == bugs:
                flush(db, rows)

        token = f"bench-{rng.getrandbits(128):032x}"
        db.execute(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) "
            "VALUES (?, 1, ?, ?, ?)",
            (hashlib.sha256(token.encode()).hexdigest(), now, now, now + 30 * 86400_000),
        )
        # Personal tokens of write scope (crates/platform/src/accounts/api_tokens.rs:
        # "sop_" and 256 random bits in URL-safe base64, kept as the SHA-256 in hex),
        # for members 2 to 9; marked used at seeding, so that a token's "last used" is
        # written at most once a minute, as it would be for a client that keeps using it.
        secrets = []
        for person in range(2, 2 + WRITERS):
            raw = rng.getrandbits(256).to_bytes(32, "big")
            secret = TOKEN_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")
            secrets.append(secret)
            db.execute(
                "INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at, last_used_at) "
                "VALUES (?, 'bench', ?, 'write', ?, ?)",
                (person, hashlib.sha256(secret.encode()).hexdigest(), now, now),
            )
    db.execute("ANALYZE")
    listed = db.execute(
        "SELECT COUNT(*) FROM bugs WHERE product_id = 1 AND status = 'confirmed' "
        "AND importance = 'high'").fetchone()[0]
    found = db.execute(
        "SELECT COUNT(*) FROM bugs WHERE title LIKE ? AND status NOT IN (?, ?, ?, ?)",
        (f"%{SEARCH_WORD}%", *CLOSED)).fetchone()[0]
    totals = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
              for table in ("bugs", "bugs_comments", "bugs_activity", "bugs_affected",
                            "bugs_subscriptions")}
    db.close()
    return {
        "totals": totals,
        "bug_path": f"/errores/{measured}",
        "bug_title": titles[measured],
        "bug_comments": counts[measured],
        "filter_rows": listed,
        "search_open": found,
        "cookie": f"{SESSION_COOKIE}={token}",
        "tokens": secrets,
    }


def flush(db, rows):
    db.executemany(
        "INSERT INTO bugs (id, product_id, component_id, series_id, fixed_series_id, architecture, "
        "title, description, description_html, lang, status, importance, assignee_id, reporter_id, "
        "duplicate_of, before_duplicate, affected, subscribers, duplicates, comments, heat, "
        "created_at, updated_at, status_at) "
        "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 'es-MX', ?, ?, ?, ?, NULL, NULL, ?, ?, 0, ?, ?, ?, ?, ?)",
        rows["bugs"],
    )
    db.executemany("INSERT INTO bugs_tags (bug_id, tag) VALUES (?, ?)", rows["tags"])
    db.executemany("INSERT INTO bugs_affected (bug_id, user_id, at) VALUES (?, ?, ?)",
                   rows["affected"])
    db.executemany("INSERT INTO bugs_subscriptions (bug_id, user_id, at) VALUES (?, ?, ?)",
                   rows["subscriptions"])
    db.executemany(
        "INSERT INTO bugs_comments (id, bug_id, number, author_id, body, body_html, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows["comments"],
    )
    db.executemany(
        "INSERT INTO bugs_activity (id, bug_id, at, actor_id, field, old_value, new_value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows["activity"],
    )
    db.executemany(
        "INSERT INTO bugs_attachments (bug_id, comment_id, owner_id, filename, kind, size, bytes, "
        "created_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)",
        rows["attachments"],
    )
    for kept in rows.values():
        kept.clear()


def check_page(base, path, cookie, expect):
    status, _, body = http_get(f"{base}{path}", timeout=30.0,
                               headers={"Cookie": cookie} if cookie else None)
    if status != 200:
        raise BenchError(f"GET {path} answered {status}")
    text = body.decode("utf-8", "replace")
    if cookie and "/cuenta/salir" not in text:
        raise BenchError(f"GET {path} with the session cookie is not signed in")
    problem = expect(text)
    if problem:
        raise BenchError(f"GET {path} does not show what it should: {problem}")
    return len(body)


def expect_bug(title, comments):
    def check(text):
        if f"{html.escape(title)}</h1>" not in text:
            return f"no heading with its title {title!r}"
        shown = len(re.findall(r'<article class="comment" id="comentario-\d+"', text))
        if shown != comments:
            return f"{shown} comments shown, {comments} seeded"
        return None
    return check


def expect_rows(least, most, badge=None, word=None):
    def check(text):
        rows = ROW.findall(text)
        if not least <= len(rows) <= most:
            return f"{len(rows)} reports listed, expected {least} to {most}"
        if badge and text.count(f'class="badge status-{badge}"') != len(rows):
            return f"not every report listed is {badge}"
        if word and any(word not in html.unescape(title).lower() for _, title in rows):
            return f"a report listed does not say {word!r} in its title"
        return None
    return check


# --- filing reports: wrk with a Lua script -------------------------------------------

CREATE_PATH = "/api/v1/bugs"
CREATE_LUA = """\
-- Generated by bench/bugs/run.py: POST /api/v1/bugs, each request a new report,
-- the write-scope tokens taken in turn; counts the answers by status.
local tokens = {%(tokens)s}
local threads = {}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
  created = 0
  refused = 0
  statuses = ""
end

function request()
  sent = sent + 1
  local token = tokens[(sent + number) %% #tokens + 1]
  local body = string.format(
    '{"product":"mxos","title":"La impresora no imprime por red (prueba %%d-%%d)",'
    .. '"what_happened":"Mando a imprimir y el trabajo se queda en la cola. Reinicié la '
    .. 'impresora y la computadora y sigue igual."}', number, sent)
  return wrk.format("POST", "%(path)s",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    refused = refused + 1
    if not string.find(statuses, tostring(status), 1, true) then
      statuses = statuses .. " " .. status
    end
  end
end

function done(summary, latency, requests)
  local created, refused, statuses = 0, 0, ""
  for _, thread in ipairs(threads) do
    created = created + thread:get("created")
    refused = refused + thread:get("refused")
    statuses = statuses .. thread:get("statuses")
  end
  io.write(string.format("Created: %%d\\nRefused: %%d\\nRefused statuses:%%s\\n",
                         created, refused, statuses))
end
"""
WRK_CREATED = re.compile(r"^Created: (\d+)$", re.M)
WRK_REFUSED = re.compile(r"^Refused: (\d+)$", re.M)
WRK_REFUSED_STATUSES = re.compile(r"^Refused statuses:(.*)$", re.M)


def create_body(title):
    return json.dumps({
        "product": PRODUCT[0],
        "title": title,
        "what_happened": "Mando a imprimir y el trabajo se queda en la cola.",
    }).encode()


def check_create(base, token):
    """Files one report and reads its page; returns None, or why the create cannot be
    measured (no endpoint in this binary)."""
    title = "La impresora no imprime por red (prueba de la medición)"
    status, _, body = http_request(
        "POST", f"{base}{CREATE_PATH}",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        body=create_body(title), timeout=30.0)
    if status in (404, 405):
        return f"POST {CREATE_PATH} answered {status}: this binary has no such endpoint"
    if status != 201:
        raise BenchError(f"POST {CREATE_PATH} answered {status}: "
                         f"{body.decode('utf-8', 'replace')[:500]}")
    try:
        filed = json.loads(body)
        bug_id, path = int(filed["id"]), filed["path"]
    except (ValueError, KeyError, TypeError):
        raise BenchError(f"POST {CREATE_PATH} answered 201 with {body[:200]!r}") from None
    if path != f"/errores/{bug_id}":
        raise BenchError(f"POST {CREATE_PATH} answered the path {path!r} for report {bug_id}")
    check_page(base, path, None, expect_bug(title, 0))
    return None


def run_wrk_script(procs, wrk, url, seconds, script, quiet=False):
    argv = [wrk, f"-t{CREATE_THREADS}", f"-c{CREATE_CONNECTIONS}", f"-d{seconds}s", "--latency",
            "-s", str(script), url]
    if not quiet:
        log(" ".join(argv))
    proc = procs.start("wrk", argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = proc.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk did not finish within {seconds + 60} s") from None
    finally:
        procs.stop(proc)
    if proc.returncode != 0:
        raise BenchError(f"wrk exited with code {proc.returncode}:\n{output}")
    return output


def measure_create(args, procs, proc, base, tmp, tokens):
    script = tmp / "create.lua"
    script.write_text(CREATE_LUA % {
        "tokens": ", ".join(json.dumps(token) for token in tokens),
        "path": CREATE_PATH,
    })
    target = f"create, {CREATE_CONNECTIONS} clients"
    if args.warmup > 0:
        log(f"{target}: warm-up {args.warmup} s")
        run_wrk_script(procs, args.wrk, f"{base}{CREATE_PATH}", args.warmup, script, quiet=True)
        wait_quiet(proc, timeout=args.settle_timeout)
    log(f"{target}: measuring {args.duration} s")
    before = cpu_ticks(proc.pid)
    output = run_wrk_script(procs, args.wrk, f"{base}{CREATE_PATH}", args.duration, script)
    after = cpu_ticks(proc.pid)
    # What the creates set off (notices, the search index) is their cost too.
    waited = wait_quiet(proc, timeout=args.settle_timeout)
    settled = cpu_ticks(proc.pid)
    result = parse_wrk(output)
    result["wrk_output"] = output
    created, refused = WRK_CREATED.search(output), WRK_REFUSED.search(output)
    statuses = WRK_REFUSED_STATUSES.search(output)
    result["created"] = int(created.group(1)) if created else None
    result["refused"] = int(refused.group(1)) if refused else None
    result["refused_statuses"] = statuses.group(1).split() if statuses else []
    requests = result["requests"] or 0
    tick = os.sysconf("SC_CLK_TCK")
    result["cpu_ms_per_request_during"] = (
        ((after or 0) - (before or 0)) * 1000 / tick / requests if requests else None)
    result["cpu_ms_per_request"] = (
        ((settled or 0) - (before or 0)) * 1000 / tick / requests if requests else None)
    result["settled_after_s"] = waited
    if result["refused"]:
        log(f"warning: {result['refused']} creates refused "
            f"(HTTP {', '.join(result['refused_statuses'])})")
    return result


def run_bench(args, binary, procs, tmp, bugs, comments):
    data = tmp / f"bugs-{bugs}"
    data.mkdir()
    log_path = tmp / f"soporte-{bugs}.log"
    run_soporte_command(binary, ["migrate"], data, log_path)
    started = time.monotonic()
    seeded = seed(data / "soporte.db", bugs, comments)
    totals = seeded["totals"]
    log(f"seeded {totals['bugs']:,} reports, {totals['bugs_comments']:,} comments, "
        f"{totals['bugs_activity']:,} activity rows, {totals['bugs_affected']:,} affected and "
        f"{totals['bugs_subscriptions']:,} subscriptions in {time.monotonic() - started:.0f} s")
    proc, base = start_soporte(procs, binary, "serve", data, log_path, args.start_timeout, tmp)
    waited = wait_quiet(proc, timeout=args.settle_timeout)
    log(f"soporte settled after {waited:.0f} s (search index built)")
    listed = min(PER_PAGE, seeded["filter_rows"])
    pages = [
        ("bug page", seeded["bug_path"], expect_bug(seeded["bug_title"], seeded["bug_comments"])),
        ("list", FILTER_PATH, expect_rows(listed, listed, badge="confirmed")),
        ("search", SEARCH_PATH, expect_rows(1, PER_PAGE, word=SEARCH_WORD)),
    ]
    notes = []
    _, _, body = http_get(f"{base}{OPEN_SEARCH_PATH}", timeout=30.0)
    shown = len(ROW.findall(body.decode("utf-8", "replace")))
    if seeded["search_open"] and not shown:
        notes.append(f"GET {OPEN_SEARCH_PATH} lists no report, though {seeded['search_open']} "
                     f"open reports say {SEARCH_WORD!r} in their title")
    results = []
    for name, path, expect in pages:
        for reader, cookie in (("anonymous", None), ("signed in", seeded["cookie"])):
            size = check_page(base, path, cookie, expect)
            headers = {"Cookie": cookie} if cookie else None
            target = f"{name}, {reader}"
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
            result.update(page=name, reader=reader, path=path, bytes=size)
            results.append(result)
    # Last: the creates change the lists.
    missing = check_create(base, seeded["tokens"][0])
    if missing:
        log(f"create not measured: {missing}")
        results.append({"page": "create", "reader": "API token", "path": CREATE_PATH,
                        "missing": missing})
    else:
        result = measure_create(args, procs, proc, base, tmp, seeded["tokens"])
        result.update(page="create", reader="API token", path=CREATE_PATH)
        results.append(result)
    procs.stop(proc)
    return seeded, results, notes


def report(args, seeded, results, notes):
    targets = {}
    for r in results:
        key = f"{r['page']}, {r['reader']}"
        cpu = r.get("cpu_ms_per_request")
        low, high = REDMINE_MS[r["page"]]
        targets[key] = {
            "value": cpu, "max": MAX_CPU_MS,
            "ok": None if r.get("missing") else (cpu is not None and cpu < MAX_CPU_MS
                                                 and not r.get("refused")),
            "redmine_ms": [low, high],
            "redmine_ratio": [low / cpu, high / cpu] if cpu else None,
        }
    measured = [r for r in results if not r.get("missing")]
    warnings = notes + wrk_warnings([(f"{r['page']} {r['reader']}", r) for r in measured])
    if args.json:
        print(json.dumps({
            "wrk": {"threads": WRK_THREADS, "connections": WRK_CONNECTIONS,
                    "create_threads": CREATE_THREADS, "create_connections": CREATE_CONNECTIONS,
                    "duration_s": args.duration},
            "seeded": seeded["totals"],
            "results": [without_wrk_output(r) for r in results],
            "targets": targets,
            "warnings": warnings,
        }, indent=2))
        return
    if args.verbose:
        for r in measured:
            print(f"--- wrk output: {r['page']}, {r['reader']} ---\n{r['wrk_output'].rstrip()}\n")
    totals = seeded["totals"]
    print(f"\n{totals['bugs']:,} reports, {totals['bugs_comments']:,} comments, "
          f"{totals['bugs_activity']:,} activity rows")
    print(f"wrk: {WRK_THREADS} threads, {WRK_CONNECTIONS} connections for pages; "
          f"{CREATE_THREADS} threads, {CREATE_CONNECTIONS} connections for creates; "
          f"{args.duration} s per run\n")
    print(f"{'page':<9} {'reader':<10} {'req/s':>9} {'p99 ms':>8} {'CPU ms/req':>11} "
          f"{'Redmine ms':>11} {'Redmine/us':>11}")
    fmt = lambda value, digits=2: "?" if value is None else f"{value:.{digits}f}"  # noqa: E731
    for r in results:
        low, high = REDMINE_MS[r["page"]]
        redmine = f"{low}" if low == high else f"{low}-{high}"
        if r.get("missing"):
            print(f"{r['page']:<9} {r['reader']:<10} {'-':>9} {'-':>8} {'-':>11} {redmine:>11} "
                  f"{'-':>11}")
            continue
        cpu = r["cpu_ms_per_request"]
        ratio = targets[f"{r['page']}, {r['reader']}"]["redmine_ratio"]
        times = lambda value: f"{value:.0f}" if value >= 10 else f"{value:.1f}"  # noqa: E731
        ratio_text = "?" if not ratio else (
            f"x{times(ratio[0])}" if low == high else f"x{times(ratio[0])}-{times(ratio[1])}")
        print(f"{r['page']:<9} {r['reader']:<10} {r['requests_per_sec']:>9.0f} "
              f"{r['p99_ms']:>8.2f} {fmt(cpu, 3):>11} {redmine:>11} {ratio_text:>11}")
    print()
    for r in results:
        key = f"{r['page']}, {r['reader']}"
        if r.get("missing"):
            print(f"SKIP {key}: not measured ({r['missing']})")
            continue
        note = ""
        if r["page"] == "create":
            note = (f" (with what it set off; {fmt(r['cpu_ms_per_request_during'], 3)} ms "
                    f"while wrk ran; {r['created']} filed)")
        print(f"{mark(targets[key]['ok'])} {key}: {fmt(r['cpu_ms_per_request'], 3)} ms of CPU "
              f"per request (target < {MAX_CPU_MS} ms){note}")
    for warning in warnings:
        print(f"warning: {warning}")


def run(args):
    binary = check_tools(args, tools=("wrk",))
    procs = Processes()
    tmp = temp_dir()
    try:
        bugs, comments = tuple(args.quick) if args.quick else (BUGS, COMMENTS)
        seeded, results, notes = run_bench(args, binary, procs, tmp, bugs, comments)
        report(args, seeded, results, notes)
        return 0
    finally:
        clean_up(procs, tmp)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_args(parser)
    parser.add_argument("--settle-timeout", type=float, default=900.0, metavar="SECONDS",
                        help="how long to wait for soporte to go quiet after starting (default: 900)")
    parser.add_argument("--quick", type=int, nargs=2, metavar=("BUGS", "COMMENTS"),
                        help="another size (a trial: --quick 2000 20000)")
    args = parser.parse_args()
    check_common_args(parser, args)
    if args.quick and (args.quick[0] < 2 or args.quick[1] < 0):
        parser.error("--quick needs at least 2 reports and no negative comments")
    return main_wrapper(run, args)


if __name__ == "__main__":
    sys.exit(main())
