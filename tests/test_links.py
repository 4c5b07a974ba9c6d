"""`site-builder check --links`, against a local server (no test touches the network)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.links import ask, check_links, load_cache, paper_links
from site_builder.loading import load_reading_list

from conftest import ListFolder


class Server:
    """A local HTTP server whose paths answer as their names say."""

    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str]] = Counter()
        self.release = threading.Event()  # lets the requests that never answer finish
        self.active = 0
        self.most_active = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def answer(self, method: str) -> None:
                path = self.path
                with server.lock:
                    server.requests[(method, path)] += 1
                    server.active += 1
                    server.most_active = max(server.most_active, server.active)
                try:
                    self.respond(method, path)
                finally:
                    with server.lock:
                        server.active -= 1

            def respond(self, method: str, path: str) -> None:
                if path == "/never":
                    server.release.wait(30)
                    return
                if path.startswith("/slow/"):
                    time.sleep(0.2)
                    path = "/ok"
                status, location = {
                    "/ok": (200, None), "/gone": (404, None), "/broken": (500, None),
                    "/forbidden": (403, None),
                    "/moved": (301, "/ok"), "/moved-308": (308, "/ok"),
                    "/temporary": (302, "/ok"), "/moved-to-gone": (301, "/gone"),
                    "/loop": (302, "/loop"),
                    "/no-head": (405 if method == "HEAD" else 200, None),
                }.get(path, (404, None))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                if method == "GET":
                    self.wfile.write(b"ok")

            def do_HEAD(self) -> None:  # noqa: N802
                self.answer("HEAD")

            def do_GET(self) -> None:  # noqa: N802
                self.answer("GET")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy_for_the_local_server(monkeypatch):
    """A proxy set in the environment must not carry the requests to 127.0.0.1."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


@pytest.fixture
def linked_list(reading_list_dir: ListFolder, server: Server, monkeypatch) -> ListFolder:
    d = reading_list_dir
    d.add("alive", "Alive Paper", ["hard-negatives"], url=server.url("/ok"),
          pdf=server.url("/no-head"), code=server.url("/temporary"))
    d.add("dead", "Dead Paper", ["hard-negatives"], url=server.url("/gone"),
          code=server.url("/broken"), data=server.url("/never"))
    d.add("moved", "Moved Paper", ["hard-negatives"], project=server.url("/moved"),
          url=server.url("/moved-308"), pdf=server.url("/forbidden"))
    d.add("shared", "Shared Link Paper", ["unlearning"], url=server.url("/gone"),
          body=f"An abstract.\n\nThe data is at {server.url('/ok')}, and the old page at "
               f"[this link]({server.url('/gone')}).")
    monkeypatch.chdir(d.root)
    return d


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_dead_moved_and_refused_links_are_reported_at_their_line(linked_list, server):
    result = run("check", "--links", "--link-timeout", "0.5", "--link-cache", "cache.json")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "themes.yml" not in line]
    base = server.base
    assert lines == [
        f"papers/dead.md:5: url: {base}/gone is dead (HTTP 404)",
        f"papers/dead.md:6: code: {base}/broken is dead (HTTP 500)",
        f"papers/dead.md:7: data: {base}/never is dead (no answer within 0.5 s)",
        f"papers/moved.md:5: warning: project: {base}/moved has moved permanently to "
        f"{base}/ok (HTTP 301; write the new address)",
        f"papers/moved.md:6: warning: url: {base}/moved-308 has moved permanently to "
        f"{base}/ok (HTTP 308; write the new address)",
        f"papers/moved.md:7: warning: pdf: {base}/forbidden refused the link check (HTTP 403; "
        "open it in a browser to see whether it still works)",
        f"papers/shared.md:5: url: {base}/gone is dead (HTTP 404)",
        f"papers/shared.md:9: body: {base}/gone is dead (HTTP 404)",
    ]
    assert "Checking 9 external links" in result.stderr
    # HEAD first; GET only where HEAD is refused; each address once, however often used.
    assert server.requests[("HEAD", "/gone")] == 1
    assert server.requests[("GET", "/gone")] == 0
    assert server.requests[("HEAD", "/no-head")] == 1
    assert server.requests[("GET", "/no-head")] == 1


def test_a_second_run_within_a_day_asks_nothing(linked_list, server):
    first = run("check", "--links", "--link-timeout", "0.5", "--link-cache", "cache.json")
    asked = sum(server.requests.values())
    assert asked >= 9
    second = run("check", "--links", "--link-timeout", "0.5", "--link-cache", "cache.json")
    assert sum(server.requests.values()) == asked
    assert second.stdout == first.stdout and second.exit_code == 1
    cache = json.loads(Path("cache.json").read_text(encoding="utf-8"))
    assert len(cache["links"]) == 9
    # A day later the answers are stale, and --no-link-cache asks again now.
    rows = cache["links"]
    for row in rows:
        row["checked"] = "2000-01-01T00:00:00+00:00"
    Path("cache.json").write_text(json.dumps(cache), encoding="utf-8")
    assert load_cache(Path("cache.json")) == {}
    run("check", "--links", "--link-timeout", "0.5", "--link-cache", "cache.json",
        "--no-link-cache")
    assert sum(server.requests.values()) >= 2 * asked


def test_the_default_cache_lives_in_dot_cache(linked_list, server):
    run("check", "--links", "--link-timeout", "0.5")
    assert (linked_list.root / ".cache" / "site-builder" / "links.json").is_file()


def test_links_of_the_given_files_only(linked_list, server):
    result = run("check", "papers/alive.md", "--links", "--link-cache", "cache.json")
    assert result.exit_code == 0, result.stdout
    assert "Checking 3 external links" in result.stderr
    assert ("HEAD", "/gone") not in server.requests


def test_without_links_nothing_is_asked(linked_list, server):
    assert run("check").exit_code == 0
    assert not server.requests


def test_requests_per_host_are_bounded(server, tmp_path):
    urls = [server.url(f"/slow/{i}") for i in range(8)]
    results = check_links(urls, cache_path=None, per_host=2, workers=8, timeout=5)
    assert all(r.status == 200 for r in results.values())
    assert server.most_active == 2


def test_redirects_are_followed_and_loops_stopped(server):
    assert ask(server.url("/temporary")).status == 200
    assert ask(server.url("/temporary")).moved is None
    gone = ask(server.url("/moved-to-gone"))
    assert (gone.status, gone.moved) == (404, server.url("/gone"))
    loop = ask(server.url("/loop"))
    assert loop.status == 0 and loop.error == "redirects in a loop"


def test_refused_connection_is_a_dead_link():
    free = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = free.server_address[1]
    free.server_close()
    result = ask(f"http://127.0.0.1:{port}/", timeout=2)
    assert result.status == 0 and result.error == "the connection was refused"


def test_the_links_in_a_body_are_found_at_their_line(reading_list_dir):
    reading_list_dir.add("p", "P", ["hard-negatives"], body=(
        "Abstract ending with code: https://example.org/a/b.\n\n"
        "Notes, see (https://example.org/c_(d)) and <https://example.org/e>; "
        "twice https://example.org/a/b"))
    paper = load_reading_list(reading_list_dir.papers).reading_list.papers[0]
    assert [(u.url, u.line, u.field) for u in paper_links(paper)] == [
        ("https://example.org/a/b", 6, "body"), ("https://example.org/c_(d)", 8, "body"),
        ("https://example.org/e", 8, "body"), ("https://example.org/a/b", 8, "body")]


def test_the_links_a_paper_shows(small_list):
    papers = {p.slug: p for p in load_reading_list(small_list.papers).reading_list.papers}
    mixing = paper_links(papers["hard-negative-mixing"])
    assert [(u.field, u.url) for u in mixing] == [("arxiv", "https://arxiv.org/abs/2010.01028")]
    assert mixing[0].line == 7
