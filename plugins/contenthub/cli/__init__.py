"""The `contenthub` command line: check a site, write and import posts, follow outside blogs, draft roundups.

One module per command group; importing them registers their commands on `main`."""

from . import posts, roundups, sources  # noqa: F401  (registers the commands)
from .app import main

__all__ = ["main"]
