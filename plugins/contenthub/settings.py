"""The hub's settings, checked: the taxonomy, the timezone and the coverage facets."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .content.posts import PostOptions
from .model import Diagnostic, Severity
from .taxonomy import Locate, Taxonomy, load_taxonomy
from .yamlpos import PathStep

DEFAULTS: dict[str, Any] = {
    "posts_dir": "posts",
    "timezone": "UTC",
    "related_count": 5,
    "excerpt_length": 300,
    "facets_page": "facets",
    "knowledge_base_page": "knowledge-base",
}
"""Option defaults, shared with the plugin's typed config."""

MAX_FACETS = 31
"""The knowledge base's script keeps one bit per facet in a 32-bit integer."""

RESERVED_QUERY_NAMES = frozenset({"search", "sort"})
"""Query parameters the knowledge base uses besides facet ids."""


@dataclass(frozen=True)
class HubSettings:
    posts_dir: str
    taxonomy: Taxonomy
    post_options: PostOptions
    coverage: tuple[str, str] | None
    related_count: int


def load_settings(
    options: Mapping[str, Any],
    *,
    file: str = "mkdocs.yml",
    base: Sequence[PathStep] = (),
    locate: Locate | None = None,
) -> tuple[HubSettings, list[Diagnostic]]:
    """Check the taxonomy plugin's options; `base` is where they sit in `file`."""
    where = locate or (lambda _path: None)

    def problem(key: str, message: str, hint: str, severity: Severity = Severity.WARNING) -> Diagnostic:
        path = (*base, key)
        return Diagnostic(file, where(path), ".".join(map(str, path)), message, hint, severity)

    taxonomy, diagnostics = load_taxonomy(options.get("facets"), file=file, base=(*base, "facets"), locate=locate)

    def option(key: str) -> Any:
        found = options.get(key)
        return DEFAULTS[key] if found is None else found

    zone_name = str(option("timezone"))
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        diagnostics.append(
            problem(
                "timezone",
                f"unknown timezone `{zone_name}`",
                "use an IANA name such as `UTC`, `Europe/London` or `America/New_York`",
                Severity.ERROR,
            )
        )
        zone = ZoneInfo("UTC")

    coverage = _coverage(options.get("coverage"), taxonomy)
    if isinstance(coverage, str):
        diagnostics.append(problem("coverage", coverage, _coverage_hint(taxonomy)))
        coverage = None

    pages = {str(option(key)).strip("/") for key in ("posts_dir", "facets_page", "knowledge_base_page")}
    for facet in taxonomy.facets:
        if facet.id in pages:
            diagnostics.append(
                problem(
                    "facets",
                    f"facet `{facet.id}` would put its value pages under the `{facet.id}/` folder, "
                    "which another page of the hub already uses",
                    "rename the facet or move that page",
                    Severity.ERROR,
                )
            )

    for facet in taxonomy.facets:
        if facet.id in RESERVED_QUERY_NAMES:
            diagnostics.append(
                problem(
                    "facets",
                    f"facet id `{facet.id}` is taken by the knowledge base's URL query",
                    f"rename the facet; {', '.join(sorted(RESERVED_QUERY_NAMES))} are reserved",
                    Severity.ERROR,
                )
            )

    if len(taxonomy.facets) > MAX_FACETS:
        diagnostics.append(
            problem(
                "facets",
                f"{len(taxonomy.facets)} facets declared; the knowledge base handles at most {MAX_FACETS}",
                "merge facets, or use values within fewer facets",
                Severity.ERROR,
            )
        )

    for key in ("related_count", "excerpt_length"):
        if int(option(key)) < 0:
            diagnostics.append(problem(key, "must not be negative", "use 0 or more", Severity.ERROR))

    settings = HubSettings(
        taxonomy=taxonomy,
        posts_dir=str(option("posts_dir")).strip("/"),
        post_options=PostOptions(zone, zone_name, max(0, int(option("excerpt_length")))),
        coverage=coverage,
        related_count=max(0, int(option("related_count"))),
    )
    return settings, diagnostics


def _coverage(raw: Any, taxonomy: Taxonomy) -> tuple[str, str] | str | None:
    """The two coverage facets, None for no matrix, or a message saying what is wrong.

    Left unset, the matrix crosses the first two facets; an empty list turns it off.
    """
    if raw is None:
        ids = [facet.id for facet in taxonomy.facets]
        return (ids[0], ids[1]) if len(ids) >= 2 else None
    if raw == []:
        return None
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        return "needs exactly two facet ids (rows, then columns); the coverage matrix is left out"
    for facet_id in raw:
        if not taxonomy.has_facet(facet_id):
            known = [facet.id for facet in taxonomy.facets]
            close = difflib.get_close_matches(str(facet_id), known, n=1)
            guess = f" (did you mean `{close[0]}`?)" if close else ""
            return f"`{facet_id}` is not a declared facet{guess}; the coverage matrix is left out"
    if raw[0] == raw[1]:
        return "needs two different facets; the coverage matrix is left out"
    return (raw[0], raw[1])


def _coverage_hint(taxonomy: Taxonomy) -> str:
    ids = [facet.id for facet in taxonomy.facets]
    example = f"`coverage: [{ids[0]}, {ids[1]}]`" if len(ids) > 1 else "two facets"
    return f"write {example}; declared facets: {', '.join(ids) or 'none'}"
