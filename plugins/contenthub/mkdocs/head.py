"""Tags put into a rendered page's `<head>`, whatever the theme: its head tag may carry attributes
(`<head prefix="og: …">`) or be written in capitals."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..model import Post
from ..present import PageHead

_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)
_OPEN_GRAPH = re.compile(r"""<meta\b(?:[^>"']|"[^"]*"|'[^']*')*?\s(?:property|name)\s*=\s*["']?og:""", re.I)


def head_span(page: str) -> tuple[int, int] | None:
    """Where the head's content starts and ends in a rendered page; None for a page without a head."""
    opening = _HEAD.search(page)
    closing = _HEAD_END.search(page, opening.end()) if opening is not None else None
    return (opening.end(), closing.start()) if opening is not None and closing is not None else None


def into_head(page: str, span: tuple[int, int], first: str = "", last: str = "") -> str:
    """The page with `first` at the start of its head and `last` at its end, in one copy of the page."""
    if not first and not last:
        return page
    start, end = span
    return "".join((page[:start], first, page[start:end], last, page[end:]))


def has_open_graph(page: str, span: tuple[int, int]) -> bool:
    """Whether the head (at `span`) holds Open Graph tags already, the theme's or another plugin's."""
    # A quick look first (`og:` in any case ends in `g:` or `G:`): the full search costs 10 µs a page.
    hint = page.find("g:", *span) >= 0 or page.find("G:", *span) >= 0
    return hint and _OPEN_GRAPH.search(page, *span) is not None


def page_head(page: Page, config: MkDocsConfig, post: Post | None) -> PageHead:
    """What a link preview shows of a page: an article for a post, with its dates."""
    return PageHead(
        site=config.site_name,
        title=_once(page.title or config.site_name),
        description=_once(page.meta.get("description") or config.site_description or ""),
        url=page.canonical_url or "",
        type="article" if post else "website",
        published=post.date.isoformat() if post else "",
        modified=post.updated.isoformat() if post and post.updated else "",
    )


def _once(text: Any) -> str:
    """Text for a template that escapes: the theme's front matter is escaped already (`Markup`, see
    theme_text.py), so it is kept as it is; `str()` would make it plain text, escaped a second time."""
    return text if isinstance(text, Markup) else str(text)
