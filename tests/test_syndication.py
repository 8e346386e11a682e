"""Feeds from real `mkdocs build` runs: parsed back with feedparser, checked against the specs."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import Site, base_config

SITE = "https://hub.test/sub/"
FACETS = {
    "market": {"description": "Who buys.", "values": {"B2B": {"description": "Businesses."}, "B2C": {}}},
    "channel": {"values": ["LinkedIn", "Email"]},
}
HOSTILE = "<script>alert(\"x\")</script> & 'quotes' ]]>"
ATOM = "{http://www.w3.org/2005/Atom}"


def syndicated(site: Site, **options: object) -> None:
    config = base_config(facets=FACETS, timezone="Europe/Paris")
    config["site_url"] = SITE
    config["site_author"] = "The Editors"
    config["site_description"] = "A test hub."
    config["plugins"].append({"contenthub/syndication": options})
    site.configure(config)


@pytest.fixture
def hub(site: Site) -> Site:
    syndicated(site)
    site.post(
        "linked",
        date="2024-03-01T10:00:00",
        updated="2024-03-05T09:00:00+00:00",
        market="B2B",
        channel="LinkedIn",
        author="Ann Author",
        body=(
            "Intro with a [relative link](other.md#part), an [anchor](#here), "
            "![an image](../img/chart.png) and an <img src='pic.jpg' srcset='pic.jpg 1x, big/pic.jpg 2x'>.\n\n"
            "## A heading\n\nMore.\n"
        ),
    )
    site.post("other", date="2024-02-01", market=["B2B", "B2C"], channel="Email", body="Other body.\n")
    site.post("hostile", title=HOSTILE, date="2024-01-15", market="B2C", body="Body with <b>bold</b>.\n")
    site.post("draft", date="2024-04-01", market="B2B", draft=True)
    site.write("img/chart.png", "not really a png")
    return site


def feed_files(site: Site) -> dict[str, bytes]:
    return {
        path.relative_to(site.out).as_posix(): path.read_bytes()
        for pattern in ("**/rss.xml", "**/atom.xml", "**/feed.json", "feeds.opml")
        for path in site.out.glob(pattern)
    }


def test_every_feed_parses_cleanly_with_the_right_items(hub: Site):
    hub.build()
    expected = {
        "": ["Linked", "Other", HOSTILE],
        "market/b2b/": ["Linked", "Other"],
        "market/b2c/": ["Other", HOSTILE],
        "channel/linkedin/": ["Linked"],
        "channel/email/": ["Other"],
    }
    for folder, titles in expected.items():
        for name in ("rss.xml", "atom.xml"):
            parsed = feedparser.parse((hub.out / folder / name).read_bytes())
            assert parsed.bozo == 0, (folder, name, parsed.get("bozo_exception"))
            assert [html.unescape(entry.title) for entry in parsed.entries] == titles, (folder, name)
        # feedparser 6 reads no JSON Feed; the JSON Feed test below checks the spec's fields.
        document = json.loads((hub.out / folder / "feed.json").read_text(encoding="utf-8"))
        assert [item["title"] for item in document["items"]] == titles, folder


def test_drafts_and_empty_values_give_valid_feeds_without_them(hub: Site):
    hub.build()
    everything = (hub.out / "rss.xml").read_text(encoding="utf-8")
    assert "Draft" not in everything
    empty = feedparser.parse((hub.out / "market/b2c/atom.xml").read_bytes())
    assert empty.bozo == 0


def test_dates_round_trip_with_their_timezones(hub: Site):
    hub.build()
    published = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 in Paris
    updated = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    rss = ElementTree.parse(hub.out / "rss.xml").getroot()
    item = rss.find("channel/item")
    assert parsedate_to_datetime(item.findtext("pubDate")) == published
    assert item.findtext("pubDate") == "Fri, 01 Mar 2024 10:00:00 +0100"
    atom = ElementTree.parse(hub.out / "atom.xml").getroot()
    entry = atom.find(f"{ATOM}entry")
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == published
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == updated
    item = json.loads((hub.out / "feed.json").read_text())["items"][0]
    assert datetime.fromisoformat(item["date_published"]) == published
    assert datetime.fromisoformat(item["date_modified"]) == updated
    # The channel's date is the newest item's, never the time of the build.
    assert parsedate_to_datetime(rss.findtext("channel/lastBuildDate")) == updated
    assert datetime.fromisoformat(atom.findtext(f"{ATOM}updated")) == updated


def test_every_link_in_the_content_is_absolute_in_all_three_formats(hub: Site):
    hub.build()
    contents = {
        "rss": ElementTree.parse(hub.out / "rss.xml").getroot().find("channel/item").findtext("description"),
        "atom": ElementTree.parse(hub.out / "atom.xml").getroot().find(f"{ATOM}entry/{ATOM}content").text,
        "json": json.loads((hub.out / "feed.json").read_text())["items"][0]["content_html"],
    }
    for name, content in contents.items():
        soup = BeautifulSoup(content, "html.parser")
        links = {a.get_text(): a["href"] for a in soup.select("a")}
        assert links == {
            "relative link": f"{SITE}posts/other/#part",
            "anchor": f"{SITE}posts/linked/#here",
        }, name
        sources = [img["src"] for img in soup.select("img")]
        assert sources == [f"{SITE}img/chart.png", f"{SITE}posts/linked/pic.jpg"], name
        assert soup.select("img")[1]["srcset"] == f"{SITE}posts/linked/pic.jpg 1x, {SITE}posts/linked/big/pic.jpg 2x"
        assert "¶" not in soup.get_text(), "heading permalinks are left out of feeds"
        for element in soup.find_all(True):
            for attribute in ("href", "src"):
                if element.get(attribute):
                    assert urlsplit(element[attribute]).scheme == "https", (name, element)


def test_hostile_titles_stay_text_everywhere(hub: Site):
    hub.build()
    rss = (hub.out / "market/b2c/rss.xml").read_text(encoding="utf-8")
    assert "<script>" not in rss
    assert HOSTILE in [entry.title for entry in feedparser.parse(rss.encode()).entries]
    # Atom declares such a title as HTML, escaped, so readers show it as text and validators see no markup.
    atom = (hub.out / "market/b2c/atom.xml").read_text(encoding="utf-8")
    assert "<script>" not in atom
    titles = {entry.title_detail.type: entry.title for entry in feedparser.parse(atom.encode()).entries}
    assert html.unescape(titles["text/html"]) == HOSTILE
    assert titles["text/plain"] == "Other"
    document = json.loads((hub.out / "market/b2c/feed.json").read_text(encoding="utf-8"))
    assert HOSTILE in [item["title"] for item in document["items"]]
    opml = (hub.out / "feeds.opml").read_text(encoding="utf-8")
    ElementTree.fromstring(opml)  # well-formed


def test_items_carry_categories_author_and_stable_ids(hub: Site):
    hub.build()
    entry = feedparser.parse((hub.out / "atom.xml").read_bytes()).entries[0]
    assert [(tag.term, tag.scheme) for tag in entry.tags] == [
        ("B2B", f"{SITE}market/b2b/"),
        ("LinkedIn", f"{SITE}channel/linkedin/"),
    ]
    assert entry.author == "Ann Author"
    assert entry.id == "tag:hub.test,2024-03-01:/posts/linked/"
    other = feedparser.parse((hub.out / "rss.xml").read_bytes()).entries[1]
    assert other.author_detail.name == "The Editors", "site_author when the post names none"
    rss = ElementTree.parse(hub.out / "rss.xml").getroot()
    assert [c.get("domain") for c in rss.find("channel/item").findall("category")] == [
        f"{SITE}market/b2b/",
        f"{SITE}channel/linkedin/",
    ]

    def ids() -> dict[str, tuple[str, str, str]]:
        rss = {e.title: e.id for e in feedparser.parse((hub.out / "rss.xml").read_bytes()).entries}
        atom = {html.unescape(e.title): e.id for e in feedparser.parse((hub.out / "atom.xml").read_bytes()).entries}
        items = json.loads((hub.out / "feed.json").read_text(encoding="utf-8"))["items"]
        return {item["title"]: (rss[item["title"]], atom[item["title"]], item["id"]) for item in items}

    before = ids()
    # A new title and new facets never change an item's id.
    hub.post("linked", title="A new title", date="2024-03-01T10:00:00", market="B2C", channel="Email")
    hub.build()
    assert ids()["A new title"] == before["Linked"] == ("tag:hub.test,2024-03-01:/posts/linked/",) * 3


def test_channel_links_and_descriptions(hub: Site):
    hub.build()
    channel = ElementTree.parse(hub.out / "market/b2b/rss.xml").getroot().find("channel")
    assert channel.findtext("link") == f"{SITE}market/b2b/"
    assert channel.findtext("description") == "Businesses."
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", f"{SITE}market/b2b/rss.xml")
    # No description on the value: the facet's; none on the facet either: the site's.
    assert ElementTree.parse(hub.out / "market/b2c/rss.xml").getroot().findtext("channel/description") == "Who buys."
    assert (
        ElementTree.parse(hub.out / "channel/email/rss.xml").getroot().findtext("channel/description") == "A test hub."
    )
    atom = ElementTree.parse(hub.out / "market/b2b/atom.xml").getroot()
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links == {"alternate": f"{SITE}market/b2b/", "self": f"{SITE}market/b2b/atom.xml"}
    document = json.loads((hub.out / "market/b2b/feed.json").read_text())
    assert (document["home_page_url"], document["feed_url"]) == (f"{SITE}market/b2b/", f"{SITE}market/b2b/feed.json")


def test_json_feeds_have_every_field_json_feed_1_1_requires(hub: Site):
    hub.build()
    for path in hub.out.glob("**/feed.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert isinstance(document["title"], str) and document["title"]
        assert isinstance(document["items"], list)
        for item in document["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert "content_html" in item or "content_text" in item
            datetime.fromisoformat(item["date_published"])
            assert all(isinstance(author["name"], str) for author in item["authors"])


def test_feeds_follow_the_rules_the_w3c_validator_checks(hub: Site):
    """The W3C Feed Validation Service (level AA) rules our feeds could break, checked structurally."""
    hub.build()
    for path in hub.out.glob("**/rss.xml"):
        channel = ElementTree.parse(path).getroot().find("channel")
        for required in ("title", "link", "description", "lastBuildDate"):
            assert channel.findtext(required), (path, required)
        url = SITE + path.relative_to(hub.out).as_posix()
        assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == url, "self link matches location"
        for item in channel.findall("item"):
            parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822
            assert item.find("guid").get("isPermaLink") == "false"
            assert item.find("author") is None, "an RSS <author> must be an e-mail address; names go in dc:creator"
    for path in hub.out.glob("**/atom.xml"):
        feed = ElementTree.parse(path).getroot()
        for required in ("id", "title", "updated"):
            assert feed.findtext(f"{ATOM}{required}"), (path, required)
        assert feed.find(f"{ATOM}author/{ATOM}name").text, "a feed-level author covers every entry"
        for entry in feed.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated", "published"):
                assert entry.findtext(f"{ATOM}{required}"), (path, required)
            assert entry.findtext(f"{ATOM}id").startswith("tag:")


def test_two_builds_give_byte_identical_feeds(hub: Site):
    hub.build()
    first = feed_files(hub)
    hub.build()
    assert feed_files(hub) == first
    assert len(first) == 1 + 3 * (1 + 4)  # OPML, and three formats for the hub and each of 4 values


def test_max_items_and_excerpt_mode(hub: Site):
    syndicated(hub, max_items=1, content="excerpt")
    hub.build()
    parsed = feedparser.parse((hub.out / "rss.xml").read_bytes())
    assert [entry.title for entry in parsed.entries] == ["Linked"]
    soup = BeautifulSoup(parsed.entries[0].description, "html.parser")
    assert soup.find("a", string="Read more…")["href"] == f"{SITE}posts/linked/"
    assert "More." not in soup.get_text(), "only the excerpt"


def test_pages_announce_their_feeds_and_the_feeds_page_lists_them_all(hub: Site):
    hub.build()
    home = hub.html("")
    alternates = [(link["type"], link["href"]) for link in home.select('head link[rel="alternate"]')]
    assert alternates == [
        ("application/rss+xml", "rss.xml"),
        ("application/atom+xml", "atom.xml"),
        ("application/feed+json", "feed.json"),
    ]
    value = hub.html("market/b2b/")
    hrefs = [link["href"] for link in value.select('head link[rel="alternate"]')]
    own = ["../../market/b2b/rss.xml", "../../market/b2b/atom.xml", "../../market/b2b/feed.json"]
    assert hrefs == ["../../rss.xml", "../../atom.xml", "../../feed.json", *own]
    visible = [a["href"] for a in value.select(".ch-listing .ch-subscribe a")]
    assert visible == ["../../market/b2b/rss.xml", "../../market/b2b/atom.xml", "../../market/b2b/feed.json"]
    overview = hub.html("facets/")
    assert [a.get_text() for a in overview.select(".ch-facets > .ch-subscribe a")] == ["RSS", "Atom", "JSON Feed"]
    assert len(overview.select(".ch-values__feeds a")) == 3 * 4
    feeds_page = hub.html("feeds/")
    listed = {a["href"] for a in feeds_page.select(".ch-feeds a[type]")}
    assert len(listed) == 3 * 5 + 1
    for href in listed:
        assert (hub.out / "feeds" / href).resolve().is_file(), href
    opml = ElementTree.parse(hub.out / "feeds.opml").getroot()
    assert opml.get("version") == "2.0"
    urls = [outline.get("xmlUrl") for outline in opml.iter("outline") if outline.get("xmlUrl")]
    assert urls[0] == f"{SITE}rss.xml" and len(urls) == 5
    assert [folder.get("text") for folder in opml.find("body").findall("outline")[1:]] == ["Market", "Channel"]


def test_a_missing_site_url_is_a_clear_config_error(site: Site):
    syndicated(site)
    config = (site.root / "mkdocs.yml").read_text().replace(f"site_url: {SITE}\n", "")
    (site.root / "mkdocs.yml").write_text(config)
    result = site.build(check=False)
    assert result.returncode == 1
    assert "feeds need absolute links, so mkdocs.yml needs `site_url`" in result.stderr
    assert "Traceback" not in result.stderr


def test_raw_html_is_made_safe_and_every_kind_of_link_absolute(site: Site):
    syndicated(site)
    site.post(
        "raw",
        market="B2B",
        body=(
            '<p><a href=unquoted.html>u</a> <a HREF="upper.html">x</a> <a href = "spaced.html">s</a>\n'
            '<a href="javascript:alert(1)" onclick="steal()">js</a> <img src="my image.png" '
            'srcset="https://cdn.test/w_100,h_50/a.png 1x, b.png 2x"></p>\n\n'
            '<script>alert(2)</script><iframe src="frame.html"></iframe><form><input name=q></form>\n\n'
            '`<img src="logo.png">` stays code, and so does the text href="plain.html".\n'
        ),
    )
    site.build()
    for name in ("rss.xml", "atom.xml", "feed.json"):
        content = first_content(site, name)  # read as written: feedparser would sanitize it itself
        soup = BeautifulSoup(content, "html.parser")
        assert [a.get("href") for a in soup.select("a")] == [
            f"{SITE}posts/raw/unquoted.html",
            f"{SITE}posts/raw/upper.html",
            f"{SITE}posts/raw/spaced.html",
            None,  # the javascript: link loses its href
        ], name
        image = soup.select_one("img")
        assert image["src"] == f"{SITE}posts/raw/my%20image.png", name
        assert image["srcset"] == f"https://cdn.test/w_100,h_50/a.png 1x, {SITE}posts/raw/b.png 2x", name
        assert not soup.select("script, iframe, form, input, [onclick]"), name
        assert soup.code.get_text() == '<img src="logo.png">', name
        assert 'href="plain.html"' in soup.get_text(), "text that looks like an attribute stays as written"


def test_characters_xml_cannot_hold_are_dropped_not_fatal(site: Site):
    syndicated(site)
    site.post("control", title="Bell\x07 and\x0b tab", market="B2B", author="A\x00B", body="Body\x1b with \ufffe.\n")
    site.build()
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((site.out / name).read_bytes())
        assert parsed.bozo == 0, name
        assert parsed.entries[0].title == "Bell and tab", name
    assert json.loads((site.out / "feed.json").read_text())["items"][0]["authors"] == [{"name": "AB"}]


def test_excerpt_mode_cuts_only_at_a_more_line_and_keeps_the_html_balanced(site: Site):
    syndicated(site, content="excerpt")
    site.write("index.md", "# Home\n")
    site.post("lined", market="B2B", body="First *part*.\n\n<!--more-->\n\nSecret rest.\n")
    site.post("inline", market="B2B", body="- item one <!-- more --> tail\n- item two\n", description="Summary.")
    site.post("nested", market="B2B", body="!!! note\n    Inside.\n\n    <!-- more -->\n\n    Hidden.\n")
    config = (site.root / "mkdocs.yml").read_text() + "markdown_extensions: [admonition]\n"
    (site.root / "mkdocs.yml").write_text(config)
    site.build()
    items = {item["title"]: item["content_html"] for item in json.loads((site.out / "feed.json").read_text())["items"]}
    assert "<em>part</em>" in items["Lined"] and "Secret" not in items["Lined"]
    assert items["Inline"].startswith("<p>Summary.</p>"), "an inline marker is no excerpt mark"
    assert "Inside." in items["Nested"] and "Hidden." not in items["Nested"]
    for html_text in items.values():
        soup = BeautifulSoup(html_text, "html.parser")
        assert soup.find_all("a")[-1].get_text() == "Read more…"
        assert str(soup) == html_text.replace("<br>", "<br/>"), "well-formed: every element closed"


def test_historical_offsets_and_old_years_still_give_valid_dates_and_ids(site: Site):
    syndicated(site)
    site.configure(
        {
            **yaml_config(site),
            "plugins": ["search", {"contenthub/taxonomy": {"timezone": "America/New_York"}}, "contenthub/syndication"],
        }
    )
    site.post("old", date="1850-03-01", market="B2B")
    site.build()
    item = ElementTree.parse(site.out / "rss.xml").getroot().find("channel/item")
    assert item.findtext("pubDate") == "Fri, 01 Mar 1850 04:56:02 +0000", "local mean time has seconds: UTC"
    atom = ElementTree.parse(site.out / "atom.xml").getroot().find(f"{ATOM}entry")
    assert atom.findtext(f"{ATOM}published") == "1850-03-01T04:56:02+00:00"
    assert atom.findtext(f"{ATOM}id") == "tag:hub.test,1850-03-01:/posts/old/"


def test_an_empty_feed_has_no_made_up_build_date(site: Site):
    syndicated(site)
    site.post("only", date="2024-05-01", market="B2B")
    site.build()
    empty = ElementTree.parse(site.out / "market/b2c/rss.xml").getroot().find("channel")
    assert empty.find("item") is None and empty.find("lastBuildDate") is None
    assert feedparser.parse((site.out / "market/b2c/atom.xml").read_bytes()).bozo == 0


def test_site_url_is_put_in_canonical_form(site: Site):
    syndicated(site)
    site.configure({**yaml_config(site), "site_url": "HTTPS://Hub.TEST/sub"})
    site.post("one", market="B2B")
    site.build()
    channel = ElementTree.parse(site.out / "rss.xml").getroot().find("channel")
    assert channel.findtext("link") == "https://hub.test/sub/"
    assert channel.find("item/guid").text == "tag:hub.test,2024-01-01:/posts/one/"


def first_content(site: Site, name: str) -> str:
    if name == "feed.json":
        return json.loads((site.out / name).read_text(encoding="utf-8"))["items"][0]["content_html"]
    root = ElementTree.parse(site.out / name).getroot()
    if name == "rss.xml":
        return root.find("channel/item").findtext("description")
    return root.find(f"{ATOM}entry/{ATOM}content").text


def yaml_config(site: Site) -> dict:
    import yaml

    return yaml.safe_load((site.root / "mkdocs.yml").read_text())
