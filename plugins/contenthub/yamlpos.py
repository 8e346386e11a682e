"""Line numbers for places in a YAML document, so every diagnostic can point at its line.

The document is only composed (never constructed), so custom tags such as `!ENV` or
`!!python/name:` in mkdocs.yml cost nothing and raise nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PathStep = str | int


class YamlPositions:
    """Finds the 1-based line of a path of keys and indexes in a YAML document."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._text = text
        self._first_line = first_line
        self._root: yaml.Node | None = None
        self._composed = False
        self._item_lines: dict[yaml.Node, list[int]] = {}

    def line(self, path: Sequence[PathStep]) -> int | None:
        """The line of the deepest node on `path` that exists; None if the document does not parse."""
        node = self._compose()
        if node is None:
            return None
        line = node.start_mark.line
        for step in path:
            found = _child(node, step)
            if found is None:
                break
            if _aliased(node, step, *found):
                # `[*l, *l]`, `updated: *d`: the node is where its anchor is written; report the alias.
                if isinstance(node, yaml.SequenceNode):
                    return self._alias_line(node, step, line) + self._first_line
                return found[0] + self._first_line
            line, node = found
        return line + self._first_line

    def holds(self, path: Sequence[PathStep]) -> bool:
        """Whether every step of `path` exists in the document."""
        node = self._compose()
        for step in path:
            found = _child(node, step) if node is not None else None
            if found is None:
                return False
            node = found[1]
        return node is not None

    def scalar(self, key: str) -> str | None:
        """A top-level key's text value, such as mkdocs.yml's `INHERIT`."""
        node = self._compose()
        found = _child(node, key) if node is not None else None
        return found[1].value if found and isinstance(found[1], yaml.ScalarNode) else None

    def _alias_line(self, parent: yaml.Node, step: PathStep, line: int) -> int:
        """The line of an alias under `parent`, which PyYAML does not keep: in a block list, the line of
        the item's `-`; else the line of what holds it, where the key or the flow list starts."""
        if not isinstance(parent, yaml.SequenceNode) or parent.flow_style or not isinstance(step, int):
            return line
        if parent not in self._item_lines:
            self._item_lines[parent] = self._dash_lines(parent)
        found = self._item_lines[parent]
        return found[step] if step < len(found) else line

    def _dash_lines(self, block_list: yaml.Node) -> list[int]:
        """The line of each item's `-` in a block list: those at its column, until a line less indented
        or not an item at that column ends it."""
        column = block_list.start_mark.column
        found = [block_list.start_mark.line]  # the first `-` may follow another one's (`- - a`)
        lines = self._text.split("\n")
        for number in range(block_list.start_mark.line + 1, len(lines)):
            text = lines[number]
            content = text.lstrip(" ")
            indent = len(text) - len(content)
            if not content or content.startswith("#") or indent > column:
                continue  # blank, a comment, or inside an item
            if indent < column or not (content == "-" or content.startswith(("- ", "-\t"))):
                break
            found.append(number)
        return found

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        return self._root


def _aliased(parent: yaml.Node, step: PathStep, line: int, child: yaml.Node) -> bool:
    """Whether `child`, found at `step` under `parent`, is an alias there, of a node written before:
    anchors come before their aliases, and PyYAML keeps only the anchored node and its place."""
    if child.start_mark.index < parent.start_mark.index or child.start_mark.line < line:
        return True
    return isinstance(step, int) and any(item is child for item in parent.value[:step])


def _child(node: yaml.Node, step: PathStep) -> tuple[int, yaml.Node] | None:
    """The line to report for `step` under `node` (a key's own line, where the user looks) and its node."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                return key.start_mark.line, value
        return None
    if isinstance(node, yaml.SequenceNode):
        if isinstance(step, int):
            if 0 <= step < len(node.value):
                return node.value[step].start_mark.line, node.value[step]
            return None
        # A name in a list: an item equal to it, or a one-key mapping under it (as `plugins:` is written).
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.value == step:
                return item.start_mark.line, item
            if isinstance(item, yaml.MappingNode):
                found = _child(item, step)
                if found is not None:
                    return found
    return None
