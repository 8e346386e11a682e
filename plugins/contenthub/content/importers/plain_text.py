"""Plain-text articles and comment threads: the first line is the title, paragraphs stay paragraphs, list
lines stay lists, bare URLs become links, and what Markdown would read as markup is escaped."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import tzinfo

from ...text import slugify
from ..posts import FILE_DATE
from .incoming import DATE_HINT, ImportFile, Incoming, file_name, read_date

_BULLET = re.compile(r"^\s*[•·◦‣▪●■\-*+–→►▸◆✓✔]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_URL = re.compile(r"https?://[^\s<>\"]+")
_URL_END = ".,;:!?'\"”’…]"
_INLINE = re.compile(r"[\\`*_\[\]{}]|<|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:[#>+\-*=|]|!!!|\?\?\?|///|:(?=\s))")
_NUMBER_START = re.compile(r"^(\d+)([.)])(?=\s|$)")
_SEPARATOR = re.compile(r"^[\s*_\-=~+#]+$")
_LINE_OF_ITS_OWN = re.compile(r"^\s*(?:(?:[a-zA-Z]|[ivxIVX]+)[.)]\s|[—―]\s*\S)")
"""A line that starts an enumeration the lists do not take (`a)`, `iv.`) or an attribution (`— Name`):
kept on a line of its own, where Markdown would join it to the line before."""
_ONE_PER_LINE = 100
"""A block of lines of which one is longer than this was written one paragraph a line (a comment
thread, text from a web page); shorter lines are hard-wrapped prose, which Markdown joins again."""
_HEADING = 60
_LONG_TITLE = 120
_SENTENCE_END = ".,;:!?…\"”’)'"
_ENDS_A_SENTENCE = re.compile(r"[.!?…][\"”’)]*\s*$")
_THREAD = 3
"""Lines in a row, each ending a sentence, that make a comment thread rather than wrapped prose (where two
lines may both end a sentence by chance)."""
_SMALL_WORDS = frozenset("with from into onto over than that this your their about after under upon".split())
"""Words a title leaves in lower case (`Working with the Sales Team`)."""


@dataclass(frozen=True)
class TextOptions:
    zone: tzinfo
    title: str | None = None
    """The title, when the file's first line is not one (a comment thread): then it is text too."""
    date: str | None = None
    split: re.Pattern[str] | None = None
    """Lines that start a new article, its title: several articles in one file."""


def read_text(file: ImportFile, text: str, options: TextOptions) -> list[Incoming]:
    """One post for each article in the file; a post without a date or title carries the problem."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if options.split is None:
        return [_article(file, lines, 0, options)]
    starts = [number for number, line in enumerate(lines) if options.split.search(line)]
    found: list[Incoming] = []
    before = lines[: starts[0] if starts else len(lines)]
    preamble = next((n for n, line in enumerate(before) if line.strip()), None)
    if preamble is not None:  # text no title line claims: said, never dropped in silence
        stray = Incoming(file, "", {}, "")
        count = sum(1 for line in before if line.strip())
        titles = ", ".join(f"`{lines[start].strip()}`" for start in starts) or "none"
        many = "1 line is" if count == 1 else f"{count} lines are"
        message = f"{many} before the first title line, and not imported (`--split` matched: {titles})"
        hint = f"check the pattern against the line `{lines[preamble].strip()[:60]}`, with --dry-run"
        stray.problem(preamble + 1, "", message, hint)
        found.append(stray)
    ends = [*starts[1:], len(lines)] if starts else []
    return found + [_article(file, lines[start:end], start, options) for start, end in zip(starts, ends, strict=True)]


def _article(file: ImportFile, lines: list[str], offset: int, options: TextOptions) -> Incoming:
    incoming = Incoming(file, "", {}, "")
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
        if len(title) > _LONG_TITLE and options.title is None:
            incoming.notes.append(f"the first line, {len(title)} characters, is the title: if it is text, use --title")
        stem = file.relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        incoming.name = file_name(title if slugify(title) else stem)  # a title of another script: the file's
    file_date = FILE_DATE.search(file.relative)
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
    numbering = _Numbering()
    for number, block in enumerate(blocks):
        if len(block) == 1 and 0 < number < len(blocks) - 1 and _is_heading(block[0]):
            out.append("## " + _inline(block[0].strip()))
            numbering.follows = None
            continue
        out.extend(_groups(block, numbering))
    for number in range(len(out) - 1, 0, -1):  # Python-Markdown runs two lists on into one without it
        if {_list_kind(out[number - 1]), _list_kind(out[number])} == {"ul", "ol"}:
            out.insert(number, "<!-- -->")
    return "\n\n".join(out) + "\n" if out else ""


def _list_kind(block: str) -> str | None:
    return "ol" if re.match(r"\d+\. ", block) else "ul" if block.startswith("- ") else None


def _is_heading(line: str) -> bool:
    """A short line in title case, with no sentence's end: `Notes`, `Process vs. Results`, `Working with the
    Sales Team` (not `Great post`, a one-line comment, nor `Get over it`, which could be one)."""
    text = line.strip()
    words = [word for word in re.findall(r"[^\W\d_]{4,}", text) if word not in _SMALL_WORDS]
    later = [word for word in words if not text.startswith(word)]  # the first word is capitalised anyway
    return (
        len(text) <= _HEADING
        and text[0].isupper()
        and text[-1] not in _SENTENCE_END
        and all(word[0].isupper() for word in words)
        and (len(text.split()) == 1 or bool(later))
        and not _BULLET.match(line)
        and not _NUMBERED.match(line)
    )


@dataclass
class _Numbering:
    follows: int | None = None
    """The number that carries on the numbered list the text last had (`3` after `1.`, `2.`), across the
    blank lines between its items; None when a paragraph or another kind of list came last."""


def _groups(block: list[str], numbering: _Numbering) -> list[str]:
    """The block's lists and paragraphs, each a Markdown block of its own."""
    out: list[str] = []
    items: list[tuple[int | None, str]] = []
    """The list being read: each item's number (None for a bullet) and text."""
    text: list[str] = []

    def flush() -> None:
        out.extend(_list(items, numbering))
        items.clear()
        if text:
            out.extend("\n".join(_line(line) for line in paragraph) for paragraph in _paragraphs(text))
            text.clear()
            numbering.follows = None

    for line in block:
        separator = _SEPARATOR.match(line) is not None  # `* * *`, `---`: shown as written, not a list
        item = None if separator else (_NUMBERED.match(line) or _BULLET.match(line))
        if item is not None and not (text and _goes_on(text[-1], line, item.group("text"))):
            number = int(item.group("number")) if "number" in item.groupdict() else None
            if text or (items and (items[-1][0] is None) != (number is None)):
                flush()  # a paragraph before, or another kind of list: each is a block of its own
            items.append((number, item.group("text")))
        elif items and (line[:1].isspace() or line[:1].islower()):
            number, said = items[-1]
            items[-1] = (number, f"{said} {line.strip()}")  # an item's next line: indented, or its sentence
        else:
            if items or (text and _LINE_OF_ITS_OWN.match(line)):
                flush()
            text.append(line)
    flush()
    return out


def _goes_on(before: str, line: str, said: str) -> bool:
    """Whether a line that starts with a dash carries on the sentence of the line before (hard-wrapped
    prose: `…lands badly` / `- at least with the engineers…`), rather than starting a list."""
    return line.lstrip()[:1] in "-–" and said[:1].islower() and before.rstrip()[-1:] not in _SENTENCE_END


def _list(items: list[tuple[int | None, str]], numbering: _Numbering) -> list[str]:
    """A list as Markdown; a numbered one only if it counts 1, 2, 3… from its start or from the list before
    it (Markdown numbers every list so, and joins lists with blank lines between their items): other
    numbers (a countdown, a list carried on after a paragraph) stay as written, a line each."""
    if not items:
        return []
    numbers = [number for number, _ in items]
    start = numbering.follows or 1
    numbering.follows = None
    if numbers[0] is None:
        return ["\n".join(f"- {_inline(said)}" for _, said in items)]
    if numbers == list(range(start, start + len(items))):
        numbering.follows = start + len(items)
        return ["\n".join(f"{number}. {_inline(said)}" for number, said in items)]
    return [_line(f"{number}. {said}") for number, said in items]


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """The paragraphs of a block of text lines: one a line where the author wrote them so (a comment
    thread, text from a web page: some line too long to be hard-wrapped, URLs aside, or every line ending
    a sentence), else one, its lines hard-wrapped prose that Markdown joins again."""
    if len(lines) < 2:
        return [lines]
    longest = max(len(_URL.sub("", line)) for line in lines)
    every_line_ends = len(lines) >= _THREAD and all(_ENDS_A_SENTENCE.search(line) for line in lines)
    return [[line] for line in lines] if longest > _ONE_PER_LINE or every_line_ends else [lines]


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
        url = found.group(0)
        while url and (url[-1] in _URL_END or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]  # what closes the sentence or the brackets around it, not the URL
        out.append(_escape(text[position : found.start()]))
        out.append(f"[{_escape(url)}]({url})")
        position = found.start() + len(url)
    out.append(_escape(text[position:]))
    return "".join(out)


def _escape(text: str) -> str:
    """Escaped for Python-Markdown, and only where it would read markup: the file stays readable as text
    (`text.markdown_escape` escapes every punctuation mark, for text no one edits)."""
    return _INLINE.sub(lambda found: _escaped(found.group(0)), text)


def _escaped(mark: str) -> str:
    """`<` and `&` take no backslash in Python-Markdown: escaped as HTML escapes them (as `markdown_escape`)."""
    return html.escape(mark) if mark in "<&" else "\\" + mark
