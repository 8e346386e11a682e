"""Point diagnostics about plugin options at their line in mkdocs.yml."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig

from ..taxonomy import Locate
from ..yamlpos import PathStep, YamlPositions


def config_locator(config: MkDocsConfig, plugin: str) -> tuple[str, tuple[PathStep, ...], Locate]:
    """The config file's name as the user knows it, where the plugin's options sit, and a line finder."""
    path = config.config_file_path or "mkdocs.yml"
    try:
        with open(path, encoding="utf-8-sig") as stream:
            positions = YamlPositions(stream.read())
        locate: Locate = positions.line
    except OSError:
        locate = lambda _path: None  # noqa: E731 - the config came from elsewhere; no lines to give
    return os.path.relpath(path) if os.path.isabs(path) else path, ("plugins", plugin), locate
