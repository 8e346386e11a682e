"""Read one post: front matter checked against the taxonomy, into a `Post` and its diagnostics."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from ..model import Diagnostic, Facet, Post
from ..taxonomy import Taxonomy
from ..text import markdown_to_text
from ..yamlpos import PathStep
from .dates import parse_date
from .excerpt import excerpt, first_heading
from .frontmatter import cannot_build, read_front_matter
from .yamlbuild import Unbuilt


@dataclass(frozen=True)
class PostOptions:
    timezone: tzinfo
    timezone_name: str = "UTC"
    excerpt_length: int = 300
    category_facet: str | None = None
    """The facet Pelican's `Category` goes to (the first facet, unless the settings name another)."""
    tag_facet: str | None = None
    """The facet Pelican's `Tags` go to (the one read from `tags`, unless the settings name another)."""


STATUSES = ("published", "draft", "hidden")
"""Pelican's `Status`: hidden posts are built, but out of listings, feeds and the knowledge base."""
_THEIRS = ("new", "deprecated")
"""Material's page statuses (an icon in the navigation): left to Material."""
FILE_DATE = re.compile(r"(?:^|/)(\d{4}-\d{2}-\d{2})-[^/]*$")
"""Jekyll's and Pelican's dated file names: `2024-05-01-our-survey.md`."""


def pelican_list(text: str) -> list[str]:
    """Pelican's rule for a list written as text: split on `;` if there is one, else on `,`."""
    return [item.strip() for item in text.split(";" if ";" in text else ",") if item.strip()]


def read_post(
    src_uri: str, text: str, url: str, taxonomy: Taxonomy, options: PostOptions
) -> tuple[Post | None, list[Diagnostic]]:
    """A post from its file's text, or None when it lacks what every listing needs (a title and a date)."""
    front, problem = read_front_matter(src_uri, text)
    if problem:
        return None, [problem]
    return post_from_meta(
        src_uri, front.meta, front.body, url, taxonomy, options, line=front.line, unbuilt=front.unbuilt
    )


LineOf = Callable[..., int | None]
"""Finds the line of a front-matter key, or of an item under it: `line("channel", 2)`."""


def post_from_meta(
    src_uri: str,
    meta: dict[str, Any],
    body: str,
    url: str,
    taxonomy: Taxonomy,
    options: PostOptions,
    *,
    line: LineOf,
    unbuilt: Mapping[str, Unbuilt] | None = None,
) -> tuple[Post | None, list[Diagnostic]]:
    """A post from front matter someone already parsed (MkDocs does, for every page) and its body.

    `unbuilt` holds the values YAML could not build, by key (see `read_front_matter`): each is
    reported once, with what follows from it, and never also as missing. The diagnostics come in
    line order, one for each distinct problem at each place.
    """
    reader = _PostReader(src_uri, meta, body, line, taxonomy, options, unbuilt or {})
    post = reader.post(url)
    return post, sorted(reader.diagnostics, key=lambda d: d.line or 0)


_SCALAR = (str, int, float)

# Keys the hub reads, roundups' own, and common MkDocs and Material ones: authors use them on purpose, so
# they are never taken for a misspelt facet key. Any other key is the author's own, unless it looks
# like a facet key.
_KNOWN_KEYS = frozenset(
    "title date updated modified description author draft tags period picks exclude template hide icon status"
    " search comments slug summary authors category categories links readtime pin subtitle redirect_from"
    " unmapped_tags".split()
)


def _is_scalar(raw: Any) -> bool:
    return isinstance(raw, _SCALAR) and not isinstance(raw, bool)


class _PostReader:
    def __init__(
        self,
        src_uri: str,
        meta: dict[str, Any],
        body: str,
        line: LineOf,
        taxonomy: Taxonomy,
        options: PostOptions,
        unbuilt: Mapping[str, Unbuilt],
    ) -> None:
        self.src_uri = src_uri
        self.meta = meta
        self.body = body
        self.line = line
        self.taxonomy = taxonomy
        self.options = options
        self.unbuilt = unbuilt
        self.diagnostics: list[Diagnostic] = []
        self.reported: set[Diagnostic] = set()
        self.misspelt: dict[str, str] = {}
        """By facet key: the unknown key that looks like a misspelling of it."""

    def add(self, diagnostic: Diagnostic) -> None:
        """Once: a YAML alias repeats its value, and its problem, wherever it is used on one line."""
        if diagnostic not in self.reported:
            self.reported.add(diagnostic)
            self.diagnostics.append(diagnostic)

    def report(self, path: tuple[PathStep, ...], message: str, hint: str = "") -> None:
        line = self.line(*path) if path and path[0] in self.meta else None
        self.add(Diagnostic(self.src_uri, line, str(path[0]), message, hint))

    def unbuildable(self, key: str, consequence: str = "it is ignored") -> bool:
        """Whether `key` holds a value YAML cannot build; if so, it is reported with its consequence."""
        value = self.unbuilt.get(key)
        if value is not None:
            self.add(cannot_build(self.src_uri, key, value, consequence))
        return value is not None

    def post(self, url: str) -> Post | None:
        read = {"title", "date", "updated", "modified", "description", "summary", "author", "authors", "draft"}
        read.update({"status", "category", *(facet.key for facet in self.taxonomy.facets)})
        for key in [key for key in self.unbuilt if key not in read]:
            self.unbuildable(key, "MkDocs ignores the page's whole front matter until it is fixed")
        self.misspelt_keys()
        title = self.title()
        file_date = FILE_DATE.search(self.src_uri)
        if file_date and "date" not in self.meta and "date" not in self.unbuilt:
            date = parse_date(file_date.group(1), self.options.timezone)  # as Pelican and Jekyll read it
            if date is None:
                message = f"the file name's date, {file_date.group(1)}, is no day of the calendar; the post is left out"
                self.add(Diagnostic(self.src_uri, 1, "date", message, hint="rename the file, or add `date: …`"))
        else:
            date = self.date("date", required=True)
        updated_key = "updated" if "updated" in self.meta or "updated" in self.unbuilt else "modified"
        updated = self.date(updated_key, required=False)
        description = self.text("description") or markdown_to_text(self.text("summary"))
        values = tuple(
            sorted(
                (value for facet in self.taxonomy.facets for value in self.facet_values(facet)),
                key=self.taxonomy.order,
            )
        )
        status = self.status()
        draft = self.flag("draft") or status == "draft"
        author = self.author()
        if title is None or date is None:
            return None
        return Post(
            src_uri=self.src_uri,
            url=url,
            title=title,
            date=date,
            updated=updated,
            description=description,
            excerpt=excerpt(self.body, description, self.options.excerpt_length),
            draft=draft,
            hidden=status == "hidden",
            author=author,
            values=values,
        )

    def status(self) -> str:
        """Pelican's `Status`, as `published` when not given (or given as one of Material's own)."""
        raw = self.text("status")
        if not raw or raw.lower() in _THEIRS:
            return "published"
        if raw.lower() not in STATUSES:
            hint = "write `status: draft`, `status: hidden` or `status: published`"
            self.report(("status",), f"unknown status `{raw}`; the post is published", hint=hint)
            return "published"
        return raw.lower()

    def misspelt_keys(self) -> None:
        """An unknown key close to a facet key (`langauge`, `levle`, `Channel`), or to the id of a facet
        read from another key (`topic` for one read from `tags`), is most likely meant as that key: say so
        at its line, since otherwise its values are silently ignored."""
        facets = tuple((facet.id, facet.key) for facet in self.taxonomy.facets)
        for key in [*self.meta, *self.unbuilt]:
            if not isinstance(key, str) or key in _KNOWN_KEYS:
                continue
            meant = _meant_key(key, facets)
            if meant is not None:
                self.misspelt.setdefault(meant, key)
                self.add(
                    Diagnostic(
                        self.src_uri,
                        self.line(key),
                        key,
                        f"unknown key `{key}`; it is ignored",
                        hint=f"did you mean `{meant}`?",
                    )
                )

    def title(self) -> str | None:
        raw = self.meta.get("title")
        self.unbuildable("title")
        if raw is not None and not _is_scalar(raw):
            self.report(("title",), f"expected text, got {_kind(raw)}", hint="write `title: Your title`")
            raw = None
        title = str(raw).strip() if raw is not None else first_heading(self.body)
        if not title:
            self.add(
                Diagnostic(
                    self.src_uri,
                    1,
                    "title",
                    "the post has no title; it is left out of the hub",
                    hint="add `title: …` to the front matter or start the body with `# Title`",
                )
            )
            return None
        return title

    def date(self, key: str, *, required: bool) -> datetime | None:
        raw = self.meta.get(key)
        consequence = "the post is left out of the hub" if required else "it is ignored"
        unbuilt = self.unbuilt.get(key)
        if unbuilt is not None:
            message = f"cannot read `{unbuilt.text}` as a date ({unbuilt.why}); {consequence}"
            self.add(Diagnostic(self.src_uri, unbuilt.line, key, message, hint=f"write {self.date_example(key)}"))
            return None
        if raw is None:
            if required:
                self.add(
                    Diagnostic(
                        self.src_uri,
                        1,
                        key,
                        "the post has no date; it is left out of the hub",
                        hint=f"add {self.date_example(key)}",
                    )
                )
            return None
        parsed = parse_date(raw, self.options.timezone)
        if parsed is None:
            hint = f"write {self.date_example(key)}"
            self.report((key,), f"cannot read {_kind(raw)} as a date; {consequence}", hint=hint)
        return parsed

    def date_example(self, key: str) -> str:
        zone = self.options.timezone_name
        return f"`{key}: 2024-05-01` or `{key}: 2024-05-01T09:30:00+02:00` (without an offset, {zone} applies)"

    def text(self, key: str) -> str:
        raw = self.meta.get(key)
        if self.unbuildable(key) or raw is None:
            return ""
        if not _is_scalar(raw):
            self.report((key,), f"expected text, got {_kind(raw)}; it is ignored")
            return ""
        return str(raw).strip()

    def flag(self, key: str) -> bool:
        raw = self.meta.get(key, False)
        if self.unbuildable(key):
            return False
        if not isinstance(raw, bool):
            self.report((key,), f"expected true or false, got {_kind(raw)}; it is ignored", hint=f"write `{key}: true`")
            return False
        return raw

    def author(self) -> str:
        """`authors` (a list, or Pelican's text list) or `author`, the names joined."""
        key = "authors" if "authors" in self.meta else "author"
        raw = self.meta.get(key)
        if isinstance(raw, list) and all(_is_scalar(name) for name in raw):
            return ", ".join(str(name).strip() for name in raw)
        text = self.text(key)
        return ", ".join(pelican_list(text)) if key == "authors" else text

    def facet_values(self, facet: Facet) -> list[str]:
        key = facet.key
        pelican = {self.options.category_facet: "category", self.options.tag_facet: "tags"}.get(facet.id)
        if pelican and key not in self.meta and pelican in self.meta:
            key = pelican  # Pelican's `Category` or `Tags`, for the facet the settings give them
        raw = self.meta.get(key)
        if self.unbuildable(key):
            return []
        if raw is None:
            if facet.required:
                message = f"the required facet `{facet.key}` is missing"
                hint = f"add {_example(facet)} (one of {_allowed(facet)})"
                if facet.key in self.misspelt:
                    typo, line = self.misspelt[facet.key], self.line(self.misspelt[facet.key])
                    message += f"; `{typo}`{f' (line {line})' if line else ''} looks like a misspelling of it"
                    hint = f"rename `{typo}` to `{facet.key}`"
                self.add(Diagnostic(self.src_uri, 1, facet.key, message, hint=hint))
            return []
        if isinstance(raw, str) and facet.multiple and ("," in raw or ";" in raw):
            raw = pelican_list(raw)  # `channel: LinkedIn, Twitter`
        items = raw if isinstance(raw, list) else [raw]
        if not isinstance(raw, list) and not _is_scalar(raw):
            self.report(
                (key,),
                f"expected a value or a list of values, got {_kind(raw)}; it is ignored",
                hint=f"write {_example(facet)} or `{key}: [{_allowed(facet)}]`",
            )
            return []
        if not facet.multiple and len(items) > 1:
            self.report(
                (key,),
                f"`{key}` takes one value, got {len(items)}; none is kept",
                hint=f"keep the one that fits best, e.g. {_example(facet)}",
            )
            return []
        found: list[str] = []
        for index, item in enumerate(items):
            path: tuple[PathStep, ...] = (key, index) if isinstance(raw, list) else (key,)
            if not _is_scalar(item):
                hint = f"one of {_allowed(facet)}"
                self.report(path, f"expected a value, got {_kind(item)}; it is ignored", hint=hint)
                continue
            value = self.taxonomy.resolve(facet, str(item))
            if value is None:
                close = self.taxonomy.suggest(facet, str(item))
                hint = f"did you mean `{close.label}`?" if close else f"allowed values: {_allowed(facet)}"
                self.report(path, f"unknown value `{item}`; it is left out", hint=hint)
            elif value.id not in found:
                found.append(value.id)
        if facet.required and not found:
            self.report(
                (key,),
                f"the required facet `{facet.key}` has no valid value",
                hint=f"use one of {_allowed(facet)}",
            )
        return found


@functools.lru_cache(maxsize=4096)
def _meant_key(key: str, facets: tuple[tuple[str, str], ...]) -> str | None:
    """The facet key that `key` is most likely a misspelling of, if any (facets as (id, key) pairs).
    Kept for each spelling, as the same keys come back post after post."""
    meant_by = {facet_id.casefold(): facet_key for facet_id, facet_key in facets}
    meant_by.update({facet_key.casefold(): facet_key for _, facet_key in facets})
    if key in meant_by.values():
        return None
    close = difflib.get_close_matches(key.casefold(), list(meant_by), n=1, cutoff=0.75)
    return meant_by[close[0]] if close else None


def _allowed(facet: Facet) -> str:
    return ", ".join(value.label for value in facet.values)


def _example(facet: Facet) -> str:
    return f"`{facet.key}: {facet.values[0].label}`"


def _kind(raw: Any) -> str:
    """A value as a message shows it: never the whole of a list or mapping, which YAML aliases can make
    exponentially long."""
    if isinstance(raw, dict):
        return "a mapping"
    if isinstance(raw, (list, tuple)):
        return "a list"
    if isinstance(raw, (set, frozenset)):
        return "a set"
    if isinstance(raw, bool):
        return f"`{str(raw).lower()}`"
    shown = str(raw)
    return f"`{shown if len(shown) <= 60 else shown[:59] + '…'}`"
