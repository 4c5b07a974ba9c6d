"""/archive/: papers by the month they were added, newest month first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup

from site_builder.archive import month_index, months
from site_builder.model import Paper, ReadingList, Taxonomy, Theme
from site_builder.pages import ARCHIVE_PAGE_SIZE, SitePages
from site_builder.urls import ARCHIVE_INDEX


def paper(slug, added, title=None, tags=("hard-negatives",), authors=()):
    return Paper(slug=slug, path=Path(f"papers/{slug}.md"), title=title or slug.title(),
                 tags=tags, added=dt.date.fromisoformat(added), authors=authors)


PAPERS = [
    paper("oct-first", "2026-10-01"),
    paper("nov-first", "2026-11-01"),  # the first day of a month is in that month
    paper("oct-last", "2026-10-31"),  # the last day of a month is in that month
    paper("nov-late", "2026-11-24"),
    paper("dec-2025", "2025-12-31"),  # the last day of a year: December, not January
    paper("jan-2026", "2026-01-01"),
    paper("b-same-day", "2026-11-24", title="beta"),
    paper("a-same-day", "2026-11-24", title="Alpha"),
]


def slugs(month):
    return [p.slug for p in month.papers]


def test_months_newest_first_with_english_labels():
    listed = months(PAPERS)
    assert [(m.key, m.label) for m in listed] == [
        ("2026-11", "November 2026"), ("2026-10", "October 2026"),
        ("2026-01", "January 2026"), ("2025-12", "December 2025")]


def test_papers_newest_first_within_a_month_ties_by_title():
    november, october, january, december = months(PAPERS)
    assert slugs(november) == ["a-same-day", "b-same-day", "nov-late", "nov-first"]
    assert slugs(october) == ["oct-last", "oct-first"]
    assert slugs(january) == ["jan-2026"] and slugs(december) == ["dec-2025"]


def test_every_paper_is_in_exactly_one_month():
    listed = months(reversed(PAPERS))  # the input order does not matter
    assert sorted(p.slug for m in listed for p in m.papers) == sorted(p.slug for p in PAPERS)
    assert [m.key for m in listed] == [m.key for m in months(PAPERS)]


def test_no_papers_no_months():
    assert months([]) == []


def test_index_groups_months_by_year_newest_first():
    index = month_index(months(PAPERS))
    assert [(year, [m.short_label for m in ms]) for year, ms in index] == [
        (2026, ["Nov", "Oct", "Jan"]), (2025, ["Dec"])]


def archive_pages(papers) -> dict[str, BeautifulSoup]:
    taxonomy = Taxonomy(Path("papers/themes.yml"), {"t": Theme("t", "T", "", (
        "hard-negatives", "unlearning"))}, {})
    pages = SitePages(ReadingList(tuple(papers), taxonomy)).archive_pages()
    return {page.src_uri: BeautifulSoup(page.render().html, "html.parser") for page in pages}


def render(papers) -> BeautifulSoup:
    """/archive/ as SitePages renders it."""
    return archive_pages(papers)[ARCHIVE_INDEX]


def test_archive_page_has_a_heading_per_month_and_an_index_to_them():
    page = render(PAPERS)
    headings = page.find_all("h2")
    assert [(h["id"], h.get_text().rstrip("¶")) for h in headings] == [
        ("2026-11", "November 2026"), ("2026-10", "October 2026"),
        ("2026-01", "January 2026"), ("2025-12", "December 2025")]
    index = page.find("nav", class_="rl-archive-index")
    targets = [a["href"] for a in index.find_all("a")]
    assert targets == ["../archive/2026-11/", "../archive/2026-10/", "../archive/2026-01/",
                       "../archive/2025-12/"]  # each month has its page
    assert index.find("a")["aria-label"] == "November 2026: 4 papers"
    assert page.find(id="2026-11").find_next("p").get_text() == "4 papers"


def test_archive_items_link_the_paper_and_its_tags():
    page = render([paper("mixing", "2026-11-24", title="Mixing $k$ negatives",
                         tags=("hard-negatives", "unlearning"),
                         authors=("Ada Example", "Alan Sample", "C", "D"))])
    item = page.find("li", class_="rl-archive__item")
    assert item.find("a", class_="rl-archive__title")["href"] == "../papers/mixing/"
    assert item.find("math") is not None  # math in the title is MathML
    assert item.find("time")["datetime"] == "2026-11-24"
    assert item.find(class_="rl-archive__authors").get_text() == "Ada Example, Alan Sample, C et al."
    assert [a["href"] for a in item.select(".rl-archive__tags a")] == [
        "../tags/hard-negatives/", "../tags/unlearning/"]


def test_titles_are_escaped():
    page = render([paper("x", "2026-11-24", title="<script>alert(1)</script>")])
    assert page.find("script") is None
    assert page.find(class_="rl-archive__title").get_text() == "<script>alert(1)</script>"


def test_empty_archive_says_so():
    page = render([])
    assert "No papers yet." in page.get_text()
    assert page.find("nav") is None


def test_each_month_has_its_own_pages_and_the_archive_shows_the_newest_months_whole():
    many = [paper(f"p{i:04d}", "2026-11-02") for i in range(ARCHIVE_PAGE_SIZE + 5)]
    pages = archive_pages([*many, paper("october", "2026-10-01")])
    assert set(pages) == {ARCHIVE_INDEX, "archive/2026-11.md", "archive/2026-11/page/2.md",
                          "archive/2026-10.md"}
    first = pages["archive/2026-11.md"].select(".rl-archive__item")
    second = pages["archive/2026-11/page/2.md"].select(".rl-archive__item")
    assert (len(first), len(second)) == (ARCHIVE_PAGE_SIZE, 5)
    # /archive/ shows what fits one page of November and links to the rest.
    index = pages[ARCHIVE_INDEX]
    assert len(index.select(".rl-archive__item")) == ARCHIVE_PAGE_SIZE
    assert "all of them on the month's page" in index.get_text()
