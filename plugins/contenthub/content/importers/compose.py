"""An incoming post as the file the hub reads: front matter in the hub's keys, written with python-frontmatter,
then read back as a build reads it, so that what is written passes `contenthub check` (or says why not)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import frontmatter

from ...model import Diagnostic
from ...taxonomy import Taxonomy
from ..posts import PostOptions, read_post
from .facets import Routed
from .incoming import Incoming

_FIRST = ("title", "date", "modified", "author", "authors", "description", "summary")


@dataclass
class Composed:
    incoming: Incoming
    src_uri: str
    """Where it is written, under the docs folder."""
    routed: Routed
    text: str | None = None
    """The file's text; None when it cannot be written (its problems say why)."""
    draft: bool = False
    problems: list[Diagnostic] = field(default_factory=list)


def unmapped_key(taxonomy: Taxonomy) -> str:
    """Where words no facet value has are kept: `tags` (as MkDocs themes read them), unless a facet has it."""
    return "unmapped_tags" if any(facet.key == "tags" for facet in taxonomy.facets) else "tags"


def compose(incoming: Incoming, src_uri: str, routed: Routed, taxonomy: Taxonomy, options: PostOptions) -> Composed:
    composed = Composed(incoming, src_uri, routed, problems=list(incoming.problems))
    meta = incoming.meta
    if "title" not in meta or "date" not in meta:
        return composed  # the reader said why
    ordered: dict[str, Any] = {key: meta[key] for key in _FIRST if key in meta}
    for facet in taxonomy.facets:
        labels = routed.values.get(facet.id)
        if labels:
            ordered[facet.key] = labels if facet.multiple else labels[0]
    if routed.unmapped:
        ordered[unmapped_key(taxonomy)] = routed.unmapped
    ordered.update((key, value) for key, value in meta.items() if key not in ordered)
    if incoming.old_url:
        ordered["redirect_from"] = [incoming.old_url]
    missing = [facet.id for facet in taxonomy.facets if facet.required and facet.id not in routed.values]
    if missing and not ordered.get("draft"):
        ordered["draft"] = True  # the check below says what it lacks, at its line
        incoming.notes.append(f"written as a draft: no {' or '.join(missing)} value among its tags")
    composed.draft = bool(ordered.get("draft")) or str(ordered.get("status", "")).lower() == "draft"
    post = frontmatter.Post(incoming.body)
    post.metadata.update(ordered)
    text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n") + "\n"
    read, found = read_post(src_uri, text, "", taxonomy, options)
    composed.problems.extend(found)
    if read is None:
        return composed  # what stops the hub reading it is among the problems: nothing half-made is written
    composed.text = text
    return composed
