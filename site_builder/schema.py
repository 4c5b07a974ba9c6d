"""A JSON Schema (draft 2020-12) for a paper's front matter, made from `fields.FIELDS`.

Editors that read `# yaml-language-server: $schema=...` comments use it to complete field
names and declared tags and to underline mistakes as the contributor types. It is generated
from the same table and regular expressions as the validator, so the two cannot drift; the
validator stays the authority (it also checks what a schema cannot, such as an `added`
date in the future).

`python -m site_builder.schema [PATH]` rewrites the generic schema shipped in the package
(`site_builder/schema/paper.json`); a test fails if that file is out of date.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import yaml

from .fields import (
    ARXIV_PATTERN,
    DATE_PATTERN,
    DOI_PATTERN,
    FIELDS,
    ONE_LINE_TEXT_PATTERN,
    REQUIRED_FIELDS,
    SLUG_PATTERN,
    TEXT_MAX_LENGTH,
    URL_PATTERN,
    YEAR_PATTERN,
    Field,
    Kind,
)
from .model import Taxonomy

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "paper.json"

# Where the site publishes the schema with the declared tags.
PUBLISHED_SCHEMA = "schema/paper.json"

_TEXT = {"type": "string", "pattern": ONE_LINE_TEXT_PATTERN, "maxLength": TEXT_MAX_LENGTH}
_DATE = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}


def _kind_schema(kind: Kind, declared_tags: tuple[str, ...] | None) -> dict:
    """The schema of one value of the given kind."""
    if kind is Kind.TEXT:
        return dict(_TEXT)
    if kind is Kind.TAGS:
        tag: dict = {"type": "string", "pattern": SLUG_PATTERN}
        if declared_tags is not None:
            tag["enum"] = list(declared_tags)
        return {"type": "array", "minItems": 1, "uniqueItems": True, "items": tag}
    if kind is Kind.DATE:
        return dict(_DATE)
    if kind is Kind.DATE_OR_YEAR:
        # `published: 2024` is an integer once YAML becomes JSON; quoted, it is a string.
        return {"anyOf": [
            dict(_DATE),
            {"type": "string", "pattern": YEAR_PATTERN},
            {"type": "integer", "minimum": 1000, "maximum": 9999},
        ]}
    if kind is Kind.NAMES:
        return {"type": "array", "minItems": 1, "items": dict(_TEXT)}
    if kind is Kind.ARXIV:
        return {"type": "string", "pattern": ARXIV_PATTERN}
    if kind is Kind.DOI:
        return {"type": "string", "pattern": DOI_PATTERN}
    if kind is Kind.URL:
        return {"type": "string", "pattern": URL_PATTERN, "format": "uri"}
    raise ValueError(f"no schema for kind {kind!r}")


def _as_json(value: object) -> object:
    """A value parsed from YAML as an editor's YAML-to-JSON step would give it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


def _field_schema(spec: Field, declared_tags: tuple[str, ...] | None) -> dict:
    schema = _kind_schema(spec.kind, declared_tags)
    schema["description"] = spec.description
    schema["examples"] = [_as_json(yaml.safe_load(spec.example))]
    return schema


def paper_schema(taxonomy: Taxonomy | None = None) -> dict:
    """The JSON Schema of a paper's front matter.

    With a taxonomy, `tags` lists the declared tags as an `enum`, so editors offer them;
    without one, any tag slug is accepted (the generic schema shipped in the package).
    """
    declared = taxonomy.tags if taxonomy is not None else None
    return {
        "$schema": DIALECT,
        "title": "Paper",
        "description": "The front matter of a paper file, papers/<slug>.md, in a reading list.",
        "type": "object",
        "required": list(REQUIRED_FIELDS),
        "additionalProperties": False,
        "properties": {name: _field_schema(spec, declared) for name, spec in FIELDS.items()},
    }


def schema_text(taxonomy: Taxonomy | None = None) -> str:
    """The schema as the text of a JSON file."""
    return json.dumps(paper_schema(taxonomy), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH, taxonomy: Taxonomy | None = None) -> Path:
    """Write the schema to `path` (by default the generic one shipped in the package)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(taxonomy), encoding="utf-8", newline="\n")
    return path


if __name__ == "__main__":
    written = write_schema(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_PATH)
    print(f"wrote {written}")
