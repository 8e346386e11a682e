"""A page's Markdown checked as a build checks it, without building: converted with the hub's own
extensions (links: `{filename}`, `{static}`, `{index}`, `{tag}`, a facet's; embeds: `{% youtube … %}`;
listings: `{% posts … %}`; `{% include_code … %}`), against the files of the docs folder (and, for an
import, the posts imported with it). Pelican also resolves its links in HTML attributes; the hub reads
them only in Markdown, so such a link is a problem too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from markdown import Markdown

from ..markdown.embeds import EmbedsExtension
from ..markdown.include_code import IncludeCodeExtension
from ..markdown.links import LinksExtension, SiteLinks
from ..markdown.listings import ListingsExtension
from ..markdown.page import PageRef
from ..model import Diagnostic, Severity
from ..taxonomy import Taxonomy
from .markdown_code import blank_code
from .posts import PostOptions

_IN_HTML = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?P<link>\{(?:filename|static|attach)\}|\|(?:filename|static|attach)\|)"""
)


class SyntaxCheck:
    def __init__(self, files: Iterable[str], taxonomy: Taxonomy, options: PostOptions, code: Path | None) -> None:
        """`files`: every file of the docs folder once the import is written, by its path in it; `code`:
        the folder `{% include_code %}` reads, when the site's settings name one."""
        self.taxonomy, self.code = taxonomy, code
        self.links = SiteLinks(
            dict.fromkeys(files, ""),
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
        Markdown(extensions=extensions).convert(body)
        return [Diagnostic(d.file, d.line, d.field, d.message, d.hint, Severity.ERROR) for d in found]

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
