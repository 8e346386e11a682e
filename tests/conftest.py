"""Shared helpers: real sites in temp folders, built with the real `mkdocs` command."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from contenthub.hub import Hub
from contenthub.present import Presentation, own_environment
from contenthub.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
"""Where the venv running the tests keeps its commands: `mkdocs`, `properdocs`, `contenthub`."""
MATERIALX = ROOT / ".venv-materialx/bin"
ZENSICAL = ROOT / ".venv-zensical/bin"
"""Zensical, in a venv of its own, as `make test` installs it."""
"""MaterialX replaces Material's package, so `make test` installs it in a venv of its own."""
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules/axe-core/axe.min.js"
AUDIT = """async (within) => {
  const result = await axe.run(within ? document.querySelector(within) : document);
  return result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`);
}"""
"""axe's violations on the page it was added to (`page.add_script_tag(path=str(AXE))`), one line each;
`page.evaluate(AUDIT, ".md-content")` looks only within the first element a selector finds."""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONWARNINGS": "ignore"}


def presentation(**options: Any) -> Presentation:
    """The hub's templates, rendered as a host without a theme renders them, for a hub with no posts."""
    settings, _ = load_settings(options)
    hub = Hub(settings)
    for page in hub.planned:
        hub.place_page(page, f"{page.path}.md", f"{page.path}/")
    hub.derive([])
    return Presentation(own_environment(), hub, settings.messages)


def base_config(**plugin_options: Any) -> dict[str, Any]:
    return {
        "site_name": "Test hub",
        "site_url": "https://hub.test/",
        "theme": {"name": "material", "font": False, "features": ["navigation.instant"]},
        "plugins": ["search", {"contenthub/taxonomy": plugin_options}],
    }


def front_matter(**meta: Any) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


@dataclass
class Site:
    """A MkDocs site in a temp folder."""

    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def out(self) -> Path:
        return self.root / "site"

    def configure(self, config: dict[str, Any] | None = None, **plugin_options: Any) -> None:
        config = config or base_config(**plugin_options)
        (self.root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

    def write(self, path: str, text: str) -> Path:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
        return target

    def post(self, name: str, body: str = "A first paragraph.\n", **meta: Any) -> Path:
        meta = {"title": name.replace("-", " ").title(), "date": "2024-01-01", **meta}
        return self.write(f"posts/{name}.md", front_matter(**meta) + "\n" + body)

    def mkdocs(self, *args: str, check: bool = True, engine: str = "mkdocs") -> subprocess.CompletedProcess[str]:
        """The real `mkdocs` command, or another that runs MkDocs sites (`properdocs`, or a path to one)."""
        command = engine if os.path.isabs(engine) else str(BIN / engine)
        result = subprocess.run(
            [command, *args],
            cwd=self.root,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{engine} {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def contenthub(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The real `contenthub` command, run in the site's folder (wide, so its tables keep one row a line)."""
        return subprocess.run(
            [sys.executable, "-m", "contenthub.cli", *args],
            cwd=self.root,
            env={**ENV, "COLUMNS": "200"},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def build(self, *args: str, check: bool = True, engine: str = "mkdocs") -> subprocess.CompletedProcess[str]:
        return self.mkdocs("build", *args, check=check, engine=engine)

    def html(self, url: str) -> BeautifulSoup:
        """The built page at a site-relative URL such as `market/b2b/`."""
        path = self.out / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def exists(self, url: str) -> bool:
        path = self.out / url
        return (path / "index.html").is_file() if url.endswith("/") else path.is_file()


def copy_sample_hub(root: Path, *, site_url: str | None = None, theme: str | None = None) -> Site:
    """The sample hub of this repository, copied to `root`, optionally at another URL or with another theme."""
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "feeds", root / "feeds")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if site_url:
        config = re.sub(r"^site_url: .*$", f"site_url: {site_url}", config, count=1, flags=re.M)
    if theme:
        config = re.sub(r"^  name: material$", f"  name: {theme}", config, count=1, flags=re.M)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return Site(root)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    made = Site(tmp_path)
    made.configure()
    made.write("index.md", "# Home\n\nWelcome.\n")
    return made


def content(soup: BeautifulSoup) -> BeautifulSoup:
    """The article part of a Material page."""
    found = soup.select_one("article.md-content__inner")
    assert found is not None, "no article in page"
    return found


def listed_titles(soup: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(".ch-listing .ch-card__title a")]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve_directory(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve a folder over real HTTP on 127.0.0.1 (a free port unless given); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
"""A phone held upright (an iPhone 12 to 15's CSS pixels): the narrow layout of the knowledge base."""


@pytest.fixture
def viewport() -> dict[str, int]:
    """The `page` fixture's window size; a test module overrides this fixture to run at other sizes."""
    return DESKTOP


@pytest.fixture
def page(browser: object, viewport: dict[str, int]) -> Iterator[object]:
    context = browser.new_context(viewport=viewport)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
