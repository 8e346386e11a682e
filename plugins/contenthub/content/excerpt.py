"""Excerpts: the text before `<!-- more -->`, else the description, else the first paragraph."""

from __future__ import annotations

import re

from ..text import markdown_to_text, truncate

MORE = re.compile(r"^[ \t]*<!--\s*more\s*-->[ \t]*$", re.M | re.I)
_TITLE = re.compile(r"^[ \t]{0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.S | re.M)
_HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t].*$|^[ \t]*(=+|-+)[ \t]*$", re.M)
_BLOCK_MARKUP = re.compile(r"^(?: {4}|\t|[ \t]*(?:!!!|\?\?\?|\||<!--|\{))")  # code, admonitions, tables
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def first_heading(body: str) -> str | None:
    """The text of the first `# Heading`, which stands in for a missing `title`."""
    match = _TITLE.search(_FENCE.sub("", body))
    return markdown_to_text(match.group(1)) if match else None


def excerpt(body: str, description: str, limit: int) -> str:
    """A plain-text excerpt of at most `limit` characters."""
    more = MORE.search(body)
    if more:
        text = markdown_to_text(_HEADING_LINE.sub("", _FENCE.sub("", body[: more.start()])))
    elif description:
        text = markdown_to_text(description)
    else:
        text = first_paragraph(body)
    return truncate(text, limit)


def first_paragraph(body: str) -> str:
    """The plain text of the first block of prose, skipping headings, code, tables and admonitions."""
    for block in _BLANK_LINES.split(_FENCE.sub("\n\n", body)):
        if _BLOCK_MARKUP.match(block):
            continue
        text = markdown_to_text(_HEADING_LINE.sub("", block))
        if text:
            return text
    return ""
