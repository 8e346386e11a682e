"""What the hub's Markdown extensions share: the page being converted, told by the host, and where
their problems go."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown import Extension

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
