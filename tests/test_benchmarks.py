"""The benchmark's own code (benchmarks/), with fake results: no builds are run."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import SLUG_MAX, paper_file_text, paper_records  # noqa: E402
from report import (HOLDS, MISSED, NOT_MEASURED, docs_page, median, svg_chart,  # noqa: E402
                    targets, text_summary)


def _build(seconds: list[float], rss_mib: float, timings: dict | None = None) -> dict:
    runs = [{"seconds": s, "rss_kib": rss_mib * 1024, "returncode": 0, "timings": timings}
            for s in seconds]
    result = {"runs": runs,
              "seconds": {"median": sorted(seconds)[len(seconds) // 2], "min": min(seconds),
                          "max": max(seconds)},
              "rss_kib": {"median": rss_mib * 1024, "min": rss_mib * 1024,
                          "max": rss_mib * 1024}}
    if timings:
        result["timings"] = {k: {"median": v, "min": v, "max": v} for k, v in timings.items()}
    return result


def fake_results() -> dict:
    """Results shaped as run.py writes them, for 1,000 and 10,000 papers."""
    def size(count: int, scale: float, default_nav: dict) -> dict:
        return {
            "papers": count, "own_text_bytes": 1500 * count,
            "builds": {
                "ours": _build([6 * scale, 6.2 * scale, 5.9 * scale], 120 * scale ** 0.8,
                               {"load": 0.1 * scale, "pages": 0.3 * scale,
                                "total": 0.5 * scale}),
                "material-out-of-nav": _build([5.5 * scale] * 3, 100 * scale ** 0.8),
                "material-default-nav": default_nav,
                "hugo": _build([1.1 * scale] * 3, 80),
            },
            "pages": {"html_pages": count + 80, "html_bytes": 30_000 * count,
                      "max_page": "papers/index.html", "max_page_bytes": 500 * count,
                      "paper_pages": count, "median_paper_page_bytes": 21_000},
            "search_index_bytes": {"ours": 1700 * count, "material-out-of-nav": 2000 * count},
            "check": {"seconds": {"median": 0.3 * scale, "min": 0.3, "max": 0.4}},
            "bare_loop": {"seconds": {"median": 0.2 * scale, "min": 0.2, "max": 0.2}},
        }

    small = size(1000, 1, _build([60.0, 61.0, 59.0], 150))
    small["serve"] = {"edits": [], "wall_seconds": {"median": 1.2, "min": 1, "max": 2},
                      "mkdocs_seconds": {"median": 1.0, "min": 1, "max": 2}}
    large = size(10_000, 10.5, {"skipped": "quadratic; raise --default-nav-max"})
    return {
        "date": "2026-11-25T10:00:00+00:00", "command": ["run.py"],
        "settings": {"papers": [1000, 10000], "runs": 3, "seed": 0, "only": [],
                     "default_nav_max": 2000},
        "machine": {"cpu_model": "Example CPU", "cpu_count": 2, "memory_gb": 25.3,
                    "system": "Linux"},
        "versions": {"Python": "3.11.2", "mkdocs": "1.6.1", "mkdocs-material": "9.8.2",
                     "Hugo": "v0.111.3"},
        "sizes": {"1000": small, "10000": large},
        "same_papers": {"small": 1000, "large": 10000, "common": 1000, "median_small": 21000,
                        "median_large": 21500, "median_ratio": 1.02},
    }


def test_targets_judge_each_measurement():
    found = {t.name: t for t in targets(fake_results())}
    assert found["1,000 papers: ours ≤ 1.2x Material + tags, papers not in nav"].status == HOLDS
    assert found["1,000 papers: ours ≤ 0.15x Material + tags, default nav"].status == HOLDS
    hugo = found["10,000 papers: ours ≤ 6x Hugo"]
    assert hugo.status == HOLDS and abs(hugo.value - 6.0 / 1.1) < 1e-9
    assert found["ours 10,000 ÷ ours 1,000 ≤ 11x"].status == HOLDS
    assert found["our own work ≤ 10% of the 10,000-paper build"].status == HOLDS
    assert found["10,000 papers: search index ≤ 1.25x the papers' own text"].status == HOLDS
    assert found["largest page at 10,000 ≤ 2 MB (papers/index.html)"].status == MISSED
    assert found["site-builder check at 10,000 ≤ 2x the bare loop"].status == HOLDS
    assert found["one-paper edit in serve at 1,000 ≤ 0.3x the full build"].status == HOLDS


def test_missing_measurements_say_why():
    results = fake_results()
    results["sizes"]["1000"]["builds"]["ours"] = {"failed": "Error: boom"}
    del results["sizes"]["10000"]["builds"]["ours"]["timings"]
    found = {t.name: t for t in targets(results)}
    failed = found["1,000 papers: ours ≤ 6x Hugo"]
    assert failed.status == NOT_MEASURED and "ours failed" in failed.reason
    own = found["our own work ≤ 10% of the 10,000-paper build"]
    assert own.status == NOT_MEASURED and "READING_LIST_TIMINGS" in own.reason
    assert "FAILED" in text_summary(results)


def test_docs_page_has_tables_and_an_accessible_chart():
    page = docs_page(fake_results())
    assert page.startswith("# Benchmarks\n")
    assert "## 1,000 papers" in page and "## 10,000 papers" in page and "## Targets" in page
    assert "not run: quadratic" in page
    figure = page[page.index("<figure>"):page.index("</figure>") + len("</figure>")]
    assert "\n\n" not in figure  # one raw HTML block for Markdown
    svg = ElementTree.fromstring(svg_chart(fake_results()))  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and svg.get("aria-labelledby")
    assert svg.find(f"{ns}title").text and "at 10,000" in svg.find(f"{ns}desc").text
    assert "currentColor" in figure and "<script" not in page
    assert not re.search(r"(?:href|src)=", figure)  # nothing loaded from anywhere
    # Default nav ran only at 1,000: a single point, still plotted with a marker.
    assert len(svg.findall(f"{ns}polyline")) == 4


def test_papers_are_the_same_whatever_the_count():
    assert paper_records(40) == paper_records(120)[:40]
    records = paper_records(300)
    assert len({r.slug for r in records}) == 300 and len({r.arxiv for r in records}) == 300
    for record in records:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", record.slug)
        assert len(record.slug) <= SLUG_MAX and 6 <= len(record.title.split()) <= 14
        assert 2 <= len(record.tags) <= 5 and 1 <= len(record.authors) <= 8
        assert paper_file_text(record).startswith("---\ntitle: ")


def test_a_generated_list_passes_the_check(tmp_path):
    from generate import write_reading_list

    from site_builder.checks import check_reading_list
    from site_builder.loading import load_reading_list

    write_reading_list(tmp_path, 300)
    result = load_reading_list(tmp_path / "papers")
    assert result.problems == []
    assert len(result.reading_list.papers) == 300
    assert check_reading_list(result.reading_list) == []


def test_the_serve_target_times_the_rebuild_from_when_mkdocs_sees_the_change():
    # MkDocs' watcher took as long as the full build to notice; the rebuild after that,
    # a fifth of it.
    results = fake_results()
    build = median(results, 1000, "ours")
    results["sizes"]["1000"]["serve"].update(
        wall_seconds={"median": 1.2 * build, "min": 0, "max": 0},
        detected_seconds={"median": build, "min": 0, "max": 0},
        rebuild_seconds={"median": 0.2 * build, "min": 0, "max": 0})
    name = "one-paper edit in serve at 1,000 ≤ 0.3x the full build"
    target = {t.name: t for t in targets(results)}[name]
    assert target.status == HOLDS and abs(target.value - 0.2) < 1e-9
    results["sizes"]["1000"]["serve"]["rebuild_seconds"]["median"] = 0.4 * build
    assert {t.name: t for t in targets(results)}[name].status == MISSED
    page = docs_page(results)
    assert "save to change seen: MkDocs polls every 0.5 s" in page
