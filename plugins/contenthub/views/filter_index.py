"""The knowledge base's search index: compact JSON that the filter page loads.

Posts are arrays rather than objects and facet values are small integers, so a 10,000-post hub
stays under 60 bytes a post once gzipped (49 in the benchmark).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from ..model import Post, newest_first
from ..taxonomy import Taxonomy
from ..text import truncate

INDEX_VERSION = 2
INDEX_EXCERPT_LENGTH = 160


def filter_index(
    posts: Iterable[Post],
    taxonomy: Taxonomy,
    value_urls: Mapping[str, str],
    feeds: Iterable[tuple[str, str]] = (),
    date_text: Callable[[date], str] = date.isoformat,
) -> dict[str, Any]:
    """`posts` rows are `[url, title, "YYYY-MM-DD", excerpt, [value numbers]]`, plus `1` for a draft.

    Values are numbered in declaration order; each facet lists its values as `[slug, label, page url]`.
    `feeds` are `[label, file name]` of each value's feeds, found in the value's folder, if the site has any.
    `dates` gives each day as the reader reads it (`date_text`), so the page shows what the server would.
    """
    numbers = {value.id: number for number, value in enumerate(taxonomy.values)}
    rows: list[list[Any]] = []
    days: dict[str, str] = {}
    for post in newest_first(posts):
        day = post.date.date()
        if (iso := day.isoformat()) not in days:
            days[iso] = date_text(day)
        row: list[Any] = [
            post.url,
            post.title,
            iso,
            truncate(post.excerpt, INDEX_EXCERPT_LENGTH),
            [numbers[value_id] for value_id in post.values],
        ]
        if post.draft:
            row.append(1)
        rows.append(row)
    return {
        "version": INDEX_VERSION,
        "facets": [
            {
                "id": facet.id,
                "label": facet.label,
                "values": [[v.slug, v.label, value_urls[v.id]] for v in facet.values],
            }
            for facet in taxonomy.facets
        ],
        "posts": rows,
        "dates": days,
        "feeds": [list(feed) for feed in feeds],
    }


# Characters that end or open markup (`</script>`, `<!--`, `&amp;`) and the two line breaks JavaScript
# before ES2019 refused in strings: as JSON escapes, the index stays inert even if a page inlines it.
# They occur in JSON only inside strings, where the escape reads back as the same character.
_INERT = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def dump_index(index: dict[str, Any]) -> str:
    dumped = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _INERT:
        if character in dumped:
            dumped = dumped.replace(character, escape)
    return dumped
