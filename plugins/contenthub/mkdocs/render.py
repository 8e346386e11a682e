"""Renders the hub's page templates with Jinja; a theme's `contenthub/*.html` overrides ours."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jinja2

from ..urls import relative_url


def count(number: int, one: str = "post", many: str = "posts") -> str:
    return f"{number} {one if number == 1 else many}"


class Snippets:
    def __init__(self, theme_dirs: Sequence[str]) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [jinja2.FileSystemLoader(list(theme_dirs)), jinja2.PackageLoader("contenthub.mkdocs", "templates")]
            ),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # templates do not change during a build
            cache_size=-1,
        )
        self.env.globals["count"] = count

    def render(self, name: str, page_url: str, **context: Any) -> str:
        """Render `contenthub/<name>.html` for the page at `page_url`; `url()` in it makes links relative."""
        template = self.env.get_template(f"contenthub/{name}.html")
        return template.render(url=lambda target: relative_url(target, page_url), **context)
