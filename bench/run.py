"""Benchmarks for the taxonomy plugin, run by hand (`make bench`); figures go into the README.

1. Build speed: `mkdocs build` of N synthetic posts with mkdocs-material and no plugins (the floor),
   against the same build with `contenthub/taxonomy`, with `contenthub/syndication` too (every feed
   in three formats), and with `contenthub/roundups` as well (50 followed blogs, a year of their posts in
   the cache, 5,000 entries, classified by the refresh, and a year of weekly roundups), alternating, for
   N = 1,000 and 10,000. Every site has the same Markdown
   files, roundups included. Reports each median, the ratio to the floor, peak memory, and how build
   time grows from 1k to 10k.
2. The filter page with the 10k-post index, in headless Chromium: time from a click on a facet value
   to updated results (script work, and to the next painted frame), and the index's gzipped size.

Usage: python bench/run.py [--sizes 1000 10000] [--rounds 3] [--entries 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from refresh import feed  # noqa: E402  (bench/ is this script's folder)

FACETS = {
    "market": {"weight": 1, "values": ["B2B", "B2C"]},
    "channel": {
        "weight": 2,
        "values": ["LinkedIn", "Twitter", "Facebook", "YouTube", "Blogs", "SlideShare", "Wikipedia", "Email"],
    },
    "audience": {"values": ["Executives", "Marketers", "Sales", "Millennials", "SMB owners"]},
}
VOCABULARY = (
    "social media marketing buyers brand community content network channel customer conversation "
    "relationship strategy listening engagement trust executives marketers sales teams platform video "
    "blog survey adoption measurement influence presence campaign audience insight feedback webinar "
    "white paper demo search ranking link profile group event partner supplier decision process people"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(docs: Path, count: int, seed: int = 1) -> None:
    """N posts, each ~2 KB of Markdown with 1-3 values per facet, deterministic for a seed."""
    rng = random.Random(seed)
    posts = docs / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmark hub\n\nSynthetic posts.\n", encoding="utf-8")
    for n in range(count):
        values = {
            facet: rng.sample(spec["values"], rng.randint(1, 2 if facet == "market" else 3))
            for facet, spec in FACETS.items()
        }
        day = f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        paragraphs = "\n\n".join(
            " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6))) for _ in range(4)
        )
        front = "\n".join(f"{facet}: [{', '.join(chosen)}]" for facet, chosen in values.items())
        (posts / f"post-{n:05d}.md").write_text(
            f"---\ntitle: {sentence(rng, 5)[:-1]} {n}\ndate: {day}\n{front}\n---\n\n"
            f"## Overview\n\n{paragraphs}\n\n## Details\n\n- {sentence(rng, 6)}\n- {sentence(rng, 7)}\n",
            encoding="utf-8",
        )


SOURCES = 50
ENTRIES = 100
"""Per source, over the year: a blog posting twice a week. The cache keeps up to 200 by default."""
FIRST_ENTRY = datetime.date(2025, 11, 3)
WEEKS = 52
PICKS = 8


def entry_date(n: int, entries: int) -> datetime.date:
    """Entry n of every source: spread over the year of roundups (as `feed` spreads them)."""
    return FIRST_ENTRY + datetime.timedelta(days=n * WEEKS * 7 // entries)


def generate_roundups(docs: Path, entries: int, seed: int = 1) -> None:
    """A year of weekly roundups, each picking entries of its week, half of them with a note."""
    rng = random.Random(seed)
    folder = docs / "roundups"
    folder.mkdir(parents=True)
    for week in range(WEEKS):
        monday = FIRST_ENTRY + datetime.timedelta(weeks=week)
        year, number, _ = monday.isocalendar()
        inside = [n for n in range(entries) if monday <= entry_date(n, entries) < monday + datetime.timedelta(days=7)]
        candidates = [f"b{source}-{n}" for n in inside for source in range(SOURCES)]
        picks = "".join(
            f'\n  - id: "{ref}"' + (f'\n    note: "{sentence(rng, 12)}"' if k % 2 else "")
            for k, ref in enumerate(rng.sample(candidates, min(PICKS, len(candidates))))
        )
        (folder / f"{year}-w{number:02d}.md").write_text(
            f"---\ntitle: Around the web, week {number} of {year}\ndate: {monday + datetime.timedelta(days=6)}\n"
            f"period: {year}-W{number:02d}\nmarket: [{rng.choice(FACETS['market']['values'])}]\n"
            f"channel: [{rng.choice(FACETS['channel']['values'])}]\npicks:{picks}\n---\n\n"
            f"{sentence(rng, 30)}\n",
            encoding="utf-8",
        )


def follow_blogs(site: Path, entries: int) -> None:
    """Local feeds of SOURCES blogs, their subscriptions, and a cache filled by the real refresh command."""
    samples = site / "feeds/samples"
    samples.mkdir(parents=True)
    outlines = []
    for source in range(SOURCES):
        (samples / f"blog-{source}.xml").write_bytes(feed(source, entries, FIRST_ENTRY, WEEKS * 7))
        market = FACETS["market"]["values"][source % 2]
        outlines.append(
            f'<outline type="rss" text="Blog {source}" xmlUrl="samples/blog-{source}.xml" '
            f'htmlUrl="https://blog{source}.example/" contenthub:facets="market: {market}"/>'
        )
    (site / "feeds/subscriptions.opml").write_text(
        '<?xml version="1.0"?><opml version="2.0" xmlns:contenthub="https://pypi.org/project/mkdocs-contenthub/">'
        f"<head><title>Blogs</title></head><body>{''.join(outlines)}</body></opml>",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "contenthub.cli", "feeds", "refresh"], cwd=site, check=True, stdout=subprocess.DEVNULL
    )


TAXONOMY = {"contenthub/taxonomy": {"facets": FACETS, "per_page": 0}}
PAGED = {"contenthub/taxonomy": {"facets": FACETS}}
ROUNDUPS = {"contenthub/roundups": {"group_by": "channel", "max_age_days": 100000}}
BUILDS = {
    "floor": [],
    "taxonomy": [TAXONOMY],
    "syndication": [TAXONOMY, "contenthub/syndication"],
    "roundups": [TAXONOMY, ROUNDUPS, "contenthub/syndication"],
    "paged": [PAGED, ROUNDUPS, "contenthub/syndication"],
}
"""What each timed build enables: nothing (the floor), the taxonomy, the taxonomy with every feed, and
all three plugins (`max_age_days` keeps the cache whole whatever the date the bench runs). These list a
value's posts on one page (`per_page: 0`), so that the plugins' cost is measured on the floor's pages
plus the hub's own; `paged` is all three plugins as installed (20 a page), which also builds each
listing's page 2 and on: more pages, not more cost a page."""


def write_config(site: Path, plugins: list) -> None:
    import yaml

    config = {
        "site_name": "Benchmark hub",
        "site_url": "https://bench.test/",
        "theme": {"name": "material", "font": False},
        "not_in_nav": "/posts/\n/roundups/",  # the floor keeps posts out of the nav too, as the plugins do
        "plugins": plugins,
    }
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


def timed_build(site: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system) and peak RSS (MiB) of one `mkdocs build`. The CPU time
    is the steadier figure on a shared machine: waits for the disk or for other tenants do not count."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once, not at every build
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site, env=env, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"build failed in {site}: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def bench_builds(size: int, rounds: int, work: Path, entries: int = ENTRIES) -> dict:
    sites = {name: work / f"{name}-{size}" for name in BUILDS}
    generate(sites["floor"] / "docs", size)
    generate_roundups(sites["floor"] / "docs", entries)
    for name, site in sites.items():
        if name != "floor":
            shutil.copytree(sites["floor"] / "docs", site / "docs")
        write_config(site, BUILDS[name])
    follow_blogs(sites["roundups"], entries)
    follow_blogs(sites["paged"], entries)
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in BUILDS}
    names = list(BUILDS)
    for round_number in range(rounds):
        order = names[round_number % len(names) :] + names[: round_number % len(names)]  # rotate who goes first
        for name in order:
            runs[name].append(timed_build(sites[name]))
            print(f"  N={size} round {round_number + 1} {name}: {runs[name][-1][0]:.2f} s", flush=True)
    result: dict = {
        name: {
            "median_s": statistics.median(t for t, _, _ in found),
            "runs_s": [round(t, 2) for t, _, _ in found],
            "cpu_median_s": statistics.median(c for _, c, _ in found),
            "peak_rss_mib": max(m for _, _, m in found),
            "pages": sum(1 for _ in (sites[name] / "site").rglob("*.html")),
        }
        for name, found in runs.items()
    }
    for name in names[1:]:
        result[name]["ratio"] = result[name]["median_s"] / result["floor"]["median_s"]
        result[name]["cpu_ratio"] = result[name]["cpu_median_s"] / result["floor"]["cpu_median_s"]
    result["site"] = str(sites["syndication"])
    return result


def bench_filter_page(site_dir: Path, posts: int, clicks: int = 23) -> dict:
    """Click each facet value in turn and time three things:

    - script: from the click to the updated results in the DOM (our code's work);
    - layout: the same, plus the style and layout the browser must do before it can paint them;
    - paint: the browser's own Event Timing duration of the click, to the next painted frame, rounded
      by Chromium to 8 ms. For scale, the same is measured for a click that changes one word.
    """
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, serve_directory

    index = (site_dir / "knowledge-base/posts.json").read_bytes()
    gzipped = len(gzip.compress(index, compresslevel=9))
    observe = """() => {
      window.__paint = [];
      new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (entry.name === 'click') window.__paint.push(entry.duration);
      }).observe({type: 'event', durationThreshold: 16});
    }"""
    measure = """(selector) => {
      const root = document.querySelector('[data-contenthub-kb]');
      let script = null;
      root.addEventListener('contenthub:render', () => { script = performance.now(); }, {once: true});
      const start = performance.now();
      document.querySelector(selector).click();
      document.body.offsetHeight;  // style and layout, as the next frame would do them
      return [script - start, performance.now() - start];
    }"""
    with serve_directory(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "knowledge-base/")
        page.wait_for_function("() => document.querySelector('[data-contenthub-kb]')?.hasAttribute('data-rendered')")
        boxes = page.evaluate("[...document.querySelectorAll('.ch-kb__facet input')].map(box => '#' + box.id)")
        timings = []
        for n in range(clicks):
            timings.append(page.evaluate(measure, boxes[n % len(boxes)]))
            page.wait_for_timeout(50)
        page.evaluate(observe)
        for n in range(clicks):
            page.click(boxes[n % len(boxes)])
            page.wait_for_timeout(100)
        paint = sorted(page.evaluate("window.__paint"))
        page.evaluate(
            "() => { const b = document.createElement('button'); b.id = 'probe'; b.textContent = 'probe';"
            " b.onclick = () => { b.textContent = String(Math.random()); };"
            " document.querySelector('.md-content').prepend(b); }"
        )
        page.evaluate(observe)
        for _ in range(10):
            page.click("#probe")
            page.wait_for_timeout(100)
        baseline = sorted(page.evaluate("window.__paint"))
        browser.close()
    script = sorted(t[0] for t in timings)
    layout = sorted(t[1] for t in timings)
    return {
        "posts": posts,
        "index_bytes": len(index),
        "index_gzip_bytes": gzipped,
        "gzip_bytes_per_post": gzipped / posts,
        "script_ms_median": statistics.median(script),
        "script_ms_max": script[-1],
        "layout_ms_median": statistics.median(layout),
        "layout_ms_max": layout[-1],
        "paint_ms_median": statistics.median(paint) if paint else None,
        "paint_ms_max": paint[-1] if paint else None,
        "baseline_paint_ms_median": statistics.median(baseline) if baseline else None,
    }


def memory_folder() -> str | None:
    """Where the timed builds run: in memory when the machine offers it. On disk, each build deletes
    the last one's ~2,000 files and makes new ones, and ext4 skips recently deleted inodes when it makes
    a file, scanning past them: on a busy folder that cost 0.1 to 0.3 ms a file, differently for each
    site's folder (whichever block group it landed in), more than the plugins' whole difference. In
    memory the builds pay only for their own work, so the ratios are both steadier and stricter (the
    floor loses its file system time, the plugins keep all of theirs)."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--entries", type=int, default=ENTRIES, help="cached entries per followed blog")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="contenthub-bench-", dir=memory_folder()))
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "folder": str(work),
        "roundups": {"sources": SOURCES, "entries": SOURCES * args.entries, "weekly_roundups": WEEKS},
        "builds": {},
    }
    try:
        for size in args.sizes:
            print(f"N = {size}", flush=True)
            report["builds"][size] = bench_builds(size, args.rounds, work, args.entries)
        largest = max(args.sizes)
        if len(args.sizes) > 1:
            smallest = min(args.sizes)
            report["growth"] = {
                name: report["builds"][largest][name]["median_s"] / report["builds"][smallest][name]["median_s"]
                for name in BUILDS
            }
        report["filter_page"] = bench_filter_page(Path(report["builds"][largest]["site"]) / "site", largest)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results = ROOT / "bench/results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print_table(report)


def print_table(report: dict) -> None:
    print(
        "\n| posts | | floor (material, no plugins) | + taxonomy | + syndication | + roundups | paged (20 a page) |"
        "\n|---:|---|---:|---:|---:|---:|---:|"
    )
    for size, found in report["builds"].items():
        for label, key, ratio in (("wall", "median_s", "ratio"), ("CPU", "cpu_median_s", "cpu_ratio")):
            cells = [f"{found['floor'][key]:.2f} s"] + [
                f"{found[name][key]:.2f} s ({found[name][ratio]:.3f}×)" for name in list(BUILDS)[1:]
            ]
            print(f"| {int(size):,} | {label} | {' | '.join(cells)} |")
        memory = " / ".join(f"{found[name]['peak_rss_mib']:.0f}" for name in BUILDS)
        print(f"| {int(size):,} | peak RSS (MiB) | {memory} |")
        pages = " | ".join(f"{found[name]['pages']:,}" for name in BUILDS)
        print(f"| {int(size):,} | HTML pages | {pages} |")
    if "growth" in report:
        growth = ", ".join(f"{name} {factor:.2f}×" for name, factor in report["growth"].items())
        print(f"\nBuild time, largest over smallest size: {growth}")
    page = report["filter_page"]
    print(
        f"\nFilter page, {page['posts']:,} posts: index {page['index_bytes'] / 1024:.0f} KiB, "
        f"{page['index_gzip_bytes'] / 1024:.0f} KiB gzipped ({page['gzip_bytes_per_post']:.1f} B/post)\n"
        f"click to results in the DOM: {page['script_ms_median']:.1f} ms median, {page['script_ms_max']:.1f} ms max\n"
        f"... and laid out: {page['layout_ms_median']:.1f} ms median, {page['layout_ms_max']:.1f} ms max\n"
        f"... and painted (Event Timing, 8 ms steps): {page['paint_ms_median']} ms median, "
        f"{page['paint_ms_max']} ms max; a one-word change: {page['baseline_paint_ms_median']} ms"
    )


if __name__ == "__main__":
    main()
