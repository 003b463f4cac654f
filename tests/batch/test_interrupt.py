"""Ctrl-C on a running batch (a real SIGINT to a `startos-migrate batch` process): exit 130,
no half-written project, and a report of what finished."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.batch.state import output_hash, output_matches

WRAPPERS = Path(__file__).resolve().parents[1] / "fixtures" / "wrappers"
REPO = Path(__file__).resolve().parents[2]
COPIES = 8  # every fixture several times: the batch is still running when SIGINT comes


@pytest.mark.parametrize("jobs", [1, 2])
def test_sigint_stops_cleanly(jobs, tmp_path):
    names = sorted(p.name for p in WRAPPERS.iterdir() if p.is_dir())
    (tmp_path / "list.txt").write_text("".join(f"{WRAPPERS / n}\n" for n in names) * COPIES)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "migrator", "batch", "--list", str(tmp_path / "list.txt"),
         "-o", str(out), "-j", str(jobs)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    first = proc.stderr.readline()  # the first wrapper is done: the batch is under way
    assert first.startswith("[1/"), first
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=120)
    assert proc.returncode == 130, stdout
    report = json.loads((out / "report.json").read_text())
    rows = report["wrappers"]
    done = [r for r in rows if r["status"] == "converted"]
    assert done and report["totals"]["interrupted"] > 0
    assert len(rows) == len(names) * COPIES
    for row in rows:
        project = out / row["name"]
        if row["status"] == "converted":
            assert output_matches(project, output_hash(project)), row["name"]
        else:
            assert row["status"] == "not-run"
            # not started, or rolled back to nothing: never a partial project
            assert not project.exists() or output_matches(project, output_hash(project))
    assert not [p for p in out.iterdir() if "staging" in p.name]
