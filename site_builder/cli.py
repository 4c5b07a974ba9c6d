"""The `site-builder` command: check, new and import paper files; export the site.

Each command's module is imported only when that command runs, so `site-builder check`
(run on every pull request) does not load what `import` or `export` need.
"""

from __future__ import annotations

import importlib

import click

# Command name -> (module, attribute), loaded on use.
COMMANDS = {
    "check": ("site_builder.commands.check", "check"),
    "new": ("site_builder.commands.new", "new"),
    "import": ("site_builder.commands.importing", "import_command"),
    "export": ("site_builder.commands.export", "export"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are used (or listed in --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="site-builder")
def cli() -> None:
    """Validate, write and import the papers of a reading list."""


def main() -> None:
    """Entry point of the console script."""
    cli()
