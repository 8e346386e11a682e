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

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        return self._root


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
