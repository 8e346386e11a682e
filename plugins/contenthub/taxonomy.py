"""The facet schema: loaded from plain config data, it names, matches and checks facet values.

Matching is case-insensitive and alias-aware: `business to business`, `b2b` and `B2B` all give B2B.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import Diagnostic, Facet, Severity, Value
from .options import Flag, Locate, Number, Problems, Text
from .text import fold, slugify
from .yamlpos import PathStep

DEFAULT_FACETS: dict[str, Any] = {
    "market": {
        "label": "Market",
        "description": "Who buys: other businesses (B2B) or consumers (B2C).",
        "multiple": True,
        "required": True,
        "weight": 1,
        "values": {
            "B2B": {
                "description": "Business-to-business: selling to other companies.",
                "aliases": ["business to business", "business-to-business"],
            },
            "B2C": {
                "description": "Business-to-consumer: selling to people for their own use.",
                "aliases": ["business to consumer", "business-to-consumer"],
            },
        },
    },
    "channel": {
        "label": "Channel",
        "description": "Where the conversation happens.",
        "multiple": True,
        "weight": 2,
        "values": {
            "LinkedIn": {"aliases": ["linked in"]},
            "Twitter": {"aliases": ["tweets", "x"]},
            "Facebook": {},
            "YouTube": {"aliases": ["you tube", "video"]},
            "Blogs": {"aliases": ["blog", "blogging"]},
            "SlideShare": {"aliases": ["slide share"]},
            "Wikipedia": {"aliases": ["wiki"]},
            "Email": {"aliases": ["e-mail", "newsletter"]},
        },
    },
    "audience": {
        "label": "Audience",
        "description": "Who the post is written for.",
        "multiple": True,
        "weight": 1,
        "values": {
            "Executives": {"aliases": ["executive", "c-suite", "leadership"]},
            "Marketers": {"aliases": ["marketer", "marketing"]},
            "Sales": {"aliases": ["salespeople", "sales teams"]},
            "Millennials": {"aliases": ["millennial", "gen y"]},
            "SMB owners": {"aliases": ["smb", "small business owners", "small business"]},
        },
    },
}

_FACET_KEYS = ("key", "label", "description", "multiple", "required", "weight", "values")
_VALUE_KEYS = ("label", "slug", "description", "aliases", "keywords")
_FACET_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LENIENT = Severity.WARNING
"""A facet or value setting of the wrong type is a warning: its default serves, and the build goes on."""


@dataclass(frozen=True)
class Taxonomy:
    """The declared facets with fast lookups by id, front-matter key and spelling."""

    facets: tuple[Facet, ...]
    _by_id: dict[str, Facet] = field(init=False, repr=False, compare=False)
    _values: dict[str, Value] = field(init=False, repr=False, compare=False)
    _spellings: dict[str, dict[str, Value]] = field(init=False, repr=False, compare=False)
    _order: dict[str, int] = field(init=False, repr=False, compare=False)
    _resolved: dict[tuple[str, str], Value | None] = field(init=False, repr=False, compare=False)
    order: Callable[[str], int] = field(init=False, repr=False, compare=False)
    """Position of a value id in declaration order, facet by facet: the sort key of every value list, so
    a plain dict lookup (no Python call) as it runs for every value of every post and entry."""

    def __post_init__(self) -> None:
        values = [value for facet in self.facets for value in facet.values]
        object.__setattr__(self, "_by_id", {facet.id: facet for facet in self.facets})
        object.__setattr__(self, "_values", {value.id: value for value in values})
        object.__setattr__(self, "_order", {value.id: index for index, value in enumerate(values)})
        object.__setattr__(self, "order", self._order.__getitem__)
        spellings: dict[str, dict[str, Value]] = {}
        for facet in self.facets:
            table = spellings.setdefault(facet.id, {})
            for value in facet.values:
                for spelling in (value.label, value.slug, *value.aliases):
                    table.setdefault(fold(spelling), value)
        object.__setattr__(self, "_spellings", spellings)
        # Posts repeat the same few spellings thousands of times; remember each answer.
        object.__setattr__(self, "_resolved", {})

    @property
    def values(self) -> tuple[Value, ...]:
        return tuple(self._values.values())

    def facet(self, facet_id: str) -> Facet:
        return self._by_id[facet_id]

    def value(self, value_id: str) -> Value:
        return self._values[value_id]

    def has_facet(self, facet_id: str) -> bool:
        return facet_id in self._by_id

    def resolve(self, facet: Facet, spelling: str) -> Value | None:
        """The value a written spelling stands for, or None when it matches nothing."""
        key = (facet.id, spelling)
        if key not in self._resolved:
            self._resolved[key] = self._spellings[facet.id].get(fold(spelling))
        return self._resolved[key]

    def suggest(self, facet: Facet, spelling: str) -> Value | None:
        """The allowed value closest to a spelling that did not match, for "did you mean" hints."""
        table = self._spellings[facet.id]
        close = difflib.get_close_matches(fold(spelling), list(table), n=1, cutoff=0.6)
        return table[close[0]] if close else None


def load_taxonomy(
    config: Mapping[str, Any] | None,
    *,
    file: str = "mkdocs.yml",
    base: Sequence[PathStep] = (),
    locate: Locate | None = None,
) -> tuple[Taxonomy, list[Diagnostic]]:
    """Build the taxonomy from the `facets` config; defaults apply when none are declared.

    `base` is where the facets mapping sits in `file`, and `locate` turns a path into a line number.
    """
    problems = Problems(file, base, locate)
    return read_taxonomy(config, problems), problems.found


def read_taxonomy(config: Mapping[str, Any] | None, problems: Problems) -> Taxonomy:
    """The taxonomy from the `facets` config, its problems reported to `problems` (at the facets)."""
    return Taxonomy(tuple(_Loader(problems).facets(config or DEFAULT_FACETS)))


@dataclass
class _Loader:
    problems: Problems

    def facets(self, config: Any) -> list[Facet]:
        if not isinstance(config, Mapping):
            self.problems.error((), "must be a mapping of facet ids to facets")
            return []
        facets: list[Facet] = []
        keys: dict[str, str] = {}
        for facet_id, spec in config.items():
            facet = self.facet(str(facet_id), spec)
            if facet is None:
                continue
            if facet.key in keys:
                self.problems.error(
                    (facet.id, "key"),
                    f"front-matter key `{facet.key}` is already used by facet `{keys[facet.key]}`",
                    "give each facet its own `key`",
                )
                continue
            keys[facet.key] = facet.id
            facets.append(facet)
        return facets

    def facet(self, facet_id: str, spec: Any) -> Facet | None:
        path: tuple[PathStep, ...] = (facet_id,)
        if not _FACET_ID.match(facet_id):
            self.problems.error(
                path,
                f"facet id `{facet_id}` is used in URLs and must be lower-case letters, digits, - or _",
                f"rename it to `{slugify(facet_id) or 'facet'}`",
            )
            return None
        if not isinstance(spec, Mapping):
            self.problems.error(path, "must be a mapping with at least `values`")
            return None
        checked = self.problems.under(*path)
        checked.unknown_keys((), spec, _FACET_KEYS)
        values = self.values(facet_id, spec.get("values"))
        if not values:
            self.problems.error(
                (*path, "values"),
                "a facet needs at least one value",
                "list the allowed values, e.g. `values: [B2B, B2C]`",
            )
            return None
        return Facet(
            id=facet_id,
            key=checked.read(spec, "key", Text(facet_id, _LENIENT)),
            label=checked.read(spec, "label", Text(facet_id.replace("_", " ").replace("-", " ").title(), _LENIENT)),
            description=checked.read(spec, "description", Text("", _LENIENT)),
            multiple=checked.read(spec, "multiple", Flag(True, _LENIENT)),
            required=checked.read(spec, "required", Flag(False, _LENIENT)),
            weight=float(checked.read(spec, "weight", Number(1, _LENIENT))),
            values=tuple(values),
        )

    def values(self, facet_id: str, spec: Any) -> list[Value]:
        """Values come as a mapping `Label: {…}` or as a list of labels or `{label: …}` mappings."""
        path: tuple[PathStep, ...] = (facet_id, "values")
        entries: list[tuple[tuple[PathStep, ...], str, Mapping[str, Any]]] = []
        if isinstance(spec, Mapping):
            for label, value_spec in spec.items():
                if not _is_label(label):
                    self.problems.warning((*path, str(label)), "a value's label must be text; it is left out")
                    continue
                entries.append(((*path, str(label)), str(label), value_spec or {}))
        elif isinstance(spec, list):
            for index, item in enumerate(spec):
                if isinstance(item, Mapping) and _is_label(item.get("label")):
                    entries.append(((*path, index), str(item["label"]), item))
                elif _is_label(item):
                    entries.append(((*path, index), str(item), {}))
                else:
                    self.problems.warning((*path, index), "a value is a label or a mapping with `label`")
        elif spec is not None:
            self.problems.warning(path, "must be a list of labels or a mapping of labels to value settings")

        values: list[Value] = []
        slugs: dict[str, str] = {}
        spellings: dict[str, str] = {}
        for value_path, label, value_spec in entries:
            value = self.value(facet_id, value_path, label, value_spec)
            if value is None:
                continue
            if value.slug in slugs:
                self.problems.warning(
                    value_path,
                    f"`{label}` and `{slugs[value.slug]}` both get the URL slug `{value.slug}`; `{label}` is left out",
                    "give one of them its own `slug`",
                )
                continue
            named = [("label", value.label), ("slug", value.slug), *(("alias", alias) for alias in value.aliases)]
            clash = next(((kind, spelling) for kind, spelling in named if fold(spelling) in spellings), None)
            if clash:
                kind, spelling = clash
                what = f"`{label}`" if kind == "label" else f"the {kind} `{spelling}` of `{label}`"
                self.problems.warning(
                    value_path,
                    f"{what} already names `{spellings[fold(spelling)]}`; `{label}` is left out",
                    "a label, slug or alias may name only one value",
                )
                continue
            slugs[value.slug] = label
            for spelling in (value.label, value.slug, *value.aliases):
                spellings.setdefault(fold(spelling), label)
            values.append(value)
        return values

    def value(self, facet_id: str, path: tuple[PathStep, ...], label: str, spec: Any) -> Value | None:
        if not isinstance(spec, Mapping):
            self.problems.warning(
                path, "value settings must be a mapping (label, slug, description, aliases, keywords)"
            )
            return None
        checked = self.problems.under(*path)
        checked.unknown_keys((), spec, _VALUE_KEYS)
        slug = checked.read(spec, "slug", Text("", _LENIENT)) or slugify(label)
        if not slug or slugify(slug) != slug:
            self.problems.warning(
                path,
                f"`{label}` has no usable URL slug",
                f"set `slug:` to lower-case letters, digits and hyphens, e.g. `{slugify(slug) or 'value'}`",
            )
            return None
        return Value(
            facet=facet_id,
            slug=slug,
            label=checked.read(spec, "label", Text(label, _LENIENT)),
            description=checked.read(spec, "description", Text("", _LENIENT)),
            aliases=self.words(path, spec, "aliases"),
            keywords=self.words(path, spec, "keywords"),
        )

    def words(self, path: tuple[PathStep, ...], spec: Mapping[str, Any], key: str) -> tuple[str, ...]:
        """A list of spellings (a single one may be written without the list)."""
        raw = spec.get(key, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(_is_label(word) for word in raw):
            self.problems.warning((*path, key), f"{key} must be a list of words; they are ignored")
            return ()
        return tuple(str(word) for word in raw)


def _is_label(raw: Any) -> bool:
    return isinstance(raw, str | int | float) and not isinstance(raw, bool) and str(raw).strip() != ""
