"""The roundups' settings, checked: where subscriptions and the cache live, how to fetch, what to keep."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Diagnostic
from ..options import Count, Flag, Locate, Option, Problems, Seconds, Text, did_you_mean
from ..settings import path_problem
from ..syndication.feeds import Series
from ..taxonomy import Taxonomy
from ..views.hub import HubPage
from ..yamlpos import PathStep
from .options import FetchOptions, RefreshOptions
from .rules import Rules, load_rules

if TYPE_CHECKING:
    from ..hub import Hub

OPTIONS: dict[str, Option[Any]] = {
    "subscriptions": Text("feeds/subscriptions.opml"),
    "cache": Text("feeds/cache"),
    "roundups_dir": Text("roundups"),
    "group_by": Text("source"),
    "refresh_on_build": Flag(False),
    "around_the_web": Count(5),
    "keep_entries": Count(200),
    "max_age_days": Count(400, least=1),
    "concurrency": Count(100, least=1),
    "connect_timeout": Seconds(10.0),
    "timeout": Seconds(30.0),
    "parse_timeout": Seconds(10.0),
}
"""The options checked here, besides the rules. `around_the_web: 0` shows no outside entries on value
pages; `keep_entries: 0` keeps only the entries roundups picked."""
ROUNDUP_DEFAULTS: dict[str, Any] = {key: spec.default for key, spec in OPTIONS.items()}
"""Option defaults, shared with the plugin's typed config."""
NUMBERS = ("around_the_web", "keep_entries", "max_age_days", "concurrency", "connect_timeout", "timeout",
           "parse_timeout")  # fmt: skip
RENAMED = {"keep": "keep_entries"}
"""Old option names that still work, with a warning: `keep` said nothing of what it kept (and the rules
have a `keep` of their own)."""


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
        """A warning for each source id with rules that no subscription has (a typo, or a source since
        removed): its rules apply to nothing."""
        found = []
        for source_id, (file, line, key) in sorted(self.rules_for.items()):
            if source_id not in known:
                hint = did_you_mean(source_id, sorted(known)) or "`contenthub sources export` shows every id"
                message = f"no subscription has the id `{source_id}`, so its rules apply to nothing"
                found.append(Diagnostic(file, line, key, message, hint))
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
    problems = Problems(file, base, locate)
    written = {new: problems.renamed(options, old, new) for old, new in RENAMED.items()}

    def option(key: str) -> Any:
        return problems.read(options, written.get(key, key), OPTIONS[key])

    group_by = option("group_by")
    if group_by != "source" and not taxonomy.has_facet(group_by):
        facets = ", ".join(facet.id for facet in taxonomy.facets)
        problems.error(
            "group_by", f"`{group_by}` is neither `source` nor a facet id", f"use `source` or one of {facets}"
        )
        group_by = "source"
    numbers = {key: option(key) for key in NUMBERS}
    rules, found = load_rules(options.get("rules"), file=file, base=(*base, "rules"), locate=problems.locate)
    problems.found.extend(found)
    refresh = RefreshOptions(
        fetch=FetchOptions(connect_timeout=numbers["connect_timeout"], total_timeout=numbers["timeout"]),
        parse_timeout=numbers["parse_timeout"],
        keep_entries=numbers["keep_entries"],
        max_age_days=numbers["max_age_days"],
        concurrency=numbers["concurrency"],
    )
    rules_for = {source_id: problems.place(("rules", "sources", source_id)) for source_id in rules.sources}
    roundups_dir = option("roundups_dir").strip("/")
    facet_ids = [facet.id for facet in taxonomy.facets]
    clash = path_problem("roundups_dir", roundups_dir, "roundups", facet_ids, hub_paths or {})
    if clash:
        problems.error("roundups_dir", *clash)
        roundups_dir = ROUNDUP_DEFAULTS["roundups_dir"]
    settings = RoundupSettings(
        subscriptions=root / option("subscriptions"),
        cache=root / option("cache"),
        roundups_dir=roundups_dir,
        group_by=group_by,
        around_the_web=numbers["around_the_web"],
        refresh_on_build=option("refresh_on_build"),
        refresh=refresh,
        rules=rules,
        rules_for=rules_for,
    )
    return settings, problems.found


def register_roundups(hub: Hub, settings: RoundupSettings, site_name: str) -> None:
    """What the roundups add to a hub: their folder of posts, their index page, and a feed series."""
    text = hub.settings.messages.text
    hub.add_post_folder(settings.roundups_dir)  # stripped of slashes when read
    title, description = text("page.roundups"), text("page.roundups.description")
    hub.plan_page(HubPage(settings.roundups_dir, title, description, "roundups", made_by="contenthub/roundups"))
    series = Series(settings.roundups_dir, text("roundups.series"), text("roundups.series.description", site=site_name))
    hub.add_series(series)
