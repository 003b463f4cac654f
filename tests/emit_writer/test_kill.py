"""The kill test: random kill -9 / SIGTERM / SIGINT during `--force` updates of a project of
1700+ files, then the next run; the tree must always be exactly the old or the new project.

Half of the kills land at an injected moment (the process signals itself before its k-th
file-system call, k random over the whole run), half after a random delay. After each:

* SIGTERM / SIGINT: the interrupted process has already rolled back or committed, so the
  tree is the old or the new project as it stands, before any other run;
* every fourth kill: the writer released before the journal is run on a copy of what the
  kill left, going back to the old project; it must refuse without touching anything, or
  write it without a single spurious .orig (a backup of a file the user never edited);
* the next run recovers (`recover_output`, what every writing run does first): the tree is
  exactly the old or the new project, FILES matches the disk, no .orig/.tmp debris; then
  the update itself runs and gives exactly the new project.

Budget: STARTOS_MIGRATE_KILL_N kills (default 20, 1-3 s each), STARTOS_MIGRATE_KILL_SEED
picks the moments. STARTOS_MIGRATE_KILL_WRITER=release runs the same kills against the
writer released before the journal (expected to fail: it shows what the test catches).
See docs/crash-consistency.md.
"""

from __future__ import annotations

import collections
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migrator.emit.writer import MANIFEST_PATH, parse_manifest, recover_output, write_project
from migrator.emit.writer.model import sha256
from tests.conftest import REPO
from tests.emit_writer import release_writer
from tests.emit_writer.kill_harness import (
    USER_EDITED, prepare_user_changes, release_file, versions,
)
from tests.emit_writer.test_writer import snapshot

N = int(os.environ.get("STARTOS_MIGRATE_KILL_N", "20"))
SEED = int(os.environ.get("STARTOS_MIGRATE_KILL_SEED", "20261202"))
WRITER = os.environ.get("STARTOS_MIGRATE_KILL_WRITER", "current")
SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGKILL, signal.SIGINT)


def _harness(out: Path, *extra: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "tests.emit_writer.kill_harness", str(out),
                             WRITER, *map(str, extra)], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _private(tree: dict) -> dict:
    return {p: v for p, v in tree.items() if not p.startswith(".startos-migrate/.txn-")}


def _debris(tree: dict, legit: dict) -> list[str]:
    return [p for p in tree if p.endswith((".orig", ".tmp")) and p not in legit]


def _manifest_matches_disk(out: Path) -> bool:
    """Every file FILES lists is on disk with that hash, but the ones the user edited."""
    listed = parse_manifest((out / MANIFEST_PATH).read_bytes())
    differ = {p for p, digest in listed.items()
              if not (out / p).is_file() or sha256((out / p).read_bytes()) != digest}
    return differ <= set(USER_EDITED)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        if os.environ.get("STARTOS_MIGRATE_KILL_FSYNC") != "1":
            patch.setattr(os, "fsync", lambda fd: None)  # see kill_harness.no_fsync
        yield _project(tmp_path_factory)


def _project(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("kill")
    old, new = versions()
    template = root / "template"
    write_project(template, old)
    prepare_user_changes(template)
    expected = root / "expected"
    shutil.copytree(template, expected, symlinks=True)
    proc = _harness(expected)
    assert proc.stdout.readline().strip() == "ready"
    started = time.monotonic()  # the random delays of timed kills span the write itself
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    calls = int(stdout.split("calls ")[1])
    return {"root": root, "template": template, "old": old, "new": new, "calls": calls,
            "duration": time.monotonic() - started, "old_tree": snapshot(template),
            "new_tree": snapshot(expected)}


def _interrupt(project: dict, out: Path, signum: int, rng: random.Random, injected: bool):
    if injected:
        at = rng.randint(1, project["calls"])
        proc = _harness(out, at, int(signum))
    else:
        proc = _harness(out)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, project["duration"]))
        proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=300)
    assert "Traceback" not in stderr, stderr
    return proc.returncode


def _spurious(tree: dict, project: dict) -> list[str]:
    """.tmp files, and .orig copies of content startos-migrate generated (a backup of a file
    the user never edited: the flood an older release made after a crash)."""
    generated = collections.defaultdict(set)
    for f in project["old"] + project["new"]:
        generated[f.path].add(f.content)
    return [p for p, v in tree.items() if p.endswith(".tmp") or p.endswith(".orig")
            and v[0] == "file" and v[1] in generated.get(p[:-len(".orig")], ())]


def _release_going_back(project: dict, out: Path, crashed: dict, failures: list) -> str:
    """The writer released before the journal, run on a copy of what the kill left, to go
    back to the old project: it must refuse without touching anything, or write it without
    a single spurious .orig."""
    copy = out.with_name(out.name + "-release")
    shutil.copytree(out, copy, symlinks=True)
    try:
        release_writer.write_project(copy, [release_file(f) for f in project["old"]],
                                     force=True)
    except release_writer.OutputError as err:
        if snapshot(copy) != crashed:
            failures.append(f"{out.name}: the release refused ({err.code}) but changed files")
        outcome = f"release going back refused ({err.code})"
    else:
        spurious = _spurious(snapshot(copy), project)
        if spurious:
            failures.append(f"{out.name}: the release going back made {len(spurious)} "
                            f"spurious .orig/.tmp files, e.g. {spurious[:3]}")
        outcome = f"release going back wrote it, {len(spurious)} spurious .orig/.tmp"
    shutil.rmtree(copy)
    return outcome


def _next_run(project: dict, out: Path) -> str:
    if WRITER == "release":
        release_writer.write_project(out, [release_file(f) for f in project["new"]],
                                     force=True)
        return "release rerun"
    return recover_output(out) or "nothing to recover"


def test_kill_during_force_updates_always_leaves_the_old_or_the_new_project(project, capsys):
    old_tree, new_tree = project["old_tree"], project["new_tree"]
    assert sum(1 for p, v in old_tree.items() if v[0] == "file") >= 1500
    rng = random.Random(SEED)
    outcomes: collections.Counter = collections.Counter()
    failures = []
    for k in range(N):
        signum, injected = SIGNALS[k % len(SIGNALS)], (k // len(SIGNALS)) % 2 == 0
        out = project["root"] / f"run{k}"
        shutil.copytree(project["template"], out, symlinks=True)
        code = _interrupt(project, out, signum, rng, injected)
        crashed = snapshot(out)
        stage = "old" if crashed == old_tree else "new" if crashed == new_tree else "mixed"
        if signum != signal.SIGKILL and stage == "mixed":
            failures.append(f"run {k}: {signum.name} left a mixed tree (exit {code})")
        if WRITER == "release" or k % 4 == 0:
            outcomes[_release_going_back(project, out, crashed, failures)] += 1
        try:
            how = _next_run(project, out)
        except Exception as exc:  # noqa: BLE001 - counted and reported below
            how = f"next run failed: {exc}"
        tree = snapshot(out)
        debris = _debris(tree, new_tree)
        final = "old" if tree == old_tree else "new" if tree == new_tree else "mixed"
        outcomes[f"{signum.name} {'injected' if injected else 'timed'}: {stage} -> {how} "
                 f"-> {final}"] += 1
        if final == "mixed" or debris or not _manifest_matches_disk(out):
            failures.append(f"run {k}: {signum.name} then {how}: {final}, {len(debris)} "
                            f"spurious .orig/.tmp, FILES matches disk: "
                            f"{_manifest_matches_disk(out)}")
        elif WRITER == "current" and k % 4 == 1:
            write_project(out, project["new"], force=True)
            if snapshot(out) != new_tree:
                failures.append(f"run {k}: the update after the recovery is not the new tree")
        shutil.rmtree(out)
    with capsys.disabled():
        print(f"\nkill test: {N} kills of a {len(old_tree)}-entry project "
              f"({project['calls']} file-system calls per update, {WRITER} writer)")
        for line, count in sorted(outcomes.items()):
            print(f"  {count:3d}  {line}")
        print(f"  failures: {len(failures)}")
    assert not failures, "\n".join(failures)


def test_two_concurrent_updates_never_interleave(project):
    """Both start at once: one writes, the other finds the lock (L680) or, if it starts
    after the first has finished, has nothing left to do. Before the lock they interleaved
    and the loser 'rolled back' over the winner's files."""
    seen = collections.Counter()
    for k in range(3):
        out = project["root"] / f"race{k}"
        shutil.copytree(project["template"], out, symlinks=True)
        procs = [_harness(out), _harness(out)]
        results = [(p.returncode, stdout) for p in procs
                   for stdout, _ in [p.communicate(timeout=300)]]
        for code, stdout in results:
            assert code == 0 or (code == 2 and "L680" in stdout), stdout
            seen["refused (L680)" if code else "wrote or found nothing to do"] += 1
        assert snapshot(out) == project["new_tree"]
        shutil.rmtree(out)
    print(dict(seen))
