"""Which paper files a change adds or edits, from git: for `site-builder check --changed-since`.

A pull request's check reports a duplicate on the file the pull request brings, not on
the older file it copies. The files changed since REF are those that differ between the
merge base of REF and HEAD and the working tree (so committed, staged and unstaged edits
all count), plus untracked files that are not ignored. Deleted files are left out.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class ChangesError(Exception):
    """Git cannot say what changed: not a repository, no git, an unknown REF."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape", check=False)
    except FileNotFoundError:
        raise ChangesError("git is not installed (it is needed to find the changed files)")
    if done.returncode != 0:
        message = " ".join(done.stderr.split()) or f"git {args[0]} failed"
        raise ChangesError(message)
    return done.stdout


def changed_files(ref: str, folder: Path) -> list[Path]:
    """The files under `folder` that exist and differ from `ref` (see the module docstring)."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise ChangesError(f"{folder}: no such folder")
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    except ChangesError as error:
        if "not a git repository" in str(error).lower():
            raise ChangesError(f"{folder} is not in a git repository, so there is nothing to "
                               "compare with; give the changed files as PATHS instead")
        raise
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                      folder).strip()
    except ChangesError:
        raise ChangesError(f"'{ref}' is not a commit, branch or tag of this repository "
                           "(fetch it first, e.g. git fetch origin main)")
    try:
        base = _git(["merge-base", commit, "HEAD"], folder).strip()
    except ChangesError:
        base = commit  # no common history (or no HEAD yet): compare with REF itself
    names = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", base, "--", "."], folder)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z",
                      "--", "."], folder)
    paths = []
    for name in dict.fromkeys(n for n in (names + untracked).split("\0") if n):
        path = top / name
        if path.exists():
            paths.append(Path(os.path.normpath(path)))
    return sorted(paths)
