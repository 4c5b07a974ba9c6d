"""`site-builder export`, then a real `zensical build`: the same site without MkDocs.

Each list is exported and built with Zensical once per module (well under a second for
the small lists, a few seconds for the generated one). The built HTML is then held to
what tests/test_build.py asserts of the MkDocs site: those tests are imported below and
run again here, against this module's `small_site`, `hostile_site`, `repo_site` and
`site` fixtures. What differs between the engines (the search index's file, the build's
output) has its own tests here.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import posixpath
import shutil
import subprocess
import sys
import threading
import tomllib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser
import feedparser
import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from click.testing import CliRunner, Result

from conftest import REPO, ListFolder
from site_builder.cli import cli
from site_builder.export import CONFIG_FILE, MARKER, read_site_config, site_pages_for
from site_builder.loading import load_reading_list
from site_builder.pages import SitePages
from site_builder.urls import small_navigation, url_of
from test_build import (  # noqa: F401  (imported tests run here against Zensical's sites)
    Site,
    add_hostile_papers,
    add_small_papers,
    site_files,
    test_a_paper_is_found_by_its_title_authors_and_abstract,
    test_a_paper_page_links_to_the_themes_of_its_tags,
    test_a_tag_page_shows_the_tags_its_papers_also_carry,
    test_a_tag_without_papers_still_has_its_page,
    test_every_paper_has_a_page_titled_and_linking_to_its_tags,
    test_every_tag_page_lists_exactly_the_papers_with_that_tag,
    test_every_theme_page_has_a_section_per_tag_listing_its_papers,
    test_home_keeps_the_hand_written_text,
    test_home_lists_every_theme_with_its_paper_count,
    test_home_lists_the_latest_additions,
    test_hostile_text_adds_no_event_handler_or_script_url,
    test_hostile_text_adds_no_script,
    test_hostile_text_stays_inside_its_meta_tag,
    test_hostile_title_is_shown_as_text,
    test_links_work_from_any_sub_path,
    test_nav_links_the_index_pages,
    test_nav_never_links_to_a_paper_page,
    test_no_link_points_to_a_missing_page_file_or_anchor,
    test_paper_notes_cannot_add_images,
    test_paper_page_shows_its_metadata_and_link_buttons,
    test_paper_page_shows_no_metadata_it_was_not_given,
    test_paper_page_title_element_is_the_paper_title,
    test_paper_pages_carry_citation_meta_tags_for_reference_managers,
    test_papers_index_breaks_ties_by_title,
    test_papers_index_lists_every_paper_once_newest_first,
    test_repo_builds_every_seed_paper,
    test_search_indexes_each_paper_once_and_no_listing,
    test_site_loads_nothing_from_another_host,
    test_tag_index_lists_every_tag_with_its_count,
    test_theme_page_shows_its_title_and_description,
    urls,
)

ZENSICAL = Path(sys.executable).with_name("zensical")
# A few hundred: listings of several pages each, built in a few seconds (Zensical 0.0.73
# took 6 s and 125 MB for these 300 papers, 9 s and 250 MB for 1,000).
GENERATED_PAPERS = 300


def run_export(*args: str) -> Result:
    return CliRunner().invoke(cli, ["export", *args])


def zensical_build(out: Path) -> subprocess.CompletedProcess:
    """Run `zensical build --strict` as a user would, in the exported folder."""
    return subprocess.run([str(ZENSICAL), "build", "--strict", "-f", str(out / CONFIG_FILE)],
                          cwd=out, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_COLOR": "1"})


class ExportedSite(Site):
    """A site exported from the list at `project` and built by Zensical in `root`."""

    def __init__(self, *args, project: Path) -> None:
        super().__init__(*args)
        self.project = project

    def site_pages(self) -> SitePages:
        """The page records, made as the export makes them."""
        return site_pages_for(read_site_config(self.project), self.reading_list)

    def search_entries(self) -> list[dict]:
        """Zensical's index: `search.json`, its entries under "items"."""
        return json.loads((self.dir / "search.json").read_text("utf-8"))["items"]


def export_and_build(name: str, root: Path, out: Path) -> ExportedSite:
    exported = run_export(str(out), "--config", str(root / "mkdocs.yml"))
    assert exported.exit_code == 0, exported.output
    built = zensical_build(out)
    output = built.stdout + built.stderr
    assert built.returncode == 0, output
    loaded = load_reading_list(root / "papers")
    assert loaded.problems == []
    return ExportedSite(name, out, out / "site", output, loaded.reading_list, project=root)


def fixture_list(root: Path, *, hostile: bool) -> Path:
    folder = ListFolder(root)
    add_small_papers(folder)
    if hostile:
        add_hostile_papers(folder)
    folder.write_site_config()
    return root


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Site:
    root = fixture_list(tmp_path_factory.mktemp("small"), hostile=False)
    return export_and_build("small", root, root / "zensical")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Site:
    root = fixture_list(tmp_path_factory.mktemp("hostile"), hostile=True)
    return export_and_build("hostile", root, root / "zensical")


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory) -> Site:
    return export_and_build("repo", REPO, tmp_path_factory.mktemp("repo") / "zensical")


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory) -> Site:
    """A generated list of a few hundred papers (benchmarks/generate.py)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import write_reading_list

    root = tmp_path_factory.mktemp("generated")
    write_reading_list(root / "list", GENERATED_PAPERS)
    return export_and_build("generated", root / "list", root / "zensical")


@pytest.fixture(params=["small", "hostile", "repo"])
def site(request) -> Site:
    """Each built site in turn, as in test_build.py."""
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(params=["small", "hostile", "repo", "generated"])
def any_site(request) -> Site:
    return request.getfixturevalue(f"{request.param}_site")


# --- the build -------------------------------------------------------------------------


def test_zensical_builds_it_cleanly(site):
    # --strict: Zensical stops on any warning (a broken link in a docs page among them).
    assert "Traceback" not in site.output
    assert "warning" not in site.output.lower(), site.output
    assert site.exists("index.html")


def test_zensical_alone_on_the_mkdocs_configuration_publishes_no_papers(tmp_path):
    # Why the export exists: Zensical drops the reading-list plugin without a word.
    for name in ("papers", "docs"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    build = [str(ZENSICAL), "build", "-f", "mkdocs.yml"]
    built = subprocess.run(build, cwd=tmp_path, capture_output=True, text=True, timeout=600,
                           env={**os.environ, "NO_COLOR": "1"})
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert not (tmp_path / "site" / "papers").exists()
    assert not (tmp_path / "site" / "tags").exists()
    assert "reading-list" not in built.stdout + built.stderr
    # --strict fails only because docs pages link to pages that were never generated.
    strict = subprocess.run([*build, "--strict"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "NO_COLOR": "1"})
    assert strict.returncode != 0
    assert "page does not exist" in strict.stdout + strict.stderr


# --- the same pages as the MkDocs plugin publishes ---------------------------------------


def canonical(nodes) -> list:
    """HTML as a list of elements (name, attributes) and words, whitespace aside.

    `data-search-exclude` is left out: Zensical's search reads it and removes it.
    """
    found = []
    for node in nodes:
        for item in [node, *node.descendants] if isinstance(node, Tag) else [node]:
            if isinstance(item, Tag):
                found.append((item.name, sorted(
                    (k, " ".join(v) if isinstance(v, list) else v)
                    for k, v in item.attrs.items() if k != "data-search-exclude")))
            elif isinstance(item, NavigableString) and str(item).split():
                found.extend(str(item).split())
    return found


def built_nodes(site: Site, path: str) -> list:
    """The generated part of a built page: the contents of its raw HTML blocks, and the
    headings Zensical made between them."""
    article = site.content(path)
    nodes, started = [], False
    for child in article.children:
        if isinstance(child, Tag) and "rl-page" in (child.get("class") or []):
            started = True
            nodes.extend(child.contents)
        elif started:
            nodes.append(child)
    assert started, f"{path}: no generated content"
    return nodes


def built_path(src_uri: str) -> str:
    """The HTML file Zensical writes for a Markdown source (directory URLs)."""
    return url_of(src_uri) + "index.html"


def test_every_generated_page_is_built_with_the_same_content(any_site):
    # Titles, links, tags, metadata, BibTeX, related papers: the very HTML the plugin
    # hands MkDocs, from the same records.
    pages = any_site.site_pages()
    records = [*pages.pages(), pages.home_section()]
    different = []
    for record in records:
        path = built_path(record.src_uri)
        expected = canonical(BeautifulSoup(record.html, "html.parser").contents)
        if canonical(built_nodes(any_site, path)) != expected:
            different.append(path)
    assert different == []
    # Every HTML page Zensical wrote is one of ours, a docs page, or its 404 page.
    built = {built_path(r.src_uri) for r in records}
    docs = {built_path(p.relative_to(any_site.project / "docs").as_posix())
            for p in (any_site.project / "docs").rglob("*.md")}
    assert set(any_site.html_pages) <= built | docs | {"404.html"}


def test_generated_pages_keep_title_description_and_head(any_site):
    site_name = read_site_config(any_site.project).raw["site_name"]
    for record in any_site.site_pages().pages():
        page = any_site.page(built_path(record.src_uri))
        assert page.title.get_text() == f"{record.title} - {site_name}", record.src_uri
        description = page.head.find("meta", attrs={"name": "description"})["content"]
        assert description == record.description, record.src_uri
        if record.head:
            expected = canonical(BeautifulSoup(record.head, "html.parser").contents)
            head = canonical(page.head.contents)
            assert all(item in head for item in expected if isinstance(item, tuple)), (
                record.src_uri)


def test_the_generated_lists_links_resolve(generated_site):
    # Its listings run over several pages, which the small lists' do not.
    test_no_link_points_to_a_missing_page_file_or_anchor(generated_site)


def test_the_generated_list_loads_nothing_from_another_host(generated_site):
    test_site_loads_nothing_from_another_host(generated_site)


def test_the_generated_list_has_every_paper_tag_and_theme_page(generated_site):
    for paper in generated_site.papers:
        assert generated_site.exists(f"papers/{paper.slug}/index.html")
    for tag in generated_site.reading_list.taxonomy.tags:
        assert generated_site.exists(f"tags/{tag}/index.html")
    for theme in generated_site.reading_list.taxonomy.themes:
        assert generated_site.exists(f"themes/{theme}/index.html")


def test_no_relative_link_climbs_above_the_site_root(any_site):
    # From a sub-path such a link leaves the site, though a browser at the host's root
    # (and urljoin) would forgive it. Zensical rewrites relative links as if written
    # from the page's source file, which is why generated pages are written in the
    # folder of their URL (`papers/<slug>/index.md`).
    climbing = []
    for path in any_site.html_pages:
        for element, url in urls(any_site, path):
            parts = urlsplit(url.strip())
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue
            if posixpath.normpath(posixpath.join(posixpath.dirname(path), parts.path)
                                  ).startswith(".."):
                climbing.append(f"{path}: <{element.name}> {url}")
    assert climbing == []


def test_docs_links_to_generated_pages_still_work(small_list: ListFolder):
    small_list.write_site_config()
    (small_list.root / "docs" / "guide").mkdir()
    (small_list.root / "docs" / "guide" / "reading.md").write_text(
        "# Reading\n\nStart with [mixing](../papers/hard-negative-mixing.md#cite), then "
        "[a tag][tag].\n\n[tag]: ../tags/hard-negatives.md\n", encoding="utf-8")
    out = small_list.root / "out"
    assert run_export(str(out), "--config", str(small_list.root / "mkdocs.yml")).exit_code == 0
    built = zensical_build(out)
    assert built.returncode == 0, built.stdout + built.stderr
    page = BeautifulSoup((out / "site" / "guide" / "reading" / "index.html").read_text("utf-8"),
                         "html.parser").select_one("article")
    assert [a["href"] for a in page.find_all("a", href=True) if "headerlink" not in (
        a.get("class") or [])] == ["../../papers/hard-negative-mixing/#cite",
                                   "../../tags/hard-negatives/"]


def test_theme_pages_list_their_tags_beside_the_page(repo_site):
    # The table of contents: Zensical makes it from Markdown headings only, which is
    # why the export writes the generated pages' section headings as Markdown.
    for slug, theme in repo_site.reading_list.taxonomy.themes.items():
        toc = repo_site.page(f"themes/{slug}/index.html").select_one(".md-nav--secondary")
        assert [a["href"] for a in toc.find_all("a")] == [f"#{t}" for t in theme.tags]


# --- files beside the pages ------------------------------------------------------------


def test_feeds_exports_and_assets_are_published_as_they_are(any_site):
    for generated in any_site.site_pages().files():
        path = any_site.dir / generated.path
        assert path.is_file(), generated.path
        assert path.read_text(encoding="utf-8") == generated.content, generated.path
        if generated.path.endswith(".xml"):
            feed = feedparser.parse(generated.content)
            assert not feed.bozo, f"{generated.path}: {feed.get('bozo_exception')}"
        elif generated.path.endswith(".json"):
            json.loads(generated.content)
        elif generated.path.endswith(".bib"):
            library = bibtexparser.parse_string(generated.content)
            assert not library.failed_blocks, generated.path
            assert len(library.entries) == len(any_site.papers)


def test_the_feed_and_the_data_list_every_paper(repo_site):
    entries = feedparser.parse(str(repo_site.dir / "feed.xml")).entries
    assert entries, "the feed is empty"
    data = json.loads((repo_site.dir / "papers.json").read_text(encoding="utf-8"))
    assert len(data["papers"]) == len(repo_site.papers)


# --- the exported folder ---------------------------------------------------------------


def test_the_configuration_has_the_theme_the_nav_and_no_plugin(repo_site):
    project = tomllib.loads((repo_site.root / CONFIG_FILE).read_text("utf-8"))["project"]
    assert "reading-list" not in project.get("plugins", {})
    assert project["theme"]["palette"][1]["scheme"] == "slate"
    assert project["theme"]["font"] is False
    assert {"assets/reading-list.css", "assets/reading-list-icons.css",
            "assets/charts.css"} <= set(project["extra_css"])
    docs = sorted(p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md"))
    assert project["nav"] == small_navigation(docs)
    assert project["nav"][:4] == [{"Home": "index.md"}, {"Papers": "papers/index.md"},
                                  {"Themes": "themes/index.md"}, {"Tags": "tags/index.md"}]
    assert (repo_site.root / MARKER).is_file()


RICH_CONFIG = """\
site_name: Rich list
site_url: https://example.org/list/
theme:
  name: material
  font: false
  palette:
    scheme: slate
    primary: teal
  features: [navigation.tabs]
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - admonition
extra:
  social:
    - icon: fontawesome/brands/github
      link: https://example.org/
extra_css: [extra.css]
plugins:
  search: {}
  reading-list:
    papers_dir: list
"""


def test_the_settings_of_mkdocs_yml_carry_over(small_list: ListFolder):
    small_list.write_site_config()
    (small_list.root / "mkdocs.yml").write_text(RICH_CONFIG, encoding="utf-8")
    (small_list.root / "docs" / "extra.css").write_text("body {}\n", encoding="utf-8")
    small_list.papers.rename(small_list.root / "list")  # the plugin's papers_dir
    out = small_list.root / "out"
    result = run_export(str(out), "--config", str(small_list.root / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    project = tomllib.loads((out / CONFIG_FILE).read_text("utf-8"))["project"]
    assert project["site_url"] == "https://example.org/list/"
    assert project["theme"]["palette"] == {"scheme": "slate", "primary": "teal"}
    assert project["extra"]["social"] == [{"icon": "fontawesome/brands/github",
                                           "link": "https://example.org/"}]
    assert project["extra_css"][0] == "extra.css"
    assert project["markdown_extensions"]["pymdownx.emoji"] == {
        "emoji_index": "zensical.extensions.emoji.twemoji",
        "emoji_generator": "zensical.extensions.emoji.to_svg"}
    built = zensical_build(out)
    assert built.returncode == 0, built.stdout + built.stderr
    page = BeautifulSoup((out / "site" / "papers" / "hard-negative-mixing" / "index.html")
                         .read_text("utf-8"), "html.parser")
    assert page.find("link", rel="canonical")["href"] == (
        "https://example.org/list/papers/hard-negative-mixing/")


def test_the_small_navigation_nests_folders_as_mkdocs_does():
    assert small_navigation(["index.md", "b.md", "a.md", "guide/index.md", "guide/x-y.md",
                             "about.md"]) == [
        {"Home": "index.md"}, {"Papers": "papers/index.md"}, {"Themes": "themes/index.md"},
        {"Tags": "tags/index.md"}, "a.md", "about.md", "b.md",
        {"Guide": ["guide/index.md", "guide/x-y.md"]}]


def folder_state(folder: Path) -> dict[str, bytes]:
    return site_files(folder) if folder.exists() else {}


def test_export_refuses_a_folder_it_did_not_write(small_list: ListFolder):
    small_list.write_site_config()
    out = small_list.root / "somebody-elses"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_export(str(out), "--config", str(small_list.root / "mkdocs.yml"))
    assert result.exit_code == 2, result.output
    assert "is not empty and was not written by `site-builder export`" in result.output
    assert folder_state(out) == {"notes.txt": b"mine\n"}
    # An empty folder is fine.
    empty = small_list.root / "empty"
    empty.mkdir()
    assert run_export(str(empty), "--config", str(small_list.root / "mkdocs.yml")).exit_code == 0
    assert (empty / MARKER).is_file()


def test_export_refuses_to_write_inside_the_lists_own_folders(small_list: ListFolder):
    small_list.write_site_config()
    for out in (small_list.root / "docs" / "export", small_list.papers / "export"):
        result = run_export(str(out), "--config", str(small_list.root / "mkdocs.yml"))
        assert result.exit_code == 2, result.output
        assert not out.exists()


def test_a_new_export_replaces_the_last_one_at_once(small_list: ListFolder):
    small_list.write_site_config()
    out = small_list.root / "out"
    config = str(small_list.root / "mkdocs.yml")
    assert run_export(str(out), "--config", config).exit_code == 0
    (out / "docs" / "stray.md").write_text("# Left over\n", encoding="utf-8")
    (out / "site").mkdir()
    (out / "site" / "index.html").write_text("last build\n", encoding="utf-8")
    (small_list.papers / "hard-negative-mixing.md").unlink()
    result = run_export(str(out), "--config", config)
    assert result.exit_code == 0, result.output
    assert not (out / "docs" / "stray.md").exists()
    assert not (out / "docs" / "papers" / "hard-negative-mixing").exists()
    assert (out / "docs" / "papers" / "false-negatives-in-retrieval" / "index.md").is_file()
    # The last build (and Zensical's cache) stay for the next `zensical build`.
    assert (out / "site" / "index.html").read_text(encoding="utf-8") == "last build\n"
    # Nothing is left beside it: the new export was written next to OUT, then swapped in.
    assert sorted(p.name for p in small_list.root.iterdir()) == [
        "docs", "mkdocs.yml", "out", "papers"]


def check_lines(papers: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["check", "--papers-dir", str(papers)])
    assert result.exit_code == 1
    return [line for line in result.stdout.splitlines() if ": warning: " not in line]


def test_an_invalid_paper_is_reported_as_check_does_and_nothing_is_written(
        small_list: ListFolder):
    small_list.write_site_config()
    out = small_list.root / "out"
    config = str(small_list.root / "mkdocs.yml")
    assert run_export(str(out), "--config", config).exit_code == 0
    before = folder_state(out)
    small_list.add("broken-paper", "Broken", ["hard-negativs"])
    small_list.write("another-broken-paper", "---\ntitle: Another\ntags: [unlearning]\n"
                     "added: 2026-11-01\ntag: [unlearning]\n---\nText.\n")
    result = run_export(str(out), "--config", config)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines == check_lines(small_list.papers)
    assert any("broken-paper.md:3: tags: 'hard-negativs' is not declared in" in line
               and line.endswith("(did you mean 'hard-negatives'?)") for line in lines)
    assert any("another-broken-paper.md:5: tag: unknown field (did you mean 'tags'?)" in line
               for line in lines)
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.output
    assert folder_state(out) == before, "a failed export must leave the last one as it was"
    fresh = small_list.root / "fresh"
    assert run_export(str(fresh), "--config", config).exit_code == 1
    assert not fresh.exists()
    assert sorted(p.name for p in small_list.root.iterdir()) == [
        "docs", "mkdocs.yml", "out", "papers"]


def test_a_hand_written_page_in_a_generated_place_is_reported(small_list: ListFolder):
    small_list.write_site_config()
    (small_list.root / "docs" / "tags").mkdir()
    (small_list.root / "docs" / "tags" / "index.md").write_text("# My tags\n", encoding="utf-8")
    out = small_list.root / "out"
    result = run_export(str(out), "--config", str(small_list.root / "mkdocs.yml"))
    assert result.exit_code == 1, result.output
    assert ("docs/tags/index.md:1: page: would be replaced by a generated page (rename or "
            "remove the hand-written file)") in result.stdout
    assert not out.exists()


# --- in a browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def zensical_url(repo_site: Site, tmp_path_factory):
    """The Zensical-built repo list, served from a sub-path on localhost."""
    www = tmp_path_factory.mktemp("www")
    (www / "reading-list").symlink_to(repo_site.dir, target_is_directory=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/reading-list/"
    server.shutdown()


def test_in_a_browser_every_request_stays_on_this_host_and_succeeds(zensical_url, repo_site):
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM as chromium

    paper = repo_site.papers[0].slug
    paths = ["", "papers/", f"papers/{paper}/", "tags/", "tags/hard-negatives/",
             "themes/negative-sampling/", "about/"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        requests: list[str] = []
        failures: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("response", lambda r: failures.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
        page.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
        for path in paths:
            page.goto(zensical_url + path, wait_until="networkidle")
        # The filter of /papers/ finds a word that only an abstract has, in Zensical's index.
        page.goto(zensical_url + "papers/?words=VADER", wait_until="networkidle")
        page.locator(".rl-filter__status", has_text=f"1 of {len(repo_site.papers)} papers"
                     ).wait_for()
        assert "Sentiment Analysis" in page.locator(".rl-filter__results").inner_text()
        browser.close()
    hosts = {urlsplit(url).netloc for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(zensical_url).netloc}
    assert failures == []
