"""`diff` inside a git repository: refs, the default base, errors, and a working tree and
index that are never touched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from migrator import cli
from migrator.diff.gitrefs import Commit, materialise
from tests.conftest import FIXTURES

PAIRS = FIXTURES / "diff"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def put(repo: Path, case: str, side: str) -> None:
    wrapper = repo / "wrapper"
    if wrapper.exists():
        shutil.rmtree(wrapper)
    shutil.copytree(PAIRS / case / side, wrapper)


@pytest.fixture
def repo(tmp_path) -> Path:
    """Commits: c1 = interface/base, c2 = interface/head (an added interface); a README
    beside the wrapper so PATH selects a subdirectory."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("a repository holding a wrapper\n")
    put(repo, "interface", "base")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "c1")
    git(repo, "tag", "c1")
    put(repo, "interface", "head")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "c2")
    git(repo, "tag", "c2")
    return repo


def snapshot_state(repo: Path) -> tuple[str, dict[str, int], bytes]:
    """`git status --porcelain`, every file's mtime, and the index bytes."""
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    mtimes = {str(p.relative_to(repo)): p.stat().st_mtime_ns for p in sorted(repo.rglob("*"))
              if ".git" not in p.relative_to(repo).parts}
    return status, mtimes, (repo / ".git" / "index").read_bytes()


def diff(monkeypatch, cwd: Path, *args: str) -> int:
    monkeypatch.chdir(cwd)
    return cli.main(["diff", *args])


def test_base_and_head_refs(repo, monkeypatch, capsys):
    assert diff(monkeypatch, repo, "--base", "c1", "--head", "c2", "wrapper") == 1
    out = capsys.readouterr().out
    assert "startos-migrate diff: c1 (" in out and ": wrapper → c2 (" in out
    assert "newly translated      interface `api`" in out
    assert diff(monkeypatch, repo, "--base", "c2", "--head", "c2", "wrapper") == 0


def test_default_base_is_head_parent_against_the_working_tree(repo, monkeypatch, capsys):
    put(repo, "interface", "base")  # an uncommitted edit: back to one interface
    assert diff(monkeypatch, repo / "wrapper") == 0
    out = capsys.readouterr().out
    assert "HEAD~1 (" in out and "→ working tree: wrapper" in out
    assert "no change" in out  # HEAD~1 holds exactly what the working tree now has
    put(repo, "interface", "head")
    assert diff(monkeypatch, repo / "wrapper") == 1
    assert "newly translated      interface `api`" in capsys.readouterr().out


def test_default_base_is_the_merge_base_with_origin_head(repo, monkeypatch, capsys):
    # origin/main at c1, a feature branch two commits on: the base is c1, not HEAD~1.
    git(repo, "update-ref", "refs/remotes/origin/main", "c1")
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
    (repo / "README.md").write_text("edited\n")
    git(repo, "commit", "-q", "-am", "c3")
    c1 = git(repo, "rev-parse", "c1")
    assert diff(monkeypatch, repo, "--format", "json", "wrapper") == 1
    out = capsys.readouterr().out
    assert f"merge-base of HEAD and origin/HEAD ({c1[:12]})" in out
    assert '"translated": 1' in out


def test_a_ref_that_does_not_exist_is_named(repo, monkeypatch, capsys):
    assert diff(monkeypatch, repo, "--base", "no-such-branch", "wrapper") == 2
    err = capsys.readouterr().err
    assert "error[B721]: `no-such-branch` is not a commit" in err
    assert diff(monkeypatch, repo, "--head=--output=x", "wrapper") == 2  # never an option
    assert "`--output=x` is not a commit" in capsys.readouterr().err
    assert not (repo / "x").exists()


def test_a_wrapper_the_change_adds_is_previewed_as_added(repo, monkeypatch, capsys):
    shutil.copytree(PAIRS / "interface" / "head", repo / "new-wrapper")
    assert diff(monkeypatch, repo, "--base", "c2", "--format", "json", "new-wrapper") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["base"].endswith("(absent)")
    assert out["files"] and {f["status"] for f in out["files"]} == {"added"}
    assert out["migration"] and all(c["before"] is None for c in out["migration"])


def test_a_wrapper_the_change_deletes_is_previewed_as_removed(repo, monkeypatch, capsys):
    git(repo, "rm", "-q", "-r", "wrapper")
    git(repo, "commit", "-q", "-m", "c3")
    assert diff(monkeypatch, repo, "--base", "c2", "--head", "HEAD", "--format", "json",
                "wrapper") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["head"].endswith("(absent)")
    assert {f["status"] for f in out["files"]} == {"removed"}


def test_a_path_at_neither_commit_is_an_error(repo, monkeypatch, capsys):
    assert diff(monkeypatch, repo, "--base", "c1", "--head", "c2", "other") == 2
    assert "error[B724]: `other` is not a directory at c2" in capsys.readouterr().err


def test_an_empty_directory_that_is_new_does_not_convert(repo, monkeypatch, capsys):
    (repo / "other").mkdir()
    assert diff(monkeypatch, repo, "--base", "c1", "other") == 2
    assert "error[B723]" in capsys.readouterr().err


def test_no_parent_and_no_origin_asks_for_a_base(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "one"
    repo.mkdir()
    git(repo, "init", "-q")
    put(repo, "interface", "base")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "only")
    assert diff(monkeypatch, repo / "wrapper") == 2
    assert "give the base with --base REF" in capsys.readouterr().err


def test_outside_a_repository_without_two_directories(tmp_path, monkeypatch, capsys):
    lonely = tmp_path / "not-a-repo"
    shutil.copytree(PAIRS / "interface" / "base", lonely)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert diff(monkeypatch, lonely) == 2
    err = capsys.readouterr().err
    assert "error[B720]: not inside a git repository" in err and "BASE_DIR HEAD_DIR" in err


def test_the_working_tree_and_index_are_untouched(repo, monkeypatch, capsys):
    (repo / "wrapper" / "manifest.yaml").write_text(
        (repo / "wrapper" / "manifest.yaml").read_text().replace("Echo Box", "Echo Bix"))
    (repo / "untracked.txt").write_text("mine\n")
    before = snapshot_state(repo)
    assert diff(monkeypatch, repo / "wrapper", "--base", "c1") == 1
    assert diff(monkeypatch, repo, "--base", "c1", "--head", "c2", "wrapper") == 1
    assert diff(monkeypatch, repo, "--format", "markdown", "wrapper") == 1
    capsys.readouterr()
    assert snapshot_state(repo) == before


def test_materialise_keeps_modes_and_links_and_skips_export_attributes(repo, tmp_path):
    w = repo / "wrapper"
    (w / "link.sh").symlink_to("docker_entrypoint.sh")
    (repo / ".gitattributes").write_text("wrapper/Dockerfile export-ignore\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "c3")
    sha = git(repo, "rev-parse", "HEAD")
    out = materialise(repo, Commit(sha, "c3"), "wrapper", tmp_path / "m")
    assert (out / "Dockerfile").is_file()  # `git archive` would have left it out
    assert os.readlink(out / "link.sh") == "docker_entrypoint.sh"
    assert os.access(out / "docker_entrypoint.sh", os.X_OK)
    assert not os.access(out / "manifest.yaml", os.X_OK)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in w.iterdir())
