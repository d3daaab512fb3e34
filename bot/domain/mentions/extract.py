"""Hashtags, links, media kind and network read out of a mention.

The weekly activation report counts hashtags and links, and compares how text, link, image and
video posts do; a jump in volume is traced to one link or network. Extraction is by pattern
only: no network calls, no link expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TAG_CHARS = 512  # the stored tag's column width

_HASHTAG = re.compile(r"(?<![\w#&/])#(\w*[^\W\d]\w*)")
_LINK = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"»”’"
_URL_PARTS = re.compile(r"[a-z][a-z0-9+.\-]*://(?:[^@/?#]*@)?([^/:?#]+)(?::\d+)?([^?#]*)", re.I)

_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic")
_VIDEO_EXTENSIONS = (".mp4", ".mov", ".webm", ".m4v", ".avi")
_VIDEO_HOSTS = frozenset({"youtube.com", "youtu.be", "vimeo.com", "tiktok.com", "twitch.tv"})
_IMAGE_HOSTS = frozenset({"pbs.twimg.com", "imgur.com", "i.redd.it", "flickr.com"})
_INSTAGRAM = frozenset({"instagram.com"})
_VIDEO_PATHS = ("/reel/", "/reels/", "/video/", "/videos/", "/watch")

_MEDIA_WORDS = {
    "text": "text",
    "status": "text",
    "post": "text",
    "tweet": "text",
    "comment": "text",
    "link": "link",
    "article": "link",
    "url": "link",
    "news": "link",
    "image": "image",
    "photo": "image",
    "picture": "image",
    "img": "image",
    "carousel": "image",
    "video": "video",
    "animated_gif": "video",
    "gif": "video",
    "reel": "video",
    "clip": "video",
}

# Host (or its parent domain) -> network; anything else with a link counts as news or web.
NETWORKS = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "t.co": "twitter",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.watch": "facebook",
    "linkedin.com": "linkedin",
    "lnkd.in": "linkedin",
    "reddit.com": "reddit",
    "redd.it": "reddit",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "tiktok.com": "tiktok",
    "threads.net": "threads",
    "bsky.app": "bluesky",
    "pinterest.com": "pinterest",
    "tumblr.com": "tumblr",
}


@dataclass(frozen=True)
class Extracted:
    """What a mention carries besides its words."""

    hashtags: tuple[str, ...]  # lower case, without '#', first occurrence order
    links: tuple[str, ...]
    media: str


def hashtags(text: str) -> tuple[str, ...]:
    """Distinct hashtags in order, lower-cased and without '#' (`#1` is a number, not a tag)."""
    if "#" not in text:  # most posts: skip the pattern scan
        return ()
    seen = dict.fromkeys(tag.lower() for tag in _HASHTAG.findall(text))
    return tuple(tag for tag in seen if len(tag) <= MAX_TAG_CHARS)


def links(text: str) -> tuple[str, ...]:
    """Distinct http(s) links in order, without the punctuation that ends a sentence."""
    if "://" not in text:  # most posts: skip the pattern scan
        return ()
    found = (link.rstrip(_TRAILING) for link in _LINK.findall(text))
    return tuple(link for link in dict.fromkeys(found) if len(link) <= MAX_TAG_CHARS)


def _host_and_path(url: str) -> tuple[str, str]:
    """Lower-case host without "www." and lower-case path; one regex, as this runs per mention."""
    match = _URL_PARTS.match(url)
    if not match:
        return "", ""
    host = match.group(1).lower()
    return (host[4:] if host.startswith("www.") else host), match.group(2).lower()


def _matches(host: str, domains: frozenset[str] | dict[str, str]) -> str | None:
    """The domain of `domains` that `host` is or is under (`m.facebook.com` -> `facebook.com`)."""
    while host:
        if host in domains:
            return host
        host = host.partition(".")[2]
    return None


def network_of(url: str | None) -> str | None:
    """The social network a URL belongs to, "news" for other web pages, None without a URL."""
    if not url:
        return None
    domain = _matches(_host_and_path(url)[0], NETWORKS)
    return NETWORKS[domain] if domain else "news"


_HOST_FACTS: dict[str, tuple[bool, bool, bool, bool]] = {}  # a few hosts recur in every post
_MAX_HOSTS = 10_000


def _host_facts(host: str) -> tuple[bool, bool, bool, bool]:
    """Whether `host` is a video host, a network, an image host, Instagram (remembered)."""
    facts = _HOST_FACTS.get(host)
    if facts is None:
        facts = (
            _matches(host, _VIDEO_HOSTS) is not None,
            _matches(host, NETWORKS) is not None,
            _matches(host, _IMAGE_HOSTS) is not None,
            _matches(host, _INSTAGRAM) is not None,
        )
        if len(_HOST_FACTS) < _MAX_HOSTS:
            _HOST_FACTS[host] = facts
    return facts


def media_of_url(url: str) -> str:
    """Video, image or plain link, judged by the URL's host, path and extension."""
    host, path = _host_and_path(url)
    video_host, network, image_host, instagram = _host_facts(host)
    if video_host or path.endswith(_VIDEO_EXTENSIONS):
        return "video"
    if network and any(part in path for part in _VIDEO_PATHS):
        return "video"
    if image_host or path.endswith(_IMAGE_EXTENSIONS):
        return "image"
    if instagram and path.startswith("/p/"):
        return "image"
    return "link"


def media_kind(declared: str | None, url: str | None, found_links: tuple[str, ...]) -> str:
    """The declared kind when it is known, else judged from the links; no link means text.

    The mention's own URL is its permalink (a tweet's address says nothing about its media),
    so only links inside the text decide, unless the URL itself points at media.
    """
    if declared:
        kind = _MEDIA_WORDS.get(declared.strip().lower())
        if kind:
            return kind
    kinds = [media_of_url(link) for link in found_links]
    own = media_of_url(url) if url else "link"
    if own in ("image", "video"):
        kinds.append(own)
    for kind in ("video", "image", "link"):
        if kind in kinds:
            return kind
    return "text"


def extract(text: str, url: str | None, declared_media: str | None) -> Extracted:
    """Hashtags, links and media kind of one mention."""
    found = links(text)
    return Extracted(hashtags(text), found, media_kind(declared_media, url, found))
