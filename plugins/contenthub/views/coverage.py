"""The coverage matrix: post counts for every pair of values of two facets, to show content gaps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Facet, Post
from ..taxonomy import Taxonomy


@dataclass(frozen=True)
class Coverage:
    rows: Facet
    columns: Facet
    counts: dict[tuple[str, str], int]
    """Post count per (row value id, column value id); every pair is present."""
    highest: int

    def level(self, row: str, column: str, levels: int = 5) -> int:
        """The heat level of a cell, 0 for an empty cell and 1..levels-1 for the rest."""
        count = self.counts[(row, column)]
        if count == 0 or self.highest == 0:
            return 0
        return 1 + (count * (levels - 2)) // self.highest


def coverage_matrix(posts: Iterable[Post], taxonomy: Taxonomy, rows: str, columns: str) -> Coverage:
    row_facet, column_facet = taxonomy.facet(rows), taxonomy.facet(columns)
    counted: Counter[tuple[str, str]] = Counter()
    for post in posts:
        row_values = [v for v in post.values if v.startswith(f"{rows}/")]
        column_values = [v for v in post.values if v.startswith(f"{columns}/")]
        counted.update((row, column) for row in row_values for column in column_values)
    counts = {
        (row.id, column.id): counted[(row.id, column.id)] for row in row_facet.values for column in column_facet.values
    }
    return Coverage(row_facet, column_facet, counts, max(counts.values(), default=0))
