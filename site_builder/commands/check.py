"""`site-builder check`: placeholder replaced in the next commit."""
import click


@click.command()
def check() -> None:
    """Validate every paper and the taxonomy."""
    raise click.ClickException("not implemented yet")
