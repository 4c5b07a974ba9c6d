"""The GitHub workflows: valid by GitHub's published schema, and their shell steps work here.

The workflows cannot run on GitHub from the test suite, so each file is validated with
check-jsonschema's copy of the GitHub workflow schema, and every `run:` step is either run
locally (in a throwaway git repository made from this one) or listed in `NEEDS_GITHUB`
with the reason it cannot be: a new step must be given one or the other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
BIN = Path(sys.executable).parent

# (workflow, step name) -> why the test does not run it.
NEEDS_GITHUB = {
    ("site.yml", "Install"): "installs the package from the package index (network)",
    ("site.yml", "Build the site"): "a full build; tests/test_build.py builds the site",
    ("site.yml", "Run the tests"): "this test suite itself",
    ("links.yml", "Install"): "installs the package from the package index (network)",
    ("links.yml", "Check every external link"): "asks hosts on the internet; "
    "tests/test_links.py runs the same command against a local server",
}
# The steps run here, and the events of GitHub that make them run.
RUN_HERE = {
    ("site.yml", "Check the papers of the pull request"),
    ("site.yml", "Check the papers"),
}


def run_steps() -> list[tuple[str, dict]]:
    steps = []
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            steps += [(path.name, step) for step in job.get("steps", []) if "run" in step]
    return steps


def step(workflow: str, name: str) -> dict:
    return next(s for w, s in run_steps() if w == workflow and s.get("name") == name)


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"site.yml", "links.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_by_the_github_schema(path: Path):
    tool = BIN / "check-jsonschema"
    assert tool.exists(), "check-jsonschema is missing: pip install -e '.[test]'"
    done = subprocess.run([str(tool), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_shell_step_is_run_here_or_says_why_not():
    names = {(workflow, s.get("name", s["run"])) for workflow, s in run_steps()}
    assert names == set(NEEDS_GITHUB) | RUN_HERE


def test_the_link_check_is_weekly():
    workflow = yaml.safe_load((REPO / ".github/workflows/links.yml").read_text(encoding="utf-8"))
    # YAML reads the key `on` as True.
    cron = (workflow.get("on") or workflow[True])["schedule"][0]["cron"]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit()


# --- the check steps, run in a throwaway repository ------------------------------------------


def git(repo: Path, *args: str, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """This list as a repository whose `main` is known as origin/main, and a pull request
    commit adding a copy of a listed paper under a name that sorts before the original."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(REPO / "papers", repo / "papers")
    # The steps call .venv/bin/site-builder: the environment running these tests.
    (repo / ".venv").symlink_to(BIN.parent)
    (repo / ".gitignore").write_text(".venv\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Ada Example",
               GIT_AUTHOR_EMAIL="ada@example.org", GIT_COMMITTER_NAME="Ada Example",
               GIT_COMMITTER_EMAIL="ada@example.org")
    git(repo, "init", "--quiet", "--initial-branch=main", env=env)
    git(repo, "add", ".", env=env)
    git(repo, "commit", "--quiet", "-m", "The list", env=env)
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD", env=env)
    git(repo, "checkout", "--quiet", "-b", "add-paper", env=env)
    original = (repo / "papers" / "hard-negative-mixing-for-contrastive-learning.md")
    (repo / "papers" / "a-hard-negative-mixing-copy.md").write_text(
        original.read_text(encoding="utf-8").replace(
            "title: Hard Negative Mixing for Contrastive Learning",
            "title: Mixing Hard Negatives for Contrastive Learning"), encoding="utf-8")
    git(repo, "add", ".", env=env)
    git(repo, "commit", "--quiet", "-m", "Add a paper", env=env)
    return repo, env


def run_step(repo: Path, env: dict[str, str], workflow: str, name: str,
             github_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A `run:` step as GitHub runs it: `bash -e` in the checkout, with the step's `env`
    (its `${{ github.* }}` expressions replaced by the values given)."""
    found = step(workflow, name)
    step_env = dict(env)
    for key, value in (found.get("env") or {}).items():
        value = str(value)
        for expression, replacement in github_env.items():
            value = value.replace("${{ " + expression + " }}", replacement)
        assert "${{" not in value, f"no local value for {value}"
        step_env[key] = value
    assert "${{" not in found["run"], "use the step's env for GitHub's values"
    return subprocess.run(["bash", "-e", "-c", found["run"]], cwd=repo, env=step_env,
                          capture_output=True, text=True, check=False)


def test_pull_request_check_annotates_the_new_file(pull_request):
    repo, env = pull_request
    done = run_step(repo, env, "site.yml", "Check the papers of the pull request",
                    {"github.base_ref": "main"})
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert errors == [
        "::error file=papers/a-hard-negative-mixing-copy.md,line=8,title=arxiv::same arXiv "
        "paper as papers/hard-negative-mixing-for-contrastive-learning.md (2010.01028; keep "
        "one file)"]


def test_push_check_annotates_in_slug_order(pull_request):
    repo, env = pull_request
    done = run_step(repo, env, "site.yml", "Check the papers", {})
    assert done.returncode == 1
    assert "::error file=papers/hard-negative-mixing-for-contrastive-learning.md" in done.stdout


def test_check_step_is_clean_on_the_list_itself(pull_request):
    repo, env = pull_request
    git(repo, "checkout", "--quiet", "main", env=env)
    for name in sorted(RUN_HERE):
        done = run_step(repo, env, "site.yml", name[1], {"github.base_ref": "main"})
        assert done.returncode == 0, done.stdout + done.stderr
        assert "::error" not in done.stdout
