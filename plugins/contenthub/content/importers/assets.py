"""The files imported posts link (images, PDFs…): found in the old blog, copied under the target folder at
their path there, and each link pointed at the copy, as a `{static}` link the build checks. A Pelican post
links them as `{static}…`, `{attach}…` or `{filename}…`; a Jekyll post by their path from the site's root
(`/assets/chart.png`, once `{{ site.baseurl }}` is taken out). Links in Markdown only, as the hub reads
them; a link that names no file is left for the build's link check to report."""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from ...model import Diagnostic, Severity
from ..markdown_code import blank_code
from .incoming import Incoming

_LINK = re.compile(r"(?:\]\([ \t]*<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)(?P<target>[^\s)>]+)", re.M)
"""A Markdown link's or image's target: inline (`](…)`) or in a reference definition (`[id]: …`)."""
_IN_HTML = re.compile(r"""\b(?:src|href)\s*=\s*["']?(?P<target>/[^"'\s>]+)""", re.I)
"""A root-relative link in an HTML tag (`<img src="/assets/chart.png">`): the hub reads `{static}` in
Markdown only, so such a file is not copied, and the link is reported."""
_PELICAN = re.compile(r"(?P<kind>\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)(?P<path>.+)")
_PAGES = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst", ".ipynb")
"""What a link names that is a page, not a file to copy: imported as a post, or not at all."""


@dataclass
class Assets:
    """The files to copy, by their path under the docs folder."""

    target: str
    """The folder the posts are written to, under the docs folder: the files go under it too."""
    copies: dict[str, Path] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def link(self, post: Incoming, src_uri: str, root: Path, *, rooted_only: bool) -> None:
        """Points the links of `post` (to be written at `src_uri`) to files under `root`, the old blog's
        folder, at their copies. `rooted_only`: only links from the root (`/assets/…`) name files, as in
        Jekyll; else the link's kind says so (`{static}`), and a relative one is from the post's folder."""
        blanked = blank_code(post.body)  # code is never a link
        out: list[str] = []
        position = 0
        for found in _LINK.finditer(blanked):
            written = found.group("target")
            new = self._copied(post, src_uri, root, written, rooted_only=rooted_only)
            if new is not None and new != written:
                out += [post.body[position : found.start("target")], new]
                position = found.end("target")
        post.body = "".join([*out, post.body[position:]])
        if rooted_only:  # Pelican's links in HTML are reported by the link check, as the build would
            for found in _IN_HTML.finditer(blanked):
                self._in_html(post, root, found.group("target"))

    def _in_html(self, post: Incoming, root: Path, written: str) -> None:
        """A problem for a link in an HTML tag to a file of the blog, at the first line of the file naming it."""
        source = Path(os.path.normpath(root.absolute() / unquote(re.split(r"[?#]", written)[0]).lstrip("/")))
        if source.suffix.lower() in _PAGES or not source.is_file() or written.startswith("//"):
            return
        try:
            text = post.file.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        at = text.find(written)
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        message = f"`{written}` in an HTML tag: the file is not copied, as the hub reads file links in Markdown only"
        post.problem(line, "", message, f"write it as Markdown, `![…]({written})`, and import the post again")

    def _copied(self, post: Incoming, src_uri: str, root: Path, written: str, *, rooted_only: bool) -> str | None:
        """The link to the copy of the file `written` names, or None when it names no file of the blog."""
        split = re.search(r"[?#]", written)
        link, rest = (written[: split.start()], written[split.start() :]) if split else (written, "")
        kind = _PELICAN.fullmatch(link)
        if rooted_only:
            if kind or not link.startswith("/") or link.startswith("//"):
                return None
            path, prefix = link, "{static}"
        elif kind is None:
            return None
        else:
            path, prefix = kind.group("path"), kind.group("kind")
        folder = root if path.startswith("/") else post.file.path.parent
        source = Path(os.path.normpath(folder.absolute() / unquote(path).lstrip("/")))
        base = Path(os.path.normpath(root.absolute()))
        if base not in source.parents or source.suffix.lower() in _PAGES or source.is_dir():
            return None
        if not source.exists():
            if rooted_only and source.suffix:  # a `{static}` link the build reports; this one it never checks
                post.notes.append(f"`{written}` names no file of the blog: left as written")
            return None
        inside = source.relative_to(base).as_posix()
        if any(part.startswith((".", "_")) for part in inside.split("/")):
            return None  # a file the blog never published (`_drafts/`, `.git/`)
        copy = f"{self.target}/{inside}"
        if self.copies.setdefault(copy, source) != source:
            message = f"`{written}` is {source}, and another file of the import is copied to {copy}; it is not copied"
            hint = "import the two blogs into different folders with --to"
            self.problems.append(Diagnostic(post.file.shown, None, "", message, hint, Severity.ERROR))
            return None
        relative = posixpath.relpath(copy, posixpath.dirname(src_uri))
        if not path.startswith("/") and unquote(path) == relative:
            return written  # relative, and still right from where the post is written
        return prefix.replace("|", "{", 1).replace("|", "}", 1) + "/" + quote(copy, safe="/@!$&'()*+,;=~") + rest

    def check(self, docs_dir: Path) -> None:
        """Leaves out the copies a file already is at: the same file silently (an earlier import copied it),
        another file with a problem, as nothing is ever overwritten."""
        for copy, source in list(self.copies.items()):
            there = docs_dir / copy
            if not there.exists():
                continue
            del self.copies[copy]
            if not there.is_file() or there.read_bytes() != source.read_bytes():
                message = f"a different file is there already; it is not overwritten, and {source} is not copied"
                hint = "move that file, or import into another folder with --to"
                self.problems.append(Diagnostic(copy, None, "", message, hint, Severity.ERROR))
