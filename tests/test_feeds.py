"""Atom feeds, read back with feedparser as a feed reader would."""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from conftest import ListFolder
from site_builder.body import BodyRenderer
from site_builder.feeds import atom_feed
from site_builder.grouping import newest_first
from site_builder.loading import load_reading_list
from site_builder.model import Paper
from site_builder.pages import SitePages

SITE = "https://example.org/list/"  # where the tests pretend the site is served
ATOM = "{http://www.w3.org/2005/Atom}"


def read(xml: str, feed_url: str):
    """Parse `xml` as a reader fetching it from `feed_url` would, and check it is clean."""
    parsed = feedparser.parse(xml, response_headers={
        "content-type": "application/atom+xml; charset=utf-8", "content-location": feed_url})
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def load(folder: ListFolder):
    result = load_reading_list(folder.papers)
    assert result.problems == []
    return result.reading_list


def files_of(reading_list, **options) -> dict[str, str]:
    options.setdefault("site_url", None)
    options.setdefault("directory_urls", True)
    options.setdefault("render_body", BodyRenderer().render)
    # The feeds as the site publishes them.
    site = SitePages(reading_list, site_name="Test list", **options)
    return {f.path: f.make() for f in site.plan_files() if f.path.endswith("feed.xml")}


def paper(slug: str, added: str, title: str | None = None, **fields) -> Paper:
    return Paper(slug=slug, path=Path(f"papers/{slug}.md"), title=title or slug.title(),
                 tags=("hard-negatives",), added=dt.date.fromisoformat(added), **fields)


def test_there_is_a_feed_for_the_site_and_for_every_declared_tag(real_list):
    files = files_of(real_list)
    assert set(files) == {"feed.xml"} | {f"tags/{t}/feed.xml" for t in real_list.taxonomy.tags}


def test_the_main_feed_lists_every_paper_newest_first(real_list):
    feed = read(files_of(real_list)["feed.xml"], SITE + "feed.xml")
    expected = newest_first(real_list.papers)
    assert len(real_list.papers) == 32
    assert [e.title for e in feed.entries] == [p.title for p in expected]
    for entry, p in zip(feed.entries, expected):
        assert entry.link == f"{SITE}papers/{p.slug}/"
        assert [a.name for a in entry.get("authors", [])] == list(p.authors)
        assert [t.term for t in entry.tags] == list(p.tags)
        assert entry.published == f"{p.added.isoformat()}T00:00:00Z"
        assert time.strftime("%Y-%m-%d", entry.updated_parsed) == p.added.isoformat()
    assert feed.feed.updated == f"{max(p.added for p in real_list.papers)}T00:00:00Z"
    assert feed.feed.title == "Test list"
    assert feed.feed.author == "Test list"


def test_a_tag_feed_links_back_from_its_folder(real_list):
    files = files_of(real_list)
    feed_url = SITE + "tags/hard-negatives/feed.xml"
    feed = read(files["tags/hard-negatives/feed.xml"], feed_url)
    expected = newest_first(p for p in real_list.papers if "hard-negatives" in p.tags)
    assert [e.title for e in feed.entries] == [p.title for p in expected]
    assert [e.link for e in feed.entries] == [f"{SITE}papers/{p.slug}/" for p in expected]
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": feed_url, "alternate": SITE + "tags/hard-negatives/"}
    # Written relative to the feed itself, so the site works from any sub-path.
    raw = ET.fromstring(files["tags/hard-negatives/feed.xml"])
    hrefs = [e.find(f"{ATOM}link").get("href") for e in raw.iter(f"{ATOM}entry")]
    assert hrefs[0] == f"../../papers/{expected[0].slug}/"


def test_with_the_site_url_every_link_is_absolute(small_list: ListFolder):
    files = files_of(load(small_list), site_url="https://example.com/sub")
    raw = ET.fromstring(files["tags/hard-negatives/feed.xml"])
    assert raw.get("{http://www.w3.org/XML/1998/namespace}base") == (
        "https://example.com/sub/tags/hard-negatives/feed.xml")
    assert raw.find(f"{ATOM}id").text == "https://example.com/sub/tags/hard-negatives/feed.xml"
    # Read from anywhere (a copy, a cache): links still point at the site.
    feed = read(files["tags/hard-negatives/feed.xml"], "https://mirror.example.net/x.xml")
    assert [e.link for e in feed.entries] == [
        "https://example.com/sub/papers/false-negatives-in-retrieval/",
        "https://example.com/sub/papers/hard-negative-mixing/"]
    assert [e.id for e in feed.entries] == [e.link for e in feed.entries]


def test_file_urls_link_to_html_pages(small_list: ListFolder):
    files = files_of(load(small_list), directory_urls=False)
    feed = read(files["feed.xml"], SITE + "feed.xml")
    assert feed.entries[0].link == SITE + "papers/negative-preference-optimization.html"
    assert {link.rel: link.href for link in feed.feed.links}["alternate"] == SITE + "index.html"


def test_ids_are_stable_and_shared_between_feeds(small_list: ListFolder):
    reading_list = load(small_list)
    first, again = files_of(reading_list), files_of(reading_list)
    assert first == again
    main = {e.link: e.id for e in read(first["feed.xml"], SITE + "feed.xml").entries}
    tag = read(first["tags/false-negatives/feed.xml"], SITE + "tags/false-negatives/feed.xml")
    (entry,) = tag.entries
    assert entry.id == main[entry.link]
    assert entry.id.startswith("urn:uuid:")
    assert len(set(main.values())) == 3


def test_only_the_newest_additions_are_listed():
    papers = [paper(f"paper-{i}", (dt.date(2026, 1, 1) + dt.timedelta(days=i)).isoformat())
              for i in range(60)]
    feed = read(atom_feed(papers, title="T", feed_path="feed.xml"), SITE + "feed.xml")
    assert len(feed.entries) == 50
    assert feed.entries[0].link == SITE + "papers/paper-59/"
    assert feed.entries[-1].link == SITE + "papers/paper-10/"
    feed = read(atom_feed(papers, title="T", feed_path="feed.xml", limit=5), SITE + "feed.xml")
    assert [e.link for e in feed.entries] == [SITE + f"papers/paper-{i}/"
                                              for i in range(59, 54, -1)]


def test_a_tag_without_papers_has_a_valid_empty_feed(small_list: ListFolder):
    small_list.papers.joinpath("negative-preference-optimization.md").unlink()  # unlearning's
    files = files_of(load(small_list))
    feed = read(files["tags/unlearning/feed.xml"], SITE + "tags/unlearning/feed.xml")
    assert feed.entries == []
    assert feed.feed.updated.endswith("T00:00:00Z")
    assert feed.feed.title == "Test list: unlearning"


def test_the_content_is_the_rendered_abstract_and_notes(small_list: ListFolder):
    small_list.add("notes", "With Notes", ["unlearning"], added="2026-11-04",
                   body="The abstract.\n\nSome *notes* with a footnote[^1].\n\n[^1]: See here.")
    feed = read(files_of(load(small_list))["feed.xml"], SITE + "feed.xml")
    content = feed.entries[0].content[0]
    assert content.type == "text/html"
    assert "<p>The abstract.</p>" in content.value
    assert "<em>notes</em>" in content.value
    # The footnote link points into the paper's page, not into the feed.
    assert f'href="{SITE}papers/notes/#fn:1"' in content.value


HOSTILE = 'Bad </title><script>alert("x")</script> & ]]> <![CDATA[ Ω'


def test_hostile_text_is_text_in_a_well_formed_feed(reading_list_dir: ListFolder):
    quoted = HOSTILE.replace('"', '\\"')
    reading_list_dir.add("hostile", quoted, ["hard-negatives"], added="2026-11-05",
                         authors=f'["{quoted}", Ada Example]', venue=f'"{quoted}"',
                         body=HOSTILE + "\n\n<script>alert(1)</script> [x](javascript:alert(1))")
    reading_list = load(reading_list_dir)
    assert reading_list.papers[0].title == HOSTILE
    files = files_of(reading_list)
    for path in ("feed.xml", "tags/hard-negatives/feed.xml"):
        ET.fromstring(files[path])  # well-formed
        (entry,) = read(files[path], SITE + path).entries
        assert entry.title == HOSTILE
        assert [a.name for a in entry.authors] == [HOSTILE, "Ada Example"]
        body = entry.content[0].value
        assert "<script" not in body and "javascript:" not in body
        assert "&lt;script&gt;" in body


def test_characters_xml_cannot_hold_are_dropped():
    nasty = paper("nasty", "2026-11-01", title="Bell\x07 and \x00null\ufffe",
                  authors=("Ada\x1bExample",), body="Body\x0b text")
    xml = atom_feed([nasty], title="T\x01", feed_path="feed.xml")
    ET.fromstring(xml)
    feed = read(xml, SITE + "feed.xml")
    assert feed.entries[0].title == "Bell and null"
    assert feed.entries[0].author == "AdaExample"
