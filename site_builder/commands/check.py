"""`site-builder check`: validate the papers and the taxonomy, as the site build does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from ..checks import check_reading_list
from ..loading import TAXONOMY_FILE, display_path, load_reading_list
from ..model import Problem
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


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="text for people, github for pull-request annotations, "
              "json for tools.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--papers-dir", type=click.Path(path_type=Path), default=Path("papers"),
              show_default=True, help="The folder of paper files and themes.yml.")
def check(paths: tuple[Path, ...], output_format: str, strict: bool, papers_dir: Path) -> None:
    """Validate every paper and the taxonomy, or just the paper files PATHS.

    Given files are still checked against the taxonomy and for duplicates of every other
    paper. Exits 0 when there are no errors, 1 when there are (or warnings, with
    --strict), 2 on a usage error.
    """
    if not papers_dir.is_dir():
        raise click.BadParameter(f"{papers_dir}: folder not found (run this in the list's "
                                 "root folder)", param_hint="--papers-dir")
    names = _files_to_check(paths, papers_dir)
    result = load_reading_list(papers_dir)  # the same loading and rules as the site build
    taxonomy_path = display_path(papers_dir / TAXONOMY_FILE)
    if names is None:
        focus, checked = None, result.files
        problems = list(result.problems)
    else:
        focus = {display_path(papers_dir / name) for name in names if name != TAXONOMY_FILE}
        checked = len(focus)
        # The taxonomy's own errors matter to every paper checked against it.
        problems = [p for p in result.problems if p.path in focus or p.path == taxonomy_path]
    if result.reading_list is not None:
        taxonomy_warnings = names is None or TAXONOMY_FILE in names
        problems += check_reading_list(result.reading_list, focus, taxonomy_warnings)
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
