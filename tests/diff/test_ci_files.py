"""action.yml and .pre-commit-hooks.yaml: they parse, and their scripts run as a workflow and
pre-commit would run them (the action's Diff and Comment steps against a fake GitHub API)."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from migrator import cli
from tests.conftest import REPO as CHECKOUT
from tests.conftest import WRAPPERS
from tests.diff.conftest import EVENTS, REPO
from tests.diff.test_diff_git import git, put

ACTION = YAML(typ="safe").load((CHECKOUT / "action.yml").read_text())
HOOKS = YAML(typ="safe").load((CHECKOUT / ".pre-commit-hooks.yaml").read_text())


def step(name: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def test_action_is_a_composite_with_the_documented_inputs():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"path", "base", "python-version", "comment",
                                     "github-token"}
    steps = ACTION["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert step("Install startos-migrate")["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert "python -m migrator.diff.pr_comment" in step("Comment")["run"]
    for s in steps:  # inputs reach scripts through env only: no expression in a script
        assert "${{" not in s.get("run", ""), s.get("name")
        if "run" in s:
            assert s["shell"] == "bash"


def _shim(tmp_path: Path) -> dict[str, str]:
    """An environment where `startos-migrate` and `python` run this checkout."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, args in (("startos-migrate", "-m migrator"), ("python", "")):
        shim = bin_dir / name
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" {args} "$@"\n')
        shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": str(CHECKOUT)}


def run_step(name: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step(name)["run"]], cwd=cwd,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                    reason="needs git and bash")
def test_the_action_steps_diff_and_comment(tmp_path, github):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    put(repo, "interface", "base")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base_sha = git(repo, "rev-parse", "HEAD")
    put(repo, "interface", "head")  # the pull request's change, checked out
    output = tmp_path / "github_output"
    output.touch()
    env = {**_shim(tmp_path), "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path),
           "WRAPPER_PATH": "wrapper", "BASE_REF": "", "PR_BASE_SHA": base_sha}
    diff = run_step("Diff", env, repo)
    assert diff.returncode == 0, diff.stderr
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outputs["changed"] == "true"
    body = Path(outputs["body"]).read_text()
    assert body.startswith(f"### startos-migrate diff: `{base_sha[:12]}")
    assert "interface `api`" in body and body in diff.stdout

    comment_env = {**_shim(tmp_path), "BODY": outputs["body"], "GITHUB_TOKEN": "t",
                   "GITHUB_EVENT_PATH": str(EVENTS / "pull_request.json"),
                   "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": github.base}
    comment = run_step("Comment", comment_env, repo)
    assert comment.returncode == 0, comment.stderr
    assert [m for m, *_ in github.requests] == ["GET", "POST"]
    assert github.comments[0]["body"] == f"<!-- startos-migrate-diff -->\n{body}"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_diff_step_fails_on_an_input_error(tmp_path):
    output = tmp_path / "github_output"
    output.touch()
    env = {**_shim(tmp_path), "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path),
           "WRAPPER_PATH": ".", "BASE_REF": "", "PR_BASE_SHA": "",
           "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    diff = run_step("Diff", env, tmp_path)
    assert diff.returncode == 2 and "error[B720]" in diff.stderr
    assert output.read_text() == ""


def test_the_pre_commit_hook_runs_convert_check(tmp_path, capsys):
    (hook,) = HOOKS
    assert hook["id"] == "startos-migrate-check" and hook["pass_filenames"] is False
    assert hook["language"] == "python"
    wrapper = tmp_path / "wrapper"
    shutil.copytree(WRAPPERS / "hello-json", wrapper)
    project = tmp_path / "project"
    assert cli.main(["convert", str(wrapper), "-o", str(project)]) == 0
    argv = shlex.split(hook["entry"]) + [str(wrapper), "-o", str(project)]  # + the user's args
    assert argv[0] == "startos-migrate"
    assert cli.main(argv[1:]) == 0  # up to date
    manifest = wrapper / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"title": "', '"title": "New '))
    assert cli.main(argv[1:]) == 1  # the wrapper changed, the project did not
    capsys.readouterr()
