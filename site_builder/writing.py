"""Write paper files: the text of a new file, checked, and written without overwriting."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import yaml

from .fields import FIELDS
from .loading import parse_paper_text
from .model import Paper, Problem, Taxonomy

SCHEMA_COMMENT = "# yaml-language-server: $schema={url}"


def paper_file_text(values: dict[str, object], body: str = "", schema_url: str | None = None) -> str:
    """The text of a paper file: front matter in the contract's field order, then the body.

    `values` maps field names to plain values (str, list of str, date); unknown names are
    kept last so the validator can point at them.
    """
    ordered = {name: values[name] for name in FIELDS if values.get(name) not in (None, "", [], ())}
    ordered.update({k: v for k, v in values.items() if k not in FIELDS})
    for key, value in ordered.items():
        if isinstance(value, tuple):
            ordered[key] = list(value)
    front = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=10**9,
                           default_flow_style=None)
    comment = SCHEMA_COMMENT.format(url=schema_url) + "\n" if schema_url else ""
    body = body.strip("\n")
    return f"---\n{comment}{front}---\n" + (f"{body}\n" if body else "")


def check_paper_text(path: Path, text: str, taxonomy: Taxonomy | None,
                     today: dt.date | None = None) -> tuple[Paper | None, list[Problem]]:
    """Validate text meant for `path` with the same rules as `site-builder check`."""
    return parse_paper_text(path, text, taxonomy, today)


def write_new_file(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all, failing if `path` already exists.

    The text goes to a temporary file first and is then linked into place: a reader never
    sees half a file, and an existing file is never replaced (FileExistsError).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.link(tmp, path)
    finally:
        os.unlink(tmp)
