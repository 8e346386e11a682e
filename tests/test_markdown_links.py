"""Pelican-style intra-site links (`contenthub.markdown.links`): in plain Python-Markdown, and in real
MkDocs and ProperDocs builds, where every target is checked."""

from __future__ import annotations

import json

import markdown
import pytest

from contenthub.markdown.links import LinksExtension, SiteLinks
from contenthub.markdown.page import PageRef
from contenthub.model import Diagnostic
from contenthub.taxonomy import load_taxonomy

from conftest import Site, base_config

FACETS = {
    "market": {"values": ["B2B", "B2C"]},
    "channel": {"values": ["LinkedIn", {"label": "Email", "aliases": ["e-mail"]}]},
}


def convert(text: str, src_uri: str = "posts/one.md", url: str = "posts/one/") -> tuple[str, list[Diagnostic]]:
    taxonomy, problems = load_taxonomy(FACETS)
    assert not problems
    site = SiteLinks(
        files={
            "index.md": "",
            "posts/one.md": "posts/one/",
            "posts/two.md": "posts/two/",
            "about/team.md": "about/team/",
            "img/chart.png": "img/chart.png",
            "market/b2b.md": "market/b2b/",
            "channel/email.md": "channel/email/",
        },
        taxonomy=taxonomy,
        value_pages={"market/b2b": "market/b2b.md", "channel/email": "channel/email.md"},
        category_facet="market",
    )
    found: list[Diagnostic] = []
    extension = LinksExtension(site=site, report=found.append)
    extension.page = PageRef(src_uri, url, lambda: text)
    return markdown.markdown(text, extensions=[extension]), found


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("{filename}two.md", "../../posts/two/"),
        ("|filename|two.md", "../../posts/two/"),
        ("{filename}/about/team.md#people", "../../about/team/#people"),
        ("{filename}../about/team.md?x=1", "../../about/team/?x=1"),
        ("{index}", "../../"),
        ("{market}b2b", "../../market/b2b/"),
        ("{category}B2B", "../../market/b2b/"),
        ("{channel}E-Mail", "../../channel/email/"),
        ("{static}../img/chart.png", "../../img/chart.png"),
    ],
)
def test_pelican_links_become_relative_urls_in_plain_markdown(link: str, href: str):
    html, problems = convert(f"See [it]({link}).")
    assert problems == []
    assert f'href="{href}"' in html


def test_an_image_target_is_resolved_too_and_ordinary_links_are_left_alone():
    html, problems = convert("![Chart]({static}/img/chart.png) and [x](https://example.org/{a}) and [y](two.md)")
    assert problems == []
    assert 'src="../../img/chart.png"' in html
    assert 'href="https://example.org/{a}"' in html and 'href="two.md"' in html


@pytest.mark.parametrize(
    ("link", "message", "hint"),
    [
        ("{filename}tow.md", "`posts/tow.md` is not a file of the docs folder", "did you mean `{filename}two.md`?"),
        ("{market}B2BB", "`B2BB` is no value of facet `market`", "did you mean `{market}B2B`?"),
        ("{markte}B2B", "`{markte}` is no kind of link and no facet", "did you mean `market`?"),
        ("{channel}Fax", "`Fax` is no value of facet `channel`", "see the values of `channel`"),
        (
            "{index}about.md",
            "`{index}` takes nothing after it, not `about.md`",
            "write `{index}` alone, or `{filename}` and a page",
        ),
        (
            "{channel}LinkedIn",
            "value `LinkedIn` of facet `channel` has no page",
            "write `channel/linkedin.md`, or build with the contenthub/taxonomy plugin, which makes it",
        ),
    ],
)
def test_a_link_to_nothing_is_a_problem_with_its_line_and_a_hint_and_stays_as_written(link, message, hint):
    text = f"Intro.\n\nSee [it]({link})."
    html, problems = convert(text)
    assert [(p.file, p.line, p.message, p.hint) for p in problems] == [
        ("posts/one.md", 3, f"link `{link}`: {message}", hint)
    ]
    assert f'href="{link}"' in html


def test_code_is_never_touched():
    html, problems = convert("`[a]({filename}nothing.md)`\n\n    [b]({market}nothing)\n")
    assert problems == []
    assert "{filename}nothing.md" in html and "{market}nothing" in html


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_build_links_posts_files_and_values_and_reports_a_missing_target(site: Site, engine: str):
    site.configure(base_config(facets=FACETS))
    site.post(
        "one",
        market="B2B",
        body="Read [two]({filename}two.md), [all B2B]({market}b2b) and [gone]({filename}gone.md).\n",
    )
    site.post("two", market="B2C", body="Back to [one](|filename|one.md#top).\n")
    site.write("about.md", "# About\n\n[The first post]({filename}posts/one.md) and [email]({channel}e-mail).\n")
    result = site.build(engine=engine)
    one = site.html("posts/one/")
    hrefs = {a.get_text(): a["href"] for a in one.select("article a")}
    assert hrefs["two"] == "../two/" and hrefs["all B2B"] == "../../market/b2b/"
    assert site.html("posts/two/").select_one("a[href='../one/#top']") is not None
    about = {a.get_text(): a["href"] for a in site.html("about/").select("article a")}
    assert about["The first post"] == "../posts/one/" and about["email"] == "../channel/email/"
    assert "posts/one.md:" in result.stderr and "link `{filename}gone.md`" in result.stderr
    strict = site.build("--strict", check=False, engine=engine)
    assert strict.returncode != 0 and "link `{filename}gone.md`" in strict.stderr
    assert "Traceback" not in strict.stderr


def test_the_extensions_can_be_turned_off(site: Site):
    site.configure(base_config(facets=FACETS, extensions=False))
    site.post("one", market="B2B", body="Read [two]({filename}two.md).\n")
    result = site.build()
    assert site.html("posts/one/").select_one("a[href='{filename}two.md']") is not None
    assert "link `{filename}two.md`" not in result.stderr, "MkDocs' own check only"


def test_links_arrive_in_feeds_resolved_and_absolute(site: Site):
    config = base_config(facets=FACETS)
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    site.post("one", market="B2B", body="Read [two]({filename}two.md) and [B2B]({market}B2B).\n")
    site.post("two", date="2023-01-01", market="B2C")
    site.build("--strict")
    item = next(i for i in json.loads((site.out / "feed.json").read_text())["items"] if i["title"] == "One")
    assert 'href="https://hub.test/posts/two/"' in item["content_html"]
    assert 'href="https://hub.test/market/b2b/"' in item["content_html"]
    assert "{filename}" not in (site.out / "rss.xml").read_text()
