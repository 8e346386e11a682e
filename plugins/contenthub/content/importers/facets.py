"""Tags and categories to facet values, through the taxonomy: a value's label, slug, aliases or keywords,
as written in any case (`business to business` → market B2B, `Twitter` → channel Twitter)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ...model import Facet, Value
from ...taxonomy import Taxonomy
from ...text import fold
from ..posts import pelican_list
from .incoming import Incoming

ROUTED = ("tags", "categories", "category")
"""The keys whose words go to whichever facet has them; any other key only with `--map KEY=FACET`."""


@dataclass
class Routed:
    values: dict[str, list[str]] = field(default_factory=dict)
    """By facet id: the labels found, in the order met."""
    unmapped: list[str] = field(default_factory=list)
    """The words no value has: kept as tags, and listed."""
    notes: list[str] = field(default_factory=list)

    def keep(self, word: str) -> None:
        """A word kept as a tag, once whatever its case (`Social Media` from one key, `social media` another)."""
        if fold(word) not in map(fold, self.unmapped):
            self.unmapped.append(word)


class Router:
    def __init__(self, taxonomy: Taxonomy, maps: Mapping[str, str]) -> None:
        """`maps`: a source key → the id of the facet its words go to (`--map tags=topic`)."""
        self.taxonomy = taxonomy
        self.maps = {key.lower(): facet for key, facet in maps.items()}  # as MkDocs reads a header's keys
        self.used: set[str] = set()
        self.keywords = {
            facet.id: {fold(word): value for value in facet.values for word in value.keywords}
            for facet in taxonomy.facets
        }

    def value(self, facet: Facet, spelling: str) -> Value | None:
        return self.taxonomy.resolve(facet, spelling) or self.keywords[facet.id].get(fold(spelling))

    def route(self, incoming: Incoming, given: Mapping[str, list[str]] | None = None) -> Routed:
        """The facet values of the post's words; a key the site's facets use, or one mapped, is taken out of
        its front matter and routed too. `given` labels (by facet id) come first."""
        by_key = {facet.key: facet for facet in self.taxonomy.facets}
        for key in [key for key in incoming.meta if key.lower() in self.maps or key in by_key]:
            raw = incoming.meta.pop(key)
            words = raw if isinstance(raw, list) else pelican_list(str(raw))  # the build's rule for a text list
            incoming.words.setdefault(key, []).extend(str(word).strip() for word in words if word is not None)
        routed = Routed(values={facet_id: list(labels) for facet_id, labels in (given or {}).items()})
        for key, words in incoming.words.items():
            if key.lower() in self.maps:
                self.used.add(key.lower())
                facets = [self.taxonomy.facet(self.maps[key.lower()])]
            elif key in by_key and key not in ROUTED:
                facets = [by_key[key]]
            else:
                facets = list(self.taxonomy.facets)
            for word in words:
                found = [(facet, value) for facet in facets if (value := self.value(facet, word)) is not None]
                for facet, value in found:
                    labels = routed.values.setdefault(facet.id, [])
                    if value.label in labels:
                        continue
                    if labels and not facet.multiple:
                        note = f"{facet.id} takes one value: `{word}` kept as a tag, `{labels[0]}` chosen"
                        routed.notes += [note] if note not in routed.notes else []
                        routed.keep(word)
                        continue
                    labels.append(value.label)
                if not found:
                    routed.keep(word)
        return routed

    def unused(self) -> list[str]:
        """The `--map` keys no post had."""
        return sorted(set(self.maps) - self.used)
