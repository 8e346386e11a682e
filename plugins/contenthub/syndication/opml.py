"""The hub's own feeds as one OPML 2.0 file, so a subscriber can import them all in one step."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from ..views.hub import HubView
from .feeds import Feed


def write_opml(feeds: list[Feed], hub: HubView, title: str) -> str:
    """The hub-wide feed and each series' first, then one folder per facet holding its values' feeds
    (RSS addresses)."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ElementTree.SubElement(root, "body")
    folders = {}
    for feed in feeds:
        parent = body
        if feed.value is not None:
            facet = hub.facet(feed.value.facet)
            if facet.id not in folders:
                folders[facet.id] = ElementTree.SubElement(body, "outline", text=facet.label, title=facet.label)
            parent = folders[facet.id]
        ElementTree.SubElement(
            parent,
            "outline",
            type="rss",
            text=feed.title,
            title=feed.title,
            description=feed.description,
            xmlUrl=feed.urls["rss"],
            htmlUrl=feed.home_url,
        )
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
