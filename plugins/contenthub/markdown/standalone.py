"""The hub, for the extensions, where no MkDocs plugin makes it: a host that runs only Python-Markdown
extensions (Zensical, or Python-Markdown itself) names the site's config file, and the hub is read from
it as `contenthub check` reads a site: its taxonomy settings, its docs folder and its posts. Once per
process and file, without MkDocs.

Such a host makes none of the hub's own pages, so a `{<facet>}` link goes to a value's page only where
the author wrote one (`market/b2b.md`); elsewhere it is reported.
"""

from __future__ import annotations

import functools
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..content.files import PostSource
from ..hub import Hub
from ..present import Presentation, own_environment
from ..settings import load_settings
from .links import SiteLinks

TAXONOMY = "contenthub/taxonomy"


class _Loader(yaml.SafeLoader):
    """YAML as a config file holds it: MkDocs' `!!python/name:` and `!ENV` tags read as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class StandaloneSite:
    hub: Hub
    links: SiteLinks
    docs_dir: Path


@functools.cache
def read_site(config_file: str) -> StandaloneSite:
    """The site of `config_file` (an mkdocs.yml): its hub, derived, with a presentation of its own."""
    path = Path(config_file).resolve()
    config: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    options = next(
        (
            entry[TAXONOMY] or {}
            for entry in config.get("plugins") or []
            if isinstance(entry, dict) and TAXONOMY in entry
        ),
        {},
    )
    theme = config.get("theme")
    theme = theme if isinstance(theme, dict) else {}
    settings, problems = load_settings(options, file=path.name, theme_language=theme.get("language"))
    hub = Hub(settings, problems)
    docs_dir = path.parent / str(config.get("docs_dir") or "docs")
    directory_urls = config.get("use_directory_urls", True) is not False
    files = {src_uri: page_url(src_uri, directory_urls) for src_uri in walk_docs(docs_dir)}
    for page in hub.planned:  # where a build puts them; only the author's own exist here
        hub.place_page(page, f"{page.path}.md", page_url(f"{page.path}.md", directory_urls))
    for src_uri in sorted(files):  # at their files' URLs: such a host places no page by its `slug`
        if src_uri.endswith(".md") and hub.is_post(src_uri):
            hub.read(PostSource(src_uri, (docs_dir / src_uri).read_text(encoding="utf-8-sig"), files[src_uri]))
    hub.derive([])
    hub.present = Presentation(own_environment(), hub, settings.messages)
    values = {page.key: src for src, page in hub.pages.items() if page.kind == "value" and src in files}
    pelican = settings.post_options
    links = SiteLinks(files, settings.taxonomy, values, pelican.tag_facet, pelican.category_facet)
    return StandaloneSite(hub, links, docs_dir)


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """A file's URL by MkDocs' rules: `a/b.md` at `a/b/`, `a/index.md` at `a/`, other files as they are."""
    if not src_uri.endswith(".md"):
        return src_uri
    folder, name = posixpath.split(src_uri[:-3])
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{posixpath.join(folder, name)}/" if directory_urls else f"{posixpath.join(folder, name)}.html"


def walk_docs(docs_dir: Path) -> list[str]:
    """Every file of the docs folder, by its path in it, as MkDocs finds them (dot-files left out)."""
    found = []
    for folder, folders, names in os.walk(docs_dir):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in names:
            if not name.startswith("."):
                found.append(Path(folder, name).relative_to(docs_dir).as_posix())
    return sorted(found)
