"""A real HTTP server on 127.0.0.1 that serves fixture feeds and misbehaves on purpose.

Every feed here is written for these tests. Routes:

- `/rss.xml`, `/atom.xml`, `/atom03.xml`, `/rss091.xml`, `/rdf.xml`, `/feed.json`: the formats;
- `/etag.xml` (ETag, 304), `/lastmod.xml` (Last-Modified, 304), `/plain.xml` (no validators);
- `/moved.xml` (301 to /etag.xml), `/missing.xml` (404), `/gone.xml` (410), `/broken.xml` (500),
  `/nowhere.xml` (302 without a Location),
  `/loop-a` and `/loop-b` (a redirect loop);
- `/slow.xml` (answers after `slow` seconds), `/huge.xml` (16 MiB), `/bomb.xml` (16 MiB of gzip-ed zeros
  in 16 KiB), `/invalid.xml`, `/charset.xml` (latin-1 bytes declared as UTF-8), `/empty.xml`, `/xss.xml`;
- answers that are no feed: `/blank.xml` (200, no body), `/spaces.xml` (200, only whitespace),
  `/page.html` (a blog's web page naming its feed), `/bare-page.html` (one naming none), `/logo.png`,
  `/sitemap.xml` (XML, but no feed);
- broken connections: `/truncated.xml` (closed half way through a Content-Length body), `/reset.xml`
  (reset half way), `/hang-up.xml` (closed without an answer);
- `/odd-etag.xml` (an ETag with a byte outside ASCII).

`feeds` maps a path to (body, content type) and may be changed by a test; `requests` records each request's
path and headers; `latency` delays every answer.
"""

from __future__ import annotations

import gzip
import http.server
import socket
import ssl
import struct
import subprocess
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://fixture.example/</link>
<description>A fixture feed.</description>{items}</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://fixture.example/{slug}/?utm_source=feed&amp;keep=1</link>
<guid isPermaLink="false">{slug}</guid><pubDate>{date}</pubDate><category>{category}</category>
<description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"""


def rss(title: str, *items: tuple[str, str, str]) -> bytes:
    """Items are (slug, title, category); dates count down from 20 November 2026."""
    body = "".join(
        ITEM.format(
            slug=slug, title=name, category=category, text=f"About {name}.",
            date=f"{20 - n:02d} Nov 2026 10:00:00 +0000",
        )
        for n, (slug, name, category) in enumerate(items)
    )  # fmt: skip
    return RSS.format(title=title, items=body).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/">
<title>Atom fixture</title><id>urn:fixture:atom</id>
<updated>2026-11-18T10:00:00Z</updated><link href="https://atom.example/"/>
<entry><title>An Atom entry on Facebook</title><id>urn:fixture:atom:1</id><link href="/posts/one"/>
<published>2026-11-18T10:00:00Z</published><updated>2026-11-19T10:00:00Z</updated>
<content type="html">&lt;p&gt;See &lt;a href="relative/page"&gt;this&lt;/a&gt;.&lt;/p&gt;</content></entry></feed>"""

ATOM03 = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Atom 0.3 fixture</title>
<link rel="alternate" type="text/html" href="https://atom03.example/"/><modified>2026-11-17T10:00:00Z</modified>
<entry><title>An old-format entry</title><link rel="alternate" type="text/html" href="https://atom03.example/a"/>
<id>urn:fixture:atom03:1</id><issued>2026-11-17T10:00:00Z</issued><modified>2026-11-17T10:00:00Z</modified>
<summary>Atom 0.3 still exists.</summary></entry></feed>"""

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>RSS 0.91 fixture</title>
<link>https://rss091.example/</link><description>Old.</description>
<item><title>An RSS 0.91 item</title><link>https://rss091.example/item</link><description>Plain.</description></item>
</channel></rss>"""

RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RSS 1.0 fixture</title><link>https://rdf.example/</link>
<description>RDF.</description><items><rdf:Seq><rdf:li rdf:resource="https://rdf.example/one"/></rdf:Seq></items></channel>
<item rdf:about="https://rdf.example/one"><title>An RSS 1.0 item</title><link>https://rdf.example/one</link>
<dc:date>2026-11-16T10:00:00Z</dc:date><description>From RDF.</description></item></rdf:RDF>"""

JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "JSON fixture",
"home_page_url": "https://json.example/", "items": [{"id": "j1", "url": "https://json.example/j1",
"title": "A JSON Feed item on YouTube", "content_html": "<p>Hi <img src=\\"/img.png\\"></p>",
"date_published": "2026-11-15T10:00:00Z", "tags": ["YouTube"]}]}"""

XSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>https://evil.example/</link><description>x</description>
<item><title>&lt;script&gt;alert('title')&lt;/script&gt;Hostile entry</title>
<link>javascript:alert('link')</link><guid isPermaLink="false">x1</guid><pubDate>19 Nov 2026 10:00:00 +0000</pubDate>
<description><![CDATA[<p onclick="alert('click')">Text<script>alert('script')</script>
<img src="x" onerror="alert('img')"><a href="javascript:alert('a')">js link</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>
<svg><a xlink:href="javascript:alert('svg')"><text>svg</text></a><script>alert('svg script')</script></svg>
<form action="https://evil.example/steal"><input name="password"><button>Go</button></form>
<iframe src="https://evil.example/frame"></iframe><object data="x.swf"></object><embed src="x.swf">
<style>body{display:none}</style><a href="https://safe.example/ok?utm_campaign=x">safe link</a></p>]]></description>
</item></channel></rss>"""

INVALID = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</titl></chan"
EMPTY = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Empty</title>
<link>https://empty.example/</link><description>Nothing yet.</description></channel></rss>"""
CHARSET = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9</title>'
    "<link>https://charset.example/</link><description>d</description><item><title>Cr\xe8me br\xfbl\xe9e</title>"
    "<link>https://charset.example/a</link><description>Latin-1 bytes.</description></item></channel></rss>"
).encode("latin-1")

PAGE = b"""<!DOCTYPE html>
<!-- A blog's home page, where a feed was expected. -->
<html lang="en"><head><meta charset="utf-8"><title>Northwind notes</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
<LINK REL="Alternate home" TYPE="application/rss+xml; charset=utf-8" HREF="feed/?format=rss" title="Notes">
<link rel="alternate" type="application/atom+xml" href="/atom.xml">
</head><body><p>Posts <a href="/feed.xml" rel="alternate" type="application/rss+xml">here</a></p></body></html>
"""
BARE_PAGE = b"""<html><head><title>No feed here</title><link rel="alternate" hreflang="fr" href="/fr/"></head>
<body><link rel="alternate" type="application/rss+xml" href="/too-late.xml"></body></html>"""
LOGO = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://site.example/</loc></url></urlset>"""

BIG = 16 * 1024 * 1024


class FeedsServer:
    def __init__(self) -> None:
        self.feeds: dict[str, tuple[bytes, str]] = {
            "/rss.xml": (rss("RSS fixture", ("one", "LinkedIn tips", "LinkedIn"), ("two", "B2B email", "Email")),
                         "application/rss+xml"),
            "/atom.xml": (ATOM, "application/atom+xml"),
            "/atom03.xml": (ATOM03, "application/atom+xml"),
            "/rss091.xml": (RSS091, "application/rss+xml"),
            "/rdf.xml": (RDF, "application/rdf+xml"),
            "/feed.json": (JSON_FEED, "application/feed+json"),
            "/etag.xml": (rss("ETag", ("e1", "Tagged entry", "Blogs")), "application/rss+xml"),
            "/lastmod.xml": (rss("Last-Modified", ("m1", "Dated entry", "Blogs")), "application/rss+xml"),
            "/plain.xml": (rss("Plain", ("p1", "Plain entry", "Blogs")), "application/rss+xml"),
            "/xss.xml": (XSS, "application/rss+xml"),
            "/invalid.xml": (INVALID, "application/rss+xml"),
            "/empty.xml": (EMPTY, "application/rss+xml"),
            "/charset.xml": (CHARSET, "application/rss+xml; charset=utf-8"),
            "/blank.xml": (b"", "application/rss+xml"),
            "/spaces.xml": (b" \r\n\t \n", "application/rss+xml"),
            "/page.html": (PAGE, "text/html; charset=utf-8"),
            "/bare-page.html": (BARE_PAGE, "application/rss+xml"),  # a feed's type, but a page all the same
            "/logo.png": (LOGO, "image/png"),
            "/sitemap.xml": (SITEMAP, "application/xml"),
        }  # fmt: skip
        self.status: dict[str, int] = {"/missing.xml": 404, "/gone.xml": 410, "/broken.xml": 500, "/nowhere.xml": 302}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.latency = 0.0
        self.slow = 3.0
        self.lock = threading.Lock()

    def handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
                    server.requests.append((self.path, dict(self.headers.items())))
                if server.latency:
                    time.sleep(server.latency)
                route = getattr(self, "route_" + self.path.strip("/").replace(".", "_").replace("-", "_"), None)
                if route is not None:
                    route()
                elif self.path in server.status:
                    self.answer(server.status[self.path], b"no", "text/plain")
                elif self.path in server.feeds:
                    body, kind = server.feeds[self.path]
                    self.answer(200, body, kind)
                else:
                    self.answer(404, b"not here", "text/plain")

            def answer(self, code: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def route_etag_xml(self) -> None:
                body, kind = server.feeds["/etag.xml"]
                tag = f'"{zlib.crc32(body):x}"'
                if self.headers.get("If-None-Match") == tag:
                    self.answer(304, b"", kind, {"ETag": tag})
                else:
                    self.answer(200, body, kind, {"ETag": tag})

            def route_lastmod_xml(self) -> None:
                body, kind = server.feeds["/lastmod.xml"]
                stamp = "Wed, 18 Nov 2026 10:00:00 GMT"
                if self.headers.get("If-Modified-Since") == stamp:
                    self.answer(304, b"", kind, {"Last-Modified": stamp})
                else:
                    self.answer(200, body, kind, {"Last-Modified": stamp})

            def route_moved_xml(self) -> None:
                self.answer(301, b"", "text/plain", {"Location": "/etag.xml"})

            def route_loop_a(self) -> None:
                self.answer(302, b"", "text/plain", {"Location": "/loop-b"})

            def route_loop_b(self) -> None:
                self.answer(302, b"", "text/plain", {"Location": "/loop-a"})

            def route_slow_xml(self) -> None:
                time.sleep(server.slow)
                self.answer(200, server.feeds["/rss.xml"][0], "application/rss+xml")

            def route_huge_xml(self) -> None:
                self.send_response(200)  # no Content-Length: the cap must hold while reading
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<!-- padding -->" * 4096
                try:
                    for _ in range(BIG // len(chunk) + 1):
                        self.wfile.write(chunk)
                except OSError:
                    pass  # the client stopped reading at the cap
                self.close_connection = True

            def route_bomb_xml(self) -> None:
                self.answer(200, BOMB, "application/rss+xml", {"Content-Encoding": "gzip"})

            def route_nested_bomb_xml(self) -> None:
                self.answer(200, NESTED_BOMB, "application/rss+xml", {"Content-Encoding": "gzip, gzip"})

            def route_brotli_xml(self) -> None:
                self.answer(200, b"\x0b\x02\x80", "application/rss+xml", {"Content-Encoding": "br"})

            def route_gzip_xml(self) -> None:
                body = gzip.compress(server.feeds["/rss.xml"][0])
                self.answer(200, body, "application/rss+xml", {"Content-Encoding": "gzip"})

            def route_deflate_xml(self) -> None:  # zlib-wrapped, as HTTP means it
                body = zlib.compress(server.feeds["/rss.xml"][0])
                self.answer(200, body, "application/rss+xml", {"Content-Encoding": "deflate"})

            def route_raw_deflate_xml(self) -> None:  # as some servers send it
                packer = zlib.compressobj(wbits=-15)
                body = packer.compress(server.feeds["/rss.xml"][0]) + packer.flush()
                self.answer(200, body, "application/rss+xml", {"Content-Encoding": "deflate"})

            def half_of_the_feed(self) -> None:
                """Headers promising the whole feed, then only its first half."""
                body = server.feeds["/rss.xml"][0]
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()

            def route_truncated_xml(self) -> None:
                self.half_of_the_feed()
                self.close_connection = True

            def route_reset_xml(self) -> None:
                self.half_of_the_feed()
                time.sleep(0.05)  # let the client read what came, then reset: a linger of 0 makes close send RST
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True

            def route_hang_up_xml(self) -> None:
                self.close_connection = True

            def route_odd_etag_xml(self) -> None:
                body, kind = server.feeds["/rss.xml"]
                tag = '"caf\xe9"'  # http.server sends it as latin-1: one byte outside ASCII
                if self.headers.get("If-None-Match", "").encode("latin-1", "replace") == tag.encode("latin-1"):
                    self.answer(304, b"", kind, {"ETag": tag})
                else:
                    self.answer(200, body, kind, {"ETag": tag})

            def route_moved_then_temporary_xml(self) -> None:
                self.answer(301, b"", "text/plain", {"Location": "/for-now.xml"})

            def route_for_now_xml(self) -> None:
                self.answer(302, b"", "text/plain", {"Location": "/etag.xml?for=now"})

        return Handler


BOMB = gzip.compress(b"\0" * BIG, compresslevel=9)
NESTED_BOMB = gzip.compress(gzip.compress(b"\0" * 4 * BIG, compresslevel=9), compresslevel=9)
"""A few KiB, 64 MiB once both layers are off."""


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hang up mid-answer on purpose here (caps, timeouts, kills)


@contextmanager
def running(server: FeedsServer, port: int = 0, certificate: tuple[Path, Path] | None = None) -> Iterator[str]:
    """Serves `server` over HTTP, or over HTTPS with a (certificate, key) pair."""
    httpd = _QuietServer(("127.0.0.1", port), server.handler())
    if certificate is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*certificate)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"{'https' if certificate else 'http'}://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def self_signed(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 that no one vouches for, made by the openssl command (None without it)."""
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
               "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)]  # fmt: skip
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return certificate, key
