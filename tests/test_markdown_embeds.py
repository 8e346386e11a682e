"""Liquid-tag embeds (`contenthub.markdown.embeds`): Pelican's forms, private by default (nothing asked
of another site before the reader asks), a link in feeds, problems with file and line."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import markdown
import pytest

from contenthub.markdown.embeds import Embed, EmbedsExtension, parse_embed
from contenthub.markdown.page import PageRef
from contenthub.mkdocs.syntax import reads_our_tags
from contenthub.model import Diagnostic

from conftest import AUDIT, AXE, Site, base_config, free_port, serve_directory

YOUTUBE = "https://www.youtube-nocookie.com/embed/aBcDeF12345?autoplay=1"


@pytest.mark.parametrize(
    ("tag", "arguments", "embed"),
    [
        ("youtube", "aBcDeF12345", Embed("youtube", "https://www.youtube.com/watch?v=aBcDeF12345", "YouTube", YOUTUBE)),
        (
            "vimeo",
            "76979871 640 360",
            Embed(
                "vimeo",
                "https://vimeo.com/76979871",
                "Vimeo",
                "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
                640,
                360,
            ),
        ),
        (
            "video",
            "/media/talk.mp4 640 360 /media/talk.jpg",
            Embed("video", "/media/talk.mp4", width=640, height=360, poster="/media/talk.jpg"),
        ),
        ("video", "https://cdn.example/talk.mp4", Embed("video", "https://cdn.example/talk.mp4")),
        ("audio", "/media/episode.mp3", Embed("audio", "/media/episode.mp3")),
        ("img", "/images/chart.png", Embed("img", "/images/chart.png")),
        (
            "img",
            'left half /images/chart.png 300 200 "The chart" "Bars rising"',
            Embed(
                "img",
                "/images/chart.png",
                width=300,
                height=200,
                css_class="left half",
                title="The chart",
                alt="Bars rising",
            ),
        ),
        (
            "slideshare",
            "https://www.slideshare.net/hub/deck",
            Embed("card", "https://www.slideshare.net/hub/deck", "SlideShare"),
        ),
        ("tweet", "https://x.com/hub/status/1", Embed("card", "https://x.com/hub/status/1", "X")),
        (
            "linkedin",
            "https://www.linkedin.com/posts/hub_1",
            Embed("card", "https://www.linkedin.com/posts/hub_1", "LinkedIn"),
        ),
    ],
)
def test_pelicans_forms_are_read(tag, arguments, embed):
    assert parse_embed(tag, arguments) == embed


@pytest.mark.parametrize(
    ("tag", "arguments", "message"),
    [
        ("youtube", "", "needs what to show"),
        ("youtube", "no", "`no` is not a YouTube video id"),
        ("vimeo", "abc", "`abc` is not a Vimeo video id"),
        ("youtube", "aBcDeF12345 wide tall", "`wide tall` is not a width and a height"),
        (
            "video",
            "/v.mp4 640 360 https://cdn.example/p.jpg",
            "the poster `https://cdn.example/p.jpg` is on another site",
        ),
        ("img", "chart", "needs an image with a path or address"),
        ("x", "not-a-url", "takes one web address"),
        ("youtube", "aBcDeF12345 640", "takes an id, and a width and a height if any"),
        ("video", "/v.mp4 640", "has a width without a height"),
    ],
)
def test_bad_arguments_say_what_is_wrong(tag, arguments, message):
    found = parse_embed(tag, arguments)
    assert isinstance(found, tuple) and found[0].startswith(message), found


def convert(text: str) -> tuple[str, EmbedsExtension, list[Diagnostic]]:
    found: list[Diagnostic] = []
    extension = EmbedsExtension(report=found.append)
    extension.start(PageRef("posts/a.md", "posts/a/", lambda: text))
    return markdown.markdown(text, extensions=["fenced_code", extension]), extension, found


def test_an_unknown_tag_is_a_problem_at_its_line_the_text_stays_and_code_is_never_touched():
    text = "Intro.\n\n{% youtub aBcDeF12345 %}\n\n```\n{% youtube aBcDeF12345 %}\n```\n\nSee `{% vimeo 1 %}`.\n"
    html, extension, problems = convert(text)
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (3, "`{% youtub aBcDeF12345 %}`: `youtub` is no tag the hub knows", "did you mean `youtube`?")
    ]
    assert "<p>{% youtub aBcDeF12345 %}</p>" in html and "{% youtube aBcDeF12345 %}" in html
    assert "<code>{% vimeo 1 %}</code>" in html and extension.embeds == {}


def test_a_tag_written_in_capitals_is_reported_not_left_as_text_in_silence():
    html, _, problems = convert("Intro.\n\n{% YouTube aBcDeF12345 %}\n\n{% Posts limit=2 %}\n")
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (3, "`{% YouTube aBcDeF12345 %}`: `YouTube`: a tag's name is written in lower case", "write `{% youtube …%}`"),
        (5, "`{% Posts limit=2 %}`: `Posts`: a tag's name is written in lower case", "write `{% posts …%}`"),
    ]
    assert "<p>{% YouTube aBcDeF12345 %}</p>" in html


def embed_site(site: Site) -> None:
    site.write("media/episode.mp3", "not really sound")
    site.write("media/chart.png", "not really an image")
    config = base_config(facets={"market": {"values": ["B2B"]}})
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    site.post(
        "talk",
        market="B2B",
        body="The talk:\n\n{% youtube aBcDeF12345 640 360 %}\n\n"
        "The deck:\n\n{% slideshare https://www.slideshare.net/hub/deck %}\n\n{% audio ../media/episode.mp3 %}\n\n"
        '{% img {static}/media/chart.png 300 200 "The chart" %}\n',
    )


def test_a_video_is_a_facade_on_the_page_and_a_link_in_feeds(site: Site):
    embed_site(site)
    site.build("--strict")
    page = site.html("posts/talk/")
    figure = page.select_one("figure.ch-embed--video")
    assert figure["data-ch-player"] == YOUTUBE and "aspect-ratio: 640 / 360" in figure["style"]
    facade = figure.select_one("a[data-ch-play]")
    assert facade["href"] == "https://www.youtube.com/watch?v=aBcDeF12345"
    assert facade.get_text(strip=True) == "Play the video from YouTube"
    assert not page.select("iframe"), "no player before the reader asks"
    others = [e for e in page.select("[src]") if urlsplit(e["src"]).netloc not in ("", "hub.test")]
    assert others == [], "nothing loads from another site"
    assert page.select_one("audio")["preload"] == "none"
    assert page.select_one("audio")["src"] == "../../media/episode.mp3", "a file's path, as a link's, from the page"
    assert page.select_one("article img[title='The chart']")["src"] == "../../media/chart.png"
    assert page.select_one("blockquote.ch-embed--card a")["href"] == "https://www.slideshare.net/hub/deck"
    item = json.loads((site.out / "feed.json").read_text())["items"][0]["content_html"]
    assert '<a href="https://www.youtube.com/watch?v=aBcDeF12345">Watch on YouTube</a>' in item
    assert "data-ch-player" not in item and "contenthub-embed" not in item
    assert 'href="https://hub.test/media/episode.mp3"' in item


@pytest.mark.browser
def test_a_click_loads_the_privacy_enhanced_player_and_nothing_else_leaves_the_machine_before(site: Site, page):
    embed_site(site)
    site.build("--strict")
    asked: list[str] = []

    def outside(route, request):
        asked.append(request.url)
        route.abort()

    page.route(lambda url: urlsplit(url).hostname not in ("127.0.0.1", "localhost"), outside)
    with serve_directory(site.out, free_port()) as url:
        page.goto(url + "posts/talk/")
        page.wait_for_load_state("networkidle")
        assert asked == [], "nothing asked of another site before the reader plays"
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AUDIT, ".md-content") == [], "the theme's own header is not this test's"
        page.get_by_role("link", name="Play the video from YouTube").click()
        player = page.locator("figure.ch-embed--video iframe")
        player.wait_for()
        assert player.get_attribute("src") == YOUTUBE
        assert player.get_attribute("title") == "Play the video from YouTube"
        page.wait_for_timeout(200)
        assert {urlsplit(u).hostname for u in asked} <= {"www.youtube-nocookie.com"}


def test_a_bad_embed_fails_a_strict_build_with_file_and_line(site: Site):
    site.configure(base_config(facets={"market": {"values": ["B2B"]}}))
    site.post("talk", market="B2B", body="Watch:\n\n{% vimeo abc %}\n")
    result = site.build("--strict", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "posts/talk.md:9: `{% vimeo abc %}`: `abc` is not a Vimeo video id" in result.stderr


@pytest.mark.parametrize(
    ("settings", "conflict"),
    [
        ({}, True),
        ({"render_by_default": True, "j2_block_start_string": ""}, True),
        ({"render_by_default": False}, False),
        ({"j2_block_start_string": "[%", "j2_block_end_string": "%]"}, False),
    ],
)
def test_mkdocs_macros_is_named_when_it_would_read_the_hubs_tags_first(settings, conflict):
    assert reads_our_tags(settings) is conflict


def test_a_file_embedded_by_a_path_that_leads_nowhere_is_a_problem_at_its_line(site: Site):
    site.configure(base_config(facets={"market": {"values": ["B2B"]}}))
    site.post("talk", market="B2B", body="Listen:\n\n{% audio ../media/missing.mp3 %}\n")
    result = site.build("--strict", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (
        "posts/talk.md:9: `{% audio ../media/missing.mp3 %}`: `media/missing.mp3` is not a file of the docs folder"
        in (result.stderr)
    )
