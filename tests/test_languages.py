"""The hub in the reader's language: complete catalogs, German and Japanese builds with no English of the
hub's own left, the knowledge base's script in the page's language, dates by Babel, plural forms by each
language's rules, overrides in mkdocs.yml, and templates a theme overrides."""

from __future__ import annotations

import json
import re
import string
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from babel import Locale
from bs4 import BeautifulSoup

from contenthub.messages import catalog, load_messages, shipped
from contenthub.model import Severity

from conftest import Site, base_config, copy_sample_hub, free_port, serve_directory

ENGLISH = catalog("en")
LANGUAGES = [language for language in shipped() if language != "en"]
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


def forms(text: str | dict[str, str]) -> dict[str, str]:
    return text if isinstance(text, dict) else {"other": text}


def names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_catalogs_ship_for_at_least_the_ten_languages_asked_for():
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "ja", "zh"} <= set(shipped())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_has_every_message_with_its_values_and_the_plural_forms_its_language_uses(language: str):
    translated = catalog(language)
    assert list(translated) == list(ENGLISH), "the same keys, in the same order"
    needed = set(Locale.parse(language).plural_form.tags) | {"other"}
    for key, english in ENGLISH.items():
        wanted = names(forms(english)["other"]) | ({"count"} if isinstance(english, dict) else set())
        own = translated[key]
        assert isinstance(own, dict) == isinstance(english, dict), key
        if isinstance(own, dict):
            assert set(own) == needed, f"{language} {key}: forms {sorted(own)}, the language uses {sorted(needed)}"
        for form, text in forms(own).items():
            assert names(text) == wanted, f"{language} {key} ({form}): {sorted(names(text))}, not {sorted(wanted)}"
            assert text.strip(), f"{language} {key} ({form}) is empty"
        # A word may be the same in both (Feeds, Status, Problem); a sentence may not.
        sentences = {
            text
            for text in forms(english).values()
            if len(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", "", text))) >= 3
        }
        assert not sentences & set(forms(own).values()), f"{language} {key} is still English"


def test_plural_forms_follow_each_languages_rules():
    polish, _ = load_messages("pl")
    counted = [polish.count("cli.posts", n) for n in (1, 2, 5, 22, 112)]
    endings = [text.split()[-1] for text in counted]
    assert endings[0] != endings[1] != endings[2] and endings[1] == endings[3] and endings[2] == endings[4], counted
    english, _ = load_messages("en")
    assert [english.count("cli.problems", n) for n in (0, 1, 2, 1000)] == [
        "0 problems", "1 problem", "2 problems", "1,000 problems"
    ]  # fmt: skip
    german, _ = load_messages("de")
    assert german.count("cli.problems", 1000).startswith("1.000 ")


# -- the sample hub, built in German and in Japanese ---------------------------------------------------


def hub_strings(site: Site) -> str:
    """Everything of the hub's own on its pages: its parts (class ch-*), their labels, the script's texts,
    and the titles of its pages; not the authors' posts, which are in English."""
    found = []
    authors = ".ch-card__title, .ch-card__excerpt, .ch-story__excerpt, .ch-story__note, .ch-chip, .ch-related a"
    for path in sorted(site.out.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for text in soup.select(authors):  # titles, excerpts and labels are the authors' and the site's own
            text.decompose()
        for part in soup.select('[class^="ch-"], [class*=" ch-"]'):
            found.append(part.get_text(" "))
            found += [str(tag.get("aria-label", "")) for tag in part.select("[aria-label]")]
        found += [str(tag["data-strings"]) for tag in soup.select("[data-strings]")]
        relative = path.relative_to(site.out).as_posix()
        if not relative.startswith("posts/") and soup.title:
            found.append(soup.title.get_text())
    return "\n".join(found)


def english_fragments() -> set[str]:
    """The English messages' words, in runs long enough to be the hub's (between its placeholders); not a
    draft's, which the editor's roundup files hold as their own text."""
    found = set()
    for key, text in ENGLISH.items():
        if key.startswith("draft."):
            continue
        for form in forms(text).values():
            for run in re.split(r"\{\w+\}", form):
                run = run.strip(" .:;,()“”·×")
                if len(run) > 8 and re.search(r"[a-z]{3}", run) and not run.startswith(("RSS", "contenthub")):
                    found.add(run)
    return found


@pytest.fixture(scope="module", params=["de", "ja"])
def translated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    port = free_port()
    site = copy_sample_hub(tmp_path_factory.mktemp(f"hub-{request.param}"), site_url=f"http://127.0.0.1:{port}/")
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", f"  name: material\n  language: {request.param}\n", 1), encoding="utf-8"
    )
    site.build("--strict")
    site.language = request.param  # type: ignore[attr-defined]
    site.port = port  # type: ignore[attr-defined]
    yield site


def test_a_translated_hub_shows_no_english_of_its_own(translated: Site):
    shown = hub_strings(translated)
    assert len(shown) > 10_000, "the hub's parts were found"
    left = sorted(fragment for fragment in english_fragments() if fragment in shown)
    assert left == [], f"English left in the {translated.language} hub: {left[:10]}"  # type: ignore[attr-defined]
    own = set(Locale.parse(translated.language).months["format"]["wide"].values())  # type: ignore[attr-defined]
    months = [month for month in MONTHS if month not in own and re.search(rf"\b{month}\b", shown)]
    assert months == [], "dates are written in the site's language"


def test_a_translated_hub_writes_its_dates_and_numbers_as_its_language_does(translated: Site):
    language = translated.language  # type: ignore[attr-defined]
    messages, _ = load_messages(language)
    index = json.loads((translated.out / "knowledge-base/posts.json").read_text(encoding="utf-8"))
    shown = translated.html(index["posts"][0][0]).select_one(".ch-post-meta time")
    assert shown is not None and shown.get_text() == messages.date(date.fromisoformat(str(shown["datetime"])[:10]))
    assert translated.html("").html["lang"] == language
    kb = translated.html("knowledge-base/")
    strings = json.loads(str(kb.select_one("[data-strings]")["data-strings"]))
    assert strings["lang"] == language and strings["texts"]["kb.none"] == catalog(language)["kb.none"]
    assert all(
        text == messages.date(__import__("datetime").date.fromisoformat(day)) for day, text in index["dates"].items()
    )


def test_the_feeds_say_their_language(translated: Site):
    language = translated.language  # type: ignore[attr-defined]
    rss = ElementTree.parse(translated.out / "market/b2b/rss.xml").getroot()
    assert rss.findtext("channel/language") == language
    atom = ElementTree.parse(translated.out / "atom.xml").getroot()
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert json.loads((translated.out / "feed.json").read_text(encoding="utf-8"))["language"] == language


@pytest.mark.browser
def test_the_knowledge_base_script_speaks_the_pages_language(translated: Site, page):
    language = translated.language  # type: ignore[attr-defined]
    messages, _ = load_messages(language)
    port = translated.port  # type: ignore[attr-defined]
    with serve_directory(translated.out, port) as url:
        page.goto(url + "knowledge-base/?market=b2b&search=zzzz")
        page.wait_for_function("() => document.querySelector('[data-contenthub-kb]')?.hasAttribute('data-rendered')")
        empty = page.locator(".ch-kb__empty").inner_text()
        assert catalog(language)["kb.none"] in empty
        page.goto(url + "knowledge-base/")
        page.wait_for_function("() => document.querySelector('.ch-kb__list .ch-card')")
        status = page.locator(".ch-kb__status").inner_text()
        total = len(json.loads((translated.out / "knowledge-base/posts.json").read_text(encoding="utf-8"))["posts"])
        assert status == messages.count("kb.found", total)
        first = page.locator(".ch-kb__list .ch-card time").first
        day = date.fromisoformat(first.get_attribute("datetime")[:10])
        assert first.inner_text() == messages.date(day), "the browser shows the server's own date"
        more = page.locator(".ch-kb__more")
        if more.is_visible():
            assert not re.search(r"\bmore\b|\bleft\b", more.inner_text())


# -- the site's own words, and its own templates -----------------------------------------------------


def test_any_text_can_be_overridden_and_a_wrong_key_is_named_at_its_line(site: Site):
    site.configure(
        facets={"market": {"values": ["B2B", "B2C"]}},
        strings={"post.related": "See also", "post.relatd": "x", "post.draft": "Draft {name}"},
    )
    site.post("one", market="B2B")
    site.post("two", market="B2B")
    result = site.build(check=False)
    lines = (site.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    typo = next(n for n, line in enumerate(lines, 1) if "post.relatd" in line)
    assert f"mkdocs.yml:{typo}: plugins.contenthub/taxonomy.strings.post.relatd: there is no message" in result.stderr
    assert "did you mean `post.related`?" in result.stderr
    assert "`{name}` cannot be used in `post.draft`" in result.stderr
    related = site.html("posts/one/").select_one(".ch-related h2")
    assert related is not None and related.get_text() == "See also"


@pytest.mark.parametrize(
    ("key", "text", "why"),
    [
        ("kb.text", "a } b", "Single '}' encountered"),
        ("kb.text", "a {", "Single '{' encountered"),
        ("post.related", "See {}", "positional"),
        ("value.count", {"one": "{count:,} post", "other": "{count} posts"}, "Cannot specify ','"),
        ("post.draft", "{value!z}", "Unknown conversion"),
        ("post.draft", "{name.upper}", "cannot be used"),
    ],
)
def test_an_override_that_cannot_be_filled_in_is_reported_and_the_shipped_text_kept(key, text, why):
    messages, problems = load_messages("en", {key: text})
    assert [(p.field, p.severity) for p in problems] == [(f"strings.{key}", Severity.WARNING)]
    assert why in problems[0].message or why in problems[0].message + problems[0].hint
    assert messages.texts[key] == catalog("en")[key]


def test_plural_forms_named_by_numbers_are_reported_not_a_crash():
    _, problems = load_messages("en", {"cli.posts": {"other": "{count} posts", 1: "one post", "few": "x"}})
    assert "`1` cannot be used in `cli.posts`" in problems[0].message
    assert problems[0].hint == "plural forms are zero, one, two, few, many, other"


def test_a_language_without_a_catalog_or_unknown_falls_back_to_english_and_says_so(site: Site):
    config = base_config(facets={"market": {"values": ["B2B"]}})
    config["theme"]["language"] = "sv"  # Material speaks Swedish; contenthub has no catalog for it yet
    site.configure(config)
    site.post("one", market="B2B")
    result = site.build(check=False)
    assert "theme.language: contenthub has no translation for `sv` yet; its pages are in English" in result.stderr
    assert site.html("posts/one/").select_one(".ch-post-meta time").get_text() == "1 januari 2024", "Swedish dates"
    site.configure(facets={"market": {"values": ["B2B"]}}, language="tlh")
    result = site.build(check=False)
    assert "plugins.contenthub/taxonomy.language: `tlh` is not a language Babel knows" in result.stderr
    assert "Traceback" not in result.stderr and result.returncode == 0


def test_the_contenthub_command_speaks_the_sites_language_with_plural_forms(site: Site):
    config = base_config(facets={"market": {"values": ["B2B"]}})
    config["theme"]["language"] = "de"
    site.configure(config)
    site.post("one", market="B2B")
    site.post("two", market="B2X")
    checked = site.contenthub("check")
    german, _ = load_messages("de")
    summary = german.text(
        "cli.check",
        posts=german.count("cli.posts", 2),
        drafts=german.count("cli.drafts", 0),
        problems=german.count("cli.problems", 1),
    )
    assert summary in checked.stderr and "problems" not in checked.stderr


CARD = """{%- from "contenthub/chips.html" import chips %}
{%- macro card(card) -%}
<article class="ch-card my-card"><h2 class="ch-card__title">
<a href="{{ card.url }}" data-ch-link data-ch-title>{{ card.title }}</a></h2>
<p class="ch-card__meta">Ours: <time datetime="{{ card.datetime }}" data-ch-date>{{ card.date }}</time></p>
{%- if card.excerpt %}<p data-ch-excerpt>{{ card.excerpt }}</p>{% endif %}{{ chips(card.chips) }}</article>
{%- endmacro %}
"""


@pytest.mark.browser
def test_a_themes_own_card_is_every_card_on_value_pages_the_roundups_index_and_in_the_knowledge_base(
    tmp_path: Path, page
):
    port = free_port()
    site = copy_sample_hub(tmp_path, site_url=f"http://127.0.0.1:{port}/")
    (site.root / "overrides/contenthub").mkdir(parents=True)
    (site.root / "overrides/contenthub/card.html").write_text(CARD, encoding="utf-8")
    config = yaml.safe_load((site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    )
    assert config["theme"]["name"] == "material"
    site.build("--strict")
    for url in ("market/b2b/", "roundups/"):
        cards = site.html(url).select(".ch-card:not(.ch-story)")
        assert cards and all("my-card" in card["class"] for card in cards), url
        assert all("Ours:" in card.get_text() for card in cards)
    with serve_directory(site.out, port) as url:
        page.goto(url + "knowledge-base/?market=b2b")
        page.wait_for_function("() => document.querySelector('.ch-kb__list .ch-card')")
        classes = page.eval_on_selector_all(".ch-kb__list .ch-card", "cards => cards.map(c => c.className)")
        assert classes and all("my-card" in c for c in classes)
        assert page.locator(".ch-kb__list .ch-card").first.inner_text().count("Ours:") == 1


def test_lists_and_the_scripts_counts_are_written_as_each_language_writes_them():
    english, _ = load_messages("en")
    german, _ = load_messages("de")
    japanese, _ = load_messages("ja")
    assert english.listed(["not modified: 2", "failed: 1"]) == "not modified: 2 and failed: 1"
    assert german.listed(["a", "b", "c"]) == "a, b und c"
    assert japanese.listed(["a", "b", "c"]) == "a、b、c"
    assert (english.texts["kb.count"], japanese.texts["kb.count"]) == ("({count})", "（{count}）")
