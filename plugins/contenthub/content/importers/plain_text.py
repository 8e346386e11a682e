"""Plain-text articles and comment threads: the first line is the title, paragraphs stay paragraphs, list
lines stay lists, bare URLs become links, and what Markdown would read as markup is escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo

from ...text import slugify
from ..new_post import MAX_SLUG
from .incoming import DATE_HINT, Incoming, Source, read_date

_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[-_ ]")
_BULLET = re.compile(r"^\s*[•·◦‣▪●■\-*+–]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_URL = re.compile(r"https?://[^\s<>\"]+")
_URL_END = ".,;:!?'\""
_INLINE = re.compile(r"[\\`*_\[\]{}]|<|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:[#>+\-*=|]|!!!|\?\?\?|///|:(?=\s))")
_NUMBER_START = re.compile(r"^(\d+)([.)])(?=\s|$)")
_SEPARATOR = re.compile(r"^[\s*_\-=~+#]+$")
_ONE_PER_LINE = 100
"""A block of lines of which one is longer than this was written one paragraph a line (a comment
thread, text from a web page); shorter lines are hard-wrapped prose, which Markdown joins again."""
_HEADING = 60
_SENTENCE_END = ".,;:!?…\"”’)'"


@dataclass(frozen=True)
class TextOptions:
    zone: tzinfo
    title: str | None = None
    """The title, when the file's first line is not one (a comment thread): then it is text too."""
    date: str | None = None
    split: re.Pattern[str] | None = None
    """Lines that start a new article, its title: several articles in one file."""


def read_text(source: Source, text: str, options: TextOptions) -> list[Incoming]:
    """One post for each article in the file; a post without a date or title carries the problem."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if options.split is None:
        return [_article(source, lines, 0, options)]
    starts = [number for number, line in enumerate(lines) if options.split.search(line)]
    found: list[Incoming] = []
    preamble = next((n for n in range(starts[0] if starts else len(lines)) if lines[n].strip()), None)
    if preamble is not None:  # text no title line claims: said, never dropped in silence
        stray = Incoming(source, "", {}, "")
        message = "text before the first title is not imported" if starts else "no line matches `--split`"
        stray.problem(preamble + 1, "", message, "check the `--split` pattern against the title lines")
        found.append(stray)
    ends = [*starts[1:], len(lines)] if starts else []
    return found + [_article(source, lines[start:end], start, options) for start, end in zip(starts, ends, strict=True)]


def _article(source: Source, lines: list[str], offset: int, options: TextOptions) -> Incoming:
    incoming = Incoming(source, "", {}, "")
    if options.title is None or options.split is not None:
        first = next((n for n, line in enumerate(lines) if line.strip()), None)
        title = lines[first].strip() if first is not None else ""
        lines = lines[first + 1 :] if first is not None else []
    else:
        title = options.title.strip()
    if not title:
        incoming.problem(offset + 1, "title", "the article has no title; it is not imported", "give one with --title")
    else:
        incoming.meta["title"] = title
        incoming.name = (slugify(title)[:MAX_SLUG].rstrip("-") or "post") + ".md"
    file_date = _FILE_DATE.match(source.relative.rsplit("/", 1)[-1])
    raw = options.date or (file_date.group(1) if file_date else None)
    date = read_date(raw, options.zone) if raw else None
    if date is not None:
        incoming.meta["date"] = date
    elif raw:
        incoming.problem(None, "date", f"cannot read `{raw}` as a date", DATE_HINT)
    else:
        hint = "give one with --date, or name the file 2009-01-08-….txt"
        incoming.problem(offset + 1, "date", "the article has no date; it is not imported", hint)
    incoming.body = to_markdown(lines)
    return incoming


def to_markdown(lines: list[str]) -> str:
    """Markdown that shows the text as written: its paragraphs, lists, headings (a short line standing
    alone between paragraphs) and links, with the rest escaped."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    out: list[str] = []
    for number, block in enumerate(blocks):
        if len(block) == 1 and 0 < number < len(blocks) - 1 and _is_heading(block[0]):
            out.append("## " + _inline(block[0].strip()))
            continue
        out.extend(_groups(block))
    return "\n\n".join(out) + "\n" if out else ""


def _is_heading(line: str) -> bool:
    """A short line in title case, with no sentence's end: `Notes`, `Process vs. Results` (not `Great post`,
    a one-line comment)."""
    text = line.strip()
    words = re.findall(r"[^\W\d_]{4,}", text)
    return (
        len(text) <= _HEADING
        and text[0].isupper()
        and text[-1] not in _SENTENCE_END
        and all(word[0].isupper() for word in words)
        and not _BULLET.match(line)
        and not _NUMBERED.match(line)
    )


def _groups(block: list[str]) -> list[str]:
    """The block's lists and paragraphs, each a Markdown block of its own."""
    out: list[str] = []
    items: list[str] = []
    text: list[str] = []

    def flush() -> None:
        if items:
            out.append("\n".join(items))
            items.clear()
        if text:
            one_per_line = len(text) > 1 and max(map(len, text)) > _ONE_PER_LINE
            paragraphs = [[line] for line in text] if one_per_line else [text[:]]
            out.extend("\n".join(_line(line) for line in paragraph) for paragraph in paragraphs)
            text.clear()

    for line in block:
        separator = _SEPARATOR.match(line) is not None  # `* * *`, `---`: shown as written, not a list
        bullet, numbered = (None, None) if separator else (_BULLET.match(line), _NUMBERED.match(line))
        if bullet or numbered:
            if text:
                flush()
            marker = f"{numbered.group('number')}." if numbered else "-"
            items.append(f"{marker} {_inline((numbered or bullet).group('text'))}")  # type: ignore[union-attr]
        elif items and line[:1].isspace():
            items[-1] += " " + _inline(line.strip())  # an item's next line, indented under it
        else:
            if items:
                flush()
            text.append(line)
    flush()
    return out


def _line(line: str) -> str:
    """A line of a paragraph: indentation dropped (four spaces would make code), markup at its start escaped:
    with a backslash where Python-Markdown takes one, else as a character reference."""
    text = _NUMBER_START.sub(r"\1\\\2", _inline(line.strip()))
    if not _LINE_START.match(text):
        return text
    first = text[0]
    return ("\\" + first if first in "#>+-*!" else f"&#{ord(first)};") + text[1:]


def _inline(text: str) -> str:
    """Text with Markdown's inline markup escaped, and its bare URLs made links."""
    out: list[str] = []
    position = 0
    for found in _URL.finditer(text):
        url = found.group(0).rstrip(_URL_END)
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        out.append(_escape(text[position : found.start()]))
        out.append(f"<{url}>")
        position = found.start() + len(url)
    out.append(_escape(text[position:]))
    return "".join(out)


def _escape(text: str) -> str:
    return _INLINE.sub(lambda found: {"<": "&lt;", "&": "&amp;"}.get(found.group(0), "\\" + found.group(0)), text)
