#!/usr/bin/env python3
"""Rebuild the Spanish corpus of the search relevance benchmark from Debian packages.

The corpus is real Spanish technical documentation that nobody on this project wrote:

* every Spanish man page of ``manpages-es`` and ``manpages-es-dev`` (both built from
  Debian's ``manpages-l10n``), formatted to plain text with groff;
* the Spanish GNOME desktop help of ``gnome-user-docs`` (``gnome-help`` and
  ``system-admin-guide``, Mallard XML pages), converted to plain text;
* the Spanish "Guía de referencia de Debian" of ``debian-reference-es`` (DocBook HTML,
  one file per chapter), cut into one article per numbered section (1.1, 1.1.1, ...).

``manpages-es`` alone holds about 320 pages, far fewer than the 1,000 articles the
benchmark needs, hence the other packages.

Usage::

    bench/relevance/corpus.py                       # build ~/.cache/soporte/relevance/corpus.jsonl
    bench/relevance/corpus.py --out /tmp/corpus.jsonl --text-dir /tmp/corpus-txt
    bench/relevance/corpus.py --check-queries bench/relevance/queries.json

Each line of the output is one article::

    {"id": "1/ls", "title": "ls - lista el contenido de un directorio",
     "body": "...", "section": "1", "source": "manpages-es"}

Man pages get the id ``<section>/<name>``; help pages get ``gnome-help/<page id>`` or
``system-admin-guide/<page id>``, sections of the Debian reference
``debian-reference/<anchor>`` (e.g. ``debian-reference/_the_hostname``); for those the
section is the guide's name.

It needs ``apt-get`` (``apt-get download`` works without root, after ``apt-get update``),
``dpkg-deb`` and ``groff`` (package ``groff-base``). Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import gzip
import html.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

# (package, kind, expected version). The judged queries were written against these
# versions; another version still builds, with a warning.
PACKAGES = [
    ("manpages-es", "man", "4.18.1-1"),
    ("manpages-es-dev", "man", "4.18.1-1"),
    ("gnome-user-docs", "mallard", "43.0-2"),
    ("debian-reference-es", "docbook-html", "2.100"),
]
HELP_LANG = "es"
HELP_GUIDES = ["gnome-help", "system-admin-guide"]
MIN_CHARS = 200
MIN_ARTICLES = 1000

# Sections dropped from man pages: the same boilerplate on every translated page.
DROP_MAN_SECTIONS = {"TRADUCCIÓN", "COLOFÓN"}

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
OVERSTRIKE_RE = re.compile(r".\x08")
BLANKS_RE = re.compile(r"\n{3,}")
SPACES_RE = re.compile(r"[ \t]+")

MAL = "{http://projectmallard.org/1.0/}"
XI = "{http://www.w3.org/2001/XInclude}"
IF = "{http://projectmallard.org/if/1.0/}"


def die(msg: str, code: int = 2) -> None:
    print(f"corpus.py: {msg}", file=sys.stderr)
    sys.exit(code)


def default_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "soporte" / "relevance"


# --------------------------------------------------------------------------- download


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), field], check=True,
                          capture_output=True, text=True).stdout.strip()


def fetch_package(pkg: str, expected: str, cache: Path, refresh: bool) -> Path:
    """Download pkg's .deb into cache (unless there) and extract it; return the root."""
    debs = cache / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    found = sorted(debs.glob(f"{pkg}_*.deb"))
    if refresh or not found:
        if shutil.which("apt-get") is None:
            die("apt-get not found: this script needs a Debian (or derived) system")
        print(f"downloading {pkg} (apt-get download)...", file=sys.stderr)
        with tempfile.TemporaryDirectory(dir=debs) as tmp:
            r = subprocess.run(["apt-get", "download", pkg], cwd=tmp, capture_output=True, text=True)
            new = sorted(Path(tmp).glob(f"{pkg}_*.deb"))
            if r.returncode != 0 or not new:
                die(f"apt-get download {pkg} failed:\n{r.stderr.strip()}\n"
                    f"(run 'apt-get update' first; the package is in Debian bookworm 'main')")
            for old in found:
                old.unlink()
            os.replace(new[-1], debs / new[-1].name)
        found = sorted(debs.glob(f"{pkg}_*.deb"))
    deb = found[-1]
    version = deb_field(deb, "Version")
    if version != expected:
        print(f"warning: {pkg} is version {version}, the queries were judged on {expected}; "
              f"run --check-queries to see whether judged pages are missing", file=sys.stderr)
    root = cache / "extract" / f"{pkg}_{version}"
    marker = root / ".complete"
    if not marker.exists():
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        marker.write_text(version + "\n")
    return root


def package_version(root: Path) -> str:
    return (root / ".complete").read_text().strip()


# --------------------------------------------------------------------------- man pages


def clean_terminal_text(text: str) -> str:
    text = ANSI_RE.sub("", text)
    while "\b" in text:
        new = OVERSTRIKE_RE.sub("", text)
        if new == text:
            text = text.replace("\b", "")
            break
        text = new
    return text


def groff_page(path: Path) -> str:
    """Format one man page (gzipped roff) to plain UTF-8 text, one line per paragraph."""
    data = gzip.decompress(path.read_bytes())
    # -t: tbl tables; -Kutf8: the translated pages are UTF-8 (groff 1.22 assumes Latin-1);
    # a 2000-character line length keeps each paragraph on one line, so no hyphenation
    # splits words; -rcR=1: one continuous page (no page headers in the middle);
    # -P-c -P-b -P-u: no SGR escapes, no overstrike bold or underline.
    cmd = ["groff", "-t", "-man", "-Kutf8", "-Tutf8", "-rLL=2000n", "-rcR=1",
           "-P-c", "-P-b", "-P-u"]
    r = subprocess.run(cmd, input=data, capture_output=True)
    if r.returncode != 0:
        err = r.stderr.decode("utf-8", "replace").strip().splitlines()[:3]
        print(f"warning: groff failed on {path.name}: {' / '.join(err)}", file=sys.stderr)
    return clean_terminal_text(r.stdout.decode("utf-8", "replace"))


def split_sections(text: str) -> list[tuple[str, list[str]]]:
    """Split formatted man text into (HEADING, lines); headings start at column 0."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    # The first line is the page header (LS(1)  Órdenes de usuario  LS(1)), the last
    # one the footer (GNU coreutils 9.1  22 Septiembre 2022  LS(1)).
    if len(lines) >= 2:
        lines = lines[1:-1]
    sections: list[tuple[str, list[str]]] = []
    for ln in lines:
        if ln and not ln[0].isspace():
            sections.append((SPACES_RE.sub(" ", ln.strip()), []))
        elif sections:
            sections[-1][1].append(ln)
        elif ln.strip():
            sections.append(("", [ln]))
    return sections


BOX_CHARS = set("─━│┃┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬ ")
INNER_SPACES_RE = re.compile(r"(?<=\S) {3,}")


def clean_man_line(line: str, n: int = 7) -> str | None:
    """Dedent by the 7-column body indent, drop table rules, squeeze table padding."""
    stripped = line.lstrip(" ")
    if stripped and set(stripped) <= BOX_CHARS:
        return None  # a table border
    indent = len(line) - len(stripped)
    # Centred or right-aligned text is pushed far right by the long line length.
    line = stripped if indent > 40 else line[min(n, indent):]
    # tbl pads cells to the (very long) line length: squeeze the padding.
    line = line.replace("│", " | ").replace("┃", " | ")
    return INNER_SPACES_RE.sub("  ", line).rstrip()


def man_article(path: Path, section: str, name: str, source: str) -> dict | None:
    text = groff_page(path)
    sections = split_sections(text)
    if not sections:
        return None
    title = ""
    parts: list[str] = []
    for heading, lines in sections:
        if heading in ("NOMBRE", "NAME") and not title:
            title = " ".join(" ".join(lines).split())
            continue
        if heading in DROP_MAN_SECTIONS:
            continue
        cleaned = (clean_man_line(ln) for ln in lines)
        block = "\n".join(ln for ln in cleaned if ln is not None).strip("\n")
        parts.append(f"{heading}\n{block}" if heading else block)
    body = BLANKS_RE.sub("\n\n", "\n\n".join(parts)).strip()
    if not title:
        title = name
    return {"id": f"{section}/{name}", "title": title, "body": body,
            "section": section, "source": source}


def man_pages(root: Path) -> list[tuple[Path, str, str]]:
    """(path, section, name) of each real man page; symlinks and .so aliases skipped."""
    out = []
    base = root / "usr" / "share" / "man" / "es"
    for d in sorted(base.glob("man*")):
        for p in sorted(d.iterdir()):
            if p.is_symlink() or not p.is_file() or not p.name.endswith(".gz"):
                continue
            stem = p.name[:-3]
            name, dot, ext = stem.rpartition(".")
            if not dot or not ext[:1].isdigit():
                continue
            head = gzip.decompress(p.read_bytes())[:400].decode("utf-8", "replace")
            body_lines = [ln for ln in head.splitlines() if ln.strip() and not ln.startswith(('.\\"', "'\\\""))]
            if len(body_lines) == 1 and body_lines[0].startswith(".so "):
                continue  # an alias of another page, which is in the corpus itself
            out.append((p, ext, name))
    return out


# --------------------------------------------------------------------------- Mallard help

BLOCK_TAGS = {"p", "item", "title", "subtitle", "section", "steps", "list", "terms",
              "tree", "note", "table", "tr", "thead", "tbody", "screen",
              "example", "quote", "synopsis", "figure", "caption", "desc", "links",
              "comment", "cite", "listing", "td", "th"}
SKIP_TAGS = {"info", "media", "comment", "credit", "license", "revision"}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


BLOCK = "\x00"  # marks a block boundary while walking a Mallard page
VERBATIM_TAGS = {"code", "screen", "synopsis"}


def mallard_text(el: ET.Element, out: list[str], verbatim: bool = False) -> None:
    """Append el's text to out; block elements are separated by BLOCK markers."""
    name = local(el.tag)

    def add(text: str | None) -> None:
        if text:
            out.append(text if verbatim else SPACES_RE.sub(" ", text.replace("\n", " ")))

    if el.tag.startswith(XI) or name in SKIP_TAGS:
        add(el.tail)
        return
    if el.tag == f"{IF}choose":
        # Conditional text (e.g. GNOME Classic vs. GNOME): keep one variant, the default.
        branches = [c for c in el if c.tag in (f"{IF}when", f"{IF}else")]
        chosen = [c for c in branches if c.tag == f"{IF}else"] or branches[:1]
        for child in chosen:
            mallard_text(child, out, verbatim)
        add(el.tail)
        return
    block = name in BLOCK_TAGS
    inner_verbatim = verbatim or name in VERBATIM_TAGS
    if block:
        out.append(BLOCK)
    if el.text:
        out.append(el.text if inner_verbatim else SPACES_RE.sub(" ", el.text.replace("\n", " ")))
    for child in el:
        mallard_text(child, out, inner_verbatim)
    if block:
        out.append(BLOCK)
    add(el.tail)


def normalize_block_text(parts: list[str]) -> str:
    """Join blocks as paragraphs separated by blank lines."""
    blocks = []
    for chunk in "".join(parts).split(BLOCK):
        lines = [ln.rstrip() for ln in chunk.strip("\n").splitlines()]
        text = "\n".join(lines).strip()
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def mallard_article(path: Path, guide: str, source: str) -> dict | None:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"warning: {path}: {e}", file=sys.stderr)
        return None
    if local(root.tag) != "page":
        return None
    page_id = root.get("id") or path.stem
    title_el = root.find(f"{MAL}title")
    title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else page_id
    desc_el = root.find(f"{MAL}info/{MAL}desc")
    desc = " ".join("".join(desc_el.itertext()).split()) if desc_el is not None else ""
    parts: list[str] = []
    for child in root:
        if child is title_el:
            if child.tail:
                parts.append(child.tail)
            continue
        mallard_text(child, parts)
    body = normalize_block_text(parts)
    if desc:
        body = f"{desc}\n\n{body}".strip()
    return {"id": f"{guide}/{page_id}", "title": title, "body": body,
            "section": guide, "source": source}


def mallard_pages(root: Path) -> list[tuple[Path, str]]:
    out = []
    for guide in HELP_GUIDES:
        d = root / "usr" / "share" / "help" / HELP_LANG / guide
        out.extend((p, guide) for p in sorted(d.glob("*.page")))
    return out


# --------------------------------------------------------------------------- DocBook HTML

HTML_BLOCK_TAGS = {"p", "div", "pre", "li", "tr", "table", "dt", "dd", "h1", "h2", "h3",
                   "h4", "h5", "br", "ul", "ol", "dl", "blockquote", "caption"}
HTML_SKIP_CLASSES = {"toc", "navheader", "navfooter", "list-of-tables", "list-of-figures"}
NUMBER_RE = re.compile(r"^(?:(?:Capítulo|Apéndice|Chapter|Appendix)\s+)?[0-9A-Z]+(?:\.[0-9]+)*\.\s+")


class DocbookSplitter(html.parser.HTMLParser):
    """Cut one DocBook XSL chapter into sections: each h1-h4 heading starts one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[dict] = []  # {"anchor", "title", "parts"}
        self.skip_depth = 0  # >0 while inside a skipped div (table of contents, navigation)
        self.div_depth = 0
        self.skip_at: list[int] = []
        self.in_head = False
        self.heading: dict | None = None
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag == "div":
            self.div_depth += 1
            if set((a.get("class") or "").split()) & HTML_SKIP_CLASSES:
                self.skip_at.append(self.div_depth)
        if self.skip_at or self.in_head:
            return
        if tag in ("h1", "h2", "h3", "h4") and "title" in (a.get("class") or "").split():
            self.heading = {"anchor": None, "title": [], "parts": []}
            self.sections.append(self.heading)
            return
        if tag == "a" and self.heading is not None and self.heading["anchor"] is None and a.get("id"):
            self.heading["anchor"] = a["id"]
        if tag == "pre":
            self.pre += 1
        if tag == "li":
            self.emit("\n• ")
        elif tag in HTML_BLOCK_TAGS:
            self.emit("\n")
        elif tag in ("td", "th"):
            self.emit(" | ")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag == "div":
            if self.skip_at and self.skip_at[-1] == self.div_depth:
                self.skip_at.pop()
                self.div_depth -= 1
                return
            self.div_depth -= 1
        if self.skip_at or self.in_head:
            return
        if tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            self.heading = None
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in HTML_BLOCK_TAGS:
            self.emit("\n")

    def handle_data(self, data):
        if self.skip_at or self.in_head:
            return
        if self.heading is not None:
            self.heading["title"].append(data)
        elif self.pre:
            self.emit(data.replace("\n", "\x00"))  # keep line breaks of <pre>
        else:
            self.emit(data.replace("\n", " "))

    def emit(self, text: str) -> None:
        if self.sections and self.heading is None:
            self.sections[-1]["parts"].append(text)


def docbook_articles(path: Path, guide: str, source: str) -> list[dict]:
    parser = DocbookSplitter()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    out = []
    for sec in parser.sections:
        title = " ".join("".join(sec["title"]).split())
        title = NUMBER_RE.sub("", title)
        anchor = sec["anchor"] or path.name.split(".")[0]
        text = "".join(sec["parts"])
        lines = [SPACES_RE.sub(" ", ln).strip() for ln in text.split("\n")]
        body = "\n".join(ln for ln in lines if ln).replace("\x00", "\n")
        body = BLANKS_RE.sub("\n\n", body).strip()
        out.append({"id": f"{guide}/{anchor}", "title": title, "body": body,
                    "section": guide, "source": source})
    return out


def docbook_files(root: Path) -> list[Path]:
    d = root / "usr" / "share" / "debian-reference"
    # index.es.html is only the table of contents.
    return sorted(p for p in d.glob(f"*.{HELP_LANG}.html") if not p.name.startswith("index."))


# --------------------------------------------------------------------------- build


def build(cache: Path, jobs: int, refresh: bool) -> tuple[list[dict], dict[str, str], collections.Counter]:
    if shutil.which("dpkg-deb") is None:
        die("dpkg-deb not found: this script needs a Debian (or derived) system")
    if shutil.which("groff") is None:
        die("groff not found: install it with 'apt-get install -y groff-base'")
    tasks = []  # (callable, args)
    versions: dict[str, str] = {}
    for pkg, kind, expected in PACKAGES:
        root = fetch_package(pkg, expected, cache, refresh)
        versions[pkg] = package_version(root)
        if kind == "man":
            tasks += [(man_article, (p, sec, name, pkg)) for p, sec, name in man_pages(root)]
        elif kind == "mallard":
            tasks += [(mallard_article, (p, guide, pkg)) for p, guide in mallard_pages(root)]
        else:
            tasks += [(docbook_articles, (p, "debian-reference", pkg)) for p in docbook_files(root)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda t: t[0](*t[1]), tasks))
    articles: list[dict] = []
    seen_ids: set[str] = set()
    seen_bodies: set[str] = set()
    skipped: collections.Counter = collections.Counter()
    flat: list[dict | None] = []
    for r in results:
        flat.extend(r if isinstance(r, list) else [r])
    for art in flat:
        if art is None:
            skipped["unreadable"] += 1
            continue
        if len(art["body"]) < MIN_CHARS:
            skipped["short"] += 1
            continue
        digest = hashlib.sha1(art["body"].encode()).hexdigest()
        if art["id"] in seen_ids or digest in seen_bodies:
            skipped["duplicate"] += 1
            continue
        seen_ids.add(art["id"])
        seen_bodies.add(digest)
        articles.append(art)
    return articles, versions, skipped


def write_jsonl(articles: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=out.parent, delete=False,
                                     prefix=".corpus.", suffix=".tmp") as f:
        for art in articles:
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    os.replace(f.name, out)


def write_text_dir(articles: list[dict], text_dir: Path) -> None:
    """One .txt per article (id with '/' as '__'), to read the corpus when judging."""
    if text_dir.exists():
        shutil.rmtree(text_dir)
    text_dir.mkdir(parents=True)
    for art in articles:
        name = art["id"].replace("/", "__") + ".txt"
        (text_dir / name).write_text(f"{art['id']}\n{art['title']}\n\n{art['body']}\n", encoding="utf-8")


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def check_queries(queries_path: Path, articles: list[dict]) -> int:
    ids = {a["id"] for a in articles}
    data = json.loads(queries_path.read_text(encoding="utf-8"))
    queries = data["queries"]
    errors: list[str] = []
    by_kind: collections.Counter = collections.Counter()
    seen_ids: set = set()
    seen_text: set = set()
    n2 = n1 = 0
    for q in queries:
        qid = q.get("id")
        label = f"query {qid} ({q.get('query')!r})"
        if qid in seen_ids:
            errors.append(f"{label}: duplicate id")
        seen_ids.add(qid)
        text = (q.get("query") or "").strip()
        if not text:
            errors.append(f"{label}: empty query")
        if text in seen_text:
            errors.append(f"{label}: duplicate query text")
        seen_text.add(text)
        by_kind[q.get("kind", "?")] += 1
        judgments = q.get("judgments") or {}
        if 2 not in judgments.values():
            errors.append(f"{label}: no page judged 2")
        for doc, grade in judgments.items():
            if grade not in (1, 2):
                errors.append(f"{label}: {doc} has grade {grade!r} (must be 1 or 2)")
            if doc not in ids:
                errors.append(f"{label}: {doc} is not in the corpus")
        n2 += sum(1 for g in judgments.values() if g == 2)
        n1 += sum(1 for g in judgments.values() if g == 1)
    print(f"{len(queries)} queries over {len(articles)} articles ({data.get('corpus', '?')})")
    for kind, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<11} {n:4d}  {100 * n / max(1, len(queries)):5.1f}%")
    print(f"judgments: {n2} graded 2, {n1} graded 1 "
          f"({(n1 + n2) / max(1, len(queries)):.1f} per query)")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=default_cache(),
                    help="download/extract directory (default ~/.cache/soporte/relevance)")
    ap.add_argument("--out", type=Path, help="corpus JSON Lines (default CACHE/corpus.jsonl)")
    ap.add_argument("--text-dir", type=Path, help="also write one .txt per article here")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="groff workers")
    ap.add_argument("--refresh", action="store_true", help="download the packages again")
    ap.add_argument("--check-queries", type=Path, metavar="QUERIES_JSON",
                    help="validate judged queries against the corpus (built if missing)")
    ap.add_argument("--rebuild", action="store_true",
                    help="with --check-queries: rebuild the corpus even if --out exists")
    args = ap.parse_args()
    out = args.out or args.cache / "corpus.jsonl"

    if args.check_queries and out.exists() and not args.rebuild and not args.text_dir:
        return check_queries(args.check_queries, load_jsonl(out))

    articles, versions, skipped = build(args.cache, args.jobs, args.refresh)
    write_jsonl(articles, out)
    if args.text_dir:
        write_text_dir(articles, args.text_dir)
    by_source = collections.Counter(a["source"] for a in articles)
    size = out.stat().st_size
    print(f"{len(articles)} articles, {size / 1e6:.1f} MB -> {out}")
    for pkg, _, _ in PACKAGES:
        print(f"  {pkg} {versions[pkg]}: {by_source[pkg]}")
    if skipped:
        print("  skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())))
    if len(articles) < MIN_ARTICLES:
        print(f"error: only {len(articles)} articles, the benchmark needs at least {MIN_ARTICLES}",
              file=sys.stderr)
        return 1
    if args.check_queries:
        return check_queries(args.check_queries, articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
