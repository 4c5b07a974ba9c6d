"""`site-builder import`: placeholder replaced in the next commit."""
import click


@click.command(name="import")
def import_command() -> None:
    """Bulk-add papers."""
    raise click.ClickException("not implemented yet")
