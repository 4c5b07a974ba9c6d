"""`site-builder import FILE`: bulk-add papers from a BibTeX file or a daily-papers listing."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from ..importing import (
    FORMATS, ImportOptions, Outcome, ParsedInput, detect_format, plan_import, read_entries,
)
from ..loading import (
    TAXONOMY_FILE, decode_utf8, did_you_mean, display_path, latest_today, load_reading_list,
)
from ..model import Problem, ReadingList
from ..reporting import text_line
from ..writing import write_new_file
from ..options import split_tags
from .new import schema_url

# Inputs with fewer entries than this finish before a progress bar would help.
PROGRESS_MIN_ENTRIES = 50


def _split_tags(value: str | None) -> tuple[str, ...]:
    """`--tags "a, b a"` -> ("a", "b"): read as `new` reads it (`options.split_tags`)."""
    return tuple(split_tags(value))


def _read_input(path: Path) -> str:
    """The input's text; a file that cannot be read or is not UTF-8 stops the import."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise click.BadParameter(f"cannot be read: {error.strerror}", param_hint="FILE")
    text = decode_utf8(raw, path)
    if isinstance(text, Problem):
        raise click.ClickException(str(text))
    return text


def _summary(outcome: Outcome, input_path: str) -> str:
    """One line per written file: where it goes, where it came from, its tags."""
    entry = outcome.entry
    tags = ", ".join(outcome.paper.tags) if outcome.paper else ""
    return (f"{display_path(outcome.path)}  <- {input_path}:{entry.line} {entry.label}"
            f"  [tags: {tags}]")


def _plan(parsed: ParsedInput, papers_dir: Path, reading_list: ReadingList,
          options: ImportOptions) -> list[Outcome]:
    """Plan the import, with a progress bar for large inputs when stderr is a terminal (so
    captured output and CI logs stay clean)."""
    plan = functools.partial(plan_import, parsed, papers_dir, reading_list.taxonomy,
                             reading_list.papers, options)
    if len(parsed.entries) < PROGRESS_MIN_ENTRIES or not sys.stderr.isatty():
        return plan()
    with click.progressbar(parsed.entries, label="Checking entries", file=sys.stderr) as bar:
        return plan(progress=lambda _entries: bar)


def _echo_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("auto",) + FORMATS), default="auto",
              show_default=True,
              help="Input format; auto: BibTeX for .bib/.bibtex files or text starting "
                   "with '@', a daily-papers listing otherwise.")
@click.option("--tags", "tags_option", metavar="TAG,TAG",
              help="Tags, separated by commas or spaces, for entries none of whose keywords "
                   "is a declared tag "
                   "(a listing has no keywords: every entry gets these).")
@click.option("--added", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The date the papers join the list.  [default: today]")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("-v", "--verbose", is_flag=True,
              help="List, for each entry written, the fields of the entry that no value "
                   "came from (volume, pages, ...); with --dry-run, also show the text of "
                   "every file that would be written.")
@click.option("--papers-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("papers"), show_default=True, help="The list's papers folder.")
@click.pass_context
def import_command(ctx: click.Context, file: Path, fmt: str, tags_option: str | None,
                   added: dt.datetime | None, dry_run: bool, verbose: bool,
                   papers_dir: Path) -> None:
    """Bulk-add papers from FILE, a BibTeX file or a daily-papers listing.

    Each entry becomes papers/<slug>.md, checked by the same rules as `site-builder check`
    before it is written. Papers the list already has (same arXiv id, DOI or title) are
    skipped and listed; so are later copies of a paper within FILE, and exact copies of
    an entry. A title nearly the same as another is written with a warning, as
    `site-builder new` does: two papers can have alike titles. An entry that cannot
    become a valid paper is reported at its line in FILE and skipped; the rest are still
    written. BibTeX keywords that name a declared tag become the paper's tags; --tags gives
    tags to entries that have none.

    Exit status: 0 all imported or skipped as existing, 1 some entries rejected,
    2 usage error.
    """
    if not (papers_dir / TAXONOMY_FILE).is_file():
        raise click.BadParameter(
            f"{display_path(papers_dir / TAXONOMY_FILE)} not found; run this in the list's "
            "folder or give --papers-dir", param_hint="--papers-dir")
    loaded = load_reading_list(papers_dir)
    if loaded.reading_list is None:
        _echo_problems(loaded.errors)
        click.echo("Fix the taxonomy first: nothing imported.", err=True)
        ctx.exit(1)
    reading_list = loaded.reading_list
    taxonomy = reading_list.taxonomy

    default_tags = _split_tags(tags_option)
    for tag in default_tags:
        if tag not in taxonomy.tags:
            hint = did_you_mean(tag, taxonomy.tags) or "declare it under a theme in themes.yml"
            raise click.BadParameter(f"'{tag}' is not a declared tag ({hint})",
                                     param_hint="--tags")
    added_date = added.date() if added else dt.date.today()
    if added_date > latest_today():
        raise click.BadParameter(f"{added_date} is in the future", param_hint="--added")

    text = _read_input(file)
    input_path = display_path(file)
    fmt = detect_format(file, text) if fmt == "auto" else fmt
    parsed = read_entries(input_path, text, fmt, taxonomy.tags)
    if not parsed.entries:
        what = "BibTeX entries" if fmt == "bibtex" else "papers (a title line, then an abstract)"
        raise click.ClickException(
            f"{input_path}: no {what} found"
            + ("" if fmt == "bibtex" else "; if it is BibTeX, use --format bibtex"))

    options = ImportOptions(added=added_date, default_tags=default_tags,
                            schema_url=schema_url(papers_dir))
    outcomes = _plan(parsed, papers_dir, reading_list, options)

    for line, note in parsed.notes:
        click.echo(f"{input_path}:{line}: note: {note}")
    if loaded.errors:
        bad_files = sorted({p.path for p in loaded.errors})
        click.echo(f"note: {len(bad_files)} file(s) in {display_path(papers_dir)} have problems "
                   "and were not compared for duplicates (run site-builder check)")

    written = rejected = warned = 0
    for outcome in outcomes:
        if outcome.status == "written":
            if not dry_run:
                try:
                    write_new_file(outcome.path, outcome.text)
                except FileExistsError:
                    outcome.problems.append(Problem(
                        input_path, outcome.entry.line, "file",
                        f"{display_path(outcome.path)} appeared while importing",
                        "not overwritten; run the import again"))
                except OSError as error:
                    outcome.problems.append(Problem(
                        input_path, outcome.entry.line, "file",
                        f"{display_path(outcome.path)} cannot be written: {error.strerror}"))
        if outcome.status == "written":
            written += 1
            click.echo(("would write " if dry_run else "wrote ") + _summary(outcome, input_path))
            for note in outcome.entry.notes:
                click.echo(f"  note: {note}")
            if outcome.warnings:
                warned += 1
                for warning in outcome.warnings:
                    click.echo(f"  {text_line(warning)}")
            if verbose and outcome.entry.unmapped:
                click.echo("  not mapped: " + ", ".join(outcome.entry.unmapped))
            if dry_run and verbose:
                click.echo(outcome.text)
        elif outcome.status == "rejected":
            rejected += 1
            _echo_problems(outcome.problems)
            click.echo(f"  {outcome.entry.label} not imported", err=True)

    skipped = [o for o in outcomes if o.status == "existing"]
    existing = len(skipped)
    if skipped:
        click.echo(f"Skipped as existing ({existing}):")
        for outcome in skipped:
            entry = outcome.entry
            click.echo(f"  {input_path}:{entry.line}: {entry.label}: {outcome.duplicate}")

    verb = "would be written" if dry_run else "written"
    with_warning = f" ({warned} with a warning)" if warned else ""
    click.echo(f"{input_path}: {written} {verb}{with_warning}, {existing} skipped as existing, "
               f"{rejected} rejected" + (" (dry run: nothing written)" if dry_run else ""))
    ctx.exit(1 if rejected else 0)
