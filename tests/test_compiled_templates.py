"""The hub's page templates, compiled once and kept between builds in the user's cache folder: used when
there, compiled afresh when the template or what compiling depends on changes, never kept where others
could write, and never an error."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from contenthub.mkdocs import render
from contenthub.mkdocs.render import OPTIONS, CompiledTemplates, Snippets, cache_folder, compiled_templates
from contenthub.syndication.paths import feed_links

TEMPLATES = ("value", "facets", "knowledge_base", "feeds", "subscribe")
EXPECTED = (
    '\n<p class="ch-subscribe">Follow: <a href="../../rss.xml" type="application/rss+xml">RSS</a> · '
    '<a href="../../atom.xml" type="application/atom+xml">Atom</a> · '
    '<a href="../../feed.json" type="application/feed+json">JSON Feed</a></p>'
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder; the templates' go in `contenthub/templates` inside it."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _cache_files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "contenthub/templates").glob("*.cache"))


def _render(snippets: Snippets) -> str:
    return snippets.render("subscribe", "market/b2b/", value=None, lead="Follow:", feeds=feed_links)


def test_a_second_build_loads_the_templates_it_compiled_before(cache_home: Path, monkeypatch: pytest.MonkeyPatch):
    first = Snippets([])
    for name in TEMPLATES:
        first.env.get_template(f"contenthub/{name}.html")
    assert len(_cache_files(cache_home)) == len(TEMPLATES)
    assert (cache_home / "contenthub/templates").stat().st_mode & 0o777 == 0o700
    again = Snippets([])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the cache holds the template")

    monkeypatch.setattr(again.env, "compile", refuse)
    for name in TEMPLATES:
        again.env.get_template(f"contenthub/{name}.html")
    assert _render(again) == _render(first) == EXPECTED


def test_an_overriding_template_is_compiled_from_its_own_text(cache_home: Path, tmp_path: Path):
    Snippets([]).env.get_template("contenthub/subscribe.html")
    theme = tmp_path / "theme"
    (theme / "contenthub").mkdir(parents=True)
    (theme / "contenthub/subscribe.html").write_text("<p>{{ lead }} (ours)</p>", encoding="utf-8")
    assert _render(Snippets([str(theme)])) == "<p>Follow: (ours)</p>"
    (theme / "contenthub/subscribe.html").write_text("<p>{{ lead }} (edited)</p>", encoding="utf-8")
    assert _render(Snippets([str(theme)])) == "<p>Follow: (edited)</p>"


def test_code_compiled_with_other_options_or_versions_is_not_used(cache_home: Path):
    folder = cache_home / "contenthub/templates"
    folder.mkdir(parents=True)
    ours = CompiledTemplates(folder, OPTIONS)
    assert ours.pattern == CompiledTemplates(folder, dict(OPTIONS)).pattern
    assert ours.pattern != CompiledTemplates(folder, {**OPTIONS, "autoescape": False}).pattern
    assert ours.pattern != CompiledTemplates(folder, {**OPTIONS, "trim_blocks": True}).pattern


def test_a_damaged_cache_file_is_compiled_again_and_replaced(cache_home: Path):
    assert _render(Snippets([])) == EXPECTED
    for damage in (b"", b"j2\x00garbage", bytes(range(256)) * 8):
        (cached,) = _cache_files(cache_home)
        cached.write_bytes(damage)
        assert _render(Snippets([])) == EXPECTED
        assert _cache_files(cache_home)[0].read_bytes() != damage


def test_a_cache_that_cannot_be_written_is_no_cache(cache_home: Path, monkeypatch: pytest.MonkeyPatch):
    def unwritable(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", unwritable)
    assert _render(Snippets([])) == EXPECTED
    assert _cache_files(cache_home) == []


@pytest.mark.parametrize(
    "place",
    ["a link", "writable by others", "its parent writable by others", "a file", "no home", "not POSIX"],
)
def test_no_cache_where_others_could_put_code_or_there_is_no_folder(
    place: str, cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = cache_home / "contenthub/templates"
    folder.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    if place == "a link":
        folder.symlink_to(elsewhere)
    elif place == "writable by others":
        folder.mkdir()
        folder.chmod(0o777)
    elif place == "its parent writable by others":  # someone else could swap the folder mid-build
        folder.parent.chmod(0o777)
    elif place == "a file":
        folder.write_text("not a folder", encoding="utf-8")
    elif place == "no home":
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setattr(Path, "home", lambda: (_ for _ in ()).throw(RuntimeError("no home")))
    else:
        monkeypatch.setattr(render.os, "name", "nt")
    assert cache_folder() is None
    assert compiled_templates() is None
    assert Snippets([]).env.bytecode_cache is None
    assert _render(Snippets([])) == EXPECTED
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("sticky", [True, False])
def test_a_cache_folder_in_a_shared_folder_is_used_only_where_only_owners_may_rename(
    sticky: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777 if sticky else 0o777)  # like /tmp, or open to all
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared / "cache"))
    assert cache_folder() == (shared / "cache/contenthub/templates" if sticky else None)


def test_every_level_it_makes_is_private_whatever_the_umask(cache_home: Path):
    old = os.umask(0)
    try:
        assert cache_folder() == cache_home / "contenthub/templates"
    finally:
        os.umask(old)
    for level in (cache_home, cache_home / "contenthub", cache_home / "contenthub/templates"):
        assert level.stat().st_mode & 0o777 == 0o700, level


def test_a_cache_folder_the_user_linked_elsewhere_is_followed_and_checked_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    real = tmp_path / "real-cache"
    real.mkdir(mode=0o700)
    (tmp_path / "home").mkdir(mode=0o700)
    (tmp_path / "home/.cache").symlink_to(real)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    assert cache_folder() == real / "contenthub/templates"


def test_a_relative_xdg_cache_home_is_ignored_as_the_spec_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    (tmp_path / "home").mkdir(mode=0o700)
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    assert cache_folder() == tmp_path / "home/.cache/contenthub/templates"
