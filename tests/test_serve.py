"""`mkdocs serve --dirty` as a contributor runs it: edits rebuild only what changed, a broken
paper keeps the last good site served, and fixing it brings the site back.

One real server on a free local port, driven by editing files and reading its log.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ListFolder
from test_build import add_small_papers

TIMEOUT = 60
# Logged after every successful rebuild. ("Documentation built in 0.15 seconds" is not:
# MkDocs drops a log line that repeats the one before.)
REBUILT = r"Reloading browsers"


class Server:
    """A running `mkdocs serve` whose log is collected line by line."""

    def __init__(self, folder: ListFolder) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-v", "--dev-addr", f"127.0.0.1:{self.port}",
             "-f", str(folder.root / "mkdocs.yml")],
            cwd=folder.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, after: int = 0) -> int:
        """Wait until a log line from index `after` on matches; return the next index."""
        deadline = time.monotonic() + TIMEOUT
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            for i in range(after, len(self.lines)):
                if regex.search(self.lines[i]):
                    return i + 1
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no log line matching {pattern!r}:\n" + "\n".join(self.lines))

    def get(self, path: str) -> str:
        """A page as served, without the live-reload call that differs every build."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as r:
            return re.sub(r"livereload\(\d+, \d+\)", "", r.read().decode("utf-8"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def server(reading_list_dir: ListFolder) -> Iterator[tuple[Server, ListFolder]]:
    folder = reading_list_dir
    add_small_papers(folder)
    folder.write_site_config()
    running = Server(folder)
    try:
        running.wait_for(r"Serving on")
        yield running, folder
    finally:
        running.stop()


def page_times(server: Server) -> dict[str, int]:
    """Each built HTML page of the served site and when it was written."""
    site_dir = next(Path(m.group(1)) for line in server.lines
                    if (m := re.search(r"Config value 'site_dir' = '([^']+)'", line)))
    return {p.relative_to(site_dir).as_posix(): p.stat().st_mtime_ns
            for p in site_dir.rglob("*.html") if p.name != "404.html"}  # rebuilt every time


def rebuilt(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, mtime in after.items() if before.get(path) != mtime}


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    time.sleep(0.05)  # a later modification time than the last build's outputs
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_editing_an_abstract_rebuilds_only_its_page(server):
    # Cards show an abstract's first sentence: a later one is on the paper's page alone.
    server, folder = server
    paper = folder.papers / "false-negatives-in-retrieval.md"
    start, before = len(server.lines), page_times(server)
    edit(paper, "Abstract.", "Abstract. More about quokkas.")
    server.wait_for(REBUILT, start)
    assert "quokkas" in server.get("papers/false-negatives-in-retrieval/")
    assert rebuilt(before, page_times(server)) == {
        "papers/false-negatives-in-retrieval/index.html"}
    docs = json.loads(server.get("search/search_index.json"))["docs"]
    paper_docs = [d["location"] for d in docs if d["location"].startswith("papers/")]
    assert sorted(paper_docs) == sorted(set(paper_docs)), "each paper once in search"
    assert len(paper_docs) == 4
    assert any("quokkas" in d["text"] for d in docs)


def test_a_new_title_rebuilds_every_page_that_shows_it(server):
    server, folder = server
    start, before = len(server.lines), page_times(server)
    edit(folder.papers / "hard-negative-mixing.md", "Hard Negative Mixing for Contrastive",
         "Hard Negative Mixing, Renamed, for Contrastive")
    server.wait_for(REBUILT, start)
    pages = rebuilt(before, page_times(server))
    assert {"papers/hard-negative-mixing/index.html", "papers/index.html",
            "tags/hard-negatives/index.html", "index.html"} <= pages
    # No tag in common, so not among its related papers: left as it was.
    assert "papers/negative-preference-optimization/index.html" not in pages
    assert "Renamed" in server.get("")
    docs = json.loads(server.get("search/search_index.json"))["docs"]
    assert len([d for d in docs if d["location"].startswith("papers/")]) == 4


def test_a_broken_paper_keeps_the_last_good_site_and_recovers_when_fixed(server):
    server, folder = server
    good = server.get("papers/hard-negative-mixing/")
    paper = folder.papers / "hard-negative-mixing.md"
    start = len(server.lines)
    edit(paper, "tags: [hard-negatives]", "tags: [hard-negativs]")
    after = server.wait_for(REBUILT, start)
    log = "\n".join(server.lines[start:after])
    assert re.search(r"papers/hard-negative-mixing\.md:3: tags: 'hard-negativs' is not "
                     r"declared", log), log
    assert "the preview shows the papers as they were before" in log
    assert "Traceback" not in log
    assert server.get("papers/hard-negative-mixing/") == good, "the last good page is served"

    edit(paper, "tags: [hard-negativs]", "tags: [hard-negatives, unlearning]")
    server.wait_for(REBUILT, after)
    fixed = server.get("papers/hard-negative-mixing/")
    assert "tags/unlearning/" in fixed
    assert "hard-negative-mixing" in server.get("tags/unlearning/")
