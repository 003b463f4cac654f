"""Staging directories left by a killed fresh build are swept by the next write beside them."""

from __future__ import annotations

import os
import subprocess
import sys

from migrator.emit.writer import GeneratedFile, apply, write_project

FILES = [GeneratedFile("package.json", b"{}\n")]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_dead_builds_beside_out_are_swept_whatever_project_they_were_for(tmp_path):
    dead, alive = _dead_pid(), os.getppid()  # pytest's parent outlives the test
    leftovers = [apply._staging_name(tmp_path / name, pid, "0123456789abcdef")
                 for name, pid in (("one", dead), ("other", dead), ("live", alive))]
    for name in leftovers:
        (tmp_path / name / "startos").mkdir(parents=True)
    (tmp_path / ".not-ours").mkdir()

    write_project(tmp_path / "one", FILES)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".not-ours", leftovers[2], "one"])


def test_the_directory_is_swept_once_per_process(tmp_path):
    write_project(tmp_path / "first", FILES)
    late = tmp_path / apply._staging_name(tmp_path / "x", _dead_pid(), "fedcba9876543210")
    late.mkdir()

    write_project(tmp_path / "second", FILES)  # a batch's next project: no second listing

    assert late.is_dir()
