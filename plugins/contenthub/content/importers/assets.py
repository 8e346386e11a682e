"""The files imported posts link (images, PDFs…): found in the old blog, copied under the target folder at
their path there, and each link pointed at the copy, as a `{static}` link the build checks. A Pelican post
links them as `{static}…`, `{attach}…` or `{filename}…`; a Jekyll post by their path from the site's root
(`/assets/chart.png`, once `{{ site.baseurl }}` or the site's `baseurl` is taken out). Links in Markdown
only, as the hub reads them; a Jekyll link in an HTML tag is reported. A link that names no file is left
for the build's link check to report. Nothing outside the blog's folder is ever copied (symbolic links
are followed to see where they lead)."""

from __future__ import annotations

import filecmp
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from ..markdown_code import LINK, blank_code
from .incoming import Incoming

_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|srcset)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'>]+))""", re.I
)
_PELICAN = re.compile(r"(?P<kind>\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)(?P<path>.+)")
_PAGES = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst", ".ipynb")
"""What a link names that is a page, not a file to copy: imported as a post, or not at all."""


@dataclass
class Assets:
    """The files to copy, by their path under the docs folder, and the posts that link each."""

    target: str
    """The folder the posts are written to, under the docs folder: the files go under it too."""
    copies: dict[str, Path] = field(default_factory=dict)
    linked: dict[str, list[Incoming]] = field(default_factory=dict)

    def link(self, post: Incoming, src_uri: str, root: Path, *, rooted_only: bool, baseurl: str = "") -> None:
        """Points the links of `post` (to be written at `src_uri`) to files under `root`, the old blog's
        folder, at their copies. `rooted_only` (Jekyll): only links from the site's root (`/assets/…`,
        `baseurl` taken out) name files; else (Pelican) the link's kind says so (`{static}`), and a
        relative one is from the post's folder."""
        blanked = blank_code(post.body)  # code is never a link
        out: list[str] = []
        position = 0
        for found in LINK.finditer(blanked):
            group = "angled" if found.group("angled") is not None else "target"
            written = found.group(group)
            new = self._copied(post, src_uri, root, written, rooted_only=rooted_only, baseurl=baseurl)
            if new is not None and new != written:
                out += [post.body[position : found.start(group)], new]
                position = found.end(group)
        post.body = "".join([*out, post.body[position:]])
        if rooted_only:  # Pelican's links in HTML are reported by the link check, as the build would
            for tag in _TAG.finditer(blanked):
                self._in_tag(post, root, baseurl, tag.group(0), post.body_line + blanked.count("\n", 0, tag.start()))

    def _in_tag(self, post: Incoming, root: Path, baseurl: str, tag: str, line: int) -> None:
        """A problem for each link of an HTML tag to a file of the blog: the hub reads file links in
        Markdown only, so the link would still point at the old blog."""
        for attribute in _ATTRIBUTE.finditer(tag):
            value = next(v for v in attribute.group("double", "single", "bare") if v is not None)
            for url in [part.split()[0] for part in value.split(",") if part.split()]:  # a srcset lists several
                source = self._source(post, root, _without(url, baseurl), rooted=True)
                if source is not None and source.is_file():
                    message = f"`{url}` in an HTML tag: the hub reads links to files in Markdown only"
                    post.problem(line, "", message, f"write it as Markdown, `![…]({url})`, and import the post again")

    def _source(self, post: Incoming, root: Path, path: str, *, rooted: bool) -> Path | None:
        """The file of the blog a link's path names (None when it is outside the blog, or a page)."""
        if rooted and (not path.startswith("/") or path.startswith("//")):
            return None
        folder = root if path.startswith("/") else post.file.path.parent
        source = Path(os.path.normpath(folder.absolute() / unquote(path).lstrip("/")))
        base = Path(os.path.normpath(root.absolute()))
        if base not in source.parents or source.suffix.lower() in _PAGES:
            return None
        if source.exists() and root.resolve() not in source.resolve().parents:
            message = f"`{path}` is a symbolic link out of the blog's folder; it is not copied"
            post.problem(None, "", message, "copy the file into the blog's folder, and import the post again")
            return None
        return source

    def _copied(
        self, post: Incoming, src_uri: str, root: Path, written: str, *, rooted_only: bool, baseurl: str
    ) -> str | None:
        """The link to the copy of the file `written` names, or None when it names no file of the blog."""
        split = re.search(r"[?#]", written)
        link, rest = (written[: split.start()], written[split.start() :]) if split else (written, "")
        kind = _PELICAN.fullmatch(link)
        if rooted_only and kind is None:
            path, prefix = _without(link, baseurl), "{static}"
        elif kind is not None and not rooted_only:
            path, prefix = kind.group("path"), kind.group("kind")
        else:
            return None
        source = self._source(post, root, path, rooted=rooted_only)
        if source is None or source.is_dir():
            return None
        if source.exists() and not source.is_file():  # a pipe or a device: reading it could wait for ever
            post.problem(None, "", f"`{written}` is no regular file; it is not copied", "link a file")
            return None
        if not source.exists():
            if rooted_only and source.suffix:  # a `{static}` link the build reports; this one it never checks
                post.notes.append(f"`{written}` names no file of the blog: left as written")
            return None
        inside = source.relative_to(Path(os.path.normpath(root.absolute()))).as_posix()
        if any(part.startswith((".", "_") if rooted_only else ".") for part in inside.split("/")):
            return None  # a file the blog never published (Jekyll's `_drafts/`, `.git/`)
        copy = f"{self.target}/{inside}"
        if self.copies.setdefault(copy, source) != source:
            message = f"`{written}` is {source}, and another file of the import is copied to {copy}; it is not copied"
            post.problem(None, "", message, "import the two blogs into different folders with --to")
            return None
        self.linked.setdefault(copy, []).append(post)
        relative = posixpath.relpath(copy, posixpath.dirname(src_uri))
        if not path.startswith("/") and unquote(path) == relative:
            return written  # relative, and still right from where the post is written
        return prefix.replace("|", "{", 1).replace("|", "}", 1) + "/" + quote(copy, safe="/@!$&'()*+,;=~") + rest

    def check(self, docs_dir: Path) -> None:
        """Leaves out the copies a file already is at: the same file silently (an earlier import copied it),
        another file, or a file where a folder must be, with a problem for each post linking it (it would
        show the wrong file, or none), as nothing is ever overwritten."""
        for copy, source in list(self.copies.items()):
            there = docs_dir / copy
            blocked = next((folder for folder in there.parents if folder.is_file()), None)
            if blocked is None and not there.exists():
                continue
            del self.copies[copy]
            if blocked is None and there.is_file() and _same(there, source):
                continue
            if blocked is not None:
                message = f"{blocked} is a file, so nothing can be copied to {copy}"
            else:
                message = f"{copy}: a different file is there already; it is not overwritten"
            for post in self.linked.get(copy, []):
                post.problem(None, "", message, "move that file, or import into another folder with --to")


def _same(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes (one that cannot be read is taken for another file)."""
    try:
        return filecmp.cmp(one, other, shallow=False)
    except OSError:
        return False


def _without(link: str, baseurl: str) -> str:
    """A Jekyll link without the site's `baseurl` (`/blog/assets/a.png` → `/assets/a.png`)."""
    return link[len(baseurl) :] if baseurl and (link + "/").startswith(baseurl + "/") else link
