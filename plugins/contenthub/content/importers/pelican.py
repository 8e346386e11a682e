"""Pelican articles: Markdown with a `Key: value` header (Python-Markdown's meta syntax, which Pelican
reads), written as YAML front matter with the meanings the hub gives Pelican's keys. The header is read
as a build reads it (`content/frontmatter.py`), so the import and the build agree on every key.
`{filename}` links and liquid tags stay as written: the hub reads them."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

from ..frontmatter import read_front_matter
from ..posts import FILE_DATE, STATUSES, pelican_list
from .incoming import DATE_HINT, ImportFile, Incoming, read_date
from .pelican_site import PelicanSite

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
UNSUPPORTED = {".rst": "reStructuredText", ".html": "HTML", ".htm": "HTML", ".ipynb": "Jupyter notebook"}
"""Pelican's other formats: reported by name, never half converted."""
_DATES = ("date", "modified")
_DROPPED = {"template": "the theme lays out every post", "save_as": "the hub decides where pages go"}


def read_pelican(file: ImportFile, text: str, name: str, zone: tzinfo, site: PelicanSite | None = None) -> Incoming:
    """The article, to be written as `name`, with its problems; `site` is the Pelican site it comes from,
    when its `pelicanconf.py` was found."""
    incoming = Incoming(file, name, {}, "")
    front, problem = read_front_matter(file.shown, text)
    if problem is not None:
        incoming.problems.append(problem)
        return incoming
    incoming.lines = {str(key).lower(): line for key in front.meta if (line := front.line(key)) is not None}
    header = {str(key).lower(): value for key, value in front.meta.items()}
    for key, unbuilt in front.unbuilt.items():
        incoming.problem(unbuilt.line, key, f"cannot read `{unbuilt.text}` ({unbuilt.why})", DATE_HINT)
    _meta(incoming, header, site.zone if site and site.zone else zone)
    if not incoming.meta.get("title"):
        incoming.meta.pop("title", None)
        incoming.problem(1, "title", "the article has no `Title:`; it is not imported", "add `Title: …` to its header")
    elif site is not None:
        folder = site.folder_category(file.path.absolute())
        if folder is not None and not incoming.words.get("category"):
            incoming.words["category"] = [folder]
            incoming.notes.append(f"category `{folder}` from its folder, as Pelican read it (USE_FOLDER_AS_CATEGORY)")
        if incoming.old_url is None and incoming.meta.get("status") != "draft":
            _old_url(incoming, header, site)
    incoming.body = front.body
    return incoming


def _old_url(incoming: Incoming, header: dict[str, Any], site: PelicanSite) -> None:
    """Where Pelican published the article without a `URL:` of its own: the site's `ARTICLE_URL`."""
    when = incoming.meta.get("date")
    if not isinstance(when, date):
        return
    path = incoming.file.path.absolute()
    values = site.path_metadata(path) | {key: value for key, value in header.items() if isinstance(value, str)}
    values["slug"] = values.get("slug") or site.slug(str(incoming.meta["title"]), path)
    if not values["slug"]:
        hint = "Pelican spelled its letters in ASCII; give the article its `Slug:` or `URL:` to redirect it"
        incoming.notes.append(f"no old address: {hint}")
        return
    values["category"] = (incoming.words.get("category") or [str(site.settings["DEFAULT_CATEGORY"])])[0]
    values["author"] = (incoming.meta.get("authors") or [values.get("author", "")])[0]
    incoming.old_url = site.url(values, when)
    if incoming.old_url is None:
        why = "a key it does not know, letters Pelican transliterated, a bad format"
        incoming.notes.append(
            f"no old address: the site's ARTICLE_URL names a value it cannot spell as Pelican did ({why})"
        )


def _words(value: Any, *, split: bool) -> list[str]:
    """A list written as text (Pelican's rule) or as a YAML list; one word when not `split`."""
    items = value if isinstance(value, list) else pelican_list(str(value)) if split else [str(value)]
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _meta(incoming: Incoming, header: dict[str, Any], zone: tzinfo) -> None:
    out, lines = incoming.meta, incoming.lines
    if "title" in header:
        out["title"] = str(header["title"]).strip()
    file_date = FILE_DATE.search(incoming.file.relative)
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
                left = "it is not imported" if key == "date" else "it is left out"
                incoming.problem(lines.get(key, 1), key, f"cannot read `{value}` as a date; {left}", DATE_HINT)
            else:
                out[key] = date
        elif key in ("tags", "category"):
            incoming.words.setdefault(key, []).extend(_words(value, split=key == "tags"))
        elif key == "authors":  # Pelican splits `Authors` only: `Author: Smith, John` is one name
            out["authors"] = _words(value, split=True)
        elif key == "status":
            out["status"] = str(value).lower() if str(value).lower() in STATUSES else value
        elif key == "url":
            incoming.old_url = str(value)
        elif key in _DROPPED:
            incoming.notes.append(f"`{key}: {value}` dropped: {_DROPPED[key]}")
            if key == "save_as" and incoming.old_url is None:
                incoming.old_url = str(value)
        else:
            out[key] = value
