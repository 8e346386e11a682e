"""Liquid-tag embeds as Pelican's liquid_tags writes them, private by default.

On a line of its own:

    {% youtube dQw4w9WgXcQ [width height] %}      {% vimeo 76979871 [width height] %}
    {% video URL [width height] [poster] %}        {% audio URL %}
    {% img [class] SRC [width [height]] ["title" ["alt"]] %}
    {% slideshare URL %}   {% x URL %} (or `tweet`)   {% linkedin URL %}

Nothing is asked of another site before the reader asks: a YouTube or Vimeo video shows as a facade
(its provider named, a play control), a link without JavaScript and in feeds; a click loads the
privacy-enhanced player (youtube-nocookie.com, Vimeo with `dnt=1`). Video and audio files load only
when played, and a poster only from this site. A SlideShare deck or a post on X or LinkedIn is a card
with a link: no third-party script. A tag that is unknown or has bad arguments is a problem with the
file and the line, and stays visible as written.

Like listings, a page is converted before the theme's templates can render: the conversion leaves a
mark (`<div data-contenthub-embed="N">`) and the embed's data, and the host renders
`contenthub/embed.html` in its place, on the page and in its feed items.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markdown import Markdown

from ..options import did_you_mean
from .page import PageExtension, PageRef, TagBlock, fill

if TYPE_CHECKING:
    from .links import SiteLinks
    from .standalone import StandaloneSite

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
_SIZE = re.compile(r"[1-9]\d{0,4}")
MARK = "data-contenthub-embed"
"""The attribute of the element that marks where an embed goes; its value is the embed's number."""
PROVIDERS = {"slideshare": "SlideShare", "x": "X", "tweet": "X", "linkedin": "LinkedIn"}
TAGS = ("youtube", "vimeo", "video", "audio", "img", *PROVIDERS)
OTHERS = ("posts", "include_code")
"""The tags of the other extensions: listings, and the code included."""


@dataclass(frozen=True)
class Embed:
    """What `contenthub/embed.html` shows. `kind`: youtube, vimeo, video, audio, img or card."""

    kind: str
    url: str
    """Where it is: the video's page, the file, the image, the deck or the post."""
    provider: str = ""
    player: str = ""
    """The privacy-enhanced player a click loads (YouTube, Vimeo)."""
    width: int | None = None
    height: int | None = None
    poster: str = ""
    css_class: str = ""
    title: str = ""
    alt: str = ""
    local: bool = False
    """`url` and `poster` are files of the site, by their site-relative URLs: `url()` links them from the page."""


Problem = tuple[str, str]


def parse_embed(name: str, arguments: str) -> Embed | Problem:
    """The embed a tag asks for, or (what is wrong, a hint)."""
    try:
        words = shlex.split(arguments)
    except ValueError as error:
        return f"cannot read the arguments ({error})", 'quote a text with spaces: `"My title"`'
    if name == "img":
        return _image(words)
    if name in PROVIDERS:
        if len(words) != 1 or not _web(words[0]):
            return "takes one web address", f"write `{{% {name} https://… %}}`"
        return Embed("card", words[0], PROVIDERS[name])
    if not words:
        return "needs what to show", f"write e.g. `{_EXAMPLES[name]}`"
    target, rest = words[0], words[1:]
    size = _size(rest[:2]) if len(rest) >= 2 else (None, None)
    if isinstance(size, str):
        return size, f"write e.g. `{_EXAMPLES[name]}`"
    width, height = size
    if name in ("youtube", "vimeo") and len(rest) not in (0, 2):
        return "takes an id, and a width and a height if any", f"write e.g. `{_EXAMPLES[name]}`"
    if name == "youtube":
        if not _YOUTUBE_ID.fullmatch(target):
            return f"`{target}` is not a YouTube video id", f"write e.g. `{_EXAMPLES[name]}`"
        watch, player = f"https://www.youtube.com/watch?v={target}", f"https://www.youtube-nocookie.com/embed/{target}"
        return Embed("youtube", watch, "YouTube", f"{player}?autoplay=1", width, height)
    if name == "vimeo":
        if not re.fullmatch(r"[0-9]+", target):
            return f"`{target}` is not a Vimeo video id", f"write e.g. `{_EXAMPLES[name]}`"
        player = f"https://player.vimeo.com/video/{target}?dnt=1&autoplay=1"
        return Embed("vimeo", f"https://vimeo.com/{target}", "Vimeo", player, width, height)
    if name == "audio":
        if rest:
            return "takes one file", f"write e.g. `{_EXAMPLES[name]}`"
        return Embed("audio", target)
    # video URL [width height] [poster]
    if len(rest) == 1 and _SIZE.fullmatch(rest[0]):
        return "has a width without a height", f"write e.g. `{_EXAMPLES[name]}`"
    poster = rest[2] if len(rest) == 3 else rest[0] if len(rest) == 1 else ""
    if len(rest) > 3:
        return "has too many arguments", f"write e.g. `{_EXAMPLES[name]}`"
    if poster and urlsplit(poster).netloc:
        return f"the poster `{poster}` is on another site, which would be asked before the reader plays", (
            "put the image in the docs folder and give its path"
        )
    return Embed("video", target, width=width, height=height, poster=poster)


_EXAMPLES = {
    "youtube": "{% youtube dQw4w9WgXcQ 640 360 %}",
    "vimeo": "{% vimeo 76979871 %}",
    "video": "{% video /media/talk.mp4 640 360 /media/talk.jpg %}",
    "audio": "{% audio /media/episode.mp3 %}",
    "img": '{% img left /images/chart.png 300 200 "The chart" "Bars rising" %}',
}


def _web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _size(words: list[str]) -> tuple[int, int] | str:
    if all(_SIZE.fullmatch(word) for word in words):
        return int(words[0]), int(words[1])
    return f"`{' '.join(words)}` is not a width and a height"


def _image(words: list[str]) -> Embed | Problem:
    """Pelican's order: [class] SRC [width [height]] ["title" ["alt"]]; a source has a `/` in it."""
    at = next((n for n, word in enumerate(words) if "/" in word), None)
    if at is None:
        return "needs an image with a path or address", f"write e.g. `{_EXAMPLES['img']}`"
    css_class, src, rest = " ".join(words[:at]), words[at], words[at + 1 :]
    sizes = [word for word in rest[:2] if _SIZE.fullmatch(word)]
    texts = rest[len(sizes) :]
    if len(texts) > 2:
        return "has too many arguments", f"quote the title and the text: `{_EXAMPLES['img']}`"
    width, height = (int(sizes[0]) if sizes else None), (int(sizes[1]) if len(sizes) > 1 else None)
    title = texts[0] if texts else ""
    return Embed(
        "img",
        src,
        width=width,
        height=height,
        css_class=css_class,
        title=title,
        alt=texts[1] if len(texts) > 1 else title,
    )


def read_embed(name: str, arguments: str) -> Embed | Problem:
    """The embed a tag of any name asks for; an unknown name is a problem with the closest known one."""
    if name in TAGS:
        return parse_embed(name, arguments)
    known = [*TAGS, *OTHERS]
    if name.lower() in known:
        return f"`{name}`: a tag's name is written in lower case", f"write `{{% {name.lower()} …%}}`"
    return f"`{name}` is no tag the hub knows", did_you_mean(name, known) or f"tags: {', '.join(known)}"


class EmbedsExtension(PageExtension):
    """`contenthub.markdown.embeds`. The host says which page is converted (`start`), and later reads
    each page's `embeds` to render them in place of their marks."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.embeds: dict[str, list[Embed]] = {}
        self.site: SiteLinks | None = None
        """The site's files, where the host knows them: a file embedded by its path is checked and linked."""

    def join(self, site: StandaloneSite) -> None:
        self.site = site.links

    def _read(self, name: str, arguments: str) -> Embed | Problem:
        """The embed, with the site's own files (a video, an image, a poster) found as links to them are:
        relative to the page's file, or to the docs folder with a leading `/`, `{static}` or not."""
        embed = read_embed(name, arguments)
        if isinstance(embed, tuple) or embed.kind not in ("video", "audio", "img") or self.site is None:
            return embed
        if self.page is None or _web(embed.url) or (embed.poster and _web(embed.poster)):
            return embed
        urls = []
        for path in (embed.url, embed.poster):
            resolved = self.site.resolve("static", path.removeprefix("{static}"), self.page.src_uri) if path else ""
            if isinstance(resolved, tuple):
                return resolved
            urls.append(self.site.files[resolved] if resolved else "")
        return dataclasses.replace(embed, url=urls[0], poster=urls[1], local=True)

    def start(self, page: PageRef) -> None:
        super().start(page)
        self.embeds.pop(page.src_uri, None)

    def fill(self, html: str, site: StandaloneSite) -> str:
        found = self.embeds.get(self.page.src_uri, []) if self.page is not None else []
        url = self.page.url if self.page is not None else ""
        return fill(html, MARK, lambda number: site.hub.present.embed(found[number], url)) if found else html

    def extend(self, md: Markdown) -> None:
        block = TagBlock(
            md.parser, self, wants=lambda name: name not in OTHERS, read=self._read, made=self.embeds, attribute=MARK
        )
        md.parser.blockprocessors.register(block, "contenthub_embeds", 14)


def makeExtension(**kwargs: Any) -> EmbedsExtension:  # the name Python-Markdown looks for
    return EmbedsExtension(**kwargs)
