"""Where a Markdown text's code is, close to how Python-Markdown reads it (the cases old blogs' posts hold
are tested against it): fenced blocks (`fenced_code`'s rule), indented blocks (not the indented paragraphs
of a list item) and backtick spans (never across a blank line). Nothing in code is a link or a liquid
tag, so the importers leave it as written."""

from __future__ import annotations

import bisect
import re

LINK = re.compile(
    r"""(?:\]\([ \t]*|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*)"""
    r"""(?:<(?P<angled>[^<>\n]+)>|(?P<target>[^\s()<>]+(?:[ ]+[^\s()<>"'][^\s()<>]*)*))""",
    re.M,
)
"""A Markdown link's or image's target: inline (`](…)`) or in a reference definition (`[id]: …`), in
angle brackets (`](<my chart.png>)`) or not (`](my chart.png "Its title")`: spaces in, the title out)."""
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_BARE_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})[ \t]*\n?")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]+\S")
_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def _closers(lines: list[str]) -> dict[int, int]:
    """The line that closes each fence that is closed (`fenced_code`, as MkDocs sites use it): by the
    opening line's index. A fence never closed is no fence at all. The bare fence lines are indexed by
    their mark once, so that each opening finds its closing line by bisection: n log n, where a scan
    from every unclosed opening would take n² on a text of openings."""
    bare: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        if found := _BARE_FENCE.fullmatch(line):
            bare.setdefault(found.group(1), []).append(number)
    closers: dict[int, int] = {}
    index = 0
    while index < len(lines):
        opened = _FENCE.match(lines[index])
        if opened:
            candidates = bare.get(opened.group(1), [])  # the same mark, as fenced_code reads it
            at = bisect.bisect_right(candidates, index)
            if at < len(candidates):
                closers[index] = index = candidates[at]
        index += 1
    return closers


def code_ranges(text: str) -> list[tuple[int, int]]:
    """The start and end of every piece of code in `text`, in order."""
    ranges: list[tuple[int, int]] = []
    prose: list[tuple[int, int]] = []
    """Runs of lines between blank lines that are no code: where spans are looked for."""
    lines = text.splitlines(keepends=True)
    closers = _closers(lines)
    position, fence_end, fence_start, in_list, blank_before = 0, -1, 0, False, True
    paragraph_start: int | None = None
    for number, line in enumerate(lines):
        start, position = position, position + len(line)
        content = line.rstrip("\n")
        if number <= fence_end:
            if number == fence_end:
                ranges.append((fence_start, start + len(content)))
            continue
        blank = not content.strip()
        indent = len(content) - len(content.lstrip(" ")) if not content.startswith("\t") else 4
        is_code = not blank and blank_before and indent >= (8 if in_list else 4)
        opened = number in closers
        if (blank or is_code or opened) and paragraph_start is not None:
            prose.append((paragraph_start, start))
            paragraph_start = None
        if opened:
            fence_end, fence_start = closers[number], start
        elif is_code:
            ranges.append((start, start + len(content)))
        elif not blank:
            paragraph_start = start if paragraph_start is None else paragraph_start
            if _LIST_ITEM.match(content):
                in_list = True
            elif indent == 0 and blank_before:
                in_list = False
        blank_before = blank or is_code  # an indented block goes on over its blank lines
    if paragraph_start is not None:
        prose.append((paragraph_start, len(text)))
    for start, end in prose:
        ranges += [(start + span.start(), start + span.end()) for span in _SPAN.finditer(text[start:end])]
    return sorted(ranges)


def blank_code(text: str) -> str:
    """The text with its code blanked out, every line kept in its place (so positions still give lines)."""
    out, position = [], 0
    for start, end in code_ranges(text):
        out += [text[position:start], re.sub(r"[^\n]", " ", text[start:end])]
        position = end
    return "".join([*out, text[position:]])
