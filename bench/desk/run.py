#!/usr/bin/env python3
"""Partner desk benchmark, the HTTP half: what opening a ticket through the API costs
with 1, 8 and 32 clients, and what the agent's ticket page and the desk's queue cost
Soporte's server, with 100,000 tickets, on SQLite and on PostgreSQL.

For each backend it makes a fresh database (SQLite in a temporary data directory; a
PostgreSQL database of its own, created for the run and dropped after it), runs
`soporte migrate`, seeds one partner's desk reproducibly (the same seed gives the same
desk) with its staff, teams, calendars, plans, 250 client organizations with their
customers and contracts, and 100,000 tickets over two years with their conversations,
pauses and time worked, starts `soporte serve` with the desk's watch held back
(SOPORTE_DESK_WATCH_MS=3600000), lets it settle, loads the ticket page and the queue
with wrk as a signed-in agent, then opens tickets with `POST /api/v1/desk/tickets`
from 1, 8 and 32 clients holding customers' write-scope tokens. It prints requests
(tickets) per second, p99 latency and the server's CPU time per request (the
process's user + system time over the run, divided by the requests wrk completed;
on PostgreSQL also the CPU time of the database's backends serving Soporte), beside
Request Tracker 5's figures for a create, and the targets: at least 2,000 tickets per
second on SQLite, and a ticket page that costs at most 1 ms of server CPU.

The SLA clock's own benchmark is the Rust program beside this file
(`cargo run --release -p soporte-bench-desk`). See README.md. Python 3 standard
library only, plus wrk (and psql for PostgreSQL).
"""

import argparse
import base64
import datetime
import hashlib
import html
import json
import os
import random
import re
import shutil
import sqlite3
import string
import subprocess
import sys
import time
import unicodedata
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
    free_port,
    http_get,
    http_request,
    log,
    main_wrapper,
    mark,
    measure,
    parse_wrk,
    soporte_env,
    tail,
    temp_dir,
    wait_for,
    wait_quiet,
    without_wrk_output,
    wrk_warnings,
)

# Targets (the issue): ticket creations per second on SQLite, server CPU of the
# ticket page.
MIN_CREATES_PER_SEC = 2000.0
MAX_PAGE_CPU_MS = 1.0

# The peer: Request Tracker 5 as the issue measured it, a create.
RT_CREATES_PER_SEC = (1.6, 4.8)
RT_CPU_MS = (250, 480)

TICKETS = 100_000
ORGANIZATIONS = 250
CLIENTS = (1, 8, 32)
WRITERS = 32  # customers with a write-scope token, each of their own organization
CREATE_THREADS = 2
PER_PAGE = 50  # crates/desk/src/pages.rs
SEED = 2026
WATCH_MS = 3_600_000  # the desk's watch: once at start, then not again during a run
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"

SESSION_COOKIE = "soporte_session"  # crates/platform/src/accounts/sessions.rs
TOKEN_PREFIX = "sop_"  # crates/platform/src/accounts/api_tokens.rs
MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
SPAN = 730 * DAY  # tickets over two years
RECENT = 30 * DAY  # older tickets are nearly all closed
CLOSE_AFTER = 7 * DAY  # crates/desk/src/ticket.rs: CLOSE_AFTER_MS

PARTNER = ("soluciones-norte", "Soluciones Norte")
QUEUE_PATH = f"/soporte-profesional/mesa/{PARTNER[0]}"
CREATE_PATH = "/api/v1/desk/tickets"

# People of the desk: (name, role); the first is the measured agent.
STAFF = (
    ("Luis Gámez", "agent"), ("Mariana Treviño", "agent"), ("Jesús Ochoa", "agent"),
    ("Carmen Villalobos", "agent"), ("Rafael Zamora", "agent"), ("Daniela Ríos", "agent"),
    ("Óscar Cárdenas", "agent"), ("Paola Quintero", "agent"), ("Héctor Ibarra", "agent"),
    ("Lucía Esquivel", "agent"), ("Andrés Pineda", "agent"), ("Mesa Soluciones Norte", "admin"),
)
# (name, lead, members), as positions in STAFF.
TEAMS = (
    ("Soporte Tijuana", 1, (0, 1, 2, 3)),
    ("Soporte Centro", 4, (4, 5, 6, 7)),
    ("Guardia 24/7", 11, (0, 8, 9, 10, 11)),
)

HOLIDAY_YEARS = range(datetime.date.today().year - 2, datetime.date.today().year + 2)
EXTRA_HOLIDAYS = [f"{year}-12-{day}" for year in HOLIDAY_YEARS for day in (12, 24)]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
# The calendar spec's JSON shape: crates/desk/src/sla/calendar.rs.
CALENDARS = (
    ("tijuana", "Tijuana, oficina", {
        "kind": "business", "zone": "America/Tijuana",
        "hours": {**{d: [["09:00", "18:00"]] for d in WEEKDAYS}, "sat": [["09:00", "14:00"]],
                  "sun": []},
        "mx_statutory_holidays": True, "extra_holidays": EXTRA_HOLIDAYS}),
    ("monterrey", "Monterrey, turno partido", {
        "kind": "business", "zone": "America/Monterrey",
        "hours": {**{d: [["08:00", "13:00"], ["15:00", "19:00"]] for d in WEEKDAYS},
                  "sat": [["09:00", "13:00"]]},
        "mx_statutory_holidays": True}),
    ("cdmx", "Ciudad de México, oficina", {
        "kind": "business", "zone": "America/Mexico_City",
        "hours": {d: [["08:00", "19:00"]] for d in WEEKDAYS},
        "mx_statutory_holidays": True}),
    ("cancun", "Cancún, siete días", {
        "kind": "business", "zone": "America/Cancun",
        "hours": {d: [["07:00", "22:00"]] for d in WEEKDAYS + ("sat", "sun")},
        "mx_statutory_holidays": False}),
    ("24x7", "Guardia 24x7", {"kind": "24x7"}),
)
# Minutes of counted time per priority: first response, next update, resolution.
PLANS = (
    ("Estándar", ((1, 30, 60, 240), (2, 60, 240, 960), (3, 240, 480, 2700),
                  (4, 480, 1440, 5400))),  # crates/desk/src/ticket.rs: default_targets
    ("Premium", ((1, 15, 30, 120), (2, 30, 120, 480), (3, 120, 240, 1440),
                 (4, 240, 720, 2700))),
)
# The organizations' zones, weights, and the calendar their contract runs on.
ZONES = (
    ("America/Tijuana", 25, "tijuana"), ("America/Monterrey", 20, "monterrey"),
    ("America/Mexico_City", 30, "cdmx"), ("America/Cancun", 8, "cancun"),
    ("America/Merida", 5, "cdmx"), ("America/Hermosillo", 5, "cdmx"),
    ("America/Chihuahua", 4, "cdmx"), ("America/Mazatlan", 3, "cdmx"),
)
KINDS = ("Maquiladora", "Hospital", "Clínica", "Universidad", "Despacho", "Farmacias",
         "Transportes", "Constructora", "Hotel", "Agrícola", "Colegio", "Laboratorio",
         "Distribuidora", "Notaría", "Aseguradora")
PLACES = ("del Pacífico", "San Ángel", "del Norte", "del Bajío", "Las Palmas", "Santa Fe",
          "del Valle", "Reforma", "La Paz", "Los Cabos", "Cumbres", "del Mayab", "Otay",
          "Chapultepec", "Río Bravo", "Sierra Madre", "Costa Azul", "El Mirador")
FIRST_NAMES = ("Jorge", "Elena", "María", "José", "Guadalupe", "Juan", "Ana", "Luis",
               "Rosa", "Carlos", "Patricia", "Miguel", "Laura", "Fernando", "Verónica",
               "Alejandro", "Sofía", "Ricardo", "Gabriela", "Arturo")
LAST_NAMES = ("Salas", "Ortiz", "Hernández", "García", "Martínez", "López", "González",
              "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez",
              "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Castillo")

PRIORITIES = ((1, 2), (2, 18), (3, 55), (4, 25))
CHANNELS = (("portal", 45), ("email", 25), ("api", 10), ("whatsapp", 10), ("phone", 5),
            ("agent", 5))
# What a ticket ends as: recent ones (the last 30 days), and older ones.
RECENT_STATUSES = (("new", 8), ("open", 30), ("pending-customer", 15),
                   ("pending-reminder", 5), ("resolved", 17), ("closed", 25))
OLD_STATUSES = (("closed", 993), ("open", 4), ("pending-customer", 3))
TAGS = ("impresion", "red", "correo", "respaldo", "vpn", "dominio", "hardware", "licencias",
        "telefonia", "seguridad")

PROBLEMS = (
    "La impresora de etiquetas no imprime", "El correo no sincroniza", "La VPN se desconecta",
    "No arranca el servidor de archivos", "El respaldo nocturno falló",
    "Alta de equipos nuevos en el dominio", "El sistema de expedientes no responde",
    "Lentitud en las estaciones de trabajo", "La red inalámbrica no da IP",
    "El conmutador telefónico no enruta llamadas", "Renovar el certificado del sitio",
    "Cambio de contraseña de una cuenta compartida", "La base de datos de nómina está llena",
    "El punto de venta no imprime tickets", "Un equipo muestra pantalla azul",
    "Instalar el antivirus en la nueva sucursal", "El escáner de la recepción no aparece",
    "El enlace a internet está intermitente",
)
WHERE = ("en la línea 3", "en urgencias", "en la sucursal centro", "en recepción",
         "en el área de calidad", "en contabilidad", "desde el cambio de turno",
         "desde la actualización de ayer", "en el segundo piso", "en la planta 2")
CUSTOMER_SAYS = (
    "Desde esta mañana no funciona y las demás áreas sí.",
    "Ya reiniciamos el equipo y sigue igual.",
    "Necesitamos que quede antes del cierre de mes.",
    "Les adjunto el mensaje de error que aparece en pantalla.",
    "Afecta a unas veinte personas del turno.",
    "Volvió a pasar hoy a la misma hora.",
    "Confirmo que ya pudimos trabajar, gracias.",
    "Sigue fallando en dos equipos de la lista.",
    "¿Tienen una fecha para la visita?",
    "El proveedor del enlace dice que de su lado todo está bien.",
)
DESK_SAYS = (
    "Gracias por el reporte, ya lo estamos revisando.",
    "Nos conectamos de forma remota y encontramos el servicio detenido.",
    "¿Nos pueden confirmar el número de serie del equipo?",
    "Aplicamos la corrección; por favor confirmen si ya funciona.",
    "Programamos una visita para revisar el cableado.",
    "Reiniciamos la cola de impresión y limpiamos los trabajos atorados.",
    "El cambio quedó aplicado en todos los equipos de la lista.",
    "Escalamos el caso con el fabricante y les avisamos en cuanto respondan.",
)
NOTES = (
    "El cliente tiene el contrato Premium; revisar la garantía del equipo.",
    "Mismo problema que el mes pasado, ver el ticket anterior.",
    "Pedí al proveedor del enlace el reporte de su lado.",
    "Dejé las credenciales en la bóveda del equipo.",
)
# A desk's saved replies: (name, text, status it moves to, priority it sets).
MACROS = (
    ("Pedir datos del equipo", "Hola {cliente}, ¿nos confirman el número de serie y la "
     "ubicación del equipo?", "pending-customer", None),
    ("Resuelto", "Hola {cliente}, aplicamos la corrección. Si vuelve a pasar, respondan a "
     "este mensaje.", "resolved", None),
    ("Visita programada", "Hola {cliente}, programamos una visita; les confirmamos la hora.",
     None, None),
    ("Escalar a crítico", "Lo tratamos como incidente crítico.", "open", 1),
    ("Esperar al fabricante", "Escalamos con el fabricante; les avisamos en cuanto respondan.",
     None, None),
)
WORK_NOTES = ("Revisión remota", "Visita a sitio", "Configuración", "Diagnóstico", "")

MEASURED_EXCHANGES = 3  # the measured ticket: 1 + 2 * 3 + 2 public messages and a note

# crates/desk/templates/desk/rows.html and ticket.html.
ROW = re.compile(r'<td><a href="/soporte-profesional/tickets/(\d+)">')
MESSAGE = re.compile(r'<li class="(internal|desk|customer)">\s*<p class="meta">')

# Columns of the tables seeded, in the order they are filled (and PostgreSQL's
# foreign keys need).
COLUMNS = {
    "users": ("id", "email", "display_name", "created_at", "locale"),
    "user_roles": ("user_id", "role", "granted_at"),
    "sessions": ("id_hash", "user_id", "created_at", "last_seen_at", "expires_at"),
    "api_tokens": ("id", "user_id", "name", "token_hash", "scope", "created_at", "last_used_at"),
    "desk_partners": ("id", "slug", "name", "signature", "next_number", "created_at"),
    "desk_staff": ("partner_id", "user_id", "role"),
    "desk_teams": ("id", "partner_id", "name", "lead_id"),
    "desk_team_members": ("team_id", "user_id"),
    "desk_calendars": ("id", "partner_id", "name", "spec"),
    "desk_plans": ("id", "partner_id", "name"),
    "desk_plan_targets": ("plan_id", "priority", "first_response", "next_update", "resolution"),
    "desk_macros": ("id", "partner_id", "name", "body", "status", "priority"),
    "desk_organizations": ("id", "partner_id", "name", "zone", "manager_id", "manager_phone",
                           "manager_whatsapp", "created_at"),
    "desk_customers": ("organization_id", "user_id"),
    "desk_contracts": ("id", "partner_id", "organization_id", "plan_id", "calendar_id", "name",
                       "remote_minutes", "onsite_minutes", "starts_on", "ends_on",
                       "renewal_notice_days", "created_at"),
    "desk_tickets": ("id", "partner_id", "number", "organization_id", "contract_id",
                     "requester_id", "assignee_id", "team_id", "subject", "priority", "status",
                     "channel", "created_at", "updated_at", "first_reply_at", "waiting_since",
                     "answered_wait_since", "answered_at", "resolved_at", "pending_since",
                     "remind_at"),
    "desk_ticket_tags": ("ticket_id", "tag"),
    "desk_ticket_pauses": ("ticket_id", "kind", "start_at", "end_at"),
    "desk_messages": ("id", "ticket_id", "author_id", "author_side", "visibility", "channel",
                      "external_id", "body", "body_html", "created_at", "told_at"),
    "desk_time_entries": ("id", "ticket_id", "contract_id", "user_id", "kind", "minutes",
                          "worked_on", "note", "created_at"),
}
# Tables whose id is a sequence on PostgreSQL (BIGSERIAL), set past the seeded ids.
SERIAL = ("users", "api_tokens", "desk_partners", "desk_teams", "desk_calendars", "desk_plans",
          "desk_macros", "desk_organizations", "desk_contracts", "desk_tickets", "desk_messages",
          "desk_time_entries")


def weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


def day_of(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).date().isoformat()


def plain(text):
    """Lowercase ASCII letters of `text`, accents dropped: for addresses."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if "a" <= c <= "z")


def paragraph_html(text):
    return f"<p>{html.escape(text, quote=False)}</p>\n"


# --- where the rows go -------------------------------------------------------------


class SqliteSink:
    """Rows into a SQLite database, in batches."""

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = OFF")
        self.buffers = {table: [] for table in COLUMNS}

    def add(self, table, row):
        buffer = self.buffers[table]
        buffer.append(row)
        if len(buffer) >= 20_000:
            self.flush(table)

    def flush(self, table):
        rows = self.buffers[table]
        if rows:
            columns = COLUMNS[table]
            self.db.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})", rows)
            rows.clear()

    def close(self):
        with self.db:
            for table in COLUMNS:
                self.flush(table)
        self.db.execute("ANALYZE")
        self.db.close()


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_field(value):
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    return str(value)


class PostgresSink:
    """Rows into files in COPY's text format, then loaded with psql's \\copy in one
    transaction, the sequences set past the seeded ids, and ANALYZE."""

    def __init__(self, pg, tmp):
        self.pg = pg
        self.dir = tmp / "copy"
        self.dir.mkdir()
        self.files = {}

    def add(self, table, row):
        out = self.files.get(table)
        if out is None:
            out = self.files[table] = open(self.dir / f"{table}.tsv", "w", encoding="utf-8")
        out.write("\t".join(copy_field(value) for value in row))
        out.write("\n")

    def close(self):
        for out in self.files.values():
            out.close()
        lines = []
        for table in COLUMNS:
            if table in self.files:
                path = str(self.dir / f"{table}.tsv").replace("'", "''")
                lines.append(f"\\copy {table} ({', '.join(COLUMNS[table])}) FROM '{path}'")
        for table in SERIAL:
            lines.append(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"GREATEST((SELECT MAX(id) FROM {table}), 1));")
        script = self.dir / "load.sql"
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        psql(self.pg["psql"], self.pg["url"], ["-1", "-f", str(script)], timeout=1800)
        psql(self.pg["psql"], self.pg["url"], ["-c", "ANALYZE"], timeout=1800)
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the desk ----------------------------------------------------------------------


def conversation(rng, created, end, status, exchanges, note, desk_last=None):
    """The messages of a ticket that ends in `status`: kinds C (the customer, public),
    D (the desk, public) and N (an internal note), with their times in
    [created, end], the first at `created`. An open ticket's last public message is the
    desk's if `desk_last` (at random when None)."""
    if status == "new":
        kinds = ["C"] + (["C"] if rng.random() < 0.2 else [])
    else:
        kinds = ["C"]
        for _ in range(exchanges):
            kinds += ["D", "C"]
        if status != "open" or (rng.random() < 0.5 if desk_last is None else desk_last):
            kinds.append("D")  # the desk's reply moved it, or it is theirs to answer
    if note and len(kinds) > 1:
        kinds.insert(rng.randrange(1, len(kinds)), "N")
    end = max(end, created + len(kinds))
    times = [created] + sorted(rng.randrange(created + 1, end + 1) for _ in kinds[1:])
    return list(zip(kinds, times))


def clocks(messages, pause_chance, rng):
    """The SLA facts the desk keeps (crates/desk/src/store.rs: add_message, move_to)
    after `messages`: first reply, the customer waiting since, the last answered wait,
    and the stretches waiting for the customer that ended with their reply."""
    first_reply = waiting = answered = pending_from = None
    pauses = []
    for position, (kind, at) in enumerate(messages):
        if kind == "D":
            first_reply = first_reply or at
            if waiting is not None:
                answered = (waiting, at)
                waiting = None
            later = [k for k, _ in messages[position + 1:] if k != "N"]
            if later and rng.random() < pause_chance:
                pending_from = at  # the reply asked the customer and waited for them
        elif kind == "C" and position > 0:
            if pending_from is not None:
                pauses.append(("pending", pending_from, at))
                pending_from = None
            waiting = None if first_reply is None else (waiting or at)
    return first_reply, waiting, answered, pauses


def seed(sink, tickets, now, rng_seed=SEED):
    """Fills a migrated database's tables (through `sink`); returns what the run needs."""
    rng = random.Random(rng_seed)
    start = now - SPAN
    created_long_ago = start - 30 * DAY
    counts = {table: 0 for table in COLUMNS}

    def add(table, *row):
        counts[table] += 1
        sink.add(table, row)

    # People: the desk's staff, then the organizations' customers.
    staff_ids = list(range(1, len(STAFF) + 1))
    for user, (name, role) in zip(staff_ids, STAFF):
        add("users", user, f"{plain(name.split()[0])}.{user}@solucionesnorte.mx", name,
            created_long_ago, "es-MX")
        add("user_roles", user, "partner-admin" if role == "admin" else "partner-agent",
            created_long_ago)
    agents = [user for user, (_, role) in zip(staff_ids, STAFF) if role == "agent"]
    partner = 1
    add("desk_partners", partner, PARTNER[0], PARTNER[1],
        "Mesa de ayuda de Soluciones Norte · soporte@solucionesnorte.mx", tickets + 1,
        created_long_ago)
    for user, (_, role) in zip(staff_ids, STAFF):
        add("desk_staff", partner, user, role)
    for team, (name, lead, members) in enumerate(TEAMS, 1):
        add("desk_teams", team, partner, name, staff_ids[lead])
        for member in members:
            add("desk_team_members", team, staff_ids[member])
    calendar_of = {}
    for calendar, (key, name, spec) in enumerate(CALENDARS, 1):
        calendar_of[key] = calendar
        add("desk_calendars", calendar, partner, name, json.dumps(spec, ensure_ascii=False))
    for macro, (name, text, moves_to, sets_priority) in enumerate(MACROS, 1):
        add("desk_macros", macro, partner, name, text, moves_to, sets_priority)
    for plan, (name, targets) in enumerate(PLANS, 1):
        add("desk_plans", plan, partner, name)
        for priority, first, update, resolution in targets:
            add("desk_plan_targets", plan, priority, first, update, resolution)

    # Organizations, each with its customers and two contracts: last year's and this
    # year's (a ticket runs on the one in force the day it was opened).
    user = len(STAFF)
    names = set()
    organizations = []  # (id, customers, contracts [(starts_ms, id)], weight, calendar key)
    contract = 0
    middle = now - 365 * DAY
    for organization in range(1, ORGANIZATIONS + 1):
        name = f"{rng.choice(KINDS)} {rng.choice(PLACES)}"
        while name in names:
            name = f"{rng.choice(KINDS)} {rng.choice(PLACES)} {rng.randrange(2, 99)}"
        names.add(name)
        zone = weighted(rng, [(z, w) for z, w, _ in ZONES])
        calendar_key = next(c for z, _, c in ZONES if z == zone)
        premium = rng.random() < 0.2
        if premium:
            calendar_key = "24x7"
        manager = rng.choice(agents)
        phone = f"+52 {rng.randrange(200, 1000)} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"
        add("desk_organizations", organization, partner, name, zone, manager, phone,
            phone.replace(" ", "").lstrip("+"), created_long_ago)
        customers = []
        domain = plain(name)[:24]
        for _ in range(rng.randint(1, 4)):
            user += 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            add("users", user, f"{plain(first)}.{user}@{domain}.mx", f"{first} {last}",
                created_long_ago, "es-MX")
            add("user_roles", user, "customer", created_long_ago)
            add("desk_customers", organization, user)
            customers.append(user)
        plan = 2 if premium else 1
        contracts = []
        for starts, ends, label in ((created_long_ago, middle - DAY, "anterior"),
                                    (middle, now + 365 * DAY, "vigente")):
            contract += 1
            add("desk_contracts", contract, partner, organization, plan,
                calendar_of[calendar_key], f"Póliza {label}", rng.randrange(50, 500) * 60,
                rng.choice((0, 0, 600, 1200, 2400)), day_of(starts), day_of(ends), 30, starts)
            contracts.append((starts, contract))
        organizations.append((organization, customers, contracts,
                              rng.paretovariate(1.5), calendar_key))
    weights = [o[3] for o in organizations]

    # Tickets, oldest first; the measured one is recent, open and has a bit of
    # everything (a note, a stretch waiting for the customer, time worked).
    created_times = sorted(rng.randrange(start, now - MINUTE) for _ in range(tickets))
    measured = tickets - max(1, tickets // 200)
    measured_org = next((o for o in organizations if o[4] == "tijuana"), organizations[0])
    message = entry = 0
    totals = {"open": 0}
    measured_info = None
    for ticket, created in enumerate(created_times, 1):
        is_measured = ticket == measured
        org = measured_org if is_measured else rng.choices(organizations, weights)[0]
        organization, customers, contracts, _, _ = org
        recent = now - created < RECENT
        status = weighted(rng, RECENT_STATUSES if recent else OLD_STATUSES)
        priority = weighted(rng, PRIORITIES)
        channel = weighted(rng, CHANNELS)
        exchanges = rng.choice((1, 1, 1, 2, 2, 3, 4))
        note = rng.random() < 0.25
        span = rng.randrange(HOUR // 2, 10 * DAY)
        if is_measured:
            status, priority, channel, exchanges, note = "open", 2, "portal", MEASURED_EXCHANGES, True
            span = (now - created) // 2
        end = min(now - MINUTE, created + span)
        messages = conversation(rng, created, end, status, exchanges, note,
                                desk_last=True if is_measured else None)
        if is_measured:
            messages.append(("C", end))  # the customer waits for the desk's answer
        first_reply, waiting, answered, pauses = clocks(
            messages, 1.0 if is_measured else 0.25, rng)
        if is_measured:
            pauses = pauses[:1]
        last = messages[-1][1]
        resolved_at = pending_since = remind_at = None
        updated = last
        if status in ("resolved", "closed"):
            resolved_at = last
            if status == "resolved" and now - resolved_at >= CLOSE_AFTER - HOUR:
                status = "closed"  # the desk's schedule would close it at start
            if status == "closed":
                updated = min(now - MINUTE, resolved_at + CLOSE_AFTER)
        elif status == "pending-customer":
            pending_since = last
        elif status == "pending-reminder":
            remind_at = now + rng.randrange(DAY, 14 * DAY)
        requester = customers[0] if is_measured else rng.choice(customers)
        assignee = None if status == "new" and rng.random() < 0.8 else rng.choice(agents)
        team = rng.choice((1, 2, 3, None))
        if is_measured:
            assignee, team = staff_ids[0], 1
        contract_id = [c for s, c in contracts if s <= created][-1]
        subject = f"{rng.choice(PROBLEMS)} {rng.choice(WHERE)}"
        add("desk_tickets", ticket, partner, ticket, organization, contract_id, requester,
            assignee, team, subject, priority, status, channel, created, updated, first_reply,
            waiting, answered[0] if answered else None, answered[1] if answered else None,
            resolved_at, pending_since, remind_at)
        if status not in ("resolved", "closed"):
            totals["open"] += 1
        for tag in sorted(set(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2))))):
            add("desk_ticket_tags", ticket, tag)
        for kind, begin, finish in pauses:
            add("desk_ticket_pauses", ticket, kind, begin, finish)
        public = internal = 0
        for position, (kind, at) in enumerate(messages):
            message += 1
            if kind == "C":
                author = requester if position == 0 or rng.random() < 0.8 else rng.choice(customers)
                side, visibility = "customer", "public"
                via = channel if position == 0 or channel in ("portal", "email", "whatsapp", "api") \
                    else "portal"
                text = " ".join(rng.sample(CUSTOMER_SAYS, rng.randint(1, 2)))
                if position == 0:
                    text = f"{subject}. {text}"
                public += 1
            elif kind == "D":
                author = assignee or rng.choice(agents)
                side, visibility, via = "desk", "public", "agent"
                text = " ".join(rng.sample(DESK_SAYS, rng.randint(1, 2)))
                public += 1
            else:
                author = assignee or rng.choice(agents)
                side, visibility, via = "desk", "internal", "agent"
                text = rng.choice(NOTES)
                internal += 1
            external = {"email": f"<m{message}.t{ticket}@correo.ejemplo.mx>",
                        "whatsapp": f"wamid.{message:012d}",
                        "api": f"crm-{message}"}.get(via)
            add("desk_messages", message, ticket, author, side, visibility, via, external, text,
                paragraph_html(text), at, at)
        if status != "new" and (is_measured or rng.random() < 0.3):
            for _ in range(2 if is_measured else rng.randint(1, 2)):
                entry += 1
                at = rng.randrange(created, max(created + 1, last))
                add("desk_time_entries", entry, ticket, contract_id, assignee or rng.choice(agents),
                    "remote" if rng.random() < 0.85 else "onsite",
                    rng.choice((15, 30, 45, 60, 90, 120, 180, 240)), day_of(at),
                    rng.choice(WORK_NOTES), at)
        if is_measured:
            measured_info = {"id": ticket, "number": ticket, "subject": subject,
                             "public": public, "internal": internal}

    # A session of the measured agent (the signed-in reader sends its cookie as a
    # browser would), and write-scope tokens of the first customer of the first
    # organizations, one each; marked used at seeding, so that a token's "last used"
    # is written at most once a minute, as for a client that keeps using it.
    session = f"bench-{rng.getrandbits(128):032x}"
    add("sessions", hashlib.sha256(session.encode()).hexdigest(), staff_ids[0], now, now,
        now + 30 * DAY)
    writers = []
    for token_id, (organization, customers, _, _, _) in enumerate(organizations[:WRITERS], 1):
        raw = rng.getrandbits(256).to_bytes(32, "big")
        secret = TOKEN_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")
        add("api_tokens", token_id, customers[0], "bench", hashlib.sha256(secret.encode()).hexdigest(),
            "write", now, now)
        writers.append((secret, organization))
    sink.close()
    return {
        "totals": {"tickets": counts["desk_tickets"], "open": totals["open"],
                   "messages": counts["desk_messages"], "pauses": counts["desk_ticket_pauses"],
                   "time_entries": counts["desk_time_entries"],
                   "organizations": counts["desk_organizations"], "people": counts["users"]},
        "measured": measured_info,
        "cookie": f"{SESSION_COOKIE}={session}",
        "writers": writers,
    }


# --- PostgreSQL --------------------------------------------------------------------


def psql(binary, url, argv, timeout=120):
    """Runs psql against `url`; returns its output, raises BenchError if it fails."""
    try:
        done = subprocess.run(
            [binary, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, *argv],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"psql did not finish within {timeout} s") from None
    if done.returncode != 0:
        raise BenchError(f"psql {' '.join(argv)[:200]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def postgres_problem(args):
    """Why PostgreSQL cannot be measured, or None."""
    if shutil.which(args.psql) is None:
        return f"psql not found at {args.psql} (Debian/Ubuntu: apt-get install -y postgresql-client)"
    try:
        psql(args.psql, args.postgres, ["-c", "SELECT 1"], timeout=15)
    except BenchError as error:
        return f"cannot reach {args.postgres}: {error}"
    return None


def backend_ticks(pg):
    """CPU ticks of each PostgreSQL backend serving the bench database, by pid; None
    when they cannot be read from /proc (a database on another machine)."""
    if pg is None:
        return None
    out = psql(pg["psql"], pg["admin"], ["-c",
               f"SELECT pid FROM pg_stat_activity WHERE datname = '{pg['name']}'"])
    ticks = {}
    for pid in (int(word) for word in out.split()):
        value = cpu_ticks(pid)
        if value is not None:
            ticks[pid] = value
    return ticks if ticks or not out.split() else None


def backend_ms(before, after):
    """CPU ms the database's backends spent between two readings (a backend started in
    between counts from its start)."""
    if before is None or after is None:
        return None
    ticks = sum(value - before.get(pid, 0) for pid, value in after.items())
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def drop_database(args, name):
    """Drops the run's database (WITH (FORCE) from PostgreSQL 13 on, which also ends
    connections left behind)."""
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"DROP DATABASE IF EXISTS {name}"):
        try:
            psql(args.psql, args.postgres, ["-c", sql])
            log(f"dropped the PostgreSQL database {name}")
            return
        except BenchError as error:
            problem = error
    log(f"could not drop the PostgreSQL database {name}: {problem}")


# --- Soporte -----------------------------------------------------------------------


def desk_env(port, data_dir, database_url):
    """web_bench's environment for a soporte child, plus the database and the desk's
    watch held back (it runs once at start, then not during the measurement)."""
    env = soporte_env(port, data_dir)
    env["SOPORTE_DESK_WATCH_MS"] = str(WATCH_MS)
    if database_url:
        env["SOPORTE_DATABASE_URL"] = database_url
    return env


def run_command(binary, argv, data_dir, database_url, log_path, timeout=600):
    """web_bench.run_soporte_command with this run's database."""
    log(f"running {binary.name} {' '.join(argv)}")
    try:
        done = subprocess.run(
            [str(binary), *argv], env=desk_env(free_port(), data_dir, database_url),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=timeout, start_new_session=True)
    except subprocess.TimeoutExpired:
        raise BenchError(f"soporte {argv[0]} did not finish within {timeout} s") from None
    output = done.stdout.decode(errors="replace")
    with open(log_path, "a") as out:
        out.write(output)
    if done.returncode != 0:
        raise BenchError(f"soporte {' '.join(argv)} exited with code {done.returncode}:\n"
                         f"{output[-3000:]}")
    return output


def start_server(procs, binary, data_dir, database_url, log_path, start_timeout, cwd):
    """web_bench.start_soporte with this run's database: `soporte serve` on a free port,
    ready when /healthz answers. Returns (Popen, base URL)."""
    port = free_port()
    log(f"starting {binary} serve on 127.0.0.1:{port}")
    with open(log_path, "ab") as out:
        proc = procs.start("soporte", [str(binary), "serve"],
                           env=desk_env(port, data_dir, database_url), cwd=cwd,
                           stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/healthz", proc, "soporte", log_path, start_timeout)
    return proc, base


ANSI = re.compile(r"\x1b\[[0-9;]*m")
FAILED = re.compile(r"request failed\s+(.*)$")


def log_size(path):
    try:
        return path.stat().st_size
    except OSError:
        return 0


def failures_since(path, offset, most=3):
    """The server's "request failed" lines written since `offset` of its log: the most
    frequent causes, as (count, text)."""
    try:
        with open(path, "rb") as log_file:
            log_file.seek(offset)
            text = log_file.read().decode("utf-8", "replace")
    except OSError:
        return []
    causes = {}
    for line in ANSI.sub("", text).splitlines():
        found = FAILED.search(line)
        if found:
            causes[found.group(1)] = causes.get(found.group(1), 0) + 1
    return sorted(((n, cause) for cause, n in causes.items()), reverse=True)[:most]


# --- pages -------------------------------------------------------------------------


def check_page(base, path, cookie, expect):
    status, _, body = http_get(f"{base}{path}", timeout=30.0, headers={"Cookie": cookie})
    if status != 200:
        raise BenchError(f"GET {path} answered {status}")
    text = body.decode("utf-8", "replace")
    if "/cuenta/salir" not in text:
        raise BenchError(f"GET {path} with the agent's session cookie is not signed in")
    problem = expect(text)
    if problem:
        raise BenchError(f"GET {path} does not show what it should: {problem}")
    return len(body)


def expect_ticket(number, subject, public, internal):
    def check(text):
        heading = f"<h1>#{number} {html.escape(subject)}</h1>"
        if heading not in text:
            return f"no heading {heading!r}"
        kinds = MESSAGE.findall(text)
        shown_internal = kinds.count("internal")
        if (len(kinds) - shown_internal, shown_internal) != (public, internal):
            return (f"{len(kinds) - shown_internal} public messages and {shown_internal} notes "
                    f"shown, {public} and {internal} seeded")
        return None
    return check


def expect_queue(rows):
    def check(text):
        shown = len(ROW.findall(text))
        return None if shown == rows else f"{shown} tickets listed, expected {rows}"
    return check


def measure_pages(args, procs, proc, base, seeded, pg, log_path):
    ticket = seeded["measured"]
    pages = [
        ("ticket page", f"/soporte-profesional/tickets/{ticket['id']}",
         expect_ticket(ticket["number"], ticket["subject"], ticket["public"],
                       ticket["internal"])),
        ("queue", QUEUE_PATH, expect_queue(min(PER_PAGE, seeded["totals"]["open"]))),
    ]
    headers = {"Cookie": seeded["cookie"]}
    results = []
    for name, path, expect in pages:
        size = check_page(base, path, seeded["cookie"], expect)
        if args.warmup > 0:
            measure(f"{name} (warm-up)", procs, args.wrk, f"{base}{path}", args.warmup, 0,
                    headers=headers)
        offset = log_size(log_path)
        db_before = backend_ticks(pg)
        before = cpu_ticks(proc.pid)
        result = measure(name, procs, args.wrk, f"{base}{path}", args.duration, 0,
                         headers=headers)
        after = cpu_ticks(proc.pid)
        db_after = backend_ticks(pg)
        result["failures"] = failures_since(log_path, offset)
        requests = result["requests"] or 0
        tick = os.sysconf("SC_CLK_TCK")
        result["cpu_ms_per_request"] = (
            ((after or 0) - (before or 0)) * 1000 / tick / requests if requests else None)
        db_ms = backend_ms(db_before, db_after)
        result["db_cpu_ms_per_request"] = db_ms / requests if requests and db_ms is not None else None
        result.update(page=name, path=path, bytes=size)
        results.append(result)
    return results


# --- opening tickets: wrk with a Lua script -----------------------------------------

CREATE_LUA = string.Template(r"""-- Generated by bench/desk/run.py: POST /api/v1/desk/tickets,
-- each request a new ticket, the customers' tokens taken in turn (each with its
-- organization); counts the answers by status.
local writers = {$writers}
local priorities = {3, 2, 3, 4, 3, 3, 2, 4}
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
  local writer = writers[(sent + number) % #writers + 1]
  local body = string.format(
    '{"organization":%d,"subject":"La impresora de la línea %d no imprime (prueba %d-%d)",'
    .. '"description":"Desde el cambio de turno la impresora no recibe trabajos.\\n\\n'
    .. 'Las otras líneas funcionan y ya reiniciamos el equipo.","priority":%d}',
    writer[2], sent % 9 + 1, number, sent, priorities[sent % #priorities + 1])
  return wrk.format("POST", "$path",
    {["Authorization"] = "Bearer " .. writer[1], ["Content-Type"] = "application/json"}, body)
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
  io.write(string.format("Created: %d\nRefused: %d\nRefused statuses:%s\n",
                         created, refused, statuses))
end
""")
WRK_CREATED = re.compile(r"^Created: (\d+)$", re.M)
WRK_REFUSED = re.compile(r"^Refused: (\d+)$", re.M)
WRK_REFUSED_STATUSES = re.compile(r"^Refused statuses:(.*)$", re.M)


def check_create(base, writer, cookie):
    """Opens one ticket as a customer and reads it as the agent; returns None, or why
    the creates cannot be measured (no endpoint in this binary)."""
    token, organization = writer
    subject = "La impresora de la línea 1 no imprime (prueba de la medición)"
    body = json.dumps({"organization": organization, "subject": subject,
                       "description": "Desde el cambio de turno no recibe trabajos.",
                       "priority": 3}).encode()
    status, _, answer = http_request(
        "POST", f"{base}{CREATE_PATH}",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        body=body, timeout=30.0)
    if status in (404, 405):
        return f"POST {CREATE_PATH} answered {status}: this binary has no such endpoint"
    if status != 201:
        raise BenchError(f"POST {CREATE_PATH} answered {status}: "
                         f"{answer.decode('utf-8', 'replace')[:500]}")
    try:
        opened = json.loads(answer)
        ticket, number, path = int(opened["id"]), int(opened["number"]), opened["path"]
    except (ValueError, KeyError, TypeError):
        raise BenchError(f"POST {CREATE_PATH} answered 201 with {answer[:200]!r}") from None
    if path != f"/soporte-profesional/tickets/{ticket}":
        raise BenchError(f"POST {CREATE_PATH} answered the path {path!r} for ticket {ticket}")
    check_page(base, path, cookie, expect_ticket(number, subject, 1, 0))
    return None


def run_wrk_script(procs, wrk, url, seconds, script, clients, quiet=False):
    threads = min(CREATE_THREADS, clients)
    argv = [wrk, f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--latency",
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


def measure_create(args, procs, proc, base, script, clients, pg, log_path):
    url = f"{base}{CREATE_PATH}"
    target = f"create, {clients} client{'s' if clients > 1 else ''}"
    if args.warmup > 0:
        log(f"{target}: warm-up {args.warmup} s")
        run_wrk_script(procs, args.wrk, url, args.warmup, script, clients, quiet=True)
        wait_quiet(proc, timeout=args.settle_timeout)
    log(f"{target}: measuring {args.duration} s")
    offset = log_size(log_path)
    db_before = backend_ticks(pg)
    before = cpu_ticks(proc.pid)
    output = run_wrk_script(procs, args.wrk, url, args.duration, script, clients)
    after = cpu_ticks(proc.pid)
    # What the creates set off (events, jobs) is their cost too.
    waited = wait_quiet(proc, timeout=args.settle_timeout)
    settled = cpu_ticks(proc.pid)
    db_after = backend_ticks(pg)
    result = parse_wrk(output)
    result["wrk_output"] = output
    created, refused = WRK_CREATED.search(output), WRK_REFUSED.search(output)
    statuses = WRK_REFUSED_STATUSES.search(output)
    result["created"] = int(created.group(1)) if created else None
    result["refused"] = int(refused.group(1)) if refused else None
    result["refused_statuses"] = statuses.group(1).split() if statuses else []
    requests = result["requests"] or 0
    tick = os.sysconf("SC_CLK_TCK")
    result["tickets_per_sec"] = (
        result["requests_per_sec"] * result["created"] / requests
        if requests and result["created"] is not None else None)
    result["cpu_ms_per_request_during"] = (
        ((after or 0) - (before or 0)) * 1000 / tick / requests if requests else None)
    result["cpu_ms_per_request"] = (
        ((settled or 0) - (before or 0)) * 1000 / tick / requests if requests else None)
    db_ms = backend_ms(db_before, db_after)
    result["db_cpu_ms_per_request"] = db_ms / requests if requests and db_ms is not None else None
    result["settled_after_s"] = waited
    result["clients"] = clients
    result["failures"] = failures_since(log_path, offset)
    if result["refused"]:
        log(f"warning: {result['refused']} creates refused "
            f"(HTTP {', '.join(sorted(set(result['refused_statuses'])))})")
    return result


# --- one backend -------------------------------------------------------------------


def run_backend(args, binary, procs, tmp, backend, tickets):
    data = tmp / f"data-{backend}"
    data.mkdir()
    log_path = tmp / f"soporte-{backend}.log"
    pg = None
    database_url = None
    if backend == "postgres":
        name = f"soporte_bench_desk_{os.getpid()}"
        pg = {"psql": args.psql, "admin": args.postgres, "name": name,
              "url": with_database(args.postgres, name)}
        log(f"creating the PostgreSQL database {name}")
        psql(args.psql, args.postgres, ["-c", f"CREATE DATABASE {name}"])
        database_url = pg["url"]
    proc = None
    try:
        run_command(binary, ["migrate"], data, database_url, log_path)
        started = time.monotonic()
        now = int(time.time() * 1000)
        sink = PostgresSink(pg, tmp) if pg else SqliteSink(data / "soporte.db")
        seeded = seed(sink, tickets, now)
        totals = seeded["totals"]
        log(f"{backend}: seeded {totals['tickets']:,} tickets ({totals['open']:,} open), "
            f"{totals['messages']:,} messages, {totals['organizations']} organizations in "
            f"{time.monotonic() - started:.0f} s")
        proc, base = start_server(procs, binary, data, database_url, log_path,
                                  args.start_timeout, tmp)
        waited = wait_quiet(proc, timeout=args.settle_timeout)
        log(f"{backend}: soporte settled after {waited:.0f} s (the watch's first reading "
            f"of every open ticket, and the alerts it queued)")
        pages = measure_pages(args, procs, proc, base, seeded, pg, log_path)
        creates = []
        missing = check_create(base, seeded["writers"][0], seeded["cookie"])
        if missing:
            log(f"creates not measured: {missing}")
            creates.append({"missing": missing})
        else:
            script = tmp / f"create-{backend}.lua"
            script.write_text(CREATE_LUA.substitute(
                writers=", ".join(f"{{{json.dumps(token)}, {organization}}}"
                                  for token, organization in seeded["writers"]),
                path=CREATE_PATH))
            wait_quiet(proc, timeout=args.settle_timeout)
            for clients in args.clients:
                creates.append(
                    measure_create(args, procs, proc, base, script, clients, pg, log_path))
        for result in pages + creates:
            result["backend"] = backend
        return seeded, pages, creates
    except BenchError as error:
        if proc is not None and proc.poll() is not None:
            raise BenchError(f"{error}\n--- last lines of soporte's log ---\n"
                             f"{tail(log_path) or '(empty)'}") from None
        raise
    finally:
        if proc is not None:
            procs.stop(proc)
        if pg is not None:
            drop_database(args, pg["name"])


# --- report ------------------------------------------------------------------------


def fmt(value, digits=2):
    return "?" if value is None else f"{value:,.{digits}f}"


def what(result):
    if "page" in result:
        return result["page"]
    clients = result["clients"]
    return f"create, {clients} client{'' if clients == 1 else 's'}"


def judge(runs):
    """The targets: creates per second on SQLite (the best of the client counts), and
    the ticket page's server CPU on each backend."""
    targets = {}
    sqlite_creates = [r for r in runs["sqlite"]["creates"] if not r.get("missing")] \
        if "sqlite" in runs else []
    if sqlite_creates:
        best = max(sqlite_creates, key=lambda r: r["tickets_per_sec"] or 0)
        value = best["tickets_per_sec"]
        targets["creates per second, sqlite"] = {
            "value": value, "min": MIN_CREATES_PER_SEC, "clients": best["clients"],
            "refused": sum(r["refused"] or 0 for r in sqlite_creates),
        }
        targets["creates per second, sqlite"]["ok"] = (
            value is not None and value >= MIN_CREATES_PER_SEC
            and not targets["creates per second, sqlite"]["refused"])
    for backend, run in runs.items():
        for r in run["pages"]:
            if r["page"] == "ticket page":
                cpu = r["cpu_ms_per_request"]
                targets[f"ticket page CPU, {backend}"] = {
                    "value": cpu, "max": MAX_PAGE_CPU_MS,
                    "ok": cpu is not None and cpu <= MAX_PAGE_CPU_MS and not r["non_2xx_3xx"],
                }
    return targets


def report(args, tickets, runs, skipped):
    targets = judge(runs)
    measured = [r for run in runs.values() for r in run["pages"] + run["creates"]
                if not r.get("missing")]
    warnings = wrk_warnings([(f"{r['backend']} {what(r)}", r) for r in measured])
    for r in measured:
        if not r["requests"]:
            warnings.append(f"{r['backend']} {what(r)}: no request completed within the run "
                            f"(each took longer than {args.duration} s?)")
        if r.get("refused"):
            warnings.append(f"{r['backend']} {what(r)}: {r['refused']} creates refused "
                            f"(HTTP {', '.join(sorted(set(r['refused_statuses'])))})")
        for count, cause in r.get("failures", []):
            warnings.append(f"{r['backend']} {what(r)}: the server logged {count}× "
                            f"\"request failed {cause[:300]}\"")
    warnings += [f"{backend} not measured: {why}" for backend, why in skipped.items()]
    if args.json:
        print(json.dumps({
            "tickets": tickets,
            "wrk": {"threads": WRK_THREADS, "connections": WRK_CONNECTIONS,
                    "create_threads": CREATE_THREADS, "create_clients": list(args.clients),
                    "duration_s": args.duration, "warmup_s": args.warmup},
            "desk_watch_ms": WATCH_MS,
            "seeded": {backend: run["seeded"]["totals"] for backend, run in runs.items()},
            "pages": [without_wrk_output(r) for run in runs.values() for r in run["pages"]],
            "creates": [without_wrk_output(r) for run in runs.values() for r in run["creates"]],
            "peer": {"name": "Request Tracker 5", "creates_per_sec": list(RT_CREATES_PER_SEC),
                     "cpu_ms_per_create": list(RT_CPU_MS)},
            "targets": targets,
            "skipped": skipped,
            "warnings": warnings,
        }, indent=2))
        return
    if args.verbose:
        for r in measured:
            print(f"--- wrk output: {r['backend']}, {what(r)} ---\n{r['wrk_output'].rstrip()}\n")
    for backend, run in runs.items():
        totals = run["seeded"]["totals"]
        print(f"\n{backend}: {totals['tickets']:,} tickets ({totals['open']:,} open), "
              f"{totals['messages']:,} messages, {totals['time_entries']:,} time entries, "
              f"{totals['organizations']} organizations, {totals['people']:,} people")
    print(f"wrk: {WRK_THREADS} threads, {WRK_CONNECTIONS} connections for pages; "
          f"up to {CREATE_THREADS} threads, one connection per client for creates; "
          f"{args.duration} s per run; the desk's watch every {WATCH_MS // 60_000} min\n")

    print("Pages, signed-in agent")
    print(f"{'backend':<9} {'page':<12} {'req/s':>9} {'p99 ms':>8} {'CPU ms/req':>11} "
          f"{'DB CPU ms/req':>14} {'KB':>6}")
    for run in runs.values():
        for r in run["pages"]:
            print(f"{r['backend']:<9} {r['page']:<12} {r['requests_per_sec']:>9,.0f} "
                  f"{r['p99_ms']:>8.2f} {fmt(r['cpu_ms_per_request'], 3):>11} "
                  f"{'-' if r['backend'] == 'sqlite' else fmt(r['db_cpu_ms_per_request'], 3):>14} "
                  f"{r['bytes'] / 1000:>6.1f}")
    print(f"\nOpening tickets, POST {CREATE_PATH} (customers' tokens)")
    print(f"{'backend':<9} {'clients':>7} {'tickets/s':>10} {'p99 ms':>8} {'CPU ms/ticket':>14} "
          f"{'DB CPU ms/ticket':>17}")
    for run in runs.values():
        for r in run["creates"]:
            if r.get("missing"):
                print(f"{r['backend']:<9} {'-':>7} {'-':>10} {'-':>8} {'-':>14} {'-':>17}")
                continue
            print(f"{r['backend']:<9} {r['clients']:>7} {fmt(r['tickets_per_sec'], 0):>10} "
                  f"{r['p99_ms']:>8.2f} {fmt(r['cpu_ms_per_request'], 3):>14} "
                  f"{'-' if r['backend'] == 'sqlite' else fmt(r['db_cpu_ms_per_request'], 3):>17}")
    rt_rate = f"{RT_CREATES_PER_SEC[0]}–{RT_CREATES_PER_SEC[1]}"
    rt_cpu = f"{RT_CPU_MS[0]}–{RT_CPU_MS[1]}"
    print(f"{'RT 5':<9} {'':>7} {rt_rate:>10} {'':>8} {rt_cpu:>14} {'':>17}  "
          "(Request Tracker 5, the issue's figures)")
    print()
    for run in runs.values():
        for r in run["creates"]:
            if r.get("missing"):
                print(f"SKIP {r['backend']} creates: not measured ({r['missing']})")
            else:
                cpu = r["cpu_ms_per_request"]
                peer = []
                if r["tickets_per_sec"]:
                    peer.append(f"×{r['tickets_per_sec'] / RT_CREATES_PER_SEC[1]:,.0f} RT 5's "
                                "best rate")
                if cpu:
                    peer.append(f"×{RT_CPU_MS[0] / cpu:,.0f}–{RT_CPU_MS[1] / cpu:,.0f} less "
                                "CPU than RT 5")
                print(f"     {r['backend']} {what(r)}: {fmt(cpu, 3)} ms of Soporte's CPU per "
                      f"ticket with what it set off, {fmt(r['cpu_ms_per_request_during'], 3)} ms "
                      f"while wrk ran; {fmt(r['created'], 0)} opened"
                      f"{'; ' + ', '.join(peer) if peer else ''}")
    creates = targets.get("creates per second, sqlite")
    if creates:
        print(f"{mark(creates['ok'])} creates on sqlite: {fmt(creates['value'], 0)} tickets/s "
              f"(best, {creates['clients']} clients; target ≥ {MIN_CREATES_PER_SEC:,.0f}/s)"
              f"{'; %d creates refused' % creates['refused'] if creates['refused'] else ''}")
    for backend, run in runs.items():
        page = targets.get(f"ticket page CPU, {backend}")
        if page:
            print(f"{mark(page['ok'])} ticket page on {backend}: {fmt(page['value'], 3)} ms of "
                  f"Soporte's CPU per request (target ≤ {MAX_PAGE_CPU_MS} ms)")
        for r in run["pages"]:
            if r["page"] == "queue":
                print(f"     queue on {backend}: {fmt(r['cpu_ms_per_request'], 3)} ms of "
                      "Soporte's CPU per request (no target)")
    for warning in warnings:
        print(f"warning: {warning}")


def run(args):
    binary = check_tools(args, tools=("wrk",))
    skipped = {}
    backends = list(dict.fromkeys(args.backends))
    if "postgres" in backends:
        problem = postgres_problem(args)
        if problem:
            log(f"PostgreSQL not measured: {problem}")
            skipped["postgres"] = problem
            backends.remove("postgres")
    procs = Processes()
    tmp = temp_dir()
    try:
        tickets = args.quick or TICKETS
        runs = {}
        for backend in backends:
            seeded, pages, creates = run_backend(args, binary, procs, tmp, backend, tickets)
            runs[backend] = {"seeded": seeded, "pages": pages, "creates": creates}
        report(args, tickets, runs, skipped)
        return 0
    finally:
        clean_up(procs, tmp)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_args(parser)
    parser.add_argument("--settle-timeout", type=float, default=900.0, metavar="SECONDS",
                        help="how long to wait for soporte to go quiet after starting and "
                             "after each run of creates (default: 900)")
    parser.add_argument("--quick", type=int, metavar="TICKETS",
                        help="another number of tickets (a trial: --quick 5000)")
    parser.add_argument("--clients", type=int, nargs="+", default=list(CLIENTS), metavar="N",
                        help="concurrent clients of the creates (default: 1 8 32)")
    parser.add_argument("--backends", nargs="+", choices=("sqlite", "postgres"),
                        default=["sqlite", "postgres"],
                        help="the databases measured (default: sqlite postgres)")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, metavar="URL",
                        help="a PostgreSQL server where a database for the run is created and "
                             f"dropped after it (default: {DEFAULT_POSTGRES})")
    parser.add_argument("--psql", default="psql", help="psql binary")
    args = parser.parse_args()
    check_common_args(parser, args)
    if args.quick is not None and args.quick < 200:
        parser.error("--quick needs at least 200 tickets")
    if any(clients < 1 for clients in args.clients):
        parser.error("--clients needs numbers of at least 1")
    return main_wrapper(run, args)


if __name__ == "__main__":
    sys.exit(main())
