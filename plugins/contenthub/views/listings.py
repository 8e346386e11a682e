"""Which posts each facet value lists, newest first."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Post, newest_first
from ..taxonomy import Taxonomy


def posts_by_value(posts: Iterable[Post], taxonomy: Taxonomy) -> dict[str, list[Post]]:
    """Every declared value, with its posts newest first (an empty list for a value no post uses yet)."""
    listing: dict[str, list[Post]] = {value.id: [] for value in taxonomy.values}
    for post in newest_first(posts):
        for value_id in post.values:
            listing[value_id].append(post)
    return listing
