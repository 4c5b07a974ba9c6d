"""The built site in a real browser (Debian's Chromium driven by Playwright).

One build of the real list plus a hostile paper, served from a sub-path on localhost:
every request stays on this host, nothing is missing, hostile text never runs, search
works, and dark mode is dark.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

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
    is among them (results appear as the search worker answers)."""
    search = page.locator(".md-search__input")
    search.click()
    search.fill("")
    search.press_sequentially(query)
    page.locator(".md-search-result__item h1", has_text=expected).first.wait_for()
    return page.locator(".md-search-result__item h1").all_inner_texts()


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
