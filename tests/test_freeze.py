"""What the build's data does to the garbage collector: frozen while pages render, thawed unless the
process is about to exit (see the taxonomy plugin's docstring). Driven from Python, as the freeze is
process state a subprocess would hide."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin

from conftest import Site, base_config


class _FreezeProbe(BasePlugin):
    """Notes how many objects are frozen while each page converts and renders; fails the build there if
    asked."""

    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.frozen_while_converting: list[int] = []
        self.frozen_while_rendering: list[int] = []

    def on_page_content(self, html: str, **kwargs: Any) -> str:
        self.frozen_while_converting.append(gc.get_freeze_count())
        return html

    def on_post_page(self, output: str, **kwargs: Any) -> str:
        self.frozen_while_rendering.append(gc.get_freeze_count())
        if self.fail:
            raise RuntimeError("the probe fails the build")
        return output


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # whatever a test left frozen must not outlive it


def _build(site: Site, *, command: str | None = None, fail: bool = False) -> _FreezeProbe:
    config_dict = base_config(facets={"market": {"values": ["B2B", "B2C"]}})
    site.configure(config_dict)
    site.post("first", market="B2B")
    config = load_config(str(site.root / "mkdocs.yml"))
    probe = _FreezeProbe(fail)
    config.plugins["probe"] = probe
    if command is not None:
        config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        assert min(probe.frozen_while_rendering) > 1000  # the freeze did happen
    return probe


def test_pages_render_with_the_hub_frozen_and_a_build_from_python_thaws_it(site: Site) -> None:
    probe = _build(site)
    assert len(probe.frozen_while_rendering) >= 4  # home, post, value pages: all rendered frozen
    # Markdown is converted after on_files, with what was loaded by then frozen already; on_env adds more.
    assert len(probe.frozen_while_converting) >= 2
    assert 1000 < max(probe.frozen_while_converting) < min(probe.frozen_while_rendering)
    assert gc.get_freeze_count() == 0


def test_a_server_thaws_after_each_build(site: Site) -> None:
    _build(site, command="serve")
    assert gc.get_freeze_count() == 0


def test_a_one_off_build_leaves_it_frozen_for_the_exit(site: Site) -> None:
    _build(site, command="build")
    assert gc.get_freeze_count() > 1000


def test_a_failed_build_under_a_server_thaws_too(site: Site) -> None:
    with pytest.raises(RuntimeError, match="the probe fails the build"):
        _build(site, command="serve", fail=True)
    assert gc.get_freeze_count() == 0


def test_a_server_started_as_for_a_build_thaws_too(site: Site) -> None:
    """`mkdocs serve --clean` calls on_startup with `build`, then on_serve, then rebuilds."""
    _build(site, command="build")
    assert gc.get_freeze_count() > 1000
    config = load_config(str(site.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_serve(object(), config=config, builder=lambda: None)  # type: ignore[arg-type]
    assert gc.get_freeze_count() == 0
    build(config)
    assert gc.get_freeze_count() == 0
