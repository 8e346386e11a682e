"""The roundups' settings, checked: where subscriptions and the cache live, how to fetch, what to keep."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Diagnostic, Severity
from ..taxonomy import Locate, Taxonomy
from ..yamlpos import PathStep
from .curate import Rules, load_rules
from .options import FetchOptions, RefreshOptions

ROUNDUP_DEFAULTS: dict[str, Any] = {
    "subscriptions": "feeds/subscriptions.opml",
    "cache": "feeds/cache",
    "roundups_dir": "roundups",
    "group_by": "source",
    "around_the_web": 5,
    "refresh_on_build": False,
    "keep": 200,
    "max_age_days": 400,
    "connect_timeout": 10.0,
    "timeout": 30.0,
    "parse_timeout": 10.0,
    "concurrency": 100,
}
"""Option defaults, shared with the plugin's typed config."""


@dataclass(frozen=True)
class RoundupSettings:
    subscriptions: Path
    cache: Path
    roundups_dir: str
    """Under the docs folder, like `posts_dir`."""
    group_by: str
    """`source`, or a facet id."""
    around_the_web: int
    refresh_on_build: bool
    refresh: RefreshOptions
    rules: Rules


def load_roundup_settings(
    options: Mapping[str, Any],
    taxonomy: Taxonomy,
    root: Path,
    *,
    file: str = "mkdocs.yml",
    base: Sequence[PathStep] = (),
    locate: Locate | None = None,
) -> tuple[RoundupSettings, list[Diagnostic]]:
    """`root` is the folder of mkdocs.yml, which the subscriptions and cache paths are relative to."""
    where = locate or (lambda _path: None)
    diagnostics: list[Diagnostic] = []

    def option(key: str) -> Any:
        found = options.get(key)
        return ROUNDUP_DEFAULTS[key] if found is None else found

    def problem(key: str, message: str, hint: str) -> None:
        path = (*base, key)
        diagnostics.append(Diagnostic(file, where(path), ".".join(map(str, path)), message, hint, Severity.ERROR))

    group_by = str(option("group_by"))
    if group_by != "source" and not taxonomy.has_facet(group_by):
        facets = ", ".join(facet.id for facet in taxonomy.facets)
        problem("group_by", f"`{group_by}` is neither `source` nor a facet id", f"use `source` or one of {facets}")
        group_by = "source"
    numbers = {}
    for key in ("around_the_web", "keep", "max_age_days", "connect_timeout", "timeout", "parse_timeout", "concurrency"):
        value = option(key)
        least = 1 if key == "concurrency" else 0
        if isinstance(value, bool) or not isinstance(value, int | float) or value < least:
            problem(key, f"expected a number of {least} or more, got `{value!r}`",
                    f"the default is {ROUNDUP_DEFAULTS[key]}")  # fmt: skip
            value = ROUNDUP_DEFAULTS[key]
        numbers[key] = value
    rules, found = load_rules(options.get("rules"), file=file, base=(*base, "rules"), locate=where)
    diagnostics.extend(found)
    refresh = RefreshOptions(
        fetch=FetchOptions(connect_timeout=float(numbers["connect_timeout"]), total_timeout=float(numbers["timeout"])),
        parse_timeout=float(numbers["parse_timeout"]),
        keep=int(numbers["keep"]),
        max_age_days=int(numbers["max_age_days"]),
        concurrency=int(numbers["concurrency"]),
    )
    settings = RoundupSettings(
        subscriptions=root / str(option("subscriptions")),
        cache=root / str(option("cache")),
        roundups_dir=str(option("roundups_dir")).strip("/"),
        group_by=group_by,
        around_the_web=int(numbers["around_the_web"]),
        refresh_on_build=bool(option("refresh_on_build")),
        refresh=refresh,
        rules=rules,
    )
    return settings, diagnostics
