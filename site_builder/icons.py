"""Icons for generated pages, drawn by one stylesheet rather than inlined in every page.

A page names an icon with a class (`rl-icon rl-icon--pdf`); `icon_stylesheet()` gives each
class its shape as a CSS mask of an SVG from Material's bundled set, as a `data:` URL, so
the site makes no request to another host and a paper page carries no SVG markup.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

STYLESHEET = "assets/reading-list-icons.css"

# Short name -> icon in Material's set (templates/.icons/<set>/<name>.svg).
ICONS = {
    "authors": "material/account-multiple-outline",
    "venue": "material/bookshelf",
    "published": "material/calendar-outline",
    "added": "material/bookmark-plus-outline",
    "url": "material/file-document-outline",
    "pdf": "material/file-pdf-box",
    "arxiv": "material/alpha-a-box-outline",
    "doi": "material/identifier",
    "code": "material/code-braces",
    "project": "material/web",
    "data": "material/database-outline",
}


def icon(name: str) -> Markup:
    """The markup of an icon (decorative: the text next to it says what it means)."""
    if name not in ICONS:
        raise KeyError(f"unknown icon {name!r}")
    return Markup(f'<span class="rl-icon rl-icon--{name}" aria-hidden="true"></span>')


def _svg(path: str) -> str | None:
    try:
        import material
    except ImportError:
        return None
    file = Path(material.__file__).parent / "templates" / ".icons" / f"{path}.svg"
    try:
        return file.read_text(encoding="utf-8").strip()
    except OSError:
        return None


@functools.cache
def icon_stylesheet() -> str:
    """CSS drawing every icon in the text colour; icons that cannot be found are blank."""
    rules = []
    for name, path in ICONS.items():
        svg = _svg(path)
        if svg:
            url = "data:image/svg+xml," + quote(svg, safe=" =:/',")
            rules.append(f'.rl-icon--{name} {{ --rl-icon: url("{url}"); }}')
    return ("/* Generated from Material's icons by site_builder/icons.py. */\n"
            ".rl-icon { display: inline-block; width: 1.1em; height: 1.1em;"
            " vertical-align: -0.2em; background-color: currentcolor;"
            " -webkit-mask: var(--rl-icon) center / contain no-repeat;"
            " mask: var(--rl-icon) center / contain no-repeat; }\n"
            + "\n".join(rules) + "\n")
