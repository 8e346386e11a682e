"""Reading front matter YAML: the loader MkDocs uses, and where YAML nested too deeply stops."""

from __future__ import annotations

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loader = _Loader
"""What MkDocs reads front matter with: libyaml's safe loader, else PyYAML's own."""


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
