"""Bad input to the roundups (a hand-edited cache or health record, wrong settings and rules, impossible
periods, hostile ids and titles in a draft) is reported with its file, line and fix, and never crashes."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import frontmatter
import pytest
import yaml
from mkdocs.utils.meta import get_data

from contenthub.content.frontmatter import split_front_matter
from contenthub.ingest.cache import SourceCache
from contenthub.ingest.cache_file import cache_path, load_cache, save_cache
from contenthub.ingest.config import ROUNDUP_DEFAULTS, load_roundup_settings
from contenthub.ingest.draft import draft_roundup
from contenthub.ingest.health import HEALTH_FILE, SKIP_AFTER, Health, load_health, save_health
from contenthub.ingest.options import RefreshOptions
from contenthub.ingest.periods import Period, read_roundup
from contenthub.ingest.refresh import Curation, refresh, run_to_end
from contenthub.ingest.rules import load_rules
from contenthub.ingest.stories import Story, StoryIndex
from contenthub.messages import load_messages
from contenthub.model import Entry, Severity, Source
from contenthub.taxonomy import load_taxonomy
from contenthub.yamlpos import YamlPositions
from feeds_server import rss

from conftest import Site, base_config, content, front_matter

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
FACETS = {
    "market": {"values": {"B2B": {}, "B2C": {}}, "required": True},
    "channel": {"values": {"LinkedIn": {}, "Email": {}}},
    "format": {"multiple": False, "values": {"Guide": {}, "News": {}}},
}
TAXONOMY, _ = load_taxonomy(FACETS)
SUBSCRIPTIONS = """<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0" xmlns:contenthub="https://pypi.org/project/mkdocs-contenthub/"><head><title>S</title></head>
<body><outline type="rss" text="Alpha Notes" xmlUrl="alpha.xml" htmlUrl="https://alpha.example/"
  contenthub:id="alpha"/></body></opml>"""

ENGLISH, _ = load_messages("en")


def entry(entry_id: str = "a1", **fields: Any) -> Entry:
    base: dict[str, Any] = {
        "source": "alpha",
        "url": f"https://alpha.example/{entry_id}",
        "title": "Selling on LinkedIn",
        "published": datetime(2026, 11, 17, 9, tzinfo=UTC),
        "first_seen": NOW,
        "categories": ("LinkedIn",),
        "content_hash": "h",
    }
    return Entry(entry_id, **(base | fields))


def write_cache(folder: Path) -> Path:
    cache = SourceCache("alpha", "alpha.xml", "Alpha Notes", entries={"a1": entry()}, dropped={"x": "https://x/"})
    cache.values = {"a1": ("channel/linkedin",)}
    path = cache_path(folder, "alpha")
    save_cache(path, cache)
    return path


def edited(path: Path, change: Any) -> None:
    """Rewrite the cache file with `change` applied to its JSON, one entry a line (as refresh writes it),
    so that the first entry is on line 3."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    items = data.pop("entries")
    listed = "[\n" + ",\n".join(f"  {json.dumps(item)}" for item in items) + "\n ]"
    entries = listed if isinstance(items, list) else json.dumps(items)
    path.write_text(f'{json.dumps(data)[:-1]},\n "entries": {entries}\n}}\n', encoding="utf-8")


def first(data: dict[str, Any]) -> dict[str, Any]:
    return data["entries"][0]


# -- 1. the cache and the health record ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "why", "on_entry_line"),
    [
        (lambda d: first(d).update(title=5), "entry 1 (`a1`): `title` is `5`, not a string", True),
        (lambda d: first(d).update(url=None), "entry 1 (`a1`): `url` is `null`, not a string", True),
        (lambda d: first(d).update(id=7), "entry 1: `id` is `7`, not a string", True),
        (lambda d: first(d).update(author=["Ann"]), "`author` is a list, not a string", True),
        (lambda d: first(d).update(categories="LinkedIn"), '`categories` is `"LinkedIn"`, not a list', True),
        (lambda d: first(d).update(categories=["LinkedIn", 3]), "`categories` is a list, not a list of str", True),
        (
            lambda d: first(d).update(published="2026-11-17T09:00:00"),
            '`published` is `"2026-11-17T09:00:00"`, not an ISO date with a timezone',
            True,
        ),
        (lambda d: first(d).update(updated=1700000000), "`updated` is `1700000000`, not an ISO date", True),
        (lambda d: first(d).update(first_seen="yesterday"), '`first_seen` is `"yesterday"`', True),
        (lambda d: first(d).update(first_seen=""), '`first_seen` is `""`, not an ISO date', True),
        (
            lambda d: first(d).update(published="9999-12-31T23:00:00+00:00"),
            'entry 1 (`a1`): `published` is `"9999-12-31T23:00:00+00:00"`, a date outside the years 2 to 9998',
            True,
        ),
        (
            lambda d: first(d).update(updated="0001-01-01T00:00:00+01:00"),
            '`updated` is `"0001-01-01T00:00:00+01:00"`, a date outside the years 2 to 9998',
            True,
        ),
        (lambda d: first(d).update(first_seen="9999-01-01T00:00:00Z"), '`first_seen` is `"9999-01-01T', True),
        (lambda d: first(d).update(values="channel/linkedin"), '`values` is `"channel/linkedin"`, not a list', True),
        (lambda d: first(d).update(values=[1]), "`values` is a list, not a list of value ids", True),
        (lambda d: first(d).pop("excerpt"), "entry 1 (`a1`) has no `excerpt`", True),
        (lambda d: d["entries"].append("text"), 'entry 2 is `"text"`, not an object', False),
        (lambda d: d.update(entries={"a1": {}}), "`entries` is an object, not a list", False),
        (lambda d: d.update(dropped={"x": "https://x/"}), "`dropped` is an object, not a list", False),
        (lambda d: d.update(dropped=[["x"]]), "`dropped` item 1 is not an object with a string `id`", False),
        (lambda d: d.update(dropped=[{"id": 5}]), "`dropped` item 1 is not an object with a string `id`", False),
        (lambda d: d.update(http={"etag": 5}), "`http` must be an object of strings", False),
        (lambda d: d.update(title=["Alpha"]), "`title` is a list, not a string", False),
        (lambda d: d.update(classified=3), "`classified` is `3`, not a string", False),
    ],
)
def test_a_cache_of_the_wrong_types_is_named_with_what_is_wrong(tmp_path: Path, change, why, on_entry_line):
    path = write_cache(tmp_path)
    edited(path, change)
    cache, problem = load_cache(path, "alpha")
    assert cache is None and problem is not None
    assert problem.file == str(path)
    assert problem.message.startswith("the cache file cannot be used: its contents are not a contenthub cache (")
    assert why in problem.message
    assert problem.line == (3 if on_entry_line else None), "the entry's own line, in the layout refresh writes"


def test_an_entry_at_fault_is_named_at_its_line_though_a_title_before_holds_a_line_separator(tmp_path: Path):
    path = write_cache(tmp_path)
    edited(path, lambda d: d["entries"].insert(0, {**first(d), "id": "a0", "title": "Line\u2028separated"}))
    edited(path, lambda d: d["entries"][1].update(title=5))
    path.write_text(path.read_text(encoding="utf-8").replace("\\u2028", "\u2028"), encoding="utf-8")
    assert "\u2028" in path.read_text(encoding="utf-8")
    cache, problem = load_cache(path, "alpha")
    assert cache is None and problem is not None
    assert "entry 2 (`a1`): `title` is `5`, not a string" in problem.message
    assert problem.line == 4


def test_a_cache_and_a_health_record_saved_with_a_bom_still_load(tmp_path: Path):
    path = write_cache(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    cache, problem = load_cache(path, "alpha")
    assert problem is None and cache is not None and list(cache.entries) == ["a1"]
    save_health(tmp_path, {"alpha": Health(errors=2, last_error="HTTP 500")})
    (tmp_path / HEALTH_FILE).write_bytes(b"\xef\xbb\xbf" + (tmp_path / HEALTH_FILE).read_bytes())
    health, problem = load_health(tmp_path)
    assert problem is None and health["alpha"].errors == 2


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_invalid_json_in_a_cache_is_named_at_its_line_whatever_ends_the_lines(tmp_path: Path, newline: str):
    path = tmp_path / "alpha.json"
    path.write_bytes(newline.join(["{", '  "version": 1,', '  "entries": [', '    {"id": oops}', "]}"]).encode())
    cache, problem = load_cache(path, "alpha")
    assert cache is None and problem is not None
    assert problem.line == 4
    assert "it is not valid JSON (line 4: Expecting value)" in problem.message


def test_a_cache_as_refresh_writes_it_still_loads_whole(tmp_path: Path):
    path = write_cache(tmp_path)
    cache, problem = load_cache(path, "alpha")
    assert problem is None and cache is not None
    assert cache.entries == {"a1": entry()} and cache.values == {"a1": ("channel/linkedin",)}
    assert cache.dropped == {"x": "https://x/"}


def test_a_cache_with_dates_at_the_ends_that_any_timezone_can_show_loads(tmp_path: Path):
    path = write_cache(tmp_path)
    early, late = "0002-01-01T00:00:00+14:00", "9998-12-31T23:59:59-12:00"
    edited(path, lambda d: first(d).update(published=early, updated=late, first_seen=late))
    cache, problem = load_cache(path, "alpha")
    assert problem is None and cache is not None
    assert cache.entries["a1"].published == datetime.fromisoformat(early)
    assert cache.entries["a1"].updated == datetime.fromisoformat(late)


def test_a_build_in_tokyo_with_a_cache_dated_at_the_end_of_the_calendar_names_it_and_goes_on(tmp_path: Path):
    site = roundup_site(tmp_path, zone="Asia/Tokyo")
    path = tmp_path / "feeds/cache/alpha.json"
    edited(path, lambda d: first(d).update(published="9999-12-31T23:00:00+00:00"))
    built = site.build()
    assert "Traceback" not in built.stderr and "OverflowError" not in built.stderr
    assert ("feeds/cache/alpha.json:3: the cache file cannot be used: its contents are not a contenthub cache "
            '(entry 1 (`a1`): `published` is `"9999-12-31T23:00:00+00:00"`, a date outside the years 2 to 9998)'
            ) in built.stderr  # fmt: skip


def test_a_feed_dated_at_the_end_of_the_calendar_refreshes_and_builds_in_tokyo(tmp_path: Path):
    site = roundup_site(tmp_path, zone="Asia/Tokyo")
    (tmp_path / "feeds/cache/alpha.json").unlink()
    (tmp_path / "feeds/alpha.xml").write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Alpha</title><link>https://alpha.example/</link><description>d</description>
<item><title>Selling on LinkedIn</title><link>https://alpha.example/a1</link><guid>a1</guid>
<category>LinkedIn</category><pubDate>Fri, 31 Dec 9999 23:00:00 GMT</pubDate></item></channel></rss>""",
        encoding="utf-8",
    )
    refreshed = site.contenthub("sources", "refresh")
    assert refreshed.returncode == 0 and "Traceback" not in refreshed.stderr, refreshed.stderr
    cache, problem = load_cache(tmp_path / "feeds/cache/alpha.json", "alpha")
    assert problem is None and cache is not None
    (stored,) = cache.entries.values()
    assert (stored.published, stored.updated) == (None, None) and stored.first_seen is not None, "first seen today"
    built = site.build()
    assert "Traceback" not in built.stderr
    shown = content(site.html("channel/linkedin/")).select(".ch-story")
    assert [story.select_one(".ch-card__title").get_text() for story in shown] == ["Selling on LinkedIn"]


def test_a_build_with_a_cache_of_the_wrong_types_names_it_and_goes_on(tmp_path: Path):
    site = roundup_site(tmp_path)
    path = tmp_path / "feeds/cache/alpha.json"
    edited(path, lambda d: first(d).update(title=5))
    before = path.read_text(encoding="utf-8")
    built = site.build()
    assert "Traceback" not in built.stderr
    assert ("feeds/cache/alpha.json:3: the cache file cannot be used: its contents are not a contenthub cache "
            "(entry 1 (`a1`): `title` is `5`, not a string)") in built.stderr  # fmt: skip
    assert path.read_text(encoding="utf-8") == before, "left as it is, for a human to fix"


def test_an_id_no_utf8_can_hold_is_cached_and_read_back(tmp_path: Path):
    """A JSON Feed may send a lone surrogate in an id; refresh wrote the cache as UTF-8 and crashed."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {"id": "a\ud800b", "url": "https://j.example/a", "title": "T", "date_published": "2026-11-17T09:00:00Z"}
        ],
    }
    (tmp_path / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    source = Source("j", "J", "feed.json")
    refreshed = run_to_end(refresh([source], tmp_path / "cache", tmp_path, RefreshOptions(), Curation(), NOW))
    assert [outcome.status for outcome in refreshed.outcomes] == ["new entries"]
    cache, problem = load_cache(cache_path(tmp_path / "cache", "j"), "j")
    assert problem is None and list(cache.entries) == ["a\ud800b"]


def test_a_huge_age_limit_keeps_everything_rather_than_crash(tmp_path: Path):
    (tmp_path / "alpha.xml").write_bytes(rss("Alpha", ("a1", "Selling on LinkedIn", "LinkedIn")))
    options = RefreshOptions(max_age_days=10**9)
    run_to_end(refresh([Source("alpha", "A", "alpha.xml")], tmp_path / "c", tmp_path, options, Curation(), NOW))
    cache, _ = load_cache(cache_path(tmp_path / "c", "alpha"), "alpha")
    assert list(cache.entries) == ["a1"]


HEALTHY = {"last_success": "2026-11-20T10:00:00+00:00", "last_attempt": None, "errors": 0, "last_error": "",
           "gone": False, "moved_to": ""}  # fmt: skip


@pytest.mark.parametrize(
    ("record", "why"),
    [
        ({"errors": "3"}, '`errors` is `"3"`, not a count'),
        ({"errors": True}, "`errors` is `true`, not a count"),
        ({"errors": -1}, "`errors` is `-1`, not a count"),
        ({"gone": "no"}, '`gone` is `"no"`, not true or false'),
        ({"last_success": 1700000000}, "`last_success` is `1700000000`, not an ISO date"),
        ({"last_attempt": "2026-11-20T10:00:00"}, "not an ISO date with a timezone"),
        ({"last_error": None}, "`last_error` is `null`, not a string"),
        ({"surprise": 1}, "unknown field `surprise`"),
    ],
)
def test_a_health_record_of_the_wrong_types_starts_afresh_and_says_why(tmp_path: Path, record, why):
    text = json.dumps({"version": 1, "sources": {"alpha": HEALTHY | record}})
    (tmp_path / HEALTH_FILE).write_text(text, encoding="utf-8")
    health, problem = load_health(tmp_path)
    assert health == {} and problem is not None and problem.file.endswith(HEALTH_FILE)
    assert "the health record cannot be read" in problem.message and why in problem.message


def test_a_refresh_survives_a_health_record_of_the_wrong_types(tmp_path: Path):
    """`"errors": "3"` used to reach `errors >= SKIP_AFTER` and stop the whole refresh with a TypeError."""
    (tmp_path / "alpha.xml").write_bytes(rss("Alpha", ("a1", "Selling on LinkedIn", "LinkedIn")))
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / HEALTH_FILE).write_text(json.dumps({"version": 1, "sources": {"alpha": {"errors": "3"}}}))
    refreshed = run_to_end(
        refresh([Source("alpha", "A", "alpha.xml")], cache, tmp_path, RefreshOptions(), Curation(), NOW)
    )
    assert [outcome.status for outcome in refreshed.outcomes] == ["new entries"]
    assert "the health record cannot be read" in refreshed.problems[0].message


# -- 2. the settings ------------------------------------------------------------------------------------


CONFIG = """\
plugins:
  - contenthub/roundups:
      around_the_web: 4
      keep_entries: 200
      max_age_days: 400
      connect_timeout: 10
      timeout: 30
      parse_timeout: 10
      concurrency: 100
"""


def settings_with(key: str, value: Any) -> tuple[Any, list[Any]]:
    options = yaml.safe_load(CONFIG)["plugins"][0]["contenthub/roundups"] | {key: value}
    base = ("plugins", 0, "contenthub/roundups")
    return load_roundup_settings(options, TAXONOMY, Path("."), base=base, locate=YamlPositions(CONFIG).line)


SETTING_LINES = {line.split(":")[0].strip(): n for n, line in enumerate(CONFIG.splitlines(), 1) if n > 2}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        *[(key, bad) for key in ("connect_timeout", "timeout", "parse_timeout")
          for bad in (True, math.nan, math.inf, 0, -1, "30", 10**6)],
        ("around_the_web", -1), ("around_the_web", 2.5), ("around_the_web", True),
        ("keep_entries", -1), ("keep_entries", 10.0), ("keep_entries", False),
        ("max_age_days", 0), ("max_age_days", 1.5), ("max_age_days", "400"),
        ("concurrency", 0), ("concurrency", True), ("concurrency", 4.0),
    ],
)  # fmt: skip
def test_bad_numbers_in_the_settings_name_the_line_and_the_default(key, value):
    settings, problems = settings_with(key, value)
    (problem,) = problems
    assert (problem.file, problem.line, problem.field) == ("mkdocs.yml", SETTING_LINES[key],
                                                          f"plugins.0.contenthub/roundups.{key}")  # fmt: skip
    assert problem.severity is Severity.ERROR and "the default is" in problem.hint
    assert problem.message.startswith("expected a ")
    options = settings.refresh
    used = {
        "around_the_web": settings.around_the_web, "keep_entries": options.keep_entries,
        "max_age_days": options.max_age_days,
        "connect_timeout": options.fetch.connect_timeout, "timeout": options.fetch.total_timeout,
        "parse_timeout": options.parse_timeout, "concurrency": options.concurrency,
    }  # fmt: skip
    assert used[key] == ROUNDUP_DEFAULTS[key], "the default is used"


def test_the_old_name_keep_still_works_with_a_warning_at_its_line_naming_the_new_one():
    config = CONFIG.replace("keep_entries: 200", "keep: 7")
    options = yaml.safe_load(config)["plugins"][0]["contenthub/roundups"]
    base = ("plugins", 0, "contenthub/roundups")
    settings, problems = load_roundup_settings(
        options, TAXONOMY, Path("."), base=base, locate=YamlPositions(config).line
    )
    assert settings.refresh.keep_entries == 7
    assert [(p.line, p.field, p.severity, p.message, p.hint) for p in problems] == [
        (4, "plugins.0.contenthub/roundups.keep", Severity.WARNING,
         "`keep` is now called `keep_entries`; the old name still works, for now", "rename it: `keep_entries: 7`"),
    ]  # fmt: skip
    # A bad value under the old name is reported where it is written.
    _, problems = load_roundup_settings(options | {"keep": -1}, TAXONOMY, Path("."), base=base,
                                        locate=YamlPositions(config).line)  # fmt: skip
    assert [(p.line, p.field, p.severity) for p in problems] == [
        (4, "plugins.0.contenthub/roundups.keep", Severity.WARNING),
        (4, "plugins.0.contenthub/roundups.keep", Severity.ERROR),
    ]


def test_both_the_old_and_the_new_name_is_an_error_and_the_new_one_is_used():
    settings, problems = settings_with("keep", 7)
    assert settings.refresh.keep_entries == 200
    assert [(p.field, p.severity, p.message, p.hint) for p in problems] == [
        ("plugins.0.contenthub/roundups.keep", Severity.ERROR,
         "`keep` is the old name of `keep_entries`, which is given too", "remove `keep`"),
    ]  # fmt: skip


HUB_PATHS = {"posts_dir": "posts", "facets_page": "facets", "knowledge_base_page": "knowledge-base"}


@pytest.mark.parametrize(
    ("roundups_dir", "hub_paths", "message"),
    [
        ("", HUB_PATHS, "`` is not a usable folder path"),
        ("round ups", HUB_PATHS, "`round ups` is not a usable folder path"),
        ("../outside", HUB_PATHS, "`../outside` is not a usable folder path"),
        ("market/roundups", HUB_PATHS,
         "`market/roundups` is inside the `market/` folder, where that facet's value pages go"),
        ("posts", HUB_PATHS, "`posts` is also `posts_dir`"),
        ("knowledge-base", HUB_PATHS, "`knowledge-base` is also `knowledge_base_page`"),
        ("posts/web", HUB_PATHS, "`posts/web` is inside `posts_dir` (`posts`), whose pages are all posts"),
        ("posts/index", HUB_PATHS, "`posts/index` is inside `posts_dir` (`posts`), whose pages are all posts"),
        ("blog", HUB_PATHS | {"posts_dir": "blog/posts"},
         "`posts_dir` (`blog/posts`) is inside `blog`, whose pages would all be posts"),
        ("web", HUB_PATHS | {"facets_page": "web/facets"},
         "`facets_page` (`web/facets`) is inside `web`, whose pages would all be posts"),
        ("web", HUB_PATHS | {"facets_page": "web/index"},
         "`facets_page` (`web/index`) is inside `web`, whose pages would all be posts"),
    ],
)  # fmt: skip
def test_a_roundups_folder_that_clashes_with_the_hub_is_an_error_on_its_line(roundups_dir, hub_paths, message):
    options = yaml.safe_load(CONFIG)["plugins"][0]["contenthub/roundups"] | {"roundups_dir": roundups_dir}
    config = CONFIG + f"      roundups_dir: {json.dumps(roundups_dir)}\n"
    base = ("plugins", 0, "contenthub/roundups")
    settings, problems = load_roundup_settings(
        options, TAXONOMY, Path("."), base=base, locate=YamlPositions(config).line, hub_paths=hub_paths
    )
    assert [(p.line, p.field, p.severity, p.message) for p in problems] == [
        (len(config.splitlines()), "plugins.0.contenthub/roundups.roundups_dir", Severity.ERROR, message)
    ]
    assert settings.roundups_dir == "roundups", "the default stands in, so the rest can still be checked"


@pytest.mark.parametrize(
    ("roundups_dir", "hub_paths"),
    [("roundups", HUB_PATHS), ("/web/roundups/", HUB_PATHS), ("facets/web", HUB_PATHS), ("posts-web", HUB_PATHS),
     ("web", HUB_PATHS | {"facets_page": "posts/index"})],
)  # fmt: skip
def test_a_roundups_folder_beside_the_hub_or_inside_a_page_folder_is_fine(roundups_dir, hub_paths):
    options = {"roundups_dir": roundups_dir}
    settings, problems = load_roundup_settings(options, TAXONOMY, Path("."), hub_paths=hub_paths)
    assert problems == [] and settings.roundups_dir == roundups_dir.strip("/")


def test_a_build_with_the_roundups_inside_the_posts_stops_on_it_without_fetching(tmp_path: Path):
    site = roundup_site(tmp_path, roundups_dir="posts/roundups", refresh_on_build=True)
    cache = tmp_path / "feeds/cache"

    def files() -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in cache.iterdir()}

    before = files()
    result = site.build(check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "roundups.roundups_dir: `posts/roundups` is inside `posts_dir` (`posts`)" in result.stderr
    assert files() == before, "no refresh was tried: it would have stored the attempt"
    (tmp_path / "fixed").mkdir()
    roundup_site(tmp_path / "fixed", refresh_on_build=True).build()
    assert HEALTH_FILE in {path.name for path in (tmp_path / "fixed/feeds/cache").iterdir()}, "a refresh stores it"


@pytest.mark.parametrize(
    ("key", "value"),
    [("around_the_web", 0), ("keep_entries", 0), ("max_age_days", 1), ("concurrency", 1), ("timeout", 0.5),
     ("parse_timeout", 3600)],
)  # fmt: skip
def test_the_least_and_most_each_number_may_be_are_accepted(key, value):
    _, problems = settings_with(key, value)
    assert problems == []


def roundup_site(root: Path, zone: str = "UTC", **options: Any) -> Site:
    """A hub following one local feed (no network), with a cache as a refresh would leave it."""
    site = Site(root)
    config = base_config(facets=FACETS, timezone=zone)
    config["plugins"].append({"contenthub/roundups": {"max_age_days": 100000, **options}})
    site.configure(config)
    site.write("index.md", "# Home\n")
    site.post("ours", date="2026-11-01", market="B2B")
    (root / "feeds").mkdir()
    (root / "feeds/alpha.xml").write_bytes(rss("Alpha", ("a1", "Selling on LinkedIn", "LinkedIn")))
    (root / "feeds/subscriptions.opml").write_text(SUBSCRIPTIONS, encoding="utf-8")
    write_cache(root / "feeds/cache")
    return site


def test_a_timeout_that_is_not_a_number_fails_the_build_naming_mkdocs_yml_and_its_line(tmp_path: Path):
    site = roundup_site(tmp_path)
    lines = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip() == "max_age_days: 100000") + 1
    lines.insert(line - 1, lines[line - 2].replace("max_age_days: 100000", "timeout: .nan"))
    (tmp_path / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = site.build(check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"mkdocs.yml:{line}: plugins.contenthub/roundups.timeout: expected a number of seconds" in result.stderr


# -- 3. the rules -----------------------------------------------------------------------------------------


def rules_problems(config: Any) -> list[tuple[str, str, str, Severity]]:
    _, problems = load_rules(config, file="mkdocs.yml", base=("rules",), locate=lambda path: len(path))
    return [(p.field, p.message, p.hint, p.severity) for p in problems]


def test_unknown_keys_in_the_rules_are_errors_with_a_guess():
    found = rules_problems(
        {
            "blok": [{"title": "x"}],
            "blocks": [],
            "sources": {"alpha": {"kep": [{"title": "y"}], "block": [{"titel": "z", "author": "a"}]}},
        }
    )
    assert ("rules.blok", "unknown key `blok`", "did you mean `block`? keys: keep, block, sources",
            Severity.ERROR) in found  # fmt: skip
    assert ("rules.blocks", "unknown key `blocks`", "did you mean `block`? keys: keep, block, sources",
            Severity.ERROR) in found  # fmt: skip
    assert ("rules.sources.alpha.kep", "unknown key `kep`", "did you mean `keep`? keys: keep, block",
            Severity.ERROR) in found  # fmt: skip
    assert ("rules.sources.alpha.block.0.titel", "unknown field `titel`",
            "did you mean `title`? fields: title, content, author, categories", Severity.ERROR) in found  # fmt: skip
    assert len(found) == 4


@pytest.mark.parametrize(
    ("config", "field", "message"),
    [
        ({"sources": {"alpha": [{"title": "x"}]}}, "rules.sources.alpha", "a source's rules are a mapping"),
        ({"sources": {"alpha": "block"}}, "rules.sources.alpha", "a source's rules are a mapping"),
        ({"block": [{"title": 5}]}, "rules.block.0.title", "expected a regex as non-empty text, got `5`"),
        ({"block": [{"title": ["a"]}]}, "rules.block.0.title", "expected a regex as non-empty text"),
        ({"block": [{"title": None}]}, "rules.block.0.title", "expected a regex as non-empty text, got `null`"),
        ({"keep": [{"author": ""}]}, "rules.keep.0.author", "expected a regex as non-empty text, got `''`"),
        ({"keep": [{"author": "  "}]}, "rules.keep.0.author", "expected a regex as non-empty text"),
        ({"block": [{"title": "("}]}, "rules.block.0.title", "`(` is not a valid regex"),
        ({"block": [{"title": "a{99999999999}"}]}, "rules.block.0.title", "is not a valid regex"),
        ({"block": [{"title": "(" * 5000 + ")" * 5000}]}, "rules.block.0.title", "is not a valid regex"),
    ],
)
def test_rules_that_cannot_be_used_are_errors(config, field, message):
    found = rules_problems(config)
    assert len(found) == 1 and found[0][0] == field and message in found[0][1] and found[0][3] is Severity.ERROR


def test_an_empty_regex_never_passes_as_a_rule_matching_everything():
    rules, _ = load_rules({"block": [{"title": ""}]}, file="mkdocs.yml", base=(), locate=lambda path: None)
    assert rules.passes(entry()), "an empty block regex would have blocked every entry"


def test_rules_for_a_source_no_subscription_has_are_a_warning_with_its_line(tmp_path: Path):
    site = roundup_site(tmp_path, rules={"sources": {"alpah": {"block": [{"title": "x"}]}, "alpha": {}}})
    lines = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip() == "alpah:")
    expected = (f"mkdocs.yml:{line}: plugins.contenthub/roundups.rules.sources.alpah: no subscription has the id "
                "`alpah`, so its rules apply to nothing (did you mean `alpha`?)")  # fmt: skip
    checked = site.contenthub("check")
    assert expected in checked.stdout
    built = site.build()
    assert f"WARNING -  contenthub: {expected}" in built.stderr
    assert "rules.sources.alpha:" not in built.stderr, "a known id is no problem"


# -- 4. periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["9999-W53", "9999-W52", "0000-01", "0000-W01", "10000-01", "9999-12"])
def test_periods_the_calendar_cannot_hold_are_refused(text):
    assert Period.parse(text) is None


def test_the_first_and_last_periods_it_can_hold_read_back_from_their_labels():
    for text in ("0001-01", "0001-W01", "9999-11"):
        period = Period.parse(text)
        assert period is not None and Period.parse(period.label) == period and period.label == text


def test_a_roundup_file_or_command_with_an_impossible_period_is_reported(tmp_path: Path):
    spec, problems = read_roundup("roundups/9999-12.md", {}, lambda *path: None)
    assert spec is None and "`9999-12` is not a week or a month" in problems[0].message
    site = roundup_site(tmp_path)
    drafted = site.contenthub("roundup", "draft", "--month", "9999-12")
    assert drafted.returncode == 2 and "Traceback" not in drafted.stderr
    assert "`9999-12` is not a month like 2026-11" in drafted.stderr


def test_a_draft_that_cannot_be_written_is_an_error_naming_the_file_not_a_traceback(tmp_path: Path):
    site = roundup_site(tmp_path)
    (site.docs / "roundups").mkdir(parents=True, exist_ok=True)
    (site.docs / "roundups/2026-11.md").mkdir()  # a folder where the draft would go
    drafted = site.contenthub("roundup", "draft", "--month", "2026-11", "--force")
    assert drafted.returncode == 2 and "Traceback" not in drafted.stderr
    assert "cannot write" in drafted.stderr and "roundups/2026-11.md" in drafted.stderr


# -- 5. drafts ----------------------------------------------------------------------------------------


HOSTILE_IDS = [
    'quote " and back\\slash',
    "line\nbreak",
    "tab\there",
    "emoji 😀 past U+FFFF",
    "line\u2028separator and next\x85line",
    "del\x7f and bell\x07",
    "# not a comment",
    "key: value",
    "- a list?",
    "null",
    "123",
    "accented é",
    "https://example.org/a?b=c&d#e",
]
HOSTILE_TITLES = ["Two\nlines: picks:", "a\u2028b", "next\x85line", "del\x7f", "unit\x1fseparator", "cr\rlf"]


def stories_of(ids: list[str]) -> list[Story]:
    found = []
    for n, entry_id in enumerate(ids):
        moment = datetime(2026, 11, 17, 9, tzinfo=UTC) - timedelta(minutes=n)
        made = entry(entry_id, title=HOSTILE_TITLES[n % len(HOSTILE_TITLES)], published=moment)
        found.append(Story(made, ("alpha",), ("market/b2b", "format/guide", "format/news")))
    return found


def read_back(text: str) -> list[list[str]]:
    """The picks as every reader sees them: contenthub's front matter reader (libyaml), MkDocs' own (the
    build's `page.meta`), pure-Python PyYAML and python-frontmatter (what editors' tools use)."""
    front, problem = split_front_matter("roundups/2026-w47.md", text)
    assert problem is None, problem
    header = text.split("---\n")[1]
    metas = [front.meta, get_data(text)[1], yaml.load(header, Loader=yaml.SafeLoader), frontmatter.loads(text).metadata]
    found = []
    for meta in metas:
        spec, problems = read_roundup("roundups/2026-w47.md", meta, lambda *path: None)
        assert problems == []
        found.append([pick.ref for pick in spec.picks])
    return found


def test_a_draft_reads_back_with_the_same_picks_whatever_the_ids_and_titles():
    sources = {"alpha": Source("alpha", "Alpha\nNotes\ttoo\u2028x", "alpha.xml")}
    period = Period.parse("2026-W47")
    text = draft_roundup(period, stories_of(HOSTILE_IDS), TAXONOMY, "source", sources, UTC, ENGLISH)
    assert read_back(text) == [HOSTILE_IDS] * 4
    for line in text.split("---\n")[1].splitlines():
        assert line.startswith(("title:", "date:", "draft:", "period:", "market:", "format:", "# channel:", "picks:",
                                "  # Alpha Notes too x", "  - id: ", "    note: ", "exclude:"))  # fmt: skip
    assert "  # Alpha Notes too x\n" in text, "the source title's line breaks became spaces"
    assert "# Two lines: picks: · Alpha Notes too x · November 17, 2026" in text


def test_a_draft_comments_out_facets_without_values_and_gives_one_value_facets_one():
    period = Period.parse("2026-W47")
    text = draft_roundup(period, stories_of(["a", "b"]), TAXONOMY, "source", {}, UTC, ENGLISH)
    front, _ = split_front_matter("roundups/2026-w47.md", text)
    assert front.meta["market"] == ["B2B"]
    assert "channel" not in front.meta and "# channel: []  # no value most picks share; one of LinkedIn, Email" in text
    assert front.meta["format"] == ["Guide"], "a one-value facet given two keeps neither"
    empty = draft_roundup(period, [], TAXONOMY, "source", {}, UTC, ENGLISH)
    front, _ = split_front_matter("roundups/2026-w47.md", empty)
    assert "market" not in front.meta and front.meta["picks"] == []


def test_an_id_yaml_cannot_spell_is_picked_by_its_url():
    period = Period.parse("2026-W47")
    (story,) = stories_of(["a\ud800b"])
    story = Story(replace(story.entry, url="https://alpha.example/a"), story.sources, story.values)
    text = draft_roundup(period, [story], TAXONOMY, "source", {}, UTC, ENGLISH)
    assert read_back(text) == [["https://alpha.example/a"]] * 4
    bare = Story(replace(story.entry, url=""), story.sources, story.values)
    text = draft_roundup(period, [bare], TAXONOMY, "source", {}, UTC, ENGLISH)
    assert "# cannot be picked (its id cannot be written in YAML)" in text and read_back(text) == [[]] * 4


def picked_stories(text: str, known: list[Story]) -> list[Story]:
    """The stories the draft's picks name, looked up as a build looks them up."""
    (refs, _, _, _) = read_back(text)
    index = StoryIndex(known, UTC)
    return [index.by_ref[ref] for ref in refs]


def shared_ids() -> list[Story]:
    """Blogs number their posts alike: alpha's `1`, beta's `1` (newer) and alpha's `2`, all in week 47."""
    return [
        Story(entry("1", source="beta", url="https://beta.example/1", published=datetime(2026, 11, 18, tzinfo=UTC)),
              ("beta",), ()),
        Story(entry("1", url="https://alpha.example/1"), ("alpha",), ()),
        Story(entry("2", url="https://alpha.example/2", published=datetime(2026, 11, 16, tzinfo=UTC)),
              ("alpha",), ()),
    ]  # fmt: skip


def test_a_draft_picks_an_id_two_sources_share_by_its_url():
    period = Period.parse("2026-W47")
    known = shared_ids()
    text = draft_roundup(period, known, TAXONOMY, "source", {}, UTC, ENGLISH)
    assert read_back(text) == [["https://alpha.example/1", "2", "https://beta.example/1"]] * 4
    beta, alpha, alpha_two = known
    assert picked_stories(text, known) == [alpha, alpha_two, beta], "each its own story, not the newest with its id"


def test_a_draft_compares_ids_with_every_story_picks_are_looked_up_in():
    """The other `1` may be outside the period: still, a pick of `1` could name it."""
    period = Period.parse("2026-W47")
    older = Story(entry("1", source="beta", url="https://beta.example/1", published=datetime(2026, 10, 1, tzinfo=UTC)),
                  ("beta",), ())  # fmt: skip
    candidate = Story(entry("1", url="https://alpha.example/1"), ("alpha",), ())
    known = [candidate, older]
    text = draft_roundup(period, [candidate], TAXONOMY, "source", {}, UTC, ENGLISH, known=known)
    assert read_back(text) == [["https://alpha.example/1"]] * 4
    assert picked_stories(text, known) == [candidate]
    alone = draft_roundup(period, [candidate], TAXONOMY, "source", {}, UTC, ENGLISH)
    assert read_back(alone) == [["1"]] * 4, "without them, only the candidates are compared"


def test_a_draft_picks_by_id_an_article_two_sources_carry_under_one_id():
    """One story made of both copies: its id names nothing else, so it needs no URL."""
    period = Period.parse("2026-W47")
    shared = entry("same", url="https://shared.example/s")
    story = Story(shared, ("alpha", "beta"), (), others=("same",))
    text = draft_roundup(period, [story], TAXONOMY, "source", {}, UTC, ENGLISH, known=[story])
    assert read_back(text) == [["same"]] * 4


def test_a_draft_leaves_as_a_comment_an_entry_with_a_shared_id_and_no_url():
    period = Period.parse("2026-W47")
    known = [Story(replace(story.entry, url=""), story.sources, story.values) for story in shared_ids()]
    text = draft_roundup(period, known, TAXONOMY, "source", {}, UTC, ENGLISH)
    assert read_back(text) == [["2"]] * 4
    assert text.count("# cannot be picked (another entry has the same id, and it has no URL to pick it by)") == 2


def test_a_drafted_roundup_with_hostile_ids_builds_with_every_pick(tmp_path: Path):
    site = roundup_site(tmp_path)
    ids = ["emoji 😀", 'quote "x"', "line\u2028break", "next\x85line"]
    cache = SourceCache("alpha", "alpha.xml", "Alpha", entries={i: entry(i, title="del\x7f") for i in ids})
    save_cache(cache_path(tmp_path / "feeds/cache", "alpha"), cache)
    drafted = site.contenthub("roundup", "draft", "--week", "2026-W47")
    assert drafted.returncode == 0, drafted.stderr
    published = site.docs / "roundups/2026-w47.md"
    text = published.read_text(encoding="utf-8")
    published.write_text("".join(line for line in text.splitlines(True) if not line.startswith("draft:")), "utf-8")
    built = site.build()
    problems = [line for line in built.stderr.splitlines() if "roundups/2026-w47.md" in line]
    assert problems == [
        "WARNING -  contenthub: roundups/2026-w47.md:1: market: the required facet `market` is missing "
        "(add `market: B2B` (one of B2B, B2C))"
    ], "the editor has a required facet to fill in, and nothing else"
    assert len(content(site.html("roundups/2026-w47/")).select(".ch-story")) == len(ids)


# -- 6. refresh_on_build ---------------------------------------------------------------------------------


def test_a_skipped_source_is_a_warning_at_every_build_that_refreshes(tmp_path: Path):
    site = roundup_site(tmp_path, refresh_on_build=True)
    health = {"alpha": HEALTHY | {"errors": SKIP_AFTER, "last_error": "the server answered 500"}}
    (tmp_path / "feeds/cache" / HEALTH_FILE).write_text(json.dumps({"version": 1, "sources": health}))
    built = site.build()
    assert "WARNING -  contenthub: feed Alpha Notes: skipped: failed 5 times in a row" in built.stderr


# -- 7. roundup pages ------------------------------------------------------------------------------------


def test_groups_whose_names_slug_alike_keep_anchors_of_their_own(tmp_path: Path):
    site = roundup_site(tmp_path, group_by="source")
    (tmp_path / "feeds/subscriptions.opml").write_text(
        SUBSCRIPTIONS.replace('text="Alpha Notes"', 'text="Acme!"').replace(
            "</body>",
            '<outline type="rss" text="Acme?" xmlUrl="beta.xml" contenthub:id="beta"/>'
            '<outline type="rss" text="ACME" xmlUrl="gamma.xml" contenthub:id="gamma"/></body>',
        ),
        encoding="utf-8",
    )
    for source in ("beta", "gamma"):
        copy = entry("a1", source=source, url=f"https://{source}.example/a1")
        cache = SourceCache(source, f"{source}.xml", source, entries={"a1": copy})
        save_cache(cache_path(tmp_path / "feeds/cache", source), cache)
    site.write("roundups/2026-w47.md", front_matter(title="R", date="2026-11-22", picks=[
        "https://alpha.example/a1", "https://beta.example/a1", "https://gamma.example/a1"]))  # fmt: skip
    site.build()
    headings = content(site.html("roundups/2026-w47/")).select(".ch-roundup h2")
    assert [(h.get_text(), h["id"]) for h in headings] == [
        ("ACME", "ch-roundup-acme"), ("Acme!", "ch-roundup-acme-2"), ("Acme?", "ch-roundup-acme-3")
    ]  # fmt: skip


def test_a_pick_with_a_line_break_or_an_escape_is_reported_on_one_line(tmp_path: Path):
    site = roundup_site(tmp_path)
    picks = ["one\ntwo\x1b[2J", "caf\u00e9 \u202eevil"]
    site.write("roundups/2026-w47.md", front_matter(title="R", date="2026-11-22", picks=picks))
    built = site.build(check=False)
    lines = [text for text in built.stderr.splitlines() if "the pick" in text]
    assert [line.split("picks: ")[1].split(" is not")[0] for line in lines] == [
        "the pick `one\\ntwo\\x1b[2J`",
        "the pick `caf\u00e9 \\u202eevil`",
    ]
    assert lines[0].endswith("(refresh the sources (`contenthub sources refresh`), or remove the pick)")
    assert "\x1b" not in built.stderr and "\u202e" not in built.stderr
