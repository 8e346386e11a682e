"""`mkdocs serve` and `properdocs serve`, for real: drafts show with a badge, and rebuilds (also --dirty)
keep the hub right."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, ENV, Site, base_config, free_port

FACETS = {"market": {"values": ["B2B", "B2C"]}, "channel": {"values": ["LinkedIn", "Email"]}}


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def serving(site: Site, command: str) -> Iterator[str]:
    """The site served by `command` (`mkdocs`, `properdocs --dirty`...) on a free local port: its URL,
    once its value page for B2B answers. Stopped after; a traceback in its log fails the test."""
    port = free_port()
    engine, *options = command.split()
    process = subprocess.Popen(
        [str(BIN / engine), "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload", *options],
        cwd=site.root,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(url + "market/b2b/") is not None or process.poll() is not None, f"{engine} serve")
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        yield url
    finally:
        process.terminate()
        try:
            log = process.communicate(timeout=15)[1]
        except subprocess.TimeoutExpired:
            process.kill()
            log = process.communicate()[1]
        assert "Traceback" not in log, log


def titles(html: str | None) -> list[str]:
    soup = BeautifulSoup(html or "", "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".ch-listing .ch-card__title a")]


@pytest.fixture(params=["mkdocs", "mkdocs --dirty", "properdocs", "properdocs --dirty"])
def served(request: pytest.FixtureRequest, site: Site) -> Iterator[tuple[Site, str]]:
    config = base_config(facets=FACETS)
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    site.post("published", date="2024-01-01", market="B2B", channel="LinkedIn")
    site.post("other", date="2024-01-02", market="B2C", channel="Email")
    site.post("work-in-progress", date="2024-02-01", market="B2B", channel="Email", draft=True)
    with serving(site, request.param) as url:
        yield site, url


def test_drafts_are_shown_with_a_badge_while_serving(served):
    _, url = served
    listing = BeautifulSoup(fetch(url + "market/b2b/"), "html.parser")
    cards = {card.select_one(".ch-card__title").get_text(strip=True): card for card in listing.select(".ch-card")}
    assert set(cards) == {"Work In Progress", "Published"}
    assert cards["Work In Progress"].select_one(".ch-badge--draft").get_text() == "Draft"
    assert cards["Published"].select_one(".ch-badge--draft") is None
    post = BeautifulSoup(fetch(url + "posts/work-in-progress/"), "html.parser")
    assert post.select_one(".ch-post-meta .ch-badge--draft") is not None
    index = json.loads(fetch(url + "knowledge-base/posts.json"))
    assert [row[5:] for row in index["posts"] if row[0] == "posts/work-in-progress/"] == [[1]]


def test_rebuilds_keep_counts_pages_and_related_posts_right(served):
    site, url = served
    assert titles(fetch(url + "channel/email/")) == ["Work In Progress", "Other"]
    # Move "published" from LinkedIn to Email, and add a post with a brand-new combination.
    site.post("published", date="2024-01-01", market="B2B", channel="Email")
    site.post("newcomer", date="2024-03-01", market="B2C", channel="LinkedIn")
    wait_for(
        lambda: titles(fetch(url + "channel/email/")) == ["Work In Progress", "Other", "Published"],
        "the Email page to list the moved post",
    )
    wait_for(lambda: titles(fetch(url + "channel/linkedin/")) == ["Newcomer"], "the LinkedIn page to update")
    assert fetch(url + "posts/newcomer/") is not None, "the new post's page exists"
    # "other" was not edited, but its related posts changed: it now shares Email with "published".
    related = BeautifulSoup(fetch(url + "posts/other/"), "html.parser").select(".ch-related li a")
    assert [a.get_text() for a in related] == ["Newcomer", "Work In Progress", "Published"]


def test_feeds_follow_edits_and_keep_the_full_text_of_unchanged_posts(served):
    site, url = served

    def contents() -> dict[str, str]:
        items = json.loads(fetch(url + "feed.json") or "{}").get("items", [])
        return {item["title"]: item["content_html"] for item in items}

    assert "A first paragraph." in contents()["Other"]
    assert "Work In Progress" not in contents(), "drafts are never syndicated, even while serving"
    site.post("published", date="2024-01-01", market="B2B", channel="LinkedIn", body="Rewritten **body**.\n")
    wait_for(lambda: "<strong>body</strong>" in contents().get("Published", ""), "the feed to carry the edit")
    assert "<p>A first paragraph.</p>" in contents()["Other"], "an unchanged post keeps its rendered body"
