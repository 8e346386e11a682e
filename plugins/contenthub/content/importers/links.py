"""An imported post's intra-site links checked as a build checks them (`{filename}`, `{static}`, `{index}`,
`{tag}`, a facet's), against the docs folder and the posts imported with it: a post whose links would
break the build is written as a draft, its links listed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...markdown.links import SiteLinks
from ...model import Diagnostic, Severity
from ...taxonomy import Taxonomy
from ..posts import PostOptions

_TARGET = re.compile(
    r"\]\(\s*<?(?P<inline>(?:\{[A-Za-z_][\w-]*\}|\|[A-Za-z_][\w-]*\|)[^)\s>]*)"
    r"|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?(?P<reference>(?:\{[A-Za-z_][\w-]*\}|\|[A-Za-z_][\w-]*\|)[^\s>]*)",
    re.M,
)
_KIND = re.compile(r"\{(?P<brace>[A-Za-z_][\w-]*)\}|\|(?P<bar>[A-Za-z_][\w-]*)\|")
_CODE = re.compile(r"^[ ]{0,3}(```|~~~).*?^[ ]{0,3}\1[ \t]*$|(`+).+?\2", re.S | re.M)


class LinkCheck:
    def __init__(self, files: Iterable[str], taxonomy: Taxonomy, options: PostOptions) -> None:
        """`files`: every file of the docs folder once the import is written, by its path in it."""
        self.links = SiteLinks(
            dict.fromkeys(files, ""),
            taxonomy,
            {value.id: value.id for value in taxonomy.values},  # the taxonomy plugin makes every value's page
            options.tag_facet,
            options.category_facet,
        )

    def problems(self, src_uri: str, body: str, first_line: int) -> list[Diagnostic]:
        """A problem for each link of `body` (the file's text from line `first_line`) a build reports."""
        blanked = _CODE.sub(lambda found: re.sub(r"[^\n]", " ", found.group(0)), body)  # lines stay in place
        found: list[Diagnostic] = []
        for match in _TARGET.finditer(blanked):
            written = match.group("inline") or match.group("reference")
            kind = _KIND.match(written)
            assert kind is not None  # as the pattern found it
            target = re.split(r"[?#]", written[kind.end() :], maxsplit=1)[0]
            resolved = self.links.resolve(kind.group("brace") or kind.group("bar"), target, src_uri)
            if isinstance(resolved, tuple):
                message, hint = resolved
                line = first_line + blanked.count("\n", 0, match.start())
                found.append(Diagnostic(src_uri, line, "", f"link `{written}`: {message}", hint, Severity.ERROR))
        return found
