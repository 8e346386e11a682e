"""Point diagnostics about plugin options at their line in mkdocs.yml, or in the file it INHERITs."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig

from ..options import Locate
from ..yamlpos import PathStep, YamlPositions


def config_locator(config: MkDocsConfig, plugin: str) -> tuple[str, tuple[PathStep, ...], Locate]:
    """The config file holding the plugin's options, as the user names it, where they sit, and a line finder.

    With `INHERIT`, the options may live in the parent file; the first file of the chain that has them wins.
    """
    base: tuple[PathStep, ...] = ("plugins", plugin)
    path = config.config_file_path or "mkdocs.yml"
    chain: list[tuple[str, YamlPositions]] = []
    seen: set[str] = set()
    while path and os.path.abspath(path) not in seen:
        seen.add(os.path.abspath(path))
        try:
            with open(path, encoding="utf-8-sig") as stream:
                positions = YamlPositions(stream.read())
        except OSError:
            break
        chain.append((path, positions))
        parent = positions.scalar("INHERIT")
        path = os.path.join(os.path.dirname(path), parent) if parent else ""
    if not chain:
        return _shown(config.config_file_path or "mkdocs.yml"), base, lambda _path: None
    holder, positions = next(((p, found) for p, found in chain if found.holds(base)), chain[0])
    return _shown(holder), base, positions.line


def _shown(path: str) -> str:
    return os.path.relpath(path) if os.path.isabs(path) else path
