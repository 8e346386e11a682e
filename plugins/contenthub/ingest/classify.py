"""Classifying outside entries: the hub's facet values for each, from its source's defaults, its categories,
and the values' labels, aliases and keywords found in its title and summary.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import Diagnostic, Entry, Source
from ..taxonomy import Taxonomy
from ..text import fold, unaccented

_SEPARATOR = r"[^\w+#]+"


class Classifier:
    """Gives an outside entry the hub's facet values."""

    VERSION = 2
    """Raise it whenever the matching rules change, so caches classified by an older one are redone."""
    MIN_LENGTH = 3
    """Spellings shorter than this (an alias like `x` for Twitter) match categories only, not free text;
    but for a value's label, which matches as a whole word written as the label is (`Go`, not `go on`)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        by_spelling: dict[str, set[str]] = defaultdict(set)
        for value in taxonomy.values:
            for spelling in (value.label, *value.aliases, *value.keywords):
                folded = fold(spelling)
                if len(folded) >= self.MIN_LENGTH:
                    by_spelling[folded].add(value.id)
        self.by_spelling = dict(by_spelling)
        self.short_labels: dict[str, set[str]] = defaultdict(set)
        for value in taxonomy.values:
            if len(fold(value.label)) < self.MIN_LENGTH and value.label.strip():
                self.short_labels[value.label.strip()].add(value.id)
        shorts = "|".join(map(re.escape, sorted(self.short_labels, key=len, reverse=True)))
        self.short_pattern = re.compile(rf"(?<![\w+#])(?:{shorts})(?![\w+#])") if shorts else None
        self._keys: dict[str, str] = {}
        self._described = [
            self.VERSION,
            self.MIN_LENGTH,
            [(v.id, v.label, v.slug, list(v.aliases), list(v.keywords)) for v in taxonomy.values],
        ]
        # Matched in `unaccented` text with `_` made a space, whatever separates its words (what `fold`
        # would turn into one space), so each entry skips fold's slow punctuation pass. Longest first, so
        # "small business owners" wins over "small business". A word is letters, digits, `+` and `#`.
        alternatives = "|".join(
            _SEPARATOR.join(map(re.escape, s.split(" "))) for s in sorted(self.by_spelling, key=len, reverse=True)
        )
        self.pattern = re.compile(rf"(?<![\w+#])(?:{alternatives})(?![\w+#])") if alternatives else None

    def fingerprint(self, defaults: Iterable[str] = ()) -> str:
        """Changes whenever `values` could answer differently for the same entry: another taxonomy,
        other defaults, another version of this classifier."""
        described = json.dumps([self._described, sorted(defaults)])
        return hashlib.sha256(described.encode()).hexdigest()[:16]

    def _key(self, matched: str) -> str:
        """The spelling a match stands for; the same few words match again and again, so remember them."""
        key = self._keys.get(matched)
        if key is None:
            key = self._keys[matched] = fold(matched)
        return key

    def values(self, entry: Entry, defaults: Iterable[str] = ()) -> tuple[str, ...]:
        found = set(defaults)
        for category in entry.categories:
            for facet in self.taxonomy.facets:
                value = self.taxonomy.resolve(facet, category)
                if value is not None:
                    found.add(value.id)
        text = f"{entry.title} {entry.excerpt}"
        if self.pattern is not None:
            for match in self.pattern.finditer(unaccented(text).replace("_", " ")):
                found.update(self.by_spelling[self._key(match.group(0))])
        if self.short_pattern is not None:  # in the text as written: case and all
            for match in self.short_pattern.finditer(text):
                found.update(self.short_labels[match.group(0)])
        return tuple(sorted(found, key=self.taxonomy.order))


@dataclass(frozen=True)
class Classification:
    """What gives an outside entry its values: the classifier, and each source's defaults (by id)."""

    classifier: Classifier
    defaults: Mapping[str, tuple[str, ...]]

    def values(self, entry: Entry) -> tuple[str, ...]:
        return self.classifier.values(entry, self.defaults.get(entry.source, ()))

    def fingerprint(self, source_id: str) -> str:
        return self.classifier.fingerprint(self.defaults.get(source_id, ()))


def source_defaults(
    source: Source, taxonomy: Taxonomy, file: str, line: int | None = None
) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The value ids a subscription's `contenthub:facets` names; unknown ones are reported and left out."""
    found: list[str] = []
    diagnostics: list[Diagnostic] = []
    for facet_id, spelling in source.defaults:
        if not taxonomy.has_facet(facet_id):
            known = ", ".join(facet.id for facet in taxonomy.facets)
            diagnostics.append(
                Diagnostic(file, line, "contenthub:facets", f"{source.title}: unknown facet `{facet_id}`",
                           f"facets: {known}")
            )  # fmt: skip
            continue
        value = taxonomy.resolve(taxonomy.facet(facet_id), spelling)
        if value is None:
            close = taxonomy.suggest(taxonomy.facet(facet_id), spelling)
            hint = f"did you mean `{close.label}`?" if close else ""
            diagnostics.append(
                Diagnostic(
                    file, line, "contenthub:facets", f"{source.title}: unknown {facet_id} value `{spelling}`", hint
                )
            )
            continue
        found.append(value.id)
    return tuple(found), diagnostics
