"""Refreshing outside feeds over real HTTP, from a server on 127.0.0.1 that the tests start."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contenthub.ingest.cache_file import cache_path, load_cache
from contenthub.ingest.health import HEALTH_FILE, SKIP_AFTER, load_health
from contenthub.ingest.options import FetchOptions, RefreshOptions
from contenthub.ingest.periods import Period, Pick, RoundupSpec
from contenthub.ingest.refresh import Curation, Outcome, refresh, run_to_end
from contenthub.ingest.subscriptions import NAMESPACE, add_outlines, read_subscriptions
from contenthub.ingest.workers import JobFailed, WorkerPool
from contenthub.model import Severity, Source
from contenthub.text import slugify
from feeds_server import FeedsServer, rss, running, self_signed

from conftest import ENV, Site, base_config

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
OPTIONS = RefreshOptions(fetch=FetchOptions(connect_timeout=2, total_timeout=1.5), parse_timeout=5)


@pytest.fixture
def server() -> Iterator[tuple[FeedsServer, str]]:
    feeds = FeedsServer()
    with running(feeds) as url:
        yield feeds, url


def sources(url: str, *paths: str) -> list[Source]:
    return [Source(path.strip("/").replace(".", "-"), path, url + path) for path in paths]


def run(found: list[Source], cache: Path, options: RefreshOptions = OPTIONS, **kwargs: object) -> dict[str, Outcome]:
    outcomes = run_to_end(
        refresh(found, cache, cache.parent, options, kwargs.get("curation", Curation()), NOW)
    ).outcomes
    return {outcome.source.feed_url.rsplit("/", 1)[-1]: outcome for outcome in outcomes}


def entries(cache: Path, source: Source) -> dict[str, object]:
    loaded, problem = load_cache(cache_path(cache, source.id), source.id)
    assert problem is None, problem
    assert loaded is not None
    return loaded.entries


def test_every_format_is_read(server, tmp_path):
    _, url = server
    found = sources(url, "/rss.xml", "/atom.xml", "/atom03.xml", "/rss091.xml", "/rdf.xml", "/feed.json")
    outcomes = run(found, tmp_path)
    assert {name: outcome.status for name, outcome in outcomes.items()} == dict.fromkeys(
        ["rss.xml", "atom.xml", "atom03.xml", "rss091.xml", "rdf.xml", "feed.json"], "new entries"
    )
    titles = {
        source.feed_url.rsplit("/", 1)[-1]: [e.title for e in entries(tmp_path, source).values()] for source in found
    }
    assert titles == {
        "rss.xml": ["LinkedIn tips", "B2B email"],
        "atom.xml": ["An Atom entry on Facebook"],
        "atom03.xml": ["An old-format entry"],
        "rss091.xml": ["An RSS 0.91 item"],
        "rdf.xml": ["An RSS 1.0 item"],
        "feed.json": ["A JSON Feed item on YouTube"],
    }
    atom = next(iter(entries(tmp_path, found[1]).values()))
    assert atom.url == "https://atom.example/posts/one", "relative links resolve against the xml:base"
    assert 'href="https://atom.example/posts/relative/page"' in atom.summary_html
    assert atom.published == datetime(2026, 11, 18, 10, tzinfo=UTC)
    assert atom.updated == datetime(2026, 11, 19, 10, tzinfo=UTC)
    first = entries(tmp_path, found[0])["one"]
    assert first.url == "https://fixture.example/one/?keep=1", "tracking parameters are stripped"
    json_entry = next(iter(entries(tmp_path, found[5]).values()))
    assert json_entry.categories == ("YouTube",)
    assert '<img src="https://json.example/img.png">' in json_entry.summary_html


def test_conditional_get_and_unchanged_bodies_cost_no_parsing(server, tmp_path):
    feeds, url = server
    found = sources(url, "/etag.xml", "/lastmod.xml", "/plain.xml")
    assert all(outcome.parsed for outcome in run(found, tmp_path).values())
    feeds.requests.clear()
    again = run(found, tmp_path)
    assert {name: (o.status, o.parsed) for name, o in again.items()} == {
        "etag.xml": ("not modified", False),
        "lastmod.xml": ("not modified", False),
        "plain.xml": ("no changes", False),
    }
    sent = {path: headers for path, headers in feeds.requests}
    assert sent["/etag.xml"]["If-None-Match"].startswith('"')
    assert sent["/lastmod.xml"]["If-Modified-Since"] == "Wed, 18 Nov 2026 10:00:00 GMT"
    assert "mkdocs-contenthub/" in sent["/plain.xml"]["User-Agent"]
    assert sent["/plain.xml"]["Accept-Encoding"] == "gzip, deflate"
    # A changed feed is parsed again, and its new entries merged with the old.
    feeds.feeds["/plain.xml"] = (
        rss("Plain", ("p2", "Newer entry", "Blogs"), ("p1", "Plain entry", "Blogs")),
        "text/xml",
    )
    third = run(found, tmp_path)
    assert (third["plain.xml"].status, third["plain.xml"].added, third["plain.xml"].parsed) == ("new entries", 1, True)


def test_a_refresh_that_finds_nothing_new_rewrites_no_source_file(server, tmp_path):
    _, url = server
    found = sources(url, "/etag.xml", "/plain.xml")
    run(found, tmp_path)
    files = {path: path.stat().st_mtime_ns for path in tmp_path.glob("*.json") if path.name != HEALTH_FILE}
    assert len(files) == 2
    later = NOW + timedelta(hours=1)
    run_to_end(refresh(found, tmp_path, tmp_path, OPTIONS, Curation(), later))
    assert {path: path.stat().st_mtime_ns for path in files} == files, "only new entries change a source's file"
    health, _ = load_health(tmp_path)
    assert {record.last_success for record in health.values()} == {later}, "the health record has the news"


def test_an_unreadable_health_record_is_reported_and_replaced(server, tmp_path):
    _, url = server
    (tmp_path / HEALTH_FILE).write_text("{not json", encoding="utf-8")
    refreshed = run_to_end(refresh(sources(url, "/rss.xml"), tmp_path, tmp_path, OPTIONS, Curation(), NOW))
    assert [outcome.status for outcome in refreshed.outcomes] == ["new entries"]
    (problem,) = refreshed.problems
    assert problem.file.endswith(HEALTH_FILE) and "cannot be read" in problem.message
    health, problem = load_health(tmp_path)
    assert problem is None and list(health) == ["rss-xml"] and health["rss-xml"].last_success == NOW


@pytest.mark.parametrize(
    ("path", "status", "error"),
    [
        ("/missing.xml", "failed", "the server answered 404 Not Found"),
        ("/broken.xml", "failed", "the server answered 500 Internal Server Error"),
        ("/gone.xml", "gone", "the server says the feed is gone for good (410)"),
        ("/loop-a", "failed", "more than 5 redirects (a redirect loop?)"),
        ("/slow.xml", "failed", "within 1.5 s"),
        ("/huge.xml", "failed", "over the 15.0 MiB cap"),
        ("/bomb.xml", "failed", "over the 15.0 MiB cap (decompressed)"),
        ("/nested-bomb.xml", "failed", "over the 15.0 MiB cap (decompressed)"),
        ("/brotli.xml", "failed", "the body is encoded as `br`, which contenthub cannot decompress"),
        ("/invalid.xml", "failed", "not a readable feed"),
    ],
)
def test_each_failure_is_reported_clearly_and_keeps_earlier_entries(server, tmp_path, path, status, error):
    feeds, url = server
    # The source first worked: it served a good feed at this path.
    feeds.feeds[path] = (rss("Was fine", ("ok1", "An entry that must survive", "Blogs")), "application/rss+xml")
    status_codes, feeds.status = feeds.status, {}
    source = Source("flaky", "Flaky", url + path)
    if path.startswith(("/loop", "/slow", "/huge", "/bomb", "/nested", "/brotli")):
        source = Source("flaky", "Flaky", url + "/rss.xml")  # these routes always misbehave: start elsewhere
    first = run([source], tmp_path)
    assert next(iter(first.values())).status == "new entries"
    before = entries(tmp_path, source)
    assert before
    feeds.status = status_codes
    feeds.feeds.pop(path, None)
    if path == "/invalid.xml":
        feeds.feeds[path] = (b"<?xml version='1.0'?><rss><channel><title>Broken</titl></chan", "application/rss+xml")
    source = replace(source, feed_url=url + path)
    outcome = next(iter(run([source], tmp_path).values()))
    assert outcome.status == status
    assert error in outcome.error
    assert entries(tmp_path, source) == before, "a failure never loses earlier entries"
    health, _ = load_health(tmp_path)
    assert health["flaky"].errors == 1 and error in health["flaky"].last_error


PAGE_HINT = "put that in xmlUrl in the subscriptions"


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/blank.xml", "the server sent an empty answer"),
        ("/spaces.xml", "the server sent an empty answer"),
        ("/truncated.xml", "the connection was closed before the whole feed arrived"),
        ("/reset.xml", "the connection was closed before the whole feed arrived"),
        ("/hang-up.xml", "the server closed the connection without answering"),
        ("/nowhere.xml", "the server answered 302 Found"),
        ("/huge.xml", "the feed is over the 15.0 MiB cap"),  # no "(decompressed)": nothing was compressed
        ("/bomb.xml", "the feed is over the 15.0 MiB cap (decompressed)"),
        ("/page.html", f"the address gives a web page, not a feed; the page names its feed, {{url}}/feed/?format=rss: "
                       f"{PAGE_HINT}"),
        ("/bare-page.html", "the address gives a web page, not a feed, and names none: put the blog's feed address "
                            "in xmlUrl in the subscriptions"),
        ("/logo.png", "the address gives image/png, not a feed"),
        ("/sitemap.xml", "not a feed: the XML is neither RSS nor Atom (its root element is <urlset>)"),
        ("/invalid.xml", "not a readable feed: the XML is broken at line 1 (mismatched tag)"),
    ],
)  # fmt: skip
def test_a_source_that_gives_no_feed_has_failed_and_says_why_in_plain_words(server, tmp_path, path, error):
    _, url = server
    source = Source("blog", "Blog", url + "/rss.xml")
    run([source], tmp_path)
    before = entries(tmp_path, source)
    later = NOW + timedelta(hours=1)
    source = replace(source, feed_url=url + path)
    (outcome,) = run_to_end(refresh([source], tmp_path, tmp_path, OPTIONS, Curation(), later)).outcomes
    assert (outcome.status, outcome.error) == ("failed", error.format(url=url))
    health = load_health(tmp_path)[0]["blog"]
    assert (health.errors, health.last_success, health.last_error) == (1, NOW, outcome.error), "no fresh success"
    assert entries(tmp_path, source) == before


def test_errors_before_any_answer_are_said_in_plain_words(server, tmp_path):
    _, url = server
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    found = [
        Source("unknown", "Unknown", "http://no-such-host.invalid/feed.xml"),
        Source("refused", "Refused", f"http://127.0.0.1:{port}/feed.xml"),
        Source("ftp", "FTP", "ftp://example.invalid/feed.xml"),
        Source("not-tls", "Not TLS", url.replace("http:", "https:") + "/rss.xml"),
    ]
    outcomes = {
        o.source.id: o.error for o in run_to_end(refresh(found, tmp_path, tmp_path, OPTIONS, Curation(), NOW)).outcomes
    }
    assert outcomes == {
        "unknown": "no server named `no-such-host.invalid` could be found: check the feed's address (xmlUrl in the "
                   "subscriptions)",
        "refused": f"the server at 127.0.0.1:{port} refused the connection",
        "ftp": "`ftp://example.invalid/feed.xml` is neither an http(s) address nor a file; fix xmlUrl in the "
               "subscriptions",
        "not-tls": f"the server at {url.removeprefix('http://')} does not answer in HTTPS: check the feed's address "
                   "(xmlUrl in the subscriptions)",
    }  # fmt: skip


def test_an_https_certificate_no_one_vouches_for_is_named(tmp_path):
    certificate = self_signed(tmp_path)
    if certificate is None:
        pytest.skip("no openssl command to make a certificate with")
    with running(FeedsServer(), certificate=certificate) as url:
        (outcome,) = run_to_end(
            refresh(sources(url, "/rss.xml"), tmp_path / "cache", tmp_path, OPTIONS, Curation(), NOW)
        ).outcomes
    host = url.removeprefix("https://")
    assert outcome.error == f"the HTTPS certificate of {host} cannot be trusted (self-signed certificate)"


def test_a_json_feed_that_does_not_parse_is_named_at_its_line(server, tmp_path):
    feeds, url = server
    feeds.feeds["/broken.json"] = (
        b'{"version": "https://jsonfeed.org/version/1.1",\n "items": [}',
        "application/feed+json",
    )
    feeds.feeds["/latin.json"] = ('{"title": "Caf\xe9"}'.encode("latin-1"), "application/feed+json")
    outcomes = run(sources(url, "/broken.json", "/latin.json"), tmp_path)
    assert outcomes["broken.json"].error == (
        "not a readable JSON Feed: the JSON is broken at line 2, column 12 (Expecting value)"
    )
    assert outcomes["latin.json"].error == "not a readable JSON Feed: it is not UTF-8 (at byte 15)"


def test_an_etag_outside_ascii_is_kept_out_of_the_next_request(server, tmp_path):
    feeds, url = server
    found = sources(url, "/odd-etag.xml")
    assert run(found, tmp_path)["odd-etag.xml"].status == "new entries"
    again = run(found, tmp_path)["odd-etag.xml"]
    assert (again.status, again.parsed) == ("no changes", False), "the body's hash spares the parse"
    assert "If-None-Match" not in feeds.requests[-1][1]


def test_a_feed_too_slow_to_read_fails_alone_and_keeps_its_entries(server, tmp_path):
    feeds, url = server
    slow, fine = sources(url, "/big.xml", "/atom.xml")
    items = [(f"i{n}", f"Entry {n} about LinkedIn", "LinkedIn") for n in range(3000)]
    feeds.feeds["/big.xml"] = (rss("Big", *items[:1]), "application/rss+xml")
    run([slow], tmp_path)
    feeds.feeds["/big.xml"] = (rss("Big", *items), "application/rss+xml")  # seconds of parsing, not 50 ms
    outcomes = run([slow, fine], tmp_path, replace(OPTIONS, parse_timeout=0.05))
    assert outcomes["big.xml"].status == "failed"
    assert "reading the feed took longer than 0.05 s and was stopped" in outcomes["big.xml"].error
    assert list(entries(tmp_path, slow)) == ["i0"]
    assert outcomes["atom.xml"].status == "new entries", "the worker was replaced and went on"


async def _in_workers(*jobs: tuple) -> list[object]:
    async with WorkerPool(timeout=0.5, workers=1) as pool:
        answers: list[object] = []
        for job in jobs:
            try:
                answers.append(await pool.run(*job))
            except JobFailed as failure:
                answers.append(str(failure))
        return answers


def test_workers_stop_overruns_and_report_failures_in_plain_words():
    answers = run_to_end(_in_workers((time.sleep, 5), (pow, 2, 10), (int, "x")))
    assert answers == [
        "reading the feed took longer than 0.5 s and was stopped",
        1024,
        "the feed could not be read: contenthub failed on it (ValueError: invalid literal for int() with base 10: 'x'),"
        " a bug to report",
    ]


async def _at_once(*jobs: tuple, timeout: float = 0.5) -> list[object]:
    """The jobs given to one worker all at once, as a refresh does: the next waits inside it."""

    async def one(pool: WorkerPool, job: tuple) -> object:
        try:
            return await pool.run(*job)
        except JobFailed as failure:
            return str(failure)

    async with WorkerPool(timeout=timeout, workers=1) as pool:
        return await asyncio.wait_for(asyncio.gather(*(one(pool, job) for job in jobs)), 20)


def test_a_job_waiting_in_a_worker_that_overruns_goes_to_the_next_one():
    answers = run_to_end(_at_once((time.sleep, 5), (pow, 2, 10), (pow, 3, 2)))
    assert answers == ["reading the feed took longer than 0.5 s and was stopped", 1024, 9]


def test_each_jobs_time_limit_starts_when_the_one_before_it_ends():
    assert run_to_end(_at_once((time.sleep, 0.3), (time.sleep, 0.3), (time.sleep, 0.3))) == [None, None, None]


def test_feeds_larger_than_a_pipe_holds_go_both_ways_at_once():
    big = b"x" * (4 * 1024 * 1024)  # a worker answering one must not wait for the next to be sent
    assert run_to_end(_at_once(*[(bytes.upper, big)] * 3, timeout=30)) == [big.upper()] * 3


def test_the_jobs_waiting_in_a_worker_that_dies_go_to_the_next_one():
    answers = run_to_end(_at_once((os._exit, 1), (pow, 2, 10), (pow, 3, 2), timeout=5))
    assert answers == ["the feed could not be read: the process reading it stopped unexpectedly", 1024, 9]


def test_a_job_that_cannot_be_sent_fails_alone_as_a_bug():
    (unsent, sent) = run_to_end(_at_once((lambda: 1,), (pow, 2, 10)))
    assert unsent.startswith("the feed could not be read: contenthub failed on it (AttributeError: Can't pickle")
    assert unsent.endswith("a bug to report") and sent == 1024


def test_a_stopped_refresh_leaves_the_feeds_still_waiting_unread():
    async def stopped() -> float:
        async with WorkerPool(timeout=5, workers=1) as pool:
            jobs = [asyncio.ensure_future(pool.run(time.sleep, 0.2)) for _ in range(20)]
            await asyncio.sleep(0.5)
            for job in jobs:
                job.cancel()
            stopping = time.monotonic()
        return time.monotonic() - stopping

    assert run_to_end(stopped()) < 1.5, "the two jobs in the worker are finished, not the 3 s of the others"


def test_a_worker_that_dies_mid_job_fails_that_feed_alone():
    answers = run_to_end(_in_workers((os._exit, 1), (pow, 2, 10)))
    assert answers == ["the feed could not be read: the process reading it stopped unexpectedly", 1024]


def test_local_paths_and_file_urls_are_feeds_too(tmp_path):
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples/a.xml").write_bytes(rss("Local", ("l1", "A local entry", "Blogs")))
    found = [
        Source("relative", "Relative", "samples/a.xml", site_url="https://local.example/"),
        Source("file-url", "File URL", (tmp_path / "samples/a.xml").as_uri()),
        Source("missing", "Missing", "samples/none.xml"),
    ]
    cache = tmp_path / "cache"

    def statuses() -> list[tuple[str, bool]]:
        refreshed = run_to_end(refresh(found, cache, tmp_path, OPTIONS, Curation(), NOW))
        return [(outcome.status, outcome.parsed) for outcome in refreshed.outcomes]

    assert statuses() == [("new entries", True), ("new entries", True), ("failed", False)]
    assert statuses() == [("no changes", False), ("no changes", False), ("failed", False)], "same bytes: no parse"
    assert "cannot read" in load_health(cache)[0]["missing"].last_error
    assert [e.url for e in entries(cache, found[0]).values()] == ["https://fixture.example/l1/?keep=1"]


def test_an_empty_local_file_is_no_feed(tmp_path):
    (tmp_path / "empty.xml").write_bytes(b"\n")
    (outcome,) = run_to_end(
        refresh([Source("local", "Local", "empty.xml")], tmp_path / "cache", tmp_path, OPTIONS, Curation(), NOW)
    ).outcomes
    assert (outcome.status, outcome.error) == ("failed", f"{tmp_path / 'empty.xml'} is empty")


def test_empty_feeds_and_wrong_charsets_are_not_errors(server, tmp_path):
    _, url = server
    outcomes = run(sources(url, "/empty.xml", "/charset.xml"), tmp_path)
    assert outcomes["empty.xml"].status == "no changes" and outcomes["empty.xml"].added == 0
    assert outcomes["charset.xml"].status == "new entries"
    titles = [e.title for e in entries(tmp_path, sources(url, "/charset.xml")[0]).values()]
    assert titles == ["Crème brûlée"], "latin-1 bytes declared as UTF-8 are still read"


def test_a_permanent_redirect_reports_the_new_url(server, tmp_path):
    _, url = server
    outcomes = run(sources(url, "/moved.xml", "/moved-then-temporary.xml"), tmp_path)
    assert outcomes["moved.xml"].status == "new entries"
    assert outcomes["moved.xml"].moved_to == f"{url}/etag.xml"
    assert outcomes["moved-then-temporary.xml"].moved_to == f"{url}/for-now.xml", "not the temporary target"


def test_gzip_and_both_kinds_of_deflate_are_read(server, tmp_path):
    _, url = server
    outcomes = run(sources(url, "/gzip.xml", "/deflate.xml", "/raw-deflate.xml"), tmp_path)
    assert {name: o.status for name, o in outcomes.items()} == dict.fromkeys(
        ["gzip.xml", "deflate.xml", "raw-deflate.xml"], "new entries"
    )


def test_gone_and_repeatedly_failing_sources_are_skipped_until_forced(server, tmp_path):
    feeds, url = server
    gone, broken = sources(url, "/gone.xml", "/broken.xml")
    run([gone], tmp_path)
    assert run([gone], tmp_path)["gone.xml"].status == "skipped"
    for _ in range(SKIP_AFTER):
        assert run([broken], tmp_path)["broken.xml"].status == "failed"
    skipped = run([broken], tmp_path)["broken.xml"]
    assert skipped.status == "skipped" and "failed 5 times in a row" in skipped.error
    feeds.status.pop("/broken.xml")
    feeds.feeds["/broken.xml"] = (rss("Back", ("b1", "Back again", "Blogs")), "text/xml")
    forced = run([broken], tmp_path, replace(OPTIONS, force=True))["broken.xml"]
    assert forced.status == "new entries"
    assert load_health(tmp_path)[0][broken.id].errors == 0


def test_one_bad_source_never_fails_the_others(server, tmp_path):
    _, url = server
    outcomes = run(sources(url, "/rss.xml", "/missing.xml", "/bomb.xml", "/atom.xml"), tmp_path)
    assert [o.status for o in outcomes.values()] == ["new entries", "failed", "failed", "new entries"]


def test_hostile_markup_never_survives_cleaning(server, tmp_path):
    _, url = server
    (source,) = sources(url, "/xss.xml")
    run([source], tmp_path)
    (entry,) = entries(tmp_path, source).values()
    html = entry.summary_html.lower()
    for banned in ("<script", "onclick", "onerror", "javascript:", "<form", "<input", "<iframe", "<object", "<embed",
                   "<style", "<svg", "data:text"):  # fmt: skip
        assert banned not in html, banned
    assert 'href="https://safe.example/ok"' in entry.summary_html
    assert entry.title == "<script>alert('title')</script>Hostile entry", "a title is text, kept as written"
    assert entry.url == "", "a javascript: link is no link"


def test_curation_drops_entries_for_good_and_pins_picked_ones(server, tmp_path):
    feeds, url = server
    (source,) = sources(url, "/rss.xml")
    both = frozenset({"https://fixture.example/two/?keep=1", "one"})
    week = Period.parse("2026-W47")
    picking = RoundupSpec("roundups/a.md", week, picks=(Pick("one"),))
    excluding = RoundupSpec("roundups/b.md", week, exclude=tuple(sorted(both)))
    run([source], tmp_path, curation=Curation.of([picking, excluding]))
    assert list(entries(tmp_path, source)) == ["one"], "a pick somewhere wins over an exclusion elsewhere"
    loaded, _ = load_cache(cache_path(tmp_path, source.id), source.id)
    assert loaded.dropped == {"two": "https://fixture.example/two/?keep=1"}
    run([source], tmp_path)  # the feed still has it; the tombstone keeps it out
    assert list(entries(tmp_path, source)) == ["one"]
    # Retention keeps the newest `keep`, and any entry a roundup picked.
    feeds.feeds["/rss.xml"] = (rss("R", ("n1", "New 1", "Blogs"), ("n2", "New 2", "Blogs")), "text/xml")
    kept = replace(OPTIONS, keep_entries=1)
    run([source], tmp_path, kept, curation=Curation(pinned=frozenset({"one"})))
    assert sorted(entries(tmp_path, source)) == ["n1", "one"]


def test_entries_a_feed_no_longer_lists_stay_in_the_cache(server, tmp_path):
    feeds, url = server
    (source,) = sources(url, "/plain.xml")
    run([source], tmp_path)
    feeds.feeds["/plain.xml"] = (rss("Plain", ("p2", "Only the newest", "Blogs")), "text/xml")
    run([source], tmp_path)
    assert sorted(entries(tmp_path, source)) == ["p1", "p2"], "past roundups still build"


def test_entries_older_than_the_age_limit_go(server, tmp_path):
    _, url = server
    (source,) = sources(url, "/rss.xml")
    old = NOW - timedelta(days=500)
    outcome = run_to_end(refresh([source], tmp_path, tmp_path, OPTIONS, Curation(), old)).outcomes
    assert outcome[0].added == 2
    assert list(entries(tmp_path, source))  # dated November 2026, so young enough for now
    short = replace(OPTIONS, max_age_days=1)
    run([source], tmp_path, short)
    assert list(entries(tmp_path, source)) == [], "dated 19 and 20 November: older than a day on the 21st"


def test_a_corrupt_cache_file_is_reported_and_left_as_it_is(server, tmp_path):
    _, url = server
    (source,) = sources(url, "/rss.xml")
    path = cache_path(tmp_path, source.id)
    path.write_text('{"version": 1, "entries": [', encoding="utf-8")
    outcome = run([source], tmp_path)["rss.xml"]
    assert outcome.status == "unreadable cache"
    assert f"{path}: the cache file cannot be used: it is not valid JSON" in outcome.error
    assert path.read_text(encoding="utf-8") == '{"version": 1, "entries": [', "never overwritten"
    path.write_text('{"version": 99}', encoding="utf-8")
    assert "cache version 99" in run([source], tmp_path)["rss.xml"].error


# -- the command, end to end -------------------------------------------------------------------------


def feeds_site(site: Site, url: str, *paths: str, **options: object) -> None:
    config = base_config()
    config["plugins"].append({"contenthub/roundups": {"timeout": 1.5, **options}})
    site.configure(config)
    outlines = "".join(f'<outline type="rss" text="{p}" xmlUrl="{url}{p}"/>' for p in paths)
    (site.root / "feeds").mkdir(exist_ok=True)
    (site.root / "feeds/subscriptions.opml").write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head><title>S</title></head><body>{outlines}</body></opml>'
    )


def test_the_refresh_command_reports_a_table_and_fails_only_when_all_fail(server, site):
    _, url = server
    feeds_site(site, url, "/rss.xml", "/missing.xml", "/moved.xml", "/[/]x[bold]")
    result = site.contenthub("sources", "refresh")
    assert result.returncode == 0, result.stderr
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") > 4}
    assert "new entries" in rows["/rss.xml"] and "│   2 │" in rows["/rss.xml"]
    assert "failed" in rows["/missing.xml"] and "the server answered 404 Not Found" in rows["/missing.xml"]
    assert f"moved for good to {url}/etag.xml" in rows["/moved.xml"]
    assert "404" in rows["/[/]x[bold]"], "outside text is shown as text, never as rich markup"
    assert sorted(p.name for p in (site.root / "feeds/cache").glob("*.json")) == [
        "_health.json", "missing-xml.json", "moved-xml.json", "rss-xml.json", "x-bold.json"
    ]  # fmt: skip
    cached, _ = load_cache(site.root / "feeds/cache/rss-xml.json", "rss-xml")
    assert cached.classified and cached.values == {
        "one": ("channel/linkedin",),
        "two": ("market/b2b", "channel/email"),
    }, "the refresh classifies, so builds need not"
    feeds_site(site, url, "/missing.xml", "/gone.xml")
    assert site.contenthub("sources", "refresh").returncode == 1, "every source failed"
    assert site.contenthub("sources", "refresh", "--source", "nope").returncode == 2


def test_sources_with_nothing_to_say_are_counted_in_one_line_not_listed(server, site):
    _, url = server
    feeds_site(site, url, "/etag.xml", "/lastmod.xml", "/missing.xml")
    first = site.contenthub("sources", "refresh")
    assert "new entries" in first.stdout and "sources unchanged" not in first.stdout
    again = site.contenthub("sources", "refresh")
    rows = [line for line in again.stdout.splitlines() if line.count("│") > 4]
    assert len(rows) == 1 and "/missing.xml" in rows[0] and "404" in rows[0]
    assert again.stdout.rstrip().endswith("2 of 3 sources unchanged (not modified: 2)")
    feeds_site(site, url, "/etag.xml")
    quiet = site.contenthub("sources", "refresh")
    assert quiet.returncode == 0 and quiet.stdout.strip() == "1 of 1 sources unchanged (not modified: 1)"


def test_killing_a_refresh_midway_leaves_every_cache_file_readable(server, site):
    feeds, url = server
    paths = [f"/rss.xml?n={n}" for n in range(40)]
    feeds_site(site, url, *paths)
    for path in paths:
        feeds.feeds[path] = feeds.feeds["/rss.xml"]
    site.contenthub("sources", "refresh")  # every source has a cache now
    feeds.latency = 0.05
    for path in paths:  # new content, so the next refresh rewrites every file
        feeds.feeds[path] = (rss("Changed", ("c1", "Changed entry", "Blogs")), "text/xml")
    process = subprocess.Popen(
        [sys.executable, "-m", "contenthub.cli", "sources", "refresh"], cwd=site.root, env=ENV,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    cache = site.root / "feeds/cache"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it once some, but not all, files were rewritten
        changed = sum("Changed entry" in p.read_text(encoding="utf-8") for p in cache.glob("*.json"))
        if changed >= 3:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    files = [path for path in cache.glob("*.json") if path.name != HEALTH_FILE]
    assert len(files) == 40
    assert load_health(cache)[1] is None, "the health record is whole too"
    for path in files:
        loaded, problem = load_cache(path, path.stem)
        assert problem is None and loaded is not None, path
    changed = sum("Changed entry" in p.read_text(encoding="utf-8") for p in files)
    assert 0 < changed < 40, "the refresh was stopped half way"
    site.contenthub("sources", "refresh")
    assert not list(cache.glob(".*.tmp")), "a later refresh clears what a killed one left"


def test_import_merges_without_duplicates_and_export_round_trips(server, site):
    _, url = server
    feeds_site(site, url, "/rss.xml")
    reader = site.root / "reader.opml"
    reader.write_text(
        '<?xml version="1.0"?><opml version="1.0"><head><title>My reader</title></head><body>'
        f'<outline text="Marketing"><outline type="rss" text="Same feed" xmlUrl="{url.upper()}/rss.xml/"/>'
        '<outline type="rss" text="Atom" title="Atom blog" xmlUrl="https://atom.example/feed" '
        'htmlUrl="https://atom.example/"/></outline></body></opml>'
    )
    result = site.contenthub("sources", "import", "reader.opml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 source added, 1 already followed; 2 in")
    exported = site.contenthub("sources", "export")
    assert exported.returncode == 0
    assert exported.stdout.count("<outline ") == 2 and 'title="Atom blog"' in exported.stdout
    again = site.contenthub("sources", "import", "reader.opml")
    assert again.stdout.startswith("0 sources added, 2 already followed")
    broken = site.root / "broken.opml"
    broken.write_text("<opml><body><outline")
    failed = site.contenthub("sources", "import", "broken.opml")
    assert failed.returncode == 2 and "broken.opml:1: not well-formed XML" in failed.stdout


def test_the_old_command_name_feeds_still_works_and_says_the_new_one(server, site):
    _, url = server
    feeds_site(site, url, "/rss.xml")
    old = site.contenthub("feeds", "export")
    assert old.returncode == 0 and old.stdout == site.contenthub("sources", "export").stdout
    assert "`contenthub feeds` is now `contenthub sources`" in old.stderr
    listed = site.contenthub("--help")
    assert "sources" in listed.stdout and "feeds" not in listed.stdout.split("Commands:")[1]


def test_an_explicit_id_keeps_a_blogs_cache_through_renames(server, site):
    _, url = server
    feeds_site(site, url)
    opml = site.root / "feeds/subscriptions.opml"

    def follow(*outlines: tuple[str, str]) -> None:
        body = "".join(
            f'<outline type="rss" text="{title}" contenthub:id="{source_id}" xmlUrl="{url}/rss.xml"/>'
            for title, source_id in outlines
        )
        opml.write_text(
            f'<opml version="2.0" xmlns:contenthub="{NAMESPACE}"><head/><body>{body}</body></opml>', encoding="utf-8"
        )

    follow(("Fixture blog", "fixture"))
    assert site.contenthub("sources", "refresh").returncode == 0
    follow(("A new name for the same blog", "fixture"))
    drafted = site.contenthub("roundup", "draft", "--month", "2026-11")
    assert drafted.returncode == 0, drafted.stdout + drafted.stderr
    assert ": 2 candidate entries for November 2026" in drafted.stdout, "the renamed blog's entries are still there"


def test_ids_are_reserved_first_and_bad_ones_named():
    text = (
        f'<opml version="2.0" xmlns:contenthub="{NAMESPACE}"><head/><body>\n'
        '<outline text="Blog" xmlUrl="https://a.example/feed"/>\n'
        '<outline text="Other" contenthub:id="blog" xmlUrl="https://b.example/feed"/>\n'
        '<outline text="Third" contenthub:id="blog" xmlUrl="https://c.example/feed"/>\n'
        '<outline text="Fourth" contenthub:id="Not An Id" xmlUrl="https://d.example/feed"/>\n'
        '<outline text="Fifth" htmlUrl="http://[::1" xmlUrl="https://e.example/feed"/>\n'
        "</body></opml>"
    )
    found, problems = read_subscriptions(text.encode(), "s.opml")
    assert [s.id for s in found.sources] == ["blog-2", "blog", "third", "fourth", "fifth"]
    assert [(p.line, p.field, p.severity) for p in problems] == [
        (4, "contenthub:id", Severity.ERROR),
        (5, "contenthub:id", Severity.WARNING),
        (2, "contenthub:id", Severity.WARNING),  # its title's slug is the id line 3 claims
        (6, "htmlUrl", Severity.WARNING),
    ]
    assert "`not-an-id`" in problems[1].hint
    assert found.sources[4].site_url == "", "an address that does not parse is never a link"


def test_ids_of_outlines_on_one_line_stay_each_its_own():
    outlines = "".join(
        f'<outline text="{title}" contenthub:id="{source_id}" xmlUrl="https://{source_id}.example/f"/>'
        for title, source_id in (("Acme!", "alpha"), ("Acme?", "beta"), ("ACME", "gamma"), ("Beta", ""))
    )
    text = f'<opml version="2.0" xmlns:contenthub="{NAMESPACE}"><head/><body>{outlines}</body></opml>'
    found, problems = read_subscriptions(text.encode(), "s.opml")
    assert [s.id for s in found.sources] == ["alpha", "beta", "gamma", "beta-2"]
    assert [(p.line, p.message.split(",")[0]) for p in problems] == [(1, "line 1 gives another blog the id `beta`")]


def test_an_opml_in_its_own_declared_encoding_is_read():
    text = '<?xml version="1.0" encoding="iso-8859-1"?><opml version="2.0"><head><title>Caf\xe9</title></head><body>'
    text += '<outline text="R\xe9seaux sociaux" xmlUrl="https://r.example/feed"/></body></opml>'
    found, problems = read_subscriptions(text.encode("latin-1"), "latin.opml")
    assert problems == []
    assert found.title == "Caf\xe9" and found.sources[0].title == "R\xe9seaux sociaux"
    assert found.sources[0].id == "reseaux-sociaux"


def test_export_of_a_broken_subscriptions_file_fails_and_says_where(server, site):
    _, url = server
    feeds_site(site, url, "/rss.xml")
    (site.root / "feeds/subscriptions.opml").write_text("<opml><body><outline")
    result = site.contenthub("sources", "export")
    assert result.returncode == 2
    assert "feeds/subscriptions.opml:1: not well-formed XML" in result.stdout
    assert "<opml" not in result.stdout, "nothing half-read is exported"


def test_export_to_a_folder_that_is_not_there_says_so(server, site):
    _, url = server
    feeds_site(site, url, "/rss.xml")
    result = site.contenthub("sources", "export", "-o", "missing/folder/feeds.opml")
    assert result.returncode == 2 and "cannot write missing/folder/feeds.opml" in result.stderr
    assert "Traceback" not in result.stderr


HAND_MADE = """<?xml version="1.0" encoding="utf-8"?>
<!-- Kept by hand: the folders are how the editors think of the blogs. -->
<opml version="2.0" xmlns:reader="https://reader.example/ns">
  <head><title>Our blogs</title><ownerName>Editors</ownerName></head>
  <body>
    <outline text="B2B">
      <outline type="rss" text="Pipeline" xmlUrl="https://pipeline.example/feed" reader:starred="yes"
               htmlUrl="https://pipeline.example/" category="/sales"/>
    </outline>
    <!-- Consumer blogs next -->
    <outline text="B2C"/>
  </body>
</opml>
"""


def added_to(existing: bytes, *titles: str) -> tuple[bytes, list[Source]]:
    """`existing` with a source for each title added, and every source it reads back as."""
    sources = [Source(slugify(title), title, f"https://{slugify(title)}.example/feed") for title in titles]
    sources[0] = replace(sources[0], site_url="https://new.example/", defaults=(("market", "B2B"),))
    updated = add_outlines(existing, sources)
    found, problems = read_subscriptions(updated, "s.opml")
    assert problems == []
    return updated, found.sources


def test_import_adds_outlines_and_keeps_every_byte_of_a_hand_made_file():
    updated, sources = added_to(HAND_MADE.encode(), 'New "blog" & <friends>', "Line\nbreak")
    head, _, tail = HAND_MADE.rpartition("</body>")
    assert updated.decode().startswith(head.replace("<opml version", f'<opml xmlns:contenthub="{NAMESPACE}" version'))
    assert updated.decode().endswith("</body>" + tail)
    assert [(s.id, s.title) for s in sources] == [
        ("pipeline", "Pipeline"),
        ("new-blog-friends", 'New "blog" & <friends>'),
        ("line-break", "Line\nbreak"),
    ]
    assert sources[1].site_url == "https://new.example/" and sources[1].defaults == (("market", "B2B"),)
    again, _ = added_to(updated, "Third")
    assert again.count(b"xmlns:contenthub=") == 1, "the namespace is declared once"


BOM_FIRST = "\ufeff<opml version='2.0'><body><outline text='BOM' xmlUrl='https://bom.example/f'/></body></opml>"


@pytest.mark.parametrize(
    ("existing", "encoding"),
    [
        ('<?xml version="1.0" encoding="iso-8859-1"?><opml version="2.0"><body><outline text="Caf\xe9" '
         'xmlUrl="https://cafe.example/f"/></body></opml>', "iso-8859-1"),
        ('<?xml version="1.0" encoding="Shift_JIS"?><opml version="2.0"><body><outline text="\u65e5\u672c" '
         'xmlUrl="https://jp.example/f"/></body></opml>', "shift_jis"),
        (BOM_FIRST, "utf-16-be"),
        (BOM_FIRST, "utf-8"),
    ],
)  # fmt: skip
def test_import_writes_in_the_files_own_encoding(existing, encoding):
    data = existing.encode(encoding)
    updated, sources = added_to(data, "\u00c9t\u00e9 \u65e5\u672c \U0001f600")
    opml, body, end = (data.index(tag.encode(encoding)) for tag in ("<opml", "<body", "</body"))
    assert updated.startswith(data[:opml]) and data[body:end] in updated, "what was there is untouched"
    updated.decode(encoding)  # still in its encoding; what it lacks is written as character references
    assert sources[-1].title == "\u00c9t\u00e9 \u65e5\u672c \U0001f600"
    assert sources[0].title == read_subscriptions(data, "s.opml")[0].sources[0].title


@pytest.mark.parametrize(
    "existing",
    [
        '<opml version="2.0"><head/><body/></opml>',
        '<opml version="2.0"><head/><body   /></opml>',
        '<opml version="2.0"><head/></opml>',
        f'<opml version="2.0" xmlns:ch="{NAMESPACE}"><body><outline text="Old" ch:id="old" xmlUrl="https://o.example/f"/></body></opml>',
        '<opml version="2.0" xmlns:contenthub="https://elsewhere.example/"><body/></opml>',
    ],
)  # fmt: skip
def test_import_adds_to_an_empty_body_a_missing_one_and_any_namespace_prefix(existing):
    updated, sources = added_to(existing.encode(), "New")
    assert [s.id for s in sources][-1] == "new" and updated.count(b"<body") == 1
    if "xmlns:ch=" in existing:
        assert b' ch:id="new"' in updated and [s.id for s in sources] == ["old", "new"]
    if "elsewhere" in existing:
        assert b'xmlns:contenthub-2="https://pypi.org' in updated and b"contenthub-2:id" in updated


OLD = '<outline text="Old" xmlUrl="https://old.example/f"/>'


@pytest.mark.parametrize(
    "existing",
    [
        f'<opml version="2.0"><body xmlns:contenthub="urn:other">{OLD}</body></opml>',
        f'<opml version="2.0" xmlns:contenthub="urn:other"><body xmlns:contenthub="{NAMESPACE}">{OLD}</body></opml>',
        f'<opml xmlns="http://opml.org/spec2" version="2.0"><body>{OLD}</body></opml>',
        f'<opml version="2.0"><head><body/></head><body>{OLD}</body></opml>',
        f'<opml\n version="2.0"><body>{OLD}</body></opml>',
    ],
)
def test_import_writes_outlines_the_hub_reads_back_whatever_the_namespaces_say(existing):
    _, sources = added_to(existing.encode(), "New")
    assert [(s.id, s.defaults) for s in sources] == [("old", ()), ("new", (("market", "B2B"),))]


@pytest.mark.parametrize(
    "existing",
    [b'<opml version="2.0"/>', b"<opml><body/></opml>", b'<opml><body note="a/>b"/><x/></opml>',
     b"<opml><head/><body></body></opml>", f"<opml><body>{OLD}</body></opml>".encode()],
)  # fmt: skip
def test_import_puts_the_outlines_in_the_body(existing):
    updated, sources = added_to(existing, "New")
    assert [s.id for s in sources][-1] == "new"
    bodies = ElementTree.fromstring(updated).findall("body")
    assert len(bodies) == 1 and bodies[0].findall("outline")[-1].get("text") == "New"


def test_import_into_a_crlf_file():
    crlf = f'<?xml version="1.0"?>\r\n<opml version="2.0">\r\n<body>\r\n{OLD}\r\n</body>\r\n</opml>\r\n'
    updated, _ = added_to(crlf.encode(), "New")
    assert b"\n" not in updated.replace(b"\r\n", b""), "every line ends as the file's do"


@pytest.mark.parametrize(
    "existing",
    [b'<o:opml xmlns:o="urn:o" version="2.0"/>', b'<opml xmlns:x="urn:x"><x:body/></opml>',
     b'<opml xmlns:x="urn:x"><head/><x:body></x:body></opml>'],
)  # fmt: skip
def test_import_closes_a_prefixed_empty_element_with_its_own_name(existing):
    _, sources = added_to(existing, "New")
    assert [s.id for s in sources] == ["new"]


def test_import_refuses_a_body_the_file_only_names_through_an_entity():
    data = f'<!DOCTYPE opml [<!ENTITY b "<body/>">]><opml version="2.0">{OLD}&b;</opml>'.encode()
    with pytest.raises(ValueError, match="its <body> is not written out in the file itself"):
        add_outlines(data, [Source("new", "New", "https://new.example/f")])


def test_import_writes_what_a_legacy_encoding_would_change_as_character_references():
    text = f'<?xml version="1.0" encoding="Shift_JIS"?><opml version="2.0"><body>{OLD}</body></opml>'
    data = text.encode("shift_jis")
    _, sources = added_to(data, "Price \u00a5 and \\ and \u65e5\u672c")
    assert sources[-1].title == "Price \u00a5 and \\ and \u65e5\u672c"


def test_an_import_that_cannot_be_written_whole_leaves_the_file_as_it_was(server, site):
    _, url = server
    feeds_site(site, url, *(f"/feed-{n}.xml" for n in range(60)))
    subscriptions = site.root / "feeds/subscriptions.opml"
    before = subscriptions.read_bytes()
    (site.root / "reader.opml").write_text(
        '<opml><body><outline text="New" xmlUrl="https://n.example/f"/></body></opml>'
    )
    result = subprocess.run(
        [sys.executable, "-m", "contenthub.cli", "sources", "import", "reader.opml"],
        cwd=site.root, env=ENV, capture_output=True, text=True, timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) // 2, len(before) // 2)),
    )  # fmt: skip
    assert result.returncode == 2 and "cannot write" in result.stderr and "nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert subscriptions.read_bytes() == before
    assert not list(subscriptions.parent.glob(".*.tmp")), "no temporary file is left behind"


def test_import_refuses_an_encoding_that_would_change_other_bytes():
    data = '<?xml version="1.0" encoding="big5"?><opml version="2.0"><body></body></opml>'.encode("big5")
    data = data.replace(b"<body>", b"<body><!-- \xa1\xfe -->")  # decodes, but encodes back as A2 41
    with pytest.raises(ValueError, match="save it as UTF-8"):
        add_outlines(data, [Source("new", "New", "https://new.example/f")])


def test_import_writes_through_a_link_and_keeps_the_files_permissions(server, site):
    _, url = server
    feeds_site(site, url)
    shared = site.root / "shared.opml"
    shared.write_text(f'<opml version="2.0"><body>{OLD}</body></opml>')
    shared.chmod(0o644)
    subscriptions = site.root / "feeds/subscriptions.opml"
    subscriptions.unlink()
    subscriptions.symlink_to(shared)
    (site.root / "reader.opml").write_text(
        '<opml><body><outline text="New" xmlUrl="https://n.example/f"/></body></opml>'
    )
    assert site.contenthub("sources", "import", "reader.opml").returncode == 0
    assert subscriptions.is_symlink() and 'contenthub:id="new"' in shared.read_text()
    assert shared.stat().st_mode & 0o777 == 0o644


def test_import_into_a_file_that_is_not_opml_changes_nothing(server, site):
    _, url = server
    feeds_site(site, url)
    subscriptions = site.root / "feeds/subscriptions.opml"
    subscriptions.write_text('<rss><outline text="Odd" xmlUrl="https://odd.example/f"/></rss>')
    (site.root / "reader.opml").write_text(
        '<opml><body><outline text="New" xmlUrl="https://n.example/f"/></body></opml>'
    )
    result = site.contenthub("sources", "import", "reader.opml")
    assert result.returncode == 2 and "its root element is not <opml>" in result.stderr
    assert "Traceback" not in result.stderr
    assert subscriptions.read_text() == '<rss><outline text="Odd" xmlUrl="https://odd.example/f"/></rss>'


def test_import_keeps_the_folders_of_the_current_file(server, site):
    _, url = server
    feeds_site(site, url)
    subscriptions = site.root / "feeds/subscriptions.opml"
    subscriptions.write_text(HAND_MADE, encoding="utf-8")
    (site.root / "reader.opml").write_text(
        '<opml><body><outline text="Pipeline again" xmlUrl="https://PIPELINE.example/feed/"/>'
        '<outline text="New" xmlUrl="https://n.example/f"/></body></opml>'
    )
    result = site.contenthub("sources", "import", "reader.opml")
    assert result.returncode == 0 and result.stdout.startswith("1 source added, 1 already followed; 2 in")
    written = subscriptions.read_text(encoding="utf-8")
    assert '<outline text="B2B">' in written and "<!-- Consumer blogs next -->" in written
    assert 'reader:starred="yes"' in written and 'contenthub:id="new"' in written


def test_import_shows_the_current_files_problems(server, site):
    _, url = server
    feeds_site(site, url)
    (site.root / "feeds/subscriptions.opml").write_text(
        f'<opml version="2.0"><body>\n<outline text="Mine" xmlUrl="{url}/rss.xml" htmlUrl="htps://mine.example/"/>'
        "</body></opml>"
    )
    (site.root / "reader.opml").write_text(
        '<opml><body><outline text="New" xmlUrl="https://n.example/f"/></body></opml>'
    )
    result = site.contenthub("sources", "import", "reader.opml")
    assert result.returncode == 0
    assert "subscriptions.opml:2: htmlUrl: `htps://mine.example/` is not an http(s) address" in result.stdout


def test_import_writes_ids_so_later_renames_keep_the_cache(server, site):
    _, url = server
    feeds_site(site, url)
    (site.root / "reader.opml").write_text(
        f'<opml version="1.0"><head/><body><outline text="Fixture blog" xmlUrl="{url}/rss.xml"/></body></opml>'
    )
    assert site.contenthub("sources", "import", "reader.opml").returncode == 0
    written = (site.root / "feeds/subscriptions.opml").read_text(encoding="utf-8")
    assert 'contenthub:id="fixture-blog"' in written
    found, problems = read_subscriptions(written.replace("Fixture blog", "Renamed").encode(), "s.opml")
    assert problems == [] and [s.id for s in found.sources] == ["fixture-blog"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<?xml version="1.0" encoding="utf8x"?><opml/>', "s.opml:1: it declares the encoding `utf8x`"),
        (b'<?xml version="1.0" encoding="hex"?><opml/>', "s.opml:1: it declares the encoding `hex`"),
        (b'<?xml version="1.0"?>\n<opml>\n<body>\xff</body></opml>', "s.opml:3: it is not valid utf-8"),
    ],
)
def test_an_opml_in_an_encoding_nobody_can_read_is_named_not_a_traceback(data, expected):
    found, problems = read_subscriptions(data, "s.opml")
    assert found.sources == [] and [p.severity for p in problems] == [Severity.ERROR]
    assert str(problems[0]).startswith(expected)


def test_opml_in_multibyte_encodings_is_read():
    body = '<opml version="2.0"><head><title>日本のブログ</title></head><body>'
    body += '<outline text="ソーシャル" xmlUrl="https://j.example/feed"/></body></opml>'
    for encoding, data in [
        ("Shift_JIS", f'<?xml version="1.0" encoding="Shift_JIS"?>{body}'.encode("shift_jis")),
        ("UTF-16", f'<?xml version="1.0" encoding="UTF-16"?>{body}'.encode("utf-16")),
    ]:
        found, problems = read_subscriptions(data, "s.opml")
        assert problems == [], encoding
        assert found.title == "日本のブログ" and found.sources[0].title == "ソーシャル", encoding


def test_an_id_that_takes_another_blogs_title_slug_is_reported():
    text = (
        f'<opml version="2.0" xmlns:contenthub="{NAMESPACE}"><body>\n'
        '<outline text="Alpha Notes" xmlUrl="https://a.example/feed"/>\n'
        '<outline text="Other" contenthub:id="alpha-notes" xmlUrl="https://o.example/feed"/>\n</body></opml>'
    )
    found, problems = read_subscriptions(text.encode(), "s.opml")
    assert [s.id for s in found.sources] == ["alpha-notes-2", "alpha-notes"]
    assert [(p.line, p.field) for p in problems] == [(2, "contenthub:id")]
    assert "line 3 gives another blog the id `alpha-notes`" in problems[0].message


def test_an_entry_one_roundup_both_picks_and_excludes_becomes_a_tombstone(server, tmp_path):
    _, url = server
    (source,) = sources(url, "/rss.xml")
    spec = RoundupSpec("roundups/a.md", Period.parse("2026-W47"), picks=(Pick("one"),), exclude=("one",))
    run([source], tmp_path, curation=Curation.of([spec]))
    assert "one" not in entries(tmp_path, source), "exclude wins within one roundup"
    loaded, _ = load_cache(cache_path(tmp_path, source.id), source.id)
    assert "one" in loaded.dropped
