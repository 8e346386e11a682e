"""What the hub's Markdown extensions share: the page being converted, told by the host, and where
their problems go."""

from __future__ import annotations

import functools
import logging
import os
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ..model import Diagnostic

if TYPE_CHECKING:
    from .standalone import StandaloneSite

log = logging.getLogger("contenthub")


@dataclass(frozen=True)
class PageRef:
    """The page being converted: its source file, its URL, and its file's whole text (read only when a
    problem needs a line number)."""

    src_uri: str
    url: str
    text: Callable[[], str]


def find_line(page: PageRef, written: str) -> int | None:
    """The line of the page's file where `written` first appears (its Markdown as the author wrote it)."""
    text = page.text()
    at = text.find(written)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


class PageExtension(Extension):
    """An extension that works on one page at a time: the host calls `start` before converting each, and
    each problem goes to `report` (raised when the host gives none).

    A host that runs only Markdown extensions names the site's config file instead (`config_file`): the
    extension reads the hub from it (standalone.py), finds the page itself (Zensical's rendering context,
    else the `page` option, a path in the docs folder), logs its problems, and fills in what it marked."""

    def __init__(self, *, report: Callable[[Diagnostic], None] | None = None, **kwargs: Any) -> None:
        self.config = {
            **getattr(self, "config", {}),
            "config_file": ["", "The site's mkdocs.yml, for hosts without the contenthub plugins"],
            "page": ["index.md", "The page converted, in the docs folder, when the host does not say"],
        }
        super().__init__(**kwargs)
        self.page: PageRef | None = None
        self.quiet = False
        """Set by a host that knows the page holds none of this syntax: then nothing is registered (a
        host like MkDocs makes a Markdown instance per page, and each processor costs at every block)."""
        self.host_links = False
        """Whether the host turns links to `.md` files into URLs itself, as MkDocs and Zensical do."""
        self._report = report

    def start(self, page: PageRef) -> None:
        self.page = page

    def report(self, problem: Diagnostic) -> None:
        if self._report is not None:
            self._report(problem)
        elif self.getConfig("config_file"):
            log.warning("%s", problem)
        else:
            raise ValueError(str(problem))

    def standalone(self) -> StandaloneSite | None:
        """The site read from `config_file`, if the host names one."""
        from .standalone import read_site  # the hub's whole reading, only for such hosts

        config_file = self.getConfig("config_file")
        return read_site(config_file) if config_file else None

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        md.registerExtension(self)
        if self.quiet:
            return
        if self.getConfig("config_file"):
            md.preprocessors.register(_FindPage(md, self), f"{type(self).__name__}_page", 45)
            md.postprocessors.register(_Fill(md, self), f"{type(self).__name__}_fill", 5)
        self.extend(md)

    def extend(self, md: Markdown) -> None:
        """Register this extension's processors on a Markdown instance that converts a page."""

    def join(self, site: StandaloneSite) -> None:
        """Take what this extension needs of a site read from its config file."""

    def fill(self, html: str, site: StandaloneSite) -> str:
        """The page's HTML with what this extension marked in it; nothing marked, by default."""
        return html


class _FindPage(Preprocessor):
    def __init__(self, md: Markdown, extension: PageExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        site = self.extension.standalone()
        assert site is not None  # registered only then
        self.extension.join(site)
        try:
            context = self.md.preprocessors["rendering_context"]
        except KeyError:
            context = None
        given = getattr(context, "page", None)  # Zensical's: its `path` in the docs folder, and its `url`
        self.extension.host_links = given is not None  # Zensical turns links to .md files into URLs
        src_uri = str(getattr(given, "path", "") or self.extension.getConfig("page")).replace(os.sep, "/")
        url = getattr(given, "url", None)
        url = str(url).lstrip("/") if url is not None else site.links.files.get(src_uri, "")
        text = site.docs_dir / src_uri
        self.extension.start(PageRef(src_uri, url, lambda: text.read_text(encoding="utf-8-sig")))
        return lines


class _Fill(Postprocessor):
    def __init__(self, md: Markdown, extension: PageExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        site = self.extension.standalone()
        return self.extension.fill(text, site) if site is not None else text


def put_mark(parent: etree.Element, attribute: str, number: int) -> None:
    """A mark where something goes that only the host can render later: `<div attribute="number">`."""
    etree.SubElement(parent, "div", {attribute: str(number)})


def fill(html: str, attribute: str, render: Callable[[int], str]) -> str:
    """The HTML with each mark of `attribute` replaced by what `render` makes for its number."""
    return _marks(attribute).sub(lambda found: render(int(found.group(1))), html)


@functools.cache
def _marks(attribute: str) -> re.Pattern[str]:
    """The marks of `attribute`, as Python-Markdown writes the elements `put_mark` makes."""
    return re.compile(rf'<div {re.escape(attribute)}="(\d+)"></div>')


T = TypeVar("T")
TAG = re.compile(r"\{%\s*(?P<name>[A-Za-z_]+)\b(?P<arguments>.*?)%\}")
"""A liquid tag, `{% name arguments %}` (a name in any case, so that `{% YouTube … %}` is reported, not
left as text without a word)."""


class TagBlock(BlockProcessor, Generic[T]):
    """A paragraph that is only a `{% name … %}` tag this block `wants` becomes a mark (`attribute`), and
    what `read` makes of the tag is kept in `made`, by page, for the host to render in its place. A tag
    `read` cannot make ((what is wrong, a hint)) is reported with its line, and left as a paragraph."""

    def __init__(
        self,
        parser: BlockParser,
        extension: PageExtension,
        *,
        wants: Callable[[str], bool],
        read: Callable[[str, str], T | tuple[str, str]],
        made: dict[str, list[T]],
        attribute: str,
    ) -> None:
        super().__init__(parser)
        self.extension, self.wants, self.read, self.made, self.attribute = extension, wants, read, made, attribute

    def test(self, parent: etree.Element, block: str) -> bool:
        if self.extension.page is None or "{%" not in block:
            return False
        found = TAG.fullmatch(block.strip())
        return found is not None and self.wants(found.group("name"))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        page = self.extension.page
        written = blocks[0].strip()
        found = TAG.fullmatch(written)
        assert page is not None and found is not None  # as `test` saw
        item = self.read(found.group("name"), found.group("arguments"))
        if isinstance(item, tuple):
            message, hint = item
            problem = Diagnostic(page.src_uri, find_line(page, written), "", f"`{written}`: {message}", hint=hint)
            self.extension.report(problem)
            return False  # left to the paragraph processor: the text stays visible
        blocks.pop(0)
        made = self.made.setdefault(page.src_uri, [])
        put_mark(parent, self.attribute, len(made))
        made.append(item)
        return True
