"""`site-builder check --changed-since REF`: duplicates reported on the new or changed file."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.changes import ChangesError, changed_files
from site_builder.cli import cli

from conftest import ListFolder

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for key, value in {"HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
                       "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Ada Example",
                       "GIT_AUTHOR_EMAIL": "ada@example.org",
                       "GIT_COMMITTER_NAME": "Alan Sample",
                       "GIT_COMMITTER_EMAIL": "alan@example.org"}.items():
        monkeypatch.setenv(key, value)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=os.environ)


@pytest.fixture
def repo(small_list: ListFolder, git_env, monkeypatch) -> ListFolder:
    """The small list, committed on `main`; then a branch."""
    root = small_list.root
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "list")
    git(root, "checkout", "--quiet", "-b", "work")
    monkeypatch.chdir(root)
    return small_list


def run(*args: str):
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def test_an_untracked_copy_is_reported_on_itself(repo: ListFolder):
    # "a-..." sorts before the original, so a plain check reports the original.
    repo.add("a-copy-of-mixing", "A Copy", ["hard-negatives"], arxiv='"2010.01028v2"')
    plain = run()
    assert "papers/hard-negative-mixing.md:" in plain.output
    changed = run("--changed-since", "main")
    assert changed.exit_code == 1
    assert ("papers/a-copy-of-mixing.md:5: arxiv: same arXiv paper as "
            "papers/hard-negative-mixing.md (2010.01028; keep one file)") in changed.output
    assert "papers/hard-negative-mixing.md:" not in changed.output


def test_a_committed_near_duplicate_title_is_warned_on_the_new_file(repo: ListFolder):
    repo.add("a-negative-preference-optimisation", "Negative Preference Optimisation",
             ["unlearning"])
    git(repo.root, "add", ".")
    git(repo.root, "commit", "--quiet", "-m", "add")
    result = run("--changed-since", "main", "--format", "github")
    assert result.exit_code == 0
    assert ("::warning file=papers/a-negative-preference-optimisation.md,line=2,title=title::"
            "nearly the same title as papers/negative-preference-optimization.md") in result.output


def test_an_edited_old_file_is_the_changed_one(repo: ListFolder):
    # Editing the later file to copy an earlier one: reported on the edited file either way.
    path = repo.papers / "negative-preference-optimization.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "url: https://example.org/npo", 'arxiv: "2010.01028"'), encoding="utf-8")
    result = run("--changed-since", "main")
    assert "papers/negative-preference-optimization.md:5: arxiv: same arXiv paper" \
        in result.output
    assert changed_files("main", repo.papers) == [path.resolve()]


def test_problems_in_unchanged_files_are_still_reported(repo: ListFolder):
    (repo.papers / "false-negatives-in-retrieval.md").write_text("---\ntitle: x\n---\n",
                                                                  encoding="utf-8")
    git(repo.root, "commit", "--quiet", "-am", "break")
    result = run("--changed-since", "HEAD")
    assert result.exit_code == 1
    assert "papers/false-negatives-in-retrieval.md:" in result.output


def test_outside_a_git_repository_is_a_clear_error(small_list: ListFolder, git_env, monkeypatch):
    monkeypatch.chdir(small_list.root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(small_list.root.parent))
    result = run("--changed-since", "main")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(ChangesError):
        changed_files("main", small_list.papers)


def test_an_unknown_ref_is_a_clear_error(repo: ListFolder):
    result = run("--changed-since", "origin/nope")
    assert result.exit_code == 2
    assert "'origin/nope' is not a commit, branch or tag" in result.output


def test_paths_and_changed_since_together_are_misuse(repo: ListFolder):
    result = run("papers/hard-negative-mixing.md", "--changed-since", "main")
    assert result.exit_code == 2
