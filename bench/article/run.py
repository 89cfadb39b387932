#!/usr/bin/env python3
"""Article benchmark: one documentation article from Soporte against nginx serving the
same HTML as a file.

Starts `soporte demo` on a free port with a throw-away data directory, finds the demo
article "Estrategia de Soporte" through sitemap.xml, saves the page an anonymous
reader gets, signs in as a demo account, serves the anonymous page with nginx and
loads, one after the other: nginx, Soporte for an anonymous reader, Soporte for the
signed-in reader (with the session cookie). Then it stops Soporte, imports 1,000 more
articles into the same database with `soporte docs import`, starts `soporte serve`,
requests a few pages, waits until the search index has caught up and reads the idle
RSS. Prints requests/s, p99 latency, the ratios and Soporte's RSS, with PASS/MISS for
the targets:

  * anonymous reader: Soporte requests/s >= 50 % of nginx's
  * signed-in reader: Soporte requests/s >= 20 % of nginx's
  * idle RSS < 50 MB with 1,000 more articles loaded

Python 3 standard library only; the parts shared with bench/home are in
bench/web_bench.py. See README.md next to this file.
"""

import argparse
import html
import html.parser
import json
import random
import re
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from web_bench import (  # noqa: E402  (bench/web_bench.py, shared with bench/home)
    CSRF_COOKIE,
    SESSION_COOKIE,
    SIGN_IN_PATH,
    WRK_CONNECTIONS,
    WRK_THREADS,
    BenchError,
    Processes,
    RssSampler,
    add_common_args,
    check_common_args,
    check_tools,
    sign_in,
    clean_up,
    http_get,
    http_request,
    kb_to_mb,
    log,
    main_wrapper,
    mark,
    measure,
    idle_rss,
    run_soporte_command,
    set_cookies,
    start_nginx,
    start_soporte,
    tail,
    temp_dir,
    wait_quiet,
    without_wrk_output,
    wrk_warnings,
)

# Targets.
MIN_ANONYMOUS_RATIO = 0.50  # Soporte req/s as a fraction of nginx's, anonymous reader
MIN_SIGNED_IN_RATIO = 0.20  # the same, signed-in reader
MAX_IDLE_RSS_MB = 50.0  # decimal megabytes (10^6 bytes), with EXTRA_ARTICLES more

ARTICLE_TITLE = "Estrategia de Soporte"  # crates/docs/demo/estrategia-de-soporte.rst
DEMO_ACCOUNT = "ana.lopez@ejemplo.mx"  # a member: a reader, no editing rights
DEMO_PASSWORD = "mxos demo en mérida"  # DEMO_PASSWORD in crates/server/src/demo.rs
EXTRA_COLLECTION = "base-de-conocimiento"
EXTRA_ARTICLES = 1000

WARMUP_REQUESTS = 20  # plain requests of each kind before the idle RSS reading
QUIET_SECONDS = 2.0  # "settled": this long with (almost) no CPU


# --- finding the article -----------------------------------------------------------


def sitemap_paths(base):
    status, _, body = http_get(f"{base}/sitemap.xml")
    if status != 200:
        raise BenchError(f"GET /sitemap.xml on soporte answered {status}")
    locs = re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8", "replace"))
    return [urllib.parse.urlsplit(html.unescape(loc)).path for loc in locs]


def article_paths(paths, collection=None):
    """Sitemap paths of articles (/documentacion/COLLECTION/SLUG)."""
    found = []
    for path in paths:
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "documentacion":
            if collection is None or parts[1] == collection:
                found.append(path)
    return found


def page_title(body):
    match = re.search(rb"<h1[^>]*>(.*?)</h1>", body, re.S)
    if not match:
        return None
    text = re.sub(r"<[^>]+>", "", match.group(1).decode("utf-8", "replace"))
    return html.unescape(text).strip()


def find_article(base, title):
    """The path of the article whose heading is `title`, looked up in sitemap.xml."""
    candidates = article_paths(sitemap_paths(base))
    for path in candidates:
        status, _, body = http_get(f"{base}{path}")
        if status == 200 and page_title(body) == title:
            return path, len(candidates)
    raise BenchError(
        f"no article titled {title!r} among the {len(candidates)} articles of "
        "sitemap.xml (did `soporte demo` load its demo content?)"
    )




def viewer_name(body):
    """The signed-in person's name in the page header, or None for an anonymous page."""
    if b'action="/cuenta/salir"' not in body:
        return None
    match = re.search(rb'<a href="/cuenta">([^<]*)</a>', body)
    return html.unescape(match.group(1).decode("utf-8", "replace")) if match else "?"


# --- the 1,000 extra articles -----------------------------------------------------

WORDS = """
actualización administrador aplicación archivo arranque respaldo cámara carpeta
certificado cifrado computadora conexión configuración contraseña controlador correo
cuenta disco documento dominio escritorio espacio firewall fuente gráficos herramienta
idioma impresora imagen instalación interfaz kernel licencia memoria mensaje módem
monitor montaje navegador núcleo pantalla paquete partición permiso perfil proceso
proxy puerto registro repositorio red reinicio ruta sesión servicio servidor sistema
sonido sincronización tarjeta teclado terminal tiempo usuario ventana volumen zona
batería bluetooth calendario compartir contacto descarga energía escáner firmware
grupo hora inalámbrica inicio juego llave lector micrófono nube pestaña política
privacidad programa ratón recuperación seguridad suspensión tema touchpad unidad
velocidad video wifi accesibilidad autenticación bitácora caché contenedor demonio
depuración dependencia entorno enlace etiqueta formato instancia módulo nodo plantilla
protocolo réplica socket tabla token variable versión virtualización
""".split()
VERBS = """
revisa configura instala elimina actualiza reinicia abre cierra comprueba activa
desactiva copia mueve restaura guarda edita agrega quita busca ejecuta monta
""".split()
CONNECTORS = """
antes de después de cuando si mientras para con sin desde hasta sobre entre
""".split()


def sentence(rng):
    words = [rng.choice(VERBS).capitalize(), "el" if rng.random() < 0.5 else "la",
             rng.choice(WORDS)]
    for _ in range(rng.randint(2, 4)):
        words += [rng.choice(CONNECTORS), rng.choice(WORDS)]
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))


def heading(text, char):
    return f"{text}\n{char * len(text)}\n"


def extra_article(n, rng):
    """A small knowledge-base note in reStructuredText (about 1.3 kB)."""
    topic = " ".join(rng.sample(WORDS, 2))
    title = f"Nota {n:04d}: {topic}"
    steps = "\n".join(f"#. {sentence(rng)}" for _ in range(rng.randint(3, 5)))
    tips = "\n".join(f"* {sentence(rng)}" for _ in range(rng.randint(2, 4)))
    command = f"sudo mxos-{rng.choice(WORDS)} --{rng.choice(VERBS)} {n}"
    return (
        f"{heading(title, '=')}\n{paragraph(rng)}\n\n{paragraph(rng)}\n\n"
        f"{heading('Pasos', '-')}\n{steps}\n\n"
        f"{heading('Comando', '-')}\nEjecuta::\n\n    {command}\n\n"
        f"{heading('Notas', '-')}\n{tips}\n\n{paragraph(rng)}\n"
    )


def write_extra_tree(root, count):
    """`count` .rst files (no index: the import orders them by name)."""
    rng = random.Random(20240601)  # the same articles every run
    root.mkdir()
    total = 0
    for n in range(1, count + 1):
        text = extra_article(n, rng)
        (root / f"nota-{n:04d}.rst").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


# --- the run -------------------------------------------------------------------------


def fetch_ok(base, path, headers=None):
    status, response_headers, body = http_get(f"{base}{path}", headers=headers, timeout=30.0)
    if status != 200:
        raise BenchError(f"GET {path} on soporte answered {status}")
    return response_headers, body


def run(args):
    binary = check_tools(args)

    tmp = temp_dir()
    procs = Processes()
    try:
        data_dir = tmp / "data"
        data_dir.mkdir()
        sp_log = tmp / "soporte.log"

        # --- Soporte with the demo content ------------------------------------
        soporte, sp_base = start_soporte(
            procs, binary, "demo", data_dir, sp_log, args.start_timeout, cwd=tmp
        )
        path, demo_articles = find_article(sp_base, ARTICLE_TITLE)
        url = f"{sp_base}{path}"
        log(f"article: {path} ({demo_articles} articles in sitemap.xml)")

        headers, page = fetch_ok(sp_base, path)
        sp_type = headers.get("Content-Type", "")
        if headers.get("Content-Encoding"):
            raise BenchError(f"GET {path} came back encoded ({headers['Content-Encoding']})")
        if viewer_name(page) is not None:
            raise BenchError("the anonymous page shows a signed-in person")

        cookie = sign_in(sp_base, args.account, args.password)
        signed_in = {"Cookie": cookie}
        _, signed_page = fetch_ok(sp_base, path, headers=signed_in)
        name = viewer_name(signed_page)
        if name is None:
            raise BenchError("with the session cookie the article is still the anonymous page")
        log(f"page: {len(page)} bytes anonymous, {len(signed_page)} bytes for {name}, {sp_type}")

        # Warm-up, then the idle reading once background work (indexing) settled.
        for _ in range(WARMUP_REQUESTS):
            http_get(url)
            http_get(url, headers=signed_in)
        time.sleep(1.0)
        wait_quiet(soporte, QUIET_SECONDS, args.settle_timeout)
        log(f"soporte is quiet; reading its RSS for {args.idle_rest + args.idle_window:g} s")
        idle = idle_rss(soporte, args.idle_rest, args.idle_window)
        idle_kb = idle[0]
        log(f"soporte idle RSS: {kb_to_mb(idle_kb):.1f} MB "
            f"(range {kb_to_mb(idle[1]):.1f}-{kb_to_mb(idle[2]):.1f})")

        # --- nginx and the load ------------------------------------------------
        nginx, ng_base = start_nginx(procs, args, tmp, page, path, sp_type)
        ng = measure("nginx", procs, args.wrk, f"{ng_base}{path}", args.duration, args.warmup)
        procs.stop(nginx)
        anonymous = measure(
            "soporte anonymous", procs, args.wrk, url, args.duration, args.warmup,
            sample_pid=soporte.pid,
        )
        signed = measure(
            "soporte signed-in", procs, args.wrk, url, args.duration, args.warmup,
            sample_pid=soporte.pid, headers=signed_in,
        )
        if soporte.poll() is not None:
            raise BenchError(f"soporte exited under load.\n{tail(sp_log)}")
        _, after = fetch_ok(sp_base, path, headers=signed_in)
        if viewer_name(after) != name:
            raise BenchError("the session no longer signs in after the load")
        peak_kb = max(anonymous["rss_peak_kb"], signed["rss_peak_kb"], idle[0])

        # --- 1,000 more articles --------------------------------------------------
        extra = None
        if args.extra_articles > 0:
            log("stopping soporte")
            if not procs.stop(soporte, grace=30.0):
                log("warning: soporte did not stop within 30 s of SIGTERM; killed")
            extra = measure_extra(args, binary, procs, tmp, data_dir, sp_log, path)

        report(args, binary, path, sp_type, page, signed_page, name, demo_articles,
               ng, anonymous, signed, idle, peak_kb, extra)
        return 0
    finally:
        clean_up(procs, tmp)


def measure_extra(args, binary, procs, tmp, data_dir, sp_log, path):
    """Imports args.extra_articles articles, serves them, returns the settled RSS."""
    tree = tmp / "extra"
    source_bytes = write_extra_tree(tree, args.extra_articles)
    log(f"wrote {args.extra_articles} .rst files ({source_bytes / 1e6:.1f} MB) to import")
    started = time.monotonic()
    output = run_soporte_command(
        binary, ["docs", "import", str(tree), "--collection", EXTRA_COLLECTION],
        data_dir, sp_log,
    )
    import_s = time.monotonic() - started
    # The summary: the output's last lines, after the progress bar's.
    lines = [line.strip() for line in re.split(r"[\r\n]+", output) if line.strip()]
    log(f"import took {import_s:.1f} s: {' / '.join(lines[-2:])}")

    soporte, base = start_soporte(
        procs, binary, "serve", data_dir, sp_log, args.start_timeout, cwd=tmp
    )
    sampler = RssSampler(soporte.pid)
    sampler.start()
    try:
        every = sitemap_paths(base)
        articles = article_paths(every)
        imported = article_paths(every, EXTRA_COLLECTION)
        if len(imported) < args.extra_articles:
            raise BenchError(
                f"only {len(imported)} articles in {EXTRA_COLLECTION} after importing "
                f"{args.extra_articles}"
            )
        pages = ["/", path, "/documentacion", f"/documentacion/{EXTRA_COLLECTION}",
                 imported[0], imported[len(imported) // 2], imported[-1],
                 "/buscar?q=configurar+la+red+inal%C3%A1mbrica"]
        for page in pages:
            fetch_ok(base, page)
        log(f"requested {len(pages)} pages; waiting for soporte to settle")
        settle_s = wait_quiet(soporte, QUIET_SECONDS, args.settle_timeout)
    finally:
        sampler.stop()
    log(f"soporte is quiet after {settle_s:.1f} s; reading its RSS for "
        f"{args.idle_rest + args.idle_window:g} s")
    idle = idle_rss(soporte, args.idle_rest, args.idle_window)
    log(f"soporte idle RSS with {len(articles)} articles: {kb_to_mb(idle[0]):.1f} MB "
        f"(range {kb_to_mb(idle[1]):.1f}-{kb_to_mb(idle[2]):.1f})")

    # Only a check, after the reading: the search index has the new articles.
    last = imported[-1]
    _, last_page = fetch_ok(base, last)
    title = page_title(last_page) or ""
    _, results = fetch_ok(base, "/buscar?" + urllib.parse.urlencode({"q": title}))
    # Result links go through /buscar/abrir?…&a=PATH (URL-encoded).
    searchable = any(form.encode() in results
                     for form in (f'href="{last}', urllib.parse.quote(last, safe="")))
    if not searchable:
        log(f"warning: searching for {title!r} does not find {last}")
    return {
        "imported": args.extra_articles,
        "import_s": import_s,
        "source_bytes": source_bytes,
        "articles": len(articles),
        "pages": pages,
        "settle_s": settle_s,
        "rss_idle_kb": idle[0],
        "rss_idle_range_kb": idle[1:],
        "rss_peak_kb": max(sampler.peak_kb, idle[2]),
        "search_finds_last": searchable,
    }


def report(args, binary, path, content_type, page, signed_page, name, demo_articles,
           ng, anonymous, signed, idle, peak_kb, extra):
    def ratio(r):
        return r["requests_per_sec"] / ng["requests_per_sec"] if ng["requests_per_sec"] else 0.0

    anonymous_ratio, signed_ratio = ratio(anonymous), ratio(signed)
    anonymous_ok = anonymous_ratio >= MIN_ANONYMOUS_RATIO
    signed_ok = signed_ratio >= MIN_SIGNED_IN_RATIO
    idle_mb, peak_mb = kb_to_mb(idle[0]), kb_to_mb(peak_kb)

    def spread(kbs):
        return f"{kb_to_mb(kbs[0]):.1f}-{kb_to_mb(kbs[1]):.1f}"

    extra_mb = kb_to_mb(extra["rss_idle_kb"]) if extra else None
    extra_ok = extra_mb is not None and extra_mb < MAX_IDLE_RSS_MB
    warnings = wrk_warnings((("nginx", ng), ("soporte anonymous", anonymous),
                             ("soporte signed-in", signed)))
    if extra and not extra["search_finds_last"]:
        warnings.append("the search index did not find the last imported article")

    if args.json:
        print(json.dumps({
            "binary": str(binary),
            "path": path,
            "content_type": content_type,
            "page_bytes": {"anonymous": len(page), "signed_in": len(signed_page)},
            "signed_in_as": {"account": args.account, "name": name},
            "wrk": {"threads": WRK_THREADS, "connections": WRK_CONNECTIONS,
                    "duration_s": args.duration, "warmup_s": args.warmup},
            "nginx": without_wrk_output(ng),
            "soporte_anonymous": without_wrk_output(anonymous),
            "soporte_signed_in": without_wrk_output(signed),
            "rps_ratio_percent": {"anonymous": round(anonymous_ratio * 100, 1),
                                  "signed_in": round(signed_ratio * 100, 1)},
            "rss_idle_mb": round(idle_mb, 1),
            "rss_idle_range_mb": [round(kb_to_mb(kb), 1) for kb in idle[1:]],
            "rss_idle_rest_s": args.idle_rest,
            "rss_idle_window_s": args.idle_window,
            "rss_idle_articles": demo_articles,
            "rss_peak_under_load_mb": round(peak_mb, 1),
            "extra_articles": extra and {
                **{k: v for k, v in extra.items() if not k.endswith("_kb")},
                "import_s": round(extra["import_s"], 1),
                "settle_s": round(extra["settle_s"], 1),
                "rss_idle_mb": round(kb_to_mb(extra["rss_idle_kb"]), 1),
                "rss_idle_range_mb": [round(kb_to_mb(kb), 1) for kb in extra["rss_idle_range_kb"]],
                "rss_peak_mb": round(kb_to_mb(extra["rss_peak_kb"]), 1),
            },
            "targets": {
                "anonymous_rps_ratio": {"min_percent": MIN_ANONYMOUS_RATIO * 100,
                                        "pass": anonymous_ok},
                "signed_in_rps_ratio": {"min_percent": MIN_SIGNED_IN_RATIO * 100,
                                        "pass": signed_ok},
                "rss_idle_extra_articles": {"max_mb": MAX_IDLE_RSS_MB,
                                            "pass": extra_ok if extra else None},
            },
            "warnings": warnings,
        }, indent=2))
        return

    if args.verbose:
        for label, r in (("nginx", ng), ("soporte anonymous", anonymous),
                         ("soporte signed-in", signed)):
            print(f"--- wrk output: {label} ---\n{r['wrk_output'].rstrip()}\n")

    print(f"Article benchmark: GET {path} ({content_type})")
    print(f"page: {len(page):,} bytes anonymous, {len(signed_page):,} bytes signed in "
          f"as {name} ({args.account})")
    print(f"binary: {binary}")
    print(f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration}s "
          f"(after {args.warmup} s warm-up), nginx: {args.nginx_workers} worker(s)")
    print()
    print(f"{'':<20}{'requests/s':>12}{'p99 (ms)':>11}{'vs nginx':>11}")
    print(f"{'nginx (file)':<20}{ng['requests_per_sec']:>12,.0f}{ng['p99_ms']:>11.2f}")
    for label, r, x in (("soporte anonymous", anonymous, anonymous_ratio),
                        ("soporte signed-in", signed, signed_ratio)):
        print(f"{label:<20}{r['requests_per_sec']:>12,.0f}{r['p99_ms']:>11.2f}"
              f"{x * 100:>9.1f} %")
    print()
    rested = args.idle_rest + args.idle_window
    memory = [(f"soporte RSS idle ({demo_articles} demo articles)", idle_mb,
               f"  (median; {spread(idle[1:])} over {rested:g} s)"),
              ("soporte RSS peak under load", peak_mb, "")]
    if extra:
        memory.append((f"soporte RSS idle, {extra['articles']:,} articles "
                       f"({extra['imported']:,} imported)", extra_mb,
                       f"  (median; {spread(extra['rss_idle_range_kb'])} over {rested:g} s)"))
    width = max(len(label) for label, _, _ in memory) + 2
    for label, mb, note in memory:
        print(f"{label + ':':<{width}}{mb:6.1f} MB{note}")
    if extra:
        print(f"  (import {extra['import_s']:.1f} s; settled {extra['settle_s']:.1f} s after "
              f"{len(extra['pages'])} page requests; peak while catching up "
              f"{kb_to_mb(extra['rss_peak_kb']):.1f} MB)")
    print()
    print(f"[{mark(anonymous_ok)}] anonymous reader: soporte requests/s >= "
          f"{MIN_ANONYMOUS_RATIO * 100:.0f} % of nginx ({anonymous_ratio * 100:.1f} %)")
    print(f"[{mark(signed_ok)}] signed-in reader: soporte requests/s >= "
          f"{MIN_SIGNED_IN_RATIO * 100:.0f} % of nginx ({signed_ratio * 100:.1f} %)")
    if extra:
        print(f"[{mark(extra_ok)}] idle RSS with {extra['imported']:,} more articles < "
              f"{MAX_IDLE_RSS_MB:.0f} MB ({extra_mb:.1f} MB)")
    else:
        print(f"[SKIP] idle RSS with {EXTRA_ARTICLES:,} more articles (--extra-articles 0)")
    for warning in warnings:
        print(f"warning: {warning}")


def main():
    parser = argparse.ArgumentParser(
        description="Benchmark one Soporte documentation article (anonymous and signed "
        "in) against nginx serving the same HTML, and Soporte's RSS with 1,000 articles."
    )
    add_common_args(parser)
    parser.add_argument("--account", default=DEMO_ACCOUNT,
                        help=f"demo account for the signed-in reader (default: {DEMO_ACCOUNT})")
    parser.add_argument("--password", default=DEMO_PASSWORD,
                        help="its password (default: the demo password)")
    parser.add_argument("--extra-articles", type=int, default=EXTRA_ARTICLES, metavar="N",
                        help=f"articles to import for the RSS reading (default: "
                        f"{EXTRA_ARTICLES}; 0 skips that part)")
    parser.add_argument("--idle-rest", type=float, default=10.0, metavar="SECONDS",
                        help="once soporte is quiet, wait this long before the idle RSS "
                        "readings count (default: 10)")
    parser.add_argument("--idle-window", type=float, default=5.0, metavar="SECONDS",
                        help="idle RSS is the median of this many seconds of readings "
                        "(default: 5)")
    parser.add_argument("--settle-timeout", type=float, default=300.0, metavar="SECONDS",
                        help="how long to wait for soporte's CPU to go quiet (default: 300)")
    args = parser.parse_args()
    check_common_args(parser, args)
    if args.extra_articles < 0:
        parser.error("--extra-articles must be >= 0")
    if args.idle_rest < 0 or args.idle_window < 0:
        parser.error("--idle-rest and --idle-window must be >= 0")
    return main_wrapper(run, args)


if __name__ == "__main__":
    sys.exit(main())
