"""Symbolic links in the docs folder that cannot be followed: loops, and links to nothing.

MkDocs walks the docs folder following links. A link to a folder that holds it (`ln -s . posts/loop`)
makes it list the same files again at every level, until the system refuses a path with too many links
and MkDocs stops with a traceback copying one; a link to a missing file stops it the same way.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass

from ..model import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class BadLink:
    src_uri: str
    """The link's path in the docs folder; every file MkDocs found under it is a copy, or nothing."""
    target: str
    """Where it points, as written."""
    loop: bool

    def diagnostic(self) -> Diagnostic:
        if self.loop:
            message = f"symbolic link to `{self.target}`, which leads back to itself or a folder that holds it"
            hint = "remove the link"
        else:
            message = f"symbolic link to `{self.target}`, which does not exist"
            hint = "point it at a file that exists, or remove it"
        return Diagnostic(self.src_uri, None, "", f"{message}; it is left out of the site", hint=hint)


def bad_links(docs_dir: str) -> list[BadLink]:
    """Every link MkDocs' walk would loop through or find broken, by path; what is under one is not
    looked at. A folder is looked at once per path MkDocs reaches it by, as MkDocs does."""
    found: list[BadLink] = []
    # (folder as walked, its path in the docs folder, the real paths of it and the folders holding it)
    pending: list[tuple[str, str, tuple[str, ...]]] = [(docs_dir, "", (os.path.realpath(docs_dir),))]
    while pending:
        folder, prefix, real = pending.pop()
        try:
            with os.scandir(folder) as listed:
                entries = list(listed)
        except OSError:
            continue  # MkDocs leaves out a folder it cannot list, too
        for entry in entries:
            src_uri = prefix + entry.name
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{src_uri}/", (*real, os.path.join(real[-1], entry.name))))
                continue
            try:
                mode = os.stat(entry.path).st_mode
            except OSError as error:
                found.append(BadLink(src_uri, os.readlink(entry.path), loop=error.errno == errno.ELOOP))
                continue
            if stat.S_ISDIR(mode):
                resolved = os.path.realpath(entry.path)
                if resolved in real:
                    found.append(BadLink(src_uri, os.readlink(entry.path), loop=True))
                else:
                    pending.append((entry.path, f"{src_uri}/", (*real, resolved)))
    return sorted(found, key=lambda link: link.src_uri)


def endless_walk(docs_dir: str) -> list[Diagnostic]:
    """Errors when the docs folder holds two or more links that loop: MkDocs' walk goes through each of
    them inside every other, 40 levels deep, which never ends in practice (2^40 folders for two). It
    walks before any plugin sees a file, so this is checked first, and the build stopped."""
    loops = [link for link in bad_links(docs_dir) if link.loop]
    if len(loops) < 2:
        return []
    return [
        Diagnostic(
            link.src_uri,
            None,
            "",
            f"symbolic link to `{link.target}`, which leads back to itself or a folder that holds it; with "
            f"{len(loops) - 1} more such link{'s' if len(loops) > 2 else ''}, MkDocs would walk the docs folder "
            "without end, so nothing is built",
            hint="remove the link",
            severity=Severity.ERROR,
        )
        for link in loops
    ]
