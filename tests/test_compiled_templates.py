"""The hub's page templates, compiled once and kept between builds: used when there, compiled afresh when
the file is edited or the cache is unusable, and never an error."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from contenthub.mkdocs.render import Snippets, compiled_templates
from contenthub.syndication.paths import feed_links

TEMPLATES = ("value", "facets", "knowledge_base", "feeds", "subscribe")


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder Jinja keeps its private cache folder in."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _cache_files(temporary: Path) -> list[Path]:
    return sorted(temporary.glob(f"_jinja2-cache-{os.getuid()}/contenthub-*.cache"))


def _render(snippets: Snippets) -> str:
    return snippets.render("subscribe", "market/b2b/", value=None, lead="Follow:", feeds=feed_links)


EXPECTED = (
    '\n<p class="ch-subscribe">Follow: <a href="../../rss.xml" type="application/rss+xml">RSS</a> · '
    '<a href="../../atom.xml" type="application/atom+xml">Atom</a> · '
    '<a href="../../feed.json" type="application/feed+json">JSON Feed</a></p>'
)


def _never_compile(snippets: Snippets, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the cache holds the template")

    monkeypatch.setattr(snippets.env, "compile", refuse)


def test_a_second_build_loads_the_templates_it_compiled_before(temporary: Path, monkeypatch: pytest.MonkeyPatch):
    first = Snippets([])
    for name in TEMPLATES:
        first.env.get_template(f"contenthub/{name}.html")
    assert len(_cache_files(temporary)) == len(TEMPLATES)
    again = Snippets([])
    _never_compile(again, monkeypatch)
    for name in TEMPLATES:
        again.env.get_template(f"contenthub/{name}.html")
    assert _render(again) == _render(first) == EXPECTED


def test_an_overriding_template_is_compiled_from_its_own_text(temporary: Path, tmp_path: Path):
    Snippets([]).env.get_template("contenthub/subscribe.html")
    theme = tmp_path / "theme"
    (theme / "contenthub").mkdir(parents=True)
    (theme / "contenthub/subscribe.html").write_text("<p>{{ lead }} (ours)</p>", encoding="utf-8")
    assert _render(Snippets([str(theme)])) == "<p>Follow: (ours)</p>"
    (theme / "contenthub/subscribe.html").write_text("<p>{{ lead }} (edited)</p>", encoding="utf-8")
    assert _render(Snippets([str(theme)])) == "<p>Follow: (edited)</p>"


def test_a_damaged_cache_file_is_compiled_again_and_replaced(temporary: Path):
    assert _render(Snippets([])) == EXPECTED
    for damage in (b"", b"j2\x00garbage", (bytes(range(256)) * 8)):
        (cached,) = _cache_files(temporary)
        cached.write_bytes(damage)
        assert _render(Snippets([])) == EXPECTED
        assert _cache_files(temporary)[0].read_bytes() != damage


def test_a_cache_that_cannot_be_written_or_made_private_is_no_cache(temporary: Path, monkeypatch: pytest.MonkeyPatch):
    def unwritable(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched:
        patched.setattr(tempfile, "NamedTemporaryFile", unwritable)
        assert _render(Snippets([])) == EXPECTED
        assert _cache_files(temporary) == []
    for folder in temporary.iterdir():
        folder.rmdir()
    (temporary / f"_jinja2-cache-{os.getuid()}").write_text("a file where the folder goes", encoding="utf-8")
    assert compiled_templates() is None  # Jinja finds no private folder
    assert Snippets([]).env.bytecode_cache is None
    assert _render(Snippets([])) == EXPECTED
