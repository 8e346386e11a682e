"""A new post's file: its front matter from what the author gives, checked against the taxonomy, written
with python-frontmatter (which keeps the keys in the order given)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import frontmatter

from ..options import did_you_mean
from ..taxonomy import Taxonomy
from ..text import slugify
from .dates import parse_date

MAX_SLUG = 80
"""Characters of a file name made from a title: file systems allow 255 bytes, readers of URLs far fewer."""


@dataclass(frozen=True)
class NewPost:
    name: str
    """The file's name in the posts folder: the title's slug, `.md`."""
    text: str


def new_post(
    title: str,
    values: Mapping[str, Sequence[str]],
    taxonomy: Taxonomy,
    zone: tzinfo,
    *,
    now: datetime,
    date: str | None = None,
    draft: bool = False,
    body: str = "",
    slug: str | None = None,
) -> NewPost | list[str]:
    """The post, or every reason it cannot be written: an unknown facet or value is refused, never guessed.
    `values` are the spellings given for each facet (by id or front-matter key); `now` is the default date,
    in the site's timezone; `body`, the text to start from; `slug`, the file's name if not the title's."""
    problems: list[str] = []
    slug = slugify(slug or title)[:MAX_SLUG].rstrip("-")
    if not title.strip():
        problems.append("the title is empty")
    elif not slug:
        problems.append(f"`{title}` gives no file name in ASCII letters or digits; give one with `--slug`")
    elif slug in ("index", "readme"):
        problems.append(f"`{slug}.md` is the posts folder's own page, not a post; give another `--slug`")
    when = now.astimezone(zone).replace(microsecond=0)
    if date is not None:
        parsed = parse_date(date, zone)
        if parsed is None:
            problems.append(f"`{date}` is not a date; write 2026-12-02 or 2026-12-02T09:30:00+01:00")
        else:
            when = parsed
    meta: dict[str, Any] = {"title": title.strip(), "date": when}
    given, wrong = given_values(values, taxonomy)
    problems += wrong
    for facet in taxonomy.facets:
        if facet.id in given:
            meta[facet.key] = given[facet.id] if facet.multiple else given[facet.id][0]
    missing = [f.id for f in taxonomy.facets if f.required and f.key not in meta]  # given no value it takes
    problems += [f"`--{facet_id}` is required by the site's facets" for facet_id in missing]
    if draft:
        meta["draft"] = True
    if problems:
        return problems
    post = frontmatter.Post(body, **meta)
    return NewPost(f"{slug}.md", frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n")


def given_values(values: Mapping[str, Sequence[str]], taxonomy: Taxonomy) -> tuple[dict[str, list[str]], list[str]]:
    """The labels of the values an author gave on the command line, by facet id (`--channel LinkedIn,Twitter`,
    the facet named by id or front-matter key), and every reason one cannot be taken: an unknown facet or
    value is refused, with the closest match, never guessed."""
    facets = {facet.id: facet for facet in taxonomy.facets} | {facet.key: facet for facet in taxonomy.facets}
    found: dict[str, list[str]] = {}
    problems: list[str] = []
    for name, spellings in values.items():
        facet = facets.get(name)
        if facet is None:
            hint = did_you_mean(name, [f.id for f in taxonomy.facets]) or "facets: " + ", ".join(
                f.id for f in taxonomy.facets
            )
            problems.append(f"`--{name}`: no such facet ({hint})")
            continue
        labels: list[str] = []
        for spelling in (item.strip() for given in spellings for item in given.split(",") if item.strip()):
            value = taxonomy.resolve(facet, spelling)
            if value is None:
                close = taxonomy.suggest(facet, spelling)
                hint = (
                    f"did you mean `{close.label}`?" if close else "one of " + ", ".join(v.label for v in facet.values)
                )
                problems.append(f"`--{name} {spelling}`: no such {facet.id} value ({hint})")
            elif value.label not in labels:
                labels.append(value.label)
        if labels and not facet.multiple and len(labels) > 1:
            problems.append(f"`--{name}`: {facet.id} takes one value, got {', '.join(labels)}")
        elif labels:
            found[facet.id] = labels
    return found, problems
