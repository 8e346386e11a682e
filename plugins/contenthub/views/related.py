"""Related posts: the ones sharing the most weighted facet values, ties broken by recency.

Posts with the same set of values rank every other post the same way, so the work is done once per
distinct set ("signature") rather than once per post, and each signature only looks at signatures it
shares a value with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..model import Post, newest_first
from ..taxonomy import Taxonomy

Signature = tuple[str, ...]


def related_posts(posts: Iterable[Post], taxonomy: Taxonomy, count: int = 5) -> dict[str, list[Post]]:
    """For each post URL, up to `count` related posts, best first."""
    weights = {value.id: taxonomy.facet(value.facet).weight for value in taxonomy.values}
    groups: dict[Signature, list[Post]] = defaultdict(list)
    for post in newest_first(posts):
        groups[post.values].append(post)
    signatures_with: dict[str, list[Signature]] = defaultdict(list)
    for signature in groups:
        for value_id in signature:
            signatures_with[value_id].append(signature)

    related: dict[str, list[Post]] = {}
    for signature, members in groups.items():
        scores: dict[Signature, float] = defaultdict(float)
        for value_id in signature:
            for other in signatures_with[value_id]:
                scores[other] += weights[value_id]
        # One more than `count` per signature, since a post never counts as related to itself.
        candidates = [
            (score, post) for other, score in scores.items() if score > 0 for post in groups[other][: count + 1]
        ]
        candidates.sort(key=lambda pair: (-pair[0], -pair[1].date.timestamp(), pair[1].url))
        best = [post for _, post in candidates[: count + 1]]
        for member in members:
            related[member.url] = [post for post in best if post is not member][:count]
    return related
