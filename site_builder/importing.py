"""Read a BibTeX file or a daily-papers listing into candidate papers, and plan their files.

Reading (`read_entries`) turns the input into `Entry` records: the front-matter values the
input states, the abstract, and the input line of each value, so a problem found later
points back into the input. Nothing is guessed: a value the input does not state is left
out.

Planning (`plan_import`) decides what happens to each entry: skipped because the list (or
an earlier entry of the same input) already has that paper, rejected because it would not
be a valid paper file, or written to `papers/<slug>.md`. It writes nothing itself, so a dry
run and a real run see the same plan.

BibTeX is parsed by `bibtexparser` (2.x): LaTeX accents and braces are decoded to Unicode,
author lists are split by BibTeX's own name rules.

A daily-papers listing is plain text: page chrome at the top (a "new" banner, a
"Subscribe" line, a date ...), then, for each paper, a title line and an abstract paragraph,
separated by blank lines. The text is cut into blocks at blank lines; a block is taken as a
title when it is a single line followed by a block that reads as an abstract (at least
`MIN_ABSTRACT_CHARS` characters and longer than the title). Chrome lines are short and are
never followed by such a paragraph, so they are passed over, whatever their wording. Titles
and abstracts come through exactly as written.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.library import Library
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import Field as BibField
from bibtexparser.model import MiddlewareErrorBlock, ParsingFailedBlock

from .checks import ARXIV_DOI_RE, NEARLY_SAME_TITLE, DuplicateIndex
from .fields import ARXIV_RE, SLUG_MAX_LENGTH, URL_RE, YEAR_RE, iso_date
from .loading import RESERVED_SLUGS, display_path, latest_today
from .markup import entities_for_latex, paragraphs, plain_text, url_in_prose
from .model import Paper, Problem, Taxonomy
from .slugs import slugify
from .writing import check_paper_text, paper_file_text

# The parser logs each block it cannot read; those blocks are reported as rejected entries
# instead, so its log records need no handler of last resort printing them.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

FORMATS = ("bibtex", "listing")
BIBTEX_SUFFIXES = (".bib", ".bibtex")

# A listing's abstract paragraph is at least this long; page chrome never is.
MIN_ABSTRACT_CHARS = 200
# A listing's title is one line of at most this many characters.
MAX_TITLE_CHARS = 400


@dataclass
class Entry:
    """One paper as the input states it, before it becomes a file.

    `values` holds front-matter values (title, authors, published, venue, arxiv, doi, url,
    code, project, data; never tags or added). `lines` gives the input line of each value,
    and `line` the line where the entry starts. `problems` are reasons found while reading
    why the entry cannot be imported; `notes` are things the reader should know but that
    do not stop the import (keywords that match no tag, links left out ...).
    """

    line: int
    label: str
    values: dict[str, object] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    body: str = ""
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The input's own fields that no value came from (BibTeX: volume, pages, publisher ...).
    unmapped: list[str] = field(default_factory=list)
    # An exact copy of an earlier entry of the same input: the line of that entry.
    same_as_line: int | None = None

    @property
    def title(self) -> str | None:
        title = self.values.get("title")
        return title if isinstance(title, str) else None

    def line_of(self, name: str) -> int:
        """The input line of a field, or of the entry when the field has none."""
        return self.lines.get(name, self.line)


@dataclass
class ParsedInput:
    """Everything read from one input file."""

    path: str  # as problems show it
    format: str
    entries: list[Entry]
    # (line, text): things passed over that are not entries, e.g. a listing's page chrome.
    notes: list[tuple[int, str]] = field(default_factory=list)


# --- reading the input -----------------------------------------------------------------


def detect_format(path: Path, text: str) -> str:
    """"bibtex" for a .bib/.bibtex file or text whose first entry line starts with '@';
    "listing" otherwise."""
    if path.suffix.lower() in BIBTEX_SUFFIXES:
        return "bibtex"
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        return "bibtex" if stripped.startswith("@") else "listing"
    return "listing"


def read_entries(path: str, text: str, fmt: str, declared_tags: Iterable[str]) -> ParsedInput:
    """Parse `text` (the content of the input shown as `path`) in the given format."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "bibtex":
        return parse_bibtex(path, text, declared_tags)
    if fmt == "listing":
        return parse_listing(path, text)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")


# --- BibTeX ----------------------------------------------------------------------------

_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
    ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
    ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for name in names}
_BIB_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_URL_RE = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$", re.IGNORECASE)
# An arXiv identifier inside text: new style, or old style (archive/YYMMNNN).
_ARXIV_ID = r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?"
# The forms exported files give it in: "arXiv preprint arXiv:1809.10341" (Google Scholar),
# "arXiv:2305.18290 [cs]" (Zotero's note), "arxiv.org/abs/ID" (any URL), "10.48550/arXiv.ID"
# (arXiv's DOI), "abs/1905.09550" (DBLP's CoRR volume).
_ARXIV_IN_TEXT_RES = (
    re.compile(r"arxiv\.org/(?:abs|pdf)/(" + _ARXIV_ID + r")", re.IGNORECASE),
    re.compile(r"10\.48550/arxiv\.(" + _ARXIV_ID + r")", re.IGNORECASE),
    re.compile(r"\barxiv(?:\s+preprint)?(?:\s+e-?prints)?\s*[:,]?\s*(?:arxiv\s*:\s*)?(?:abs/)?("
               + _ARXIV_ID + r")", re.IGNORECASE),
)
_CORR_VOLUME_RE = re.compile(r"^abs/(" + _ARXIV_ID + r")$")
# Where exported files put an arXiv identifier, in the order they are looked at.
_ARXIV_TEXT_FIELDS = ("url", "doi", "journal", "journaltitle", "note", "howpublished",
                      "booktitle", "number", "publisher", "annote")
# A venue that only says "arXiv" (with or without the identifier) names no venue.
_ARXIV_VENUE_WORDS_RE = re.compile(
    _ARXIV_ID + r"|\b(?:arxiv(?:\.org)?|corr|preprints?|e-?prints?|abs"
    r"|cs|stat|math|eess|q-bio|physics"  # categories
    r"|jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec|[0-9]{4})\b"  # al-folio's "arXiv Dec."
    r"|\[[^\]]*\]", re.IGNORECASE)
# A field whose value runs on into "field = ..." on a later line lost the comma before it.
_RUN_ON_FIELD_RE = re.compile(
    r"\n\s*(abstract|address|annote|archiveprefix|author|booktitle|chapter|crossref|date|day|"
    r"doi|edition|editor|eprint|eprinttype|howpublished|institution|isbn|issn|journal|"
    r"journaltitle|keywords|language|month|note|number|organization|pages|primaryclass|"
    r"publisher|school|series|title|type|url|urldate|volume|year)\s*=", re.IGNORECASE)
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle")
# The fields read into a paper (`month` is left out: a bare "jan" is BibTeX's own macro).
_READ_FIELDS = frozenset({
    "title", "author", "date", "year", "day", "journal", "journaltitle", "booktitle", "school",
    "institution", "doi", "url", "howpublished", "eprint", "archiveprefix", "eprinttype",
    "abstract", "keywords"})
# Paper fields that some exports give as BibTeX fields of their own (al-folio: code, pdf,
# html, website), each taken when it is an absolute web address.
_LINK_FIELDS = {"url": ("html",), "pdf": ("pdf",), "code": ("code",),
                "project": ("project", "website"), "data": ("data", "dataset")}
# Where a thesis or report appeared is the school or institution the entry names.
_INSTITUTION_FIELDS = {"phdthesis": "school", "mastersthesis": "school", "thesis": "institution",
                       "techreport": "institution", "report": "institution"}


def _latex_decoder() -> middlewares.LatexDecodingMiddleware:
    return middlewares.LatexDecodingMiddleware()


def _parse_library(text: str) -> Library:
    return bibtexparser.parse_string(text, append_middleware=[
        # Exported files write AUTHOR, Author, ISSN ...: every field name in lower case
        # first, so the name splitting below finds the authors whatever the case.
        middlewares.NormalizeFieldKeys(),
        # Names are split on the raw text, where braces still protect "{Barnes and Noble}".
        middlewares.SeparateCoAuthors(),
        middlewares.SplitNameParts(),
        _latex_decoder(),
    ])


def parse_bibtex(path: str, text: str, declared_tags: Iterable[str]) -> ParsedInput:
    """Entries of a BibTeX file. Blocks the parser could not read become entries with a
    problem, so they are reported at their line like any other rejected entry.

    A second entry under a key already used is an exact copy (the same text but for white
    space), which is skipped with a note, or another entry that happens to reuse the key,
    which is read as an entry of its own.
    """
    library = _parse_library(entities_for_latex(text))
    declared = tuple(declared_tags)
    decoder = _latex_decoder()
    numbered: list[tuple[int, Entry]] = []
    for block in library.entries:
        numbered.append((block.start_line or 0, _bib_entry(path, block, declared, decoder)))
    for block in library.failed_blocks:
        entry = None
        if isinstance(block, DuplicateBlockKeyBlock):
            entry = _repeated_key_entry(path, block, declared, decoder)
        numbered.append((block.start_line or 0, entry or _failed_entry(path, block)))
    numbered.sort(key=lambda pair: pair[0])
    return ParsedInput(path, "bibtex", [entry for _, entry in numbered])


def _entry_label(block) -> str:
    kind = getattr(block, "entry_type", None)
    key = getattr(block, "key", None)
    if kind and key:
        return f"@{kind}{{{key}}}"
    return f"the @{kind} entry without a key" if kind else "the entry"


def _failed_entry(path: str, block: ParsingFailedBlock) -> Entry:
    inner = block.ignore_error_block
    line = (block.start_line if block.start_line is not None
            else getattr(inner, "start_line", 0) or 0) + 1
    label = _entry_label(inner) if inner is not None else _raw_label(block.raw)
    entry = Entry(line=line, label=label)
    if isinstance(block, DuplicateBlockKeyBlock):
        first = block.previous_block.start_line
        where = f" (first used on line {first + 1})" if first is not None else ""
        entry.problems.append(Problem(path, line, "entry",
                                      f"key '{block.key}' is used twice{where}",
                                      "give each entry its own key"))
    elif isinstance(block, DuplicateFieldKeyBlock):
        keys = ", ".join(sorted(block.duplicate_keys))
        entry.problems.append(Problem(path, line, "entry", f"has a field given twice: {keys}",
                                      "keep one of each field"))
    elif isinstance(block, MiddlewareErrorBlock):
        reason = " ".join(str(block.error).split())
        entry.problems.append(Problem(path, line, "entry", f"cannot be decoded: {reason}",
                                      "check the author names and LaTeX commands"))
    else:
        error = block.error
        reason = error.abort_reason if isinstance(error, BlockAbortedException) else str(error)
        reason = " ".join(reason.split())
        entry.problems.append(Problem(path, line, "entry", f"is not valid BibTeX: {reason}",
                                      "check the braces, quotes and commas of this entry"))
    return entry


def _same_text(one: str | None, other: str | None) -> bool:
    return one is not None and other is not None and one.split() == other.split()


def _repeated_key_entry(path: str, block: DuplicateBlockKeyBlock, declared: tuple[str, ...],
                        decoder: middlewares.LatexDecodingMiddleware) -> Entry | None:
    """The entry of a block whose key an earlier block has, or None when it cannot be read."""
    previous = block.previous_block
    start = block.start_line or 0
    first_line = (previous.start_line or 0) + 1
    if _same_text(block.raw, getattr(previous, "raw", None)):
        entry = Entry(line=start + 1, label=_entry_label(block.ignore_error_block))
        entry.same_as_line = first_line
        return entry
    # Parsed alone, after as many empty lines as precede it, so its lines stay the file's.
    alone = _parse_library("\n" * start + (block.raw or ""))
    if len(alone.entries) != 1 or alone.failed_blocks:
        return None
    entry = _bib_entry(path, alone.entries[0], declared, decoder)
    entry.notes.append(f"key '{block.key}' is also the key of the entry on line {first_line}; "
                       "read as an entry of its own")
    return entry


def _raw_label(raw: str | None) -> str:
    found = re.match(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)", raw or "")
    return f"@{found.group(1)}{{{found.group(2)}}}" if found and found.group(2) else "the entry"


def _plain(text: str) -> str:
    """Text with every run of white space made a single space."""
    return " ".join(text.split())


def _decode_names(names: list[str], decoder: middlewares.LatexDecodingMiddleware) -> list[str]:
    """LaTeX-decode names (the decoding middleware leaves lists of names as they are)."""
    holder = BibEntry("names", "names", [BibField(f"n{i}", n) for i, n in enumerate(names)])
    decoded = decoder.transform_entry(holder, Library())
    if isinstance(decoded, ParsingFailedBlock):
        decoded = decoded.ignore_error_block
    return [str(f.value) for f in decoded.fields]


def _bib_entry(path: str, block: BibEntry, declared: tuple[str, ...],
               decoder: middlewares.LatexDecodingMiddleware) -> Entry:
    line = (block.start_line or 0) + 1
    entry = Entry(line=line, label=_entry_label(block))
    fields = {f.key.lower(): f for f in block.fields}
    text: dict[str, str] = {}
    for key, bib_field in fields.items():
        entry.lines[key] = (bib_field.start_line or block.start_line or 0) + 1
        if not isinstance(bib_field.value, str):
            continue
        text[key] = bib_field.value
        run_on = _RUN_ON_FIELD_RE.search(bib_field.value)
        if run_on:
            entry.problems.append(Problem(
                path, entry.lines[key], key,
                f"runs on into '{run_on.group(1)} =' on a later line",
                f"add the missing comma after the {key} value"))
        elif key in _READ_FIELDS and bib_field.enclosing == "no-enclosing":
            # The parser marks a bare value it could not resolve: a macro no @string
            # defines, or a '#' concatenation (which it does not join).
            entry.problems.append(_unresolved(path, entry.lines[key], key, bib_field.value))

    def state(name: str, value: object, source: str) -> None:
        entry.values[name] = value
        entry.lines[name] = entry.lines.get(source, line)

    used: set[str] = set()
    title = _plain(plain_text(text.get("title", "")))
    if title:
        used.add("title")
        state("title", title, "title")
    else:
        entry.problems.append(Problem(path, entry.lines.get("title", line), "title",
                                      "is missing" if "title" not in text else "is blank",
                                      f"give {entry.label} a title"))

    if "author" in fields and isinstance(fields["author"].value, list):
        names = []
        for parts in fields["author"].value:
            if parts.last == ["others"] and not (parts.first or parts.von or parts.jr):
                entry.notes.append("authors: 'and others' left out (the list is incomplete)")
                continue
            names.append(parts.merge_first_name_first)
        authors = [_plain(name) for name in _decode_names(names, decoder)]
        if authors := [name for name in authors if name]:
            state("authors", authors, "author")
            used.add("author")

    used |= _published(entry, text)

    doi = _DOI_PREFIX_RE.sub("", text.get("doi", "").strip())
    if doi:
        state("doi", doi, "doi")
        used.add("doi")

    url = _plain(text.get("url", ""))
    url_source = "url"
    if not url and URL_RE.match(_plain(text.get("howpublished", ""))):
        url, url_source = _plain(text["howpublished"]), "howpublished"
    if url:
        state("url", url, url_source)
        used.add(url_source)

    arxiv = _bib_arxiv(text, url, doi)
    if arxiv:
        state("arxiv", arxiv[0], arxiv[1])
        used.add(arxiv[1])
        if arxiv[1] == "eprint":
            used |= {"archiveprefix", "eprinttype"}
        if arxiv[1] == "volume":
            used.add("journal")

    # Links that personal-site BibTeX (al-folio and its kin) gives as fields of their own.
    for name, sources in _LINK_FIELDS.items():
        for source in sources:
            link = _plain(text.get(source, ""))
            if link and URL_RE.match(link) and name not in entry.values:
                state(name, link, source)
                used.add(source)
                break

    for name in _VENUE_FIELDS + (_INSTITUTION_FIELDS.get(block.entry_type.lower(), ""),):
        venue = _plain(plain_text(text.get(name, ""))) if name else ""
        if not venue:
            continue
        if _names_only_arxiv(venue):
            # "arXiv preprint arXiv:1809.10341", "CoRR": the arXiv id says it; no venue.
            if name == "journal" and arxiv is None:
                entry.notes.append(f"{name} '{venue}' names arXiv but no identifier; "
                                   "venue left out")
            used.add(name)
            continue
        state("venue", venue, name)
        used.add(name)
        break

    abstract = paragraphs(plain_text(text.get("abstract", "")))
    if abstract:
        entry.body = abstract
        entry.lines["body"] = entry.lines["abstract"]
        used.add("abstract")

    keywords = [k.strip() for k in re.split(r"[,;]", text.get("keywords", "")) if k.strip()]
    tags, unmatched = match_tags(keywords, declared)
    entry.tags = tags
    if tags:
        entry.lines["tags"] = entry.lines["keywords"]
    if unmatched:
        entry.notes.append("keywords matching no declared tag: " + ", ".join(unmatched))
    used.add("keywords")
    entry.unmapped = [key for key in fields if key not in used]
    return entry


def _names_only_arxiv(venue: str) -> bool:
    """Whether a journal or booktitle only says the paper is on arXiv."""
    rest = _ARXIV_VENUE_WORDS_RE.sub(" ", venue)
    return not re.sub(r"[\s:;,./()\-]+", "", rest) and bool(
        re.search(r"arxiv|corr", venue, re.IGNORECASE))


def _unresolved(path: str, line: int, key: str, value: str) -> Problem:
    if "#" in value:
        return Problem(path, line, key, f"joins parts with '#': {_plain(value)}",
                       "write the whole value in braces; the importer does not join parts")
    return Problem(path, line, key, f"'{_plain(value)}' is not defined by an @string",
                   "define it with @string, or write the value in braces")


def _bib_arxiv(text: dict[str, str], url: str, doi: str) -> tuple[str, str] | None:
    """The arXiv identifier the entry states, and the field it is in."""
    eprint = _plain(text.get("eprint", ""))
    archive = _plain(text.get("archiveprefix", text.get("eprinttype", ""))).lower()
    if eprint:
        eprint = re.sub(r"^arxiv:\s*", "", eprint, flags=re.IGNORECASE)
        if archive == "arxiv" or (not archive and ARXIV_RE.match(eprint)):
            return eprint, "eprint"
    # al-folio's `arxiv = {2403.15388}` (and `arXiv:ID` or an arXiv URL in that field).
    own = re.sub(r"^arxiv:\s*", "", _plain(text.get("arxiv", "")), flags=re.IGNORECASE)
    if found := _ARXIV_URL_RE.match(own):
        own = found.group(1)
    if ARXIV_RE.match(own):
        return own, "arxiv"
    if found := _ARXIV_URL_RE.match(url):
        return found.group(1), "url"
    if found := ARXIV_DOI_RE.match(doi):
        return found.group(1), "doi"
    for name in _ARXIV_TEXT_FIELDS:
        value = _plain(text.get(name, ""))
        for pattern in _ARXIV_IN_TEXT_RES:
            found = pattern.search(value)
            if found and ARXIV_RE.match(found.group(1)):
                return found.group(1), name
    journal = _plain(text.get("journal", "")).lower()
    if journal in ("corr", "arxiv") and (
            found := _CORR_VOLUME_RE.match(_plain(text.get("volume", "")))):
        return found.group(1), "volume"
    return None


def _published(entry: Entry, text: dict[str, str]) -> set[str]:
    """`published` from `date`, or from `year` (with `month` and `day` when all are given).

    Only a full date or a year is kept: a month without a day is not a `published` value.
    """
    if date := _plain(text.get("date", "")):
        start = date.split("/")[0]
        found = _BIB_DATE_RE.match(start)
        if found:
            value = start if found.group(3) and iso_date(start) is not None else found.group(1)
            entry.values["published"] = value
            entry.lines["published"] = entry.lines["date"]
            return {"date", "year", "month", "day"} if value == start else {"date"}
        entry.notes.append(f"date '{date}' is not a YYYY-MM-DD date; published left out")
    year = _plain(text.get("year", ""))
    if not year:
        return set()
    if not YEAR_RE.match(year):
        entry.notes.append(f"year '{year}' is not a year; published left out")
        return set()
    month = _MONTHS.get(_plain(text.get("month", "")).lower().rstrip("."))
    if month is None and _plain(text.get("month", "")).isdigit():
        month = int(_plain(text["month"]))
    day = _plain(text.get("day", ""))
    value = year
    if month and day.isdigit():
        full = f"{year}-{month:02d}-{int(day):02d}"
        if iso_date(full) is not None:
            value = full
        else:
            entry.notes.append(f"{full} is not a real date; published is the year only")
    entry.values["published"] = value
    entry.lines["published"] = entry.lines["year"]
    return {"year", "month", "day"} if value != year else {"year"}


def match_tags(keywords: Iterable[str], declared: Iterable[str]) -> tuple[list[str], list[str]]:
    """The declared tags that keywords name, and the keywords that name none.

    A keyword names a tag when its slug is the tag ("Hard Negatives" -> hard-negatives),
    allowing a plural "s" either way ("diffusion model" -> diffusion-models).
    """
    declared = tuple(declared)
    tags: list[str] = []
    unmatched: list[str] = []
    for keyword in keywords:
        slug = slugify(keyword)
        for candidate in (slug, slug + "s", slug.removesuffix("s")):
            if candidate and candidate in declared:
                if candidate not in tags:
                    tags.append(candidate)
                break
        else:
            unmatched.append(keyword)
    return tags, unmatched


# --- daily-papers listings -------------------------------------------------------------

# Braces are not allowed in URLs; stopping at them drops template leftovers like "{url}".
_URL_IN_TEXT_RE = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_TRAILING_PUNCTUATION = ".,;:!?'\""
_LINK_WORDS = {
    "code": re.compile(r"\bcode\b|\bimplementation\b", re.IGNORECASE),
    "project": re.compile(r"\bproject\b", re.IGNORECASE),
    "data": re.compile(r"\bdata(?:sets?)?\b", re.IGNORECASE),
}


@dataclass
class _Block:
    line: int  # 1-based line of its first line
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            current = None
            continue
        if current is None:
            current = _Block(number, [])
            blocks.append(current)
        current.lines.append(line)
    return blocks


def _is_title(block: _Block) -> bool:
    return len(block.lines) == 1 and len(block.lines[0].strip()) <= MAX_TITLE_CHARS


def _is_abstract(block: _Block, title: _Block) -> bool:
    text = block.text.strip()
    return len(text) >= MIN_ABSTRACT_CHARS and len(text) > len(title.text.strip())


def parse_listing(path: str, text: str) -> ParsedInput:
    """Entries of a daily-papers listing: each a title line followed by an abstract
    paragraph. Blocks that are not part of such a pair are passed over, with a note."""
    blocks = _blocks(text)
    entries: list[Entry] = []
    notes: list[tuple[int, str]] = []
    skipped: list[_Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if _is_title(block) and following is not None and _is_abstract(following, block):
            entries.append(_listing_entry(block, following))
            i += 2
            continue
        skipped.append(block)
        i += 1
    before_first = [b for b in skipped if not entries or b.line < entries[0].line]
    if before_first:
        count = sum(len(b.lines) for b in before_first)
        notes.append((before_first[0].line,
                      f"passed over {count} line{'s' * (count != 1)} before the first paper "
                      "(page header)"))
    for block in skipped:
        if block in before_first:
            continue
        shown = block.lines[0].strip()
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        notes.append((block.line, f"passed over '{shown}': not a title line followed by an "
                                  "abstract paragraph"))
    return ParsedInput(path, "listing", entries, notes)


def _listing_entry(title_block: _Block, abstract_block: _Block) -> Entry:
    title = title_block.lines[0].strip()
    shown = title if len(title) <= 60 else title[:57] + "..."
    entry = Entry(line=title_block.line, label=f"'{shown}'", body=abstract_block.text)
    entry.values["title"] = title
    entry.lines.update(title=title_block.line, body=abstract_block.line)
    links, unnamed = abstract_links(abstract_block.text)
    for name, url in links.items():
        entry.values[name] = url
        entry.lines[name] = abstract_block.line
    for url in unnamed:
        entry.notes.append(f"link {url} left out: the abstract does not say what it is")
    return entry


def abstract_links(text: str) -> tuple[dict[str, str], list[str]]:
    """The code, project and data links an abstract names, and the URLs it names as none.

    A URL is a code link when its sentence, up to the URL (and after any earlier URL),
    speaks of code; likewise "project" and "data"/"dataset". A sentence may name a URL as
    more than one ("the dataset and code can be found at ..."). With no such word, a URL
    whose path has a `datasets` segment is a data link. The first URL of each kind wins.
    """
    links: dict[str, str] = {}
    unnamed: list[str] = []
    previous_end = 0
    for found in _URL_IN_TEXT_RE.finditer(text):
        url = url_in_prose(found.group(0), _TRAILING_PUNCTUATION)
        before = text[previous_end:found.start()]
        previous_end = found.end()
        sentence = re.split(r"[.!?]\s", before)[-1]
        if not URL_RE.match(url):
            continue
        kinds = [kind for kind, words in _LINK_WORDS.items() if words.search(sentence)]
        if not kinds and "/datasets/" in url + "/":
            kinds = ["data"]
        if not kinds:
            unnamed.append(url)
        for kind in kinds:
            links.setdefault(kind, url)
    return links, unnamed


# --- planning the files ----------------------------------------------------------------


@dataclass
class Outcome:
    """What happens to one entry: written to `path`, skipped as `duplicate`, or rejected."""

    entry: Entry
    path: Path | None = None
    text: str | None = None
    paper: Paper | None = None
    duplicate: str | None = None  # why it is skipped: "same DOI as papers/x.md (...)"
    problems: list[Problem] = field(default_factory=list)
    # Written, but worth a look: a nearly identical title (as `site-builder new` warns).
    warnings: list[Problem] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problems:
            return "rejected"
        if self.duplicate:
            return "existing"
        return "written"


@dataclass
class ImportOptions:
    """What the user chose: tags for entries that map to none, the `added` date, and the
    schema URL written into each file's comment."""

    added: dt.date
    default_tags: tuple[str, ...] = ()
    schema_url: str | None = None
    today: dt.date | None = None  # the validator's "today"; latest_today() when None


def plan_import(parsed: ParsedInput, papers_dir: Path, taxonomy: Taxonomy,
                existing: Iterable[Paper], options: ImportOptions,
                progress: Callable[[Iterable[Entry]], Iterable[Entry]] = lambda it: it,
                ) -> list[Outcome]:
    """Decide, entry by entry and in input order, what to write, skip or reject.

    `existing` are the list's valid papers, for the duplicate rules of `site-builder check`;
    an entry written earlier in the same run counts as existing for later ones, so the first
    copy in the input wins. Slugs already taken on disk (or earlier in the run) get a `-2`,
    `-3` ... suffix. Each text is validated exactly as `check` would read the file.
    """
    index = DuplicateIndex(existing)
    planned: dict[Path, Entry] = {}  # files planned in this run, and the entry of each
    taken: set[str] = set()  # their slugs
    today = options.today or latest_today()
    outcomes = []
    for entry in progress(parsed.entries):
        outcome = Outcome(entry)
        outcomes.append(outcome)
        if entry.same_as_line is not None:
            outcome.duplicate = f"the same entry as line {entry.same_as_line} of this input"
            continue
        if entry.problems:
            outcome.problems = list(entry.problems)
            continue
        match = index.find(entry.title, _str(entry.values.get("arxiv")),
                           _str(entry.values.get("doi")))
        if match is not None:
            earlier = planned.get(match.paper.path)
            where = (f"line {earlier.line} of this input" if earlier is not None
                     else display_path(match.paper.path))
            if match.what == NEARLY_SAME_TITLE:
                # Two papers may have alike titles: written, with a warning (as `new` does).
                outcome.warnings.append(Problem(
                    parsed.path, entry.line_of("title"), "title", f"{match.what} as {where}",
                    f"'{match.paper.title}'; if they are different papers, give each its "
                    "arxiv or doi; if not, delete the new file", "warning"))
            else:
                outcome.duplicate = f"{match.what} as {where}" + (
                    f" ({match.detail})" if match.detail else "")
                continue
        tags = entry.tags or list(options.default_tags)
        if not tags:
            if parsed.format == "listing":
                message = "none given (a listing has no keywords)"
            elif "keywords" in entry.lines:
                message = "no keyword is a declared tag"
            else:
                message = "none given (the entry has no keywords)"
            outcome.problems.append(Problem(parsed.path, entry.line_of("keywords"), "tags",
                                            message, "give tags with --tags a,b"))
            continue
        slug = _free_slug(entry.title or "", papers_dir, taken)
        if slug is None:
            outcome.problems.append(Problem(
                parsed.path, entry.line_of("title"), "title",
                "gives no file name: it has no Latin letters or digits",
                "add this paper with site-builder new --slug"))
            continue
        values = dict(entry.values, tags=tags, added=options.added)
        path = papers_dir / f"{slug}.md"
        text = paper_file_text(values, entry.body, options.schema_url)
        paper, problems = check_paper_text(path, text, taxonomy, today)
        if paper is None:
            outcome.problems = [_input_problem(parsed.path, entry, p) for p in problems]
            continue
        planned[path] = entry
        taken.add(slug)
        index.add(paper)
        outcome.path, outcome.text, outcome.paper = path, text, paper
    return outcomes


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _free_slug(title: str, papers_dir: Path, taken: set[str]) -> str | None:
    """The title's slug, with the first free `-N` suffix if a file or this run has it."""
    base = slugify(title)
    if not base:
        return None
    number = 1
    slug = base
    while slug in taken or slug in RESERVED_SLUGS or (papers_dir / f"{slug}.md").exists():
        number += 1
        suffix = f"-{number}"
        slug = slugify(title, SLUG_MAX_LENGTH - len(suffix)) + suffix
    return slug


def _input_problem(path: str, entry: Entry, problem: Problem) -> Problem:
    """A validator's problem with the file it would write, placed at the input's line."""
    name = "title" if problem.field == "slug" else problem.field  # the slug comes from it
    return Problem(path, entry.line_of(name), problem.field, problem.message, problem.hint,
                   problem.severity)
