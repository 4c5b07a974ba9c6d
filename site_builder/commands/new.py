"""`site-builder new`: placeholder replaced in the next commit."""
import click


@click.command()
def new() -> None:
    """Validate every paper and the taxonomy."""
    raise click.ClickException("not implemented yet")
