"""Integration: a real `mkdocs build --strict`, and the built HTML read with an HTML parser.

Each site is built once per module (a build takes a second or two): the small fixture list,
the same list with hostile text in its papers, and the repository's own `papers/`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import REPO, THEMES_YML, ListFolder
from site_builder.grouping import newest_first
from site_builder.loading import load_reading_list
from site_builder.model import Paper, ReadingList

PAPER_PAGE = re.compile(r"^papers/([^/]+)/index\.html$")
TAG_PAGE = re.compile(r"^tags/([^/]+)/index\.html$")
# A base that no real URL uses, to resolve a page's relative links against.
BASE = "http://site.invalid/"


def mkdocs_build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` as a user would, from the folder of mkdocs.yml."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file),
         "-d", str(site_dir)],
        cwd=config_file.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=600,
    )


def quoted(text: str) -> str:
    """`text` as a single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


def add_small_papers(folder: ListFolder) -> None:
    """The three papers of conftest's `small_list`, plus one with every optional field."""
    folder.add("hard-negative-mixing", "Hard Negative Mixing for Contrastive Learning",
               ["hard-negatives"], added="2026-11-01", authors="[Ada Example, Alan Sample]",
               published="2020", arxiv='"2010.01028"')
    folder.add("negative-preference-optimization", "Negative Preference Optimization",
               ["unlearning", "preference-optimization"], added="2026-11-03",
               url="https://example.org/npo")
    folder.add("false-negatives-in-retrieval", "False Negatives in Retrieval",
               ["false-negatives", "hard-negatives"], added="2026-11-02")
    folder.write("an-example-paper", """\
        ---
        title: "An Example Paper: Learning *What* Not_to_Generate (v2) #1 | [draft]"
        tags: [unlearning, preference-optimization, hard-negatives]
        added: 2026-11-02
        authors: [Ada Example, Alan Sample]
        published: 2024-04-08
        venue: Example Conference 2024
        arxiv: "2404.00001"
        doi: 10.48550/arXiv.2404.00001
        url: https://arxiv.org/abs/2404.00001
        pdf: https://arxiv.org/pdf/2404.00001
        code: https://github.com/example/learning-what-not-to-generate
        project: https://example.org/project-page
        data: https://example.org/dataset
        ---
        Abstract, then the curator's notes, in *Markdown*.
        """)
    # A theme whose only tag has no paper yet: its pages must still be built.
    (folder.papers / "themes.yml").write_text(
        THEMES_YML.replace("tags:\n  hard", "  quiet:\n    title: Quiet corner\n"
                           "    description: Nothing here yet.\n    tags: [unused-tag]\n"
                           "tags:\n  hard"),
        encoding="utf-8")


HOSTILE_TITLES = {
    "script-title": "<script>alert(1)</script>",
    "img-title": '"><img src=x onerror=alert(1)>',
    "title-breakout": "</title><script>alert(1)</script>",
    "markdown-link-title": "[x](javascript:alert(1)) and *stars*: a|b {: onclick=alert(1) }",
}
HOSTILE_BODY = """\
<script>alert(1)</script>

"><img src=x onerror=alert(1)>

</title><script>alert(1)</script>

[x](javascript:alert(1)) and [y](JaVaScRiPt:alert(1)) and <javascript:alert(1)>

<a href="javascript:alert(1)" onclick="alert(1)">z</a>

![img](x" onerror="alert(1))

![Figure 1](https://example.org/figure1.png)

{: onclick="alert(1)" }
"""


def add_hostile_papers(folder: ListFolder) -> None:
    """Papers whose text tries to run script in a reader's browser."""
    tags = ["hard-negatives", "unlearning"]
    for slug, title in HOSTILE_TITLES.items():
        folder.write(slug, "---\n"
                     f"title: {quoted(title)}\n"
                     f"tags: [{', '.join(tags)}]\n"
                     "added: 2026-11-04\n"
                     f"authors: [{quoted('<script>alert(1)</script>')}, {quoted(title)}]\n"
                     f"venue: {quoted(title)}\n"
                     "---\n" + HOSTILE_BODY)
        tags = tags[::-1]


class Site:
    """A built site: its files, parsed pages, and the reading list it was built from."""

    def __init__(self, name: str, root: Path, site_dir: Path, output: str,
                 reading_list: ReadingList) -> None:
        self.name = name
        self.root = root  # the folder holding mkdocs.yml
        self.dir = site_dir
        self.output = output
        self.reading_list = reading_list
        self._soups: dict[str, BeautifulSoup] = {}

    @property
    def papers(self) -> tuple[Paper, ...]:
        return self.reading_list.papers

    @cached_property
    def html_pages(self) -> list[str]:
        """Every HTML file, as a site-relative POSIX path."""
        return sorted(p.relative_to(self.dir).as_posix() for p in self.dir.rglob("*.html"))

    def exists(self, path: str) -> bool:
        return (self.dir / path).is_file()

    def search_entries(self) -> list[dict]:
        """The entries of the site's search index (Material's `search/search_index.json`)."""
        return json.loads((self.dir / "search" / "search_index.json").read_text("utf-8"))["docs"]

    def page(self, path: str) -> BeautifulSoup:
        assert self.exists(path), f"{self.name}: {path} was not built"
        if path not in self._soups:
            self._soups[path] = BeautifulSoup((self.dir / path).read_text(encoding="utf-8"),
                                              "html.parser")
        return self._soups[path]

    def content(self, path: str) -> Tag:
        """The page's main content (Material's article), without the nav and header."""
        article = self.page(path).select_one("article.md-content__inner")
        assert article is not None, f"{path}: no content article"
        return article

    def target(self, page: str, url: str) -> str | None:
        """The site file a URL on `page` points to, or None if it is on another host."""
        parts = urlsplit(urljoin(BASE + page, url.strip()))
        if f"{parts.scheme}://{parts.netloc}/" != BASE:
            return None
        path = unquote(parts.path).removeprefix("/")
        return path + "index.html" if path == "" or path.endswith("/") else path

    def links_in(self, page: str, element: Tag) -> list[str]:
        """The site files that `a` elements inside `element` point to, in order."""
        anchors = [element] if element.name == "a" else element.find_all("a", href=True)
        targets = [self.target(page, a["href"]) for a in anchors if a.has_attr("href")]
        return [t for t in targets if t is not None]

    def paper_links_in(self, page: str, element: Tag) -> list[str]:
        """Slugs of the paper pages linked from inside `element`, in order."""
        return [m.group(1) for t in self.links_in(page, element) if (m := PAPER_PAGE.match(t))]


def text_of(element: Tag) -> str:
    """Visible text of a heading, without Material's permalink anchor."""
    return "".join(
        s for s in element.find_all(string=True)
        if not any(p.name == "a" and "headerlink" in (p.get("class") or []) for p in s.parents)
    ).strip()


def build_fixture_list(root: Path, *, hostile: bool) -> Site:
    folder = ListFolder(root)
    add_small_papers(folder)
    if hostile:
        add_hostile_papers(folder)
    folder.write_site_config()
    site_dir = root / "site"
    result = mkdocs_build(root / "mkdocs.yml", site_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    loaded = load_reading_list(folder.papers)
    assert loaded.problems == []
    return Site("hostile" if hostile else "small", root, site_dir, output, loaded.reading_list)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Site:
    return build_fixture_list(tmp_path_factory.mktemp("small"), hostile=False)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Site:
    return build_fixture_list(tmp_path_factory.mktemp("hostile"), hostile=True)


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory) -> Site:
    site_dir = tmp_path_factory.mktemp("repo") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    loaded = load_reading_list(REPO / "papers")
    assert loaded.problems == []
    return Site("repo", REPO, site_dir, output, loaded.reading_list)


@pytest.fixture(params=["small", "hostile", "repo"])
def site(request) -> Site:
    """Each built site in turn: the checks below hold for any reading list."""
    return request.getfixturevalue(f"{request.param}_site")


# --- the build -------------------------------------------------------------------------


def test_build_is_clean(site):
    assert "Traceback" not in site.output
    assert "WARNING" not in site.output
    assert site.exists("index.html")


def test_repo_builds_every_seed_paper(repo_site):
    assert len(repo_site.papers) == len(list((REPO / "papers").glob("*.md")))
    assert len(repo_site.papers) >= 32


# --- paper pages -----------------------------------------------------------------------


def test_every_paper_has_a_page_titled_and_linking_to_its_tags(site):
    for paper in site.papers:
        path = f"papers/{paper.slug}/index.html"
        content = site.content(path)
        h1 = content.find_all("h1")
        assert len(h1) == 1, f"{path}: {len(h1)} h1 elements"
        assert text_of(h1[0]) == paper.title, path
        linked = set(site.links_in(path, content))
        for tag in paper.tags:
            assert f"tags/{tag}/index.html" in linked, f"{path} does not link to tag {tag}"


def test_paper_page_title_element_is_the_paper_title(site):
    for paper in site.papers:
        title = site.page(f"papers/{paper.slug}/index.html").title
        assert title is not None
        assert title.get_text().startswith(paper.title + " - "), title.get_text()


def test_paper_page_shows_its_metadata_and_link_buttons(small_site):
    path = "papers/an-example-paper/index.html"
    content = small_site.content(path)
    text = content.get_text(" ")
    for shown in ("Ada Example", "Alan Sample", "Example Conference 2024", "2024-04-08",
                  "2026-11-02", "Abstract, then the curator's notes"):
        assert shown in text, f"{path} does not show {shown!r}"
    hrefs = {a["href"] for a in content.find_all("a", href=True)}
    assert {"https://arxiv.org/abs/2404.00001", "https://arxiv.org/pdf/2404.00001",
            "https://doi.org/10.48550/arXiv.2404.00001",
            "https://github.com/example/learning-what-not-to-generate",
            "https://example.org/project-page", "https://example.org/dataset"} <= hrefs
    assert content.find("em", string="Markdown") is not None, "the body's Markdown is rendered"


def test_paper_page_shows_no_metadata_it_was_not_given(small_site):
    text = small_site.content("papers/false-negatives-in-retrieval/index.html").get_text(" ")
    assert "Published" not in text
    assert "None" not in text


# --- tag pages -------------------------------------------------------------------------


def papers_with(site: Site, tag: str) -> list[Paper]:
    return [p for p in site.papers if tag in p.tags]


def assert_newest_first(site: Site, slugs: list[str], where: str) -> None:
    added = {p.slug: p.added for p in site.papers}
    dates = [added[s] for s in slugs]
    assert dates == sorted(dates, reverse=True), f"{where}: not newest added first"


def test_every_tag_page_lists_exactly_the_papers_with_that_tag(site):
    for tag in site.reading_list.taxonomy.tags:
        path = f"tags/{tag}/index.html"
        listed = site.paper_links_in(path, site.content(path))
        assert Counter(listed) == Counter(p.slug for p in papers_with(site, tag)), path
        assert_newest_first(site, listed, path)


def test_a_tag_without_papers_still_has_its_page(small_site):
    assert small_site.paper_links_in("tags/unused-tag/index.html",
                                     small_site.content("tags/unused-tag/index.html")) == []


def test_tag_index_lists_every_tag_with_its_count(site):
    path = "tags/index.html"
    content = site.content(path)
    for tag in site.reading_list.taxonomy.tags:
        anchors = [a for a in content.find_all("a", href=True)
                   if site.target(path, a["href"]) == f"tags/{tag}/index.html"]
        assert anchors, f"{path} does not link to {tag}"
        count = str(len(papers_with(site, tag)))
        row = anchors[0].find_parent("tr") or anchors[0].parent
        cells = [c.get_text(strip=True) for c in row.find_all(["td", "span"])]
        assert count in cells, f"{path}: {tag} should show its count {count}, row has {cells}"


# --- theme pages -----------------------------------------------------------------------


def sections(content: Tag) -> Iterator[tuple[Tag, list[Tag]]]:
    """Each h2 of the content with the elements that follow it up to the next h2."""
    for h2 in content.find_all("h2"):
        following = []
        for sibling in h2.find_next_siblings():
            if sibling.name == "h2":
                break
            following.append(sibling)
        yield h2, following


def test_every_theme_page_has_a_section_per_tag_listing_its_papers(site):
    for slug, theme in site.reading_list.taxonomy.themes.items():
        path = f"themes/{slug}/index.html"
        content = site.content(path)
        found = list(sections(content))
        assert [text_of(h2) for h2, _ in found] == list(theme.tags), path
        for h2, elements in found:
            tag = text_of(h2)
            listed = [s for e in elements for s in site.paper_links_in(path, e)]
            assert Counter(listed) == Counter(p.slug for p in papers_with(site, tag)), (
                f"{path}: section {tag}")
            assert_newest_first(site, listed, f"{path} section {tag}")


def test_theme_page_shows_its_title_and_description(site):
    for slug, theme in site.reading_list.taxonomy.themes.items():
        content = site.content(f"themes/{slug}/index.html")
        assert text_of(content.find("h1")) == theme.title
        if theme.description:
            assert theme.description in content.get_text()


# --- index pages -----------------------------------------------------------------------


def test_papers_index_lists_every_paper_once_newest_first(site):
    listed = site.paper_links_in("papers/index.html", site.content("papers/index.html"))
    assert Counter(listed) == Counter(p.slug for p in site.papers)
    assert len(listed) == len(set(listed))
    assert_newest_first(site, listed, "papers/index.html")


def test_papers_index_breaks_ties_by_title(small_site):
    listed = small_site.paper_links_in("papers/index.html",
                                       small_site.content("papers/index.html"))
    assert listed == [p.slug for p in newest_first(small_site.papers)]


def test_home_lists_every_theme_with_its_paper_count(site):
    content = site.content("index.html")
    for slug, theme in site.reading_list.taxonomy.themes.items():
        anchors = [a for a in content.find_all("a", href=True)
                   if site.target("index.html", a["href"]) == f"themes/{slug}/index.html"]
        assert anchors, f"home does not link to theme {slug}"
        count = len({p.slug for p in site.papers if set(p.tags) & set(theme.tags)})
        card = anchors[0].find_parent("li") or anchors[0].find_parent("p")
        assert re.search(rf"\b{count} papers?\b", card.get_text(" ")), (
            f"home: theme {slug} should show {count} papers: {card.get_text(' ')!r}")


def test_home_lists_the_latest_additions(site):
    listed = site.paper_links_in("index.html", site.content("index.html"))
    newest = [p.slug for p in newest_first(site.papers)]
    assert listed, "home lists no papers"
    assert listed == newest[: len(listed)], "home's papers are not the latest additions"
    assert len(listed) >= min(len(newest), 3)


def test_home_keeps_the_hand_written_text(small_site):
    assert "Hello." in small_site.content("index.html").get_text()


# --- navigation and links --------------------------------------------------------------


def test_nav_never_links_to_a_paper_page(site):
    for path in site.html_pages:
        for nav in site.page(path).select(".md-nav"):
            # The table of contents links to the page's own sections: that is not a listing.
            papers = [slug for slug in site.paper_links_in(path, nav)
                      if f"papers/{slug}/index.html" != path]
            assert papers == [], f"{path}: the nav links to paper pages {papers[:3]}"


def test_nav_links_the_index_pages(site):
    nav = site.page("index.html").select_one(".md-sidebar--primary .md-nav")
    linked = set(site.links_in("index.html", nav))
    assert {"papers/index.html", "tags/index.html", "themes/index.html"} <= linked
    # Theme pages are one click away, from the themes index and the home page.
    themes = {f"themes/{slug}/index.html" for slug in site.reading_list.taxonomy.themes}
    assert themes <= set(site.links_in("themes/index.html", site.content("themes/index.html")))
    assert themes <= set(site.links_in("index.html", site.content("index.html")))


LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src",
           "iframe": "src", "video": "src", "audio": "src", "embed": "src", "object": "data"}


def urls(site: Site, path: str) -> Iterator[tuple[Tag, str]]:
    for name, attribute in LINKING.items():
        for element in site.page(path).find_all(name):
            if element.has_attr(attribute):
                yield element, element[attribute]


def test_no_link_points_to_a_missing_page_file_or_anchor(site):
    # MkDocs checks the links of Markdown it converts; generated pages are HTML it never
    # reads, so this is what keeps their links honest.
    missing = []
    for path in site.html_pages:
        for element, url in urls(site, path):
            if urlsplit(url.strip()).scheme in ("mailto", "data", "javascript"):
                continue
            target = site.target(path, url)
            if target is None:
                continue
            if not site.exists(target):
                missing.append(f"{path}: <{element.name}> {url}")
                continue
            fragment = unquote(urlsplit(url).fragment)
            if fragment and target.endswith(".html") and site.page(target).find(
                    id=fragment) is None:
                missing.append(f"{path}: <{element.name}> {url}: no #{fragment} there")
    assert missing == []


# --- search ----------------------------------------------------------------------------


def test_search_indexes_each_paper_once_and_no_listing(site):
    docs = site.search_entries()
    pages = Counter(doc["location"].split("#")[0] for doc in docs)
    for paper in site.papers:
        assert pages[f"papers/{paper.slug}/"] == 1, f"{paper.slug}: {pages[f'papers/{paper.slug}/']} entries"
    listings = [loc for loc in pages if loc == "papers/" or loc.startswith(("tags/", "themes/"))]
    assert listings == []
    # The home page's own text is searchable, its list of themes and papers is not.
    home = " ".join(doc["text"] for doc in docs if doc["location"].split("#")[0] == "")
    assert "Latest additions" not in home
    assert all(paper.title not in home for paper in site.papers)


def test_a_paper_is_found_by_its_title_authors_and_abstract(small_site):
    docs = {doc["location"]: doc for doc in small_site.search_entries()}
    doc = docs["papers/an-example-paper/"]
    assert BeautifulSoup(doc["title"], "html.parser").get_text() == (
        "An Example Paper: Learning *What* Not_to_Generate (v2) #1 | [draft]")
    text = BeautifulSoup(doc["text"], "html.parser").get_text(" ")
    assert "Ada Example, Alan Sample" in text
    assert "Abstract, then the curator's notes" in text
    # Dates, links, tags and related papers are on the page but not in its search entry.
    for left_out in ("2026-11-02", "Related papers", "unlearning", "Negative Preference"):
        assert left_out not in text


def test_site_loads_nothing_from_another_host(site):
    # Stylesheets, scripts, icons and images must come with the site, so it works offline.
    loaded_elsewhere = []
    for path in site.html_pages:
        for element, url in urls(site, path):
            rel = set(element.get("rel") or ())
            if element.name == "a" or (element.name == "link" and rel and rel <= {
                    "canonical", "alternate", "next", "prev", "author", "license", "help"}):
                continue
            if site.target(path, url) is None:
                loaded_elsewhere.append(f"{path}: <{element.name}> {url}")
    assert loaded_elsewhere == []
    for css in site.dir.rglob("*.css"):
        remote = re.findall(r"(?:@import|url\()\s*['\"]?(?:https?:)?//[^)'\"]*", css.read_text(
            encoding="utf-8", errors="replace"))
        assert remote == [], f"{css.relative_to(site.dir)} loads {remote}"


def test_links_work_from_any_sub_path(site):
    # Root-relative URLs break a site served from a sub-path. MkDocs' 404 page is the
    # exception by design: a host serves it at any URL.
    rooted = [f"{path}: {url}" for path in site.html_pages if path != "404.html"
              for _, url in urls(site, path) if re.match(r"^/(?!/)", url.strip())]
    assert rooted == []


# --- hostile text ----------------------------------------------------------------------


def script_kind(site: Site, path: str, script: Tag) -> tuple:
    """What a script is, independent of the page it is on."""
    if script.has_attr("src"):
        return ("src", site.target(path, script["src"]))
    return ("inline", script.get("type"), script.get("id"), script.get_text()[:24])


def test_hostile_text_adds_no_script(hostile_site, small_site):
    theme_scripts = {script_kind(small_site, path, s) for path in small_site.html_pages
                     for s in small_site.page(path).find_all("script")}
    assert all(kind[1] is None or kind[1].startswith("assets/") or kind[1].startswith("search/")
               for kind in theme_scripts if kind[0] == "src")
    extra = [f"{path}: {script}"[:200] for path in hostile_site.html_pages
             for script in hostile_site.page(path).find_all("script")
             if script_kind(hostile_site, path, script) not in theme_scripts]
    assert extra == []


def test_hostile_text_adds_no_event_handler_or_script_url(hostile_site):
    found = []
    for path in hostile_site.html_pages:
        for element in hostile_site.page(path).find_all(True):
            for attribute, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                if attribute.lower().startswith("on"):
                    found.append(f"{path}: <{element.name} {attribute}={value!r}>")
                if re.match(r"^\s*(javascript|vbscript|data):", value, re.I) and attribute in (
                        "href", "src", "action", "formaction", "xlink:href"):
                    found.append(f"{path}: <{element.name} {attribute}={value!r}>")
    assert found == []


def test_hostile_title_is_shown_as_text(hostile_site):
    for slug, title in HOSTILE_TITLES.items():
        path = f"papers/{slug}/index.html"
        page = hostile_site.page(path)
        assert page.title.get_text().startswith(title + " - "), page.title.get_text()
        assert text_of(hostile_site.content(path).find("h1")) == title
        shown = hostile_site.content(path).get_text()
        assert "<script>alert(1)</script>" in shown, "the abstract's tags are shown as text"
        for tag in hostile_site.reading_list.papers[0].tags:
            card_titles = [a.get_text() for a in hostile_site.content(f"tags/{tag}/index.html")
                           .find_all("a", href=True)
                           if hostile_site.target(f"tags/{tag}/index.html", a["href"]) == path]
            if card_titles:
                assert card_titles == [title]


def test_paper_notes_cannot_add_images(hostile_site):
    # A paper's notes have no files of their own: an image in them is either a missing
    # file (relative URL) or a request to another host (absolute URL).
    for slug in HOSTILE_TITLES:
        content = hostile_site.content(f"papers/{slug}/index.html")
        assert [str(img) for img in content.find_all("img")] == []


# --- a broken paper --------------------------------------------------------------------


def site_files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes()
            for p in sorted(site_dir.rglob("*")) if p.is_file()}


def test_invalid_paper_fails_the_build_and_keeps_the_last_good_site(reading_list_dir):
    folder = reading_list_dir
    add_small_papers(folder)
    folder.write_site_config()
    site_dir = folder.root / "site"
    good = mkdocs_build(folder.root / "mkdocs.yml", site_dir)
    assert good.returncode == 0, good.stdout + good.stderr
    before = site_files(site_dir)
    assert "index.html" in before and "papers/hard-negative-mixing/index.html" in before

    folder.add("broken-paper", "Broken", ["hard-negativs"])
    folder.write("another-broken-paper", "---\ntitle: Another\ntags: [unlearning]\n"
                 "added: 2026-11-01\ntag: [unlearning]\n---\nText.\n")
    bad = mkdocs_build(folder.root / "mkdocs.yml", site_dir)
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1, output
    assert ("papers/broken-paper.md:3: tags: 'hard-negativs' is not declared in "
            "papers/themes.yml (did you mean 'hard-negatives'?)") in output
    assert "papers/another-broken-paper.md:5: tag: unknown field (did you mean 'tags'?)" in output
    assert "Traceback" not in output
    assert site_files(site_dir) == before, "a failed build must leave the last good site as it was"


def test_a_hand_written_page_in_a_generated_place_fails_and_keeps_the_last_good_site(
        reading_list_dir):
    folder = reading_list_dir
    add_small_papers(folder)
    folder.write_site_config()
    site_dir = folder.root / "site"
    assert mkdocs_build(folder.root / "mkdocs.yml", site_dir).returncode == 0
    before = site_files(site_dir)

    (folder.root / "docs" / "tags").mkdir()
    (folder.root / "docs" / "tags" / "index.md").write_text("# My tags\n", encoding="utf-8")
    bad = mkdocs_build(folder.root / "mkdocs.yml", site_dir)
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1, output
    assert ("docs/tags/index.md: would be replaced by a generated page (rename or remove the "
            "hand-written file)") in output
    assert "Traceback" not in output
    assert site_files(site_dir) == before


# --- citations and connections ---------------------------------------------------------


def test_paper_pages_carry_citation_meta_tags_for_reference_managers(small_site):
    head = small_site.page("papers/an-example-paper/index.html").head
    meta = [(m["name"], m["content"]) for m in head.find_all("meta")
            if m.get("name", "").startswith("citation_")]
    assert meta == [
        ("citation_title", "An Example Paper: Learning *What* Not_to_Generate (v2) #1 | [draft]"),
        ("citation_author", "Ada Example"), ("citation_author", "Alan Sample"),
        ("citation_publication_date", "2024/04/08"), ("citation_arxiv_id", "2404.00001"),
        ("citation_doi", "10.48550/arXiv.2404.00001"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2404.00001")]
    description = head.find("meta", attrs={"name": "description"})["content"]
    assert description == "Abstract, then the curator's notes, in Markdown."


def test_hostile_text_stays_inside_its_meta_tag(hostile_site):
    for slug, title in HOSTILE_TITLES.items():
        head = hostile_site.page(f"papers/{slug}/index.html").head
        assert head.find("meta", attrs={"name": "citation_title"})["content"] == title
        assert [m["content"] for m in head.find_all("meta", attrs={"name": "citation_author"})
                ] == ["<script>alert(1)</script>", title]


def test_a_paper_page_links_to_the_themes_of_its_tags(small_site):
    path = "papers/false-negatives-in-retrieval/index.html"
    linked = set(small_site.links_in(path, small_site.content(path)))
    # false-negatives and hard-negatives are in "negatives"; hard-negatives also in "alignment".
    assert {"themes/negatives/index.html", "themes/alignment/index.html"} <= linked


def test_a_tag_page_shows_the_tags_its_papers_also_carry(small_site):
    path = "tags/hard-negatives/index.html"
    together = small_site.content(path).select_one(".rl-together")
    counts = {a.contents[0].strip(): a.select_one(".rl-count").get_text()
              for a in together.find_all("a")}
    # hard-negatives papers: mixing (alone), false-negatives (+false-negatives),
    # an-example-paper (+unlearning, +preference-optimization).
    assert counts == {"false-negatives": "1", "unlearning": "1", "preference-optimization": "1"}


# --- feeds, exports, citations -----------------------------------------------------------


def test_every_page_links_the_site_feed_in_its_head(site):
    for path in site.html_pages:
        if path == "404.html":
            continue
        links = site.page(path).head.find_all("link", rel="alternate",
                                              type="application/atom+xml")
        assert [site.target(path, link["href"]) for link in links] == ["feed.xml"], path


def test_feeds_and_exports_are_published_and_read_back(site):
    import bibtexparser
    import feedparser

    feed = feedparser.parse((site.dir / "feed.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == min(50, len(site.papers))
    for tag in site.reading_list.taxonomy.tags:
        tag_feed = feedparser.parse((site.dir / "tags" / tag / "feed.xml").read_bytes())
        assert not tag_feed.bozo
        assert len(tag_feed.entries) == min(50, len(papers_with(site, tag)))
    exported = json.loads((site.dir / "papers.json").read_text("utf-8"))
    assert sorted(p["slug"] for p in exported["papers"]) == sorted(p.slug for p in site.papers)
    library = bibtexparser.parse_string((site.dir / "papers.bib").read_text("utf-8"))
    assert library.failed_blocks == []
    assert sorted(e.key for e in library.entries) == sorted(p["bibtex_key"]
                                                           for p in exported["papers"])


def test_a_paper_page_shows_its_bibtex_entry_as_the_export_has_it(site):
    import bibtexparser

    entries = {e.key: e for e in bibtexparser.parse_string(
        (site.dir / "papers.bib").read_text("utf-8")).entries}
    for paper in site.papers:
        code = site.content(f"papers/{paper.slug}/index.html").select_one(".rl-cite code")
        shown = bibtexparser.parse_string(code.get_text()).entries
        assert len(shown) == 1, paper.slug
        assert shown[0].key in entries
        assert shown[0].fields_dict["title"].value == entries[shown[0].key].fields_dict[
            "title"].value


# --- archive and statistics ----------------------------------------------------------------


def test_the_archive_has_a_page_per_month_listing_its_additions(site):
    months: dict[str, list[str]] = {}
    for paper in site.papers:
        months.setdefault(paper.added.strftime("%Y-%m"), []).append(paper.slug)
    index = site.content("archive/index.html")
    linked = set(site.links_in("archive/index.html", index))
    for key, slugs in months.items():
        path = f"archive/{key}/index.html"
        assert path in linked, f"the archive does not link {path}"
        listed = site.paper_links_in(path, site.content(path))
        assert Counter(listed) == Counter(slugs), path
        assert_newest_first(site, listed, path)
    keys = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in index.select(
        ".rl-archive-index a")]
    assert keys == sorted(keys, reverse=True), "newest month first"


def test_the_statistics_page_draws_each_count_with_its_numbers(site):
    content = site.content("stats/index.html")
    charts = content.find_all("svg", attrs={"role": "img"})
    assert len(charts) == 3
    for chart in charts:
        assert chart.find("title") is not None and chart.find("desc") is not None
    # The numbers behind the tag chart: every tag with its count.
    text = content.get_text(" ")
    for tag in site.reading_list.taxonomy.tags:
        count = len(papers_with(site, tag))
        if count:
            assert re.search(rf"{re.escape(tag)}\s+{count}\b", text), tag
