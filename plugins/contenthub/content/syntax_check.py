"""A page's Markdown checked as a build checks it, without building: converted with the hub's own
extensions (links: `{filename}`, `{static}`, `{index}`, `{tag}`, a facet's; embeds: `{% youtube … %}`;
listings: `{% posts … %}`; `{% include_code … %}`), against the files of the docs folder (and, for an
import, the posts imported with it); then every relative link and image checked as MkDocs checks them
(`links.not_found`). Pelican also resolves its links in HTML attributes; the hub reads them only in
Markdown, so such a link is a problem too."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..markdown.embeds import EmbedsExtension
from ..markdown.include_code import IncludeCodeExtension
from ..markdown.links import LinksExtension, SiteLinks
from ..markdown.listings import ListingsExtension
from ..markdown.page import PageRef
from ..model import Diagnostic, Severity
from ..taxonomy import Taxonomy
from .markdown_code import blank_code
from .posts import PostOptions

MarkdownSettings = tuple[Sequence[Any], Mapping[str, Any]]
"""The site's `markdown_extensions` (names or extensions) and their settings by name (`mdx_configs`)."""
_IN_HTML = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?P<link>\{(?:filename|static|attach)\}|\|(?:filename|static|attach)\|)"""
)


class SyntaxCheck:
    def __init__(
        self,
        files: Iterable[str],
        taxonomy: Taxonomy,
        options: PostOptions,
        code: Path | None,
        *,
        paths: bool = True,
        markdown: MarkdownSettings = ((), {}),
    ) -> None:
        """`files`: every file of the docs folder once the import is written, by its path in it; `code`:
        the folder `{% include_code %}` reads, when the site's settings name one; `paths`: whether relative
        links are checked (MkDocs' `validation: links: not_found` warns, as it does unless told otherwise);
        `markdown`: the site's `markdown_extensions` and their settings, so that a page reads as it builds
        (a link inside an admonition, a tab or `<div markdown>` is a link; inside a fence it is code)."""
        self.taxonomy, self.code, self.files, self.paths = taxonomy, code, set(files), paths
        self.markdown = markdown
        self.links = SiteLinks(
            dict.fromkeys(sorted(self.files), ""),
            taxonomy,
            {value.id: value.id for value in taxonomy.values},  # the taxonomy plugin makes every value's page
            options.tag_facet,
            options.category_facet,
        )

    def problems(self, src_uri: str, text: str, body: str) -> list[Diagnostic]:
        """A problem for each link, embed or listing of `body`, the Markdown of the file `src_uri` whose
        whole text is `text`, that a build would report."""
        found: list[Diagnostic] = []
        links = LinksExtension(site=self.links, links_to="sources", report=found.append)
        embeds = EmbedsExtension(report=found.append)
        embeds.site = self.links
        listings = ListingsExtension(taxonomy=self.taxonomy, report=found.append)
        code = IncludeCodeExtension(folder=self.code, report=found.append)
        extensions = [links, embeds, listings, code] if self.code is not None else [links, embeds, listings]
        for extension in extensions:
            extension.start(PageRef(src_uri, "", lambda: text))
        targets = _Targets()
        site_extensions, configs = self.markdown
        try:
            Markdown(extensions=[*site_extensions, *extensions, targets], extension_configs=configs).convert(body)
        except RecursionError:
            message = "nested too deeply for Python-Markdown to read: a build stops at it too"
            return [Diagnostic(src_uri, None, "", message, "flatten its lists or quotes", Severity.ERROR)]
        except Exception as error:  # a site's extension refusing the page (a missing snippet): a build stops too
            message = f"an extension of the site stops at it ({type(error).__name__}: {error})"
            return [Diagnostic(src_uri, None, "", message, "fix what it names", Severity.ERROR)]
        if self.paths:
            found += [self._not_found(src_uri, text, url) for url in targets.urls if self._missing(src_uri, url)]
        return [Diagnostic(d.file, d.line, d.field, d.message, d.hint, Severity.ERROR) for d in found]

    def _missing(self, src_uri: str, url: str) -> bool:
        """Whether a link's target is a relative path to no file of the docs folder, as MkDocs tells it (a
        URL, an absolute path, a folder `sub/` or a fragment alone are not its to check)."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/") or parts.path.endswith("/"):
            return False
        if not posixpath.splitext(parts.path)[1]:
            return False  # `[x](about)`: MkDocs calls it unrecognized, and only says so (`unrecognized_links`)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(parts.path)))
        return target not in self.files

    def _not_found(self, src_uri: str, text: str, url: str) -> Diagnostic:
        at = text.find(f"({url}")
        at = at if at >= 0 else text.find(url)
        message = f"links to `{url}`, which is not a file of the docs folder: MkDocs warns, and a strict build stops"
        hint = "fix the path, or add the file"
        return Diagnostic(src_uri, text.count("\n", 0, at) + 1 if at >= 0 else None, "", message, hint)

    def in_html(self, src_uri: str, text: str, body: str) -> list[Diagnostic]:
        """A problem for each Pelican link (`{filename}`, `{static}`) in an HTML attribute of `body`: Pelican
        resolved them, the hub does not (a build leaves them as written, and says nothing)."""
        found: list[Diagnostic] = []
        blanked = blank_code(body)
        for link in _IN_HTML.finditer(blanked):
            line = text.count("\n", 0, len(text) - len(body) + link.start()) + 1
            message = f"`{link.group('link')}` in an HTML attribute: the hub reads these links in Markdown only"
            hint = "write it as Markdown: `[text]({filename}…)` or `![alt]({static}…)`"
            found.append(Diagnostic(src_uri, line, "", message, hint, Severity.ERROR))
        return found


class _Targets(Extension):
    """The targets of the page's links and images as MkDocs sees them: in the tree Markdown made (raw HTML
    is stashed away there, and MkDocs leaves it unchecked too). Read before the hub's links become paths,
    as those (`{filename}…`, `{market}B2B`) the hub's links extension checks itself."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Collect(md, self.urls), "contenthub_targets", 19.5)  # inline's 20, links' 19


class _Collect(Treeprocessor):
    def __init__(self, md: Markdown, urls: list[str]) -> None:
        super().__init__(md)
        self.urls = urls

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            url = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
            if url and not url.startswith(("{", "|")):
                self.urls.append(url)
