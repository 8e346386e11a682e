"""Curation, without MkDocs: classification, keep/block rules, periods, stories and roundup picks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from contenthub.ingest.cache import SourceCache
from contenthub.ingest.classify import Classification, Classifier
from contenthub.ingest.config import load_roundup_settings
from contenthub.ingest.library import Library
from contenthub.ingest.periods import Period, Pick, RoundupSpec, read_roundup
from contenthub.ingest.refresh import Curation
from contenthub.ingest.rules import load_rules
from contenthub.ingest.stories import Story, StoryIndex, group_stories, recent_by_value, roundup_stories, stories
from contenthub.ingest.subscriptions import Subscriptions
from contenthub.messages import load_messages
from contenthub.model import Entry, Source
from contenthub.taxonomy import load_taxonomy

TAXONOMY, PROBLEMS = load_taxonomy(
    {
        "market": {"values": {"B2B": {"aliases": ["business to business"]}, "B2C": {}}},
        "channel": {
            "values": {
                "LinkedIn": {"keywords": ["social selling"]},
                "Twitter": {"aliases": ["x", "tweets"]},
                "C++": {"slug": "cpp"},
                "C": {},
                "Small business": {},
                "Small business owners": {},
                "Café": {},
            }
        },
    }
)
assert PROBLEMS == []
CLASSIFIER = Classifier(TAXONOMY)


def entry(
    entry_id: str = "e1",
    title: str = "",
    excerpt: str = "",
    categories: tuple[str, ...] = (),
    source: str = "s",
    url: str = "",
    published: datetime | None = None,
    author: str = "",
) -> Entry:
    return Entry(
        id=entry_id, source=source, url=url, title=title, author=author, published=published, updated=None,
        summary_html=f"<p>{excerpt}</p>", excerpt=excerpt, categories=categories, content_hash="h",
        first_seen=datetime(2026, 11, 1, tzinfo=UTC),
    )  # fmt: skip


def classify(**fields: object) -> tuple[str, ...]:
    return CLASSIFIER.values(entry(**fields))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ten LinkedIn habits", ("channel/linkedin",)),
        ("linkedin_tips and LINKEDIN-ads", ("channel/linkedin",)),
        ("Social-selling, daily", ("channel/linkedin",)),
        ("Social\u00a0 selling", ("channel/linkedin",)),
        ("Business-to-Business buyers", ("market/b2b",)),
        ("B2B vs B2C", ("market/b2b", "market/b2c")),
        ("Why C++ is not C", ("channel/cpp", "channel/c")),  # a short label, as a word written as it is
        ("C+++ and xC++", ()),
        ("Tips for small business owners", ("channel/small-business-owners",)),
        ("A small business", ("channel/small-business",)),
        ("CAFE culture and café au lait", ("channel/cafe",)),
        ("LinkedInfluencers and B2Bs", ()),
        ("x marks the spot, tweets everywhere", ("channel/twitter",)),
        ("", ()),
    ],
)
def test_free_text_matches_labels_aliases_and_keywords_as_whole_words(title, expected):
    assert classify(title=title) == expected


def test_short_aliases_match_categories_only():
    assert classify(title="Posting on X") == ()
    assert classify(categories=("X",)) == ("channel/twitter",)


def test_values_come_from_defaults_categories_and_the_excerpt_in_taxonomy_order():
    found = CLASSIFIER.values(
        entry(title="Notes", excerpt="On social selling.", categories=("B2C", "unknown")), defaults=("market/b2b",)
    )
    assert found == ("market/b2b", "market/b2c", "channel/linkedin")


def test_rules_block_first_then_keep_globally_and_per_source():
    rules, problems = load_rules(
        {
            "block": [{"title": "^sponsored\\b"}],
            "keep": [{"categories": "linkedin"}, {"title": "guide", "author": "ann"}],
            "sources": {"noisy": {"block": [{"content": "casino"}]}},
        },
        file="mkdocs.yml",
        base=("plugins", 0),
        locate=lambda path: 7,
    )
    assert problems == []
    assert not rules.passes(entry(title="Sponsored: LinkedIn", categories=("LinkedIn",)))
    assert rules.passes(entry(title="Notes", categories=("LinkedIn",)))
    assert rules.passes(entry(title="A GUIDE", author="Ann Lee"))
    assert not rules.passes(entry(title="A guide", author="Bob")), "every field of a rule must match"
    assert not rules.passes(entry(title="Notes", categories=("LinkedIn",), source="noisy", excerpt="Casino night"))


def test_stories_apply_rules_that_only_one_source_has_and_none_at_all_lets_everything_through():
    noisy, calm = entry("n1", "Casino night", source="noisy"), entry("c1", "Casino night", source="calm")
    only_per_source, _ = load_rules(
        {"sources": {"noisy": {"block": [{"title": "casino"}]}}}, file="", base=(), locate=lambda p: None
    )
    none_at_all, _ = load_rules(None, file="", base=(), locate=lambda p: None)
    assert only_per_source and not none_at_all
    shown = stories([noisy, calm], only_per_source, lambda e: (), TAXONOMY.order)
    assert [story.entry.id for story in shown] == ["c1"]
    assert len(stories([noisy, calm], none_at_all, lambda e: (), TAXONOMY.order)) == 2


def test_bad_rules_name_the_config_line_and_the_fix():
    _, problems = load_rules(
        {"block": [{"titel": "x"}, {"title": "("}], "keep": "no"},
        file="mkdocs.yml",
        base=("plugins", 0, "contenthub/roundups", "rules"),
        locate=lambda path: 40 + len(path),
    )
    messages = [(p.line, p.field, p.message) for p in problems]
    assert (45, "plugins.0.contenthub/roundups.rules.keep", "must be a list of rules") in messages
    assert (47, "plugins.0.contenthub/roundups.rules.block.0.titel", "unknown field `titel`") in messages
    assert any(field.endswith("block.1.title") and "not a valid regex" in message for _, field, message in messages)


ENGLISH, _ = load_messages("en")
GERMAN, _ = load_messages("de")


@pytest.mark.parametrize(
    ("text", "label", "start", "end", "name", "german"),
    [
        ("2026-W47", "2026-W47", date(2026, 11, 16), date(2026, 11, 22),
         "Week 47, 2026 (November 16\u2009–\u200922)", "16.–22. November"),
        ("2026-w1", "2026-W01", date(2025, 12, 29), date(2026, 1, 4),
         "Week 1, 2026 (December 29\u2009–\u2009January 4)", "29. Dezember\u2009–\u20094. Januar"),
        ("2026-02", "2026-02", date(2026, 2, 1), date(2026, 2, 28), "February 2026", "Februar 2026"),
        ("2026-12", "2026-12", date(2026, 12, 1), date(2026, 12, 31), "December 2026", "Dezember 2026"),
    ],
)  # fmt: skip
def test_periods_are_iso_weeks_or_months_named_in_the_sites_language(text, label, start, end, name, german):
    period = Period.parse(text)
    assert (period.label, period.start, period.end, period.name(ENGLISH)) == (label, start, end, name)
    assert german in period.name(GERMAN)


@pytest.mark.parametrize("text", ["2026-W54", "2026-13", "2026-00", "week 47", "2026"])
def test_impossible_periods_are_refused(text):
    assert Period.parse(text) is None


def test_a_roundup_file_reads_picks_with_notes_and_lines():
    lines = {("picks", 0): 5, ("picks", 1): 7, ("picks", 2): 8}
    spec, problems = read_roundup(
        "roundups/2026-w47.md",
        {"picks": ["a1", {"id": "https://x.example/b", "note": " Read it. "}, {"note": "no id"}], "exclude": ["z"]},
        lambda *path: lines.get(path),
    )
    assert spec.period.label == "2026-W47", "the file name gives the period"
    picks = [(pick.ref, pick.note, spec.line_of(pick)) for pick in spec.picks]
    assert picks == [("a1", "", 5), ("https://x.example/b", "Read it.", 7)]
    assert spec.exclude == ("z",)
    assert [(p.line, p.message) for p in problems] == [
        (8, "a pick is an entry id or URL, or `{id: …, note: …}`; it is left out")
    ]
    none, problems = read_roundup("roundups/notes.md", {}, lambda *path: 2)
    assert none is None and "is not a week or a month" in problems[0].message


def day(d: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, d, hour, tzinfo=UTC)


KNOWN = stories(
    [
        entry("a1", "LinkedIn habits", source="alpha", url="https://a.example/1", published=day(17)),
        entry("a2", "Shared story", source="alpha", url="https://shared.example/s", published=day(19)),
        entry("b1", "Shared story, again", source="beta", url="https://shared.example/s", published=day(18)),
        entry("b2", "Late Sunday B2C", source="beta", url="https://b.example/2", published=day(22, 23)),
        entry("b3", "Next week", source="beta", url="https://b.example/3", published=day(23, 1)),
        entry("u1", "Undated", source="beta", url="https://b.example/u"),
    ],
    load_rules(None, file="", base=(), locate=lambda p: None)[0],
    lambda e: CLASSIFIER.values(e, ("market/b2b",) if e.source == "alpha" else ()),
    TAXONOMY.order,
)


def test_one_article_in_two_sources_is_one_story_crediting_both():
    shared = [s for s in KNOWN if s.entry.url == "https://shared.example/s"]
    assert len(shared) == 1
    assert (shared[0].entry.id, shared[0].sources) == ("b1", ("beta", "alpha")), "the earliest copy first"
    assert shared[0].values == ("market/b2b",), "values from every copy"
    assert [s.entry.id for s in KNOWN] == ["b3", "b2", "b1", "a1", "u1"], "newest first"


def test_a_period_holds_its_stories_in_the_hub_timezone():
    utc = StoryIndex(KNOWN, UTC)
    week = Period.parse("2026-W47")
    assert [s.entry.id for s in utc.in_period(week, set())] == ["b2", "b1", "a1"]
    tokyo = StoryIndex(KNOWN, ZoneInfo("Asia/Tokyo"))
    assert [s.entry.id for s in tokyo.in_period(week, set())] == ["b1", "a1"], "Sunday 23:00 UTC is Monday there"
    assert [s.entry.id for s in utc.in_period(week, {"https://shared.example/s"})] == ["b2", "a1"]


def test_picks_come_in_the_authors_order_with_notes_and_missing_ones_are_named():
    spec = RoundupSpec(
        "roundups/2026-w47.md",
        Period.parse("2026-W47"),
        picks=(Pick("https://shared.example/s", "Both.", 6), Pick("gone", "", 7), Pick("a1", "", 8)),
    )
    chosen, problems = roundup_stories(spec, StoryIndex(KNOWN, UTC), set())
    assert [(s.entry.id, s.note) for s in chosen] == [("b1", "Both."), ("a1", "")]
    assert [(p.file, p.line, p.message) for p in problems] == [
        ("roundups/2026-w47.md", 7, "the pick `gone` is not in the cache")
    ]
    unpicked = RoundupSpec("roundups/2026-w47.md", Period.parse("2026-W47"), exclude=("a1",))
    chosen, _ = roundup_stories(unpicked, StoryIndex(KNOWN, UTC), {"b2"})
    assert [s.entry.id for s in chosen] == ["b1"], "excluded here, or dropped for good"


def test_lines_of_picks_are_looked_up_only_for_a_diagnostic():
    asked: list[tuple[object, ...]] = []

    def locate(*path: object) -> int:
        asked.append(path)
        return 10 + int(path[1])

    meta = {"picks": ["a1", {"id": "https://shared.example/s"}, "gone", "a1"]}
    spec, problems = read_roundup("roundups/2026-w47.md", meta, locate)
    assert problems == [] and asked == [], "reading a roundup parses nothing again"
    chosen, problems = roundup_stories(spec, StoryIndex(KNOWN, UTC), set())
    assert [s.entry.id for s in chosen] == ["a1", "b1"]
    assert [(p.line, p.message.split(" ")[-1]) for p in problems] == [(12, "cache"), (13, "once")]
    assert "already picked on line 10" in problems[1].hint
    assert sorted(asked) == [("picks", 0), ("picks", 2), ("picks", 3)], "only the picks a diagnostic names"


def test_groups_follow_the_facets_order_with_other_last_or_the_source_titles():
    sources = {"alpha": Source("alpha", "Alpha", ""), "beta": Source("beta", "Beta", "")}
    by_channel = group_stories(KNOWN, TAXONOMY, "channel", sources)
    assert [(label, [s.entry.id for s in group]) for label, group in by_channel] == [
        ("LinkedIn", ["a1"]),
        (None, ["b3", "b2", "b1", "u1"]),  # "Other", in the page's language
    ]
    by_source = group_stories(KNOWN, TAXONOMY, "source", sources)
    assert [label for label, _ in by_source] == ["Alpha", "Beta"]


def test_each_value_keeps_its_newest_stories_only():
    recent = recent_by_value(KNOWN, 2)
    assert {value: [s.entry.id for s in found] for value, found in recent.items()} == {
        "market/b2b": ["b1", "a1"],
        "market/b2c": ["b2"],
        "channel/linkedin": ["a1"],
    }
    assert recent_by_value(KNOWN, 0) == {}


def test_builds_trust_values_stored_with_their_own_taxonomy_and_defaults_only():
    settings, _ = load_roundup_settings({}, TAXONOMY, Path("."))
    cache = SourceCache("alpha", entries={"a1": entry("a1", "LinkedIn habits", source="alpha")})
    library = Library(Subscriptions(sources=[Source("alpha", "Alpha", "")]), {"alpha": cache}, {"alpha": ()})
    classification = Classification(CLASSIFIER, library.defaults)
    cache.classify(classification.fingerprint("alpha"), classification.values)
    assert cache.values == {"a1": ("channel/linkedin",)}
    cache.values["a1"] = ("market/b2c",)  # stored at refresh: the build takes it as it is
    assert library.stories(settings, TAXONOMY)[0].values == ("market/b2c",)
    cache.values["a1"] = ("channel/myspace",)  # a hand edit naming a value the taxonomy lacks
    assert library.stories(settings, TAXONOMY)[0].values == ("channel/linkedin",), "classified afresh"
    library.defaults["alpha"] = ("market/b2b",)  # other defaults: the stored values no longer hold
    assert library.stories(settings, TAXONOMY)[0].values == ("market/b2b", "channel/linkedin")
    other, _ = load_taxonomy({"channel": {"values": ["LinkedIn", "Email"]}})
    assert Classifier(other).fingerprint() != CLASSIFIER.fingerprint(), "another taxonomy, another fingerprint"
    assert CLASSIFIER.fingerprint(("market/b2b",)) != CLASSIFIER.fingerprint()
    assert Classifier(TAXONOMY).fingerprint() == CLASSIFIER.fingerprint(), "stable across runs"


def test_classifying_again_redoes_only_what_changed():
    cache = SourceCache("s", entries={"e1": entry("e1", "On LinkedIn"), "e2": entry("e2", "Email")})
    calls: list[str] = []

    def values_of(item: Entry) -> tuple[str, ...]:
        calls.append(item.id)
        return CLASSIFIER.values(item)

    cache.classify("fp1", values_of)
    cache.merge([replace(entry("e2", "Now on B2C"), content_hash="changed"), entry("e3", "B2B")])
    cache.classify("fp1", values_of)
    assert calls == ["e1", "e2", "e2", "e3"]
    assert cache.values == {"e1": ("channel/linkedin",), "e2": ("market/b2c",), "e3": ("market/b2b",)}
    cache.classify("fp2", values_of)
    assert calls[4:] == ["e1", "e2", "e3"], "a new fingerprint redoes them all"


def library_of(*entries: Entry) -> Library:
    caches: dict[str, SourceCache] = {}
    for item in entries:
        caches.setdefault(item.source, SourceCache(item.source)).entries[item.id] = item
    sources = [Source(source_id, source_id.title(), "") for source_id in caches]
    return Library(Subscriptions(sources=sources), caches, dict.fromkeys(caches, ()))


def test_any_copy_names_a_story_and_a_pick_wins_over_an_exclusion():
    shared = [
        entry("a2", "Shared B2B story", source="alpha", url="https://shared.example/s", published=day(19)),
        entry("b1", "Shared story, again", source="beta", url="https://shared.example/s", published=day(18)),
        entry("b2", "On LinkedIn", source="beta", url="https://b.example/2", published=day(20)),
    ]
    library = library_of(*shared)
    settings, _ = load_roundup_settings({"around_the_web": 3}, TAXONOMY, Path("."))
    week = Period.parse("2026-W47")
    picks = RoundupSpec("roundups/a.md", week, picks=(Pick("a2", "Either id names it.", 4), Pick("b2", "", 5)))
    other = RoundupSpec("roundups/b.md", Period.parse("2026-11"), exclude=("b2",))
    unpicked = RoundupSpec("roundups/c.md", week)
    curated = library.curate([picks, other, unpicked], settings, TAXONOMY, UTC)
    assert [(s.entry.id, s.note) for s in curated.roundups["roundups/a.md"]] == [
        ("b1", "Either id names it."),
        ("b2", ""),
    ]
    assert [s.entry.id for s in curated.roundups["roundups/c.md"]] == ["b1"], "b2 is excluded elsewhere"
    assert "channel/linkedin" not in curated.recent, "b2, the only LinkedIn story, is excluded everywhere else"
    assert [s.entry.id for s in curated.recent["market/b2b"]] == ["b1"]
    hidden = library.curate([RoundupSpec("roundups/d.md", week, exclude=("a2",))], settings, TAXONOMY, UTC)
    assert [s.entry.id for s in hidden.roundups["roundups/d.md"]] == ["b2"], "excluding one copy hides the story"
    assert curated.diagnostics == []


def test_a_missing_pick_says_why_and_a_repeated_one_shows_once():
    library = library_of(
        entry("s1", "Sponsored: a tool", source="alpha", url="https://a.example/s1", published=day(17)),
        entry("k1", "Kept", source="alpha", url="https://a.example/k1", published=day(17)),
    )
    library.caches["alpha"].dropped["gone1"] = "https://a.example/gone1"
    settings, _ = load_roundup_settings({"rules": {"block": [{"title": "^sponsored"}]}}, TAXONOMY, Path("."))
    spec = RoundupSpec(
        "roundups/2026-w47.md",
        Period.parse("2026-W47"),
        picks=(Pick("s1", "", 3), Pick("https://a.example/gone1", "", 4), Pick("nowhere", "", 5), Pick("k1", "", 6),
               Pick("https://a.example/k1", "", 7)),
    )  # fmt: skip
    curated = library.curate([spec], settings, TAXONOMY, UTC)
    assert [s.entry.id for s in curated.roundups[spec.src_uri]] == ["k1"]
    assert [(d.line, d.message, d.hint) for d in curated.diagnostics] == [
        (3, "the pick `s1` is held back by the `rules` in mkdocs.yml", "change the rule, or remove the pick"),
        (4, "the pick `https://a.example/gone1` was excluded by a roundup and dropped from the cache for good",
         "remove the pick"),
        (5, "the pick `nowhere` is not in the cache",
         "refresh the sources (`contenthub sources refresh`), or remove the pick"),
        (7, "`https://a.example/k1` is picked twice, so it is shown once", "it is already picked on line 6"),
    ]  # fmt: skip


def test_two_blogs_entries_with_the_same_id_are_two_picks():
    library = library_of(
        entry("1", "Alpha's first", source="alpha", url="https://a.example/1", published=day(17)),
        entry("1", "Beta's first", source="beta", url="https://b.example/1", published=day(18)),
    )
    settings, _ = load_roundup_settings({}, TAXONOMY, Path("."))
    picks = (Pick("https://a.example/1", "", 3), Pick("https://b.example/1", "", 4))
    spec = RoundupSpec("roundups/2026-w47.md", Period.parse("2026-W47"), picks=picks)
    curated = library.curate([spec], settings, TAXONOMY, UTC)
    assert [s.entry.title for s in curated.roundups[spec.src_uri]] == ["Alpha's first", "Beta's first"]
    assert curated.diagnostics == []


def test_a_pick_or_an_exclusion_by_an_id_two_blogs_use_is_a_warning():
    library = library_of(
        entry("1", "Alpha's first", source="alpha", url="https://a.example/1", published=day(17)),
        entry("1", "Beta's first", source="beta", url="https://b.example/1", published=day(18)),
        entry("2", "Alpha's second", source="alpha", url="https://a.example/2", published=day(19)),
    )
    settings, _ = load_roundup_settings({}, TAXONOMY, Path("."))
    week = Period.parse("2026-W47")
    lines = {("exclude",): 9}
    picked = RoundupSpec("roundups/a.md", week, picks=(Pick("1", "", 3), Pick("2", "", 4)))
    hidden = RoundupSpec("roundups/b.md", week, exclude=("1",), locate=lambda *path: lines.get(path))
    curated = library.curate([picked, hidden], settings, TAXONOMY, UTC)
    assert [s.entry.title for s in curated.roundups["roundups/a.md"]] == ["Beta's first", "Alpha's second"]
    assert [(d.file, d.line, d.field, d.message, d.hint) for d in curated.diagnostics] == [
        ("roundups/a.md", 3, "picks", "`1` is the id of entries in 2 blogs (beta, alpha); the newest, from beta, "
         "is shown", "pick the one meant by its URL"),
        ("roundups/b.md", 9, "exclude", "`1` is the id of entries in 2 blogs (beta, alpha): all of them are hidden, "
         "and the next refresh drops for good those no roundup picks", "exclude the one meant by its URL"),
    ]  # fmt: skip


def test_an_id_shared_through_another_blogs_copy_of_a_story_is_found():
    # gamma carries beta's article (same URL) under its own id, and published it first.
    library = library_of(
        entry("X", "Alpha's", source="alpha", url="https://a.example/1", published=day(18)),
        entry("X", "Beta's", source="beta", url="https://b.example/1", published=day(19)),
        entry("Z", "Beta's", source="gamma", url="https://b.example/1", published=day(17)),
        entry("X", "Delta's", source="delta", url="https://d.example/1", published=day(20)),
    )
    settings, _ = load_roundup_settings({}, TAXONOMY, Path("."))
    spec = RoundupSpec("roundups/a.md", Period.parse("2026-W47"), picks=(Pick("X", "", 3),))
    curated = library.curate([spec], settings, TAXONOMY, UTC)
    (shown,) = curated.roundups[spec.src_uri]
    (warning,) = curated.diagnostics
    assert warning.message == (
        f"`X` is the id of entries in 3 blogs (delta, alpha, beta); the newest, from {shown.sources[0]}, is shown"
    )
    assert shown.sources[0] in ("delta", "alpha", "beta")


def test_one_article_two_blogs_carry_under_one_id_is_no_shared_id():
    library = library_of(
        entry("X", "Same", source="alpha", url="https://a.example/1", published=day(18)),
        entry("X", "Same", source="beta", url="https://a.example/1", published=day(19)),
    )
    settings, _ = load_roundup_settings({}, TAXONOMY, Path("."))
    spec = RoundupSpec("roundups/a.md", Period.parse("2026-W47"), picks=(Pick("X", "", 3),))
    curated = library.curate([spec], settings, TAXONOMY, UTC)
    assert [s.sources for s in curated.roundups[spec.src_uri]] == [("alpha", "beta")]
    assert curated.diagnostics == []


def test_a_blank_exclusion_hides_nothing():
    spec, _ = read_roundup("roundups/2026-w47.md", {"exclude": ["  ", "gone"]}, lambda *path: None)
    assert spec.exclude == ("gone",)
    linkless = Story(entry("n1", "No link", published=day(17)), ("s",), ("market/b2b",))
    assert recent_by_value([linkless], 4, {""}) == {"market/b2b": [linkless]}, "no URL is not the URL ``"


def test_an_entry_a_roundup_both_picks_and_excludes_is_left_out_and_reported_and_not_kept_by_refresh():
    """Found by an editor following the draft's own comment (move an entry to `exclude`) and forgetting to
    remove its pick: it stayed shown, with no warning."""
    stories = [
        entry("a1", "Kept B2B story", source="alpha", url="https://a.example/1", published=day(19)),
        entry("a2", "Unwanted story", source="alpha", url="https://a.example/2", published=day(20)),
    ]
    library = library_of(*stories)
    settings, _ = load_roundup_settings({}, TAXONOMY, Path("."))
    spec = RoundupSpec(
        "roundups/a.md",
        Period.parse("2026-W47"),
        picks=(Pick("a1", "", 4), Pick("https://a.example/2", "Oops.", 5)),
        exclude=("a2",),
    )
    curated = library.curate([spec], settings, TAXONOMY, UTC)
    assert [s.entry.id for s in curated.roundups["roundups/a.md"]] == ["a1"]
    assert [(d.field, d.message, d.hint) for d in curated.diagnostics] == [
        (
            "picks",
            "`https://a.example/2` is both picked and excluded; it is left out, as `exclude` says",
            "remove it from `picks` to exclude it",
        )
    ]
    curation = Curation.of([spec])
    assert not curation.keeps({"a2", "https://a.example/2"}) and curation.keeps({"a1", "https://a.example/1"})
    assert curation.keeps({"a2"} | {"https://a.example/2"}) is False, "picked by URL, excluded by id: excluded"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Go 1.27 released", ("topic/go",)),
        ("What's new in Go", ("topic/go",)),
        ("Ready, set, go on", ()),
        ("GO big", ()),
        ("Gopher days", ()),
        ("R and Go, side by side", ("topic/go", "topic/r")),  # in the order the values are declared
    ],
)
def test_a_short_label_matches_free_text_as_a_whole_word_written_as_the_label_is(title, expected):
    """A value `Go` filed "Go 1.27 released" under Other: the 3-character minimum applied to labels too."""
    taxonomy, problems = load_taxonomy({"topic": {"values": ["Go", "R", "Rust"]}})
    assert not problems
    assert Classifier(taxonomy).values(entry(title=title)) == expected
