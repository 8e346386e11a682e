"""Write a feed as RSS 2.0 or Atom 1.0 (with feedgenerator, which Pelican maintains) or JSON Feed 1.1."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from io import StringIO
from typing import Any

from feedgenerator import Atom1Feed, Rss201rev2Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

from .feeds import Feed, FeedItem


class _HubFeed:
    """What the RSS and Atom writers share, mixed in before feedgenerator's class:

    - the feed's date is its newest item's, never the build time;
    - a post sits in several feeds (the hub's and one per value it has), so each item's XML is made
      once per format and reused, keyed by the item's id.
    """

    items: list[dict[str, Any]]
    element: str
    # item_attributes() and add_item_elements() come from the feedgenerator class mixed in after this one.

    def __init__(self, feed: Feed, made: dict[str, str], **options: Any) -> None:
        super().__init__(  # type: ignore[call-arg]
            title=feed.title, link=feed.home_url, description=feed.description, language=feed.language, **options
        )
        self.updated = feed.updated
        self.made = made

    def latest_post_date(self) -> datetime:
        return self.updated

    def unwritten(self, items: Iterable[FeedItem]) -> Iterator[FeedItem]:
        """The items still to be made, for `add_item`; the others, made for an earlier feed, go in by
        their id alone (nothing else of them is read again)."""
        for item in items:
            if item.id in self.made:
                self.items.append({"unique_id": item.id})
            else:
                yield item

    def write_items(self, handler: Any) -> None:
        for item in self.items:
            xml = self.made.get(item["unique_id"])
            if xml is None:
                buffer = StringIO()
                scratch = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
                scratch.startElement(self.element, self.item_attributes(item))  # type: ignore[attr-defined]
                self.add_item_elements(scratch, item)  # type: ignore[attr-defined]
                scratch.endElement(self.element)
                xml = self.made[item["unique_id"]] = buffer.getvalue()
            handler.ignorableWhitespace(xml)  # SAX's way to write text as it is: already well-formed XML


class _Writing:
    """Wraps feedgenerator's XML handler to adjust a few elements as they are written:

    - `plain`: RSS elements holding plain text (titles, the channel's description, categories, names).
      `&`, `<` and `>` go out as hexadecimal character references, as the RSS Best Practices Profile
      asks, so no reader or validator takes the text for HTML.
    - `typed`: Atom text constructs (title, subtitle). One with `<` or `&` goes out as `type="html"`,
      escaped, so readers show it as the text it is and validators see no undeclared markup.
    - `dropped`: elements left out, such as an empty feed's lastBuildDate.
    """

    def __init__(
        self,
        handler: Any,
        *,
        plain: frozenset[str] = frozenset(),
        typed: frozenset[str] = frozenset(),
        dropped: frozenset[str] = frozenset(),
    ) -> None:
        self.handler, self.plain, self.typed, self.dropped = handler, plain, typed, dropped

    def addQuickElement(self, name: str, contents: str | None = None, attrs: dict[str, str] | None = None) -> None:
        if name in self.dropped:
            return
        if contents and name in self.plain:
            self.handler.startElement(name, attrs or {})
            self.handler.ignorableWhitespace(  # SAX's way to write characters as they are
                contents.replace("&", "&#x26;").replace("<", "&#x3C;").replace(">", "&#x3E;")
            )
            self.handler.endElement(name)
            return
        if contents and name in self.typed and ("<" in contents or "&" in contents):
            contents, attrs = html.escape(contents, quote=False), {**(attrs or {}), "type": "html"}
        self.handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handler, name)


class _Rss(_HubFeed, Rss201rev2Feed):
    """RSS with plain text as character references, no lastBuildDate in an empty feed (it has no date
    worth giving), and categories that say which facet value page they stand for."""

    element = "item"

    def __init__(self, feed: Feed, made: dict[str, str]) -> None:
        super().__init__(feed, made, feed_url=feed.urls["rss"])

    def add_root_elements(self, handler: Any) -> None:
        dropped = frozenset() if self.items else frozenset({"lastBuildDate"})
        plain = frozenset({"title", "description", "category"})
        super().add_root_elements(_Writing(handler, plain=plain, dropped=dropped))

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        writing = _Writing(handler, plain=frozenset({"title", "category", "dc:creator"}))
        super().add_item_elements(writing, item)
        for category in item["hub_categories"]:
            writing.addQuickElement("category", category.label, {"domain": category.scheme})


class _Atom(_HubFeed, Atom1Feed):
    """Atom with categories that carry a scheme and a label, and titles that say when they hold markup
    characters."""

    element = "entry"

    def __init__(self, feed: Feed, made: dict[str, str]) -> None:
        super().__init__(feed, made, feed_url=feed.urls["atom"], feed_guid=feed.urls["atom"], author_name=feed.author)

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(_Writing(handler, typed=frozenset({"title", "subtitle"})))

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(_Writing(handler, typed=frozenset({"title"})), item)
        for category in item["hub_categories"]:
            handler.addQuickElement(
                "category", "", {"term": category.label, "scheme": category.scheme, "label": category.label}
            )


class FeedWriter:
    """Writes one build's feeds, making each item once per format however many feeds carry it."""

    def __init__(self) -> None:
        self.made: dict[str, dict[str, str]] = {"rss": {}, "atom": {}, "json": {}}

    def write(self, key: str, feed: Feed) -> str:
        return {"rss": self.rss, "atom": self.atom, "json": self.json}[key](feed)

    def rss(self, feed: Feed) -> str:
        rss = _Rss(feed, self.made["rss"])
        for item in rss.unwritten(feed.items):
            rss.add_item(
                title=item.title,
                link=item.url,
                description=item.html,
                author_name=item.author,
                pubdate=item.published,
                updateddate=item.updated,
                unique_id=item.id,
                unique_id_is_permalink=False,
                hub_categories=item.categories,
            )
        written: str = rss.writeString("utf-8")
        return written

    def atom(self, feed: Feed) -> str:
        atom = _Atom(feed, self.made["atom"])
        for item in atom.unwritten(feed.items):
            atom.add_item(
                title=item.title,
                link=item.url,
                description=html.escape(item.summary) if item.summary else None,  # Atom says type="html"
                content=item.html,
                author_name=item.author,
                pubdate=item.published,
                updateddate=item.updated,
                unique_id=item.id,
                hub_categories=item.categories,
            )
        written: str = atom.writeString("utf-8")
        return written

    def json(self, feed: Feed) -> str:
        """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
        head = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed.title,
            "home_page_url": feed.home_url,
            "feed_url": feed.urls["json"],
            "description": feed.description,
            "language": feed.language,
            "authors": [{"name": feed.author}],
        }
        made = self.made["json"]
        items = []
        for item in feed.items:
            if item.id not in made:
                made[item.id] = json.dumps(_json_item(item), ensure_ascii=False)
            items.append(made[item.id])
        return json.dumps(head, ensure_ascii=False)[:-1] + ', "items": [' + ",\n".join(items) + "]}\n"


def _json_item(item: FeedItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.html,
        **({"summary": item.summary} if item.summary else {}),
        "date_published": item.published.isoformat(),
        **({"date_modified": item.updated.isoformat()} if item.updated else {}),
        "authors": [{"name": item.author}],
        "tags": [category.label for category in item.categories],
    }
