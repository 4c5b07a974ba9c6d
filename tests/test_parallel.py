"""Builds that render in a second process: the same site, and nothing lost when it fails.

`background.Background` forks a worker whose values the build takes in order; a worker
that fails or dies must cost time only. The plugin's `parallel` option (default `auto`)
uses it for loading and rendering; these tests hold `on` to `off`, file for file.
"""

from __future__ import annotations

import filecmp
import json
import os
import sys
import time
from pathlib import Path

import pytest

from site_builder.background import MISSING, Background, can_fork
from site_builder.loading import PARALLEL_MIN_FILES, load_reading_list

from conftest import ListFolder, paper_text
from test_build import mkdocs_build

REPO = Path(__file__).resolve().parent.parent

needs_fork = pytest.mark.skipif(not can_fork(), reason="needs Linux fork and two cores")


# --- the worker ----------------------------------------------------------------------------


@needs_fork
def test_values_come_back_by_key_each_once():
    worker = Background(lambda: ((n, {"n": n, "text": "é" * n}) for n in range(100)))
    try:
        assert [worker.take(n)["text"] for n in (0, 5, 99, 50)] == ["", "é" * 5, "é" * 99,
                                                                   "é" * 50]
        assert worker.take(5) is MISSING  # handed out already
        assert worker.take("never made") is MISSING
        assert worker.error is None
    finally:
        worker.close()


@needs_fork
def test_a_failing_worker_gives_what_it_made_and_its_error():
    def work():
        for n in range(40):
            if n == 20:
                raise ValueError("page 20 is broken")
            yield n, n * n

    worker = Background(work)
    try:
        assert worker.take(19) == 361
        assert worker.take(20) is MISSING and worker.take(30) is MISSING
        assert "ValueError: page 20 is broken" in worker.error
    finally:
        worker.close()


@needs_fork
def test_a_worker_that_dies_is_noticed_at_once():
    def work():
        yield from ((n, n) for n in range(100))
        os._exit(3)  # as if killed: no error record, no "done"

    worker = Background(work)
    try:
        started = time.monotonic()
        assert worker.take(0) == 0  # in a batch sent before it died
        assert worker.take("after") is MISSING
        assert time.monotonic() - started < 5
        assert "exit code 3" in worker.error
    finally:
        worker.close()


@needs_fork
def test_closing_stops_a_worker_still_at_work():
    def work():
        yield from ((n, n) for n in range(100))
        time.sleep(60)
        yield "late", 1

    worker = Background(work)
    assert worker.take(0) == 0
    started = time.monotonic()
    worker.close()
    assert time.monotonic() - started < 5
    assert not worker._process.is_alive()


# --- loading -------------------------------------------------------------------------------


@needs_fork
def test_loading_in_two_processes_gives_the_same_papers_and_problems(
        reading_list_dir: ListFolder):
    count = PARALLEL_MIN_FILES + 20
    for n in range(count):
        reading_list_dir.add(f"paper-{n:04d}", f"Paper number {n}", ["hard-negatives"],
                             added="2026-11-01")
    # Problems in both halves, and in the very last file.
    for slug in ("paper-0003", f"paper-{count - 5:04d}", f"paper-{count - 1:04d}"):
        (reading_list_dir.papers / f"{slug}.md").write_text(
            paper_text("Broken", ["no-such-tag"]) + "tag: typo\n", encoding="utf-8")
    serial = load_reading_list(reading_list_dir.papers)
    parallel = load_reading_list(reading_list_dir.papers, parallel=True)
    assert len(serial.reading_list.papers) == count - 3
    assert parallel.reading_list == serial.reading_list
    assert [p.lines for p in parallel.reading_list.papers] == [
        p.lines for p in serial.reading_list.papers]
    assert parallel.problems == serial.problems
    assert {Path(p.path).name for p in serial.problems} == {
        f"paper-{n:04d}.md" for n in (3, count - 5, count - 1)}
    assert parallel.files == serial.files == count


# --- the build -----------------------------------------------------------------------------


def build_with(root: Path, parallel: str, site: Path, timings: Path) -> str:
    config = root / f"mkdocs-{parallel}.yml"
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    plugin = "  - reading-list:\n" if "  - reading-list:\n" in text else "  - reading-list\n"
    config.write_text(text.replace(plugin, f"  - reading-list:\n      parallel: {parallel}\n"),
                      encoding="utf-8")
    os.environ["READING_LIST_TIMINGS"] = str(timings)
    try:
        result = mkdocs_build(config, site)
    finally:
        del os.environ["READING_LIST_TIMINGS"]
    assert result.returncode == 0, result.stderr
    return result.stderr


def different_files(one: Path, other: Path) -> list[str]:
    """Paths under two folders whose presence or bytes differ."""
    found = []
    comparison = [("", filecmp.dircmp(one, other))]
    while comparison:
        prefix, cmp = comparison.pop()
        found += [prefix + name for name in cmp.left_only + cmp.right_only]
        _, mismatch, errors = filecmp.cmpfiles(one / prefix, other / prefix, cmp.common_files,
                                               shallow=False)
        found += [prefix + name for name in mismatch + errors]
        comparison += [(f"{prefix}{name}/", sub) for name, sub in cmp.subdirs.items()]
    return found


@needs_fork
def test_a_build_in_two_processes_writes_the_same_site_file_for_file(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import write_reading_list

    root = tmp_path / "list"
    write_reading_list(root, PARALLEL_MIN_FILES + 100)  # enough to load in two halves
    build_with(root, "false", tmp_path / "serial", tmp_path / "serial.json")
    build_with(root, "true", tmp_path / "parallel", tmp_path / "parallel.json")
    assert different_files(tmp_path / "serial", tmp_path / "parallel") == []
    assert len(list((tmp_path / "parallel" / "papers").glob("*/index.html"))) == 600
    # The second process did the rendering: its time is reported, apart from ours.
    serial = json.loads((tmp_path / "serial.json").read_text())
    parallel = json.loads((tmp_path / "parallel.json").read_text())
    assert "background" not in serial and parallel["background"] > 0
    assert "pages" in serial and parallel["pages"] < serial["pages"]


@needs_fork
def test_an_invalid_paper_stops_a_parallel_build_and_keeps_the_last_good_site(
        tmp_path, reading_list_dir: ListFolder):
    root = reading_list_dir.root
    reading_list_dir.write_site_config()
    reading_list_dir.add("good-paper", "A Good Paper", ["hard-negatives"])
    build_with(root, "true", tmp_path / "site", tmp_path / "t.json")
    good = (tmp_path / "site" / "papers" / "good-paper" / "index.html").read_text()
    # A duplicate is found by the checks, which run while the worker already renders.
    reading_list_dir.add("good-paper-again", "A Good Paper", ["hard-negatives"])
    config = root / "mkdocs-true.yml"
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "papers/good-paper-again.md:2: title: same title as papers/good-paper.md" in (
        result.stderr)
    assert "Traceback" not in result.stderr
    assert (tmp_path / "site" / "papers" / "good-paper" / "index.html").read_text() == good


def test_without_room_for_a_worker_the_work_is_done_here(monkeypatch, reading_list_dir):
    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("site_builder.background.tempfile.mkstemp", no_room)
    assert Background.start(lambda: iter([("a", 1)])) is None
    for n in range(PARALLEL_MIN_FILES):
        reading_list_dir.add(f"paper-{n:04d}", f"Paper number {n}", ["hard-negatives"])
    loaded = load_reading_list(reading_list_dir.papers, parallel=True)
    assert len(loaded.reading_list.papers) == PARALLEL_MIN_FILES and loaded.problems == []
