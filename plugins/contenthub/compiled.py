"""The hub's templates, kept compiled between builds in the project's own `.cache/contenthub/templates`.

Compiling the hub's twenty templates took 68 to 95 ms of every build (measured at 1,000 posts, about a
tenth of all the plugins add there); read back, they take a few. Jinja can keep what it compiled (a bytecode
cache); the folder is the project's, beside `mkdocs.yml`, where Material's plugins keep theirs, so a build
writes nothing outside the project.

A kept template is used only if it was compiled from the same text (Jinja checks a checksum), by the
same Jinja release and Python, with the same settings that shape compiled code (syntax, whitespace,
escaping, extensions, async, finalize: the folder is named after them): an edited or overriding
template, an upgrade or another theme's settings compile afresh. A cache that cannot
be written (a read-only checkout) or read (a damaged file) is passed over: the template is compiled, as
without one. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import sys
from contextlib import suppress
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

FOLDER = Path(".cache") / "contenthub" / "templates"
"""Under the project's folder (the one holding mkdocs.yml)."""


class _KeptTemplates(jinja2.FileSystemBytecodeCache):
    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (any error unpickling it): compile, as if it were not there
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):  # cannot be written: compiled again next build, nothing lost
            super().dump_bytecode(bucket)


def settings_key(env: jinja2.Environment) -> str:
    """What the compiled code depends on besides the template's text."""
    settings = (
        jinja2.__version__,
        sys.implementation.cache_tag,
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "function"),
        sorted(env.extensions), env.is_async, getattr(env.finalize, "__qualname__", None),
    )  # fmt: skip
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def keep_compiled(env: jinja2.Environment, project: Path) -> jinja2.Environment:
    """`env`, keeping its compiled templates in the project's cache folder when it can make it."""
    folder = project / FOLDER / settings_key(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env  # a read-only checkout: compiled each build
    env.bytecode_cache = _KeptTemplates(str(folder))
    return env
