"""Shared pieces of the web benchmarks (bench/home, bench/article).

Each benchmark starts `soporte` and nginx as children in their own process groups,
loads them with wrk on loopback one after the other and reads Soporte's resident
memory from /proc. This module holds what they have in common: free ports, the child
processes and their clean-up, starting Soporte and nginx, waiting until a server
answers, plain HTTP requests, running and parsing wrk, RSS and CPU readings, the
PASS/MISS marks and the command-line plumbing (options, signals, exit codes).

Python 3 standard library only. Exit codes of a benchmark: 0 when the measurement ran
(even if a target is missed), 1 when it failed, 2 when something is missing, 130 on
Ctrl-C or SIGTERM.
"""

import html.parser
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BIN = REPO / "target" / "release" / "soporte"

WRK_THREADS = 2
WRK_CONNECTIONS = 64
RSS_SAMPLE_INTERVAL = 0.1  # seconds
USER_AGENT = "soporte-bench"


class BenchError(Exception):
    """A failure that stops the benchmark; the message is shown to the user."""


class Missing(Exception):
    """Something the benchmark needs is not installed (exit code 2)."""


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def mark(ok):
    return "PASS" if ok else "MISS"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- HTTP ------------------------------------------------------------------------


def http_get(url, timeout=5.0, headers=None):
    """GET without Accept-Encoding (urllib sends none), following redirects.
    Returns (status, headers, body)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def http_request(method, url, headers=None, body=None, timeout=10.0):
    """One request, redirects not followed (so a redirect's Set-Cookie can be read).
    Returns (status, headers, body)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        raise BenchError(f"only http:// URLs are supported: {url}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        connection.request(method, path, body=body,
                           headers={"User-Agent": USER_AGENT, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def set_cookies(headers):
    """The cookies a response sets, name -> value (attributes dropped)."""
    cookies = {}
    for value in headers.get_all("Set-Cookie") or []:
        pair = value.split(";", 1)[0]
        if "=" in pair:
            name, _, cookie = pair.partition("=")
            cookies[name.strip()] = cookie.strip()
    return cookies


# --- /proc -----------------------------------------------------------------------


def rss_kb(pid):
    """VmRSS of a process in kB (as /proc reports it: 1024 bytes), or None if gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def kb_to_mb(kb):
    """kB as /proc counts them (1024 bytes) to decimal MB (10^6 bytes)."""
    return kb * 1024 / 1e6


def cpu_ticks(pid):
    """User + system CPU time of a process (all its threads) in clock ticks, or None."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    # After the command name: state is field 3, utime 14 and stime 15 (1-based).
    return int(fields[11]) + int(fields[12])


def wait_quiet(proc, quiet_seconds=2.0, timeout=120.0, max_cpu=0.02):
    """Waits until `proc` has used at most `max_cpu` of one core (2 %: timers and
    pollers, not work) for `quiet_seconds` in a row, so background work such as
    indexing has settled. Returns the seconds waited; raises BenchError on timeout or
    if it exits."""
    max_ticks = max(1, int(max_cpu * quiet_seconds * os.sysconf("SC_CLK_TCK")))
    started = time.monotonic()
    deadline = started + timeout
    window_start, window_ticks = time.monotonic(), cpu_ticks(proc.pid)
    while True:
        time.sleep(0.25)
        if proc.poll() is not None:
            raise BenchError(f"soporte exited with code {proc.returncode} while settling")
        ticks = cpu_ticks(proc.pid)
        if ticks is None or window_ticks is None:
            raise BenchError("cannot read soporte's CPU time from /proc")
        now = time.monotonic()
        if ticks - window_ticks > max_ticks:
            window_start, window_ticks = now, ticks
        elif now - window_start >= quiet_seconds:
            return now - started
        if now > deadline:
            raise BenchError(f"soporte still busy (CPU) after {timeout:.0f} s")


def idle_rss(proc, rest=10.0, window=5.0, interval=0.25):
    """VmRSS of an idle process, in kB: (median over the last `window` seconds of
    `rest + window` seconds of readings, lowest and highest of all of them).
    Soporte hands freed memory back to the system some seconds later (about 5 s
    here), so a single reading right after some work may see memory already freed;
    the rest lets that settle, the median smooths what is left."""
    samples = []  # (seconds since start, kB)
    started = time.monotonic()
    while True:
        kb = rss_kb(proc.pid)
        if kb is None or proc.poll() is not None:
            raise BenchError("soporte exited while its idle memory was read")
        elapsed = time.monotonic() - started
        samples.append((elapsed, kb))
        if elapsed >= rest + window:
            break
        time.sleep(interval)
    last = sorted(kb for at, kb in samples if at >= rest) or [samples[-1][1]]
    every = [kb for _, kb in samples]
    return last[len(last) // 2], min(every), max(every)


class RssSampler(threading.Thread):
    """Reads VmRSS of `pid` every RSS_SAMPLE_INTERVAL seconds; keeps the maximum."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            kb = rss_kb(self.pid)
            if kb is not None:
                self.peak_kb = max(self.peak_kb, kb)
                self.samples += 1
            self._halt.wait(RSS_SAMPLE_INTERVAL)

    def stop(self):
        self._halt.set()
        self.join()


# --- child processes -------------------------------------------------------------


class Processes:
    """Child processes, each in its own process group, stopped in reverse order."""

    def __init__(self):
        self.children = []  # (name, Popen)

    def start(self, name, argv, **kwargs):
        proc = subprocess.Popen(argv, start_new_session=True, **kwargs)
        self.children.append((name, proc))
        return proc

    def stop(self, proc, sig=signal.SIGTERM, grace=5.0):
        """Stops the process (`sig`, then SIGKILL to its group after `grace` seconds)
        and forgets it. Returns True if it exited before the SIGKILL."""
        self.children = [c for c in self.children if c[1] is not proc]
        if proc.poll() is not None:
            return True
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return True
        exited = True
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            exited = False
        # Whole group: nginx workers, or anything left behind.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            log(f"process {proc.pid} did not exit after SIGKILL")
        return exited

    def stop_all(self):
        while self.children:
            name, proc = self.children[-1]
            try:
                self.stop(proc)
            except Exception as error:  # keep cleaning up the rest
                self.children = [c for c in self.children if c[1] is not proc]
                log(f"could not stop {name} ({proc.pid}): {error}")


def tail(path, lines=20):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def wait_for(url, proc, what, log_path, timeout, expect=200):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(
                f"{what} exited with code {proc.returncode} before it was ready.\n"
                f"--- last lines of its log ---\n{tail(log_path) or '(empty)'}"
            )
        try:
            status, _, _ = http_get(url, timeout=1.0)
            if status == expect:
                return
            last = f"HTTP {status}"
        except (OSError, urllib.error.URLError) as error:
            last = str(error)
        time.sleep(0.1)
    raise BenchError(
        f"{what} not ready at {url} after {timeout:.0f} s (last: {last}).\n"
        f"--- last lines of its log ---\n{tail(log_path) or '(empty)'}"
    )


def check_tools(args, build_hint="cargo build --release", tools=("nginx", "wrk")):
    """The soporte binary's absolute path; raises Missing if it or one of `tools`
    (nginx and wrk unless told otherwise) is not there."""
    binary = Path(args.bin).absolute()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        raise Missing(
            f"soporte binary not found at {binary}\n"
            f"Build it first:  {build_hint}\n"
            "(or pass another binary with --bin PATH)"
        )
    for tool, path in ((tool, getattr(args, tool)) for tool in tools):
        if shutil.which(path) is None:
            raise Missing(
                f"{tool} not found at {path}\n"
                f"Install it (Debian/Ubuntu: apt-get install -y {tool}) "
                f"or pass its path with --{tool} PATH"
            )
    return binary


# --- Soporte ---------------------------------------------------------------------


def soporte_env(port, data_dir):
    """The environment for a soporte child: the caller's, minus any SOPORTE_* and
    RUST_LOG setting, plus bind address, data directory and warn-level logging."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOPORTE_") and k != "RUST_LOG"}
    env.update(
        SOPORTE_BIND=f"127.0.0.1:{port}",
        SOPORTE_DATA_DIR=str(data_dir),
        SOPORTE_LOG="warn",
    )
    return env


def start_soporte(procs, binary, command, data_dir, log_path, start_timeout, cwd):
    """Starts `soporte COMMAND` (serve or demo) on a free port with `data_dir` and waits
    for /healthz. Returns (Popen, base URL)."""
    port = free_port()
    log(f"starting {binary} {command} on 127.0.0.1:{port}")
    with open(log_path, "ab") as out:
        proc = procs.start(
            "soporte",
            [str(binary), command],
            env=soporte_env(port, data_dir),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/healthz", proc, "soporte", log_path, start_timeout)
    return proc, base


def run_soporte_command(binary, argv, data_dir, log_path, timeout=600):
    """Runs a one-shot soporte command (such as `docs import`) against `data_dir`;
    raises BenchError if it fails. Returns its output."""
    log(f"running {binary.name} {' '.join(argv)}")
    env = soporte_env(free_port(), data_dir)
    try:
        done = subprocess.run(
            [str(binary), *argv],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            start_new_session=True,
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"soporte {argv[0]} did not finish within {timeout} s") from None
    output = done.stdout.decode(errors="replace")
    with open(log_path, "a") as out:
        out.write(output)
    if done.returncode != 0:
        raise BenchError(
            f"soporte {' '.join(argv[:2])} exited with code {done.returncode}:\n"
            f"{output[-3000:]}"
        )
    return output


SIGN_IN_PATH = "/cuenta/entrar"  # crates/platform/src/accounts/web.rs
SESSION_COOKIE = "soporte_session"  # crates/platform/src/accounts/sessions.rs
CSRF_COOKIE = "soporte_csrf"  # crates/platform/src/web/visit.rs


# --- signing in --------------------------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """The inputs of the first <form> posting to `action`: (name, type, value)."""

    def __init__(self, action):
        super().__init__()
        self.action = action
        self.inside = False
        self.done = False
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and attrs.get("action") == self.action:
            self.inside = True
        elif tag == "input" and self.inside and attrs.get("name"):
            self.inputs.append((attrs["name"], attrs.get("type", "text"), attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
            self.done = True


def sign_in(base, email, password):
    """Signs in through the sign-in form, as a browser would; returns the Cookie
    header value (session and CSRF cookies) for the signed-in requests."""
    status, headers, body = http_request("GET", f"{base}{SIGN_IN_PATH}")
    if status != 200:
        raise BenchError(f"GET {SIGN_IN_PATH} answered {status}")
    csrf = set_cookies(headers).get(CSRF_COOKIE)
    if not csrf:
        raise BenchError(f"GET {SIGN_IN_PATH} set no {CSRF_COOKIE} cookie")
    form = FormParser(SIGN_IN_PATH)
    form.feed(body.decode("utf-8", "replace"))
    if not form.inputs:
        raise BenchError(f"no form posting to {SIGN_IN_PATH} on the sign-in page")
    fields = []
    for name, kind, value in form.inputs:
        if kind == "email" or name == "email":
            value = email
        elif kind == "password":
            value = password
        fields.append((name, value))
    names = {name for name, _ in fields}
    if "csrf" not in names or "password" not in {k for _, k, _ in form.inputs}:
        raise BenchError(f"unexpected sign-in form fields: {sorted(names)}")
    status, headers, body = http_request(
        "POST",
        f"{base}{SIGN_IN_PATH}",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{CSRF_COOKIE}={csrf}",
        },
        body=urllib.parse.urlencode(fields).encode(),
    )
    session = set_cookies(headers).get(SESSION_COOKIE)
    if status not in (302, 303) or not session:
        why = {
            403: "the CSRF check refused it",
            422: "wrong account or password (see --account, --password)",
            429: "sign-in is rate limited for this address; try again later",
        }.get(status, "unexpected answer")
        raise BenchError(f"sign-in as {email} failed: HTTP {status}, {why}")
    log(f"signed in as {email} (redirected to {headers.get('Location')})")
    return f"{SESSION_COOKIE}={session}; {CSRF_COOKIE}={csrf}"


# --- nginx -----------------------------------------------------------------------

NGINX_CONF = """\
# Generated by bench/web_bench.py; lives only for one run.
daemon off;
master_process on;
worker_processes {workers};
{user_line}
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;

    types {{
        text/html html;
    }}
    default_type application/octet-stream;
    charset utf-8;  # -> Content-Type: text/html; charset=utf-8

    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;  # hyper does not cap requests per connection either

    server {{
        listen 127.0.0.1:{port};
        root {docroot};
        location = {path} {{
            try_files /index.html =404;
        }}
        location / {{
            return 404;
        }}
    }}
}}
"""

SAFE_PATH = re.compile(r"^/[A-Za-z0-9/_.-]*$")


def start_nginx(procs, args, tmp, page, path="/", content_type=""):
    """Serves the bytes `page` at `path` with nginx (`args.nginx`,
    `args.nginx_workers` workers) from a docroot under `tmp`; checks it returns the
    same bytes and warns if its Content-Type differs from `content_type`.
    Returns (Popen, base URL)."""
    if not SAFE_PATH.match(path):
        raise BenchError(f"cannot serve {path!r} with nginx: unexpected characters")
    docroot = tmp / "docroot"
    docroot.mkdir()
    (docroot / "index.html").write_bytes(page)
    nginx_tmp = tmp / "nginx"
    nginx_tmp.mkdir()
    port = free_port()
    conf = nginx_tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            # Workers need to read the 0700 temp dir; as root that means user root.
            user_line="user root;" if os.geteuid() == 0 else "",
            workers=args.nginx_workers,
            tmp=nginx_tmp,
            port=port,
            docroot=docroot,
            path=path,
        )
    )
    error_log = nginx_tmp / "nginx-error.log"
    log(f"starting {args.nginx} on 127.0.0.1:{port}")
    with open(nginx_tmp / "nginx.out", "wb") as out:
        nginx = procs.start(
            "nginx",
            [args.nginx, "-c", str(conf), "-p", str(nginx_tmp), "-e", str(error_log)],
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}{path}", nginx, "nginx", error_log, 10)
    _, headers, body = http_get(f"{base}{path}")
    if body != page:
        raise BenchError("nginx serves different bytes than soporte's page")
    ng_type = headers.get("Content-Type", "")
    if ng_type.replace(" ", "").lower() != content_type.replace(" ", "").lower():
        log(f"warning: Content-Type differs: nginx {ng_type!r}, soporte {content_type!r}")
    return nginx, base


# --- wrk -------------------------------------------------------------------------

WRK_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
WRK_P99 = re.compile(r"^\s*99(?:\.0+)?%\s+([\d.]+)\s*(us|ms|s|m|h)\s*$", re.M)
WRK_TOTAL = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h)", re.M)
WRK_NON2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.M)
WRK_SOCKET = re.compile(
    r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.M
)
TO_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def parse_wrk(output):
    rps = WRK_RPS.search(output)
    p99 = WRK_P99.search(output)
    if not rps or not p99:
        raise BenchError(f"could not parse wrk output:\n{output}")
    total = WRK_TOTAL.search(output)
    non2xx = WRK_NON2XX.search(output)
    sock = WRK_SOCKET.search(output)
    return {
        "requests_per_sec": float(rps.group(1)),
        "p99_ms": float(p99.group(1)) * TO_MS[p99.group(2)],
        "requests": int(total.group(1)) if total else None,
        "non_2xx_3xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(n) for n in sock.groups()) if sock else 0,
    }


def run_wrk(procs, wrk, url, seconds, quiet=False, headers=None):
    argv = [wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency"]
    shown = list(argv)
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
        # Keep secrets such as session cookies out of the log.
        shown += ["-H", f"'{name}: …'"]
    argv.append(url)
    shown.append(url)
    if not quiet:
        log(" ".join(shown))
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


def measure(target, procs, wrk, url, duration, warmup, sample_pid=None, headers=None):
    """Warm-up run then measured run; returns parsed figures (+ RSS peak if sampling)."""
    sampler = None
    if sample_pid is not None:
        sampler = RssSampler(sample_pid)
        sampler.start()
    try:
        if warmup > 0:
            log(f"{target}: warm-up {warmup} s")
            run_wrk(procs, wrk, url, warmup, quiet=True, headers=headers)
        log(f"{target}: measuring {duration} s")
        output = run_wrk(procs, wrk, url, duration, headers=headers)
    finally:
        if sampler is not None:
            sampler.stop()
    result = parse_wrk(output)
    result["wrk_output"] = output
    if sampler is not None:
        result["rss_peak_kb"] = sampler.peak_kb
        result["rss_samples"] = sampler.samples
    return result


def wrk_warnings(results):
    """Warnings for wrk runs with non-2xx answers or socket errors: [(name, result)]."""
    warnings = []
    for name, r in results:
        if r["non_2xx_3xx"]:
            warnings.append(f"{name}: {r['non_2xx_3xx']} non-2xx/3xx responses")
        if r["socket_errors"]:
            warnings.append(f"{name}: {r['socket_errors']} socket errors")
    return warnings


def without_wrk_output(result):
    return {k: v for k, v in result.items() if k != "wrk_output"}


# --- command line ----------------------------------------------------------------


def add_common_args(parser):
    """The options every web benchmark takes."""
    parser.add_argument("--bin", default=str(DEFAULT_BIN),
                        help=f"soporte binary (default: {DEFAULT_BIN})")
    parser.add_argument("--duration", type=int, default=10, metavar="SECONDS",
                        help="length of each measured wrk run (default: 10)")
    parser.add_argument("--warmup", type=int, default=2, metavar="SECONDS",
                        help="length of the wrk warm-up run before each (default: 2, 0 = none)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="also print the raw wrk output")
    parser.add_argument("--nginx", default="/usr/sbin/nginx", help="nginx binary")
    parser.add_argument("--nginx-workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="nginx worker_processes (default: one per core; see README)")
    parser.add_argument("--wrk", default="/usr/bin/wrk", help="wrk binary")
    parser.add_argument("--start-timeout", type=float, default=60.0, metavar="SECONDS",
                        help="how long to wait for soporte's /healthz (default: 60)")


def check_common_args(parser, args):
    if args.duration < 1 or args.warmup < 0:
        parser.error("--duration must be >= 1 and --warmup >= 0")
    if args.nginx_workers < 1:
        parser.error("--nginx-workers must be >= 1")


def temp_dir():
    return Path(tempfile.mkdtemp(prefix="soporte-bench-"))


def clean_up(procs, tmp):
    """Stops every child and removes the temp dir; a second Ctrl-C cannot interrupt."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    finally:
        signal.signal(signal.SIGINT, previous)


def main_wrapper(run, args):
    """Runs `run(args)` with the signal handling and exit codes every benchmark uses."""

    # SIGTERM (and SIGHUP) unwind like Ctrl-C so the finally blocks clean up.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    try:
        return run(args)
    except Missing as missing:
        print(missing, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; cleaned up", file=sys.stderr)
        return 130
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
