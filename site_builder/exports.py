"""Every paper's metadata as data: `/papers.json` and `/papers.bib`.

`papers.json` is documented for its readers in `docs/data.md`. In short: an object with
`version` (1), `updated` (the newest `added` date, so the same papers always give the same
file: no build time in it) and `papers`, newest addition first. Each paper has every field
of its file under the file's own name, always present: text and dates as strings, `null`
when the file leaves the field out, `tags` and `authors` as lists (`authors` empty when
unknown). Then `body` (the Markdown after the front matter, as written: the abstract,
then the curator's notes), `page` (the paper's page: site-relative, or absolute when the
site's URL is known) and `bibtex_key` (its key in `papers.bib`).

Version rule: adding a field keeps `version` 1; renaming or removing a field, or changing
a field's type or meaning, makes it 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .bibtex import bibtex_file, citation_keys
from .feeds import site_base
from .grouping import newest_first
from .model import Paper, ReadingList
from .urls import paper_uri, url_of

JSON_PATH = "papers.json"
BIB_PATH = "papers.bib"
JSON_VERSION = 1
# The front-matter fields, in the order a paper file gives them.
TEXT_FIELDS = ("published", "venue", "arxiv", "doi", "url", "pdf", "code", "project", "data")


def page_url(slug: str, site_url: str | None = None, directory_urls: bool = True) -> str:
    """A paper's page: site-relative (`papers/<slug>/`), or absolute given `site_url`."""
    url = url_of(paper_uri(slug), directory_urls)
    return site_base(site_url) + url if site_url else url


def paper_record(paper: Paper, *, page: str, bibtex_key: str) -> dict[str, Any]:
    """One paper as a JSON object: every field, absent ones as `null`."""
    record: dict[str, Any] = {
        "slug": paper.slug,
        "title": paper.title,
        "tags": list(paper.tags),
        "added": paper.added.isoformat(),
        "authors": list(paper.authors),
    }
    record.update({name: getattr(paper, name) for name in TEXT_FIELDS})
    record.update(body=paper.body, page=page, bibtex_key=bibtex_key)
    return record


def papers_json(reading_list: ReadingList, *, site_url: str | None = None,
                directory_urls: bool = True, keys: dict[str, str] | None = None) -> str:
    """`papers.json`: every paper, newest addition first (format in `docs/data.md`)."""
    keys = keys if keys is not None else citation_keys(reading_list.papers)
    papers = newest_first(reading_list.papers)
    data = {
        "version": JSON_VERSION,
        "updated": papers[0].added.isoformat() if papers else None,
        "papers": [paper_record(p, page=page_url(p.slug, site_url, directory_urls),
                                bibtex_key=keys[p.slug]) for p in papers],
    }
    # Compact: json's C encoder writes it, where indenting takes its slow Python one.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def papers_bib(reading_list: ReadingList, keys: dict[str, str] | None = None,
               entry: Callable[[Paper, str], str] | None = None) -> str:
    """`papers.bib`: every paper's BibTeX entry, in slug order."""
    keys = keys if keys is not None else citation_keys(reading_list.papers)
    return bibtex_file(reading_list.papers, keys, entry)
