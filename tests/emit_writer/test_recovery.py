"""Crash consistency of `convert --force`: journal, recovery, lock, signals, staging, OUT.

A crash is simulated in-process by stopping the update between two operations with
neither the rollback nor the cleanup running (what kill -9 leaves); test_kill.py does the
same with real signals on a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from migrator import cli
from migrator.emit import writer
from migrator.emit.writer import apply, journal, lock
from migrator.emit.writer import (
    MANIFEST_HEADER, MANIFEST_PATH, GeneratedFile, InterruptedWrite, OutputError, plan_project,
    recover_output, write_project,
)
from tests.conftest import REPO, WRAPPERS
from tests.emit_writer import release_writer
from tests.emit_writer.test_writer import BASE, _update_scenario, snapshot

GF = GeneratedFile


class Crash(BaseException):
    """Stands for kill -9: nothing after it runs, not even a rollback."""


def _expected_new(tmp_path: Path) -> dict:
    out = tmp_path / "expected"
    new = _update_scenario(out)
    write_project(out, new, force=True)
    return snapshot(out)


def _op_count(tmp_path: Path) -> int:
    out = tmp_path / "count"
    new = _update_scenario(out)
    count = [0]
    real = apply._do

    def counting(*args):
        count[0] += 1
        real(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apply, "_do", counting)
        write_project(out, new, force=True)
    return count[0]


def crash_update(out: Path, files, at: int) -> None:
    """Run the update and 'kill' it before its operation number `at`."""
    real, done = apply._do, [0]

    def do(*args):
        if done[0] == at:
            raise Crash
        done[0] += 1
        real(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apply, "_do", do)
        patch.setattr(apply, "rollback", lambda out, journal: [])
        patch.setattr(apply.Txn, "remove", lambda self: None)
        with pytest.raises(Crash):
            write_project(out, files, force=True)


def debris(tree: dict) -> list[str]:
    return [p for p in tree if p.endswith((".tmp", ".orig")) and p != "startos/manifest.ts.orig"
            or "/.txn-" in p]


# --- the journal ---------------------------------------------------------------------------


def test_a_crash_at_any_operation_is_rolled_back_exactly(tmp_path):
    """Before the journal a crash left old and new files mixed, FILES describing neither."""
    total, new_tree = _op_count(tmp_path), _expected_new(tmp_path)
    assert total >= 8
    for at in range(total):
        out = tmp_path / f"o{at}"
        new = _update_scenario(out)
        before = snapshot(out)
        crash_update(out, new, at)
        assert (out / MANIFEST_PATH).read_bytes().startswith(f"{MANIFEST_HEADER} -- UPDATE".encode())
        assert recover_output(out) == "rolled back"
        assert snapshot(out) == before, at
        report = write_project(out, new, force=True)
        assert report.recovered == "" and snapshot(out) == new_tree, at


def test_the_next_update_recovers_first_and_reports_it(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    crash_update(out, new, 3)
    report = write_project(out, new, force=True)
    assert report.recovered == "rolled back"
    assert snapshot(out) == _expected_new(tmp_path)
    assert not debris(snapshot(out))


def test_a_crash_after_the_commit_only_needs_the_cleanup(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apply.Txn, "remove", lambda self: None)
        write_project(out, new, force=True)
    assert [p for p in snapshot(out) if p.endswith("/JOURNAL")]
    assert recover_output(out) == "completed"
    assert snapshot(out) == _expected_new(tmp_path)


def test_an_interrupted_rollback_is_finished_by_the_next_run(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    before = snapshot(out)
    crash_update(out, new, 7)
    real, undone = journal._undo, [0]

    def undo(*args):
        if undone[0] == 3:
            raise Crash
        undone[0] += 1
        real(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal, "_undo", undo)
        with pytest.raises(Crash):
            recover_output(out)
    assert recover_output(out) == "rolled back"
    assert snapshot(out) == before


def test_a_release_without_journals_refuses_a_half_done_update(tmp_path):
    """The release before the journal, run on the same debris, made a .orig of every file
    already replaced; now FILES says 'in progress' and it refuses without touching."""
    out = tmp_path / "o"
    new = _update_scenario(out)
    crash_update(out, new, 6)
    crashed = snapshot(out)
    for force in (True, False):
        with pytest.raises(release_writer.OutputError) as info:
            release_writer.write_project(out, new, force=force)
        assert info.value.code == ("L633" if force else "L630")
    assert snapshot(out) == crashed


def test_a_release_without_journals_ignores_a_committed_updates_leftovers(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apply.Txn, "remove", lambda self: None)
        write_project(out, new, force=True)
    report = release_writer.write_project(out, new, force=True)
    assert not report.changed and report.kept_user_files == ("startos/manifest.ts.orig",
                                                              "user.txt")


def test_plan_refuses_while_an_update_is_pending(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    crash_update(out, new, 2)
    with pytest.raises(OutputError) as info:
        plan_project(out, new, force=True)
    assert info.value.code == "L685" and "convert --force" in info.value.message


def test_an_unreadable_journal_is_refused_and_nothing_changes(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    crash_update(out, new, 2)
    (found,) = [p for p in (out / ".startos-migrate").glob(".txn-*/JOURNAL")]
    found.write_bytes(b"{not json")
    crashed = snapshot(out)
    with pytest.raises(OutputError) as info:
        write_project(out, new, force=True)
    assert info.value.code == "L683" and info.value.path == str(found)
    assert snapshot(out) == crashed


def test_a_tampered_journal_cannot_reach_outside_out(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    crash_update(out, new, 2)
    (found,) = [p for p in (out / ".startos-migrate").glob(".txn-*/JOURNAL")]
    found.write_bytes(found.read_bytes().replace(b'"path": "old/x.ts"',
                                                 b'"path": "../outside.txt"'))
    with pytest.raises(OutputError) as info:
        write_project(out, new, force=True)
    assert info.value.code == "L683"
    assert not (tmp_path / "outside.txt").exists()


def test_rollback_never_follows_a_symlink_planted_after_the_crash(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    crash_update(out, new, 4)  # stale old/x.ts removed, its directory pruned
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "old").symlink_to(outside)
    with pytest.raises(OutputError) as info:
        write_project(out, new, force=True)
    assert info.value.code == "L638" and "symbolic link" in info.value.message
    assert list(outside.iterdir()) == []


def test_manifest_marker_without_a_journal_names_the_problem(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / MANIFEST_PATH).write_bytes(journal.poison(".txn-gone"))
    with pytest.raises(OutputError) as info:
        write_project(out, BASE, force=True)
    assert info.value.code == "L633" and "interrupted update" in info.value.message


# --- signals -------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("at", [0, 5])
def test_a_signal_during_an_update_rolls_it_back(tmp_path, signum, at):
    """SIGTERM killed the process mid-update, SIGINT left .tmp files and mixed files."""
    out = tmp_path / "o"
    new = _update_scenario(out)
    before = snapshot(out)
    real, done = apply._do, [0]

    def do(*args):
        if done[0] == at:
            os.kill(os.getpid(), signum)
        done[0] += 1
        real(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apply, "_do", do)
        with pytest.raises(InterruptedWrite) as info:
            write_project(out, new, force=True)
    assert info.value.code == "L684" and info.value.signum == signum
    assert signal.Signals(signum).name in info.value.message
    assert snapshot(out) == before
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored


def test_a_signal_during_a_fresh_build_leaves_nothing(tmp_path, monkeypatch):
    real = apply.write_durable

    def write(path, data, mode, **options):
        if os.path.basename(path) == "manifest.ts":
            os.kill(os.getpid(), signal.SIGTERM)
        real(path, data, mode, **options)

    monkeypatch.setattr(apply, "write_durable", write)
    with pytest.raises(InterruptedWrite):
        write_project(tmp_path / "o", BASE)
    assert list(tmp_path.iterdir()) == []


def test_cli_exit_code_of_an_interrupted_conversion(tmp_path, monkeypatch, capsys):
    out = tmp_path / "o"
    assert cli.main(["convert", str(WRAPPERS / "hello-v03"), "-o", str(out)]) == 0
    before = snapshot(out)
    monkeypatch.setattr(apply, "_do", lambda *args: os.kill(os.getpid(), signal.SIGTERM))
    assert cli.main(["convert", str(WRAPPERS / "hello-v02"), "-o", str(out), "--force"]) == 143
    assert "error[L684]" in capsys.readouterr().out
    assert snapshot(out) == before


# --- lock ----------------------------------------------------------------------------------


def test_a_concurrent_run_is_refused_with_a_located_error(tmp_path):
    """Two runs used to interleave; the loser 'rolled back' over the winner's files."""
    out = tmp_path / "o"
    new = _update_scenario(out)
    before = snapshot(out)
    with lock.OutputLock(out.absolute()) as held:
        with pytest.raises(OutputError) as info:
            write_project(out, new, force=True)
        assert info.value.code == "L680"
        assert info.value.path == str(held.owner)
        assert f"pid {os.getpid()}" in info.value.message
    assert snapshot(out) == before
    write_project(out, new, force=True)


def test_a_run_in_another_process_holds_the_lock_until_it_ends(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from migrator.emit.writer.lock import OutputLock\n"
         "with OutputLock(Path(sys.argv[1])):\n print('held', flush=True); sys.stdin.read()",
         str(out.absolute())], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError) as info:
            write_project(out, new, force=True)
        assert info.value.code == "L680" and f"pid {holder.pid}" in info.value.message
    finally:
        holder.communicate("")
    write_project(out, new, force=True)  # released when its process ended
    assert snapshot(out) == _expected_new(tmp_path)


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    stale = out / ".startos-migrate" / ".txn-lock"
    stale.mkdir()
    (stale / "owner").write_text("pid 4194303\nhost elsewhere\nsince 2020-01-01T00:00:00Z\n")
    write_project(out, new, force=True)
    assert not stale.exists()
    assert snapshot(out) == _expected_new(tmp_path)


def test_a_refused_first_update_leaves_no_state_directory(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "package.json").write_text("user")
    with pytest.raises(OutputError):
        write_project(out, BASE, force=True)
    assert list(snapshot(out)) == ["package.json"]


# --- staging directories -------------------------------------------------------------------


def test_staging_directory_of_a_killed_build_is_removed(tmp_path):
    """A kill during a fresh build left `.OUT.*` next to OUT for good."""
    dead = tmp_path / f".o.startos-migrate-staging.4194303.{'ab' * 8}"
    (dead / "startos").mkdir(parents=True)
    (dead / "startos" / "x.ts").write_text("partial")
    alive = tmp_path / f".o.startos-migrate-staging.{os.getppid()}.{'cd' * 8}"
    alive.mkdir()
    user = tmp_path / ".o.mine"
    user.mkdir()
    write_project(tmp_path / "o", BASE)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, user.name, "o"])


def test_fresh_build_leaves_no_staging_directory(tmp_path):
    write_project(tmp_path / "o", BASE)
    (tmp_path / "e").mkdir()
    write_project(tmp_path / "e", BASE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e", "o"]


# --- OUT inside the wrapper ----------------------------------------------------------------


def _wrapper_copy(tmp_path: Path) -> Path:
    import shutil

    wrapper = tmp_path / "w"
    shutil.copytree(WRAPPERS / "hello-v03", wrapper)
    return wrapper


@pytest.mark.parametrize("where", ["out", "deep/er/out", "."])
def test_out_inside_the_wrapper_is_refused(tmp_path, capsys, where):
    """Each run nested the previous output inside the new one."""
    wrapper = _wrapper_copy(tmp_path)
    before = snapshot(wrapper)
    assert cli.main(["convert", str(wrapper), "-o", str(wrapper / where), "--force"]) == 2
    assert "error[L681]" in capsys.readouterr().out
    assert snapshot(wrapper) == before


def test_out_reaching_the_wrapper_through_a_symlink_is_refused(tmp_path, capsys):
    wrapper = _wrapper_copy(tmp_path)
    (tmp_path / "link").symlink_to(wrapper)
    assert cli.main(["convert", str(wrapper), "-o", str(tmp_path / "link" / "out")]) == 2
    assert "error[L681]" in capsys.readouterr().out
    assert not (wrapper / "out").exists()


def test_out_beside_the_wrapper_is_fine(tmp_path):
    wrapper = _wrapper_copy(tmp_path)
    assert cli.main(["convert", str(wrapper), "-o", str(tmp_path / "w-out")]) == 0


def test_writer_parts_stay_small():
    for path in Path(writer.__file__).parent.glob("*.py"):
        assert len(path.read_text().splitlines()) <= 400, path
