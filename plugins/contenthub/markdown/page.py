"""What the hub's Markdown extensions share: the page being converted, told by the host, and where
their problems go."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from markdown import Extension
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor

from ..model import Diagnostic


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
    each problem goes to `report` (raised when the host gives none)."""

    def __init__(self, *, report: Callable[[Diagnostic], None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page: PageRef | None = None
        self._report = report

    def start(self, page: PageRef) -> None:
        self.page = page

    def report(self, problem: Diagnostic) -> None:
        if self._report is None:
            raise ValueError(str(problem))
        self._report(problem)


def put_mark(parent: etree.Element, attribute: str, number: int) -> None:
    """A mark where something goes that only the host can render later: `<div attribute="number">`."""
    etree.SubElement(parent, "div", {attribute: str(number)})


def fill(html: str, attribute: str, render: Callable[[int], str]) -> str:
    """The HTML with each mark of `attribute` replaced by what `render` makes for its number."""
    return re.sub(rf'<div {attribute}="(\d+)"></div>', lambda found: render(int(found.group(1))), html)


T = TypeVar("T")
TAG = re.compile(r"\{%\s*(?P<name>[a-z_]+)\b(?P<arguments>.*?)%\}")
"""A liquid tag, `{% name arguments %}`."""


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
