import textwrap
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contenthub.content.excerpt import excerpt
from contenthub.content.frontmatter import snapshot
from contenthub.content.posts import PostOptions, read_post
from contenthub.taxonomy import load_taxonomy

TAXONOMY, _ = load_taxonomy(
    {
        "market": {"required": True, "values": {"B2B": {"aliases": ["business to business"]}, "B2C": {}}},
        "channel": {"values": ["LinkedIn", "Twitter"]},
        "region": {"multiple": False, "values": ["Europe", "Asia"]},
    }
)
OPTIONS = PostOptions(ZoneInfo("America/New_York"), "America/New_York", excerpt_length=300)


def read(text: str):
    return read_post("posts/a.md", textwrap.dedent(text), "posts/a/", TAXONOMY, OPTIONS)


def test_a_well_formed_post():
    post, diagnostics = read(
        """\
        ---
        title: Hello
        date: 2024-03-01 09:30
        updated: 2024-04-01T10:00:00+02:00
        description: What it is about.
        author: [Ann, Bo]
        market: business to business
        channel: [twitter, LinkedIn, Twitter]
        region: europe
        ---

        Body text.
        """
    )
    assert diagnostics == []
    assert post.title == "Hello"
    assert post.date == datetime(2024, 3, 1, 9, 30, tzinfo=ZoneInfo("America/New_York"))
    assert post.updated.utcoffset() == timedelta(hours=2)
    assert post.author == "Ann, Bo"
    assert post.values == ("market/b2b", "channel/linkedin", "channel/twitter", "region/europe")
    assert post.excerpt == "What it is about."
    assert post.draft is False


def test_a_comma_separated_string_lists_several_values():
    post, diagnostics = read("---\ntitle: x\ndate: 2024-01-01\nmarket: B2B\nchannel: LinkedIn, twitter\n---\n")
    assert diagnostics == []
    assert post.values == ("market/b2b", "channel/linkedin", "channel/twitter")


def test_front_matter_may_close_with_three_dots_as_in_mkdocs():
    post, diagnostics = read("---\ntitle: Dots\ndate: 2024-01-01\nmarket: B2B\n...\n\nBody.\n")
    assert diagnostics == []
    assert (post.title, post.excerpt) == ("Dots", "Body.")


def test_multimarkdown_and_pelican_style_headers_are_read_as_mkdocs_reads_them():
    post, diagnostics = read("Title: Plain headers\nDate: 2024-02-03 10:00\nMarket: B2B, B2C\n\nThe body.\n")
    assert diagnostics == []
    assert post.title == "Plain headers"
    assert post.date == datetime(2024, 2, 3, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    assert post.values == ("market/b2b", "market/b2c")
    assert post.excerpt == "The body."
    _, diagnostics = read("Title: x\nDate: 2024-01-01\nMarket: B2B\nChannel: Fax\n\nBody.\n")
    assert [(d.line, d.field) for d in diagnostics] == [(4, "channel")]


def test_an_empty_list_for_a_required_facet_is_reported():
    post, diagnostics = read("---\ntitle: x\ndate: 2024-01-01\nmarket: []\n---\n")
    assert post is not None
    assert [(d.line, d.message) for d in diagnostics] == [(4, "the required facet `market` has no valid value")]


def test_naive_dates_take_the_site_timezone_and_offsets_are_kept():
    post, _ = read("---\ntitle: x\ndate: 2024-07-01\nmarket: B2B\n---\n")
    assert post.date.tzinfo == ZoneInfo("America/New_York")
    assert post.date.utcoffset() == timedelta(hours=-4)
    post, _ = read("---\ntitle: x\ndate: 2009-01-08T15:07:26-08:00\nmarket: B2B\n---\n")
    assert post.date == datetime(2009, 1, 8, 23, 7, 26, tzinfo=UTC)


def test_the_title_falls_back_to_the_first_heading():
    post, diagnostics = read("---\ndate: 2024-01-01\nmarket: B2B\n---\n\n# From *the* heading\n\nText.\n")
    assert diagnostics == []
    assert post.title == "From the heading"


@pytest.mark.parametrize(
    ("text", "line", "field", "message", "hint"),
    [
        (
            "---\ntitle: x\ndate: 2024-01-01\nmarket: [B2B, Bee2C]\n---\n",
            4,
            "market",
            "unknown value `Bee2C`; it is left out",
            "did you mean `B2C`?",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\nmarket:\n  - B2B\n  - Moon\n---\n",
            6,
            "market",
            "unknown value `Moon`; it is left out",
            "allowed values: B2B, B2C",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\nmarket: B2B\nchannel: {a: 1}\n---\n",
            5,
            "channel",
            "expected a value or a list of values, got a mapping; it is ignored",
            "write `channel: LinkedIn`",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\n---\n",
            1,
            "market",
            "the required facet `market` is missing",
            "add `market: B2B` (one of B2B, B2C)",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\nmarket: B2B\nregion: [Europe, Asia]\n---\n",
            5,
            "region",
            "`region` takes one value, got 2; none is kept",
            "keep the one that fits best",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\nmarket: B2B\ndraft: maybe\n---\n",
            5,
            "draft",
            "expected true or false, got `maybe`; it is ignored",
            "write `draft: true`",
        ),
    ],
)
def test_bad_values_are_reported_with_line_field_and_hint(text, line, field, message, hint):
    post, diagnostics = read(text)
    assert post is not None, "a bad facet value never drops the whole post"
    assert len(diagnostics) == 1, diagnostics
    (diagnostic,) = diagnostics
    assert (diagnostic.file, diagnostic.line, diagnostic.field) == ("posts/a.md", line, field)
    assert diagnostic.message == message
    assert hint in diagnostic.hint


def test_the_bad_value_is_left_out_not_guessed():
    post, _ = read("---\ntitle: x\ndate: 2024-01-01\nmarket: [B2B, Bee2C]\nchannel: Linkdin\n---\n")
    assert post.values == ("market/b2b",)


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("---\ntitle: x\nmarket: B2B\n---\n", 1, "date", "the post has no date; it is left out of the hub"),
        (
            "---\ntitle: x\ndate: last tuesday\nmarket: B2B\n---\n",
            3,
            "date",
            "cannot read `last tuesday` as a date; the post is left out of the hub",
        ),
        (
            "---\ndate: 2024-01-01\nmarket: B2B\n---\nNo heading.\n",
            1,
            "title",
            "the post has no title; it is left out of the hub",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\nmarket: [B2B\n---\n",
            5,
            "front matter",
            "invalid YAML",
        ),
        (
            "---\ntitle: x\ndate: 2024-01-01\n",
            1,
            "front matter",
            "the front matter opened by `---` is never closed",
        ),
    ],
)
def test_posts_without_title_or_date_or_with_broken_yaml_are_left_out(text, line, field, message):
    post, diagnostics = read(text)
    assert post is None
    assert (diagnostics[0].line, diagnostics[0].field) == (line, field)
    assert diagnostics[0].message.startswith(message)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30", "day is out of range for month"),
        ("2024-05-01T09:30:00+25:00", "offset must be a timedelta"),
        ("!!int abc", "invalid literal for int()"),
    ],
)
def test_yaml_values_that_cannot_be_built_are_reported_at_their_key(value, reason):
    post, diagnostics = read(f"---\ntitle: x\ndate: {value}\nmarket: B2B\n---\nBody.\n")
    assert post is None
    assert [(d.line, d.field) for d in diagnostics] == [(3, "date")]
    assert reason in diagnostics[0].message


def test_a_closing_line_without_a_line_break_is_explained():
    post, diagnostics = read("---\ntitle: x\ndate: 2024-01-01\n---")
    assert post is None
    assert diagnostics[0].message.startswith("the closing `---` is the last line and has no line break")
    assert diagnostics[0].hint == "end the file with a line break"


def test_invalid_yaml_points_at_the_offending_line_after_leading_blank_front_matter_lines():
    _, diagnostics = read("---\n\ntitle: x\ndate: 2024-01-01\nmarket: B2B\nchannel: [a, b\n---\n")
    assert diagnostics[0].line in (6, 7)  # PyYAML reports the line where it noticed the bracket never closed
    assert "left out" in diagnostics[0].message


def test_excerpt_prefers_more_marker_then_description_then_first_paragraph():
    body = "# Title\n\nIntro with **bold**.\n\nSecond.\n\n<!-- more -->\n\nRest.\n"
    assert excerpt(body, "A description", 300) == "Intro with bold. Second."
    assert excerpt("First para.\n\nSecond.", "A description", 300) == "A description"
    body = (
        "## Heading\n\n```\ncode\n```\n\n!!! note\n    admonition\n\n![img](x.png)\n\n"
        "The *real* first paragraph\nspans lines.\n"
    )
    assert excerpt(body, "", 300) == "The real first paragraph spans lines."
    assert excerpt("word " * 200, "", 50).endswith("…")
    assert excerpt("Some text.", "", 0) == ""
    assert excerpt("Intro.\n\n<!-- MORE -->\n\nRest.", "", 300) == "Intro."
    assert excerpt("<!-- more -->\nFirst.", "The description.", 300) == "The description."


@pytest.mark.parametrize(
    "description",
    ['"><svg onload=alert(1)>', "Why <video> beats *text* on LinkedIn", "Tabs\tand\n  breaks  collapse"],
)
def test_a_description_is_plain_text_in_the_excerpt_as_the_theme_shows_it(description):
    assert excerpt("First paragraph.", description, 300) == " ".join(description.split())


def _front(yaml_text: str) -> dict:
    from mkdocs.utils.meta import get_data  # how MkDocs parses front matter, anchors and tags included

    return get_data(f"---\n{yaml_text}\n---\nBody.\n")[1]


WRITTEN = "title: T\ntags: [a, b]\nextra: {nested: [1, [2]]}\nordered: !!omap [{k: [1]}]\nkinds: !!set {x, y}"


def test_a_snapshot_of_front_matter_is_out_of_reach_of_edits_in_place():
    meta = _front(WRITTEN)
    taken = snapshot(meta)
    assert taken == meta
    meta["tags"].append("c")
    meta["extra"]["nested"][1].append(3)
    meta["ordered"][0][1].append(2)
    meta["kinds"].add("z")
    assert taken == _front(
        "title: T\ntags: [a, b]\nextra: {nested: [1, [2]]}\nordered: !!omap [{k: [1]}]\nkinds: !!set {x, y}"
    )


def test_a_snapshot_keeps_yaml_anchors_shared_and_loops_looping():
    meta = _front("loop: &a [*a]\nself: &m {me: *m}")
    taken = snapshot(meta)
    assert taken["loop"][0] is taken["loop"] and taken["self"]["me"] is taken["self"]
    # Six levels of ten aliases each: a million leaves if expanded, one list a level when kept shared.
    levels = ["a0: &a0 [" + ", ".join(["x"] * 10) + "]"]
    levels += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 7)]
    taken = snapshot(_front("\n".join(levels)))
    assert all(item is taken["a5"] for item in taken["a6"])


def _nested(depth: int) -> str:
    return "v: " + "[" * depth + "]" * depth


def _deepest_nesting_yaml_reads() -> int:
    """The most lists inside each other that the installed YAML reads (libyaml stops at its own limit,
    PyYAML without it at Python's recursion limit), found by bisection, up to 2**14 levels."""
    reads, too_deep = 1, 2
    while _front(_nested(too_deep)) and too_deep < 2**14:
        reads, too_deep = too_deep, too_deep * 2
    if _front(_nested(too_deep)):
        return too_deep
    while too_deep - reads > 1:
        middle = (reads + too_deep) // 2
        reads, too_deep = (middle, too_deep) if _front(_nested(middle)) else (reads, middle)
    return reads


def test_front_matter_nested_as_deep_as_yaml_reads_is_snapshot_without_a_crash():
    deepest = _deepest_nesting_yaml_reads()
    assert deepest > 100
    meta = _front(_nested(deepest))
    assert meta and snapshot(meta) == meta


def test_front_matter_nested_deeper_than_yaml_reads_is_named_at_its_line():
    deeper = _deepest_nesting_yaml_reads() + 1
    post, diagnostics = read(f"---\ntitle: x\ndate: 2024-01-01\nmarket: B2B\n{_nested(deeper)}\n---\nBody.\n")
    assert post is None
    assert [(d.file, d.line, d.field) for d in diagnostics] == [("posts/a.md", 5, "front matter")]
    assert "nested too deeply" in diagnostics[0].message
    assert "exceeded" not in diagnostics[0].message and diagnostics[0].hint
