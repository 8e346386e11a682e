"""Pelican articles: Markdown with a `Key: value` header (Python-Markdown's meta syntax, which Pelican
reads), written as YAML front matter with the meanings the hub gives Pelican's keys. `{filename}` links and
liquid tags stay as written: the hub reads them."""

from __future__ import annotations

import re
from datetime import tzinfo

from ..posts import STATUSES, pelican_list
from .incoming import DATE_HINT, Incoming, Source, read_date

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
UNSUPPORTED = {".rst": "reStructuredText", ".html": "HTML", ".htm": "HTML", ".ipynb": "Jupyter notebook"}
"""Pelican's other formats: reported by name, never half converted."""
_HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE = re.compile(r"^(?:[ ]{4}|\t)\s*(?P<value>.*)$")
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_DATES = ("date", "modified")
_DROPPED = {"template": "the theme lays out every post", "save_as": "the hub decides where pages go"}


def read_pelican(source: Source, text: str, zone: tzinfo) -> Incoming:
    """The article, with its problems; its file keeps its path, so relative `{filename}` links still work."""
    incoming = Incoming(source, source.relative, {}, "")
    header, body = _split(text)
    incoming.lines = {key: line for key, (_, line) in header.items()}
    _meta(incoming, {key: value for key, (value, _) in header.items()}, zone)
    incoming.meta.setdefault("title", "")
    if not incoming.meta["title"]:
        del incoming.meta["title"]
        incoming.problem(1, "title", "the article has no `Title:`; it is not imported", "add `Title: …` to its header")
    incoming.body = body
    return incoming


def _split(text: str) -> tuple[dict[str, tuple[str, int]], str]:
    """The header (lower-cased key → value and line, continuation lines joined) and the body. The header
    ends at the first line that is neither `Key: value` nor a continuation."""
    lines = text.split("\n")
    header: dict[str, tuple[str, int]] = {}
    key = ""
    number = 0
    for number, line in enumerate(lines):
        found = _HEADER_LINE.match(line)
        more = _MORE.match(line) if key else None
        if found:
            key = found.group("key").lower()
            header[key] = (found.group("value").strip(), number + 1)
        elif more and line.strip():
            value, at = header[key]
            header[key] = (f"{value} {more.group('value').strip()}".strip(), at)
        else:
            break
    else:
        number = len(lines)
    return header, "\n".join(lines[number:]).lstrip("\n")


def _meta(incoming: Incoming, header: dict[str, str], zone: tzinfo) -> None:
    out, lines = incoming.meta, incoming.lines
    if "title" in header:
        out["title"] = header["title"]
    file_date = _FILE_DATE.match(incoming.source.relative.rpartition("/")[2])
    if "date" not in header and file_date:
        header = {"date": file_date.group(1), **header}
    elif "date" not in header:
        hint = "add `Date: 2010-05-04` to its header, or a date to its name (2010-05-04-title.md)"
        incoming.problem(1, "date", "the article has no date; it is not imported", hint)
    for key, value in header.items():
        if key == "title":
            continue
        if key in _DATES:
            date = read_date(value, zone)
            if date is None:
                incoming.problem(lines.get(key, 1), key, f"cannot read `{value}` as a date", DATE_HINT)
            else:
                out[key] = date
        elif key in ("tags", "category"):
            words = pelican_list(value) if key == "tags" else [value.strip()]
            incoming.labels.setdefault(key, []).extend(word for word in words if word)
        elif key in ("authors", "author"):
            names = pelican_list(value)
            if key == "authors" or len(names) > 1:
                out["authors"] = names
            else:
                out["author"] = value
        elif key == "status":
            out["status"] = value.lower() if value.lower() in STATUSES else value
        elif key == "url":
            incoming.old_url = value
        elif key in _DROPPED:
            incoming.notes.append(f"`{key}: {value}` dropped: {_DROPPED[key]}")
            if key == "save_as" and incoming.old_url is None:
                incoming.old_url = value
        else:
            out[key] = value
