"""Front matter that themes print as HTML, escaped once every plugin has read it as written.

MkDocs renders themes without autoescaping, and Material prints these front-matter values as they are:
`title` (`<title>`, the header, the nav, tabs, breadcrumbs, the footer's links, the `<h1>` of a page
without one, and the search results, which insert it as HTML), `description` and `author` (`content`
attributes of `<meta>` tags), `subtitle` (the nav) and `status` (a `class` attribute in the nav). A `"`
or a `<` in any of them breaks the tag, and can run script.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markupsafe import escape

THEME_TEXT = ("title", "description", "author", "subtitle", "status")


def escape_theme_text(meta: MutableMapping[str, Any]) -> None:
    """Escape a page's theme-printed values in place.

    They become `Markup`, so escaping is done once: again here (a second build of the same page), or by a
    template's `| e` (Material's footer labels), leaves them as they are. Values that are not text print
    as their text, escaped; empty ones stay, since templates test them (`{% if page.meta.author %}`).
    """
    for key in THEME_TEXT:
        value = meta.get(key)
        if value:
            meta[key] = escape(value)
