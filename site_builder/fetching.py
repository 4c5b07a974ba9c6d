"""Fetch a paper's metadata from the arXiv API or Crossref, for `site-builder new --fetch`.

`fetch_arxiv` and `fetch_crossref` ask one service and return a plain `Fetched` record;
every failure (no network, a timeout, an HTTP error, an unknown identifier, an answer that
is not what the service sends) is a `FetchError` whose message is one line for a person.

Fetched text is data: LaTeX accents are decoded to Unicode, markup (JATS, MathML, HTML) is
removed, math is kept as `$...$`, and white space is normalised. Nothing is guessed: a
field the service does not state is left out.
"""

from __future__ import annotations

import functools
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .checks import ARXIV_DOI_RE, ARXIV_VERSION_RE
from .fields import ARXIV_RE, DOI_RE
from .markup import paragraphs, plain_text

DEFAULT_ARXIV_API = "https://export.arxiv.org"
DEFAULT_CROSSREF_API = "https://api.crossref.org"
ARXIV_API_ENV = "ARXIV_API_URL"
CROSSREF_API_ENV = "CROSSREF_API_URL"
DEFAULT_TIMEOUT = 20.0
MAX_RESPONSE_BYTES = 5 * 1024 * 1024
USER_AGENT = "site-builder (reading list; new --fetch)"

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


class FetchError(Exception):
    """Why nothing could be fetched, as one line a contributor can act on."""


@dataclass
class Fetched:
    """What a service states about a paper; empty values were not stated."""

    source: str  # "arXiv" or "Crossref"
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    published: str = ""  # YYYY-MM-DD, or a year when only the year is known
    venue: str = ""
    doi: str = ""
    arxiv: str = ""  # without a version: the paper, not one revision of it

    def values(self) -> dict[str, object]:
        """The front-matter fields this record fills (those it has)."""
        values: dict[str, object] = {"title": self.title, "authors": list(self.authors),
                                     "published": self.published, "venue": self.venue,
                                     "doi": self.doi, "arxiv": self.arxiv}
        return {name: value for name, value in values.items() if value}


# --- what the contributor typed -----------------------------------------------------------


def parse_identifier(text: str) -> tuple[str, str]:
    """("arxiv", id) or ("doi", doi) from what a contributor pastes; ValueError otherwise.

    Accepts an arXiv identifier (new or old style, optional version, optional `arXiv:`
    prefix), an arxiv.org abs/pdf URL, a DOI (optional `doi:` prefix) or a doi.org URL.
    An arXiv DOI (10.48550/arXiv.ID) is read as the arXiv id, whose metadata arXiv holds.
    """
    raw = text.strip()
    candidate = re.sub(r"^arxiv:\s*", "", raw, flags=re.IGNORECASE)
    found = re.match(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)"
                     r"(?:\.pdf)?/?(?:[?#].*)?$", candidate, re.IGNORECASE)
    if found:
        candidate = found.group(1)
    if ARXIV_RE.match(candidate):
        return "arxiv", candidate
    doi = re.sub(r"^doi:\s*", "", raw, flags=re.IGNORECASE)
    found = re.match(r"^(?:https?://)?(?:dx\.)?doi\.org/(.+)$", doi, re.IGNORECASE)
    if found:
        doi = urllib.parse.unquote(found.group(1))
    if DOI_RE.match(doi):
        # A DOI arXiv registers for its own paper: the metadata is arXiv's.
        arxiv_doi = ARXIV_DOI_RE.match(doi)
        if arxiv_doi and ARXIV_RE.match(arxiv_doi.group(1)):
            return "arxiv", arxiv_doi.group(1)
        return "doi", doi
    raise ValueError(f"'{raw}' is neither an arXiv identifier nor a DOI")


def without_version(arxiv_id: str) -> str:
    return ARXIV_VERSION_RE.sub("", arxiv_id)


# --- asking a service ---------------------------------------------------------------------


def _get(url: str, service: str, timeout: float, not_found: str | None = None) -> bytes:
    """The body of a 200 answer to GET `url`; a FetchError for anything else."""
    host = urllib.parse.urlsplit(url).netloc or url
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        if error.code == 404 and not_found:
            raise FetchError(not_found) from None
        reason = f" {error.reason}" if error.reason else ""
        hint = "try again later" if error.code in (429, 500, 502, 503, 504) else \
            f"check --{service.lower()}-api and the identifier"
        raise FetchError(f"{service} answered HTTP {error.code}{reason} ({hint})") from None
    except (TimeoutError, socket.timeout):
        raise FetchError(f"{service} ({host}) did not answer within {timeout:g} s "
                         "(try again later, or give a longer --timeout)") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise FetchError(f"{service} ({host}) did not answer within {timeout:g} s "
                             "(try again later, or give a longer --timeout)") from None
        if isinstance(reason, socket.gaierror):
            what = f"the host name {urllib.parse.urlsplit(url).hostname} cannot be resolved"
        elif isinstance(reason, ConnectionRefusedError):
            what = "the connection was refused"
        else:
            what = str(getattr(reason, "strerror", None) or reason)
        raise FetchError(f"cannot reach {service} ({host}): {what} "
                         "(check the network connection, or fill the fields by hand)") from None
    except (OSError, ValueError) as error:  # a reset connection, a URL urllib cannot use
        raise FetchError(f"cannot reach {service} ({host}): {error} "
                         "(check the network connection, or fill the fields by hand)") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise FetchError(f"the answer from {service} is over {MAX_RESPONSE_BYTES // 2**20} MiB, "
                         "not a paper's record (check the service URL)")
    return body


def arxiv_query_url(arxiv_id: str, base: str = DEFAULT_ARXIV_API) -> str:
    return f"{base.rstrip('/')}/api/query?id_list={urllib.parse.quote(arxiv_id, safe='/.')}"


def crossref_work_url(doi: str, base: str = DEFAULT_CROSSREF_API) -> str:
    return f"{base.rstrip('/')}/works/{urllib.parse.quote(doi, safe='/.()_-;:')}"


def fetch_arxiv(arxiv_id: str, base: str = DEFAULT_ARXIV_API,
                timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """The paper `arxiv_id` (any version) as the arXiv API describes it."""
    paper_id = without_version(arxiv_id)
    body = _get(arxiv_query_url(paper_id, base), "arXiv", timeout)
    return parse_arxiv_feed(body, paper_id)


def fetch_crossref(doi: str, base: str = DEFAULT_CROSSREF_API,
                   timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """The work `doi` as Crossref describes it."""
    body = _get(crossref_work_url(doi, base), "Crossref", timeout,
                not_found=f"Crossref has no record of the DOI {doi} (check it; a DOI "
                          "registered elsewhere, such as DataCite, is not in Crossref)")
    return parse_crossref_work(body, doi)


# --- arXiv's Atom feed --------------------------------------------------------------------


def _malformed(service: str, why: str) -> FetchError:
    return FetchError(f"the answer from {service} is not a paper's record: {why} "
                      "(check the service URL, or try again later)")


def parse_arxiv_feed(body: bytes, arxiv_id: str) -> Fetched:
    """The record of `arxiv_id` in an arXiv API answer (an Atom feed)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise _malformed("arXiv", f"not XML ({error})") from None
    if root.tag != f"{_ATOM}feed":
        raise _malformed("arXiv", "not an Atom feed")
    entries = root.findall(f"{_ATOM}entry")
    for entry in entries:
        entry_id = (entry.findtext(f"{_ATOM}id") or "").strip()
        if "/api/errors" in entry_id:  # arXiv answers a bad request with 200 and this entry
            summary = clean_line(entry.findtext(f"{_ATOM}summary") or "", markup=False)
            summary = summary or "an error"
            raise FetchError(f"arXiv refused the identifier {arxiv_id}: {summary} "
                             "(check the identifier)")
    wanted = [e for e in entries
              if without_version(_id_from_abs_url(e.findtext(f"{_ATOM}id") or "")) == arxiv_id]
    if not wanted:
        raise FetchError(f"arXiv has no paper {arxiv_id} (check the identifier)")
    entry = wanted[0]
    title = clean_line(entry.findtext(f"{_ATOM}title") or "", markup=False)
    if not title:  # what arXiv once sent for an identifier it does not have
        raise FetchError(f"arXiv has no paper {arxiv_id} (check the identifier)")
    authors = [clean_line(a.findtext(f"{_ATOM}name") or "", markup=False)
               for a in entry.findall(f"{_ATOM}author")]
    published = (entry.findtext(f"{_ATOM}published") or "").strip()
    date = re.match(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})", published)
    doi = clean_line(entry.findtext(f"{_ARXIV}doi") or "", markup=False)
    return Fetched(
        source="arXiv", title=title, authors=[a for a in authors if a],
        abstract=clean_paragraphs(entry.findtext(f"{_ATOM}summary") or "", markup=False),
        published=date.group(1) if date else "",
        venue=clean_line(entry.findtext(f"{_ARXIV}journal_ref") or "", markup=False),
        doi=doi.split()[0] if doi and DOI_RE.match(doi.split()[0]) else "",
        arxiv=arxiv_id,
    )


def _id_from_abs_url(url: str) -> str:
    found = re.search(r"arxiv\.org/abs/(.+)$", url.strip())
    return found.group(1) if found else ""


# --- Crossref's JSON ----------------------------------------------------------------------


def parse_crossref_work(body: bytes, doi: str) -> Fetched:
    """The record of `doi` in a Crossref `GET /works/<doi>` answer."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _malformed("Crossref", f"not JSON ({error})") from None
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict) or data.get("message-type", "work") != "work":
        raise _malformed("Crossref", "no work in it")
    titles = _strings(message.get("title"))
    title = clean_line(titles[0]) if titles else ""
    if not title:
        raise _malformed("Crossref", f"the work {doi} has no title")
    authors = []
    for person in message.get("author") or []:
        if not isinstance(person, dict):
            continue
        name = " ".join(str(person.get(part) or "") for part in ("given", "family")).strip()
        name = clean_line(name or str(person.get("name") or ""))
        if name:
            authors.append(name)
    venues = _strings(message.get("container-title"))
    found_doi = str(message.get("DOI") or doi).strip()
    return Fetched(
        source="Crossref", title=title, authors=authors,
        abstract=clean_paragraphs(str(message.get("abstract") or "")),
        published=_crossref_date(message),
        venue=clean_line(venues[0]) if venues else "",
        doi=found_doi if DOI_RE.match(found_doi) else doi,
    )


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _date_parts(message: dict, key: str) -> list[int]:
    value = message.get(key)
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers = parts[0]
        if numbers and all(isinstance(n, int) for n in numbers) and 1000 <= numbers[0] <= 9999:
            return numbers[:3]
    return []


def _crossref_date(message: dict) -> str:
    """The first publication date Crossref states: YYYY-MM-DD, or only the year.

    `issued` is the earliest of the print and online dates; when it gives only a year (or
    year and month), a full date of the same year and month from the others is taken.
    """
    keys = ("issued", "published", "published-online", "published-print", "posted")
    dates = [parts for key in keys if (parts := _date_parts(message, key))]
    if not dates:
        return ""
    first = dates[0]
    for parts in dates:
        if len(parts) == 3 and parts[: len(first)] == first:
            return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    return str(first[0])


# --- text ---------------------------------------------------------------------------------


@functools.cache
def _latex_decoder():
    # The decoder `import` uses for BibTeX (bibtexparser's LatexDecodingMiddleware is
    # pylatexenc with these settings): accents to Unicode, math kept verbatim.
    import pylatexenc.latex2text as latex2text

    context = latex2text.get_default_latex_context_db()
    context.add_context_category("site-builder-fetch", prepend=True, macros=[
        latex2text.MacroTextSpec("url", simplify_repl="%s")])
    return latex2text.LatexNodes2Text(latex_context=context, keep_braced_groups=False,
                                      math_mode="verbatim")


# Math in running text: $$...$$, $...$, \(...\), \[...\] (not preceded by a backslash).
_MATH_RE = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|\\\(.+?\\\)|\\\[.+?\\\]",
                      re.DOTALL)


def decode_latex(text: str) -> str:
    """LaTeX accents and escapes outside math decoded (\\'e -> é, \\& -> &); math kept
    as `$...$`. Text with no LaTeX command or brace is left exactly as it is, so a plain
    abstract's `--`, `%` and `&` stay as written."""
    pieces: list[str] = []
    last = 0
    for found in _MATH_RE.finditer(text):
        pieces.append(_decode_prose(text[last:found.start()]))
        math = found.group(0)
        if math.startswith(("\\(", "\\[")):
            math = "$" + math[2:-2].strip() + "$"
        pieces.append(math)
        last = found.end()
    pieces.append(_decode_prose(text[last:]))
    return "".join(pieces)


def _decode_prose(text: str) -> str:
    if "\\" not in text and "{" not in text:
        return text
    # Characters TeX would treat as commands in text, kept as the author meant them.
    protected = re.sub(r"(?<!\\)([%&#])", r"\\\1", text)
    try:
        decoded = _latex_decoder().latex_to_text(protected)
    except Exception:  # pylatexenc gives up on some malformed input: keep the text
        return text
    return decoded.replace("\xa0", " ")


def clean_paragraphs(text: str, markup: bool = True) -> str:
    """An abstract as Markdown text: markup removed (when the source is markup, as
    Crossref's is; arXiv's is plain text, where `a<b` is not a tag), LaTeX decoded, each
    paragraph one line."""
    return paragraphs(decode_latex(plain_text(text) if markup else text))


def clean_line(text: str, markup: bool = True) -> str:
    """A title, name or venue: one line, markup removed (see clean_paragraphs), LaTeX decoded."""
    return " ".join(decode_latex(plain_text(text) if markup else text).split())
