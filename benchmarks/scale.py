"""How the reading list scales: load, check, page generation and a full build.

    .venv/bin/python benchmarks/scale.py --papers 1000 10000 --repeat 3

Writes synthetic lists (the real taxonomy, random titles and abstracts) into a temporary
folder and reports medians, side by side, so ratios between sizes mean something on a
shared, noisy machine. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from site_builder.loading import load_reading_list, load_taxonomy  # noqa: E402
from site_builder.pages import SitePages  # noqa: E402

WORDS = ("negative sampling contrastive learning hard mining retrieval alignment preference "
         "diffusion guidance prompt bias fairness dataset benchmark graph embedding token "
         "transfer model language vision robust noisy label representation optimization "
         "unlearning reward feedback synthetic reasoning efficient scalable dense sparse").split()


def write_list(root: Path, count: int, seed: int = 0) -> Path:
    """A list of `count` synthetic papers under root, with the real taxonomy and docs."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    papers = root / "papers"
    papers.mkdir()
    shutil.copy(REPO / "papers" / "themes.yml", papers / "themes.yml")
    taxonomy, _ = load_taxonomy(papers / "themes.yml")
    tags = list(taxonomy.tags)
    for i in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))).capitalize()
        abstract = " ".join(rng.choice(WORDS) for _ in range(220)) + "."
        chosen = rng.sample(tags, rng.randint(2, 5))
        (papers / f"paper-{i:05d}.md").write_text(
            f'---\ntitle: "{title} {i}"\ntags: [{", ".join(chosen)}]\n'
            f"added: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}\n"
            f'authors: [Ada Example, Alan Sample]\npublished: {rng.randint(2015, 2026)}\n'
            f'arxiv: "{rng.randint(1501, 2611)}.{i:05d}"\n---\n{abstract}\n',
            encoding="utf-8",
        )
    return root


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(root: Path, repeat: int) -> dict[str, float]:
    papers = root / "papers"
    result = load_reading_list(papers)
    assert not result.errors, result.errors[:3]
    row = {"load + validate": median_seconds(lambda: load_reading_list(papers), repeat)}
    try:
        from site_builder.checks import check_reading_list
    except ImportError:
        pass
    else:
        row["whole-list checks"] = median_seconds(
            lambda: check_reading_list(result.reading_list), repeat)
    row["page markdown"] = median_seconds(
        lambda: list(SitePages(result.reading_list).pages()), repeat)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                    str(root / "mkdocs.yml"), "-d", str(root / "site")], check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    row["mkdocs build (once)"] = time.perf_counter() - start
    row["build peak RSS MiB"] = max(before, resource.getrusage(
        resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.papers:
            print(f"writing and measuring {count} papers…", file=sys.stderr)
            rows[count] = measure(write_list(Path(tmp) / str(count), count), args.repeat)
    names = list(next(iter(rows.values())))
    print("| measure | " + " | ".join(f"{n} papers" for n in rows) + " |")
    print("| --- |" + " ---: |" * len(rows))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{rows[n][name]:.2f}" for n in rows) + " |")


if __name__ == "__main__":
    main()
