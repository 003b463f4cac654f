"""Read a wrapper directory as it is at a git commit, without touching the working tree.

Only plumbing that reads the object database is used (rev-parse, merge-base, ls-tree,
cat-file): no checkout, no index update, no `git archive` (whose export-subst and
export-ignore attributes would change the files). Git runs with a timeout, never a pager,
never a prompt, with hooks and the fsmonitor off.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

GIT_TIMEOUT = 60.0  # seconds, per git command
_GIT_ENV = {"GIT_PAGER": "cat", "PAGER": "cat", "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": "", "LC_ALL": "C"}
_GIT_CONFIG = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
               "-c", "core.pager=cat")
_SYMLINK, _SUBMODULE = "120000", "160000"


class GitError(Exception):
    """A git step failed; the message says which and why, in words for the user, and
    `code` is its diagnostic code (B721 no such commit, B722 git failed, B724 no such
    directory at the commit)."""

    def __init__(self, message: str, code: str = "B722"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Commit:
    sha: str
    label: str  # what the user asked for, e.g. "origin/HEAD merge-base (1a2b3c4d5e6f)"


def git(args: list[str], cwd: Path, *, stdin: bytes | None = None,
        check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, **_GIT_ENV}
    try:
        proc = subprocess.run(["git", *_GIT_CONFIG, "--no-pager", *args], cwd=cwd, env=env,
                              input=stdin, capture_output=True, timeout=GIT_TIMEOUT,
                              stdin=None if stdin is not None else subprocess.DEVNULL)
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on PATH)") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"`git {args[0]}` took longer than {GIT_TIMEOUT:.0f} s") from exc
    if check and proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"`git {args[0]}` failed: {err[-1] if err else proc.returncode}")
    return proc


def repo_root(start: Path) -> Path | None:
    """The top of the git working tree holding `start`, or None outside any."""
    here = Path(os.path.abspath(start))
    while not here.is_dir():
        here = here.parent
    try:
        proc = git(["rev-parse", "--show-toplevel"], here, check=False)
    except GitError:
        return None
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.decode("utf-8", "surrogateescape").strip())


def resolve(root: Path, ref: str) -> str | None:
    """The commit `ref` names, or None when it names none."""
    if not ref or ref.startswith("-"):
        return None  # never an option to git
    proc = git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root, check=False)
    return proc.stdout.decode().strip() if proc.returncode == 0 else None


def commit(root: Path, ref: str) -> Commit:
    sha = resolve(root, ref)
    if sha is None:
        raise GitError(f"`{ref}` is not a commit in this repository (no such branch, tag or "
                       f"revision)", "B721")
    return Commit(sha, f"{ref} ({sha[:12]})")


def default_base(root: Path) -> Commit:
    """The merge-base of HEAD with origin/HEAD (what a pull request is compared with), or
    HEAD~1 when there is no origin/HEAD."""
    if resolve(root, "HEAD") is None:
        raise GitError("the repository has no commit yet: nothing to compare with", "B721")
    if resolve(root, "refs/remotes/origin/HEAD") is not None:
        proc = git(["merge-base", "HEAD", "refs/remotes/origin/HEAD"], root, check=False)
        if proc.returncode == 0:
            sha = proc.stdout.decode().strip()
            return Commit(sha, f"merge-base of HEAD and origin/HEAD ({sha[:12]})")
    sha = resolve(root, "HEAD~1")
    if sha is None:
        raise GitError("HEAD has no parent commit and there is no origin/HEAD: give the base "
                       "with --base REF", "B721")
    return Commit(sha, f"HEAD~1 ({sha[:12]})")


def _entries(root: Path, sha: str, prefix: str) -> list[tuple[str, str, str]]:
    """(mode, object id, path relative to `prefix`) of every file under `prefix` at `sha`."""
    args = ["ls-tree", "-r", "-z", "--full-tree", sha]
    if prefix:
        args += ["--", prefix]
    out = git(args, root).stdout
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        path = raw_path.decode("utf-8", "surrogateescape")
        if prefix:
            if not path.startswith(prefix + "/"):
                continue  # the prefix itself is a file, or a sibling sharing its start
            path = path[len(prefix) + 1:]
        if kind == "blob" and mode != _SUBMODULE:
            entries.append((mode, oid, path))
    return entries


def _blobs(root: Path, oids: list[str]) -> dict[str, bytes]:
    """Object contents read in one `git cat-file --batch` call."""
    out = git(["cat-file", "--batch"], root, stdin="".join(f"{o}\n" for o in oids).encode()
              ).stdout
    blobs, pos = {}, 0
    while pos < len(out):
        header_end = out.index(b"\n", pos)
        oid, kind, size = out[pos:header_end].decode().split(" ")
        start = header_end + 1
        blobs[oid] = out[start:start + int(size)]
        pos = start + int(size) + 1
    return blobs


def _safe_parts(path: str) -> tuple[str, ...] | None:
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None  # a crafted tree; git itself refuses to check such a path out
    return parts


def materialise(root: Path, at: Commit, prefix: str, dest: Path) -> Path:
    """Write the files under `prefix` at commit `at` into `dest` (a fresh directory)."""
    entries = _entries(root, at.sha, prefix)
    if not entries:
        raise GitError(f"`{prefix or '.'}` is not a directory at {at.label}", "B724")
    blobs = _blobs(root, sorted({oid for _, oid, _ in entries}))
    links = []
    for mode, oid, path in entries:
        parts = _safe_parts(path)
        if parts is None:
            continue
        target = dest.joinpath(*parts)
        if mode == _SYMLINK:
            links.append((target, blobs[oid]))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blobs[oid])
        if mode == "100755":
            target.chmod(0o755)
    # Links last, so no file above is ever written through one; the read stage decides
    # whether a link may be followed (never out of the wrapper).
    for target, link in links:
        if _through_link(dest, target) or target.exists() or target.is_symlink():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(os.fsdecode(link), target)
    return dest


def _through_link(dest: Path, target: Path) -> bool:
    """True when a directory between `dest` and `target` is a symbolic link (a crafted tree
    with a link and a file beneath it): the link would be made outside `dest`."""
    here = target.parent
    while here != dest and here != here.parent:
        if here.is_symlink():
            return True
        here = here.parent
    return False
