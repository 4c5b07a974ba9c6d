"""The `site-builder` command: check, new and import paper files; export the site."""

from __future__ import annotations

import click

from .commands.check import check
from .commands.export import export
from .commands.importing import import_command
from .commands.new import new


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="site-builder")
def cli() -> None:
    """Validate, write and import the papers of a reading list."""


cli.add_command(check)
cli.add_command(new)
cli.add_command(import_command)
cli.add_command(export)


def main() -> None:
    """Entry point of the console script."""
    cli()
