"""`site-builder new`: write a valid new paper file from options, or by asking for each field.

With `--fetch ID` the title, authors, abstract, dates, venue and DOI come from arXiv or
Crossref (`fetching`); options given as well take precedence.

The file is built with `writing.paper_file_text` and checked with `writing.check_paper_text`
(the validator `site-builder check` and the site build use) before anything is written, so a
file that `new` writes always passes `check`; when it would not, the problems are printed
exactly as `check` prints them and nothing is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click
import yaml

from .. import fetching
from ..fields import ARXIV_ABS_URL, ARXIV_PDF_URL, ARXIV_RE, FIELDS, YEAR_RE, Kind, iso_date
from ..checks import DuplicateIndex
from ..loading import TAXONOMY_FILE, display_path, load_reading_list
from ..model import Paper, Problem, Taxonomy
from ..options import split_tags
from ..schema import PUBLISHED_SCHEMA, SCHEMA_PATH
from ..slugs import slugify
from ..writing import check_paper_text, paper_file_text, write_new_file

# The file name problems point at while there is no title to make a slug from.
PLACEHOLDER_SLUG = "untitled"
# What an arXiv listing states that `new --arxiv` (without --fetch) leaves to the contributor.
LISTING_FIELDS = ("authors", "published", "venue", "doi")

# The questions of the interactive mode, in the order they are asked.
QUESTIONS = {
    "title": "Title",
    "tags": "Tags, separated by commas or spaces",
    "authors": "Authors, separated by ';' (optional)",
    "published": "Published, YYYY-MM-DD or a year (optional)",
    "venue": "Venue (optional)",
    "arxiv": "arXiv identifier, e.g. 2404.05868 (optional)",
    "doi": "DOI, e.g. 10.48550/arXiv.2404.05868 (optional)",
    "url": "URL of the paper's page (optional)",
    "pdf": "URL of the PDF (optional)",
    "code": "URL of the code (optional)",
    "project": "URL of the project page (optional)",
    "data": "URL of the data (optional)",
}


def is_interactive() -> bool:
    """Whether `new` may ask questions: standard input is a terminal."""
    return sys.stdin.isatty()


# --- where the file points editors for its schema ----------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring tags such as `!!python/name:` that only MkDocs resolves."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _site_url(config_path: Path) -> str | None:
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    url = config.get("site_url") if isinstance(config, dict) else None
    return url.strip() if isinstance(url, str) and url.strip() else None


def _relative(target: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(target, start)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return target.as_uri()


def schema_url(papers_dir: Path) -> str:
    """The `$schema` a new paper file in `papers_dir` names, for editors to validate it.

    In order of preference:

    1. the papers folder is in a checkout of this project (its parent holds
       `site_builder/schema/paper.json`): that file, relative to the paper file, so the
       schema always matches the code in the same commit and works offline;
    2. `mkdocs.yml` beside the papers folder has a `site_url`: the schema the site
       publishes at `<site_url>/schema/paper.json`, which also lists the declared tags;
    3. otherwise the schema shipped in the installed package, relative to the paper file.
    """
    papers_dir = papers_dir.resolve()
    root = papers_dir.parent
    checkout_schema = root / "site_builder" / "schema" / "paper.json"
    if checkout_schema.is_file():
        return _relative(checkout_schema, papers_dir)
    site_url = _site_url(root / "mkdocs.yml")
    if site_url:
        return site_url.rstrip("/") + "/" + PUBLISHED_SCHEMA
    return _relative(SCHEMA_PATH, papers_dir)


# --- answers and options as field values -------------------------------------------------


def split_authors(texts: tuple[str, ...] | str) -> list[str]:
    """Names separated by ';'. Commas stay inside a name, so "Sample, Alan" is one name."""
    texts = (texts,) if isinstance(texts, str) else texts
    return [name.strip() for text in texts for name in text.split(";") if name.strip()]


def _field_value(name: str, answer: str) -> object:
    """The value of a field from the text a contributor typed."""
    if name == "tags":
        return split_tags(answer)
    if name == "authors":
        return split_authors(answer)
    return answer.strip()


def _yaml_value(name: str, value: object) -> object:
    """How a value is written: real dates and years unquoted, like the contract's example.

    Anything else stays text, so an invalid date reaches the validator as typed and the
    contributor is told what is wrong with it.
    """
    spec = FIELDS.get(name)
    if not isinstance(value, str) or spec is None:
        return value
    if spec.kind is Kind.DATE_OR_YEAR and YEAR_RE.match(value):
        return int(value)
    if spec.kind in (Kind.DATE, Kind.DATE_OR_YEAR):
        return iso_date(value) or value
    return value


def arxiv_links(arxiv: str) -> dict[str, str]:
    """The links an arXiv identifier fills: its PDF (empty if it is not an identifier).

    Not `url`: the paper page already links the arXiv abstract page from the `arxiv`
    field, and a `url` repeating it would show a second button to the same address.
    """
    if not ARXIV_RE.match(arxiv):
        return {}
    return {"pdf": ARXIV_PDF_URL.format(arxiv)}


# --- the file being written ------------------------------------------------------------


@dataclass
class Draft:
    """The paper file `new` is putting together, checked as a whole at every step."""

    papers_dir: Path
    taxonomy: Taxonomy
    schema_url: str
    values: dict[str, object] = field(default_factory=dict)
    body: str = ""
    slug: str = ""  # from --slug; otherwise made from the title

    @property
    def file_slug(self) -> str:
        if self.slug:
            return self.slug
        title = self.values.get("title")
        return slugify(title) if isinstance(title, str) else ""

    @property
    def path(self) -> Path:
        return self.papers_dir / f"{self.file_slug or PLACEHOLDER_SLUG}.md"

    def text(self) -> str:
        values = {name: _yaml_value(name, value) for name, value in self.values.items()}
        return paper_file_text(values, self.body, self.schema_url)

    def problems(self) -> list[Problem]:
        """Every problem `check` would report in the file, and a file already there."""
        return self.check()[1]

    def check(self) -> tuple[Paper | None, list[Problem]]:
        """The paper the file would hold (None if invalid) and its problems (see problems)."""
        path = self.path
        paper, problems = check_paper_text(path, self.text(), self.taxonomy)
        # The contributor gives options, not file lines: say which option is missing.
        problems = [dataclasses.replace(p, hint=f"give --{p.field}")
                    if p.message == "is missing" and p.field in FIELDS else p
                    for p in problems]
        where = display_path(path)
        if self.slug and path.name != f"{self.slug}.md":
            # The validator sees only the file name; a path must not slip past it.
            problems.insert(0, Problem(where, 1, "slug", f"'{self.slug}' is a path, not a name",
                                       "give just the file name, without '/'"))
        elif self.values.get("title") and not self.file_slug:
            problems.insert(0, Problem(where, 1, "slug", "cannot be made from the title",
                                       "give one with --slug"))
        elif self.file_slug and path.exists():
            problems.insert(0, Problem(where, 1, "slug", f"{where} already exists",
                                       "give the new paper another --slug, or edit that file"))
        return (paper if not problems else None), problems


def duplicate_of_existing(paper: Paper, existing: Iterable[Paper]) -> Problem | None:
    """The paper the list already has that `paper` duplicates (as `check` decides), if any."""
    match = DuplicateIndex(existing).find(paper.title, paper.arxiv, paper.doi)
    if match is None:
        return None
    hint = "; ".join(part for part in (match.detail, "edit that file instead") if part)
    return Problem(display_path(paper.path), paper.line_of(match.field), match.field,
                   f"{match.what} as {display_path(match.paper.path)}", hint, match.severity)


def _fail(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo("Nothing was written.", err=True)
    sys.exit(1)


# --- asking ----------------------------------------------------------------------------


def _show_declared_tags(taxonomy: Taxonomy) -> None:
    click.echo(f"Declared tags ({display_path(taxonomy.path)}):")
    for theme in taxonomy.themes.values():
        click.echo(f"  {theme.title}: {', '.join(theme.tags)}")


def _echo_problems(problems: list[Problem]) -> None:
    for problem in problems:
        hint = f" ({problem.hint})" if problem.hint else ""
        click.echo(f"  {problem.field}: {problem.message}{hint}")


def _ask(draft: Draft, name: str, default: str = "") -> None:
    """Ask for one field until the validator has nothing to say about the answer."""
    while True:
        answer = click.prompt(QUESTIONS[name], default=default, show_default=bool(default))
        value = _field_value(name, answer)
        if value:
            draft.values[name] = value
        else:
            draft.values.pop(name, None)
        # A title also names the file, unless --slug did or the title gives no slug
        # (then the slug is asked for next).
        watch_slug = name == "title" and not draft.slug and draft.file_slug
        problems = [p for p in draft.problems()
                    if p.field == name or (watch_slug and p.field == "slug")]
        if not problems:
            return
        _echo_problems(problems)


def _ask_slug(draft: Draft) -> None:
    """Ask for a slug when the title gives none (a title with no Latin letters or digits)."""
    click.echo("  slug: cannot be made from the title")
    while True:
        draft.slug = click.prompt("Slug: the file name, lowercase words joined by '-'").strip()
        problems = [p for p in draft.problems() if p.field == "slug"]
        if not problems:
            return
        _echo_problems(problems)


def _interview(draft: Draft, names: list[str]) -> None:
    for name in names:
        if name == "tags":
            _show_declared_tags(draft.taxonomy)
        default = ""
        if name == "pdf" and isinstance(draft.values.get("arxiv"), str):
            default = arxiv_links(draft.values["arxiv"]).get(name, "")
        _ask(draft, name, default)
        if name == "title" and not draft.file_slug:
            _ask_slug(draft)


# --- the command -----------------------------------------------------------------------


def _remaining(draft: Draft) -> list[str]:
    remaining = [name for name in LISTING_FIELDS if name not in draft.values]
    if not draft.body:
        remaining.append("the abstract (below the front matter)")
    return remaining


def _service_url(option: str | None, env: str, default: str) -> str:
    """A service's base URL: the option, else the environment variable, else the default."""
    for value in (option, os.environ.get(env)):
        if value and value.strip():
            return value.strip()
    return default


def _fetch(identifier: str, arxiv_api: str | None, crossref_api: str | None,
           timeout: float) -> fetching.Fetched:
    """The fetched record, or one line saying why there is none and exit 1."""
    try:
        kind, value = fetching.parse_identifier(identifier)
    except ValueError as error:
        raise click.BadParameter(
            f"{error} (give an arXiv id like 2404.05868, an arxiv.org link, "
            "a DOI like 10.1145/3394486.3403392 or a doi.org link)", param_hint="--fetch")
    try:
        if kind == "arxiv":
            return fetching.fetch_arxiv(value, _service_url(
                arxiv_api, fetching.ARXIV_API_ENV, fetching.DEFAULT_ARXIV_API), timeout)
        return fetching.fetch_crossref(value, _service_url(
            crossref_api, fetching.CROSSREF_API_ENV, fetching.DEFAULT_CROSSREF_API), timeout)
    except fetching.FetchError as error:
        click.echo(f"--fetch {identifier.strip()}: {error}. Nothing was written.", err=True)
        sys.exit(1)


def _fetched_names(fetched: fetching.Fetched, given: dict[str, object]) -> list[str]:
    """What the fetched record filled, for the closing note."""
    names = [name for name in fetched.values() if name not in given]
    if fetched.abstract:
        names.append("the abstract")
    return names


@click.command()
@click.option("--fetch", "fetch_id", metavar="ID",
              help="Fill title, authors, abstract, date, venue and DOI from arXiv (an arXiv "
                   "id or arxiv.org link) or Crossref (a DOI or doi.org link). Options "
                   "given as well win.")
@click.option("--title", help="The paper's title, as the source gives it.")
@click.option("--tags", multiple=True,
              help="Tags declared in papers/themes.yml, separated by commas or spaces "
                   "(or give --tags more than once).")
@click.option("--added", metavar="YYYY-MM-DD",
              help="When the paper joins the list. [default: today]")
@click.option("--authors", "--author", "authors", multiple=True, metavar="NAMES",
              help="Authors in the paper's order, separated by ';' or by repeating "
                   "--author. Commas do not separate: 'Sample, Alan' is one name.")
@click.option("--published", metavar="DATE|YEAR", help="Publication date YYYY-MM-DD, or a year.")
@click.option("--venue", help="Where it appeared.")
@click.option("--arxiv", metavar="ID",
              help="arXiv identifier (2404.05868, cs/0112017); also fills --pdf with the "
                   "arXiv PDF when it is not given.")
@click.option("--doi", help="DOI, starting with 10.")
@click.option("--url", help="The paper's page (http or https), when it is not the arXiv page.")
@click.option("--pdf", help="The PDF.")
@click.option("--code", help="Source code.")
@click.option("--project", help="Project page.")
@click.option("--data", help="Dataset.")
@click.option("--body", "--abstract", "body", metavar="TEXT",
              help="The abstract and notes: the Markdown after the front matter (after the "
                   "fetched abstract, with --fetch).")
@click.option("--slug", help="The file name and permanent URL. [default: made from the title]")
@click.option("--papers-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("papers"), show_default=True, help="The folder of paper files.")
@click.option("--dry-run", "--print", "dry_run", is_flag=True,
              help="Print the file instead of writing it.")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for what is missing. [default: when input is a terminal]")
@click.option("--arxiv-api", metavar="URL",
              help=f"Base URL of the arXiv API for --fetch (${fetching.ARXIV_API_ENV}). "
                   f"[default: {fetching.DEFAULT_ARXIV_API}]")
@click.option("--crossref-api", metavar="URL",
              help=f"Base URL of the Crossref API for --fetch (${fetching.CROSSREF_API_ENV}). "
                   f"[default: {fetching.DEFAULT_CROSSREF_API}]")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=fetching.DEFAULT_TIMEOUT,
              show_default=True, metavar="SECONDS", help="How long --fetch waits for an answer.")
def new(fetch_id, title, tags, added, authors, published, venue, arxiv, doi, url, pdf, code,
        project, data, body, slug, papers_dir: Path, dry_run: bool, interactive: bool | None,
        arxiv_api, crossref_api, timeout: float) -> None:
    """Write a new, valid paper file, papers/<slug>.md.

    Give the fields as options, or --fetch an arXiv id or DOI to fill them from arXiv or
    Crossref; on a terminal, with no field options, every field is asked for in turn (the
    declared tags are shown), and otherwise only the missing required ones are. The file
    is checked like `site-builder check` before it is written, and an existing file is
    never overwritten.

    \b
    Examples:
      site-builder new --fetch 2010.01028 --tags hard-negatives,contrastive-learning
      site-builder new --title "Hard Negative Mixing for Contrastive Learning" \\
          --tags hard-negatives,contrastive-learning --arxiv 2010.01028
      site-builder new --title "A Paper" --tags bias \\
          --authors "Ada Example; Sample, Alan" --published 2024
    """
    # Read once: the taxonomy to check against, the papers to find duplicates among.
    loaded = load_reading_list(papers_dir)
    if loaded.reading_list is None:
        taxonomy_path = display_path(papers_dir / TAXONOMY_FILE)
        _fail([p for p in loaded.problems if p.path == taxonomy_path])
    taxonomy = loaded.reading_list.taxonomy
    given: dict[str, object] = {
        "title": title, "tags": split_tags(tags), "authors": split_authors(authors),
        "published": published, "venue": venue, "arxiv": arxiv, "doi": doi, "url": url,
        "pdf": pdf, "code": code, "project": project, "data": data,
    }
    given = {name: value.strip() if isinstance(value, str) else value
             for name, value in given.items()}
    given = {name: value for name, value in given.items() if value}
    fetched = _fetch(fetch_id, arxiv_api, crossref_api, timeout) if fetch_id else None
    notes = (body or "").strip()
    draft = Draft(papers_dir, taxonomy, schema_url(papers_dir),
                  values={"added": added.strip() if added else dt.date.today()},
                  body=notes, slug=(slug or "").strip())
    if fetched is not None:
        draft.values.update(fetched.values())
        draft.body = "\n\n".join(part for part in (fetched.abstract, notes) if part)
    draft.values.update(given)
    if interactive is None:
        interactive = is_interactive()
    if interactive:
        if fetched is None and not given and not draft.body and not draft.slug:
            _interview(draft, list(QUESTIONS))
        else:
            _interview(draft, [name for name in ("title", "tags") if name not in draft.values])
    if isinstance(draft.values.get("arxiv"), str):
        for name, link in arxiv_links(draft.values["arxiv"]).items():
            draft.values.setdefault(name, link)

    paper, problems = draft.check()
    if paper is None:
        _fail(problems)
    duplicate = duplicate_of_existing(paper, loaded.reading_list.papers)
    if duplicate is not None and duplicate.is_error:
        _fail([duplicate])
    if duplicate is not None:
        anyway = "would be written anyway" if dry_run else "written anyway"
        click.echo(f"{duplicate} — {anyway}; check it is a different paper", err=True)
    text = draft.text()
    if dry_run:
        click.echo(text, nl=False)
    else:
        try:
            write_new_file(draft.path, text)
        except FileExistsError:
            _fail(draft.problems())
        except OSError as error:
            _fail([Problem(display_path(draft.path), 1, "file",
                           f"cannot be written: {error.strerror or error}",
                           "check the folder exists and is writable")])
        click.echo(f"Wrote {display_path(draft.path)}")
    if fetched is not None:
        click.echo(f"From {fetched.source}: " + ", ".join(_fetched_names(fetched, given))
                   + ". Check them against the paper; what it does not state is left out.",
                   err=dry_run)
    elif "arxiv" in draft.values and (remaining := _remaining(draft)):
        click.echo(f"Still to fill from {ARXIV_ABS_URL.format(draft.values['arxiv'])}: "
                   + ", ".join(remaining) + f"; `--fetch {draft.values['arxiv']}` fills them "
                   "from arXiv.", err=dry_run)
    if not dry_run:
        click.echo("Next: add the abstract and your notes below the front matter if they are "
                   "not there, run `site-builder check`, then commit the file and open a "
                   "pull request.")
