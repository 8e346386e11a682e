"""Write a roundup draft: the period's candidate entries as picks, grouped and ordered, for an editor."""

from __future__ import annotations

import json
from collections import Counter
from datetime import tzinfo

from ..model import Source
from ..taxonomy import Taxonomy
from .curate import Period, Story, group_stories


def draft_roundup(
    period: Period, candidates: list[Story], taxonomy: Taxonomy, group_by: str, sources: dict[str, Source], zone: tzinfo
) -> str:
    """Front matter with the picks (each with an empty note to fill in) and the values most picks share;
    the body is left for the editor's introduction."""
    kind = "week" if period.is_week else "month"
    lines = [
        "---",
        f"title: {json.dumps(f'Around the web: {period.name}', ensure_ascii=False)}",
        f"date: {period.end.isoformat()}",
        f"period: {period.label}",
    ]
    shared = Counter(value for story in candidates for value in story.values)
    enough = max(1, len(candidates) // 3)
    for facet in taxonomy.facets:
        common = [v.label for v in facet.values if shared[v.id] >= enough]
        lines.append(f"{facet.key}: [{', '.join(json.dumps(label, ensure_ascii=False) for label in common)}]")
    lines.append("picks:" if candidates else "picks: []  # no entries in this period yet: refresh the feeds")
    for heading, group in group_stories(candidates, taxonomy, group_by, sources):
        lines.append(f"  # {heading}")
        for story in group:
            entry = story.entry
            when = entry.date.astimezone(zone).strftime("%-d %B %Y") if entry.date else "undated"
            credit = ", ".join(sources[s].title if s in sources else s for s in story.sources)
            lines.append(f"  - id: {json.dumps(entry.id, ensure_ascii=False)}")
            lines.append(f'    note: ""  # {" ".join(entry.title.split())} · {credit} · {when}')
    lines += [
        "exclude: []  # ids or URLs to leave out, and never show again",
        "---",
        "",
        f"A few words on this {kind}: what stood out, and why these picks.",
        "",
    ]
    return "\n".join(lines)
