"""Related posts: the ones sharing the most weighted facet values, ties broken by recency.

Comparing every post with every other is quadratic, so the ranking works on bitsets instead. Posts are
numbered newest first, and each value gets an integer whose bit i is set when post i has it. For a post
with values S, the posts sharing exactly the values T ⊆ S are `AND(T) & ~OR(S - T)`, and they all score
the weight of T. Walking the subsets T from the heaviest down and taking the lowest set bits (the newest
posts) yields the ranking directly, stopping as soon as enough posts are found. Posts with the same set
of values share one ranking, so the work is done once per distinct set. A post with very many values
(a long `tags` list) would make 2^n subsets, so its ranking adds up scores post by post instead.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from ..model import Post, newest_first
from ..taxonomy import Taxonomy

MAX_SUBSET_VALUES = 12
"""Up to this many weighted values, walk the 2^n subsets; beyond, score every post sharing one."""


def related_posts(posts: Iterable[Post], taxonomy: Taxonomy, count: int = 5) -> dict[str, list[Post]]:
    """For each post URL, up to `count` related posts, best first. Posts sharing nothing are never related."""
    ordered = newest_first(posts)
    weights = {value.id: taxonomy.facet(value.facet).weight for value in taxonomy.values}
    holders: dict[str, int] = defaultdict(int)
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, post in enumerate(ordered):
        bit = 1 << index
        for value_id in post.values:
            holders[value_id] |= bit
        groups[post.values].append(index)

    related: dict[str, list[Post]] = {}
    for signature, members in groups.items():
        values = [v for v in signature if weights[v] > 0]
        ranking = _ranked if len(values) <= MAX_SUBSET_VALUES else _scored
        ranked = ranking(tuple(holders[v] for v in values), tuple(weights[v] for v in values), count + 1)
        for member in members:
            related[ordered[member].url] = [ordered[i] for i in ranked if i != member][:count]
    return related


def _ranked(holders: tuple[int, ...], weights: tuple[float, ...], wanted: int) -> list[int]:
    """Up to `wanted` post numbers, best first, for a post whose values have these holders and weights."""
    size = len(holders)
    if size == 0:
        return []
    every = (1 << size) - 1
    # all_of[T]: posts having every value of T; any_of[T]: posts having at least one (T as a bitmask).
    all_of = [-1] * (every + 1)
    any_of = [0] * (every + 1)
    for subset in range(1, every + 1):
        lowest = subset & -subset
        holder = holders[lowest.bit_length() - 1]
        all_of[subset] = all_of[subset ^ lowest] & holder
        any_of[subset] = any_of[subset ^ lowest] | holder
    found: list[int] = []
    for tier in _tiers(weights):
        exact = 0
        for subset in tier:
            exact |= all_of[subset] & ~any_of[every ^ subset]
        while exact and len(found) < wanted:
            lowest = exact & -exact
            found.append(lowest.bit_length() - 1)
            exact ^= lowest
        if len(found) >= wanted:
            break
    return found


def _scored(holders: tuple[int, ...], weights: tuple[float, ...], wanted: int) -> list[int]:
    """The same ranking by adding up each post's score: for posts with more values than subsets allow."""
    scores: dict[int, float] = defaultdict(float)
    for holder, weight in zip(holders, weights, strict=True):
        rest = holder
        while rest:
            lowest = rest & -rest
            scores[lowest.bit_length() - 1] += weight
            rest ^= lowest
    return heapq.nsmallest(wanted, scores, key=lambda index: (-round(scores[index], 9), index))


@cache
def _tiers(weights: tuple[float, ...]) -> list[list[int]]:
    """The non-empty subsets of positions, grouped by total weight, heaviest group first.

    Cached: most posts share a handful of weight patterns (one weight per facet).
    """
    by_weight: dict[float, list[int]] = defaultdict(list)
    for subset in range(1, 1 << len(weights)):
        total = sum(weight for position, weight in enumerate(weights) if subset >> position & 1)
        by_weight[round(total, 9)].append(subset)
    return [by_weight[total] for total in sorted(by_weight, reverse=True)]
