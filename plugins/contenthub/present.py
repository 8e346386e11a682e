"""The hub's HTML: what the views give, put through the templates (`templates/contenthub/*.html`) in the
site's language.

The templates render in the Jinja environment they are handed: under MkDocs, the theme's (an overlay of
it that escapes HTML, as MkDocs' own themes do not), so a theme's `custom_dir` overrides any of them. A
post shows on many pages, and links are relative, so each piece of a post (its card, its line, its chips)
is made once per folder depth and reused: a listing is then a join of pieces made already.

What its public methods hand out is plain `str` HTML, ready to put in a page: not `Markup`, which would
escape any plain string it is added to (but for `card_template`, which goes into a template as it is).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup

from .hub import Hub, Section
from .messages import Messages
from .model import Post, Source
from .urls import depth, relative_url
from .views.hub import HubView

TEMPLATES = "contenthub"
"""The folder of the hub's templates, in a theme's templates or in this package's `templates/`."""
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
SCRIPT_MESSAGES = (
    "kb.count", "kb.filter", "kb.remove", "kb.text", "kb.more", "kb.found", "kb.found_of", "kb.follow", "kb.none",
    "kb.drop", "kb.drop_filter", "kb.drop_text", "kb.together", "kb.failed",
)  # fmt: skip
"""The messages the knowledge base's script shows (contenthub.js), handed to it in the page."""


def own_environment(*folders: str) -> jinja2.Environment:
    """An environment for hosts without a theme of their own to render in: templates from `folders`
    first (a site's overrides), then the hub's own."""
    loader = jinja2.FileSystemLoader([*folders, str(PACKAGE_TEMPLATES)])
    return jinja2.Environment(loader=loader, autoescape=True, auto_reload=False)


class Chip(NamedTuple):
    url: str
    facet: str
    """The facet's label."""
    value: str
    """The value's label."""


class Chips(tuple[Chip, ...]):
    """A post's (or an entry's) chips, to iterate over, and `items`: each chip as `chips.html`'s macro
    `chip` renders it, joined. A value shows on hundreds of cards: its chip rendered once per depth costs
    1 µs a card where rendering every chip took 14 (5 chips a card, at 1,000 posts). Made only when a
    template asks, so a theme's `chips.html` may loop over the chips itself and have no `chip`."""

    render: Callable[[Chip], Markup]

    def __new__(cls, chips: Iterable[Chip], render: Callable[[Chip], Markup]) -> Chips:
        made = super().__new__(cls, chips)
        made.render = render
        return made

    @property
    def items(self) -> Markup:
        # Joined as text: the pieces are markup already, and Markup.join would escape each again (5 µs).
        return Markup("".join([self.render(chip) for chip in self]))


class Card(NamedTuple):
    url: str
    title: str
    date: str
    """As the reader reads it, in the site's language."""
    datetime: str
    """ISO 8601, for `<time datetime>`."""
    excerpt: str
    draft: bool
    chips: Chips
    period: str = ""
    """A roundup's week or month."""


class Line(NamedTuple):
    url: str
    title: str
    date: str
    datetime: str
    draft: bool


class PostMeta(NamedTuple):
    date: str
    datetime: str
    updated: str
    updated_datetime: str
    author: str
    draft: bool
    chips: Chips


class Credit(NamedTuple):
    name: str
    url: str
    """Empty when there is no web address to link to."""


class StoryCard(NamedTuple):
    """An outside entry, as a hub page shows it."""

    title: str
    url: str
    credits: tuple[Credit, ...]
    date: str
    datetime: str
    excerpt: str
    chips: Chips
    note: str


class Group(NamedTuple):
    heading: str
    anchor: str
    stories: tuple[StoryCard, ...]


def web_url(*urls: str) -> str:
    """The first web address: refresh cleans entry URLs, but a cache edited by hand (or an OPML `htmlUrl`)
    could still hold a `javascript:` one, which must never become a link."""
    return next((u.strip() for u in urls if u.strip().lower().startswith(("http://", "https://"))), "")


class PageHead(NamedTuple):
    """What a link preview shows of a page (Open Graph)."""

    site: str
    title: str
    description: str
    url: str
    type: str
    published: str = ""
    modified: str = ""


class PageLink(NamedTuple):
    number: int
    url: str
    current: bool


class Pagination(NamedTuple):
    previous: str
    next: str
    links: tuple[PageLink | None, ...]
    """Every page by number, but for gaps (None) between the first, the last and those around this one."""


def pagination(urls: Sequence[str], number: int, page_url: str, around: int = 2) -> Pagination | None:
    """The links between the pages of one listing, for its page `number` (from 1) at `page_url`; `urls`
    are the pages', site-relative. None for a listing that fits one page."""
    if len(urls) < 2:
        return None
    shown = {1, len(urls), *range(number - around, number + around + 1)}
    shown |= {n for n in range(2, len(urls)) if n - 1 in shown and n + 1 in shown}  # no "…" for one page
    links: list[PageLink | None] = []
    for n, url in enumerate(urls, 1):
        if n in shown:
            links.append(PageLink(n, relative_url(url, page_url), n == number))
        elif links and links[-1] is not None:
            links.append(None)
    previous = relative_url(urls[number - 2], page_url) if number > 1 else ""
    following = relative_url(urls[number], page_url) if number < len(urls) else ""
    return Pagination(previous, following, tuple(links))


@dataclass
class _Level:
    """The pieces for pages at one folder depth, whose links all start with the same `../` prefix."""

    prefix: str
    chips: dict[tuple[str, ...], Chips] = field(default_factory=dict)
    chip_html: dict[Chip, Markup] = field(default_factory=dict)
    cards: dict[str, Markup] = field(default_factory=dict)
    lines: dict[str, Markup] = field(default_factory=dict)


class Presentation:
    """Every piece of the hub's HTML for one build, in one language."""

    def __init__(self, env: jinja2.Environment, hub: Hub, messages: Messages) -> None:
        self.env = env
        self.hub = hub
        self.messages = messages
        env.globals = {
            **env.globals,  # a copy: an overlay shares its globals with the environment it overlays
            "t": messages.html,
            "count": messages.count_html,
            "messages": messages,
        }
        self._levels: dict[int, _Level] = {}
        self._dates: dict[date, str] = {}
        self._macros: dict[tuple[str, str], Callable[..., Markup]] = {}

    @property
    def view(self) -> HubView:
        return self.hub.view

    # -- pieces, made once per post and depth ------------------------------------------------------------

    def cards(self, posts: Iterable[Post], page_url: str) -> str:
        """A listing's items: each post's card in an `<li>`. Each is rendered once per depth and joined:
        value pages list every post several times over, and joining 6,000 rendered items took 1.6 ms
        where a loop over them in a template took 14."""
        level = self._level(page_url)
        made = level.cards
        card, item = self._macro("card"), self._macro("item", "items")
        for post in posts:
            if post.url not in made:
                made[post.url] = item(card(self.card(post, level)))
        return "".join([made[post.url] for post in posts])

    def lines(self, posts: Iterable[Post], page_url: str) -> str:
        """Posts as the items of a plain list: title link, date and draft badge."""
        item = self._macro("item", "items")
        return "".join([item(line) for line in self._lines(posts, self._level(page_url))])

    def _lines(self, posts: Iterable[Post], level: _Level) -> list[Markup]:
        """Each post's line, rendered once per depth (a post is related to many others)."""
        made = level.lines
        post_line = self._macro("post_line")
        for post in posts:
            if post.url not in made:
                made[post.url] = post_line(self._line(post, level))
        return [made[post.url] for post in posts]

    def post_meta(self, post: Post) -> str:
        """Under a post's title, on its own page."""
        level = self._level(post.url)
        updated = post.updated
        meta = PostMeta(
            date=self.date(post.date),
            datetime=post.date.isoformat(),
            updated=self.date(updated) if updated else "",
            updated_datetime=updated.isoformat() if updated else "",
            author=post.author,
            draft=post.draft,
            chips=self.chips(post.values, level),
        )
        return str(self._macro("post_meta")(meta))

    def related(self, post: Post) -> str:
        """After a post, on its own page."""
        others = self.view.related.get(post.url) or []
        return str(self._macro("related")(self._lines(others, self._level(post.url))))

    def latest(self, posts: Sequence[Post], page_url: str, more: str) -> str:
        """A `{% posts … %}` listing: the posts' cards, and `more`, the knowledge base filtered the same way."""
        return self.page("posts", page_url, listing=Markup(self.cards(posts, page_url)), posts=posts, more=more)

    def embed(self, embed: Any, page_url: str, *, in_feed: bool = False) -> str:
        """An embed (`markdown.embeds.Embed`): a facade or a player on the page, a link in a feed item."""
        return self.page("embed", page_url, embed=embed, in_feed=in_feed)

    def card_for(self, post: Post, page_url: str, period: str = "") -> Card:
        """A post's card, for a page at `page_url` (a roundup's card names its `period`)."""
        return self.card(post, self._level(page_url), period)

    def section(self, section: Section, page_url: str, *, in_feed: bool = False) -> str:
        """What an extension adds to a post: on its page, or in its feed items."""
        return self.page(section.template, page_url, **section.context, in_feed=in_feed)

    def card(self, post: Post, level: _Level, period: str = "") -> Card:
        return Card(
            url=level.prefix + post.url,
            title=post.title,
            date=self.date(post.date),
            datetime=post.date.isoformat(),
            excerpt=post.excerpt,
            draft=post.draft,
            chips=self.chips(post.values, level),
            period=period,
        )

    def chips(self, value_ids: Sequence[str], level: _Level) -> Chips:
        key = tuple(value_ids)
        found = level.chips.get(key)
        if found is None:
            view = self.view
            values = [view.taxonomy.value(value_id) for value_id in key]
            found = level.chips[key] = Chips(
                (
                    Chip(level.prefix + view.value_url(value.id), view.facet(value.facet).label, value.label)
                    for value in values
                ),
                functools.partial(self._chip, level.chip_html),
            )
        return found

    def _chip(self, made: dict[Chip, Markup], chip: Chip) -> Markup:
        """A chip, rendered once for each depth (`made` is the depth's)."""
        html = made.get(chip)
        if html is None:
            html = made[chip] = self._macro("chip", "chips")(chip)
        return html

    def story(self, story: Any, sources: Mapping[str, Source], zone: tzinfo, page_url: str) -> StoryCard:
        """An outside entry (a `Story`), for a page at `page_url`."""
        entry = story.entry
        credits = tuple(
            Credit(sources[s].title, web_url(sources[s].site_url, entry.url)) if s in sources else Credit(s, "")
            for s in story.sources
        )
        moment = entry.date.astimezone(zone) if entry.date else None
        return StoryCard(
            title=entry.title,
            url=web_url(entry.url),
            credits=credits,
            date=self.date(moment) if moment else "",
            datetime=moment.isoformat() if moment else "",
            excerpt=entry.excerpt,
            chips=self.chips(story.values, self._level(page_url)),
            note=story.note,
        )

    def date(self, moment: date) -> str:
        """A day as the reader's language writes it; a date-time on the day it has where it was written."""
        day = moment.date() if isinstance(moment, datetime) else moment
        written = self._dates.get(day)
        if written is None:
            written = self._dates[day] = self.messages.date(day)
        return written

    def head(self, head: PageHead) -> str:
        """Open Graph tags for a page."""
        return str(self._macro("head")(head))

    def alternates(self, links: Sequence[Any], title: str, page_url: str) -> str:
        """The `<link rel="alternate">` tags of a page's feeds."""
        return str(self._macro("alternates")(links, title, self._level(page_url).prefix))

    def card_template(self) -> Markup:
        """A card with every part it can have, for the knowledge base's script to fill for each result
        (as `Markup`: it goes into a template as it is)."""
        sample = Card("#", "", "", "", " ", True, Chips([Chip("#", "", "")], functools.partial(self._chip, {})))
        return self._macro("card")(sample)

    # -- pages ---------------------------------------------------------------------------------------

    def page(self, name: str, page_url: str, **context: Any) -> str:
        """`contenthub/<name>.html` for the page at `page_url`; `url(target)` in it links relative to it."""

        def url(target: str) -> str:
            return relative_url(target, page_url)

        template = self.env.get_template(f"{TEMPLATES}/{name}.html")
        return template.render(url=url, hub=self.view, feeds=self.hub.feed_links, **context)

    def fragment(self, name: str, **context: Any) -> str:
        """`contenthub/<name>.html` (or `<name>` with its own extension), for no page in particular."""
        return self.env.get_template(f"{TEMPLATES}/{name if '.' in name else name + '.html'}").render(**context)

    # -- helpers -------------------------------------------------------------------------------------

    def _level(self, page_url: str) -> _Level:
        level = depth(page_url)
        found = self._levels.get(level)
        if found is None:
            found = self._levels[level] = _Level("../" * level)
        return found

    def _line(self, post: Post, level: _Level) -> Line:
        return Line(level.prefix + post.url, post.title, self.date(post.date), post.date.isoformat(), post.draft)

    def _macro(self, name: str, template: str = "") -> Callable[..., Markup]:
        """The macro `name` of `contenthub/<template or name>.html`."""
        key = (template or name, name)
        macro = self._macros.get(key)
        if macro is None:
            module = self.env.get_template(f"{TEMPLATES}/{key[0]}.html").module
            macro = self._macros[key] = getattr(module, name)
        return macro
