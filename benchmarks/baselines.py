"""The sites each engine builds from the same `PaperRecord`s, and the command that builds each.

- ours: the reading list as the repository publishes it (`generate.write_reading_list`);
- Material for MkDocs with its `tags` plugin: one plain page per paper, a tags listing page,
  with the papers kept out of the navigation (`not_in_nav`) or in MkDocs' default one;
- Hugo with the minimal templates in `benchmarks/hugo/` and a `tags` taxonomy.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from generate import PaperRecord, write_reading_list

HERE = Path(__file__).resolve().parent
HUGO_TEMPLATES = HERE / "hugo"
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]

OURS = "ours"
MATERIAL_OUT_OF_NAV = "material-out-of-nav"
MATERIAL_DEFAULT_NAV = "material-default-nav"
HUGO = "hugo"
ZENSICAL = "zensical"
BUILDERS = (OURS, MATERIAL_OUT_OF_NAV, MATERIAL_DEFAULT_NAV, HUGO, ZENSICAL)
LABELS = {
    OURS: "ours (reading-list plugin)",
    MATERIAL_OUT_OF_NAV: "Material + tags, papers not in nav",
    MATERIAL_DEFAULT_NAV: "Material + tags, default nav",
    HUGO: "Hugo",
    ZENSICAL: "ours exported, built by Zensical",
}

MATERIAL_HOME = """# Reading list

Every paper of the list has its own page; [the tags](tags.md) list them by tag.
"""
MATERIAL_TAGS = """# Tags

<!-- material/tags -->
"""
MATERIAL_CONFIG = """site_name: Reading list (Material baseline)
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - tags
"""
# What a user of Material would write to keep thousands of pages out of the sidebar: the
# pages are still built and searchable, and MkDocs does not report them as missing from nav.
NOT_IN_NAV = """not_in_nav: |
  /papers/*
"""


@dataclass(frozen=True)
class Build:
    """How to build one engine's site: the command, where it writes, and its search index."""

    name: str
    command: list[str]
    output: Path
    env: dict[str, str]

    @property
    def search_index(self) -> Path | None:
        """MkDocs' search index, for the MkDocs-based builds."""
        if self.name in (HUGO, ZENSICAL):
            return None
        return self.output / "search" / "search_index.json"


def material_page(record: PaperRecord) -> str:
    """A paper as a plain Material page: `tags:` front matter, title, authors, abstract."""
    tags = "".join(f"\n  - {tag}" for tag in record.tags)
    authors = ", ".join(record.authors)
    return f"---\ntags:{tags}\n---\n\n# {record.title}\n\n*{authors}*\n\n{record.abstract}\n"


def write_material_site(root: Path, records: list[PaperRecord]) -> None:
    """One docs/ for both Material variants, and a config file for each."""
    docs = root / "docs"
    (docs / "papers").mkdir(parents=True)
    (docs / "index.md").write_text(MATERIAL_HOME, encoding="utf-8")
    (docs / "tags.md").write_text(MATERIAL_TAGS, encoding="utf-8")
    for record in records:
        (docs / "papers" / f"{record.slug}.md").write_text(material_page(record),
                                                           encoding="utf-8")
    (root / f"{MATERIAL_DEFAULT_NAV}.yml").write_text(MATERIAL_CONFIG, encoding="utf-8")
    (root / f"{MATERIAL_OUT_OF_NAV}.yml").write_text(MATERIAL_CONFIG + NOT_IN_NAV,
                                                     encoding="utf-8")


def hugo_page(record: PaperRecord) -> str:
    """A paper as Hugo content: title, date (when added), authors and tags, then the abstract."""
    front = {"title": record.title, "date": record.added.isoformat(),
             "authors": list(record.authors), "tags": list(record.tags)}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + f"\n---\n{record.abstract}\n"


def write_hugo_site(root: Path, records: list[PaperRecord]) -> None:
    """A copy of benchmarks/hugo/ with every paper as content/papers/<slug>.md."""
    shutil.copytree(HUGO_TEMPLATES, root)
    papers = root / "content" / "papers"
    papers.mkdir(parents=True)
    (papers / "_index.md").write_text("---\ntitle: Papers\n---\n", encoding="utf-8")
    for record in records:
        (papers / f"{record.slug}.md").write_text(hugo_page(record), encoding="utf-8")


def write_sites(root: Path, count: int, seed: int, engines: set[str]) -> list[PaperRecord]:
    """Our list (always: check and serve use it too) and the trees of the other `engines`
    for `count` papers under root; returns the records."""
    records = write_reading_list(root / OURS, count, seed)
    if engines & {MATERIAL_OUT_OF_NAV, MATERIAL_DEFAULT_NAV}:
        write_material_site(root / "material", records)
    if HUGO in engines:
        write_hugo_site(root / HUGO, records)
    return records


def builds(root: Path, hugo_path: str | None, timings: Path) -> dict[str, Build]:
    """The build of each engine for the trees `write_sites` wrote under root."""
    mkdocs_env = {"NO_MKDOCS_2_WARNING": "1"}
    material = root / "material"
    result = {
        OURS: Build(OURS, [*MKDOCS, "-f", str(root / OURS / "mkdocs.yml"),
                           "-d", str(root / OURS / "site")],
                    root / OURS / "site", {**mkdocs_env, "READING_LIST_TIMINGS": str(timings)}),
    }
    for variant in (MATERIAL_OUT_OF_NAV, MATERIAL_DEFAULT_NAV):
        output = material / f"site-{variant}"
        result[variant] = Build(variant, [*MKDOCS, "-f", str(material / f"{variant}.yml"),
                                          "-d", str(output)], output, mkdocs_env)
    # The same list published with Zensical: `site-builder export`, then `zensical build`,
    # timed together as one command (the export is part of publishing that way).
    exported = root / ZENSICAL
    zensical = Path(sys.executable).with_name("zensical")
    result[ZENSICAL] = Build(ZENSICAL, ["bash", "-c", (
        f'rm -rf "{exported}" && "{Path(sys.executable).with_name("site-builder")}" export '
        f'"{exported}" --config "{root / OURS / "mkdocs.yml"}" >/dev/null && '
        f'"{zensical}" build -f "{exported / "zensical.toml"}"')],
        exported / "site", {})
    if hugo_path:
        output = root / HUGO / "public"
        result[HUGO] = Build(HUGO, [hugo_path, "--quiet", "-s", str(root / HUGO),
                                    "-d", str(output)], output, {})
    return result
