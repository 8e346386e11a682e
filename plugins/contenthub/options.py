"""One way to declare options and check them, wherever they are written: a plugin's options in mkdocs.yml,
the facet schema, the roundups' rules, a roundup file's front matter.

- `Problems` collects what is wrong, each at its file, line and field, with a hint: made with the file,
  where the options sit in it (`base`) and a line finder (`locate`); `under` gives one for a part of them,
  collecting into the same list.
- Option specs say what an option holds, and what stands in when it holds something else: `Text`, `Flag`,
  `Number`, `Count` (a whole number, with a least), `Seconds` (above 0, with a most). `Problems.read`
  checks one, `Problems.unknown_keys` the keys of a mapping (with a did-you-mean), `Problems.renamed`
  keeps an option's old name working.

No MkDocs here: the plugins hand in plain data and a line finder.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import yaml

from .model import Diagnostic, Severity
from .yamlpos import PathStep

Locate = Callable[[Sequence[PathStep]], int | None]
"""The line of a path of keys and indexes in a file, if it can be found."""

Where = PathStep | tuple[PathStep, ...]
"""A key, or a path of keys and indexes, under a `Problems`' base."""

T = TypeVar("T")


def nowhere(_path: Sequence[PathStep]) -> int | None:
    """A line finder for options that come from no file one can point into."""
    return None


def dotted(path: Sequence[PathStep]) -> str:
    """A field as settings name it: `plugins.contenthub/roundups.rules.block.0.title`."""
    return ".".join(map(str, path))


def top_key(path: Sequence[PathStep]) -> str:
    """A field as front matter names it: its key (`picks`, not `picks.3`), as a post's problems do."""
    return str(path[0]) if path else ""


def as_yaml(value: Any) -> str:
    """A value as YAML writes it (`true`, `heavy`, `''`, `null`): settings are written in YAML, and
    Python's spelling (`True`, `'heavy'`, `None`) would be a wrong example to copy."""
    try:
        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=2**31 - 1)
    except yaml.YAMLError:
        return repr(value)
    return text.removesuffix("...\n").strip()


def did_you_mean(word: str, known: Collection[str], cutoff: float = 0.6) -> str:
    """`did you mean `x`?` for the known word closest to one that is not, or "" when none is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=cutoff)
    return f"did you mean `{close[0]}`?" if close else ""


class Problems:
    """What is wrong with options read from `file`, where they sit at `base`: collected, never raised."""

    def __init__(
        self,
        file: str,
        base: Sequence[PathStep] = (),
        locate: Locate | None = None,
        *,
        field: Callable[[Sequence[PathStep]], str] = dotted,
        found: list[Diagnostic] | None = None,
    ) -> None:
        self.file = file
        self.base = tuple(base)
        self.locate = locate or nowhere
        self.field = field
        self.found: list[Diagnostic] = [] if found is None else found
        """Every problem, in the order found; shared by the `Problems` made `under` this one."""

    def under(self, *steps: PathStep) -> Problems:
        """The problems of the options at `steps` below this one's base, collected into the same list."""
        return Problems(self.file, (*self.base, *steps), self.locate, field=self.field, found=self.found)

    def place(self, where: Where) -> tuple[str, int | None, str]:
        """Where a key is written: (file, line, field)."""
        path = (*self.base, *(where if isinstance(where, tuple) else (where,)))
        return self.file, self.locate(path), self.field(path)

    def add(self, where: Where, message: str, hint: str = "", severity: Severity = Severity.WARNING) -> None:
        self.found.append(Diagnostic(*self.place(where), message, hint, severity))

    def error(self, where: Where, message: str, hint: str = "") -> None:
        """A problem that leaves no sensible default: the build stops on it (after reporting the rest)."""
        self.add(where, message, hint, Severity.ERROR)

    def warning(self, where: Where, message: str, hint: str = "") -> None:
        self.add(where, message, hint, Severity.WARNING)

    @property
    def errors(self) -> bool:
        return any(problem.severity is Severity.ERROR for problem in self.found)

    def read(self, options: Mapping[str, Any], key: str, spec: Option[T]) -> T:
        """The option `key` if it holds what `spec` says, else its default (and the problem, reported).
        Left out, or written empty (`key:`), it is the default."""
        raw = options.get(key)
        if raw is None:
            return spec.default
        if spec.accepts(raw):
            return spec.value(raw)
        expected = f"expected {spec.described}, got `{as_yaml(raw)}`"
        if spec.severity is Severity.ERROR:
            self.error(key, expected, f"the default is {spec.shown}")
        else:
            self.warning(key, f"{expected}; the default `{as_yaml(spec.default)}` is used")
        return spec.default

    def unknown_keys(
        self,
        where: Where,
        mapping: Mapping[Any, Any],
        known: Sequence[str],
        *,
        what: str = "setting",
        severity: Severity = Severity.WARNING,
    ) -> None:
        """A problem for each key of `mapping` (at `where`) that is not `known`, with the closest known one.
        A warning says the key is ignored; an error (a misspelt rule would let through what it was
        meant to stop) stops the build."""
        path = where if isinstance(where, tuple) else (where,)
        for key in mapping:
            if key not in known:
                guess = did_you_mean(str(key), known)
                ignored = "; it is ignored" if severity is Severity.WARNING else ""
                hint = f"{guess} {what}s: {', '.join(known)}".lstrip()
                self.add((*path, str(key)), f"unknown {what} `{key}`{ignored}", hint, severity)

    def renamed(self, options: Mapping[str, Any], old: str, new: str) -> str:
        """The key to read the option `new` from: its old name `old` still works, with a warning at its
        line; both given is an error, and `new` is read."""
        if options.get(old) is None:
            return new
        if options.get(new) is not None:
            self.error(old, f"`{old}` is the old name of `{new}`, which is given too", f"remove `{old}`")
            return new
        self.warning(old, f"`{old}` is now called `{new}`; the old name still works, for now",
                     f"rename it: `{new}: {as_yaml(options[old])}`")  # fmt: skip
        return old


@dataclass(frozen=True)
class Option(Generic[T]):
    """What an option holds, and what stands in when it holds anything else. An error stops the build; a
    warning lets it go on with the default. A subclass names the Python types it takes (`kinds`) and how a
    message says so (`expected`); `accepts` may narrow them."""

    default: T
    severity: Severity = Severity.ERROR
    kinds: ClassVar[tuple[type, ...]] = ()
    expected: ClassVar[str] = ""

    def accepts(self, raw: Any) -> bool:
        """Of one of `kinds`; never YAML's `true` or `false` where a number is wanted (bool is an int)."""
        return isinstance(raw, self.kinds) and (bool in self.kinds or not isinstance(raw, bool))

    def value(self, raw: Any) -> T:
        return raw  # type: ignore[no-any-return]

    @property
    def described(self) -> str:
        """What it holds, as a message says it: `a whole number of 1 or more`."""
        return self.expected

    @property
    def shown(self) -> str:
        """The default, as a hint shows it."""
        return str(self.default)


class Text(Option[str]):
    kinds, expected = (str,), "text"


class Flag(Option[bool]):
    kinds, expected = (bool,), "true or false"


class Number(Option[float]):
    kinds, expected = (int, float), "a number"


@dataclass(frozen=True)
class Count(Option[int]):
    """A whole number of `least` or more: `5.5` entries or days mean nothing."""

    least: int = 0
    kinds = (int,)

    def accepts(self, raw: Any) -> bool:
        return super().accepts(raw) and raw >= self.least

    @property
    def described(self) -> str:
        return f"a whole number of {self.least} or more"


@dataclass(frozen=True)
class Seconds(Option[float]):
    """A wait: above 0, and at most `most` (a longer one is no use, and overflows the operating system's
    timers). The chained comparison also refuses `.nan`, for which no comparison holds, and `.inf`."""

    most: float = 3600.0
    kinds = (int, float)

    def accepts(self, raw: Any) -> bool:
        return super().accepts(raw) and 0 < raw <= self.most

    def value(self, raw: Any) -> float:
        return float(raw)

    @property
    def described(self) -> str:
        return f"a number of seconds above 0 and at most {self.most:g}"

    @property
    def shown(self) -> str:
        return f"{self.default:g}"
