"""The sanitizer on its own: what survives nh3's allow-list, and how URLs are resolved and untracked."""

from __future__ import annotations

import pytest

from contenthub.sanitize import absolute_url, safe_html, strip_tracking


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # What the other parameters say must not change: an encoded & or #, a + that may be a space or a
        # plus, a key with no value.
        ("https://a.example/x?q=a%26b&utm_source=x&flag&c=1+2&d=%23h#top", "https://a.example/x?q=a%26b&flag&c=1+2&d=%23h#top"),
        ("https://a.example/?utm_source=x&utm_medium=y", "https://a.example/"),
        ("https://a.example/?UTM_Campaign=x&fbclid=1&gclid=2&id=7", "https://a.example/?id=7"),
        ("https://a.example/?utm%5Fsource=x&id=7", "https://a.example/?id=7"),
        ("https://a.example/?id=7&", "https://a.example/?id=7&"),
        ("https://a.example/path", "https://a.example/path"),
        # Only `&` separates: what follows a `;` is part of the value, tracking or not.
        ("https://a.example/?q=sale;utm_source=x&id=7", "https://a.example/?q=sale;utm_source=x&id=7"),
        ("https://a.example/?id=7&utm_campaign=spring;summer", "https://a.example/?id=7"),
    ],
)  # fmt: skip
def test_tracking_parameters_go_and_the_rest_stays_as_written(url, expected):
    assert strip_tracking(url) == expected


def test_urls_resolve_against_the_base_and_only_images_keep_data_urls():
    html = (
        '<p><a href="../other/?utm_source=feed&amp;page=2">rel</a> <a href=" DATA:text/html,x">data</a>'
        '<img src="data:image/png;base64,AAAA" alt="">'
        '<img srcset="small.png 1x, /w_100,h_50/big.png 2x" alt="">'
        '<a href="https://b.example/a b">space</a> <a href="javascript:alert(1)">js</a></p>'
    )
    cleaned = safe_html(html, "https://s.example/posts/one/", untrack=True, data_images=True)
    assert 'href="https://s.example/posts/other/?page=2"' in cleaned
    assert "<a>data</a>" in cleaned and "<a>js</a>" in cleaned
    assert 'src="data:image/png;base64,AAAA"' in cleaned
    assert 'srcset="https://s.example/posts/one/small.png 1x, https://s.example/w_100,h_50/big.png 2x"' in cleaned
    assert 'href="https://b.example/a%20b"' in cleaned
    without_images = safe_html(html, "https://s.example/posts/one/")
    assert "data:" not in without_images
    assert "utm_source" in without_images, "only outside entries are untracked"


def test_a_resolved_url_depends_on_its_base_and_on_untracking():
    assert absolute_url("https://s.example/a/", "x?utm_source=1") == "https://s.example/a/x?utm_source=1"
    assert absolute_url("https://s.example/b/", "x?utm_source=1", untrack=True) == "https://s.example/b/x"


def test_what_is_no_url_at_all_is_dropped_quietly(capfd):
    html = '<a href="//[::1/x">a</a><img src="http://[::1" alt=""><img srcset="http://[::1 1x, ok.png 2x" alt="">'
    cleaned = safe_html(html, "https://s.example/p/", untrack=True)
    assert cleaned == '<a>a</a><img alt=""><img srcset="https://s.example/p/ok.png 2x" alt="">'
    assert capfd.readouterr().err == "", "no traceback printed by nh3's callback"
    assert absolute_url("https://s.example/", "http://[::1") == ""
