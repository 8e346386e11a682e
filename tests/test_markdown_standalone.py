"""The extensions by name, in a host that runs only Python-Markdown: given the site's config file, they
read the hub themselves (once per process), as `contenthub check` reads a site."""

from __future__ import annotations

import logging
import subprocess
import sys

import markdown
import pytest

from contenthub.markdown.standalone import page_url, read_site

from conftest import ZENSICAL, Site, base_config

NAMES = ["contenthub.markdown.links", "contenthub.markdown.listings", "contenthub.markdown.embeds"]
TEXT = """# About

Read [the first post]({filename}posts/one.md) and [every B2B post]({market}B2B).

{% posts market=B2B limit=1 %}

{% youtube aBcDeF12345 %}
"""


@pytest.fixture
def standalone(site: Site) -> Site:
    site.configure(base_config(facets={"market": {"values": ["B2B", "B2C"]}}))
    site.post("one", date="2024-01-01", market="B2B", description="The first.")
    site.post("two", date="2024-02-01", market="B2B", description="The second.")
    site.write("market/b2b.md", "# Our B2B page\n")
    site.write("about.md", TEXT)
    return site


def convert(site: Site, text: str, page: str = "about.md") -> str:
    options = {"config_file": str(site.root / "mkdocs.yml"), "page": page}
    return markdown.markdown(text, extensions=NAMES, extension_configs=dict.fromkeys(NAMES, options))


def test_links_listings_and_embeds_work_by_name_with_the_sites_config_file(standalone: Site):
    html = convert(standalone, TEXT)
    assert 'href="../posts/one/"' in html and 'href="../market/b2b/"' in html
    assert html.count('class="ch-card"') == 1 and "Two" in html and "The second." in html
    assert 'href="../knowledge-base/?market=b2b"' in html
    assert 'data-ch-player="https://www.youtube-nocookie.com/embed/aBcDeF12345?autoplay=1"' in html
    assert "data-contenthub" not in html


def test_a_value_without_a_page_of_the_authors_is_logged_with_the_file_and_line(standalone: Site, caplog):
    text = "Intro.\n\nSee [B2C]({market}B2C).\n"
    standalone.write("contact.md", text)
    with caplog.at_level(logging.WARNING, logger="contenthub"):
        html = convert(standalone, text, page="contact.md")
    assert 'href="{market}B2C"' in html
    assert "contact.md:3: link `{market}B2C`: value `B2C` of facet `market` has no page" in caplog.text
    assert "(write `market/b2c.md`, or build with the contenthub/taxonomy plugin, which makes it)" in caplog.text


def test_the_site_is_read_once_per_process_and_file(standalone: Site):
    first = read_site(str(standalone.root / "mkdocs.yml"))
    convert(standalone, TEXT)
    assert read_site(str(standalone.root / "mkdocs.yml")) is first
    assert [post.title for post in first.hub.view.posts] == ["Two", "One"]


@pytest.mark.parametrize(
    ("src_uri", "url", "directory_urls"),
    [
        ("index.md", "", True),
        ("posts/a.md", "posts/a/", True),
        ("posts/index.md", "posts/", True),
        ("posts/a.md", "posts/a.html", False),
        ("img/a.png", "img/a.png", True),
    ],
)
def test_pages_get_mkdocs_urls(src_uri: str, url: str, directory_urls: bool):
    assert page_url(src_uri, directory_urls) == url


ZENSICAL_SETTINGS = """[project]
site_name = "Z hub"
site_url = "https://z.test/"
docs_dir = "docs"
site_dir = "site"
"""


def test_a_zensical_build_runs_links_a_listing_and_an_embed(site: Site):
    """Zensical runs no MkDocs plugin: the extensions read the hub from mkdocs.yml, the page from
    Zensical's rendering context, and leave links to `.md` files for Zensical to resolve."""
    site.configure(base_config(facets={"market": {"values": ["B2B", "B2C"]}}))
    site.post("one", date="2024-01-01", market="B2B", description="The first.")
    site.post("two", date="2024-02-01", market="B2B", body="See [one]({filename}one.md).\n")
    site.write("market/b2b.md", "# B2B\n\nOur page.\n")
    site.write(
        "index.md", "# Home\n\n[B2B]({market}B2B)\n\n{% posts market=B2B limit=1 %}\n\n{% youtube aBcDeF12345 %}\n"
    )
    tables = "".join(f'\n[project.markdown_extensions."{name}"]\nconfig_file = "mkdocs.yml"\n' for name in NAMES)
    (site.root / "zensical.toml").write_text(ZENSICAL_SETTINGS + tables, encoding="utf-8")
    zensical = ZENSICAL / "zensical"
    assert zensical.exists(), f"{zensical} is missing: `make test` installs Zensical in a venv of its own"
    built = subprocess.run([str(zensical), "build"], cwd=site.root, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert site.html("posts/two/").select_one("article a[href='../one/']") is not None
    home = site.html("")
    assert home.select_one("article a[href='market/b2b/']") is not None
    assert [a.get_text() for a in home.select(".ch-card__title a")] == ["Two"]
    assert home.select_one("[data-ch-player]")["data-ch-player"].startswith("https://www.youtube-nocookie.com/")
    assert "data-contenthub" not in str(home)


def test_the_extensions_import_neither_mkdocs_nor_the_plugins():
    names = ", ".join(
        f"contenthub.markdown.{name}" for name in ("links", "listings", "embeds", "include_code", "standalone")
    )
    code = (
        f"import sys, {names}; print(sorted(m for m in sys.modules if m.startswith(('mkdocs', 'contenthub.mkdocs'))))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
