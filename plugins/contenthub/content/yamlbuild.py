"""Front matter YAML built key by key, as far as it can be built.

PyYAML stops at the first value it cannot build (`date: 2024-02-30`, `n: !!int abc`), and MkDocs then
drops the page's whole front matter. To report every problem of a post in one run, and keep what is
fine, the document is composed once and its top-level values built by one constructor that records a
value it cannot build, with where it failed, instead of stopping. One constructor for all the keys
builds a YAML anchor once however many aliases use it, and failures are traced up to the keys through
the composed nodes, each node once: the work stays linear in the document even for "billion laughs"
aliases, which are never expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loader = _Loader
"""What MkDocs reads front matter with: libyaml's safe loader, else PyYAML's own."""

# What building a value may raise: bad dates, `!!int abc`, unknown tags, unhashable keys, bad merges.
_FAILURES = (ValueError, TypeError, OverflowError, yaml.YAMLError)
_MERGE = "tag:yaml.org,2002:merge"
_MAP = "tag:yaml.org,2002:map"


@dataclass(frozen=True, slots=True)
class Unbuilt:
    """A top-level value YAML cannot build: as written, why not, and the line to point at."""

    text: str
    reason: str
    line: int
    written_at: int | None = None
    """Where the value is written, when the key reaches it through an alias (`updated: *d`)."""

    @property
    def why(self) -> str:
        return f"{self.reason}; written at line {self.written_at}" if self.written_at else self.reason


class NotAMapping(Exception):
    """The front matter is YAML, but not `key: value` lines."""


def build_mapping(header: str, first_line: int) -> tuple[dict[Any, Any], dict[str, Unbuilt]]:
    """The top-level values that can be built, and, by key as written, those that cannot.

    Raises `yaml.YAMLError` when the YAML does not parse, `RecursionError` when it nests deeper than
    the parser can follow, and `NotAMapping` when it is not a mapping.
    """
    builder = _Builder(header)
    try:
        root = builder.get_single_node()
        if not isinstance(root, yaml.MappingNode) or root.tag != _MAP:
            raise NotAMapping
        return _Keys(builder, header, first_line).build(root)
    finally:
        builder.dispose()


def too_deep(error: yaml.YAMLError) -> bool:
    """Whether libyaml stopped at its nesting limit (it reports it as a scanning error)."""
    return "nesting depth" in str(getattr(error, "problem", "") or "")


def deepest_line(header: str) -> int:
    """The 0-based line where the YAML first reaches its deepest nesting, or where the parser stopped.

    Parsing is a loop over events, unlike composing, which recurses a level at a time.
    """
    depth = deepest = line = 0
    try:
        for event in yaml.parse(header, Loader=Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > deepest and event.start_mark is not None:
                    deepest, line = depth, event.start_mark.line
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return int(mark.line) if mark is not None else line
    return line


class _Builder(Loader):
    """The front-matter loader, recording each value it cannot build instead of stopping at the first."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.failed: dict[yaml.Node, str] = {}
        self.filling: dict[Any, yaml.Node] = {}
        """The node each list or mapping started but not yet filled in was made from."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        deep_before, under_way = self.deep_construct, node in self.recursive_objects
        pending = len(self.state_generators)
        try:
            data = super().construct_object(node, deep)
        except _FAILURES as error:
            self.failed.setdefault(node, _reason(error))
            self.deep_construct = deep_before
            if not under_way:  # else it is being built further up, which records it as built
                self.recursive_objects.pop(node, None)
                self.constructed_objects[node] = None  # every alias of it gets this: no second try
            return None
        if len(self.state_generators) > pending:  # a list or mapping, filled in later
            self.filling[self.state_generators[-1]] = node
        return data

    def finish(self) -> None:
        """Fill in every list and mapping started, as `construct_document` does, noting which fail."""
        while self.state_generators:
            started, self.state_generators = self.state_generators, []
            for filling in started:
                try:
                    for _ in filling:
                        pass
                except _FAILURES as error:
                    self.failed.setdefault(self.filling[filling], _reason(error))
        self.filling.clear()


class _Keys:
    """The top level of one document, built pair by pair."""

    def __init__(self, builder: _Builder, header: str, first_line: int) -> None:
        self.builder = builder
        self.header = header
        self.first_line = first_line

    def build(self, root: yaml.MappingNode) -> tuple[dict[Any, Any], dict[str, Unbuilt]]:
        pairs = self.spread_merges(root.value)
        # A merge key left after spreading is one that failed, and is not built further.
        keys = [None if key.tag == _MERGE else self.builder.construct_object(key) for key, _ in pairs]
        values = [None if key.tag == _MERGE else self.builder.construct_object(value) for key, value in pairs]
        self.builder.finish()
        failing = _failing(self.builder.failed, [node for pair in pairs for node in pair])
        meta: dict[Any, Any] = {}
        unbuilt: dict[str, Unbuilt] = {}
        for (key_node, value_node), key, value in zip(pairs, keys, values, strict=True):
            origin = failing.get(key_node) or failing.get(value_node)
            if origin is None and not _hashable(key):
                origin, self.builder.failed[key_node] = key_node, "a key must be text, not a list or mapping"
            if origin is None:
                meta[key] = value
                continue
            if _hashable(key):
                meta.pop(key, None)  # as the last of the same key wins, the one that cannot be built does
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else self.written(key_node)
            unbuilt.setdefault(name, self.unbuilt(key_node, value_node, origin))
        return meta, unbuilt

    def spread_merges(self, pairs: list[tuple[yaml.Node, yaml.Node]]) -> list[tuple[yaml.Node, yaml.Node]]:
        """The pairs with top-level merge keys (`<<: *defaults`) spread out, as YAML does: merged pairs
        first, so the document's own keys win. A merge that cannot be done is recorded at its key."""
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        own: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in pairs:
            if key_node.tag != _MERGE:
                own.append((key_node, value_node))
                continue
            single = yaml.MappingNode(_MAP, [(key_node, value_node)])
            try:
                self.builder.flatten_mapping(single)
            except _FAILURES as error:
                self.builder.failed[value_node] = _reason(error)
                own.append((key_node, value_node))
                continue
            merged.extend(single.value)
        return merged + own

    def unbuilt(self, key_node: yaml.Node, value_node: yaml.Node, origin: yaml.Node) -> Unbuilt:
        """Pointed at the failing value itself when it is written under its key; at the key when the key
        reaches it through an alias: the line that uses it, whatever other lines share it."""
        inside = (
            value_node.start_mark.index >= key_node.end_mark.index  # not an alias of an earlier node
            and value_node.start_mark.index <= origin.start_mark.index < value_node.end_mark.index
        )
        key_line, origin_line = key_node.start_mark.line + self.first_line, origin.start_mark.line + self.first_line
        if inside or origin_line == key_line:
            return Unbuilt(self.written(origin), self.builder.failed[origin], origin_line)
        return Unbuilt(self.written(origin), self.builder.failed[origin], key_line, written_at=origin_line)

    def written(self, node: yaml.Node, limit: int = 60) -> str:
        """The node as written, on one line and cut short: to quote in a message."""
        start, end = node.start_mark.index, min(node.end_mark.index, node.start_mark.index + 4 * limit)
        text = node.value if isinstance(node, yaml.ScalarNode) else self.header[start:end]
        text = " ".join(str(text)[: 4 * limit].split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


def _failing(failed: dict[yaml.Node, str], tops: list[yaml.Node]) -> dict[yaml.Node, yaml.Node]:
    """For every node holding a failed one, however deep or through aliases: the failed one (one of
    them). Each node and each link between nodes is visited once."""
    if not failed:
        return {}
    holders: dict[yaml.Node, list[yaml.Node]] = {}
    seen: set[yaml.Node] = set()
    todo = list(tops)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for child in _children(node):
            holders.setdefault(child, []).append(node)
            todo.append(child)
    reached = {node: node for node in failed}
    todo = list(failed)
    while todo:
        node = todo.pop()
        for holder in holders.get(node, ()):
            if holder not in reached:
                reached[holder] = reached[node]
                todo.append(holder)
    return reached


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield key_node
            yield value_node


def _hashable(key: Any) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True


def _reason(error: Exception) -> str:
    """Why, without PyYAML's `in "<unicode string>", line 3, column 7`: the diagnostic has the line."""
    if isinstance(error, yaml.MarkedYAMLError):
        return str(error.problem or error.context or "cannot be built")
    return str(error).splitlines()[0] if str(error) else type(error).__name__
