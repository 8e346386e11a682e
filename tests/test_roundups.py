"""Roundups from real `mkdocs build` runs: outside feeds refreshed by the real `contenthub` command into a
cache, curated by roundup files, shown on roundup pages, value pages, the knowledge base and the feeds."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup

from contenthub.ingest.health import SKIP_AFTER, load_health, save_health
from feeds_server import FeedsServer, running

from conftest import Site, base_config, content, front_matter

FACETS = {
    "market": {"values": {"B2B": {}, "B2C": {}}},
    "channel": {
        "values": {
            "LinkedIn": {"keywords": ["social selling"]},
            "YouTube": {"aliases": ["video"]},
            "Email": {},
            "Podcasts": {},
        }
    },
}

ALPHA = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Alpha Notes</title><link>https://alpha.example/</link>
<description>B2B notes.</description>
<item><title>Selling socially, every day</title><guid isPermaLink="false">a1</guid>
<link>https://alpha.example/a1?utm_source=rss&amp;x=1</link><pubDate>Tue, 17 Nov 2026 09:00:00 +0000</pubDate>
<description>Social selling is a habit. Ten minutes a day.</description></item>
<item><title>Sponsored: buy our tool</title><guid isPermaLink="false">a2</guid><link>https://alpha.example/a2</link>
<pubDate>Wed, 18 Nov 2026 09:00:00 +0000</pubDate><description>An advertisement.</description></item>
<item><title>One record per customer</title><guid isPermaLink="false">a3</guid><link>https://shared.example/story</link>
<pubDate>Thu, 19 Nov 2026 09:00:00 +0000</pubDate><description>Support and sales share a record.</description></item>
<item><title>&lt;script&gt;alert('title')&lt;/script&gt;Hostile &lt;img src=x onerror=alert(1)&gt;</title>
<guid isPermaLink="false">a4</guid><link>javascript:alert(1)</link><pubDate>Fri, 20 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<script>alert(2)</script><p onclick="alert(3)">Hostile <a href="javascript:alert(4)">link</a></p>
<svg><a xlink:href="javascript:alert(5)"><text>svg</text></a></svg><form action="https://evil.example/">
<input name="q"></form><iframe src="https://evil.example/"></iframe>]]></description></item>
<item><title>Email cadence that works</title><guid isPermaLink="false">a5</guid><link>https://alpha.example/a5</link>
<category>Email</category><pubDate>Tue, 10 Nov 2026 09:00:00 +0000</pubDate><description>Weekly.</description></item>
<item><title>An item the editors excluded</title><guid isPermaLink="false">a6</guid><link>https://alpha.example/a6</link>
<pubDate>Wed, 11 Nov 2026 09:00:00 +0000</pubDate><description>Not wanted.</description></item>
</channel></rss>"""

BETA = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Beta Video</title><id>urn:beta</id>
<updated>2026-11-21T09:00:00Z</updated><link href="https://beta.example/"/>
<entry><title>Short demos win</title><id>urn:beta:b1</id><link href="https://beta.example/b1"/>
<category term="YouTube"/><published>2026-11-18T09:00:00Z</published><updated>2026-11-18T09:00:00Z</updated>
<summary>Ninety seconds is enough.</summary></entry>
<entry><title>One record per customer (reposted)</title><id>urn:beta:b2</id>
<link href="https://shared.example/story"/><published>2026-11-21T09:00:00Z</published>
<updated>2026-11-21T09:00:00Z</updated><summary>Carried here too.</summary></entry>
</feed>"""

SUBSCRIPTIONS = """<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0" xmlns:contenthub="https://pypi.org/project/mkdocs-contenthub/"><head><title>S</title></head>
<body>
<outline type="rss" text="Alpha Notes" xmlUrl="alpha.xml" htmlUrl="https://alpha.example/"
  contenthub:facets="market: B2B"/>
<outline type="rss" text="Beta Video" xmlUrl="beta.atom" htmlUrl="javascript:alert(6)"
  contenthub:facets="market: B2C"/>
</body></opml>"""

W47 = (
    front_matter(
        title="Week 47 roundup",
        date="2026-11-22",
        description="The week's picks.",
        period="2026-W47",
        market=["B2B", "B2C"],
        channel=["LinkedIn", "YouTube"],
        picks=[
            {"id": "a1", "note": "A habit, not a campaign."},
            {"id": "https://shared.example/story", "note": "Two blogs carried it."},
            "urn:beta:b1",
            "a4",
        ],
    )
    + "\nThe editor's introduction to week 47.\n"
)

W46 = (
    front_matter(
        title="Week 46 roundup",
        date="2026-11-15",
        period="2026-W46",
        market="B2B",
        channel="Email",
        exclude=["https://alpha.example/a6"],
    )
    + "\nNo picks: the week's entries show.\n"
)


HOSTILE_TITLE = "<script>alert('title')</script>Hostile <img src=x onerror=alert(1)>"


def roundup_config(**options: object) -> dict[str, object]:
    config = base_config(facets=FACETS, timezone="UTC")
    config["plugins"] += [
        {
            "contenthub/roundups": {
                "group_by": "channel",
                "around_the_web": 2,
                "max_age_days": 100000,
                "rules": {"block": [{"title": "^sponsored\\b"}]},
                **options,
            }
        },
        {"contenthub/syndication": {}},
    ]
    return config


def make_hub(root: Path) -> Site:
    site = Site(root)
    site.configure(roundup_config())
    site.write("index.md", "# Home\n")
    site.post("our-post", date="2026-11-01", market="B2B", channel="LinkedIn")
    site.write("roundups/2026-w47.md", W47)
    site.write("roundups/2026-w46.md", W46)
    feeds = root / "feeds"
    feeds.mkdir()
    (feeds / "alpha.xml").write_text(ALPHA, encoding="utf-8")
    (feeds / "beta.atom").write_text(BETA, encoding="utf-8")
    (feeds / "subscriptions.opml").write_text(SUBSCRIPTIONS, encoding="utf-8")
    refreshed = site.contenthub("sources", "refresh")
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    return site


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    site = make_hub(tmp_path_factory.mktemp("roundups"))
    site.build()
    yield site


def stories(soup: BeautifulSoup) -> list[BeautifulSoup]:
    return soup.select(".ch-story")


def test_a_roundup_page_groups_its_picks_with_credits_chips_and_notes(hub: Site):
    page = content(hub.html("roundups/2026-w47/"))
    assert "The editor's introduction to week 47." in page.get_text()
    assert "Week 47, 2026 (November 16\u2009–\u200922): 4 entries from around the web." in page.get_text()
    groups = [(h2.get_text(strip=True), [s.select_one(".ch-card__title").get_text() for s in _group(h2)])
              for h2 in page.select(".ch-roundup h2")]  # fmt: skip
    assert groups == [
        ("LinkedIn", ["Selling socially, every day"]),
        ("YouTube", ["Short demos win"]),
        ("Other", ["One record per customer", HOSTILE_TITLE]),
    ], "grouped by the channel's declared order; the author's order within a group"
    first = stories(page)[0]
    link = first.select_one(".ch-card__title a")
    assert link["href"] == "https://alpha.example/a1?x=1", "tracking parameters are stripped"
    assert link["rel"] == ["noopener"]
    credit = first.select_one(".ch-card__meta a")
    assert (credit.get_text(), credit["href"], credit["rel"]) == ("Alpha Notes", "https://alpha.example/", ["noopener"])
    assert first.select_one("time")["datetime"].startswith("2026-11-17")
    assert first.select_one(".ch-story__excerpt").get_text() == "Social selling is a habit. Ten minutes a day."
    chips = {a.get_text(" ", strip=True): a["href"] for a in first.select(".ch-chip")}
    assert chips == {"Market B2B": "../../market/b2b/", "Channel LinkedIn": "../../channel/linkedin/"}, (
        "the source's default and a keyword in the summary"
    )
    assert first.select_one(".ch-story__note").get_text() == "Editor’s note: A habit, not a campaign."


def _group(heading: BeautifulSoup) -> list[BeautifulSoup]:
    return heading.find_next_sibling("ol").select(".ch-story")


def test_one_article_in_two_sources_appears_once_crediting_both(hub: Site):
    page = content(hub.html("roundups/2026-w47/"))
    shared = [s for s in stories(page) if "shared.example/story" in str(s.select_one(".ch-card__title a"))]
    assert len(shared) == 1
    credits = [a.get_text() for a in shared[0].select(".ch-card__meta a")]
    assert credits == ["Alpha Notes", "Beta Video"], "the earliest copy first"
    assert shared[0].select_one("time")["datetime"].startswith("2026-11-19"), "the earliest copy's date"
    chips = [a.get_text(" ", strip=True) for a in shared[0].select(".ch-chip")]
    assert chips == ["Market B2B", "Market B2C"], "values from both sources"
    assert shared[0].select_one(".ch-story__note").get_text().endswith("Two blogs carried it.")


def test_a_source_site_that_is_not_http_is_never_a_link(hub: Site):
    page = content(hub.html("roundups/2026-w47/"))
    video = next(s for s in stories(page) if "Short demos win" in s.get_text())
    credit = video.select_one(".ch-card__meta a")
    assert credit["href"] == "https://beta.example/b1", "without a usable site URL the credit links the entry"


def test_without_picks_the_periods_entries_that_pass_the_rules_show(hub: Site):
    page = content(hub.html("roundups/2026-w46/"))
    titles = [s.select_one(".ch-card__title").get_text() for s in stories(page)]
    assert titles == ["Email cadence that works"], "a6 is excluded; nothing else fell in week 46"
    everywhere = " ".join(path.read_text(encoding="utf-8") for path in hub.out.rglob("*.html"))
    assert "Sponsored: buy our tool" not in everywhere, "a block rule keeps it off every page"
    assert "An item the editors excluded" not in everywhere


def test_the_roundups_index_lists_them_newest_first(hub: Site):
    page = content(hub.html("roundups/"))
    titles = [a.get_text() for a in page.select(".ch-roundups .ch-card__title a")]
    assert titles == ["Week 47 roundup", "Week 46 roundup"]
    assert "Week 47, 2026 (November 16\u2009–\u200922)" in page.select_one(".ch-roundups .ch-card__meta").get_text()


def test_value_pages_show_recent_outside_entries(hub: Site):
    def around(url: str) -> list[str]:
        section = content(hub.html(url)).select_one(".ch-around")
        return [] if section is None else [s.select_one(".ch-card__title").get_text() for s in stories(section)]

    assert around("channel/linkedin/") == ["Selling socially, every day"]
    assert around("channel/email/") == ["Email cadence that works"]
    assert len(around("market/b2b/")) == 2, "around_the_web: 2"
    assert around("market/b2c/") == ["One record per customer", "Short demos win"], "newest first"
    assert around("channel/podcasts/") == [], "no section when nothing outside matches"


def test_roundups_are_posts_in_the_knowledge_base_and_the_feeds(hub: Site):
    rows = {row[0]: row for row in json.loads((hub.out / "knowledge-base/posts.json").read_text())["posts"]}
    assert "roundups/2026-w47/" in rows and "roundups/2026-w46/" in rows
    series = feedparser.parse((hub.out / "roundups/rss.xml").read_bytes())
    assert not series.bozo
    assert [e.title for e in series.entries] == ["Week 47 roundup", "Week 46 roundup"]
    body = series.entries[0].content[0].value if "content" in series.entries[0] else series.entries[0].summary
    assert "Short demos win" in body and "A habit, not a campaign." in body, "the feed carries the picks"
    assert "ch-chips" not in body and "/market/b2b/" not in body, "no chip lists: readers show them unstyled"
    assert {tag.term for tag in series.entries[0].tags} >= {"B2B"}, "the roundup's own values are its categories"
    linkedin = feedparser.parse((hub.out / "channel/linkedin/rss.xml").read_bytes())
    assert "Week 47 roundup" in [e.title for e in linkedin.entries]
    head = hub.html("roundups/2026-w47/").select('head link[rel="alternate"]')
    announced = [urljoin("https://hub.test/roundups/2026-w47/", link["href"]) for link in head]
    assert "https://hub.test/roundups/rss.xml" in announced


ACTIVE_TAGS = {"script", "iframe", "object", "embed", "form", "input", "style", "svg"}


def active_content(html: str) -> list[str]:
    """Elements and attributes that could run code, in a piece of HTML."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name in ACTIVE_TAGS:
            found.append(str(tag))
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            scripted = re.match(r"\s*(javascript|vbscript|data):", value, re.I)
            if name.lower().startswith("on") or (scripted and not value.startswith("data:image/")):
                found.append(f"{tag.name} {name}={value}")
    return found


def test_no_active_content_from_a_feed_reaches_any_built_page_or_feed(hub: Site):
    pages = {path: path.read_text(encoding="utf-8") for path in hub.out.rglob("*.html")}
    shown = [path for path, text in pages.items() if "Hostile" in text]
    assert len(shown) == 2, "the hostile entry shows on its roundup and on its value page"
    for path, text in pages.items():
        for part in BeautifulSoup(text, "html.parser").select(".ch-roundup, .ch-around"):
            assert active_content(str(part)) == [], path
    hostile = next(s for s in stories(content(hub.html("roundups/2026-w47/"))) if "Hostile" in s.get_text())
    assert hostile.select_one(".ch-card__title a") is None, "a javascript: link is no link"
    series = (hub.out / "roundups/feed.json").read_text(encoding="utf-8")
    items = json.loads(series)["items"]
    assert any("Hostile" in item["content_html"] for item in items)
    for item in items:
        assert active_content(item["content_html"]) == [], item["url"]
    for path in [*hub.out.rglob("rss.xml"), *hub.out.rglob("atom.xml")]:
        for node in ElementTree.parse(path).iter():
            if node.text and "<" in node.text:
                assert active_content(node.text) == [], path


def test_a_missing_pick_warns_with_its_line_and_fails_strict_builds(tmp_path: Path, hub: Site):
    site = copy_of(hub, tmp_path)
    path = site.docs / "roundups/2026-w47.md"
    text = path.read_text(encoding="utf-8").replace("- urn:beta:b1\n", "- urn:beta:b1\n- https://gone.example/x\n")
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("https://gone.example")].count("\n") + 1
    result = site.build()
    assert f"roundups/2026-w47.md:{line}: picks: the pick `https://gone.example/x` is not in the cache" in (
        result.stderr
    )
    assert "Short demos win" in content(site.html("roundups/2026-w47/")).get_text(), "the other picks still show"
    strict = site.build("--strict", check=False)
    assert strict.returncode == 1
    assert "https://gone.example/x" in strict.stderr
    checked = site.contenthub("check")
    assert checked.returncode == 1, "`contenthub check` finds it without building"
    assert f"roundups/2026-w47.md:{line}: picks: the pick `https://gone.example/x`" in checked.stdout + checked.stderr


def test_a_corrupt_cache_file_is_named_and_never_dropped(tmp_path: Path, hub: Site):
    site = copy_of(hub, tmp_path)
    cache = site.root / "feeds/cache/alpha-notes.json"
    cache.write_text('{"version": 1, "entries": [', encoding="utf-8")
    result = site.build()
    assert "feeds/cache/alpha-notes.json" in result.stderr and "Traceback" not in result.stderr
    assert "Short demos win" in content(site.html("roundups/2026-w47/")).get_text(), "other sources still show"
    assert cache.read_text(encoding="utf-8") == '{"version": 1, "entries": [', "left as it is, for a human to fix"
    refreshed = site.contenthub("sources", "refresh")
    assert "unreadable cache" in refreshed.stdout
    assert cache.read_text(encoding="utf-8") == '{"version": 1, "entries": [', "a refresh never overwrites it"


def test_a_draft_lists_the_periods_candidates_grouped_and_builds(tmp_path: Path, hub: Site):
    site = copy_of(hub, tmp_path)
    result = site.contenthub("roundup", "draft", "--month", "2026-11")
    assert result.returncode == 0, result.stderr
    draft = (site.docs / "roundups/2026-11.md").read_text(encoding="utf-8")
    picks = re.findall(r'^  - id: "(.*)"$', draft, re.M)
    assert picks == ["a1", "urn:beta:b1", "a5", "a4", "a3"], "grouped by channel, newest first within a group"
    assert "# Other" in draft and "period: 2026-11" in draft
    assert "a2" not in picks and "a6" not in picks, "blocked and excluded entries are no candidates"
    again = site.contenthub("roundup", "draft", "--month", "2026-11")
    assert again.returncode != 0 and "--force" in again.stderr, "an edited roundup is never overwritten"
    mixed_up = site.contenthub("roundup", "draft", "--week", "2026-12")
    assert mixed_up.returncode == 2 and "`2026-12` is not a week like 2026-W47" in mixed_up.stderr
    assert not (site.docs / "roundups/2026-12.md").exists(), "a month given as --week drafts nothing"
    assert "draft: true" in draft and "remove its `draft: true` line" in result.stdout
    built = site.build()
    assert [line for line in built.stderr.splitlines() if "WARNING" in line and "htmlUrl" not in line] == []
    # A draft until the editor publishes it: its placeholder introduction is no excerpt anywhere.
    assert not site.exists("roundups/2026-11/")
    placeholder = draft.split("---\n")[-1].strip()
    for built_file in ("knowledge-base/posts.json", "feed.json", "roundups/index.html"):
        assert placeholder not in (site.out / built_file).read_text(encoding="utf-8"), built_file
    (site.docs / "roundups/2026-11.md").write_text(
        "\n".join(line for line in draft.splitlines() if not line.startswith("draft:")) + "\n", encoding="utf-8"
    )
    site.build()
    assert "Email cadence that works" in content(site.html("roundups/2026-11/")).get_text()


def test_builds_are_offline_unless_refresh_on_build(tmp_path: Path):
    feeds = FeedsServer()
    with running(feeds) as url:
        site = Site(tmp_path)
        site.write("index.md", "# Home\n")
        site.post("ours", market="B2B")
        (tmp_path / "feeds").mkdir()
        (tmp_path / "feeds/subscriptions.opml").write_text(
            '<?xml version="1.0"?><opml version="2.0"><head><title>S</title></head><body>'
            f'<outline type="rss" text="Local" xmlUrl="{url}/rss.xml"/></body></opml>'
        )
        site.write("roundups/2026-w47.md", front_matter(title="R", date="2026-11-22", picks=["one"]))
        site.configure(roundup_config())
        offline = site.build(check=False)
        assert feeds.requests == [], "no request without refresh_on_build"
        assert "the pick `one` is not in the cache" in offline.stderr
        site.configure(roundup_config(refresh_on_build=True))
        site.build("--strict")
        assert [path for path, _ in feeds.requests] == ["/rss.xml"]
        assert "LinkedIn tips" in content(site.html("roundups/2026-w47/")).get_text()


def copy_of(hub: Site, target: Path) -> Site:
    for name in ("mkdocs.yml", "docs", "feeds"):
        source = hub.root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    return Site(target)


def test_two_builds_are_byte_identical(tmp_path: Path, hub: Site):
    again = copy_of(hub, tmp_path)
    again.build()

    def built(site: Site) -> dict[str, bytes]:
        return {
            path.relative_to(site.out).as_posix(): path.read_bytes()
            for pattern in ("**/*.html", "**/*.xml", "**/*.json")
            for path in site.out.glob(pattern)
        }

    first, second = built(hub), built(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_roundups_in_subfolders_are_kept_by_refreshes_too(tmp_path: Path, hub: Site):
    site = copy_of(hub, tmp_path)
    (site.docs / "roundups/2026").mkdir()
    (site.docs / "roundups/2026-w47.md").rename(site.docs / "roundups/2026/2026-w47.md")
    site.configure(roundup_config(keep_entries=0))  # the cache keeps nothing but what a roundup picked
    refreshed = site.contenthub("sources", "refresh")
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    built = site.build()
    assert "not in the feeds cache" not in built.stderr
    page = content(site.html("roundups/2026/2026-w47/"))
    titles = [s.select_one(".ch-card__title").get_text() for s in stories(page)]
    assert titles == ["Selling socially, every day", "Short demos win", "One record per customer", HOSTILE_TITLE]
    drafted = site.contenthub("roundup", "draft", "--week", "2026-W47")
    assert drafted.returncode != 0 and "roundups/2026/2026-w47.md already covers 2026-W47" in drafted.stderr


def test_a_gone_or_skipped_source_is_named_by_every_build_and_by_check(tmp_path: Path, hub: Site):
    """Found as a new user: only `sources refresh` said so, and the entries just went stale."""
    site = copy_of(hub, tmp_path)
    cache = site.root / "feeds/cache"
    health, problem = load_health(cache)
    assert problem is None and sorted(health) == ["alpha-notes", "beta-video"]
    health["alpha-notes"].gone = True
    health["beta-video"].errors, health["beta-video"].last_error = SKIP_AFTER, "HTTP 500"
    save_health(cache, health)
    built = site.build()
    checked = site.contenthub("check")
    for said in (built.stderr, checked.stdout):
        assert "feeds/subscriptions.opml:4: Alpha Notes: the feed is gone (the server said 410)" in said
        assert "Beta Video: refreshes skip it after 5 failures in a row (HTTP 500)" in said
    assert "Traceback" not in built.stderr + checked.stderr
    assert site.build("--strict", check=False).returncode != 0, "a warning, as every other: an error under --strict"


def test_sources_remove_stops_following_a_blog_and_keeps_its_cache_unless_purged(tmp_path: Path, hub: Site):
    site = copy_of(hub, tmp_path)
    opml = site.root / "feeds/subscriptions.opml"
    before = opml.read_text(encoding="utf-8")
    removed = site.contenthub("sources", "remove", "beta-video")
    assert removed.returncode == 0, removed.stderr
    assert "Beta Video is no longer followed; its cached entries stay" in removed.stdout
    after = opml.read_text(encoding="utf-8")
    assert "beta.atom" not in after and 'xmlUrl="alpha.xml"' in after
    assert after == before.replace(before[before.index('<outline type="rss" text="Beta') : before.index("</body>")], "")
    assert (site.root / "feeds/cache/beta-video.json").exists()
    exported = site.contenthub("sources", "export")
    assert "Alpha Notes" in exported.stdout and "Beta Video" not in exported.stdout
    unknown = site.contenthub("sources", "remove", "alpha-note")
    assert unknown.returncode == 2 and "no blog `alpha-note` (did you mean `alpha-notes`?)" in unknown.stderr
    purged = site.contenthub("sources", "remove", "alpha-notes", "--purge")
    assert purged.returncode == 0 and "its cached entries are deleted" in purged.stdout
    assert not (site.root / "feeds/cache/alpha-notes.json").exists()
    health, _ = load_health(site.root / "feeds/cache")
    assert "alpha-notes" not in health


def test_sources_remove_changes_nothing_in_subscriptions_it_cannot_read(tmp_path: Path, hub: Site):
    site = copy_of(hub, tmp_path)
    opml = site.root / "feeds/subscriptions.opml"
    opml.write_text(SUBSCRIPTIONS.replace("</body>", ""), encoding="utf-8")
    before = opml.read_bytes()
    result = site.contenthub("sources", "remove", "alpha-notes")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not well-formed XML" in result.stdout + result.stderr and "nothing was removed" in result.stderr
    assert opml.read_bytes() == before
