"""Excerpts: the text before `<!-- more -->` (or between Pelican's summary markers), else the
description, else the first paragraph."""

from __future__ import annotations

import re

from ..text import markdown_to_text, truncate

MORE = re.compile(r"^[ \t]*<!--\s*(?:more|PELICAN_END_SUMMARY)\s*-->[ \t]*$", re.M | re.I)
"""Where the author's excerpt ends: `<!-- more -->`, or Pelican's marker."""
_BEGIN = re.compile(r"^[ \t]*<!--\s*PELICAN_BEGIN_SUMMARY\s*-->[ \t]*$", re.M)
_TITLE = re.compile(r"^[ \t]{0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.S | re.M)
_HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t].*$|^[ \t]*(=+|-+)[ \t]*$", re.M)
# Lines that never start a paragraph: headings, indented code, admonitions, tables, attribute lists.
_SKIPPED_LINE = re.compile(r"^(?: {4}|\t|[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|!!!|\?\?\?|\||\{:?))")
_SETEXT_UNDERLINE = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")


def first_heading(body: str) -> str | None:
    """The text of the first `# Heading`, which stands in for a missing `title`."""
    match = _TITLE.search(_FENCE.sub("", body))
    return markdown_to_text(match.group(1)) if match else None


def excerpt(body: str, description: str, limit: int) -> str:
    """A plain-text excerpt of at most `limit` characters.

    Only the first few thousand characters are read: Markdown only ever shrinks into text, and a
    runaway first paragraph must not cost more than a normal one.
    """
    if limit <= 0:
        return ""
    budget = max(4 * limit, 2000)
    more = MORE.search(body) if "<!--" in body else None
    text = ""
    if more:
        begin = _BEGIN.search(body, 0, more.start())
        lead = body[begin.end() if begin else 0 : more.start()]
        text = markdown_to_text(_HEADING_LINE.sub("", _FENCE.sub("", lead))[:budget])
    if not text and description:
        # Plain text, as the theme's <meta name="description"> shows it: `<video>` in it is a word.
        text = " ".join(description[:budget].split())
    if not text:
        text = first_paragraph(body, budget)
    return truncate(text, limit)


def first_paragraph(body: str, budget: int = 2000) -> str:
    """The plain text of the first block of prose, skipping headings, code, tables and admonitions.

    Reads line by line and stops at the end of that block, so a long post costs no more than a short one.
    """
    paragraph: list[str] = []
    size = 0
    fence = ""
    in_comment = False
    for line in body.splitlines():
        stripped = line.strip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if paragraph:
            if not stripped:
                text = markdown_to_text("\n".join(paragraph))
                if text:
                    return text
                paragraph, size = [], 0  # an image or a bare HTML tag: keep looking
            elif _SETEXT_UNDERLINE.match(line):
                paragraph, size = [], 0  # the lines so far were a heading
            else:
                paragraph.append(line)
                size += len(line)
                if size > budget:
                    return markdown_to_text("\n".join(paragraph)[:budget])
            continue
        if not stripped or _SKIPPED_LINE.match(line) or _SETEXT_UNDERLINE.match(line):
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
        else:
            paragraph.append(line)
            size = len(line)
    return markdown_to_text("\n".join(paragraph))
