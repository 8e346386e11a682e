"""Report diagnostics through MkDocs' log, all at once, and stop the build when they must."""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..model import Diagnostic, Severity

log = get_plugin_logger("contenthub")


def report(diagnostics: Iterable[Diagnostic], *, strict: bool) -> None:
    """Log every diagnostic; raise once at the end if any is fatal (an error, or anything when strict).

    Warnings go through MkDocs' logger, so `mkdocs build --strict` counts them too.
    """
    fatal = 0
    for diagnostic in diagnostics:
        if strict or diagnostic.severity is Severity.ERROR:
            fatal += 1
            log.error(str(diagnostic))
        else:
            log.warning(str(diagnostic))
    if fatal:
        mode = " (strict mode turns every problem into an error)" if strict else ""
        raise PluginError(f"{fatal} problem{'s' if fatal != 1 else ''} in the settings and posts, listed above{mode}.")
