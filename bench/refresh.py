"""Benchmark for `contenthub sources refresh`, run by hand (`make bench`); figures go into the README.

A local server on 127.0.0.1 serves N feeds (RSS 2.0, 20 entries of ~1 KB each, with ETags) and waits
100 ms before every answer, as a distant server would. The real command, in its own process, refreshes
a site that follows all of them:

1. the first refresh: every feed is new, fetched, parsed, cleaned and written to the cache;
2. a second refresh: every source answers 304 Not Modified, so nothing may be parsed.

Reports each refresh's wall time (process start included), what the server answered, and the load
average before each round (the machine may be shared: compare medians, of rounds run while it was quiet).
Parses are counted from the command's report: a source shown "not modified" was not parsed.

One untimed round first fills the file system's cache, and Python's bytecode cache: the command's
compiled modules are kept in a folder of the bench's own, as an installed package has them compiled.
`--no-bytecode-cache` runs it as the environment says instead: with PYTHONDONTWRITEBYTECODE=1 and an
editable install, every start compiles contenthub's modules again (0.1 s more here).

Usage: python bench/refresh.py [--sources 200] [--latency 0.1] [--rounds 5] [--no-bytecode-cache] [--against CHECKOUT]
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "social selling buyers brand community content network channel customer conversation relationship "
    "strategy listening engagement trust executives marketers sales teams platform video blog survey"
).split()


def feed(number: int, entries: int = 20, first: date = date(2026, 10, 1), days: int = 28) -> bytes:
    """A deterministic RSS 2.0 feed: entries with HTML, categories and tracked links, spread over `days`
    from `first`; entry n's guid is `b{number}-{n}`."""
    rng = random.Random(number)
    items = []
    for n in range(entries):
        words = " ".join(rng.choice(WORDS) for _ in range(120))
        body = f"<p>{words}</p><p><a href='/post/{n}?utm_source=rss&amp;id={n}'>More</a> <img src='/i/{n}.png'></p>"
        published = first + timedelta(days=n * days // entries)
        items.append(
            f"<item><title>{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}</title>"
            f"<link>https://blog{number}.example/post/{n}?utm_medium=feed</link>"
            f'<guid isPermaLink="false">b{number}-{n}</guid>'
            f"<pubDate>{published:%d %b %Y} 10:00:00 +0000</pubDate><category>{rng.choice(WORDS)}</category>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Blog {number}</title>'
        f"<link>https://blog{number}.example/</link><description>Blog {number}.</description>{''.join(items)}"
        "</channel></rss>"
    ).encode()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # every source connects at once


@contextmanager
def serving(count: int, latency: float) -> Any:
    feeds = {f"/feeds/{n}.xml": feed(n) for n in range(count)}
    answered: Counter[int] = Counter()
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(latency)
            body = feeds.get(self.path)
            tag = f'"{zlib.crc32(body):x}"' if body is not None else ""
            code = 404 if body is None else 304 if self.headers.get("If-None-Match") == tag else 200
            with lock:
                answered[code] += 1
            payload = body if code == 200 and body is not None else b""
            self.send_response(code)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(payload)))
            if tag:
                self.send_header("ETag", tag)
            self.end_headers()
            self.wfile.write(payload)

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", answered
    finally:
        server.shutdown()
        server.server_close()


def make_site(root: Path, url: str, count: int) -> None:
    (root / "docs/posts").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Bench\n", encoding="utf-8")
    config = {
        "site_name": "Refresh bench",
        "site_url": "https://bench.test/",
        "plugins": [{"contenthub/taxonomy": {}}, {"contenthub/roundups": {}}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    outlines = "".join(f'<outline type="rss" text="Blog {n}" xmlUrl="{url}/feeds/{n}.xml"/>' for n in range(count))
    (root / "feeds").mkdir()
    (root / "feeds/subscriptions.opml").write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head><title>Bench</title></head><body>{outlines}</body></opml>',
        encoding="utf-8",
    )


def timed_refresh(site: Path, answered: Counter[int], env: dict[str, str]) -> dict:
    answered.clear()
    started = time.perf_counter()
    # The command's old name, which every checkout has (`--against` times older ones too).
    result = subprocess.run(
        [sys.executable, "-m", "contenthub.cli", "feeds", "refresh"], cwd=site, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"refresh failed:\n{result.stdout}\n{result.stderr}")
    statuses = Counter(
        cells[2].strip() for line in result.stdout.splitlines() if len(cells := line.split("│")) > 5
    )  # fmt: skip
    # Sources with nothing to say are counted in the report's last line: "N of M sources unchanged (...)".
    summary = re.search(r"(?:feeds|sources) unchanged \((.*)\)\s*$", result.stdout)
    for part in summary.group(1).split(", ") if summary else ():
        status, count = part.rsplit(": ", 1)
        statuses[status] += int(count)
    return {"seconds": elapsed, "answers": dict(answered), "statuses": dict(statuses)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-bytecode-cache", dest="bytecode_cache", action="store_false")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CHECKOUT",
        help="another version's checkout (`git worktree add /tmp/old REV`): its code takes turns with this "
        "one's, round by round, against the same server, and the ratios are reported",
    )
    args = parser.parse_args()
    env = {**os.environ, "COLUMNS": "200"}
    versions = {"this": env}
    if args.against:
        versions["against"] = {**env, "PYTHONPATH": str(args.against.resolve() / "plugins")}  # before the venv's
    runs: dict[str, tuple[list[dict], list[dict]]] = {name: ([], []) for name in versions}
    loads: list[float] = []
    with serving(args.sources, args.latency) as (url, answered), tempfile.TemporaryDirectory() as bytecode:
        for name, version_env in versions.items():
            if args.bytecode_cache:
                version_env.pop("PYTHONDONTWRITEBYTECODE", None)
                version_env["PYTHONPYCACHEPREFIX"] = f"{bytecode}/{name}"
        for round_number in range(args.rounds + 1):
            loads.append(os.getloadavg()[0])
            for name, version_env in versions.items():
                with tempfile.TemporaryDirectory(prefix="contenthub-refresh-") as work:
                    site = Path(work)
                    make_site(site, url, args.sources)
                    made = timed_refresh(site, answered, version_env), timed_refresh(site, answered, version_env)
                    entries = sum(
                        len(json.loads(p.read_text())["entries"]) for p in (site / "feeds/cache").glob("[!_]*.json")
                    )
                label = f"round {round_number}" if round_number else "untimed round"
                print(
                    f"  {label}, {name}: first {made[0]['seconds']:.2f} s {made[0]['statuses']}, second "
                    f"{made[1]['seconds']:.2f} s {made[1]['statuses']}; {entries} entries cached; "
                    f"load average {loads[-1]:.2f} before the round",
                    flush=True,
                )
                if round_number:
                    runs[name][0].append(made[0])
                    runs[name][1].append(made[1])
    first, second = runs["this"]
    report: dict[str, Any] = {
        "date": date.today().isoformat(),
        "python": sys.version.split()[0],
        **{name: version(name) for name in ("httpx", "httpcore", "feedparser", "nh3", "rich", "click")},
        "cpus": os.cpu_count(),
        "bytecode_cache": args.bytecode_cache,
        "sources": args.sources,
        "latency_s": args.latency,
        "load_averages": loads[1:],
        "first": first,
        "second": second,
        "first_median_s": statistics.median(run["seconds"] for run in first),
        "second_median_s": statistics.median(run["seconds"] for run in second),
        "second_parses": max(args.sources - run["statuses"].get("not modified", 0) for run in second),
    }
    if args.against:
        old_first, old_second = runs["against"]
        report["against"] = {
            "checkout": str(args.against),
            "first_median_s": statistics.median(run["seconds"] for run in old_first),
            "second_median_s": statistics.median(run["seconds"] for run in old_second),
        }
    results = ROOT / "bench/results"
    results.mkdir(exist_ok=True)
    (results / "refresh.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(
        f"\n{args.sources} sources, {args.latency * 1000:.0f} ms latency each: first refresh "
        f"{report['first_median_s']:.2f} s median; second (all 304) {report['second_median_s']:.2f} s median, "
        f"{report['second_parses']} parses\nPython {report['python']}, httpx {report['httpx']}, "
        f"feedparser {report['feedparser']}, nh3 {report['nh3']}, {report['cpus']} CPUs, {report['date']}"
    )
    if args.against:
        old = report["against"]
        print(
            f"{args.against}, in turns: first refresh {old['first_median_s']:.2f} s "
            f"({report['first_median_s'] / old['first_median_s']:.2f}x), second {old['second_median_s']:.2f} s "
            f"({report['second_median_s'] / old['second_median_s']:.2f}x)"
        )


if __name__ == "__main__":
    main()
