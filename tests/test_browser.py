"""The built site in a real browser (Debian's Chromium driven by Playwright).

One build of the real list plus a hostile paper, served from a sub-path on localhost:
every request stays on this host, nothing is missing, hostile text never runs, search
works, and dark mode is dark.
"""

from __future__ import annotations

import functools
import re
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, sync_playwright

from conftest import REPO

# Debian's Chromium (`./dev test` installs it); CHROMIUM may name another build of it.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SUB_PATH = "/reading-list/"

# Each payload sets window.__xss if it ever runs.
HOSTILE_TITLE = 'Hostile </title><script>window.__xss=1</script> "><img src=x onerror="window.__xss=2">'
HOSTILE_BODY = """\
An abstract <script>window.__xss=3</script> with <img src=x onerror="window.__xss=4">.

[click me](javascript:window.__xss=5) and <a href="javascript:window.__xss=6">raw link</a>.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real list plus a hostile paper, built into <root>/reading-list/."""
    root = tmp_path_factory.mktemp("browser")
    project = root / "project"
    shutil.copytree(REPO / "papers", project / "papers")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "papers" / "hostile-paper.md").write_text(
        "---\ntitle: '" + HOSTILE_TITLE.replace("'", "''") + "'\n"
        "tags: [hard-negatives]\nadded: 2026-11-24\n"
        "authors: ['<b onmouseover=\"window.__xss=7\">Mallory</b>']\n---\n" + HOSTILE_BODY,
        encoding="utf-8",
    )
    (project / "papers" / "an-example-paper.md").write_text(
        "---\ntitle: An Example Paper on Quokka Ranking\ntags: [hard-negatives]\n"
        "added: 2026-11-24\nauthors: [Ada Example, Alan Sample]\n---\n"
        "We study marsupials; the word zygomorphic appears only in this abstract.\n",
        encoding="utf-8",
    )
    out = root / "www" / SUB_PATH.strip("/")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
         str(project / "mkdocs.yml"), "-d", str(out)],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "www"


@pytest.fixture(scope="module")
def base_url(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


PAGES = ["", "papers/", "papers/hostile-paper/", "tags/", "tags/hard-negatives/",
         "themes/negative-sampling/", "about/"]


def test_every_request_stays_on_this_host_and_succeeds(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    failures: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    for path in PAGES:
        page.goto(base_url + path, wait_until="networkidle")
    hosts = {urlsplit(url).netloc for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(base_url).netloc}
    assert failures == []
    page.close()


def test_hostile_paper_never_runs_script(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "papers/hostile-paper/", wait_until="networkidle")
    # What the contributor wrote is shown as text, not run.
    heading = page.evaluate("document.querySelector('h1').firstChild.textContent")
    assert heading == HOSTILE_TITLE
    assert "Hostile </title><script>" in page.title()
    assert "<script>window.__xss=3</script>" in page.locator(".rl-body").inner_text()
    page.locator(".rl-body a", has_text="click me").click()
    page.locator(".rl-paper-meta__authors").hover()
    for path in ("papers/", "tags/hard-negatives/", "themes/negative-sampling/"):
        page.goto(base_url + path, wait_until="networkidle")
        page.locator(".rl-card", has_text="Hostile").first.hover()
        assert page.evaluate("window.__xss") is None, path
    page.goto(base_url, wait_until="networkidle")
    assert page.evaluate("window.__xss") is None
    page.close()


def test_search_finds_papers_and_shows_hostile_text_as_text(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url, wait_until="networkidle")
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("Hostile")
    page.locator(".md-search-result__item", has_text="Hostile").first.wait_for()
    assert page.evaluate("window.__xss") is None
    search.fill("")
    search.press_sequentially("hindsight")
    page.locator(".md-search-result__item", has_text="Chain of Hindsight").first.wait_for()
    assert page.evaluate("window.__xss") is None
    page.close()


def search_results(page, query: str, expected: str) -> list[str]:
    """The titles search lists for `query`, typed as a reader types it, once `expected`
    is among them and the list has settled (results appear as the search worker answers
    each keystroke, so the list first shown may be a shorter prefix's)."""
    search = page.locator(".md-search__input")
    search.click()
    search.fill("")
    search.press_sequentially(query)
    titles = page.locator(".md-search-result__item h1")
    titles.filter(has_text=expected).first.wait_for()
    shown = titles.all_inner_texts()
    for _ in range(20):
        page.wait_for_timeout(250)
        settled, shown = shown, titles.all_inner_texts()
        if shown == settled:
            break
    return shown


def test_search_finds_a_paper_by_title_author_and_abstract_word_once(browser: Browser,
                                                                    base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "tags/", wait_until="networkidle")
    title = "An Example Paper on Quokka Ranking"
    for query in ("quokka", "Sample", "zygomorphic"):
        results = search_results(page, query, title)
        assert results.count(title) == 1, f"{query}: {results}"
    # Only the paper page holds the paper: no listing page is a search result.
    assert search_results(page, "quokka", title) == [title]
    page.close()


def test_dark_mode_follows_the_system_setting(browser: Browser, base_url: str) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(base_url + "themes/negative-sampling/", wait_until="networkidle")
        colours[scheme] = page.evaluate(
            "() => { const c = getComputedStyle(document.body).backgroundColor.match(/\\d+/g);"
            " return c.slice(0, 3).map(Number); }")
        card = page.locator(".rl-card").first
        assert card.is_visible()
        page.close()
    assert sum(colours["light"]) > 600  # near white
    assert sum(colours["dark"]) < 200  # near black


# --- the filter of /papers/ --------------------------------------------------------------


def listed_titles(page) -> list[str]:
    return page.locator(".rl-filter__results .rl-card__title").all_inner_texts()


def wait_for_status(page, text: str) -> None:
    page.locator(".rl-filter__status", has_text=text).wait_for()


@pytest.fixture(scope="module")
def listed(site: Path):
    """The papers of the browser site, as loaded: what the filter must find."""
    from site_builder.loading import load_reading_list

    return load_reading_list(site.parent / "project" / "papers").reading_list.papers


def test_the_filter_state_in_the_url_selects_papers_with_every_chosen_tag(
        browser: Browser, base_url: str, listed) -> None:
    page = browser.new_page()
    page.goto(base_url + "papers/?tags=alignment", wait_until="networkidle")
    alignment = [p for p in listed if "alignment" in p.tags]
    wait_for_status(page, f"{len(alignment)} of {len(listed)} papers")
    assert sorted(listed_titles(page)) == sorted(p.title for p in alignment)
    # A second tag narrows to papers with both; the URL says so, and Back undoes it.
    page.locator('.rl-filter__tag[data-tag="negative-feedback"]').click()
    both = [p for p in alignment if "negative-feedback" in p.tags]
    wait_for_status(page, f"{len(both)} of {len(listed)} papers")
    assert "tags=alignment,negative-feedback" in page.url
    assert sorted(listed_titles(page)) == sorted(p.title for p in both)
    count = page.locator('.rl-filter__tag[data-tag="alignment"] .rl-count').inner_text()
    assert count == str(len(both)), "live counts are of the papers shown"
    page.go_back()
    wait_for_status(page, f"{len(alignment)} of {len(listed)} papers")
    page.close()


def test_the_filter_finds_words_of_titles_authors_and_abstracts_and_sorts(
        browser: Browser, base_url: str, listed) -> None:
    page = browser.new_page()
    page.goto(base_url + "papers/", wait_until="networkidle")
    wait_for_status(page, f"{len(listed)} papers")
    box = page.get_by_label("Words")
    for words, title in (("quokka", "An Example Paper on Quokka Ranking"),
                         ("Sample", "An Example Paper on Quokka Ranking"),
                         ("zygomorphic", "An Example Paper on Quokka Ranking"),
                         ("VADER sentiment", "A Labelled Dataset for Sentiment Analysis")):
        box.fill(words)
        page.locator(".rl-filter__results .rl-card__title", has_text=title).first.wait_for()
        assert all(title in t for t in listed_titles(page)[:1]), (words, listed_titles(page))
    assert "words=VADER%20sentiment" in page.url
    box.fill("")
    page.get_by_label("Sort by").select_option("title")
    wait_for_status(page, f"{len(listed)} of {len(listed)} papers")
    shown = listed_titles(page)
    assert shown == sorted(shown, key=str.casefold)[: len(shown)] or shown == sorted(shown)
    assert "sort=title" in page.url
    page.close()


def test_the_filter_is_usable_from_the_keyboard(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "papers/", wait_until="networkidle")
    chip = page.locator('.rl-filter__tag[data-tag="alignment"]')
    chip.focus()
    page.keyboard.press("Space")
    page.locator('.rl-filter__tag[data-tag="alignment"][aria-pressed="true"]').wait_for()
    assert page.locator(".rl-filter__status").get_attribute("role") == "status"
    assert page.get_by_role("search", name="Filter the papers").is_visible()
    page.close()


def test_without_javascript_the_pages_list_every_paper(browser: Browser, base_url: str,
                                                      listed) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "papers/")
    assert not page.locator("form.rl-filter").is_visible()
    titles = []
    url = base_url + "papers/"
    while url:
        page.goto(url)
        titles += page.locator(".rl-listing .rl-card__title").all_inner_texts()
        older = page.locator('.rl-listing a[rel="next"]')
        url = older.first.get_attribute("href") if older.count() else None
        url = urljoin(page.url, url) if url else None
    assert sorted(titles) == sorted(p.title for p in listed)
    context.close()


@pytest.fixture(scope="module")
def thousand_papers_url(tmp_path_factory: pytest.TempPathFactory):
    """A generated list of 1,000 papers (benchmarks/generate.py), built and served."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import write_reading_list

    root = tmp_path_factory.mktemp("thousand")
    write_reading_list(root / "project", 1000)
    out = root / "www" / SUB_PATH.strip("/")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "project" / "mkdocs.yml"),
         "-d", str(out)], capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(_QuietHandler, directory=str(root / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
    server.shutdown()


def test_filtering_a_thousand_papers_is_measured(browser: Browser, thousand_papers_url: str,
                                                 capsys) -> None:
    # Reported, not asserted: machines differ. The counts are checked.
    page = browser.new_page()
    page.goto(thousand_papers_url + "papers/", wait_until="networkidle")
    page.locator(".rl-filter__status", has_text="1,000 papers").or_(
        page.locator(".rl-filter__status", has_text="1000 papers")).first.wait_for()
    timings: dict[str, list[float]] = {"one tag": [], "two tags": [], "words": [], "sort": []}
    for _ in range(5):
        for name, action in (
            ("one tag", lambda: page.locator(".rl-filter__tag").nth(0).click()),
            ("two tags", lambda: page.locator(".rl-filter__tag").nth(1).click()),
            ("words", lambda: page.get_by_label("Words").fill("negative")),
            ("sort", lambda: page.get_by_label("Sort by").select_option("title")),
        ):
            page.evaluate("document.querySelector('form.rl-filter').dataset.ms = ''")
            action()
            page.wait_for_function("document.querySelector('form.rl-filter').dataset.ms !== ''")
            timings[name].append(float(page.evaluate(
                "document.querySelector('form.rl-filter').dataset.ms")))
        status = page.locator(".rl-filter__status").inner_text()
        assert re.match(r"^\d+ of 1000 papers$", status), status
        page.locator(".rl-filter__clear").click()
    medians = {name: sorted(values)[len(values) // 2] for name, values in timings.items()}
    with capsys.disabled():
        print("\nfilter on 1,000 papers (median of 5, ms): " +
              ", ".join(f"{name} {ms:.1f}" for name, ms in medians.items()))
    page.close()


def test_the_copy_button_copies_the_bibtex_entry(browser: Browser, base_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "papers/chain-of-hindsight-aligns-language-models-with-feedback/",
              wait_until="networkidle")
    entry = page.locator(".rl-cite code").inner_text()
    assert entry.startswith("@inproceedings{liu2023chain,")
    page.get_by_role("button", name="Copy").click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == entry
    context.close()
