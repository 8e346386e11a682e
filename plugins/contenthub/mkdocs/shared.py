"""The hub the three plugins share during a build, kept beside the build's config.

The taxonomy plugin makes it in `on_config`; the others find it from the config they are handed, so no
plugin reads another's attributes. A `mkdocs serve` rebuild loads the config afresh, and with it comes a
fresh hub; the last one goes when its config does.
"""

from __future__ import annotations

import weakref

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..hub import Hub

TAXONOMY = "contenthub/taxonomy"

_hubs: dict[int, Hub] = {}


def share(config: MkDocsConfig, hub: Hub) -> None:
    key = id(config)
    if key not in _hubs:
        weakref.finalize(config, _hubs.pop, key, None)
    _hubs[key] = hub


def hub_of(config: MkDocsConfig, plugin: str) -> Hub:
    """The build's hub, which `plugin` builds on; a clear error when the taxonomy plugin is not there."""
    hub = _hubs.get(id(config))
    if hub is None:
        raise PluginError(f"{plugin} builds on {TAXONOMY}: add both under `plugins:`.")
    return hub
