"""Taking a blog out of the subscriptions: its outlines (all of them) and nothing else, never a file that
no longer parses, and never another blog's id changed."""

from __future__ import annotations

import pytest

from contenthub.ingest.subscriptions import read_subscriptions
from contenthub.ingest.unsubscribe import remove_outline, unsubscribe


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # an empty outline right before its folder's end tag: the folder's end tag stays
            b'<opml><body><outline text="F"><outline xmlUrl="https://b.test/feed"/></outline>'
            b'<outline xmlUrl="https://c.test/feed"/></body></opml>',
            b'<opml><body><outline text="F"></outline><outline xmlUrl="https://c.test/feed"/></body></opml>',
        ),
        (b'<opml><body><outline xmlUrl="https://b.test/feed"/></body></opml>', b"<opml><body></body></opml>"),
        (  # listed twice, one with `/>` inside a quoted value: both go, with their lines
            b'<opml><body>\n  <outline xmlUrl="https://b.test/feed"/>\n  <outline xmlUrl="y"></outline>\n'
            b"  <outline xmlUrl='https://b.test/feed' a='1/>'></outline>\n</body></opml>",
            b'<opml><body>\n  <outline xmlUrl="y"></outline>\n</body></opml>',
        ),
    ],
)
def test_the_feeds_outlines_go_and_every_other_byte_stays(before: bytes, after: bytes):
    assert remove_outline(before, "https://b.test/feed") == after


def test_a_removal_that_would_change_another_blogs_id_is_refused():
    data = (
        b'<opml version="2.0"><body><outline text="News" xmlUrl="https://a.test/f"/>'
        b'<outline text="News" xmlUrl="https://b.test/f"/></body></opml>'
    )
    with pytest.raises(ValueError, match=r"ids would change \(news-2 → news\).*contenthub:id"):
        unsubscribe(data, "https://a.test/f", "s.opml")
    kept, _ = read_subscriptions(unsubscribe(data, "https://b.test/f", "s.opml"), "s.opml")
    assert [s.id for s in kept.sources] == ["news"]


def test_a_file_that_does_not_parse_is_refused():
    with pytest.raises(ValueError, match="not well-formed XML"):
        remove_outline(b'<opml><body><outline xmlUrl="x"/></opml>', "x")
