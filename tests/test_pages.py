"""Generated pages as engine-neutral records: HTML, links, search flags, long listings.

These call `SitePages` directly, as an exporter for another engine would, and read the
HTML with an HTML parser. `test_build.py` checks the same pages inside a real MkDocs site.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import random
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from site_builder.body import BodyRenderer, is_plain_text
from site_builder.loading import load_reading_list, load_taxonomy
from site_builder.model import Paper, ReadingList
from site_builder.pages import SitePages, theme_sections
from site_builder.urls import relative, root_of, url_of


def paper(i: int, tags: tuple[str, ...], body: str = "An abstract.") -> Paper:
    return Paper(slug=f"paper-{i:04d}", path=Path(f"papers/paper-{i:04d}.md"),
                 title=f"Paper number {i}", tags=tags,
                 added=dt.date(2026, 1, 1) + dt.timedelta(days=i), body=body)


@pytest.fixture
def long_list(reading_list_dir) -> ReadingList:
    """250 papers: every one `hard-negatives`, every third also `unlearning`."""
    taxonomy, problems = load_taxonomy(reading_list_dir.papers / "themes.yml")
    assert problems == []
    papers = tuple(paper(i, ("hard-negatives", "unlearning") if i % 3 == 0
                         else ("hard-negatives",)) for i in range(250))
    return ReadingList(papers=papers, taxonomy=taxonomy)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def resolve(page_uri: str, href: str, directory_urls: bool = True) -> str:
    """The site-relative URL a relative link on the page built from `page_uri` points to."""
    base = url_of(page_uri, directory_urls)
    folder = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    path = posixpath.normpath(posixpath.join(folder, href.split("#")[0]))
    if path == ".":
        return ""
    return path + "/" if href.split("#")[0].endswith("/") else path


# --- URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(("src_uri", "directory", "flat"), [
    ("index.md", "", "index.html"),
    ("papers/index.md", "papers/", "papers/index.html"),
    ("papers/a-paper.md", "papers/a-paper/", "papers/a-paper.html"),
    ("tags/x/page/2.md", "tags/x/page/2/", "tags/x/page/2.html"),
])
def test_urls_follow_the_engine_url_style(src_uri, directory, flat):
    assert url_of(src_uri) == directory
    assert url_of(src_uri, directory_urls=False) == flat


def test_relative_links_climb_back_to_the_root():
    assert relative("tags/x/", root_of("papers/a/")) == "../../tags/x/"
    assert relative("tags/x.html", root_of("papers/a.html")) == "../tags/x.html"
    assert relative("", root_of("papers/")) == "../"
    assert relative("", root_of("")) == "./"


# --- long listings ---------------------------------------------------------------------


def listing(pages, prefix: str) -> list:
    return [p for p in pages if p.src_uri == f"{prefix}.md" or p.src_uri.startswith(f"{prefix}/page/")
            or (prefix == "papers" and p.src_uri == "papers/index.md")]


def test_a_long_listing_is_split_into_pages_that_list_every_paper_once(long_list):
    pages = list(SitePages(long_list, page_size=100).pages())
    tag_pages = [p for p in pages if p.src_uri.startswith("tags/hard-negatives")]
    assert [p.src_uri for p in tag_pages] == [
        "tags/hard-negatives.md", "tags/hard-negatives/page/2.md", "tags/hard-negatives/page/3.md"]
    listed = []
    for page in tag_pages:
        cards = soup(page.html).select("article.rl-card")
        assert len(cards) <= 100
        listed += [resolve(page.src_uri, c.select_one(".rl-card__title a")["href"]) for c in cards]
    newest_first = sorted(long_list.papers, key=lambda p: p.added, reverse=True)
    assert listed == [f"papers/{p.slug}/" for p in newest_first]


def test_listing_pages_link_to_their_neighbours(long_list):
    pages = {p.src_uri: p for p in SitePages(long_list, page_size=100).pages()}
    second = soup(pages["tags/hard-negatives/page/2.md"].html)
    prev = second.select_one('a[rel="prev"]')["href"]
    nxt = second.select_one('a[rel="next"]')["href"]
    assert resolve("tags/hard-negatives/page/2.md", prev) == "tags/hard-negatives/"
    assert resolve("tags/hard-negatives/page/2.md", nxt) == "tags/hard-negatives/page/3/"
    assert "Page 2 of 3" in second.get_text()
    assert pages["tags/hard-negatives/page/2.md"].title == "Tag: hard-negatives (page 2 of 3)"
    first = soup(pages["tags/hard-negatives.md"].html)
    assert first.select_one('a[rel="prev"]') is None
    # A short listing has no pager at all.
    assert soup(pages["tags/false-negatives.md"].html).select_one(".rl-pager") is None


def test_every_paper_index_page_is_paginated_too(long_list):
    pages = [p for p in SitePages(long_list, page_size=100).pages()
             if p.src_uri == "papers/index.md" or p.src_uri.startswith("papers/page/")]
    assert [p.src_uri for p in pages] == ["papers/index.md", "papers/page/2.md",
                                          "papers/page/3.md"]
    assert [p.in_nav for p in pages] == [True, False, False]
    assert sum(len(soup(p.html).select("article.rl-card")) for p in pages) == 250


def test_a_theme_page_shows_each_paper_once_as_a_card_and_caps_each_tag(long_list):
    site = SitePages(long_list)
    page = site.theme_page("alignment").render()  # preference-optimization, unlearning, hard-negatives
    html = soup(page.html)
    cards = [a["href"] for a in html.select("article.rl-card .rl-card__title a")]
    assert len(cards) == len(set(cards)), "a paper has one card on a theme page"
    assert len(cards) <= 3 * 10
    # hard-negatives has 250 papers: its section shows the newest ten and links to the rest.
    section = html.find("h2", id="hard-negatives")
    text = section.find_next("p").get_text()
    assert "250 papers with this tag" in text and "the newest 10 here" in text


def test_theme_sections_mark_papers_already_shown_higher_up():
    a, b, c = paper(1, ("x", "y")), paper(2, ("x",)), paper(3, ("y",))
    sections = theme_sections({"x": [b, a], "y": [c, a]}, size=10)
    assert [(p.slug, seen) for p, seen in sections[1].papers] == [
        ("paper-0003", False), ("paper-0001", True)]


# --- records ---------------------------------------------------------------------------


def test_only_paper_pages_are_searchable(small_list):
    site = SitePages(load_reading_list(small_list.papers).reading_list)
    pages = list(site.pages())
    searchable = {p.src_uri for p in pages if p.searchable}
    assert searchable == {f"papers/{slug}.md" for slug in (
        "hard-negative-mixing", "negative-preference-optimization",
        "false-negatives-in-retrieval")}
    assert not site.home_section().searchable


def test_a_paper_page_record_has_its_title_description_and_toc(small_list):
    site = SitePages(load_reading_list(small_list.papers).reading_list)
    page = next(p for p in site.pages() if p.src_uri == "papers/hard-negative-mixing.md")
    assert page.title == "Hard Negative Mixing for Contrastive Learning"
    assert page.description == "Abstract."
    assert [(e.level, e.id, e.title) for e in page.toc] == [
        (2, "cite", "Cite"), (2, "related-papers", "Related papers")]
    assert soup(page.html).find(id="related-papers") is not None


def test_file_urls_give_links_to_html_files(small_list):
    site = SitePages(load_reading_list(small_list.papers).reading_list, directory_urls=False)
    page = next(p for p in site.pages() if p.src_uri == "papers/hard-negative-mixing.md")
    hrefs = [a["href"] for a in soup(page.html).select(".rl-tags a")]
    assert hrefs == ["../tags/hard-negatives.html"]


def test_the_page_records_do_not_need_mkdocs():
    # Another engine's exporter imports these without MkDocs installed or loaded.
    code = ("import sys; import site_builder.pages, site_builder.loading, site_builder.checks; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"


# --- bodies ----------------------------------------------------------------------------


URLS = ["https://github.com/a/b", "http://example.org", "https://example.org/x-y/z.html",
        "https://x.org/a%20b", "https://x.org/a_b", "https://x.org/?q=1", "https://x.org/(a)",
        "http://example.org%93", "https://-a.b/", "https://a-.b", "https://1.2.3.4/x",
        "https://x.org//", "https://x.org/a.", "http://localhost/x", "https://X.ORG/A"]


def test_plain_abstracts_get_the_same_html_as_python_markdown():
    # Most abstracts skip Python-Markdown (body.plain_html); the HTML must be the same.
    from site_builder.body import plain_html

    renderer = BodyRenderer()
    alphabet = list("abc XYZ,.;:()'\"%$?/+=-\n\n0123456789é–—“”")
    rng = random.Random(0)
    checked = linked = 0
    for _ in range(6000):
        parts = []
        for _ in range(rng.randint(1, 3)):
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))))
            parts.append(" " + rng.choice(URLS) if rng.random() < 0.5 else "")
        text = "".join(parts).strip("\n")
        fast = plain_html(text)
        if fast is not None:
            checked += 1
            linked += "<a " in fast
            assert fast == renderer._clean(renderer._md.reset().convert(text)), repr(text)
    assert checked > 1500 and linked > 300


@pytest.mark.parametrize("text", [
    "A *stressed* word", "snake_case", "See https://example.org", "a [link](x)",
    "- a list", "1. a list", "2020. A year then a dot", "Title\n=====", "Para\n---",
    "    code", "a | b", "x & y", "mail a@b.org", "Term\n: definition", "line  \nbreak",
])
def test_text_with_markdown_in_it_is_not_taken_as_plain(text):
    assert not is_plain_text(text)


# --- caches kept across `mkdocs serve` rebuilds ----------------------------------------


def test_a_rebuild_reuses_pages_whose_paper_and_related_papers_are_unchanged(small_list):
    from site_builder.loading import PaperCache
    from site_builder.pages import RenderCache

    read = PaperCache()  # as the plugin keeps it: unchanged files give the same records
    first = SitePages(load_reading_list(small_list.papers, cache=read).reading_list)
    before = {p.src_uri: p for p in first.pages()}
    small_list.add("hard-negative-mixing", "Hard Negative Mixing, Retitled",
                   ["hard-negatives"], added="2026-11-01", authors="[Ada Example, Alan Sample]",
                   published="2020", arxiv='"2010.01028"')
    second = SitePages(load_reading_list(small_list.papers, cache=read).reading_list,
                       cache=RenderCache(first.cache))
    after = {p.src_uri: p for p in second.pages()}
    # Untouched and not related to the edited paper: the very same record, not re-rendered.
    assert after["papers/negative-preference-optimization.md"] is before[
        "papers/negative-preference-optimization.md"]
    # Its related papers list the new title: rendered again.
    related = "papers/false-negatives-in-retrieval.md"
    assert after[related] is not before[related]
    assert "Retitled" in after[related].html
    assert "Retitled" in after["papers/hard-negative-mixing.md"].html


@pytest.mark.parametrize("seed", [6, 7, 8])
def test_pages_reused_across_rebuilds_are_those_a_fresh_build_renders(reading_list_dir, seed):
    # Random edits of every kind, each followed by a rebuild that reuses what it can (as
    # `mkdocs serve` does) and a build from scratch: every page and file must be the same.
    from conftest import THEMES_YML
    from site_builder.loading import PaperCache
    from site_builder.pages import RenderCache

    rng = random.Random(seed)
    tags = ["hard-negatives", "false-negatives", "preference-optimization", "unlearning"]
    names = ["Ada Example", "Alan Sample"]

    def write(slug: str) -> None:
        reading_list_dir.add(
            slug, f"{rng.choice(['Mixing', 'Scaling', 'Sampling'])} study {rng.randrange(99)}",
            rng.sample(tags, rng.randint(1, 3)),
            added=f"202{rng.randint(4, 6)}-{rng.randint(1, 9):02d}-{rng.randint(10, 28)}",
            authors=f"[{', '.join(rng.sample(names, rng.randint(1, 2)))}]",
            body=f"First sentence {rng.randrange(9)}. More text {rng.randrange(9)}.")

    slugs = [f"paper-{n:02d}" for n in range(40)]
    for slug in slugs:
        write(slug)
    read, previous, reused = PaperCache(), None, 0
    for step in range(30):
        cached = SitePages(load_reading_list(reading_list_dir.papers, cache=read).reading_list,
                           page_size=6, cache=RenderCache(previous))
        fresh = SitePages(load_reading_list(reading_list_dir.papers).reading_list, page_size=6)
        pages = {p.src_uri: p for p in cached.pages()}
        assert pages == {p.src_uri: p for p in fresh.pages()}, step
        assert list(cached.files()) == list(fresh.files()), step
        assert cached.home_section() == fresh.home_section(), step
        if previous is not None:
            reused += sum(page is last[uri] for uri, page in pages.items() if uri in last)
        cached.cache.forget_previous()
        previous, last = cached.cache, pages
        kind = rng.choice(["edit", "edit", "add", "remove", "describe"])
        if kind == "edit":
            write(rng.choice(slugs))
        elif kind == "add":
            slugs.append(f"paper-{len(slugs) + 100:03d}")
            write(slugs[-1])
        elif kind == "remove" and len(slugs) > 5:
            (reading_list_dir.papers / f"{slugs.pop(rng.randrange(len(slugs)))}.md").unlink()
        else:
            (reading_list_dir.papers / "themes.yml").write_text(THEMES_YML.replace(
                "Unlabelled positives", f"Unlabelled positives ({step})"), encoding="utf-8")
    assert reused > 500  # the cache did its job: most pages were not rendered again


def test_the_paper_cache_reads_again_only_changed_files(small_list, monkeypatch):
    from site_builder import loading
    from site_builder.loading import PaperCache

    cache = PaperCache()
    load_reading_list(small_list.papers, cache=cache)
    read = []
    real = loading.load_paper
    monkeypatch.setattr(loading, "load_paper", lambda path, *a: read.append(path.name) or real(path, *a))
    load_reading_list(small_list.papers, cache=cache)
    assert read == []
    small_list.add("false-negatives-in-retrieval", "False Negatives in Retrieval, Again",
                   ["false-negatives"], added="2026-11-02")
    result = load_reading_list(small_list.papers, cache=cache)
    assert read == ["false-negatives-in-retrieval.md"]
    assert "False Negatives in Retrieval, Again" in {p.title for p in result.reading_list.papers}
    # A changed taxonomy can make any paper valid or not: every file is read again.
    themes = small_list.papers / "themes.yml"
    themes.write_text(themes.read_text() + "\n", encoding="utf-8")
    read.clear()
    load_reading_list(small_list.papers, cache=cache)
    assert len(read) == 3


# --- math ------------------------------------------------------------------------------


def test_formulas_in_titles_and_abstracts_are_mathml_and_tex_for_search(small_list):
    small_list.add("sorting-fast", "Sorting in $O(n \\\\log n)$ with $k$ Negatives",
                   ["hard-negatives"], added="2026-11-05",
                   body="We bound the loss by $\\\\sum_i x_i^2$ and keep *it* small. It costs $5.")
    site = SitePages(load_reading_list(small_list.papers).reading_list)
    page = next(p for p in site.pages() if p.src_uri == "papers/sorting-fast.md")
    html = soup(page.html)
    assert html.find("h1").find("math") is not None
    body = html.select_one(".rl-body")
    assert body.find("math") is not None, "the abstract's formula is MathML"
    assert body.find("em").get_text() == "it", "Markdown still applies around formulas"
    assert "costs $5." in body.get_text(), "a lone dollar is a dollar"
    assert "_i" not in body.get_text()
    # Search and the description keep the TeX, which is what people type.
    assert "$\\\\sum_i x_i^2$" in page.search_text
    assert page.description.startswith("We bound the loss by $\\\\sum_i x_i^2$")
    card = soup(next(p for p in site.pages() if p.src_uri == "papers/index.md").html)
    title = next(a for a in card.select(".rl-card__title a") if "Sorting" in a.get_text())
    assert title.find("math") is not None


def test_a_url_that_is_the_arxiv_page_again_gives_one_button():
    from site_builder.pages import paper_links

    twice = Paper(slug="x", path=Path("papers/x.md"), title="X", tags=("t",),
                  added=dt.date(2026, 11, 1), arxiv="2404.00001",
                  url="http://arxiv.org/abs/2404.00001/")
    assert [(l.label, l.href) for l in paper_links(twice)] == [
        ("arXiv", "https://arxiv.org/abs/2404.00001")]
