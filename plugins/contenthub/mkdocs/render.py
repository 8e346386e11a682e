"""Renders the hub's page templates with Jinja; a theme's `contenthub/*.html` overrides ours."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import jinja2

from ..urls import relative_url


def count(number: int, one: str = "post", many: str = "posts") -> str:
    return f"{number} {one if number == 1 else many}"


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """The hub's templates as Jinja compiles them, kept between builds in Jinja's own folder for the
    user (private to them, in the temporary folder): compiling them costs more than rendering every
    page they make. Each is keyed by its file and checked against its text, so an edited or overriding
    template is compiled afresh. A cache that cannot be read or written is no cache, never an error."""

    def __init__(self) -> None:
        super().__init__(pattern="contenthub-%s.cache")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable, truncated or foreign: compile instead, as without a cache
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates() -> CompiledTemplates | None:
    """The cache, or None where the temporary folder offers no private place for it."""
    try:
        return CompiledTemplates()
    except (OSError, RuntimeError):
        return None


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
            bytecode_cache=compiled_templates(),
        )
        self.env.globals["count"] = count

    def render(self, name: str, page_url: str, **context: Any) -> str:
        """Render `contenthub/<name>.html` for the page at `page_url`; `url()` in it makes links relative."""
        template = self.env.get_template(f"contenthub/{name}.html")
        return template.render(url=lambda target: relative_url(target, page_url), **context)
