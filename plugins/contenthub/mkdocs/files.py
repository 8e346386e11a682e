"""The hub's pages and files among MkDocs' own: generated when the author wrote none, and kept fresh."""

from __future__ import annotations

import html
import json
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..text import markdown_escape


def hub_page(files: Files, config: MkDocsConfig, path: str, title: str, description: str) -> File:
    """The page at `path`: the author's own if they wrote one (the hub appends to it), else a generated one
    with a title and a description. Either way it stays out of the nav unless the author puts it there."""
    for candidate in (f"{path}.md", f"{path}/index.md"):
        existing = files.get_file_from_path(candidate)
        if existing is not None:
            return existing
    # Themes print a page's title as HTML, so it is escaped; JSON strings are valid YAML.
    front = f"---\ntitle: {json.dumps(html.escape(title), ensure_ascii=False)}\n---\n\n"
    # The description may use Markdown, but HTML in it shows as text, like every label.
    markdown = f"{front}# {markdown_escape(title)}\n\n{html.escape(description, quote=False)}\n"
    file = File.generated(config, f"{path}.md", content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
    put(files, file)
    return file


def put(files: Files, file: File) -> None:
    """Add a generated file, replacing any file at the same path."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def mark_stale(file: File | None) -> None:
    """Make MkDocs see a page's output as older than its source, so `--dirty` rebuilds it."""
    if file is not None and file.abs_src_path and os.path.exists(file.abs_dest_path):
        os.utime(file.abs_dest_path, (0, 0))
