"""Dead external links: every address a paper's page links to, asked whether it still answers.

`paper_links` lists the addresses the site shows for a paper (`url`, `pdf`, `code`,
`project`, `data`, the arXiv and DOI pages its `arxiv` and `doi` link to, and the web
addresses written in its abstract and notes, which the site makes links), each with the
file, line and field (`body` for the text) it comes from. `check_links` asks each distinct address once:

- `HEAD` first; `GET` when the server refuses `HEAD` (405 or 501), reading no body;
- redirects are followed (at most `MAX_REDIRECTS`); when one of them is permanent (301 or
  308) the link is reported as a warning with the address it moved to;
- at most `PER_HOST` requests at a time to one host, `WORKERS` in all (threads);
- every request has a timeout; a host that does not answer in time is a dead link.

Answers are kept in a cache file (`.cache/site-builder/links.json` by default) for
`CACHE_MAX_AGE`, so a second run within a day asks nothing again.

What is reported (`link_problems`), at the line of the field that gives the address:

- HTTP 404, 410, any other 4xx but 401/403/429, any 5xx, no answer, a connection that
  fails: errors, e.g. `papers/x.md:9: code: https://example.org/gone is dead (HTTP 404)`;
- 401, 403 and 429: warnings: the server answered but refuses automated requests, so only a
  person with a browser can tell;
- a permanent redirect: a warning naming the new address.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from .fields import URL_RE, link_urls
from .loading import display_path
from .markup import url_in_prose
from .model import Paper, Problem, Severity

DEFAULT_CACHE = Path(".cache") / "site-builder" / "links.json"
CACHE_MAX_AGE = dt.timedelta(days=1)
DEFAULT_TIMEOUT = 10.0  # seconds, per request
WORKERS = 16
PER_HOST = 2
MAX_REDIRECTS = 10
USER_AGENT = "site-builder-link-check/1 (reading list link checker)"
_REFUSED_HEAD = (405, 501)
_PERMANENT = (301, 308)
_REDIRECTS = (301, 302, 303, 307, 308)
_REFUSES_ROBOTS = (401, 403, 429)


@dataclass(frozen=True)
class LinkUse:
    """One address as a paper shows it: the file, line and field it comes from."""

    url: str
    path: str
    line: int
    field: str


@dataclass(frozen=True)
class LinkResult:
    """What asking one address gave.

    `status` is the final HTTP status (0 when there was no answer, with `error` saying why);
    `final` the address after redirects; `moved` the address a permanent redirect gave (the
    first permanent hop's target, followed through any further redirects).
    """

    url: str
    status: int
    final: str
    moved: str | None = None
    moved_status: int = 0  # 301 or 308 when `moved` is set
    error: str | None = None
    checked: str = ""  # ISO time of the check, UTC

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


def paper_links(paper: Paper) -> list[LinkUse]:
    """Every external address `paper`'s page links to, as the site writes it."""
    where = display_path(paper.path)
    uses = [LinkUse(url, where, paper.line_of(name), name)
            for name, url in link_urls(paper).items() if url]
    return uses + body_links(paper, where)


# A web address in prose: up to white space, quotes, angle brackets or braces.
_URL_IN_TEXT_RE = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_TRAILING = ".,;:!?'\"*_"  # sentence punctuation, and Markdown emphasis around a link
_FRONT_MATTER_RE = re.compile(r"---[ \t]*\n.*?\n---[ \t]*(?:\n|$)", re.S)


def body_links(paper: Paper, where: str | None = None) -> list[LinkUse]:
    """The web addresses in a paper's abstract and notes, at their line in the file."""
    if "://" not in paper.body:
        return []
    where = where or display_path(paper.path)
    try:
        text = paper.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeError):
        text = ""
    front_matter = _FRONT_MATTER_RE.match(text)
    cursor = front_matter.end() if front_matter else 0
    uses = []
    for found in _URL_IN_TEXT_RE.finditer(paper.body):
        url = url_in_prose(found.group(0), _TRAILING)
        if not URL_RE.match(url):
            continue
        at = text.find(url, cursor)
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        cursor = at + len(url) if at >= 0 else cursor
        uses.append(LinkUse(url, where, line, "body"))
    return uses


def all_links(papers: Iterable[Paper]) -> list[LinkUse]:
    return [use for paper in papers for use in paper_links(paper)]


# --- asking ------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers, so each hop can be looked at."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _one_request(url: str, method: str, timeout: float) -> tuple[int, str | None]:
    """(status, Location header) of one request; raises OSError when there is no answer."""
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:  # 4xx, 5xx and the redirects not followed
        with error:
            return error.code, error.headers.get("Location") if error.headers else None


def _describe(error: BaseException, timeout: float) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "the host name is not known"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(error, http.client.HTTPException):
        return f"not a valid HTTP answer ({type(error).__name__})"
    text = str(reason).strip() or type(reason).__name__
    return f"cannot connect: {text}"


def ask(url: str, timeout: float = DEFAULT_TIMEOUT,
        request: Callable[[str, str, float], tuple[int, str | None]] = _one_request,
        ) -> LinkResult:
    """Ask `url` (HEAD, else GET) and follow its redirects."""
    current, moved, moved_status, seen = url, None, 0, set()
    checked = _now().isoformat(timespec="seconds")
    for _ in range(MAX_REDIRECTS + 1):
        seen.add(current)
        try:
            status, location = request(current, "HEAD", timeout)
            if status in _REFUSED_HEAD:
                status, location = request(current, "GET", timeout)
        except (OSError, http.client.HTTPException, ValueError) as error:
            return LinkResult(url, 0, current, moved, moved_status, _describe(error, timeout),
                              checked)
        if status not in _REDIRECTS or not location:
            return LinkResult(url, status, current, moved, moved_status, None, checked)
        target = urllib.parse.urljoin(current, location)
        if status in _PERMANENT and moved is None:
            moved, moved_status = target, status
        if target in seen:
            return LinkResult(url, 0, current, moved, moved_status, "redirects in a loop",
                              checked)
        current = target
    return LinkResult(url, 0, current, moved, moved_status,
                      f"more than {MAX_REDIRECTS} redirects", checked)


# --- the cache ---------------------------------------------------------------------------


def load_cache(path: Path | None, max_age: dt.timedelta = CACHE_MAX_AGE,
               now: dt.datetime | None = None) -> dict[str, LinkResult]:
    """The cached answers younger than `max_age`; nothing when the file is missing or
    unreadable (the cache is only ever a saving)."""
    if path is None:
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        rows = raw["links"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    now = now or _now()
    fresh: dict[str, LinkResult] = {}
    for row in rows if isinstance(rows, list) else ():
        try:
            result = LinkResult(**row)
            age = now - dt.datetime.fromisoformat(result.checked)
        except (TypeError, ValueError):
            continue
        if dt.timedelta(0) <= age <= max_age:
            fresh[result.url] = result
    return fresh


def save_cache(path: Path | None, results: Iterable[LinkResult]) -> None:
    if path is None:
        return
    rows = sorted((asdict(r) for r in results), key=lambda row: row["url"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps({"version": 1, "links": rows}, indent=1) + "\n",
                             encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written costs time next run, nothing else


# --- checking ----------------------------------------------------------------------------


def _host(url: str) -> str:
    return (urllib.parse.urlsplit(url).netloc or url).lower()


def check_links(urls: Iterable[str], *, timeout: float = DEFAULT_TIMEOUT,
                cache_path: Path | None = DEFAULT_CACHE, workers: int = WORKERS,
                per_host: int = PER_HOST, refresh: bool = False,
                request: Callable[[str, str, float], tuple[int, str | None]] = _one_request,
                ) -> dict[str, LinkResult]:
    """The answer for every distinct address, from the cache where it is fresh.

    At most `per_host` requests run at once against one host (the first host asked: a
    redirect to another host is still counted against the first), `workers` in all.
    With `refresh`, every address is asked again (and the answers saved).
    """
    wanted = list(dict.fromkeys(urls))
    cached = load_cache(cache_path)
    results = {} if refresh else {url: cached[url] for url in wanted if url in cached}
    to_ask = [url for url in wanted if url not in results]
    limits: dict[str, threading.BoundedSemaphore] = {}
    for url in to_ask:
        limits.setdefault(_host(url), threading.BoundedSemaphore(per_host))

    def run(url: str) -> LinkResult:
        with limits[_host(url)]:
            return ask(url, timeout, request)

    if to_ask:
        # Interleave hosts, so the pool's threads do not all wait on one host's limit.
        by_host: dict[str, list[str]] = {}
        for url in to_ask:
            by_host.setdefault(_host(url), []).append(url)
        order = [url for round_ in _zip_longest(by_host.values()) for url in round_]
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(order)))) as pool:
            for result in pool.map(run, order):
                results[result.url] = result
        cached.update({url: results[url] for url in to_ask})
        save_cache(cache_path, cached.values())
    return {url: results[url] for url in wanted}


def _zip_longest(lists: Iterable[list[str]]) -> list[list[str]]:
    lists = list(lists)
    rounds = max((len(items) for items in lists), default=0)
    return [[items[i] for items in lists if i < len(items)] for i in range(rounds)]


def link_problems(uses: Iterable[LinkUse], results: dict[str, LinkResult]) -> list[Problem]:
    """One problem per use of an address that is dead, refuses checks or has moved."""
    problems = []
    for use in uses:
        result = results[use.url]
        problem = _problem(use, result)
        if problem is not None:
            problems.append(problem)
    return problems


def _problem(use: LinkUse, result: LinkResult) -> Problem | None:
    def make(message: str, hint: str, severity: Severity = "error") -> Problem:
        return Problem(use.path, use.line, use.field, message, hint, severity)

    if result.error:
        return make(f"{use.url} is dead", result.error)
    if result.status in _REFUSES_ROBOTS:
        return make(f"{use.url} refused the link check", f"HTTP {result.status}; open it in a "
                    "browser to see whether it still works", "warning")
    if result.status >= 400 or result.status < 200:
        return make(f"{use.url} is dead", f"HTTP {result.status}")
    if result.moved:
        if use.field in ("arxiv", "doi"):
            return None  # addresses the site makes itself: nothing for the file to change
        return make(f"{use.url} has moved permanently to {result.moved}",
                    f"HTTP {result.moved_status}; write the new address", "warning")
    return None
