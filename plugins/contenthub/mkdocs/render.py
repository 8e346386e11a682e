"""Renders the hub's page templates with Jinja; a theme's `contenthub/*.html` overrides ours."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from .. import __version__
from ..urls import relative_url


def count(number: int, one: str = "post", many: str = "posts") -> str:
    return f"{number} {one if number == 1 else many}"


OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "auto_reload": False,  # templates do not change during a build
    "cache_size": -1,
}
"""How the hub's templates are compiled (with the template's text, all that its compiled code depends on)."""


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """The hub's templates as Jinja compiles them, kept between builds: compiling them costs more than
    rendering every page they make. Each is keyed by its file and checked against its text, so an edited
    or overriding template is compiled afresh; the file names also carry what else the code depends on
    (contenthub's and Jinja's versions, the options). A cache that cannot be read or written is no
    cache, never an error."""

    def __init__(self, folder: Path, options: Mapping[str, Any]) -> None:
        described = repr((__version__, jinja2.__version__, sorted(options.items())))
        super().__init__(str(folder), pattern=f"{hashlib.sha256(described.encode()).hexdigest()[:16]}-%s.cache")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable, truncated or foreign: compile instead, as without a cache
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_folder() -> Path | None:
    """`contenthub/templates` in the user's cache folder (`$XDG_CACHE_HOME`, else `~/.cache`), each missing
    level made private to the user. The cache holds code the build runs, so it is used only where no one
    else can put code there, now or while the build runs: the folder, `contenthub` and the cache folder
    itself must be the user's and closed to others, and the folder holding that one the user's or the
    system's, and closed to others unless only owners may rename in it (`/tmp`). None otherwise, and on
    systems without POSIX owners and modes (Windows), where these checks cannot be made."""
    if os.name != "posix":
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        # Where the cache folder really is, if the user linked it elsewhere: that is what is checked.
        root = (Path(base) if os.path.isabs(base) else Path.home() / ".cache").resolve()
        folder = root / "contenthub" / "templates"
        for level in (root, root / "contenthub", folder):
            with contextlib.suppress(FileExistsError):
                level.mkdir(mode=0o700)
        holder = root.parent.lstat()
        levels = [level.lstat() for level in (root, root / "contenthub", folder)]
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    user = os.getuid()
    if holder.st_uid not in (user, 0) or (holder.st_mode & 0o022 and not holder.st_mode & stat.S_ISVTX):
        return None
    if any(not stat.S_ISDIR(found.st_mode) or found.st_uid != user or found.st_mode & 0o022 for found in levels):
        return None
    return folder


def compiled_templates() -> CompiledTemplates | None:
    folder = cache_folder()
    return CompiledTemplates(folder, OPTIONS) if folder is not None else None


class Snippets:
    def __init__(self, theme_dirs: Sequence[str]) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [jinja2.FileSystemLoader(list(theme_dirs)), jinja2.PackageLoader("contenthub.mkdocs", "templates")]
            ),
            bytecode_cache=compiled_templates(),
            **OPTIONS,
        )
        self.env.globals["count"] = count

    def render(self, name: str, page_url: str, **context: Any) -> str:
        """Render `contenthub/<name>.html` for the page at `page_url`; `url()` in it makes links relative."""
        template = self.env.get_template(f"contenthub/{name}.html")
        return template.render(url=lambda target: relative_url(target, page_url), **context)
