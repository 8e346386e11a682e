"""Fetch a feed's bytes: conditional GET, bounded in time and size. Parsing is someone else's job.

Like Miniflux: a connect timeout and a total one, at most 5 redirects, a 15 MiB cap on the body as
decompressed, gzip and deflate accepted, and a User-Agent that says who is asking. The body is
decompressed here, a bounded piece at a time, so no gzip bomb (nested ones included) ever outgrows the
cap. A local path or a `file:` URL is read from disk, for samples and tests.
"""

from __future__ import annotations

import asyncio
import codecs
import hashlib
import itertools
import socket
import ssl
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from .. import __version__
from .cache import Validators
from .options import FetchOptions

USER_AGENT = f"mkdocs-contenthub/{__version__} (+https://pypi.org/project/mkdocs-contenthub/)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)

Status = Literal["fetched", "not_modified", "unchanged", "gone", "failed"]


@dataclass(frozen=True)
class Fetched:
    """The outcome of one fetch. Only `fetched` carries a body that needs parsing."""

    status: Status
    body: bytes = field(default=b"", repr=False)
    content_type: str = ""
    final_url: str = ""
    validators: Validators = field(default_factory=Validators)
    moved_to: str = ""
    """Where a permanent redirect (301, 308) points: the URL to put in the subscriptions."""
    error: str = ""


KEEP_ALIVE = 20
"""Idle connections kept open. Each source is fetched once, mostly from a host of its own, so few are
ever reused; and httpcore's pool checks every idle connection against every other one each time a
request starts or ends: with 100 kept (2026-12, httpcore 1.0.9), fetching 200 feeds from one host took
3 s of CPU instead of 0.4 s."""


def client(options: FetchOptions, connections: int = 100) -> httpx.AsyncClient:
    """`connections`: as many as there are fetches at once, so none waits for a free one."""
    return httpx.AsyncClient(
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=min(connections, KEEP_ALIVE)),
        follow_redirects=True,
        max_redirects=options.max_redirects,
        timeout=httpx.Timeout(options.total_timeout, connect=options.connect_timeout),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
    )


async def fetch(
    http: httpx.AsyncClient, location: str, known: Validators, options: FetchOptions, base: Path
) -> Fetched:
    """Fetch one feed; never raises for what the network or the server does."""
    try:
        scheme = urlsplit(location).scheme.lower()
    except ValueError:
        return Fetched("failed", error=f"`{location}` is not a valid URL; fix xmlUrl in the subscriptions")
    if scheme in ("http", "https"):
        try:
            async with asyncio.timeout(options.total_timeout):
                return await _get(http, location, known, options)
        except TimeoutError:
            return Fetched("failed", error=f"no complete answer within {options.total_timeout:g} s")
    if len(scheme) > 1 and scheme != "file":  # one letter is a Windows drive: a path
        return Fetched(
            "failed", error=f"`{location}` is neither an http(s) address nor a file; fix xmlUrl in the subscriptions"
        )
    return await asyncio.to_thread(_read_file, location, known, options, base)


async def _get(http: httpx.AsyncClient, url: str, known: Validators, options: FetchOptions) -> Fetched:
    headers = {}
    # A validator the server sent with bytes outside ASCII cannot go back in a header: the body's hash
    # still spares the parsing.
    if known.etag and _sendable(known.etag):
        headers["If-None-Match"] = known.etag
    if known.last_modified and _sendable(known.last_modified):
        headers["If-Modified-Since"] = known.last_modified
    try:
        async with http.stream("GET", url, headers=headers) as response:
            return await _answer(response, known, options)
    except httpx.TooManyRedirects:
        return Fetched("failed", error=f"more than {options.max_redirects} redirects (a redirect loop?)")
    except httpx.ConnectTimeout as error:
        return Fetched("failed", error=f"could not connect to {_host(error, url)} within {options.connect_timeout:g} s")
    except httpx.TimeoutException:
        return Fetched("failed", error=f"no answer within {options.total_timeout:g} s")
    except httpx.ConnectError as error:
        return Fetched("failed", error=_unconnected(error, url))
    except (httpx.ReadError, httpx.RemoteProtocolError) as error:
        if isinstance(error, httpx.RemoteProtocolError) and "without sending a response" not in str(error):
            return Fetched("failed", error=f"the server at {_host(error, url)} did not answer in HTTP")
        return Fetched("failed", error="the server closed the connection without answering")
    except httpx.WriteError:
        return Fetched("failed", error="the connection was closed while the request was being sent")
    except httpx.UnsupportedProtocol as error:
        return Fetched("failed", error=f"a redirect led to {_target(error)}, which is not an http(s) address")
    except httpx.InvalidURL as error:
        return Fetched("failed", error=f"`{url}` is not a valid URL ({error}); fix xmlUrl in the subscriptions")
    except httpx.HTTPError as error:  # a proxy's failure, say: httpx's own words, without Python's
        return Fetched("failed", error=f"the request failed ({error})")


async def _answer(response: httpx.Response, known: Validators, options: FetchOptions) -> Fetched:
    moved = _moved_to(response)
    if response.status_code == 304:
        return Fetched("not_modified", final_url=str(response.url), validators=known, moved_to=moved)
    if response.status_code == 410:
        return Fetched("gone", error="the server says the feed is gone for good (410)", moved_to=moved)
    if response.status_code >= 300:  # a redirect that says nowhere to go is no answer either
        reason = response.reason_phrase or "error"
        return Fetched("failed", error=f"the server answered {response.status_code} {reason}", moved_to=moved)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > options.max_bytes:
        return Fetched("failed", error=f"the feed is {_size(int(declared))}, over the {_size(options.max_bytes)} cap")
    encodings = [e.strip().lower() for e in response.headers.get("content-encoding", "").split(",")]
    try:
        inflate = _Inflater([e for e in encodings if e not in ("", "identity")], options.max_bytes)
        body = bytearray()
        async for chunk in response.aiter_raw():
            body += inflate(chunk)
    except _Undecodable as problem:
        return Fetched("failed", error=str(problem))
    except (httpx.ReadError, httpx.RemoteProtocolError):  # reset, or closed short of its Content-Length
        return Fetched("failed", error="the connection was closed before the whole feed arrived")
    return _received(
        bytes(body),
        response.headers.get("content-type", ""),
        str(response.url),
        Validators(response.headers.get("etag", ""), response.headers.get("last-modified", "")),
        known,
        moved,
        empty="the server sent an empty answer",
    )


def _sendable(value: str) -> bool:
    return value.isascii() and value.isprintable()


def _server(error: httpx.RequestError, url: str) -> tuple[str, str]:
    """The name of the host that failed (a redirect may have led elsewhere), and how to show it: with
    its port when the URL gives one."""
    try:
        failed = error.request.url
        name, port = failed.host, failed.port
    except RuntimeError:  # no request attached
        parts = urlsplit(url)
        name, port = parts.hostname or url, None
    shown = f"[{name}]" if ":" in name else name
    return name, f"{shown}:{port}" if port else shown


def _host(error: httpx.RequestError, url: str) -> str:
    return _server(error, url)[1]


def _target(error: httpx.RequestError) -> str:
    try:
        return f"`{error.request.url}`"
    except RuntimeError:
        return "an address"


def _unconnected(error: httpx.ConnectError, url: str) -> str:
    """Why no connection was made, in words: the name, the refusal or the certificate, not an errno."""
    name, host = _server(error, url)
    cause = _cause(error)
    if isinstance(cause, socket.gaierror):
        if cause.errno == socket.EAI_AGAIN:
            return f"the name `{name}` could not be looked up just now (no answer about it): check the network"
        return f"no server named `{name}` could be found: check the feed's address (xmlUrl in the subscriptions)"
    if isinstance(cause, ssl.SSLCertVerificationError):
        why = (cause.verify_message or "not valid").rstrip(".")
        return f"the HTTPS certificate of {host} cannot be trusted ({why[:1].lower() + why[1:]})"
    if isinstance(cause, ssl.SSLError):
        if cause.reason in ("WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "HTTP_REQUEST", "UNKNOWN_PROTOCOL"):
            return (
                f"the server at {host} does not answer in HTTPS: check the feed's address (xmlUrl in the subscriptions)"
            )
        reason = (cause.reason or "unknown reason").replace("_", " ").lower()
        return f"the secure (HTTPS) connection to {host} failed ({reason})"
    if isinstance(cause, ConnectionRefusedError):
        return f"the server at {host} refused the connection"
    words = cause.strerror if cause is not None and cause.strerror else ""
    return f"could not connect to {host}" + (f" ({words[:1].lower() + words[1:]})" if words else "")


def _cause(error: BaseException) -> OSError | None:
    """The socket's own error behind `error`: httpx wraps httpcore's error, which wraps the socket's
    (or, once several addresses were tried, a group of them). httpcore raises its own `from None`, so
    the socket's error is only its context."""
    found: OSError | None = None
    pending: list[BaseException] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError):
            found = current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        following = current.__cause__ or current.__context__
        if following is not None:
            pending.append(following)
    return found


def _received(
    body: bytes,
    content_type: str,
    final_url: str,
    validators: Validators,
    known: Validators,
    moved: str = "",
    *,
    empty: str,
) -> Fetched:
    """`empty`: what to say when the body is nothing, or only whitespace: never a feed, nor a success."""
    if not body.removeprefix(codecs.BOM_UTF8).strip():
        return Fetched("failed", error=empty, moved_to=moved)
    digest = hashlib.sha256(body).hexdigest()
    validators = Validators(validators.etag, validators.last_modified, digest)
    if known.body_hash == digest:  # the server sent no validators, or ignored them: same bytes, no parsing
        return Fetched("unchanged", final_url=final_url, validators=validators, moved_to=moved)
    return Fetched("fetched", body, content_type, final_url, validators, moved)


def _moved_to(response: httpx.Response) -> str:
    """Where the permanent redirects (301, 308) at the start of the chain lead: a temporary one after
    them is the server's business, not a new address for the subscriptions."""
    hops = [*response.history, response]
    moved = ""
    for hop, following in itertools.pairwise(hops):
        if hop.status_code not in (301, 308):
            break
        moved = str(following.url)
    return moved


class _Undecodable(Exception):
    """The body is over the cap once decompressed, in an unknown encoding, or a broken stream."""


class _Inflater:
    """Undoes the Content-Encoding layers one raw chunk at a time, never holding more than `limit` bytes
    of any layer's output: a bomb fails at the cap instead of filling the memory."""

    def __init__(self, encodings: list[str], limit: int) -> None:
        unknown = [e for e in encodings if e not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise _Undecodable(f"the body is encoded as `{unknown[0]}`, which contenthub cannot decompress")
        self.limit = limit
        self.total = 0
        # Said only when an encoding was undone: a plain body over the cap is just over it.
        self.over = f"the feed is over the {_size(limit)} cap" + (" (decompressed)" if encodings else "")
        # Layers were applied in the order listed, so they come off in reverse.
        self.layers: list[Any] = [None] * len(encodings)
        self.encodings = encodings[::-1]

    def __call__(self, chunk: bytes) -> bytes:
        for index, encoding in enumerate(self.encodings):
            chunk = self._inflate(index, encoding, chunk)
        self.total += len(chunk)
        if self.total > self.limit:
            raise _Undecodable(self.over)
        return chunk

    def _inflate(self, index: int, encoding: str, data: bytes) -> bytes:
        fresh = self.layers[index] is None
        if fresh:
            self.layers[index] = zlib.decompressobj(47)  # a gzip or zlib header, whichever it has
        try:
            return self._bounded(self.layers[index], data)
        except zlib.error as error:
            if fresh and encoding == "deflate":  # meant to be zlib, but some servers send it raw
                self.layers[index] = zlib.decompressobj(-15)
                try:
                    return self._bounded(self.layers[index], data)
                except zlib.error:
                    pass
            # zlib says "Error -3 while decompressing data: incorrect header check": the part after the colon.
            why = str(error).rpartition(": ")[2] or "broken data"
            raise _Undecodable(f"the feed came {encoding}-compressed, but could not be decompressed ({why})") from None

    def _bounded(self, layer: Any, data: bytes) -> bytes:
        out = bytearray()
        while data:
            out += layer.decompress(data, self.limit - len(out) + 1)
            if len(out) > self.limit:
                raise _Undecodable(self.over)
            data = layer.unconsumed_tail
        return bytes(out)


def _read_file(location: str, known: Validators, options: FetchOptions, base: Path) -> Fetched:
    from urllib.request import url2pathname  # 10 ms of imports, for local files alone

    path = Path(url2pathname(urlsplit(location).path)) if location.lower().startswith("file:") else base / location
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            return Fetched("failed", error=f"the feed is {_size(size)}, over the {_size(options.max_bytes)} cap")
        body = path.read_bytes()
    except OSError as error:
        return Fetched("failed", error=f"cannot read {path} ({error.strerror or error})")
    # No URL of its own: relative links in it resolve against the source's site (see refresh).
    return _received(body, "", "", Validators(), known, empty=f"{path} is empty")


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MiB"
