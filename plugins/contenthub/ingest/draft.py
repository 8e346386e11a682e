"""Write a roundup draft: the period's candidate entries as picks, grouped and ordered, for an editor."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import tzinfo

from ..messages import Messages
from ..model import Source
from ..taxonomy import Taxonomy
from .periods import Period
from .stories import Story, group_stories

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""What YAML cannot hold in a file (controls, lone surrogates, U+FFFE/FFFF), or reads as a line break
(U+0085, U+2028, U+2029)."""
_NOT_ASCII = re.compile("[^\x20-\x7e]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"[A-Za-z_][\w-]*")


def _quoted(text: str, escape: re.Pattern[str] = _UNSAFE) -> str:
    """`text` as a YAML double-quoted scalar that reads back as the same text. JSON escapes quotes,
    backslashes and control characters; `escape` chooses what else becomes `\\u`/`\\U` escapes. Not JSON's
    `ensure_ascii`: it writes a character past U+FFFF as a surrogate pair, which PyYAML reads back as two
    broken halves and libyaml (MkDocs' fast loader) refuses, failing the whole front matter."""

    def escaped(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return escape.sub(escaped, json.dumps(text, ensure_ascii=False))


def _comment(text: str) -> str:
    """Text for the rest of a `#` comment line: no line break (of any kind) nor anything else YAML refuses
    can end the comment early, or make the whole front matter unreadable."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def _key(text: str) -> str:
    return text if _PLAIN_KEY.fullmatch(text) else _quoted(text)


def _ambiguous(known: Iterable[Story]) -> set[str]:
    """The ids and URLs that more than one story answers to. An id is unique only within its source, and a
    pick names the first story (newest) that has it, which may be another source's."""
    seen: set[str] = set()
    again: set[str] = set()
    for story in known:
        for ref in {*story.refs} - {""}:
            (again if ref in seen else seen).add(ref)
    return again


def draft_roundup(
    period: Period,
    candidates: list[Story],
    taxonomy: Taxonomy,
    group_by: str,
    sources: dict[str, Source],
    zone: tzinfo,
    messages: Messages,
    known: Sequence[Story] | None = None,
) -> str:
    """Front matter with the picks (each with an empty note to fill in) and the values most picks share;
    the body is left for the editor's introduction. It is a draft (`draft: true`): until the editor
    publishes it, its placeholder introduction must not become an excerpt on the site and in the feeds.

    `known` is every story picks are looked up in (the whole cache, not only the period), so that an entry
    whose id another source's entry also has is picked by its URL; without it, only the candidates are
    compared."""
    ambiguous = _ambiguous(candidates if known is None else known)
    kind = "week" if period.is_week else "month"
    lines = [
        "---",
        f"title: {_quoted(messages.text('draft.title', period=period.name(messages)))}",
        f"date: {period.end.isoformat()}",
        "draft: true  # remove this line to publish the roundup",
        f"period: {period.label}",
    ]
    shared = Counter(value for story in candidates for value in story.values)
    enough = max(1, len(candidates) // 3)
    for facet in taxonomy.facets:
        ranked = sorted((v for v in facet.values if shared[v.id] >= enough), key=lambda v: -shared[v.id])
        chosen = set(ranked if facet.multiple else ranked[:1])  # a one-value facet given two keeps neither
        labels = ", ".join(_quoted(value.label) for value in facet.values if value in chosen)
        if labels:
            lines.append(f"{_key(facet.key)}: [{labels}]")
        else:  # commented out: an empty list is no choice, and a required facet would warn about it
            allowed = ", ".join(_comment(value.label) for value in facet.values)
            lines.append(f"# {_key(facet.key)}: []  # no value most picks share; one of {allowed}")
    lines.append("picks:" if candidates else "picks: []  # no entries in this period yet: refresh the feeds")
    for heading, group in group_stories(candidates, taxonomy, group_by, sources):
        lines.append(f"  # {_comment(heading or messages.text('roundup.other'))}")
        for story in group:
            entry = story.entry
            when = messages.date(entry.date.astimezone(zone)) if entry.date else messages.text("draft.undated")
            credit = ", ".join(sources[s].title if s in sources else s for s in story.sources)
            about = _comment(f"{entry.title} · {credit} · {when}")
            # An id with a lone surrogate (a JSON Feed can send one) has no YAML spelling, and an id another
            # source's entry also has could name that entry instead: either way, pick it by URL.
            ref = next(
                (r for r in (entry.id, entry.url) if r and r not in ambiguous and not _SURROGATE.search(r)), None
            )
            if ref is None:
                why = "its id cannot be written in YAML"
                if not _SURROGATE.search(entry.id):
                    why = "another entry has the same id, and it has no URL to pick it by"
                lines.append(f"  # cannot be picked ({why}): {about}")
                continue
            lines.append(f"  - id: {_quoted(ref, _NOT_ASCII)}")
            lines.append(f'    note: ""  # {about}')
    lines += [
        "exclude: []  # ids or URLs to leave out, and never show again",
        "---",
        "",
        messages.text(f"draft.intro.{kind}"),
        "",
    ]
    return "\n".join(lines)
