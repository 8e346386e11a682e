"""Tags put into a rendered page's `<head>`, whatever the theme: its head tag may carry attributes
(`<head prefix="og: …">`) or be written in capitals."""

from __future__ import annotations

import re

_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)


def head_span(page: str) -> tuple[int, int] | None:
    """Where the head's content starts and ends in a rendered page; None for a page without a head."""
    # Most themes write a plain `<head>`: found as it is, that costs a fifth of the regular expressions.
    start = page.find("<head>")
    end = page.find("</head>", start) if start >= 0 else -1
    if end >= 0:
        return start + len("<head>"), end
    opening = _HEAD.search(page)
    closing = _HEAD_END.search(page, opening.end()) if opening is not None else None
    return (opening.end(), closing.start()) if opening is not None and closing is not None else None


def into_head(page: str, span: tuple[int, int], first: str = "", last: str = "") -> str:
    """The page with `first` at the start of its head and `last` at its end, in one copy of the page."""
    if not first and not last:
        return page
    start, end = span
    return "".join((page[:start], first, page[start:end], last, page[end:]))
