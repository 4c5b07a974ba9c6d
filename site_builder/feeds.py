"""Atom 1.0 feeds of the latest additions: `/feed.xml` and `/tags/<tag>/feed.xml`.

A feed's entries are the papers added last, newest first: each with its title, a link to
its page, its authors, its tags as categories, the day it was added (as both `published`
and `updated`: the entry is the paper joining the list) and its abstract and notes as
HTML, rendered as on its page. The XML is built with ElementTree, so whatever a paper file
says is text in a well-formed document (characters XML cannot hold are dropped).

Links: with the site's URL known (`site_url` in `mkdocs.yml`), every link is absolute and
`xml:base` is the feed's own address. Without it, links are relative to the feed's own
location (`../../papers/<slug>/` from `tags/<tag>/feed.xml`), which Atom resolves against
the feed document, so the feeds work from any sub-path as the pages do. Each entry's
content carries its page as `xml:base`, so the footnote links of notes point at the page.

Identity: with `site_url`, a feed's id and an entry's id are their absolute URLs (as most
static sites do). Without it there is no address to use, so ids are `urn:uuid:` names
derived from the site's name and the feed's path or the paper's slug: stable from build
to build, and the same entry in every feed that carries it.

Atom wants an author for every entry; papers without authors get the feed's author, the
list's name (`site_name`), which every feed states.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass


from .body import BodyRenderer
from .grouping import Groups, newest_first
from .model import Paper, Taxonomy
from .urls import HOME, paper_uri, relative, root_of, tag_uri, url_of

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_PATH = "feed.xml"
FEED_LIMIT = 50
GENERATOR = "site-builder"
# Characters XML 1.0 cannot hold, whatever the escaping: most C0 controls, surrogates, and
# the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = dt.date(1970, 1, 1)  # `updated` of a feed with no entries yet

ET.register_namespace("", ATOM_NS)


def tag_feed_path(tag: str) -> str:
    """Where the feed of one tag's papers is published."""
    return f"tags/{tag}/feed.xml"


def xml_text(text: str) -> str:
    """`text` without the characters an XML document cannot contain."""
    return _NOT_XML.sub("", text)


def rfc3339(day: dt.date) -> str:
    """Midnight UTC of `day`, as Atom writes dates: `2026-11-24T00:00:00Z`."""
    return f"{day.isoformat()}T00:00:00Z"


def site_base(site_url: str) -> str:
    """The site's URL ending in `/`, so page URLs can be appended to it."""
    return site_url if site_url.endswith("/") else site_url + "/"


def _urn(site_name: str, path: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_name}\n{path}"))


class _Links:
    """Turns site-relative URLs into what the feed at `feed_path` links to."""

    def __init__(self, feed_path: str, site_url: str | None) -> None:
        self.base = site_base(site_url) if site_url else None
        self.root = root_of(feed_path)

    def href(self, url: str) -> str:
        """The link to site-relative `url`: absolute, or relative to the feed."""
        return self.base + url if self.base else relative(url, self.root)


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str
         ) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}",
                            {key: xml_text(value) for key, value in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _entry(feed: ET.Element, paper: Paper, links: _Links, page_url: str, entry_id: str,
           render_body: Callable[[str], str]) -> None:
    entry = _add(feed, "entry")
    _add(entry, "title", paper.title, type="text")
    _add(entry, "link", rel="alternate", type="text/html", href=links.href(page_url))
    _add(entry, "id", entry_id)
    _add(entry, "published", rfc3339(paper.added))
    _add(entry, "updated", rfc3339(paper.added))
    for name in paper.authors:
        _add(_add(entry, "author"), "name", name)
    for tag in paper.tags:
        _add(entry, "category", term=tag)
    if paper.body.strip():
        content = _add(entry, "content", render_body(paper.body), type="html")
        content.set(XML_BASE, xml_text(links.href(page_url)))


def atom_feed(papers: Iterable[Paper], *, title: str, feed_path: str,
              site_url: str | None = None, directory_urls: bool = True,
              render_body: Callable[[str], str] | None = None, limit: int = FEED_LIMIT,
              site_name: str | None = None, subtitle: str | None = None,
              alternate_uri: str = HOME) -> str:
    """An Atom feed of the newest `limit` additions among `papers`, as XML text.

    `feed_path` is where the feed is published (site-relative), `alternate_uri` the source
    path of the page it mirrors (the home page, a tag's page). `site_name` (default
    `title`) is the feed's author and names its ids when `site_url` is unknown.
    """
    render_body = render_body or BodyRenderer().render
    site_name = site_name or title
    links = _Links(feed_path, site_url)
    latest = newest_first(papers)[:limit]

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    if site_url:
        feed.set(XML_BASE, xml_text(links.href(feed_path)))
    _add(feed, "title", title, type="text")
    if subtitle:
        _add(feed, "subtitle", subtitle, type="text")
    _add(feed, "id", links.href(feed_path) if site_url else _urn(site_name, feed_path))
    _add(feed, "updated", rfc3339(max((p.added for p in latest), default=_EPOCH)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=links.href(feed_path))
    _add(feed, "link", rel="alternate", type="text/html",
         href=links.href(url_of(alternate_uri, directory_urls)))
    _add(_add(feed, "author"), "name", site_name)
    _add(feed, "generator", GENERATOR)
    for paper in latest:
        page_url = url_of(paper_uri(paper.slug), directory_urls)
        entry_id = links.href(page_url) if site_url else _urn(site_name, paper_uri(paper.slug))
        _entry(feed, paper, links, page_url, entry_id, render_body)
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


@dataclass(frozen=True)
class Feed:
    """One feed to publish: where, its title and subtitle, the page it mirrors, and its
    newest papers (at most FEED_LIMIT, newest first)."""

    path: str
    title: str
    subtitle: str | None
    alternate_uri: str
    papers: tuple[Paper, ...]


def feeds_of(groups: Groups, taxonomy: Taxonomy, site_name: str) -> list[Feed]:
    """`feed.xml` (the latest additions) and `tags/<tag>/feed.xml` for every declared tag."""
    feeds = [Feed(FEED_PATH, site_name, None, HOME, tuple(groups.papers[:FEED_LIMIT]))]
    descriptions = taxonomy.tag_descriptions
    feeds += [Feed(tag_feed_path(tag), f"{site_name}: {tag}", descriptions.get(tag),
                   tag_uri(tag), tuple(papers[:FEED_LIMIT]))
              for tag, papers in groups.by_tag.items()]
    return feeds
