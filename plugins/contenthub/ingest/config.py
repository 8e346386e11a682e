"""The roundups' settings, checked: where subscriptions and the cache live, how to fetch, what to keep."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Diagnostic, Severity
from ..settings import path_problem
from ..syndication.feeds import Series
from ..taxonomy import Locate, Taxonomy
from ..views.hub import HubPage
from ..yamlpos import PathStep
from .options import FetchOptions, RefreshOptions
from .rules import Rules, load_rules

if TYPE_CHECKING:
    from ..hub import Hub

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

COUNTS = {"around_the_web": 0, "keep": 0, "max_age_days": 1, "concurrency": 1}
"""Whole-number options and the least each may be. `around_the_web: 0` shows none; `keep: 0` keeps only
the entries roundups picked."""
SECONDS = ("connect_timeout", "timeout", "parse_timeout")
MAX_SECONDS = 3600.0


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
    rules_for: Mapping[str, tuple[str, int | None, str]] = field(default_factory=dict)
    """Where each source id under `rules.sources` is written: (file, line, field). Only the subscriptions
    can tell whether it names a source, and they are read later (`unknown_rule_sources`)."""

    def unknown_rule_sources(self, known: Collection[str]) -> list[Diagnostic]:
        """A warning for each source id with rules that no subscription has (a typo, or a blog since
        removed): its rules apply to nothing."""
        found = []
        for source_id, (file, line, key) in sorted(self.rules_for.items()):
            if source_id not in known:
                close = difflib.get_close_matches(source_id, sorted(known), n=1)
                hint = f"did you mean `{close[0]}`?" if close else "`contenthub feeds export` shows every id"
                found.append(Diagnostic(file, line, key, f"no subscription has the id `{source_id}`, so its rules "
                                        "apply to nothing", hint, Severity.WARNING))  # fmt: skip
        return found


def load_roundup_settings(
    options: Mapping[str, Any],
    taxonomy: Taxonomy,
    root: Path,
    *,
    file: str = "mkdocs.yml",
    base: Sequence[PathStep] = (),
    locate: Locate | None = None,
    hub_paths: Mapping[str, str] | None = None,
) -> tuple[RoundupSettings, list[Diagnostic]]:
    """`root` is the folder of mkdocs.yml, which the subscriptions and cache paths are relative to;
    `hub_paths` are the taxonomy's folders and pages (`HubSettings.paths`), which `roundups_dir` must
    leave alone."""
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
    numbers: dict[str, Any] = {}
    for key, least in COUNTS.items():
        value = option(key)
        # YAML's `true` is an int to Python, and `5.5` entries or days mean nothing: whole numbers only.
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            problem(key, f"expected a whole number of {least} or more, got `{value!r}`",
                    f"the default is {ROUNDUP_DEFAULTS[key]}")  # fmt: skip
            value = ROUNDUP_DEFAULTS[key]
        numbers[key] = value
    for key in SECONDS:
        value = option(key)
        # The chained comparison also refuses `.nan` (no comparison holds) and `.inf`; a wait longer than the
        # cap is no use, and too long for the operating system's timers (they overflow).
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_SECONDS:
            problem(key, f"expected a number of seconds above 0 and at most {MAX_SECONDS:g}, got `{value!r}`",
                    f"the default is {ROUNDUP_DEFAULTS[key]:g}")  # fmt: skip
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
    rules_for = {}
    for source_id in rules.sources:
        path = (*base, "rules", "sources", source_id)
        rules_for[source_id] = (file, where(path), ".".join(map(str, path)))
    roundups_dir = str(option("roundups_dir")).strip("/")
    facet_ids = [facet.id for facet in taxonomy.facets]
    clash = path_problem("roundups_dir", roundups_dir, "roundups", facet_ids, hub_paths or {})
    if clash:
        problem("roundups_dir", *clash)
        roundups_dir = ROUNDUP_DEFAULTS["roundups_dir"]
    settings = RoundupSettings(
        subscriptions=root / str(option("subscriptions")),
        cache=root / str(option("cache")),
        roundups_dir=roundups_dir,
        group_by=group_by,
        around_the_web=int(numbers["around_the_web"]),
        refresh_on_build=bool(option("refresh_on_build")),
        refresh=refresh,
        rules=rules,
        rules_for=rules_for,
    )
    return settings, diagnostics


def register_roundups(hub: Hub, settings: RoundupSettings, site_name: str) -> None:
    """What the roundups add to a hub: their folder of posts, their index page, and a feed series."""
    text = hub.settings.messages.text
    hub.add_post_folder(settings.roundups_dir)
    folder = settings.roundups_dir.strip("/")
    title, description = text("page.roundups"), text("page.roundups.description")
    hub.plan_page(HubPage(folder, title, description, "roundups", made_by="contenthub/roundups"))
    series = Series(settings.roundups_dir, text("roundups.series"), text("roundups.series.description", site=site_name))
    hub.add_series(series)
