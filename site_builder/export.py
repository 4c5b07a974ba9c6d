"""The reading list written out as a source tree that Zensical (or another engine) builds.

Zensical reads `mkdocs.yml` but runs no MkDocs plugins, so it cannot call the
`reading-list` plugin. `export_site` writes what the plugin hands MkDocs as plain files:

    OUT/.site-builder-export   marks the folder as ours (a later export may replace it)
    OUT/zensical.toml         theme, palette, features, Markdown extensions, the small nav
    OUT/overrides/main.html   puts each page's <head> elements (citation meta tags, feed
                              links) into its <head>
    OUT/docs/                 the hand-written pages, with the home page's generated part
                              below its own text; every generated page as a Markdown file
                              in the folder of its URL (front matter, then the page's HTML
                              as raw HTML blocks, its section headings as Markdown ones);
                              every generated file (stylesheets, script, feeds, data) as is

The pages come from the same `pages.SitePages` records the plugin publishes: nothing
here renders anything. No MkDocs import: this module works without MkDocs installed.

Safety: nothing is written when a paper is invalid (the problems are those of
`site-builder check`); a folder that holds anything but an earlier export is refused;
a new export is written beside OUT and then swapped in, so OUT is never half-written.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from .checks import check_reading_list
from .loading import display_path, load_reading_list
from .model import Problem, ReadingList
from .pages import DEFAULT_HOME, SCRIPT, STYLESHEETS, GeneratedPage, SitePages
from .urls import HOME, small_navigation, url_of

MARKER = ".site-builder-export"
# Where Zensical publishes its search index (its entries are `items`).
ZENSICAL_SEARCH_INDEX = "search.json"
CONFIG_FILE = "zensical.toml"
DOCS_DIR = "docs"
SITE_DIR = "site"  # where `zensical build` writes (Zensical wants it inside OUT)
OVERRIDES_DIR = "overrides"
PLUGIN = "reading-list"
# The front-matter key that carries a page's <head> elements to the override template.
HEAD_KEY = "reading_list_head"
# What an engine's build leaves in OUT: kept when an export replaces an earlier one, so
# `zensical build` finds its cache (and the last site) again.
BUILD_LEFTOVERS = (SITE_DIR, ".cache")
# Extensions the exported pages rely on: attr_list gives the Markdown headings of
# generated pages their ids (see `markdown_body`).
REQUIRED_EXTENSIONS = ("attr_list",)

# The override template: the base template's <head>, plus the page's own elements. The
# value is HTML made by `pages.py` (attribute values escaped there), like the plugin's.
MAIN_TEMPLATE = f"""\
{{#- Written by `site-builder export`: each generated page's <head> elements (citation
    meta tags, feed links), which the reading-list MkDocs plugin adds itself. -#}}
{{% extends "base.html" %}}
{{% block extrahead %}}
  {{{{ super() }}}}
  {{% if page.meta and page.meta.{HEAD_KEY} %}}
    {{{{ page.meta.{HEAD_KEY} | safe }}}}
  {{% endif %}}
{{% endblock %}}
"""

MARKER_TEXT = """\
Written by `site-builder export`. Everything in this folder is replaced by the next
export: edit papers/ and docs/ in the reading list instead.
"""


class ExportError(Exception):
    """Why an export cannot be written at all (the folder, the configuration)."""


@dataclass
class ExportResult:
    """What `export_site` did: problems found, and what it wrote when there were no errors."""

    out: Path
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0  # paper files read
    papers: int = 0
    pages: int = 0  # generated pages written (the home page not counted)
    files: int = 0  # generated files written (stylesheets, data, ...)
    written: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


# Called with the number of pages written so far, as each page is written.
Progress = Callable[[int], None]


# --- the configuration -----------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml with MkDocs' own tags, as Zensical reads them: `!ENV` gives the
    variable's value (or the default), `!!python/name:x.y` the dotted name `x.y`, which
    zensical.toml takes (Material's `material.extensions` become `zensical.extensions`)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = ([loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode)
             else [loader.construct_scalar(n) for n in node.value])
    default = None
    if isinstance(node, yaml.SequenceNode) and len(node.value) > 1:
        default = loader.construct_object(node.value[-1])
        names = names[:-1]
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    name = suffix.split(":", 1)[1] if ":" in suffix else suffix
    for material, zensical in (("material.extensions", "zensical.extensions"),
                               ("materialx", "zensical.extensions")):
        if name.startswith(material + "."):
            name = zensical + name[len(material):]
    return name


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_name)


@dataclass(frozen=True)
class SiteConfig:
    """What the export needs from mkdocs.yml."""

    path: Path | None
    root: Path
    raw: dict
    docs_dir: Path
    papers_dir: Path
    directory_urls: bool
    small_nav: bool  # the plugin builds the small navigation (when there is no `nav:`)


def _plugin_entries(plugins: Any) -> list[tuple[str, dict]]:
    """mkdocs.yml's `plugins:` (a list or a mapping) as (name, options) pairs."""
    if isinstance(plugins, dict):
        items = list(plugins.items())
    elif isinstance(plugins, list):
        items = []
        for item in plugins:
            if isinstance(item, str):
                items.append((item, {}))
            elif isinstance(item, dict) and len(item) == 1:
                items.append(next(iter(item.items())))
    else:
        items = []
    return [(str(name), options if isinstance(options, dict) else {})
            for name, options in items]


def read_site_config(project_root: Path, config_file: Path | None = None,
                     papers_dir: Path | None = None) -> SiteConfig:
    """mkdocs.yml (or `config_file`) read for the export; defaults when there is none."""
    path = config_file if config_file is not None else project_root / "mkdocs.yml"
    raw: dict = {}
    if path.is_file():
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise ExportError(f"{display_path(path)}: cannot read it ({error})".replace(
                "\n", " ")) from error
        if loaded is not None and not isinstance(loaded, dict):
            raise ExportError(f"{display_path(path)}: is not a mapping of settings")
        raw = loaded or {}
    elif config_file is not None:
        raise ExportError(f"{display_path(path)}: no such file")
    else:
        path = None
    root = path.parent if path is not None else project_root
    options = dict(_plugin_entries(raw.get("plugins"))).get(PLUGIN, {})
    if papers_dir is None:
        papers_dir = root / str(options.get("papers_dir", "papers"))
    return SiteConfig(
        path=path, root=root, raw=raw,
        docs_dir=root / str(raw.get("docs_dir") or DOCS_DIR),
        papers_dir=papers_dir,
        directory_urls=bool(raw.get("use_directory_urls", True)),
        small_nav=bool(options.get("nav", True)),
    )


def site_name(site: SiteConfig) -> str:
    return str(site.raw.get("site_name") or "Reading list")


def site_pages_for(site: SiteConfig, reading_list: ReadingList) -> SitePages:
    """The pages of the list as the plugin renders them for this configuration."""
    return SitePages(reading_list, directory_urls=site.directory_urls,
                     site_name=site_name(site), site_url=site.raw.get("site_url") or None,
                     search_index=ZENSICAL_SEARCH_INDEX)


def _markdown_extensions(value: Any) -> dict[str, dict]:
    """mkdocs.yml's `markdown_extensions` as one mapping, with what the pages need."""
    extensions: dict[str, dict] = {}
    items = value.items() if isinstance(value, dict) else (
        (next(iter(item.items())) if isinstance(item, dict) else (item, {}))
        for item in (value or []))
    for name, options in items:
        extensions[str(name)] = options if isinstance(options, dict) else {}
    for name in REQUIRED_EXTENSIONS:
        extensions.setdefault(name, {})
    # Generated headings carry a permalink, as `pages.py` writes them.
    if "permalink" not in extensions.setdefault("toc", {}):
        extensions["toc"]["permalink"] = True
    return extensions


# Settings of mkdocs.yml carried over to zensical.toml as they are.
_CARRIED = ("site_description", "site_author", "site_url", "copyright", "repo_url",
            "repo_name", "edit_uri", "use_directory_urls", "extra")


def zensical_config(site: SiteConfig, docs_pages: Iterable[str], has_overrides: bool,
                    moved: dict[str, str] | None = None) -> dict:
    """The `[project]` settings of the exported zensical.toml.

    `moved` maps generated pages' source paths to where `source_path` wrote them, for a
    `nav:` of mkdocs.yml that names one.
    """
    raw = site.raw
    project: dict[str, Any] = {"site_name": site_name(site),
                               "docs_dir": DOCS_DIR, "site_dir": SITE_DIR}
    for key in _CARRIED:
        if raw.get(key) is not None:
            project[key] = raw[key]
    extra_css = [str(p) for p in raw.get("extra_css") or []]
    extra_css += [p for p in STYLESHEETS if p not in extra_css]
    project["extra_css"] = extra_css
    scripts = list(raw.get("extra_javascript") or [])
    if SCRIPT not in scripts:
        scripts.append(SCRIPT)
    project["extra_javascript"] = scripts
    if raw.get("nav") is not None:
        project["nav"] = _moved_in_nav(raw["nav"], moved or {})
    elif site.small_nav:
        project["nav"] = small_navigation(docs_pages)
    theme = raw.get("theme") or {}
    theme = dict(theme) if isinstance(theme, dict) else {"name": str(theme)}
    theme.setdefault("name", "material")
    # The look of Material for MkDocs, which the site's own stylesheet was made for.
    theme.setdefault("variant", "classic")
    theme.pop("custom_dir", None)
    if has_overrides:
        theme["custom_dir"] = OVERRIDES_DIR
    project["theme"] = theme
    plugins = {name: options for name, options in _plugin_entries(raw.get("plugins"))
               if name != PLUGIN}
    if plugins:
        project["plugins"] = plugins
    project["markdown_extensions"] = _markdown_extensions(raw.get("markdown_extensions"))
    return {"project": project}


def _moved_in_nav(nav: Any, moved: dict[str, str]) -> Any:
    if isinstance(nav, str):
        return moved.get(nav.strip(), nav)
    if isinstance(nav, list):
        return [_moved_in_nav(item, moved) for item in nav]
    if isinstance(nav, dict):
        return {key: _moved_in_nav(value, moved) for key, value in nav.items()}
    return nav


# --- TOML ------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string (same escapes, \\uXXXX included).
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        items = [f"{_toml_key(str(k))} = {_toml_value(v)}"
                 for k, v in value.items() if v is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    return json.dumps(str(value), ensure_ascii=False)


def to_toml(data: dict, prefix: tuple[str, ...] = ()) -> str:
    """`data` as TOML: plain values first, then each table and array of tables.

    Enough for a configuration: strings, numbers, booleans, lists and mappings (None is
    left out, as TOML has no null).
    """
    lines: list[str] = []
    tables: list[tuple[str, Any]] = []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            tables.append((key, value))
        elif (isinstance(value, list) and value and prefix
              and all(isinstance(v, dict) for v in value) and key != "nav"):
            tables.append((key, value))
        else:
            lines.append(f"{_toml_key(str(key))} = {_toml_value(value)}")
    out = "\n".join(lines) + ("\n" if lines else "")
    for key, value in tables:
        path = prefix + (_toml_key(str(key)),)
        if isinstance(value, dict):
            out += f"\n[{'.'.join(path)}]\n" + to_toml(value, path)
        else:
            for item in value:
                out += f"\n[[{'.'.join(path)}]]\n" + to_toml(item, path)
    return out


# --- the pages -------------------------------------------------------------------------


def raw_html_block(html: str) -> str:
    """HTML that Markdown (Python-Markdown, as Zensical runs it) passes through untouched.

    One `div` at the start of a line is a raw HTML block: Markdown leaves what is inside
    alone (no emphasis made of a title's `*`, no paragraphs around inline elements, blank
    lines kept) up to its matching `</div>`. Python-Markdown turns tabs into spaces before
    it looks for HTML, so tabs (only ever in text and attribute values) become `&#9;`.
    """
    return f'<div class="rl-page">\n{html.strip().replace(chr(9), "&#9;")}\n</div>\n'


# A heading of the table of contents as `pages.py` writes it, alone on its line, whose
# text Markdown reads back as it is.
_TOC_HEADING = re.compile(
    r'^<h([2-6]) id="([a-z0-9][a-z0-9-]*)"( data-search-exclude)?>([A-Za-z0-9][A-Za-z0-9 -]*)'
    r'<a class="headerlink" href="#\2" title="Permanent link">&para;</a></h\1>$', re.M)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Tags and comments of generated HTML, where text never holds a '<' (it is escaped).
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>", re.S)


def _top_level_starts(html: str) -> set[int] | None:
    """Where the elements at the top level of an HTML fragment start (None: unbalanced)."""
    starts, depth = set(), 0
    for match in _TAG_OR_COMMENT.finditer(html):
        closing, name, self_closing = match.groups()
        if name is None or name.lower() in _VOID or self_closing:
            if name is not None and depth == 0 and not closing:
                starts.add(match.start())
            continue
        if closing:
            depth -= 1
            if depth < 0:
                return None
        else:
            if depth == 0:
                starts.add(match.start())
            depth += 1
    return starts if depth == 0 else None


def markdown_body(html: str) -> str:
    """A generated page's HTML as a Markdown body: raw HTML blocks, and its table of
    contents' headings as Markdown headings so that the engine lists them beside the page.

    A heading becomes `## Text {: #id }` only when it stands alone at the top level of
    the page and its text is plain words (a tag, "Related papers"): Markdown then makes
    the very same element (id, permalink, `data-search-exclude`). Anything else stays HTML.
    """
    html = html.strip()
    headings = list(_TOC_HEADING.finditer(html))
    top_level = _top_level_starts(html) if headings else None
    if not top_level:
        return raw_html_block(html)
    parts, position = [], 0
    for match in headings:
        if match.start() not in top_level:
            continue
        if html[position:match.start()].strip():
            parts.append(raw_html_block(html[position:match.start()]))
        level, anchor, exclude, text = match.groups()
        attributes = f"#{anchor}" + (" data-search-exclude" if exclude else "")
        parts.append(f"{'#' * int(level)} {text.strip()} {{: {attributes} }}\n")
        position = match.end()
    if html[position:].strip():
        parts.append(raw_html_block(html[position:]))
    return "\n".join(parts)


def _yaml_text(text: str) -> str:
    """`text` as a YAML double-quoted scalar: a JSON string, which YAML reads as it is,
    with the characters YAML 1.1 takes for line breaks escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\u0085", "\\u0085").replace(
        "\u2028", "\\u2028").replace("\u2029", "\\u2029")


def page_source(page: GeneratedPage) -> str:
    """The Markdown file of a generated page: its front matter, then its HTML."""
    # Themes print the title and description as they are (Zensical's templates do not
    # escape them, as MkDocs' do not): escaped here, as the plugin does.
    lines = ["---", f"title: {_yaml_text(str(escape(page.title)))}",
             f"description: {_yaml_text(str(escape(page.description)))}"]
    if not page.searchable:
        lines += ["search:", "  exclude: true"]
    if page.head:
        lines.append(f"{HEAD_KEY}: {_yaml_text(page.head)}")
    return "\n".join(lines) + "\n---\n\n" + markdown_body(page.html)


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


def home_source(hand_written: str, home: GeneratedPage) -> str:
    """docs/index.md with the generated home section below it and its <head> elements."""
    text = hand_written.rstrip() + "\n\n" + markdown_body(home.html)
    if not home.head:
        return text
    line = f"{HEAD_KEY}: {_yaml_text(home.head)}\n"
    match = _FRONT_MATTER.match(text)
    if match is None:
        return "---\n" + line + "---\n\n" + text
    if HEAD_KEY in match.group(0):
        return text
    opening = text.index("\n") + 1  # after the first '---' line
    return text[:opening] + line + text[opening:]


def source_path(src_uri: str, directory_urls: bool = True) -> str:
    """Where the Markdown file of a generated page goes: in the folder of its URL.

    Zensical reads every relative link of a page, raw HTML included, as relative to the
    page's source file and rewrites it for the page's URL; a generated page's links are
    relative to its URL already. So `papers/<slug>.md` (URL `papers/<slug>/`) is written
    as `papers/<slug>/index.md`: the same URL, and the rewriting changes nothing.
    """
    return url_of(src_uri) + "index.md" if directory_urls else src_uri


# A Markdown link's target ending in `.md`: inline `](target.md#x)` and `](<target.md>)`,
# and reference definitions `[id]: target.md`.
_MD_LINK = re.compile(r"(\]\(<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s()<>#]+\.md)(?=[#)>\s]|$)",
                      re.M)


def relink(text: str, doc_uri: str, moved: dict[str, str]) -> str:
    """A docs page's links to generated pages that `source_path` moved, moved along."""
    folder = posixpath.dirname(doc_uri)

    def replace(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(2)))
        if target not in moved:
            return match.group(0)
        return match.group(1) + posixpath.relpath(moved[target], folder or ".")

    return _MD_LINK.sub(replace, text)


# --- the folder ------------------------------------------------------------------------


def _check_out(out: Path, site: SiteConfig) -> None:
    """Refuse a folder that is not ours, or that holds (or is inside) the list itself."""
    resolved = out.resolve()
    for name, folder in (("docs", site.docs_dir), ("papers", site.papers_dir)):
        folder = folder.resolve()
        if resolved == folder or folder in resolved.parents:
            raise ExportError(f"{display_path(out)}: is inside the list's {name} folder "
                              f"(export to a folder of its own)")
        if resolved in folder.parents:
            raise ExportError(f"{display_path(out)}: holds the list's {name} folder "
                              f"(export to a folder of its own)")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ExportError(f"{display_path(out)}: is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ExportError(f"{display_path(out)}: is not empty and was not written by "
                          f"`site-builder export` (no {MARKER} file); choose a new or "
                          "empty folder")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _swap_in(new: Path, out: Path) -> None:
    """Replace `out` (ours, or empty, or missing) by the folder `new`, beside it."""
    if not out.exists():
        os.replace(new, out)
        return
    for name in BUILD_LEFTOVERS:  # the last build's output and cache, for the next build
        if (out / name).exists() and not (new / name).exists():
            os.replace(out / name, new / name)
    # Zensical rebuilds every page when a template's (or the configuration's) time
    # changes: unchanged ones keep their time, so its cache still serves.
    for path in (new / CONFIG_FILE, *(new / OVERRIDES_DIR).rglob("*")):
        old = out / path.relative_to(new)
        if path.is_file() and old.is_file() and old.read_bytes() == path.read_bytes():
            shutil.copystat(old, path)
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.replace(out, old / out.name)
    try:
        os.replace(new, out)
    except OSError:
        os.replace(old / out.name, out)  # put the last export back
        raise
    shutil.rmtree(old, ignore_errors=True)


# --- the export ------------------------------------------------------------------------


def export_site(project_root: Path, out: Path, *, papers_dir: Path | None = None,
                config_file: Path | None = None,
                progress: Progress | None = None) -> ExportResult:
    """Write the reading list at `project_root` to `out` for Zensical to build.

    Raises `ExportError` when `out` is not a folder it may write (or mkdocs.yml is
    unreadable). Invalid papers, or hand-written pages where generated ones go, are
    returned as problems, and then nothing is written.
    """
    site = read_site_config(project_root, config_file, papers_dir)
    result = ExportResult(out)
    _check_out(out, site)
    if not site.papers_dir.is_dir():
        raise ExportError(f"{display_path(site.papers_dir)}: folder not found")
    loaded = load_reading_list(site.papers_dir, parallel=True)
    result.files_checked = loaded.files
    problems = list(loaded.problems)
    if loaded.reading_list is not None:
        problems += check_reading_list(loaded.reading_list, taxonomy_warnings=False)
    result.problems = sorted(problems, key=lambda p: (p.path, p.line))
    if result.errors or loaded.reading_list is None:
        return result

    custom_dir = site.raw["theme"].get("custom_dir") if isinstance(
        site.raw.get("theme"), dict) else None
    if custom_dir:
        if not (site.root / custom_dir).is_dir():
            raise ExportError(f"{display_path(site.root / custom_dir)}: theme.custom_dir "
                              "folder not found")
        if (site.root / custom_dir / "main.html").exists():
            result.problems.append(Problem(
                display_path(site.root / custom_dir / "main.html"), 1, "theme",
                "the export writes its own main.html (for the pages' <head> elements)",
                "move what this one adds into a block of another template"))
            return result

    hand_written = {p.relative_to(site.docs_dir).as_posix()
                    for p in site.docs_dir.rglob("*") if p.is_file()
                    } if site.docs_dir.is_dir() else set()
    site_pages = site_pages_for(site, loaded.reading_list)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's folder is private
        taken = _write_tree(staging, site, site_pages, hand_written, custom_dir, result,
                            progress)
        if taken:
            shutil.rmtree(staging)
            result.problems += [Problem(display_path(site.docs_dir / uri), 1, "page",
                                        "would be replaced by a generated page",
                                        "rename or remove the hand-written file")
                                for uri in sorted(taken)]
            result.pages = result.files = 0
            return result
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.papers = len(loaded.reading_list.papers)
    result.written = True
    return result


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_tree(staging: Path, site: SiteConfig, site_pages: SitePages,
                hand_written: set[str], custom_dir: str | None, result: ExportResult,
                progress: Progress | None) -> list[str]:
    """Everything into `staging`; returns the hand-written files a generated one would
    replace (then nothing is written)."""
    # Found from the plan, before anything is rendered or written.
    taken = []
    for planned in site_pages.plan():
        path = source_path(planned.src_uri, site.directory_urls)
        if planned.src_uri in hand_written or path in hand_written:
            taken.append(planned.src_uri if planned.src_uri in hand_written else path)
    taken += [f.path for f in site_pages.plan_files() if f.path in hand_written]
    if taken:
        return taken
    _write(staging / MARKER, MARKER_TEXT)
    docs = staging / DOCS_DIR
    if site.docs_dir.is_dir():
        shutil.copytree(site.docs_dir, docs)
    docs.mkdir(exist_ok=True)
    # Each page is written as soon as it is rendered, so a long list is never all in memory.
    moved: dict[str, str] = {}
    for page in site_pages.pages():
        path = source_path(page.src_uri, site.directory_urls)
        if path != page.src_uri:
            moved[page.src_uri] = path
        _write(docs / path, page_source(page))
        result.pages += 1
        if progress is not None:
            progress(result.pages)
    for generated in site_pages.files():
        _write(docs / generated.path, generated.content)
        result.files += 1
    for uri in hand_written:
        if uri.endswith(".md") and uri != HOME:
            text = (docs / uri).read_text(encoding="utf-8")
            if (linked := relink(text, uri, moved)) != text:
                _write(docs / uri, linked)
    index = site.docs_dir / HOME
    home_text = index.read_text(encoding="utf-8-sig") if index.is_file() else DEFAULT_HOME
    home_text = relink(home_text, HOME, moved)
    _write(docs / HOME, home_source(home_text, site_pages.home_section()))
    overrides = staging / OVERRIDES_DIR
    if custom_dir:
        shutil.copytree(site.root / custom_dir, overrides)
    _write(overrides / "main.html", MAIN_TEMPLATE)
    docs_pages = sorted({uri for uri in hand_written if uri.endswith(".md")} | {HOME})
    config = zensical_config(site, docs_pages, has_overrides=True, moved=moved)
    _write(staging / CONFIG_FILE,
           f"# Written by `site-builder export` from "
           f"{site.path.name if site.path else 'the defaults'}; build the site with\n"
           f"#   zensical build -f {CONFIG_FILE}\n\n" + to_toml(config))
    return []

