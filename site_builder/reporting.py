"""Problems written out for people (text), for GitHub pull requests (github), for tools (json)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from .model import Problem

FORMATS = ("text", "github", "json")


def counts(problems: Iterable[Problem]) -> tuple[int, int]:
    """How many errors and how many warnings."""
    severities = [p.severity for p in problems]
    return severities.count("error"), severities.count("warning")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(problems: Sequence[Problem], papers: int) -> str:
    """One line for the end of a run, e.g. "3 errors, 1 warning in 32 papers"."""
    errors, warnings = counts(problems)
    found = [_plural(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return f"{', '.join(found) or 'no problems'} in {_plural(papers, 'paper')}"


def text_line(problem: Problem) -> str:
    """`path:line: field: message (hint)`; a warning says so after its location."""
    if problem.is_error:
        return str(problem)
    return str(problem).replace(f"{problem.path}:{problem.line}: ",
                                f"{problem.path}:{problem.line}: warning: ", 1)


def _escape_data(text: str) -> str:
    # GitHub's workflow command syntax: these characters would end or break the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem) -> str:
    """A workflow command that puts the problem on the pull request's diff, at its line."""
    properties = ",".join(f"{name}={_escape_property(value)}" for name, value in (
        ("file", problem.path), ("line", str(problem.line)), ("title", problem.field)))
    message = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
    return f"::{problem.severity} {properties}::{_escape_data(message)}"


def json_report(problems: Sequence[Problem], papers: int) -> str:
    """Every problem and the counts, as one JSON object."""
    errors, warnings = counts(problems)
    return json.dumps({
        "problems": [
            {"path": p.path, "line": p.line, "field": p.field, "message": p.message,
             "hint": p.hint, "severity": p.severity}
            for p in problems
        ],
        "errors": errors,
        "warnings": warnings,
        "papers": papers,
    }, indent=2, ensure_ascii=False)


def format_problems(problems: Sequence[Problem], output_format: str, papers: int) -> str:
    """The report for standard output in one of `FORMATS` (empty when there is nothing)."""
    if output_format == "json":
        return json_report(problems, papers)
    line = github_line if output_format == "github" else text_line
    return "\n".join(line(p) for p in problems)
