"""Renders the hub's HTML snippets with Jinja; a theme's `contenthub/*.html` overrides ours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import jinja2

from ..urls import relative_url


def _long_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


class Snippets:
    def __init__(self, theme_dirs: Sequence[str]) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [
                    jinja2.FileSystemLoader(list(theme_dirs)),
                    jinja2.PackageLoader("contenthub.mkdocs", "templates"),
                ]
            ),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=False,
        )
        self.env.filters["longdate"] = _long_date

    def render(self, name: str, page_url: str, **context: Any) -> str:
        """Render `contenthub/<name>.html` for the page at `page_url`; links in it are made relative."""
        template = self.env.get_template(f"contenthub/{name}.html")
        return template.render(url=lambda target: relative_url(target, page_url), **context)
