"""`site-builder check`: validate the papers and the taxonomy, as the site build does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from ..changes import ChangesError, changed_files
from ..checks import check_reading_list
from ..links import DEFAULT_CACHE, DEFAULT_TIMEOUT, all_links, check_links, link_problems
from ..loading import TAXONOMY_FILE, display_path, load_reading_list
from ..model import Paper, Problem
from ..reporting import FORMATS, format_problems, summary


def _files_to_check(paths: tuple[Path, ...], papers_dir: Path) -> set[str] | None:
    """The names of the given files in the papers folder; None means the whole list."""
    folder = papers_dir.resolve()
    names: set[str] = set()
    for path in paths:
        if not path.exists():
            raise click.BadParameter(f"{path}: no such file", param_hint="PATHS")
        if path.is_dir():
            if path.resolve() == folder:
                return None
            raise click.BadParameter(f"{path}: is a folder; give paper files, or no PATHS to "
                                     f"check all of {papers_dir}/", param_hint="PATHS")
        if path.resolve().parent != folder:
            raise click.BadParameter(f"{path}: is not in {papers_dir}/ (papers live there; "
                                     "use --papers-dir for another folder)", param_hint="PATHS")
        if path.suffix != ".md" and path.name != TAXONOMY_FILE:
            raise click.BadParameter(f"{path}: is not a paper file (a .md file) or "
                                     f"{TAXONOMY_FILE}", param_hint="PATHS")
        names.add(path.name)
    return names if paths else None


def _changed_names(ref: str, papers_dir: Path) -> set[str]:
    """The names of the files in the papers folder changed since `ref` (git)."""
    try:
        changed = changed_files(ref, papers_dir)
    except ChangesError as error:
        raise click.BadParameter(str(error), param_hint="--changed-since")
    folder = papers_dir.resolve()
    return {path.name for path in changed if path.parent == folder
            and (path.suffix == ".md" or path.name == TAXONOMY_FILE)}


def _check_links(papers: list[Paper], timeout: float, cache: Path, refresh: bool,
                 output_format: str) -> list[Problem]:
    uses = all_links(papers)
    distinct = len({use.url for use in uses})
    if output_format != "json":
        click.echo(f"Checking {distinct} external link{'s' * (distinct != 1)}...", err=True)
    results = check_links((use.url for use in uses), timeout=timeout, cache_path=cache,
                          refresh=refresh)
    return link_problems(uses, results)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="text for people, github for pull-request annotations, "
              "json for tools.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--papers-dir", type=click.Path(path_type=Path), default=Path("papers"),
              show_default=True, help="The folder of paper files and themes.yml.")
@click.option("--changed-since", "changed_since", metavar="REF",
              help="Check the whole list, but report each duplicate on the file changed "
                   "since the git commit REF (e.g. origin/main), as a pull request shows it; "
                   "with --links, check only the changed files' links.")
@click.option("--links", "links", is_flag=True,
              help="Also ask every external link (url, pdf, code, project, data, the arXiv "
                   "and DOI pages, web addresses in the text) whether it still answers: "
                   "dead links are errors, moved ones warnings. Answers are cached for a "
                   "day.")
@click.option("--link-timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT,
              show_default=True, metavar="SECONDS", help="With --links: how long to wait "
              "for each answer.")
@click.option("--link-cache", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_CACHE, show_default=True,
              help="With --links: the file that keeps answers for a day.")
@click.option("--no-link-cache", is_flag=True, help="With --links: ask every link again "
              "(the answers are still saved).")
def check(paths: tuple[Path, ...], output_format: str, strict: bool, papers_dir: Path,
          changed_since: str | None, links: bool, link_timeout: float, link_cache: Path,
          no_link_cache: bool) -> None:
    """Validate every paper and the taxonomy, or just the paper files PATHS.

    Given files are still checked against the taxonomy and for duplicates of every other
    paper. With --changed-since REF (a pull request's base, e.g. origin/main) the whole
    list is checked and a duplicate is reported on the file added or changed since REF.
    With --links, every external link is asked whether it still answers. Exits 0 when
    there are no errors, 1 when there are (or warnings, with --strict), 2 on a usage error.
    """
    if not papers_dir.is_dir():
        raise click.BadParameter(f"{papers_dir}: folder not found (run this in the list's "
                                 "root folder)", param_hint="--papers-dir")
    if changed_since is not None and paths:
        raise click.UsageError("give either PATHS or --changed-since, not both")
    names = _files_to_check(paths, papers_dir)
    changed = _changed_names(changed_since, papers_dir) if changed_since is not None else None
    # The same loading and rules as the site build; a long list is read by two processes.
    result = load_reading_list(papers_dir, parallel=True)
    taxonomy_path = display_path(papers_dir / TAXONOMY_FILE)
    prefer = None
    if names is None:
        focus, checked = None, result.files
        problems = list(result.problems)
        if changed is not None:
            prefer = {display_path(papers_dir / name) for name in changed}
    else:
        focus = {display_path(papers_dir / name) for name in names if name != TAXONOMY_FILE}
        checked = len(focus)
        # The taxonomy's own errors matter to every paper checked against it.
        problems = [p for p in result.problems if p.path in focus or p.path == taxonomy_path]
    if result.reading_list is not None:
        taxonomy_warnings = names is None or TAXONOMY_FILE in names
        problems += check_reading_list(result.reading_list, focus, taxonomy_warnings, prefer)
        if links:
            wanted = focus if focus is not None else prefer
            papers = [p for p in result.reading_list.papers
                      if wanted is None or display_path(p.path) in wanted]
            problems += _check_links(papers, link_timeout, link_cache, no_link_cache,
                                     output_format)
    if strict:
        problems = [dataclasses.replace(p, severity="error") for p in problems]
    problems.sort(key=lambda p: (p.path, p.line))
    _report(problems, output_format, checked)
    raise SystemExit(1 if any(p.is_error for p in problems) else 0)


def _report(problems: list[Problem], output_format: str, checked: int) -> None:
    output = format_problems(problems, output_format, checked)
    if output:
        click.echo(output)
    if output_format != "json":
        click.echo(summary(problems, checked), err=True)
