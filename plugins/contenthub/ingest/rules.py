"""Keep/block rules: which outside entries the hub shows at all. Each rule is regexes over an entry's title,
content, author and categories; rules apply to every source, or to one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Diagnostic, Entry, Severity
from ..options import Locate, Problems, as_yaml
from ..yamlpos import PathStep

RULE_FIELDS = ("title", "content", "author", "categories")


@dataclass(frozen=True)
class Rule:
    """Every field's regex must match (case-insensitively) for the rule to apply."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    def matches(self, entry: Entry) -> bool:
        return all(pattern.search(_field(entry, name)) for name, pattern in self.patterns)


@dataclass(frozen=True)
class Rules:
    keep: tuple[Rule, ...] = ()
    block: tuple[Rule, ...] = ()
    sources: Mapping[str, tuple[tuple[Rule, ...], tuple[Rule, ...]]] = field(default_factory=dict)
    """Per source id: (keep, block)."""

    def __bool__(self) -> bool:
        """Whether there is any rule at all (without, every entry passes)."""
        return bool(self.keep or self.block or any(keep or block for keep, block in self.sources.values()))

    def passes(self, entry: Entry) -> bool:
        """Blocked by any block rule; with keep rules, kept only when one matches."""
        keep, block = self.sources.get(entry.source, ((), ()))
        if any(rule.matches(entry) for rule in (*self.block, *block)):
            return False
        wanted = (*self.keep, *keep)
        return not wanted or any(rule.matches(entry) for rule in wanted)


def _field(entry: Entry, name: str) -> str:
    if name == "content":
        return f"{entry.excerpt}\n{entry.summary_html}"
    if name == "categories":
        return "\n".join(entry.categories)
    return str(getattr(entry, name))


RULES_KEYS = ("keep", "block", "sources")
SOURCE_RULES_KEYS = ("keep", "block")


def load_rules(config: Any, *, file: str, base: Sequence[PathStep], locate: Locate) -> tuple[Rules, list[Diagnostic]]:
    """`rules: {keep: [...], block: [...], sources: {source-id: {keep: [...], block: [...]}}}`.

    Anything it cannot use is an error, never skipped in silence: a misspelt `blok` would otherwise let
    through every entry it was meant to block."""
    problems = Problems(file, base, locate)

    def rules(raw: Any, path: tuple[PathStep, ...]) -> tuple[Rule, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            problems.error(path, "must be a list of rules", 'write `- {title: "(?i)sponsored"}`')
            return ()
        found = []
        for index, spec in enumerate(raw):
            if not isinstance(spec, Mapping) or not spec:
                problems.error(
                    (*path, index), "a rule is a mapping of fields to regexes", f"fields: {', '.join(RULE_FIELDS)}"
                )
                continue
            problems.unknown_keys((*path, index), spec, RULE_FIELDS, what="field", severity=Severity.ERROR)
            patterns = []
            for name, regex in spec.items():
                if name not in RULE_FIELDS:
                    continue
                where = (*path, index, name)
                if not isinstance(regex, str) or not regex.strip():
                    # An empty regex matches every entry; `str()` of a number or a list is no pattern.
                    problems.error(where, f"expected a regex as non-empty text, got `{as_yaml(regex)}`",
                                   'write it in quotes, e.g. `title: "^sponsored"`')  # fmt: skip
                    continue
                try:
                    patterns.append((str(name), re.compile(regex, re.IGNORECASE)))
                except (re.error, RecursionError, OverflowError) as error:  # nesting or repeats too deep or big
                    problems.error(where, f"`{regex}` is not a valid regex ({error})", "fix the pattern")
            if patterns:
                found.append(Rule(tuple(patterns)))
        return tuple(found)

    if config is None:
        return Rules(), problems.found
    if not isinstance(config, Mapping):
        problems.error((), "must be a mapping with `keep`, `block` and `sources`", "see the README's roundups example")
        return Rules(), problems.found
    problems.unknown_keys((), config, RULES_KEYS, what="key", severity=Severity.ERROR)
    per_source = {}
    sources = config.get("sources") or {}
    if not isinstance(sources, Mapping):
        problems.error(("sources",), "must map source ids to their own `keep` and `block` rules",
                       "write `sources: {crm-weekly: {block: [{categories: \"^webinar$\"}]}}`")  # fmt: skip
        sources = {}
    for source_id, spec in sources.items():
        path = ("sources", str(source_id))
        if spec is None:
            continue
        if not isinstance(spec, Mapping):
            problems.error(path, "a source's rules are a mapping with `keep` and `block`",
                           "write `block: [{title: \"...\"}]` under the source id")  # fmt: skip
            continue
        problems.unknown_keys(path, spec, SOURCE_RULES_KEYS, what="key", severity=Severity.ERROR)
        per_source[str(source_id)] = (
            rules(spec.get("keep"), (*path, "keep")),
            rules(spec.get("block"), (*path, "block")),
        )
    return Rules(
        rules(config.get("keep"), ("keep",)), rules(config.get("block"), ("block",)), per_source
    ), problems.found
