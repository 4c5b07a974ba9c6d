"""Where each generated page lives, and relative links between pages.

A page is named by its source path (`papers/<slug>.md`), as a Markdown engine names the
files it builds; its URL follows from that and from whether the engine writes directory
URLs (`papers/<slug>/`, MkDocs' default) or file URLs (`papers/<slug>.html`). Every link
between pages is relative, so the site works from any sub-path and offline.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

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


def _dirname_to_title(name: str) -> str:
    # As MkDocs names a section after its folder.
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def small_navigation(docs_pages: Iterable[str]) -> list:
    """Home, Papers, Themes, Tags, then the hand-written pages in MkDocs' order.

    Index first in each folder, folders last, a folder a section, as MkDocs orders and
    nests them. The MkDocs plugin and the export for Zensical both use it.
    """
    generated = {HOME, PAPERS_INDEX, TAGS_INDEX, THEMES_INDEX}

    def sort_key(uri: str):
        parts = PurePosixPath(uri).parts
        return (parts[:-1], PurePosixPath(uri).stem != "index", parts[-1])

    nav: list = [{"Home": HOME}, {"Papers": PAPERS_INDEX}, {"Themes": THEMES_INDEX},
                 {"Tags": TAGS_INDEX}]
    for uri in sorted((u for u in docs_pages if u not in generated), key=sort_key):
        branch = nav
        for part in PurePosixPath(uri).parent.parts:
            title = _dirname_to_title(part)
            node = next((n for n in branch if isinstance(n, dict) and title in n), None)
            if node is None:
                node = {title: []}
                branch.append(node)
            branch = node[title]
        branch.append(uri)
    return nav
