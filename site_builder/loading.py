"""Read paper files and the taxonomy once, into typed records, reporting every problem.

Each file is parsed by libyaml (where installed) into a node tree, so every value keeps the
line it was written on; values are then checked against the rules in `fields`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from frontmatter.default_handlers import YAMLHandler

from .fields import (
    ARXIV_RE,
    DATE_RE,
    DOI_RE,
    FIELDS,
    REQUIRED_FIELDS,
    SLUG_MAX_LENGTH,
    SLUG_RE,
    TEXT_MAX_LENGTH,
    URL_RE,
    YEAR_RE,
    Field,
    Kind,
    iso_date,
)
from .model import Paper, Problem, ReadingList, Taxonomy, Theme
from .slugs import slugify

MAX_FILE_BYTES = 1024 * 1024
TAXONOMY_FILE = "themes.yml"

_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_VALUES = frozenset({"", "~", "null", "Null", "NULL"})


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml where present
    """Tags a plain scalar as null or text, nothing else.

    Every value is read as the text written (`title: 1984`, `arxiv: 2404.10000`) and
    checked by its field's rule, so YAML's numbers, booleans and dates are never wanted;
    only null matters (`title: ~` is blank). Much faster than YAML's regex resolvers.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0] and value in _NULL_VALUES:
                return _NULL_TAG
            return _STR_TAG
        return super().resolve(kind, value, implicit)


_BOUNDARY = YAMLHandler.FM_BOUNDARY


def display_path(path: Path) -> str:
    """The path as problems show it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def latest_today() -> dt.date:
    """Today's date somewhere on Earth: an `added` date later than this is in the future.

    Using the last time zone to reach a date means a contributor is never told their
    today is in the future by a CI machine that runs on UTC.
    """
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt word, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class _Report:
    """Problems found in one file."""

    def __init__(self, path: Path, line_offset: int = 0) -> None:
        self.file = path
        self.line_offset = line_offset
        self.problems: list[Problem] = []

    @functools.cached_property
    def path(self) -> str:
        # Worked out only for a file with a problem: most files have none.
        return display_path(self.file)

    def line(self, node: yaml.Node) -> int:
        return self.line_offset + node.start_mark.line + 1

    def add(self, line: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, field_name, message, hint))

    def in_line_order(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.line)

    def at(self, node: yaml.Node, field_name: str, message: str, hint: str = "") -> None:
        self.add(self.line(node), field_name, message, hint)


# --- reading text ----------------------------------------------------------------------


@dataclass
class _Source:
    front_matter: str
    front_matter_line: int  # file line number (0-based) where front_matter's first line is
    body: str


def decode_utf8(raw: bytes, path: Path) -> str | Problem:
    """The text of a file's bytes (a byte-order mark is fine), or where it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(display_path(path), line, "file",
                       f"is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                       "save the file as UTF-8")


def _read_text(path: Path, report: _Report) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add(1, "file", f"is {size:,} bytes, over the 1 MiB limit",
                       "keep notes short and link to long material")
            return None
        raw = path.read_bytes()
    except OSError as error:
        report.add(1, "file", f"cannot be read: {error.strerror}")
        return None
    text = decode_utf8(raw, path)
    if isinstance(text, Problem):
        report.problems.append(text)
        return None
    return text


def _split_front_matter(text: str, report: _Report) -> _Source | None:
    start = _BOUNDARY.match(text)
    if not start:
        report.add(1, "file", "does not start with front matter",
                   "begin the file with a line '---', the fields, then another '---'")
        return None
    end = _BOUNDARY.search(text, start.end())
    if not end:
        report.add(1, "file", "front matter is not closed", "end the fields with a line '---'")
        return None
    return _Source(
        front_matter=text[start.end() : end.start()],
        front_matter_line=text.count("\n", 0, start.end()),
        body=text[end.end() :].strip("\n"),
    )


def _compose(source: str, report: _Report) -> yaml.Node | None:
    """Parse YAML into nodes (which keep line numbers); report a syntax error."""
    loader = _Loader(source)
    try:
        return loader.get_single_node()
    except yaml.reader.ReaderError as error:
        line = report.line_offset + source.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        report.add(line, "yaml", f"character U+{code:04X} is not allowed in YAML",
                   "remove it; the file must be plain text")
    except yaml.MarkedYAMLError as error:
        line, message, hint = _explain_yaml_error(source, error)
        report.add(report.line_offset + line, "yaml", message, hint)
    except yaml.YAMLError as error:
        report.add(report.line_offset + 1, "yaml", str(error))
    finally:
        loader.dispose()
    return None


def _quoted_hint(key: str, value: str) -> str:
    """`key: "value"`, with the value's own double quotes escaped, when it is short enough."""
    if len(value) > 80:
        return f"put the whole value of {key} in double quotes"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'put the value in quotes: {key}: "{escaped}"'


def _explain_yaml_error(source: str, error: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """(1-based line in `source`, message, hint) for a YAML syntax error, in words.

    The common mistakes (a tab in the indentation, a colon in an unquoted value, a quote or
    bracket never closed, text after a closing quote) are explained with the fix; anything
    else keeps YAML's own description. PyYAML and libyaml word their errors differently,
    so both are recognised.
    """
    lines = source.split("\n")
    problem = (error.problem or "").lower()
    context = (error.context or "").lower()
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark else 0
    start = error.context_mark.line if error.context_mark else line

    def text(index: int) -> str:
        return lines[index] if 0 <= index < len(lines) else ""

    # A tab where indentation is expected: on the line reported, or the nearest before it.
    if "tab" in problem or "cannot start any token" in problem:
        for index in range(min(line, len(lines) - 1), -1, -1):
            if re.match(r"^ *\t", text(index)):
                return (index + 1, "a tab character indents this line",
                        "indent with spaces: YAML does not allow tabs")
    if "quoted scalar" in context and "end of stream" in problem:
        quote = text(start)[error.context_mark.column] if error.context_mark and \
            error.context_mark.column < len(text(start)) else '"'
        return (start + 1, f"the {quote} opened on this line is never closed",
                f"end the value with {quote}")
    if "flow sequence" in context or "expected ',' or ']'" in problem:
        return (start + 1, "the list opened with '[' on this line is not closed",
                "end it with ']' on the same line, items separated by commas")
    if "flow mapping" in context or "expected ',' or '}'" in problem:
        return (start + 1, "the '{' opened on this line is not closed",
                "end it with '}' on the same line, or quote the value if '{' is part of it")
    found = re.match(r"^(\s*)([^\s:#][^:#]*?):\s+(.*?)\s*$", text(line))
    if "mapping values are not allowed" in problem and found and ": " in found.group(3) + " ":
        key, value = found.group(2), found.group(3)
        return (line + 1, f"the value of {key} has ': ' in it, which YAML reads as a new field",
                _quoted_hint(key, value))
    if found and found.group(3)[:1] in ("'", '"') and (
            "did not find expected key" in problem or "expected <block end>" in problem):
        key, value = found.group(2), found.group(3)
        return (line + 1, f"the value of {key} goes on after its closing quote",
                _quoted_hint(key, value.strip("'\"") if value.count(value[0]) == 2 else value))
    return (line + 1, error.problem or error.context or "is not valid YAML",
            "check the quoting and indentation on this line")


def _mapping_items(
    node: yaml.MappingNode, report: _Report, prefix: str = ""
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The key -> (key node, value node) pairs of a mapping; duplicated keys are problems.

    `prefix` names where the mapping sits (such as "themes."), for the problems' field.
    """
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            report.at(key_node, prefix.rstrip(".") or "key", "a key must be plain text")
            continue
        key = key_node.value
        if key in items:
            first = report.line(items[key][0])
            report.at(key_node, prefix + key, "duplicated key",
                      f"it is also on line {first}; keep one")
            continue
        items[key] = (key_node, value_node)
    return items


# --- values ----------------------------------------------------------------------------


def _is_null(node: yaml.Node) -> bool:
    # A plain (unquoted) scalar has style None in PyYAML but "" in the libyaml C loader.
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG and not node.style


def _text(node: yaml.Node, name: str, report: _Report, hint: str = "") -> str | None:
    """The text of a scalar, as written (so `title: 1984` stays "1984"), or None."""
    if not isinstance(node, yaml.ScalarNode):
        report.at(node, name, "must be text, not a list or mapping", hint)
        return None
    text = node.value.strip() if not _is_null(node) else ""
    if not text:
        report.at(node, name, "is blank", hint or "give a value or remove the line")
        return None
    if "\n" in text or "\r" in text:
        # A line break would split headings, table rows and cards on the site.
        report.at(node, name, "must be one line", "join the lines into one")
        return None
    if len(text) > TEXT_MAX_LENGTH:
        report.at(node, name, f"is {len(text):,} characters, over the limit of {TEXT_MAX_LENGTH}",
                  "keep it to one title-length line; longer text belongs in the body")
        return None
    return text


def _text_list(node: yaml.Node, name: str, report: _Report, example: str) -> list[tuple[str, yaml.Node]] | None:
    if not isinstance(node, yaml.SequenceNode):
        report.at(node, name, "must be a list", f"write {name}: {example}")
        return None
    items = []
    for item in node.value:
        text = _text(item, name, report)
        if text is not None:
            items.append((text, item))
    return items


def _date(text: str, node: yaml.Node, name: str, report: _Report,
          form: str = "YYYY-MM-DD") -> dt.date | None:
    if (date := iso_date(text)) is not None:
        return date
    if DATE_RE.match(text):
        report.at(node, name, f"'{text}' is not a real date", "check the month and day")
        return None
    report.at(node, name, f"'{text}' is not a date", f"write it as {form}, e.g. 2024-04-08")
    return None


def _check_url(text: str, node: yaml.Node, name: str, report: _Report) -> str | None:
    try:
        parts = urlsplit(text)
    except ValueError:  # such as an unbalanced '[' where an IPv6 host would be
        report.at(node, name, f"'{text}' is not a valid URL", "check the host name")
        return None
    if parts.scheme not in ("http", "https"):
        report.at(node, name, f"'{text}' is not an http or https URL",
                  "write the full address, starting with https://")
        return None
    if not URL_RE.match(text) or not parts.hostname:
        report.at(node, name, f"'{text}' is not a valid URL", "no spaces; include the host name")
        return None
    return text


def _check_arxiv(text: str, node: yaml.Node, report: _Report) -> str | None:
    if ARXIV_RE.match(text):
        return text
    found = re.search(r"(?:arxiv\.org/(?:abs|pdf)/|^arxiv:\s*)([^\s?#]+?)(?:\.pdf)?$", text,
                      re.IGNORECASE)
    hint = (f'write just the identifier: arxiv: "{found.group(1)}"' if found
            else "new style like 2404.05868 (optional v2) or old style like cs/0112017")
    report.at(node, "arxiv", f"'{text}' is not an arXiv identifier", hint)
    return None


def _check_doi(text: str, node: yaml.Node, report: _Report) -> str | None:
    if DOI_RE.match(text):
        return text
    found = re.search(r"(10\.[0-9]{4,9}/\S+)$", text)
    hint = (f"write just the DOI: doi: {found.group(1)}" if found
            else "a DOI starts with 10., e.g. 10.48550/arXiv.2404.00001")
    report.at(node, "doi", f"'{text}' is not a DOI", hint)
    return None


def _tags(node: yaml.Node, report: _Report, taxonomy: Taxonomy | None) -> tuple[str, ...] | None:
    example = FIELDS["tags"].example
    if isinstance(node, yaml.ScalarNode) and (words := re.split(r"[,\s]+", node.value.strip())) \
            and all(SLUG_RE.match(w) for w in words):
        example = "[" + ", ".join(words) + "]"  # what was written, as a list
    elif taxonomy is not None and taxonomy.tags:
        example = "[" + ", ".join(taxonomy.tags[:2]) + "]"
    items = _text_list(node, "tags", report, example)
    if items is None:
        return None
    if not node.value:
        report.at(node, "tags", "is empty", "give at least one tag from papers/themes.yml")
        return None
    declared = taxonomy.tags if taxonomy else ()
    tags: list[str] = []
    ok = True
    for tag, item in items:
        if tag in tags:
            report.at(item, "tags", f"'{tag}' is listed twice", "keep one")
            ok = False
        elif not SLUG_RE.match(tag):
            report.at(item, "tags", f"'{tag}' is not a tag slug",
                      did_you_mean(tag, declared) or "tags are lowercase words joined by '-'")
            ok = False
        elif taxonomy is not None and tag not in declared:
            hint = did_you_mean(tag, declared) or "declare it under a theme in papers/themes.yml"
            report.at(item, "tags", f"'{tag}' is not declared in papers/themes.yml", hint)
            ok = False
        tags.append(tag)
    return tuple(tags) if ok and tags else None


def _value(spec: Field, node: yaml.Node, report: _Report, taxonomy: Taxonomy | None, today: dt.date):
    """Convert and check one field's value; None when it has a problem (already reported)."""
    name = spec.name
    if spec.kind is Kind.TAGS:
        return _tags(node, report, taxonomy)
    if spec.kind is Kind.NAMES:
        items = _text_list(node, name, report, spec.example)
        if items is not None and not items:
            report.at(node, name, "is empty", "list the names, or remove the line")
        return tuple(text for text, _ in items) if items else None
    text = _text(node, name, report, f"write {name}: {spec.example}")
    if text is None:
        return None
    if spec.kind is Kind.TEXT:
        return text
    if spec.kind is Kind.DATE:
        date = _date(text, node, name, report)
        if date and date > today:
            report.at(node, name, f"{text} is in the future",
                      "use the day the paper is added to the list")
            return None
        return date
    if spec.kind is Kind.DATE_OR_YEAR:
        if YEAR_RE.match(text):
            return text
        date = _date(text, node, name, report, "YYYY-MM-DD or a year YYYY")
        return date.isoformat() if date else None
    if spec.kind is Kind.ARXIV:
        return _check_arxiv(text, node, report)
    if spec.kind is Kind.DOI:
        return _check_doi(text, node, report)
    return _check_url(text, node, name, report)


# --- papers ----------------------------------------------------------------------------


# Slugs whose pages would stand where the site's own index pages are.
RESERVED_SLUGS = frozenset({"index"})


def _slug_hint(slug: str) -> str:
    suggestion = slugify(slug)
    if suggestion and suggestion != slug and check_slug(suggestion) is None:
        return f"write it as '{suggestion}'"
    return "choose another name: lowercase words joined by '-'"


def check_slug(slug: str) -> str | None:
    """Why `slug` is not a valid paper or tag slug, or None when it is."""
    if slug in RESERVED_SLUGS:
        return "is reserved for the site's own pages"
    if not SLUG_RE.match(slug):
        return "must be lowercase letters and digits in words joined by single '-'"
    if len(slug) > SLUG_MAX_LENGTH:
        return f"is {len(slug)} characters, over the limit of {SLUG_MAX_LENGTH}"
    return None


def load_paper(
    path: Path, taxonomy: Taxonomy | None, today: dt.date | None = None
) -> tuple[Paper | None, list[Problem]]:
    """Read and validate one paper file. Returns the paper (None if invalid) and its problems."""
    report = _Report(path)
    text = _read_text(path, report)
    if text is None:
        _check_file_name(path, report)
        return None, report.in_line_order()
    return parse_paper_text(path, text, taxonomy, today, report)


def parse_paper_text(
    path: Path, text: str, taxonomy: Taxonomy | None, today: dt.date | None = None,
    report: _Report | None = None,
) -> tuple[Paper | None, list[Problem]]:
    """Validate the text of a paper file that is (or would be) at `path`.

    `site-builder new` and `import` call this on what they are about to write, so a file
    they write passes `check` by construction.
    """
    report = report or _Report(path)
    _check_file_name(path, report)
    # Windows and old Mac line ends count lines as '\n' does (YAML reads them itself).
    source = _split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"), report)
    if source is None:
        return None, report.in_line_order()
    report.line_offset = source.front_matter_line
    top_line = source.front_matter_line  # the opening '---'
    node = _compose(source.front_matter, report)
    if node is None or _is_null(node):
        if not report.problems:
            report.add(top_line or 1, "front matter", "is empty",
                       "add at least title, tags and added")
        return None, report.in_line_order()
    if not isinstance(node, yaml.MappingNode):
        report.at(node, "front matter", "must be a mapping of fields",
                  "write one 'field: value' per line")
        return None, report.in_line_order()
    today = today or latest_today()
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key, (key_node, value_node) in _mapping_items(node, report).items():
        spec = FIELDS.get(key)
        if spec is None:
            hint = did_you_mean(key, FIELDS) or "allowed fields: " + ", ".join(FIELDS)
            report.at(key_node, key, "unknown field", hint)
            continue
        lines[key] = report.line(key_node)
        if _is_null(value_node) and not spec.required:
            report.at(value_node, key, "is blank", "give a value or remove the line")
            continue
        value = _value(spec, value_node, report, taxonomy, today)
        if value is not None:
            values[key] = value
    for name in REQUIRED_FIELDS:
        if name not in lines:
            example = FIELDS[name].example
            if name == "tags" and taxonomy is not None:
                example = _tags_example(node, taxonomy) or example
            report.add(top_line or 1, name, "is missing", f"add a line '{name}: {example}'")
    if report.problems:
        return None, report.in_line_order()
    paper = Paper(slug=path.name.removesuffix(".md"), path=path, body=source.body,
                  lines=lines, **values)  # type: ignore[arg-type]
    return paper, []


def _tags_example(node: yaml.MappingNode, taxonomy: Taxonomy) -> str:
    """The `tags:` value to suggest when it is missing: the declared tags closest to what
    a misspelt key (`tag:`, `Tags:`) lists, else the first declared tags."""
    declared = list(taxonomy.tags)
    if not declared:
        return ""
    written: list[str] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "tags" or \
                not difflib.get_close_matches(key_node.value.lower(), ["tags"], cutoff=0.6):
            continue
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for item in items:
            if isinstance(item, yaml.ScalarNode):
                written += [w for w in re.split(r"[,\s]+", item.value) if w]
    suggested: list[str] = []
    for word in written:
        close = word if word in declared else next(
            iter(difflib.get_close_matches(word.lower(), declared, n=1, cutoff=0.6)), None)
        if close and close not in suggested:
            suggested.append(close)
    return "[" + ", ".join(suggested or declared[:2]) + "]"


def _check_file_name(path: Path, report: _Report) -> None:
    if (why := check_slug(path.name.removesuffix(".md"))) is not None:
        suggestion = slugify(path.name.removesuffix(".md"))
        # A reserved name slugifies to itself: suggesting it again would not help.
        fits = suggestion and check_slug(suggestion) is None
        report.add(1, "slug", f"file name '{path.name}' {why}",
                   f"rename it to {suggestion}.md" if fits
                   else "rename the file after the paper's title")


# --- the taxonomy ----------------------------------------------------------------------

_THEME_KEYS = {"title", "description", "tags"}


def load_taxonomy(path: Path) -> tuple[Taxonomy | None, list[Problem]]:
    """Read and validate `papers/themes.yml`."""
    report = _Report(path)
    text = _read_text(path, report) if path.exists() else None
    if text is None:
        if not report.problems:
            report.add(1, "file", "is missing", "create papers/themes.yml with themes and tags")
        return None, report.in_line_order()
    node = _compose(text, report)
    if node is None or not isinstance(node, yaml.MappingNode):
        if not report.problems:
            report.add(1, "themes", "the file must be a mapping with 'themes:' and 'tags:'")
        return None, report.in_line_order()
    top = _mapping_items(node, report)
    for key, (key_node, _) in top.items():
        if key not in ("themes", "tags"):
            report.at(key_node, key, "unknown key", did_you_mean(key, ("themes", "tags"))
                      or "the file has two keys: themes and tags")
    themes: dict[str, Theme] = {}
    lines: dict[str, int] = {}
    if "themes" not in top:
        report.add(1, "themes", "is missing", "declare at least one theme")
    else:
        themes_node = top["themes"][1]
        if not isinstance(themes_node, yaml.MappingNode) or not themes_node.value:
            report.at(themes_node, "themes", "must map theme slugs to their title and tags")
        else:
            for slug, (key_node, value_node) in _mapping_items(themes_node, report, "themes.").items():
                lines[f"theme:{slug}"] = report.line(key_node)
                theme = _theme(slug, key_node, value_node, report)
                if theme:
                    themes[slug] = theme
    declared = {t for theme in themes.values() for t in theme.tags}
    descriptions: dict[str, str] = {}
    if "tags" in top:
        tags_node = top["tags"][1]
        if not isinstance(tags_node, yaml.MappingNode):
            report.at(tags_node, "tags", "must map tag slugs to one-line descriptions")
        else:
            for tag, (key_node, value_node) in _mapping_items(tags_node, report, "tags.").items():
                lines[f"tag:{tag}"] = report.line(key_node)
                if tag not in declared:
                    report.at(key_node, f"tags.{tag}", "is described but in no theme",
                              did_you_mean(tag, declared) or "add it to a theme's tags")
                text = _text(value_node, f"tags.{tag}", report)
                if text is not None:
                    descriptions[tag] = text
    if report.problems:
        return None, report.in_line_order()
    return Taxonomy(path=path, themes=themes, tag_descriptions=descriptions, lines=lines), []


def _theme(slug: str, key_node: yaml.Node, node: yaml.Node, report: _Report) -> Theme | None:
    where = f"themes.{slug}"
    count = len(report.problems)
    if (why := check_slug(slug)) is not None:
        report.at(key_node, where, f"theme slug '{slug}' {why}", _slug_hint(slug))
    if not isinstance(node, yaml.MappingNode):
        report.at(node, where, "must have a title and tags")
        return None
    items = _mapping_items(node, report, f"{where}.")
    for key, (k_node, _) in items.items():
        if key not in _THEME_KEYS:
            report.at(k_node, f"{where}.{key}", "unknown key",
                      did_you_mean(key, _THEME_KEYS) or "a theme has title, description, tags")
    title = description = None
    tags: list[str] = []
    if "title" in items:
        title = _text(items["title"][1], f"{where}.title", report)
    else:
        report.at(key_node, f"{where}.title", "is missing", "every theme needs a title")
    if "description" in items:
        description = _text(items["description"][1], f"{where}.description", report)
    if "tags" not in items:
        report.at(key_node, f"{where}.tags", "is missing", "list at least one tag")
    else:
        tag_items = _text_list(items["tags"][1], f"{where}.tags", report, "[tag-one, tag-two]")
        if tag_items is not None and not tag_items:
            report.at(items["tags"][1], f"{where}.tags", "is empty", "list at least one tag")
        for tag, item in tag_items or ():
            if (why := check_slug(tag)) is not None:
                report.at(item, f"{where}.tags", f"tag '{tag}' {why}", _slug_hint(tag))
            elif tag in tags:
                report.at(item, f"{where}.tags", f"'{tag}' is listed twice", "keep one")
            else:
                tags.append(tag)
    if len(report.problems) > count or title is None:
        return None
    return Theme(slug=slug, title=title, description=description or "", tags=tuple(tags))


# --- the whole list --------------------------------------------------------------------


def scan_papers_dir(papers_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every paper file in the folder, in name order, and a problem for anything else there.

    A file that is not `<slug>.md` (`Paper.MD`, `x.markdown`, a folder, a link) would
    otherwise be left off the site without a word. Hidden files (editors' and our own
    temporary files) are passed over.
    """
    paths: list[Path] = []
    problems: list[Problem] = []
    if not papers_dir.is_dir():  # the missing themes.yml in it is already reported
        return paths, problems
    for entry in sorted(papers_dir.iterdir(), key=lambda e: e.name):
        name = entry.name
        if name.startswith(".") or name == TAXONOMY_FILE:
            continue
        if entry.is_symlink():
            problems.append(Problem(display_path(entry), 1, "file", "is a symbolic link",
                                    "put the paper file itself in papers/"))
        elif entry.is_dir():
            problems.append(Problem(display_path(entry), 1, "file", "is a folder",
                                    "paper files go directly in papers/"))
        elif not name.endswith(".md"):
            problems.append(Problem(display_path(entry), 1, "file", "is not a paper file",
                                    "a paper is papers/<slug>.md; other files do not belong here"))
        else:
            paths.append(entry)
    return paths, problems


@dataclass
class LoadResult:
    """What `load_reading_list` found: the valid list (if the taxonomy loaded) and problems."""

    reading_list: ReadingList | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # paper files read

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class PaperCache:
    """Paper files already read, kept across the rebuilds of `mkdocs serve`.

    A file is read again only when its size or modification time changed, or when the
    taxonomy or today's date (which its checks depend on) did.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple, tuple[Paper | None, list[Problem]]]] = {}

    def load(self, path: Path, taxonomy: Taxonomy | None, taxonomy_stamp: tuple,
             today: dt.date) -> tuple[Paper | None, list[Problem]]:
        stamp = _stamp(path)
        if not stamp:
            return load_paper(path, taxonomy, today)  # reports why it cannot be read
        stamp = (*stamp, taxonomy_stamp, today)
        known = self._files.get(path)
        if known is None or known[0] != stamp:
            known = self._files[path] = (stamp, load_paper(path, taxonomy, today))
        return known[1]


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size)


# Below this many files a second process saves too little to be worth starting.
PARALLEL_MIN_FILES = 500


def _loaded(paths: list[Path], taxonomy: Taxonomy | None, today: dt.date | None,
            parallel: bool) -> Iterator[tuple[Paper | None, list[Problem]]]:
    """Each file loaded, in order; with `parallel`, the second half by a forked process."""
    today = today or latest_today()  # one date for both processes
    half = len(paths) // 2
    worker = None
    if parallel and len(paths) >= PARALLEL_MIN_FILES:
        from .background import MISSING, Background  # only for lists this long

        worker = Background.start(lambda: ((i, load_paper(paths[i], taxonomy, today))
                                           for i in range(half, len(paths))))
    if worker is None:
        for path in paths:
            yield load_paper(path, taxonomy, today)
        return
    try:
        for path in paths[:half]:
            yield load_paper(path, taxonomy, today)
        for i in range(half, len(paths)):
            loaded = worker.take(i)
            yield loaded if loaded is not MISSING else load_paper(paths[i], taxonomy, today)
    finally:
        worker.close()


def load_reading_list(
    papers_dir: Path, paths: Iterable[Path] | None = None, today: dt.date | None = None,
    cache: PaperCache | None = None, parallel: bool = False,
) -> LoadResult:
    """Load the taxonomy and every paper (or just `paths`) in `papers_dir`.

    With a `cache`, files unchanged since it last read them are not read again. With
    `parallel` (and no cache), a second process reads half of a long list.
    """
    taxonomy_path = papers_dir / TAXONOMY_FILE
    taxonomy, problems = load_taxonomy(taxonomy_path)
    if paths is None:
        paths, strays = scan_papers_dir(papers_dir)
        problems.extend(strays)
    papers = []
    paths = list(paths)
    if cache is not None:
        today = today or latest_today()
        taxonomy_stamp = _stamp(taxonomy_path)
        loaded = (cache.load(path, taxonomy, taxonomy_stamp, today) for path in paths)
    else:
        loaded = _loaded(paths, taxonomy, today, parallel)
    for paper, paper_problems in loaded:
        problems.extend(paper_problems)
        if paper is not None:
            papers.append(paper)
    if taxonomy is None:
        return LoadResult(None, problems, len(paths))
    return LoadResult(ReadingList(papers=tuple(papers), taxonomy=taxonomy), problems,
                      len(paths))
