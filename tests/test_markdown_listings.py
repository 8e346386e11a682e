"""`{% posts … %}`: the latest posts on any page, filtered as the knowledge base filters (AND across
facets, OR within one), rendered with the value pages' card; checked like links."""

from __future__ import annotations

import markdown
import pytest

from contenthub.markdown.listings import Listing, ListingsExtension, parse_listing
from contenthub.markdown.page import PageRef
from contenthub.messages import load_messages
from contenthub.model import Diagnostic
from contenthub.taxonomy import load_taxonomy

from conftest import Site, base_config

FACETS = {
    "market": {"values": ["B2B", "B2C"]},
    "channel": {"values": ["LinkedIn", "Twitter"]},
    "audience": {"values": ["SMB owners", "Executives"]},
}


def taxonomy():
    found, problems = load_taxonomy(FACETS)
    assert not problems
    return found


def test_a_listing_reads_facets_values_limit_and_order():
    listing = parse_listing(' channel=linkedin market=B2B,b2c audience="SMB owners" limit=3 sort=oldest ', taxonomy())
    assert listing == Listing(
        (("market/b2b", "market/b2c"), ("channel/linkedin",), ("audience/smb-owners",)), limit=3, sort="oldest"
    )
    assert parse_listing("", taxonomy()) == Listing(())


@pytest.mark.parametrize(
    ("arguments", "message", "hint"),
    [
        ("chanel=LinkedIn", "`chanel` is no facet and no option", "did you mean `channel`?"),
        ("channel=Linkdin", "`Linkdin` is no value of facet `channel`", "did you mean `LinkedIn`?"),
        ("limit=0", "`limit=0` is not a count", "write a whole number from 1, e.g. `limit=5`"),
        ("sort=newset", "`sort=newset` is no order", "did you mean `newest`?"),
        ("LinkedIn", "`LinkedIn` is not `name=value`", "write e.g. `market=B2B` or `limit=5`"),
        (
            'audience="SMB',
            "cannot read the arguments (No closing quotation)",
            'quote a value with spaces: `audience="SMB owners"`',
        ),
    ],
)
def test_a_wrong_argument_is_named_with_a_hint(arguments, message, hint):
    assert parse_listing(arguments, taxonomy()) == (message, hint)


def convert(text: str) -> tuple[str, ListingsExtension, list[Diagnostic]]:
    found: list[Diagnostic] = []
    extension = ListingsExtension(taxonomy=taxonomy(), report=found.append)
    extension.start(PageRef("index.md", "", lambda: text))
    return markdown.markdown(text, extensions=[extension]), extension, found


def test_plain_markdown_gets_a_mark_per_listing_and_code_is_never_touched():
    text = (
        "# Home\n\n{% posts channel=LinkedIn %}\n\nText with `{% posts %}` in code.\n\n"
        "    {% posts limit=2 %}\n\n{% posts %}\n"
    )
    html, extension, problems = convert(text)
    assert problems == []
    assert html.count("data-contenthub-listing") == 2
    assert '<div data-contenthub-listing="0"></div>' in html and '<div data-contenthub-listing="1"></div>' in html
    assert "<code>{% posts %}</code>" in html and "{% posts limit=2 %}" in html
    assert extension.listings["index.md"] == [Listing((("channel/linkedin",),)), Listing(())]


def test_a_wrong_listing_is_a_problem_at_its_line_and_stays_visible():
    html, extension, problems = convert("# Home\n\nIntro.\n\n{% posts channel=Fax %}\n")
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("index.md", 5, "`{% posts channel=Fax %}`: `Fax` is no value of facet `channel`")
    ]
    assert "<p>{% posts channel=Fax %}</p>" in html and extension.listings == {}


def hub_with_posts(site: Site, **options) -> None:
    site.configure(base_config(facets=FACETS, **options))
    site.post("a", date="2024-01-01", market="B2B", channel="LinkedIn")
    site.post("b", date="2024-02-01", market="B2C", channel="LinkedIn")
    site.post("c", date="2024-03-01", market="B2B", channel="Twitter")
    site.post("d", date="2024-04-01", market=["B2B", "B2C"], channel=["LinkedIn", "Twitter"])
    site.write(
        "index.md",
        "# Home\n\n## Latest on LinkedIn\n\n{% posts channel=LinkedIn limit=2 %}\n\n"
        "## B2B on Twitter, oldest first\n\n{% posts market=B2B channel=Twitter sort=oldest %}\n\n"
        "## Nothing yet\n\n{% posts audience=Executives %}\n",
    )


def test_a_build_shows_each_listing_with_the_value_pages_cards_and_a_link_to_the_same_filter(site: Site):
    hub_with_posts(site)
    site.build("--strict")
    home = site.html("")
    first, second, third = home.select(".ch-listing--latest")
    assert [a.get_text() for a in first.select(".ch-card__title a")] == ["D", "B"]
    assert [a["href"] for a in first.select(".ch-card__title a")] == ["posts/d/", "posts/b/"]
    assert first.select_one(".ch-listing__more a")["href"] == "knowledge-base/?channel=linkedin"
    assert [a.get_text() for a in second.select(".ch-card__title a")] == ["C", "D"]
    assert second.select_one(".ch-listing__more a")["href"] == "knowledge-base/?market=b2b&channel=twitter"
    assert third.select(".ch-card") == [] and "No posts match this list yet." in third.get_text()
    value_card = site.html("market/b2b/").select_one(".ch-card").select_one(".ch-card__excerpt")
    assert first.select_one(".ch-card .ch-card__excerpt").get_text() == value_card.get_text()


def test_a_listing_speaks_the_sites_language(site: Site):
    hub_with_posts(site, language="de")
    site.build("--strict")
    german, _ = load_messages("de")
    more = site.html("").select_one(".ch-listing__more a").get_text()
    assert more == german.text("posts.more") and more != "All of them in the knowledge base"


def test_a_wrong_listing_fails_a_strict_build_with_file_and_line(site: Site):
    site.configure(base_config(facets=FACETS))
    site.post("a", market="B2B")
    site.write("about.md", "# About\n\n{% posts markte=B2B %}\n")
    result = site.build("--strict", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "about.md:3: `{% posts markte=B2B %}`: `markte` is no facet and no option (did you mean `market`?)" in (
        result.stderr
    )


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_under_dirty_a_page_with_a_listing_follows_the_posts_it_lists(site: Site, engine: str):
    hub_with_posts(site)
    site.build(engine=engine)
    assert [a.get_text() for a in site.html("").select(".ch-listing--latest")[0].select(".ch-card__title a")] == [
        "D",
        "B",
    ]
    site.post("e", date="2024-05-01", market="B2C", channel="LinkedIn")
    site.build("--dirty", engine=engine)
    assert [a.get_text() for a in site.html("").select(".ch-listing--latest")[0].select(".ch-card__title a")] == [
        "E",
        "D",
    ]


@pytest.mark.parametrize("limit", ["²", "1.5", "-1", "05x"])
def test_a_limit_is_a_plain_whole_number(limit: str):
    assert parse_listing(f"limit={limit}", taxonomy()) == (
        f"`limit={limit}` is not a count",
        "write a whole number from 1, e.g. `limit=5`",
    )
