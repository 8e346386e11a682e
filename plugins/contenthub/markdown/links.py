"""Intra-site links as Pelican writes them, and links to facet values, checked at build.

In a link's or an image's target:

- `{filename}path.md` (or Pelican's older `|filename|path.md`): another file of the docs folder, relative
  to the page's own folder, or to the docs folder with a leading `/`. `{static}` and `{attach}` are the
  same for files that are not pages; `{index}` is the home page.
- `{<facet>}value`, e.g. `{market}B2B`, `{channel}linkedin`: the value's page, the value matched as front
  matter matches it (label, slug, alias, any case). `{tag}` and `{category}` are the facets the site
  names for them (by default the facet read from `tags`, and the first facet).

A query string and a fragment are kept. A target that does not exist is a problem with the page's file,
the line, the link and the closest match; the link is left as written.

Where the host turns links to `.md` files into URLs and checks them itself (MkDocs, ProperDocs), a
link becomes the path of the target's source file, relative to the page's (`links_to="sources"`);
elsewhere, the URL of the target's page, relative to the page's URL (`links_to="urls"`).
"""

from __future__ import annotations

import difflib
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..model import Diagnostic, Facet
from ..options import did_you_mean
from ..taxonomy import Taxonomy
from ..urls import relative_url
from .page import PageExtension, PageRef, find_line

if TYPE_CHECKING:
    from .standalone import StandaloneSite

_LINK = re.compile(r"\{(?P<brace>[A-Za-z_][\w-]*)\}(?P<target>.*)|\|(?P<bar>[A-Za-z_][\w-]*)\|(?P<old>.*)", re.S)
_FILES = ("filename", "static", "attach")
_KINDS = (*_FILES, "index", "tag", "category")
LinksTo = Literal["sources", "urls"]


@dataclass(frozen=True)
class SiteLinks:
    """What links can point to: every file of the docs folder (its URL by source path), the facets and
    the page of each value (by value id, its source path)."""

    files: Mapping[str, str]
    taxonomy: Taxonomy
    value_pages: Mapping[str, str]
    tag_facet: str | None = None
    category_facet: str | None = None
    home: str = "index.md"

    def facet_for(self, kind: str) -> Facet | None:
        facet_id = {"tag": self.tag_facet, "category": self.category_facet}.get(kind, kind)
        return self.taxonomy.facet(facet_id) if facet_id and self.taxonomy.has_facet(facet_id) else None

    def resolve(self, kind: str, target: str, page: str) -> str | tuple[str, str]:
        """The source path `{kind}target` links to from the file `page`, or (what is wrong, a hint)."""
        if kind == "index" and target:
            return (
                f"`{{index}}` takes nothing after it, not `{target}`",
                "write `{index}` alone, or `{filename}` and a page",
            )
        if kind in _FILES or kind == "index":
            path = self.home if kind == "index" else _joined(page, unquote(target))
            if path in self.files:
                return path
            close = difflib.get_close_matches(path, list(self.files), n=1, cutoff=0.6)
            hint = f"did you mean `{{{kind}}}{_relative(close[0], page)}`?" if close else "check the path"
            return f"`{path}` is not a file of the docs folder", hint
        facet = self.facet_for(kind)
        if facet is None:
            facets = [facet.id for facet in self.taxonomy.facets]
            hint = (
                did_you_mean(kind, [*_KINDS, *facets])
                or f"links take {', '.join(_KINDS)} or a facet: {', '.join(facets)}"
            )
            return f"`{{{kind}}}` is no kind of link and no facet", hint
        value = self.taxonomy.resolve(facet, unquote(target).strip())
        if value is not None and value.id not in self.value_pages:
            hint = (
                f"write `{value.facet}/{value.slug}.md`, or build with the contenthub/taxonomy plugin, which makes it"
            )
            return f"value `{value.label}` of facet `{facet.id}` has no page", hint
        if value is None:
            nearest = self.taxonomy.suggest(facet, target)
            hint = f"did you mean `{{{kind}}}{nearest.label}`?" if nearest else f"see the values of `{facet.id}`"
            return f"`{target}` is no value of facet `{facet.id}`", hint
        return self.value_pages[value.id]


def _joined(page: str, path: str) -> str:
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def _relative(src_uri: str, page: str) -> str:
    return posixpath.relpath(src_uri, posixpath.dirname(page) or ".")


class _Glance(Preprocessor):
    """Notes whether the page could hold such a link at all, so a page with none costs only this look."""

    def __init__(self, md: Markdown, extension: LinksExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.possible = any("{" in line or "|" in line for line in lines)
        return lines


class IntraSiteLinks(Treeprocessor):
    """Rewrites the targets of links and images written Pelican's way, and reports those that miss."""

    def __init__(self, md: Markdown, extension: LinksExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        page, site = self.extension.page, self.extension.site
        if page is None or site is None or not self.extension.possible:
            return
        for element in root.iter():
            if element.tag not in ("a", "img"):
                continue
            attribute = "href" if element.tag == "a" else "src"
            written = element.get(attribute) or ""
            found = _LINK.fullmatch(written) if "{" in written or "|" in written else None
            if found is None:
                continue
            kind = found.group("brace") or found.group("bar")
            target, query = _split(found.group("target") if found.group("brace") else found.group("old"))
            resolved = site.resolve(kind, target, page.src_uri)
            if isinstance(resolved, tuple):
                self.extension.report(_problem(page, written, *resolved))
                continue
            if self.extension.links_to == "sources" or self.extension.host_links:
                element.set(attribute, _relative(resolved, page.src_uri) + query)
            else:
                element.set(attribute, relative_url(site.files[resolved], page.url) + query)


def _split(target: str) -> tuple[str, str]:
    """The target, and its query string and fragment (kept as written)."""
    cut = min((at for at in (target.find("?"), target.find("#")) if at >= 0), default=len(target))
    return target[:cut], target[cut:]


def _problem(page: PageRef, link: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(page.src_uri, find_line(page, link), "", f"link `{link}`: {message}", hint=hint)


class LinksExtension(PageExtension):
    """`contenthub.markdown.links`. The host says what links can point to (`site`) and which page is
    converted (`start`) before each; each problem goes to `report` (else it is raised)."""

    def __init__(self, *, site: SiteLinks | None = None, links_to: LinksTo = "urls", **kwargs: Any) -> None:
        # Objects are kept as attributes: Python-Markdown's config turns a None default into a boolean.
        self.config = {"links_to": [links_to, "'sources' where the host turns links to .md files into URLs"]}
        super().__init__(**kwargs)
        self.site = site
        self.possible = True

    def join(self, site: StandaloneSite) -> None:
        self.site = site.links

    @property
    def links_to(self) -> LinksTo:
        links_to: LinksTo = self.getConfig("links_to")
        return links_to

    def extend(self, md: Markdown) -> None:
        # After the inline patterns have made the links (`inline`, 20), before MkDocs turns links to .md
        # files into URLs (its `relpath`, 0).
        md.preprocessors.register(_Glance(md, self), "contenthub_links_glance", 40)
        md.treeprocessors.register(IntraSiteLinks(md, self), "contenthub_links", 19)


def makeExtension(**kwargs: Any) -> LinksExtension:  # the name Python-Markdown looks for
    return LinksExtension(**kwargs)
