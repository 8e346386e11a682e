"""An imported post's intra-site links checked as a build checks them: its body converted with the hub's
own links extension (`{filename}`, `{static}`, `{index}`, `{tag}`, a facet's), against the docs folder and
the posts imported with it. Pelican also resolves these links in HTML attributes; the hub reads them only
in Markdown, so such a link is a problem too."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown import Markdown

from ...markdown.links import LinksExtension, SiteLinks
from ...markdown.page import PageRef
from ...model import Diagnostic, Severity
from ...taxonomy import Taxonomy
from ..posts import PostOptions
from .incoming import CODE

_IN_HTML = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?P<link>\{(?:filename|static|attach)\}|\|(?:filename|static|attach)\|)"""
)


class LinkCheck:
    def __init__(self, files: Iterable[str], taxonomy: Taxonomy, options: PostOptions) -> None:
        """`files`: every file of the docs folder once the import is written, by its path in it."""
        self.links = SiteLinks(
            dict.fromkeys(files, ""),
            taxonomy,
            {value.id: value.id for value in taxonomy.values},  # the taxonomy plugin makes every value's page
            options.tag_facet,
            options.category_facet,
        )

    def problems(self, src_uri: str, text: str, body: str) -> list[Diagnostic]:
        """A problem for each link of `body`, the Markdown of the file `src_uri` whose whole text is `text`."""
        found: list[Diagnostic] = []
        extension = LinksExtension(site=self.links, links_to="sources", report=found.append)
        extension.start(PageRef(src_uri, "", lambda: text))
        Markdown(extensions=[extension]).convert(body)
        blanked = CODE.sub(lambda code: re.sub(r"[^\n]", " ", code.group(0)), body)  # lines keep their numbers
        for link in _IN_HTML.finditer(blanked):
            line = text.count("\n", 0, len(text) - len(body) + link.start()) + 1
            message = f"`{link.group('link')}` in an HTML attribute: the hub reads these links in Markdown only"
            hint = "write it as Markdown: `[text]({filename}…)` or `![alt]({static}…)`"
            found.append(Diagnostic(src_uri, line, "", message, hint, Severity.ERROR))
        return [Diagnostic(d.file, d.line, d.field, d.message, d.hint, Severity.ERROR) for d in found]
