"""`site-builder export OUT`: the site's sources, for Zensical (or another engine) to build."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..export import CONFIG_FILE, ExportError, export_site
from ..loading import display_path
from ..reporting import format_problems, summary

# Below this many pages an export takes well under a second: no progress line.
PROGRESS_FROM = 500


class _Progress:
    """`Writing pages: 1,200` on one line of a terminal, updated every 100 pages."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, written: int) -> None:
        if written % 100 == 0 and written >= PROGRESS_FROM:
            click.echo(f"\rWriting pages: {written:,}", nl=False, err=True)
            self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo(err=True)


@click.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--papers-dir", type=click.Path(path_type=Path), default=None,
              help="The folder of paper files and themes.yml [default: papers_dir of the "
                   "reading-list plugin in the configuration, else papers].")
@click.option("--config", "config_file", type=click.Path(path_type=Path),
              default=Path("mkdocs.yml"), show_default=True,
              help="The MkDocs configuration whose theme, palette, Markdown extensions and "
                   "docs folder the export carries over.")
def export(out: Path, papers_dir: Path | None, config_file: Path) -> None:
    """Write the site's sources to the folder OUT, for Zensical to build.

    OUT gets the hand-written docs pages, every generated page as a Markdown file, the
    stylesheets, feeds and data files, and a zensical.toml (no plugin needed); then
    `zensical build` in OUT writes the site to OUT/site. OUT must be new, empty, or an
    earlier export, which is replaced at once (its site/ and Zensical's .cache/ are
    kept). With an invalid paper nothing is written. Exits 0 when written, 1 on
    problems in the papers, 2 on a usage error.
    """
    if not config_file.is_file():
        raise click.BadParameter(f"{config_file}: no such file (run this in the list's root "
                                 "folder)", param_hint="--config")
    if papers_dir is not None and not papers_dir.is_dir():
        raise click.BadParameter(f"{papers_dir}: folder not found", param_hint="--papers-dir")
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        result = export_site(config_file.parent, out, papers_dir=papers_dir,
                             config_file=config_file, progress=progress)
    except ExportError as error:
        raise click.UsageError(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"{display_path(out)}: cannot write the export ({error})")
    finally:
        if progress is not None:
            progress.close()
    output = format_problems(result.problems, "text", result.files_checked)
    if output:
        click.echo(output)
    if not result.written:
        click.echo(f"{summary(result.problems, result.files_checked)}; nothing was written",
                   err=True)
        raise SystemExit(1)
    click.echo(f"Wrote {result.pages:,} pages and {result.files:,} files for "
               f"{result.papers:,} papers to {display_path(out)}/; build the site with\n"
               f"  zensical build -f {display_path(out / CONFIG_FILE)}", err=True)
