"""Where each generated page lives, and relative links between pages.

A page is named by its source path (`papers/<slug>.md`), as a Markdown engine names the
files it builds; its URL follows from that and from whether the engine writes directory
URLs (`papers/<slug>/`, MkDocs' default) or file URLs (`papers/<slug>.html`). Every link
between pages is relative, so the site works from any sub-path and offline.
"""

from __future__ import annotations

HOME = "index.md"
PAPERS_INDEX = "papers/index.md"
TAGS_INDEX = "tags/index.md"
THEMES_INDEX = "themes/index.md"
ARCHIVE_INDEX = "archive/index.md"
STATS_PAGE = "stats/index.md"


def paper_uri(slug: str) -> str:
    """The source path of a paper's page."""
    return f"papers/{slug}.md"


def tag_uri(tag: str, page: int = 1) -> str:
    """The source path of a tag's page, or of a later page of its listing."""
    return f"tags/{tag}.md" if page == 1 else f"tags/{tag}/page/{page}.md"


def theme_uri(theme: str) -> str:
    """The source path of a theme's index page."""
    return f"themes/{theme}.md"


def papers_uri(page: int = 1) -> str:
    """The source path of the list of every paper, or of a later page of it."""
    return PAPERS_INDEX if page == 1 else f"papers/page/{page}.md"


def archive_uri(month: str, page: int = 1) -> str:
    """The source path of a month's archive page ("2026-11"), or of a later page of it."""
    return f"archive/{month}.md" if page == 1 else f"archive/{month}/page/{page}.md"


def url_of(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL of the page built from `src_uri` ('' for the home page)."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def root_of(url: str) -> str:
    """The relative path from the page at site-relative `url` back to the site's root."""
    return "../" * url.count("/")


def relative(target_url: str, root: str) -> str:
    """A link to the site-relative `target_url` from a page whose root is `root`."""
    return root + target_url or "./"
