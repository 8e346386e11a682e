"""The hub's pages and files among MkDocs' own: generated when the author wrote none, kept fresh, one
per URL, and none behind a link MkDocs cannot follow."""

from __future__ import annotations

import dataclasses
import html
import json
import os
from collections.abc import Collection, Iterable, Mapping
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..content.clashes import Claim
from ..content.frontmatter import declared_slug
from ..content.links import bad_links
from ..hub import Hub
from ..model import Diagnostic, Post
from ..text import markdown_escape
from ..views.hub import HubPage, HubView

T = TypeVar("T")


def later_page(files: Files, config: MkDocsConfig, path: str, title: str, description: str) -> File:
    """A page made once MkDocs has read every other (a listing's page 2 and on, whose number only the
    posts tell). It has no Markdown to convert: the theme heads it with its title, the hub adds the rest."""
    file = File.generated(config, f"{path}.md", content="", inclusion=InclusionLevel.NOT_IN_NAV)
    if (authors := authors_page(files, path)) is not None and authors.url == file.url:
        files.remove(authors)  # reported when the hub was derived (`url_clashes`)
    put(files, file)
    page = Page(None, file, config)
    page.markdown, page.content = "", ""
    page.meta = {"title": title, **({"description": description} if description else {})}
    return file


def place_by_slug(file: File, text: str) -> Diagnostic | None:
    """A post's page at its `slug`, in its own folder, if it has one. MkDocs derives where a page is
    written and its URL from the file's `name`, so both are made again from it."""
    slug, problem = declared_slug(file.src_uri, text)
    if slug is not None and slug != file.name:
        file.name = slug
        for derived in ("dest_uri", "url", "abs_dest_path"):
            file.__dict__.pop(derived, None)  # MkDocs' cached properties, computed when files were listed
    return problem


def hub_page(files: Files, config: MkDocsConfig, path: str, title: str, description: str) -> File:
    """The page at `path`: the author's own if they wrote one (the hub appends to it), else a generated one
    with a title and a description. Either way it stays out of the nav unless the author puts it there."""
    existing = authors_page(files, path)
    if existing is not None:
        return existing
    # JSON strings are valid YAML; both are escaped for the theme with every page's (theme_text.py). The
    # description is the page's <meta name="description">.
    head = {"title": title, **({"description": description} if description else {})}
    front = (
        "---\n" + "".join(f"{key}: {json.dumps(text, ensure_ascii=False)}\n" for key, text in head.items()) + "---\n\n"
    )
    # The description may use Markdown, but HTML in it shows as text, like every label.
    markdown = f"{front}# {markdown_escape(title)}\n\n{html.escape(description, quote=False)}\n"
    file = File.generated(config, f"{path}.md", content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
    put(files, file)
    return file


def authors_page(files: Files, path: str) -> File | None:
    """The author's own page at `path` (no `.md`), if they wrote one."""
    for candidate in (f"{path}.md", f"{path}/index.md"):
        existing = files.get_file_from_path(candidate)
        if existing is not None:
            return existing
    return None


def page_claims(
    files: Files,
    post_files: Collection[str],
    posts: Iterable[Post],
    *,
    drafts: bool,
    made_by: Mapping[str, HubPage] | None = None,
) -> list[Claim]:
    """What URL each page the build writes has (drafts too, if `drafts`): a post's own, as read, else its
    file's; for `url_clashes`. `made_by`: the hub's pages, by file, to name the plugin that shows each."""
    read = {post.src_uri: post for post in posts}
    shown_by = {src_uri: page.made_by for src_uri, page in (made_by or {}).items()}
    claims = []
    written = InclusionLevel.is_in_serve if drafts else InclusionLevel.is_included
    for file in files.documentation_pages(inclusion=written):
        post = read.get(file.src_uri)
        if post is not None and post.draft and not drafts:
            continue  # a draft, by its front matter: MkDocs leaves it out of the build
        if file.src_uri in post_files:
            claims.append(Claim(post.url if post else file.url, file.src_uri, post=True))
        else:
            plugin = shown_by.get(file.src_uri, "") if file.generated_by else ""
            claims.append(Claim(file.url, file.src_uri, post=False, made_by=plugin))
    return claims


def put(files: Files, file: File) -> None:
    """Add a generated file, replacing any file at the same path."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def mark_changed_stale(
    hub: HubView, hub_pages: Iterable[str], post_files: Mapping[str, File], files: Files, before: Mapping[str, Any]
) -> dict[str, Any]:
    """Under --dirty, MkDocs rebuilds only edited pages. The hub's pages list every post, so they are
    always rebuilt (MkDocs does so for generated ones; an author's own must be marked out of date),
    and a post whose chips or related posts changed because another post changed is marked too: its
    fingerprint differs from the one `before` (the last build's). Returns this build's fingerprints."""
    for src_uri in hub_pages:
        mark_stale(files.get_file_from_path(src_uri))
    shared = (hub.taxonomy.facets, tuple(sorted(hub.urls.values.items())))
    fingerprints: dict[str, Any] = {}
    for post in hub.posts:
        fingerprint = (shared, post, tuple(hub.related.get(post.url, [])))
        fingerprints[post.src_uri] = fingerprint
        if before.get(post.src_uri) != fingerprint:
            mark_stale(post_files[post.src_uri])
    return fingerprints


def mark_stale(file: File | None) -> None:
    """Make MkDocs see a page's output as older than its source, so `--dirty` rebuilds it."""
    if file is not None and file.abs_src_path and os.path.exists(file.abs_dest_path):
        os.utime(file.abs_dest_path, (0, 0))


def drop_bad_links(files: Files, docs_dir: str) -> list[Diagnostic]:
    """Take out of the site what MkDocs found under a symbolic link that loops or leads nowhere (copying
    it would stop the build with a traceback), and say so, unless all of it was excluded anyway."""
    problems = []
    for link in bad_links(docs_dir):
        under = [file for file in files if file.src_uri == link.src_uri or file.src_uri.startswith(f"{link.src_uri}/")]
        for file in under:
            files.remove(file)
        if any(file.inclusion.is_in_serve() for file in under):
            problems.append(link.diagnostic())
    return problems


def paginate(first: HubPage, count: int, hub: Hub, files: Files, config: MkDocsConfig) -> list[str]:
    """The URLs of a listing's pages, making page 2 and on (`<path>/page/2/`) for `count` items, `per_page`
    a page; each is one of the hub's pages, numbered."""
    urls = [hub.url_of(first)]
    per_page = hub.settings.per_page
    text = hub.settings.messages.text
    for number in range(2, -(-count // per_page) + 1 if per_page else 0):
        title = text("pages.title", title=first.title, number=hub.settings.messages.number(number))
        page = dataclasses.replace(first, path=f"{first.path}/page/{number}", title=title, number=number)
        file = later_page(files, config, page.path, page.title, page.description)
        hub.place_page(page, file.src_uri, file.url)
        urls.append(file.url)
    return urls


def on_page(items: list[T], number: int, per_page: int) -> list[T]:
    """The items on page `number` (from 1) of a listing."""
    return items[(number - 1) * per_page : number * per_page] if per_page else items
