"""An incoming post as the file the hub reads: front matter in the hub's keys, written with python-frontmatter,
then read back as a build reads it, so that what is written passes `contenthub check` (or says why not)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import frontmatter

from ...model import Diagnostic
from ...taxonomy import Taxonomy
from ..frontmatter import declared_slug
from ..posts import PostOptions, read_post
from ..syntax_check import SyntaxCheck
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


def unmapped_key(taxonomy: Taxonomy, options: PostOptions) -> str:
    """Where words no facet value has are kept: `tags` (as MkDocs themes read them), unless the hub reads
    `tags` as a facet's values (its key, or Pelican's `Tags` sent to a facet)."""
    read = options.tag_facet is not None or any(facet.key == "tags" for facet in taxonomy.facets)
    return "unmapped_tags" if read else "tags"


def compose(
    incoming: Incoming, src_uri: str, routed: Routed, taxonomy: Taxonomy, options: PostOptions, syntax: SyntaxCheck
) -> Composed:
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
        key = unmapped_key(taxonomy, options)
        ordered[key] = routed.unmapped
        listed = ", ".join(f"`{word}`" for word in routed.unmapped)
        incoming.notes.append(f"no facet value has {listed}: kept under `{key}` (an alias would map them)")
    ordered.update((key, value) for key, value in meta.items() if key not in ordered)
    old_urls = incoming.old_urls()
    if old_urls:
        ordered["redirect_from"] = old_urls
    missing = [facet.id for facet in taxonomy.facets if facet.required and facet.id not in routed.values]
    if missing and not _is_draft(ordered):
        ordered["draft"] = True  # the check below says what it lacks, at its line
        incoming.notes.append(f"written as a draft: no {' or '.join(missing)} value among its tags")
    if composed.problems and not _is_draft(ordered):
        ordered["draft"] = True
        incoming.notes.append("written as a draft, until the problems listed are fixed")
    text, found = _written(incoming.body, ordered, src_uri, taxonomy, options, syntax)
    if found and not _is_draft(ordered):  # a value the hub cannot read, a broken link: never published by accident
        bad_draft = [problem for problem in found if problem.field == "draft"]  # the value `draft: true` replaces
        ordered["draft"] = True
        incoming.notes.append("written as a draft, until the problems listed are fixed")
        text, found = _written(incoming.body, ordered, src_uri, taxonomy, options, syntax)
        found = bad_draft + found  # as they are in the file written: its lines moved
    said = {_quoted(problem) for problem in composed.problems} - {""}
    composed.problems.extend(problem for problem in found if _quoted(problem) not in said)
    composed.draft = _is_draft(ordered)
    composed.text = text
    return composed


def _quoted(problem: Diagnostic) -> str:
    """The tag or link a problem is about (`{% include x.html %}`): the reader's problem with a Liquid tag
    and the build's with the same tag are one."""
    return problem.message.split("`: ", 1)[0] if problem.message.startswith("`{") else ""


def _is_draft(meta: dict[str, Any]) -> bool:
    return meta.get("draft") is True or str(meta.get("status", "")).lower() == "draft"


def _written(
    body: str, meta: dict[str, Any], src_uri: str, taxonomy: Taxonomy, options: PostOptions, syntax: SyntaxCheck
) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, and its problems as a build reads it (its front matter, its links and tags); no text when
    the hub could not read it at all (what stops it is among the problems: nothing half-made is written)."""
    post = frontmatter.Post(body)
    post.metadata.update(meta)
    text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n") + "\n"
    read, found = read_post(src_uri, text, "", taxonomy, options)
    _, slug_problem = declared_slug(src_uri, text)
    found += [slug_problem] if slug_problem else []
    body = text.partition("\n---\n")[2]  # as written
    found += syntax.problems(src_uri, text, body) + syntax.in_html(src_uri, text, body)
    return (text if read is not None else None), found
