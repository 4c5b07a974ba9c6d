"""How the reading list's build scales, next to Material for MkDocs and Hugo on the same papers.

    .venv/bin/python benchmarks/run.py --papers 1000 10000 --runs 3

For each size: writes a synthetic list (benchmarks/generate.py) and the same papers as a
Material site and a Hugo site (benchmarks/baselines.py), builds each `--runs` times in
turn, measures our pages, `site-builder check` against a bare YAML loop, and (at 1,000
papers) one-paper edits under `mkdocs serve --dirty`. Prints the results and the targets,
writes benchmarks/results.json and docs/benchmarks.md. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from baselines import (BUILDERS, HUGO, MATERIAL_DEFAULT_NAV, OURS, Build, builds,
                       write_sites)
from generate import MAX_PAPERS, PaperRecord
from measure import (file_size, free_port, html_pages, paper_page_sizes, read_timings,
                     serve_edits, summary, timed_run)
from report import docs_page, failed_anything, small_size, text_summary

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
MEASURES = (*BUILDERS, "check", "serve")
SERVE_EDITS = 5


class Failure(Exception):
    """An expected problem (bad arguments, a folder in the way): a message, no traceback."""


def say(count: int | None, message: str) -> None:
    """A progress line on stderr: `[1000] ours run 2/3: 3.41 s`."""
    prefix = f"[{count}] " if count is not None else ""
    print(prefix + message, file=sys.stderr, flush=True)


def report_failure(count: int, what: str, output: str) -> None:
    """Say that something failed, with the end of its output, indented."""
    say(count, f"{what}: FAILED")
    for line in output.splitlines():
        print(f"    | {line}", file=sys.stderr)


# ---------------------------------------------------------------------------------------
# Arguments and the machine
# ---------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; see benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000],
                        metavar="N", help="list sizes to measure (default: 1000 10000)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each build per size, alternating engines (default: 3)")
    parser.add_argument("--only", default=",".join(MEASURES),
                        help="comma-separated subset of: " + ", ".join(MEASURES))
    parser.add_argument("--default-nav-max", type=int, default=2000, metavar="N",
                        help="largest size at which to build the quadratic default-nav "
                             "Material baseline (default: 2000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default: 0)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the generated trees into DIR/<N>/ and keep them")
    parser.add_argument("--results", type=Path, default=HERE / "results.json",
                        help="where to write every measurement (default: %(default)s)")
    parser.add_argument("--docs", type=Path, default=REPO / "docs" / "benchmarks.md",
                        help="the page to write (default: %(default)s)")
    parser.add_argument("--write-docs", action=argparse.BooleanOptionalAction, default=True,
                        help="write the docs page (default: yes)")
    parser.add_argument("--serve-timeout", type=float, default=600, metavar="S",
                        help="seconds to wait for mkdocs serve to start or rebuild")
    parser.add_argument("--from-results", type=Path, metavar="FILE",
                        help="measure nothing: report and write the docs page from FILE")
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(args.only) - set(MEASURES))
    if unknown:
        parser.error(f"--only: unknown {', '.join(unknown)} (choose from {', '.join(MEASURES)})")
    if args.runs < 1 or any(not 1 <= n <= MAX_PAPERS for n in args.papers):
        parser.error(f"--runs must be at least 1 and each --papers between 1 and {MAX_PAPERS}")
    args.papers = sorted(set(args.papers))
    return args


def _first_line_with(path: str, key: str) -> str | None:
    """The value after `key:` on the first line of a /proc file that starts with key."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine() -> dict:
    """CPU model and count, memory, operating system."""
    memory_kb = _first_line_with("/proc/meminfo", "MemTotal") or "0 kB"
    return {"cpu_model": _first_line_with("/proc/cpuinfo", "model name") or platform.machine(),
            "cpu_count": os.cpu_count(), "memory_gb": int(memory_kb.split()[0]) * 1024 / 1e9,
            "system": platform.platform()}


def hugo_version(hugo: str | None) -> str:
    """`hugo version`'s version, such as v0.111.3, or why there is none."""
    if hugo is None:
        return "not installed"
    done = subprocess.run([hugo, "version"], capture_output=True, text=True)
    words = done.stdout.split()
    return next((w.split("+")[0] for w in words if w.startswith("v0") or w.startswith("v1")),
                done.stdout.strip() or "unknown")


def versions(hugo: str | None) -> dict[str, str]:
    """The versions of everything measured."""
    found = {"Python": platform.python_version()}
    for package in ("mkdocs", "mkdocs-material", "PyYAML", "zensical"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    found["Hugo"] = hugo_version(hugo)
    return found


# ---------------------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------------------

def skip_reason(builder: str, count: int, args: argparse.Namespace,
                available: dict[str, Build]) -> str | None:
    """Why a selected builder does not run at this size, or None."""
    if builder == MATERIAL_DEFAULT_NAV and count > args.default_nav_max:
        return (f"MkDocs' default nav lists all {count:,} papers on each of the {count:,} "
                f"pages (quadratic); raise --default-nav-max (now {args.default_nav_max:,}) "
                "to run it")
    if builder not in available:
        return f"{builder} not found (hugo: apt-get install hugo; zensical: ./dev test installs it)"
    return None


def build_once(build: Build, timings: Path) -> dict:
    """One clean build: its output folder removed first, then timed."""
    shutil.rmtree(build.output, ignore_errors=True)
    timings.unlink(missing_ok=True)
    run = timed_run(build.command, build.env)
    if build.name == OURS:
        run.timings = read_timings(timings)
    return run.as_dict()


def summarise_runs(runs: list[dict]) -> dict:
    """Median, min and max of the runs' seconds and peak RSS, and of each plugin phase."""
    result = {"runs": runs, "seconds": summary([r["seconds"] for r in runs]),
              "rss_kib": summary([r["rss_kib"] for r in runs if r["rss_kib"] is not None])}
    phases = [r["timings"] for r in runs if r.get("timings")]
    if phases:
        names = dict.fromkeys(name for timing in phases for name in timing)
        result["timings"] = {name: summary([t[name] for t in phases if name in t])
                             for name in names}
    return result


def _run_line(run: dict) -> str:
    rss = f", {run['rss_kib'] / 1024:.0f} MiB" if run["rss_kib"] is not None else ""
    own = run.get("timings") or {}
    ours = f", our work {own['total']:.2f} s" if "total" in own else ""
    return f"{run['seconds']:.2f} s{rss}{ours}"


def measure_builds(count: int, args: argparse.Namespace, available: dict[str, Build],
                   timings: Path) -> dict[str, dict]:
    """`--runs` alternating rounds of every selected build: ours, Material x2, Hugo, ours, ..."""
    selected = [b for b in BUILDERS if b in args.only]
    results: dict[str, dict] = {}
    runs: dict[str, list[dict]] = {b: [] for b in selected}
    for builder in selected:
        if reason := skip_reason(builder, count, args, available):
            results[builder] = {"skipped": reason}
            say(count, f"{builder}: not run: {reason}")
    for number in range(1, args.runs + 1):
        for builder in selected:
            if builder in results:  # skipped, or failed in an earlier round
                continue
            run = build_once(available[builder], timings)
            if run["returncode"] != 0:
                report_failure(count, f"{builder} run {number}/{args.runs} "
                                      f"(exit {run['returncode']})", run["output_tail"])
                results[builder] = {"failed": run["output_tail"], "runs": [*runs[builder], run]}
                continue
            say(count, f"{builder} run {number}/{args.runs}: {_run_line(run)}")
            if builder == OURS and run.get("timings") is None and number == 1:
                say(count, "ours: no timings file written (READING_LIST_TIMINGS); "
                           "our own work is unknown")
            runs[builder].append(run)
    for builder in selected:
        results.setdefault(builder, summarise_runs(runs[builder]))
    return results


# ---------------------------------------------------------------------------------------
# What the builds wrote
# ---------------------------------------------------------------------------------------

def measure_pages(count: int, build: Build) -> tuple[dict, dict[str, int]]:
    """Our HTML pages: count, bytes, largest, median paper page; and each paper page's bytes."""
    paper_sizes = paper_page_sizes(build.output)
    pages = html_pages(build.output)
    pages["paper_pages"] = len(paper_sizes)
    pages["median_paper_page_bytes"] = (statistics.median(paper_sizes.values())
                                        if paper_sizes else None)
    say(count, f"ours: {pages['html_pages']:,} HTML pages, largest {pages['max_page']} "
               f"({pages['max_page_bytes']:,} bytes)")
    return pages, paper_sizes


def search_index_sizes(build_results: dict[str, dict], available: dict[str, Build]) -> dict:
    """Bytes of each successful MkDocs build's search index."""
    sizes = {}
    for name, result in build_results.items():
        build = available.get(name)
        if build and build.search_index and result.get("seconds"):
            size = file_size(build.search_index)
            if size is not None:
                sizes[name] = size
    return sizes


def same_papers(small: dict[str, int], large: dict[str, int], counts: tuple[int, int]) -> dict:
    """The same papers' pages at two sizes: medians, and the median per-paper ratio."""
    common = sorted(set(small) & set(large))
    if not common:
        return {}
    return {"small": counts[0], "large": counts[1], "common": len(common),
            "median_small": statistics.median(small[s] for s in common),
            "median_large": statistics.median(large[s] for s in common),
            "median_ratio": statistics.median(large[s] / small[s] for s in common)}


# ---------------------------------------------------------------------------------------
# site-builder check, and serve
# ---------------------------------------------------------------------------------------

def measure_check(count: int, root: Path, runs: int) -> dict:
    """`site-builder check` and the bare loop over the same papers, alternating, `runs` each."""
    commands = {
        "check": [str(BIN / "site-builder"), "check", "--papers-dir", "papers"],
        "bare_loop": [sys.executable, str(HERE / "bare_loop.py"), "papers"],
    }
    found: dict[str, list[float]] = {name: [] for name in commands}
    results: dict[str, dict] = {}
    for number in range(1, runs + 1):
        for name, command in commands.items():
            if name in results:
                continue
            run = timed_run(command, cwd=root / OURS)
            if not run.ok:
                report_failure(count, f"{name} (exit {run.returncode})", run.output_tail)
                results[name] = {"failed": run.output_tail}
                continue
            say(count, f"{name} run {number}/{runs}: {run.seconds:.2f} s")
            found[name].append(run.seconds)
    for name, seconds in found.items():
        results.setdefault(name, {"seconds": summary(seconds)})
    return results


def measure_serve(count: int, root: Path, records: list[PaperRecord], timeout: float) -> dict:
    """SERVE_EDITS one-paper edits under `mkdocs serve --dirty`: wall and MkDocs' seconds."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr",
               f"127.0.0.1:{port}", "-f", str(root / OURS / "mkdocs.yml")]
    picks = [records[len(records) * (i + 1) // (SERVE_EDITS + 1)] for i in range(SERVE_EDITS)]
    papers = [root / OURS / "papers" / f"{record.slug}.md" for record in picks]
    say(count, f"serve: starting mkdocs serve --dirty on port {port}")
    result = serve_edits(command, {"NO_MKDOCS_2_WARNING": "1"}, papers, timeout)
    if "error" in result:
        report_failure(count, f"serve: {result['error']}", result["output_tail"])
        return result
    for edit in result["edits"]:
        own = edit["mkdocs_seconds"]
        said = f"MkDocs says {own:.2f} s" if own is not None else "MkDocs' figure repeated"
        seen = (f", seen after {edit['detected_seconds']:.2f} s"
                if edit.get("detected_seconds") is not None else "")
        say(count, f"serve: edited {edit['paper']}: rebuilt after {edit['wall_seconds']:.2f} s "
                   f"({said}{seen})")
    for key in ("wall_seconds", "mkdocs_seconds", "detected_seconds", "rebuild_seconds"):
        found = [e[key] for e in result["edits"] if e.get(key) is not None]
        if found:
            result[key] = summary(found)
    return result


# ---------------------------------------------------------------------------------------
# One size, then all
# ---------------------------------------------------------------------------------------

def measure_size(count: int, root: Path, args: argparse.Namespace, hugo: str | None,
                 serve: bool) -> tuple[dict, dict[str, int]]:
    """Everything measured at one size; also each of our paper pages' bytes."""
    start = time.perf_counter()
    engines = {b for b in BUILDERS if b in args.only and (b != HUGO or hugo is not None)}
    records = write_sites(root, count, args.seed, engines)
    say(count, f"wrote the trees of {count:,} papers in {time.perf_counter() - start:.1f} s")
    available = builds(root, hugo, root / "timings.json")
    data: dict = {"papers": count, "own_text_bytes": sum(r.own_text_bytes() for r in records)}
    data["builds"] = measure_builds(count, args, available, root / "timings.json")
    paper_sizes: dict[str, int] = {}
    if (data["builds"].get(OURS) or {}).get("seconds"):
        data["pages"], paper_sizes = measure_pages(count, available[OURS])
    data["search_index_bytes"] = search_index_sizes(data["builds"], available)
    if "check" in args.only:
        data.update(measure_check(count, root, args.runs))
    if serve:
        data["serve"] = measure_serve(count, root, records, args.serve_timeout)
    return data, paper_sizes


def prepare_root(keep: Path | None, count: int, scratch: Path) -> Path:
    """The folder for one size's trees: DIR/<N> with --keep (which must not exist yet)."""
    if keep is None:
        return scratch / str(count)
    root = keep.resolve() / str(count)
    if root.exists():
        raise Failure(f"{root} already exists: give --keep an empty or new folder")
    return root


def measure_all(args: argparse.Namespace, hugo: str | None) -> dict:
    """Every size in turn; returns the results as results.json holds them."""
    results = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
               "command": [Path(sys.argv[0]).name, *sys.argv[1:]],
               "settings": {"papers": args.papers, "runs": args.runs, "seed": args.seed,
                            "only": args.only, "default_nav_max": args.default_nav_max},
               "machine": machine(), "versions": versions(hugo), "sizes": {}}
    serve_at = 1000 if 1000 in args.papers else args.papers[0]
    page_sizes: dict[int, dict[str, int]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="reading-list-bench-"))
    try:
        for count in args.papers:
            root = prepare_root(args.keep, count, scratch)
            serve = "serve" in args.only and count == serve_at
            results["sizes"][str(count)], page_sizes[count] = measure_size(
                count, root, args, hugo, serve)
            if args.keep is None:
                shutil.rmtree(root, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    small, large = small_size(results), args.papers[-1]
    if small != large:
        results["same_papers"] = same_papers(page_sizes[small], page_sizes[large],
                                             (small, large))
    return results


def write_outputs(results: dict, args: argparse.Namespace) -> None:
    """Print the summary; write results.json, and the docs page when nothing failed."""
    print(text_summary(results))
    if args.from_results is None:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        say(None, f"wrote {args.results}")
    if not args.write_docs:
        return
    if failed_anything(results):
        say(None, f"not writing {args.docs}: something failed (see above)")
        return
    args.docs.write_text(docs_page(results), encoding="utf-8")
    say(None, f"wrote {args.docs}")


def load_results(path: Path) -> dict:
    """A results.json written earlier."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Failure(f"cannot read {path}: {error}") from None


def main(argv: list[str] | None = None) -> int:
    """Measure (or load) the results, report them; exit 1 if anything failed."""
    args = parse_args(argv)
    try:
        if args.from_results:
            results = load_results(args.from_results)
        else:
            hugo = shutil.which("hugo")
            if hugo is None and HUGO in args.only:
                say(None, "hugo not found on PATH: the Hugo baseline is skipped "
                          "(install it with apt-get install hugo)")
            results = measure_all(args, hugo)
        write_outputs(results, args)
    except Failure as failure:
        say(None, f"error: {failure}")
        return 1
    except OSError as error:  # such as a full disk
        say(None, f"error: {error}")
        return 1
    except KeyboardInterrupt:
        say(None, "interrupted")
        return 130
    return 1 if failed_anything(results) else 0


if __name__ == "__main__":
    sys.exit(main())
