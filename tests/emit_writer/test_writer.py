"""The project writer: nothing the user had is ever overwritten or lost."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from migrator.diagnostics import Diagnostics
from migrator.emit.writer import apply
from migrator.emit.writer import (
    MANIFEST_HEADER,
    MANIFEST_PATH,
    GeneratedFile,
    OutputError,
    WriteReport,
    parse_manifest,
    plan_project,
    render_manifest,
    write_project,
)

GF = GeneratedFile

BASE = [
    GF("package.json", b'{"name": "demo"}\n'),
    GF("startos/manifest.ts", b"export const manifest = {}\n"),
    GF("startos/actions/index.ts", b"export {}\n"),
    GF("scripts/build.sh", b"#!/bin/sh\necho build\n", executable=True),
]


# --- helpers -------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under `root` without following symlinks: {path: (kind, payload, mode)}."""
    tree: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            st_ = os.lstat(path)
            if stat.S_ISLNK(st_.st_mode):
                tree[rel] = ("link", os.readlink(path), None)
            elif stat.S_ISDIR(st_.st_mode):
                tree[rel] = ("dir", None, stat.S_IMODE(st_.st_mode))
            else:
                tree[rel] = ("file", path.read_bytes(), stat.S_IMODE(st_.st_mode))
    return tree


def files_of(root: Path) -> dict[str, bytes]:
    return {p: v[1] for p, v in snapshot(root).items() if v[0] == "file"}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): os.lstat(p).st_mtime_ns for p in root.rglob("*")}


def expect_error(code: str, out: Path, files, **kwargs) -> OutputError:
    with pytest.raises(OutputError) as info:
        write_project(out, files, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def everything(files) -> tuple[str, ...]:
    return tuple(sorted([f.path for f in files] + [MANIFEST_PATH]))


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


# --- fresh and empty output ----------------------------------------------------------------


def test_fresh_directory_gets_every_file_and_the_manifest(tmp_path):
    out = tmp_path / "deep" / "proj"
    report = write_project(out, BASE)
    assert report == WriteReport(everything(BASE), (), (), ())
    assert report.changed
    on_disk = files_of(out)
    assert {f.path: f.content for f in BASE}.items() <= on_disk.items()
    assert set(on_disk) == set(everything(BASE))
    assert siblings(out) == ["proj"]  # no staging directory left next to it


def test_manifest_format_is_sorted_hashes_with_a_version_header(tmp_path):
    write_project(tmp_path / "o", BASE)
    text = (tmp_path / "o" / MANIFEST_PATH).read_text()
    assert text.encode() == render_manifest(list(reversed(BASE)))
    lines = text.splitlines()
    assert lines[0] == MANIFEST_HEADER == "# startos-migrate FILES v1"
    paths = [line.split("  ", 1)[1] for line in lines[1:]]
    assert paths == sorted(f.path for f in BASE)
    for line in lines[1:]:
        digest, path = line.split("  ", 1)
        content = next(f.content for f in BASE if f.path == path)
        assert digest == hashlib.sha256(content).hexdigest()
    assert parse_manifest(text.encode()) == {
        f.path: hashlib.sha256(f.content).hexdigest() for f in BASE}


def test_empty_directory_is_filled(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    report = write_project(out, BASE)
    assert report.written == everything(BASE)
    assert set(files_of(out)) == set(everything(BASE))
    assert siblings(out) == ["o"]


def test_modes_are_explicit_and_the_tree_is_deterministic(tmp_path):
    old = os.umask(0o077)  # a strict umask must not leak into the output
    try:
        write_project(tmp_path / "a", BASE)
        write_project(tmp_path / "b", list(reversed(BASE)))
    finally:
        os.umask(old)
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a == b
    assert a["scripts/build.sh"][2] == 0o755
    assert a["package.json"][2] == 0o644
    assert a["startos"] == ("dir", None, 0o755)
    assert stat.S_IMODE(os.lstat(tmp_path / "a").st_mode) == 0o755


# --- non-empty output without --force ------------------------------------------------------


def test_non_empty_directory_without_force_is_refused_and_untouched(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    error = expect_error("L630", out, BASE)
    assert "--force" in error.message and error.path == str(out)
    assert snapshot(out) == before


def test_generated_directory_without_force_is_refused_when_anything_would_change(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    before = snapshot(out)
    expect_error("L630", out, BASE + [GF("new.txt", b"x")])
    expect_error("L630", out, BASE[:-1])  # a removal is a change too
    assert snapshot(out) == before


def test_identical_rerun_without_force_is_a_no_op(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "mine.txt").write_text("user")
    before, times = snapshot(out), mtimes(out)
    report = write_project(out, BASE)
    assert report == WriteReport((), everything(BASE), (), ("mine.txt",))
    assert not report.changed
    assert snapshot(out) == before and mtimes(out) == times


# --- updating with --force ----------------------------------------------------------------


def test_force_rerun_removes_stale_files_prunes_dirs_and_keeps_user_files(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE + [GF("old/only/a.ts", b"a"), GF("old/b.ts", b"b"),
                               GF("mixed/gen.ts", b"g")])
    (out / "mixed" / "user.ts").write_text("user")
    (out / "README.user").write_text("readme")
    new = BASE + [GF("fresh.ts", b"new")]
    report = write_project(out, new, force=True)
    assert report.written == (".startos-migrate/FILES", "fresh.ts")
    assert report.unchanged == tuple(sorted(f.path for f in BASE))
    assert report.removed_stale == ("mixed/gen.ts", "old/b.ts", "old/only/a.ts")
    assert report.kept_user_files == ("README.user", "mixed/user.ts")
    tree = snapshot(out)
    assert "old" not in tree  # emptied by the removal, so pruned
    assert tree["mixed/user.ts"][1] == b"user" and "mixed/gen.ts" not in tree
    assert parse_manifest((out / MANIFEST_PATH).read_bytes()).keys() == {f.path for f in new}
    assert [p for p in tree if ".txn-" in p or p.endswith(".tmp")] == []


def test_collision_with_a_user_file_is_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE + [GF("stale.ts", b"s")])
    (out / "src").mkdir()
    (out / "src" / "main.ts").write_text("user code")
    before = snapshot(out)
    error = expect_error("L631", out, BASE + [GF("src/main.ts", b"generated"),
                                              GF("other.ts", b"o")], force=True)
    assert "src/main.ts" in error.message and error.path == str(out / "src/main.ts")
    assert snapshot(out) == before  # not even the stale file or other.ts changed


def test_collision_with_a_user_file_in_place_of_a_directory(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "lib").write_text("user file where we want a directory")
    before = snapshot(out)
    error = expect_error("L631", out, BASE + [GF("lib/x.ts", b"x")], force=True)
    assert "lib" in error.message
    assert snapshot(out) == before


def test_every_collision_is_named_at_once(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "a.ts").write_text("1")
    (out / "b.ts").write_text("2")
    error = expect_error("L631", out, BASE + [GF("a.ts", b"x"), GF("b.ts", b"y")], force=True)
    assert "a.ts" in error.message and "b.ts" in error.message


def test_force_without_manifest_only_adds_files_where_nothing_exists(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    report = write_project(out, BASE, force=True)
    assert report.written == everything(BASE)
    assert report.kept_user_files == ("keep.txt",)
    assert (out / "keep.txt").read_text() == "mine"

    other = tmp_path / "p"
    other.mkdir()
    (other / "package.json").write_text("mine")  # even identical content would not be adopted
    before = snapshot(other)
    expect_error("L631", other, BASE, force=True)
    assert snapshot(other) == before


def test_a_directory_of_stale_files_can_become_a_file_and_back(tmp_path):
    out = tmp_path / "o"
    write_project(out, [GF("x/a", b"1"), GF("x/sub/b", b"2")])
    report = write_project(out, [GF("x", b"now a file")], force=True)
    assert report.removed_stale == ("x/a", "x/sub/b")
    assert files_of(out)["x"] == b"now a file"
    write_project(out, [GF("x/c", b"a directory again")], force=True)
    assert set(files_of(out)) == {"x/c", MANIFEST_PATH}


def test_a_directory_holding_user_files_never_becomes_a_file(tmp_path):
    out = tmp_path / "o"
    write_project(out, [GF("x/a", b"1")])
    (out / "x" / "mine").write_text("user")
    before = snapshot(out)
    expect_error("L631", out, [GF("x", b"file")], force=True)
    assert snapshot(out) == before


# --- generated files the user edited -------------------------------------------------------


def test_edited_generated_file_is_kept_as_orig_before_it_is_replaced(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "package.json").write_bytes(b"user edit\n")
    new = [GF("package.json", b'{"name": "demo2"}\n')] + BASE[1:]
    report = write_project(out, new, force=True)
    assert "package.json" in report.written
    assert report.kept_user_files == ("package.json.orig",)
    assert (out / "package.json.orig").read_bytes() == b"user edit\n"
    assert (out / "package.json").read_bytes() == b'{"name": "demo2"}\n'
    # The backup is a user file from now on: the next run keeps it and does not list it.
    report = write_project(out, new, force=True)
    assert not report.changed and report.kept_user_files == ("package.json.orig",)
    assert "package.json.orig" not in parse_manifest((out / MANIFEST_PATH).read_bytes())


def test_edited_generated_file_regenerated_unchanged_is_restored_with_a_backup(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "startos/manifest.ts").write_bytes(b"tweaked\n")
    report = write_project(out, BASE, force=True)
    assert report.written == ("startos/manifest.ts",)
    assert (out / "startos/manifest.ts.orig").read_bytes() == b"tweaked\n"


def test_edited_file_whose_backup_path_is_taken_is_refused(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "package.json").write_bytes(b"edit 1\n")
    (out / "package.json.orig").write_bytes(b"an older backup\n")
    before = snapshot(out)
    error = expect_error("L632", out, BASE + [GF("z.ts", b"z")], force=True)
    assert "package.json.orig" in error.message
    assert snapshot(out) == before


def test_edited_stale_file_is_kept_as_a_user_file(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE + [GF("gone/old.ts", b"old")])
    (out / "gone/old.ts").write_bytes(b"user made this theirs")
    report = write_project(out, BASE, force=True)
    assert report.removed_stale == ()
    assert report.kept_user_files == ("gone/old.ts",)
    assert (out / "gone/old.ts").read_bytes() == b"user made this theirs"


def test_edit_that_matches_the_new_content_is_simply_accepted(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "package.json").write_bytes(b"v2")
    report = write_project(out, [GF("package.json", b"v2")] + BASE[1:], force=True)
    assert report.written == (MANIFEST_PATH,)  # only the hash in the manifest changes
    assert not (out / "package.json.orig").exists()


def test_deleted_generated_file_is_recreated(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "package.json").unlink()
    report = write_project(out, BASE, force=True)
    assert report.written == ("package.json",)
    assert (out / "package.json").read_bytes() == BASE[0].content


# --- idempotence and executable bits -------------------------------------------------------


def test_second_identical_run_touches_nothing(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    before, times = snapshot(out), mtimes(out)
    dir_time = os.lstat(out).st_mtime_ns
    report = write_project(out, BASE, force=True)
    assert report == WriteReport((), everything(BASE), (), ())
    assert snapshot(out) == before and mtimes(out) == times
    assert os.lstat(out).st_mtime_ns == dir_time


def test_executable_bit_follows_the_generated_file(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    flipped = [GF(f.path, f.content, not f.executable) for f in BASE]
    report = write_project(out, flipped, force=True)
    assert report.written == tuple(sorted(f.path for f in BASE))  # the mode changed, not bytes
    modes = {p: v[2] for p, v in snapshot(out).items()}
    assert modes["scripts/build.sh"] == 0o644 and modes["package.json"] == 0o755


def test_mode_changed_by_the_user_is_restored(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    os.chmod(out / "scripts/build.sh", 0o600)
    report = write_project(out, BASE, force=True)
    assert report.written == ("scripts/build.sh",)
    assert stat.S_IMODE(os.lstat(out / "scripts/build.sh").st_mode) == 0o755


# --- path validation and symlinks ----------------------------------------------------------


@pytest.mark.parametrize("bad", [
    "../x", "/abs", "a/../b", "./a", "a/./b", "a//b", "a/", "", ".", "..", "a\\b", "a\nb",
    ".startos-migrate/FILES", ".startos-migrate/other", ".startos-migrate",
])
def test_invalid_generated_paths_are_refused(tmp_path, bad):
    out = tmp_path / "o"
    error = expect_error("L634", out, [GF("ok.txt", b"")] + [GF(bad, b"x")])
    assert repr(bad) in error.message
    assert not out.exists() and siblings(out) == []


def test_repeated_path_and_file_directory_clash_are_refused(tmp_path):
    expect_error("L634", tmp_path / "o", [GF("a", b"1"), GF("a", b"2")])
    expect_error("L634", tmp_path / "o", [GF("a", b"1"), GF("a/b", b"2")])
    assert list(tmp_path.iterdir()) == []


def test_symlinked_parent_pointing_outside_is_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.ts").write_text("precious")
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "lib").symlink_to(outside, target_is_directory=True)
    before, outside_before = snapshot(out), snapshot(outside)
    error = expect_error("L635", out, BASE + [GF("lib/victim.ts", b"pwned")], force=True)
    assert "lib" in error.message
    assert snapshot(out) == before and snapshot(outside) == outside_before


def test_symlink_at_a_generated_path_is_not_written_through(tmp_path):
    outside = tmp_path / "target.txt"
    outside.write_text("precious")
    out = tmp_path / "o"
    write_project(out, BASE)
    (out / "package.json").unlink()
    (out / "package.json").symlink_to(outside)
    expect_error("L635", out, BASE, force=True)
    assert outside.read_text() == "precious"


def test_stale_file_behind_a_user_symlink_is_left_alone(tmp_path):
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "a.ts").write_bytes(b"a")  # same bytes the manifest recorded
    out = tmp_path / "o"
    write_project(out, BASE + [GF("sub/a.ts", b"a")])
    (out / "sub" / "a.ts").unlink()
    (out / "sub").rmdir()
    (out / "sub").symlink_to(outside / "sub", target_is_directory=True)
    report = write_project(out, BASE, force=True)
    assert report.removed_stale == () and report.kept_user_files == ("sub",)
    assert (outside / "sub" / "a.ts").read_bytes() == b"a"


def test_output_that_is_a_symlink_or_a_file_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    expect_error("L636", tmp_path / "link", BASE, force=True)
    (tmp_path / "file").write_text("x")
    expect_error("L636", tmp_path / "file", BASE, force=True)
    expect_error("L636", tmp_path / "file" / "below", BASE)
    assert list(real.iterdir()) == []


def test_malformed_manifest_is_refused_with_force(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    manifest = out / MANIFEST_PATH
    for text in ["not a manifest\n", MANIFEST_HEADER + "\nabc  x\n",
                 MANIFEST_HEADER + "\n" + "0" * 64 + "  ../../etc/passwd\n"]:
        manifest.write_text(text)
        before = snapshot(out)
        expect_error("L633", out, BASE, force=True)
        assert snapshot(out) == before


def test_output_error_becomes_a_diagnostic(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "x").write_text("x")
    diags = Diagnostics()
    with pytest.raises(OutputError) as info:
        write_project(out, BASE)
    diagnostic = info.value.report(diags)
    assert diags.has_errors and diagnostic.code == "L630"
    assert diagnostic.location.file == str(out)


# --- failure injection ---------------------------------------------------------------------


def fail_on_call(monkeypatch, name: str, n: int) -> list[int]:
    """Make os.<name> raise on its n-th call only (so the rollback can still use it)."""
    real, calls = getattr(os, name), [0]

    def flaky(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n:
            raise OSError(5, f"injected failure in os.{name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, flaky)
    return calls


@pytest.mark.parametrize("existing", [False, True])
def test_fresh_build_failing_at_the_rename_leaves_nothing_behind(tmp_path, monkeypatch, existing):
    out = tmp_path / "o"
    if existing:
        out.mkdir()
    fail_on_call(monkeypatch, "rename", 1)
    expect_error("L637", out, BASE)
    assert siblings(out) == (["o"] if existing else [])
    assert not existing or list(out.iterdir()) == []


@pytest.mark.parametrize("call", ["fchmod", "fsync"])
def test_fresh_build_failing_mid_write_leaves_nothing_behind(tmp_path, monkeypatch, call):
    if call == "fsync":  # the fallback where syncfs(2) is missing: an fsync per file
        monkeypatch.setattr(apply, "sync_filesystem", lambda path: False)
    fail_on_call(monkeypatch, call, 3)
    expect_error("L637", tmp_path / "o", BASE)
    assert list(tmp_path.iterdir()) == []


def test_fresh_build_syncs_the_staged_tree_before_publishing_it(tmp_path, monkeypatch):
    """Durable before visible: the one syncfs runs while the project is still staged."""
    seen = []

    def sync(path):
        seen.append((path, (tmp_path / "o").exists()))
        return True

    monkeypatch.setattr(apply, "sync_filesystem", sync)
    write_project(tmp_path / "o", BASE)
    assert len(seen) == 1 and seen[0][1] is False and seen[0][0].parent == tmp_path


def _update_scenario(out: Path) -> list[GeneratedFile]:
    """An update doing every kind of step: create, replace, backup, chmod, remove, prune."""
    write_project(out, BASE + [GF("old/x.ts", b"x"), GF("dir2file/a", b"a")])
    (out / "user.txt").write_text("mine")
    (out / "startos/manifest.ts").write_bytes(b"edited by the user")
    return [GF("package.json", b"changed"), GF("startos/manifest.ts", b"regenerated"),
            GF("startos/actions/index.ts", BASE[2].content, executable=True),
            GF("scripts/build.sh", BASE[3].content, executable=True),
            GF("new/deep/file.ts", b"new"), GF("dir2file", b"now a file")]


def _successful_update(tmp_path: Path, name: str) -> tuple[int, dict]:
    """How often the scenario's update calls os.<name>, and the tree it produces."""
    out = tmp_path / "probe"
    new = _update_scenario(out)
    calls = [0]
    real = getattr(os, name)

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, name, counting)
        write_project(out, new, force=True)
    return calls[0], snapshot(out)


@pytest.mark.parametrize("name", ["replace", "rename", "link", "mkdir", "rmdir", "fsync"])
def test_update_failing_at_any_step_is_all_or_nothing(tmp_path, name):
    """Each injected failure either leaves the tree as it was (L637) or is survived by design
    (a hard link falls back to a copy, a directory fsync is best effort) with the full result."""
    total, result = _successful_update(tmp_path, name)
    assert total > 0
    refused = 0
    for n in range(1, total + 1):
        out = tmp_path / f"o{n}"
        new = _update_scenario(out)
        before = snapshot(out)
        with pytest.MonkeyPatch.context() as patch:
            fail_on_call(patch, name, n)
            try:
                write_project(out, new, force=True)
            except OutputError as error:
                refused += 1
                assert error.code == "L637", (name, n, error.message)
                assert snapshot(out) == before, (name, n)
                # The same update then succeeds: the failed run left no debris in the way.
                write_project(out, new, force=True)
        tree = snapshot(out)
        # A failed cleanup of the stash after the commit is survived; the stash is swept later.
        debris = [p for p in tree if p.startswith(".startos-migrate/.txn-")]
        assert not debris or name == "rmdir", (name, n)
        assert {p: v for p, v in tree.items() if p not in debris} == result, (name, n)
    assert refused or name in ("link", "fsync")


def test_stash_left_by_a_crash_is_not_a_user_file_and_is_swept(tmp_path):
    out = tmp_path / "o"
    write_project(out, BASE)
    stash = out / ".startos-migrate" / ".txn-crashed"
    stash.mkdir()
    (stash / "0123").write_bytes(b"old generated content")
    report = write_project(out, BASE, force=True)
    assert report.kept_user_files == () and not report.changed and stash.exists()
    write_project(out, BASE + [GF("more.ts", b"m")], force=True)
    assert not stash.exists()


def test_hard_links_are_optional(tmp_path, monkeypatch):
    out = tmp_path / "o"
    new = _update_scenario(out)

    def no_links(*args, **kwargs):
        raise PermissionError(1, "this filesystem has no hard links")

    monkeypatch.setattr(os, "link", no_links)
    write_project(out, new, force=True)
    assert (out / "startos/manifest.ts.orig").read_bytes() == b"edited by the user"
    assert (out / "startos/manifest.ts").read_bytes() == b"regenerated"


def test_successful_update_leaves_no_temporary_files(tmp_path):
    out = tmp_path / "o"
    new = _update_scenario(out)
    write_project(out, new, force=True)
    names = [p.name for p in out.rglob("*")]
    assert not [n for n in names if n.endswith(".tmp") or n.startswith(".txn-")]
    assert siblings(out) == ["o"]


# --- planning ------------------------------------------------------------------------------


def test_plan_project_reports_without_writing(tmp_path):
    out = tmp_path / "o"
    assert plan_project(out, BASE) == WriteReport(everything(BASE), (), (), ())
    assert not out.exists()
    new = _update_scenario(out)
    before, times = snapshot(out), mtimes(out)
    planned = plan_project(out, new, force=True)
    assert snapshot(out) == before and mtimes(out) == times
    assert write_project(out, new, force=True, dry_run=True) == planned
    assert snapshot(out) == before
    assert planned == write_project(out, new, force=True)
    assert planned.removed_stale == ("dir2file/a", "old/x.ts")
    assert planned.kept_user_files == ("startos/manifest.ts.orig", "user.txt")
    assert not plan_project(out, new, force=True).changed


def test_plan_project_raises_what_write_project_would(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "package.json").write_text("user")
    with pytest.raises(OutputError) as info:
        plan_project(out, BASE)
    assert info.value.code == "L630"
    with pytest.raises(OutputError) as info:
        plan_project(out, BASE, force=True)
    assert info.value.code == "L631"


# --- property: two runs --------------------------------------------------------------------

SEGMENTS = st.sampled_from(["a", "b", "c.ts", "d"])
PATHS = st.lists(SEGMENTS, min_size=1, max_size=3).map("/".join)
FILESETS = st.dictionaries(PATHS, st.tuples(st.binary(max_size=6), st.booleans()), max_size=6)


def _consistent(fileset: dict) -> bool:
    return not any(p.startswith(q + "/") for p in fileset for q in fileset)


def _generated(fileset: dict) -> list[GeneratedFile]:
    return [GF(p, content, exe) for p, (content, exe) in fileset.items()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=FILESETS, second=FILESETS, user_dirs=st.lists(st.integers(0, 10), max_size=3))
def test_second_run_leaves_exactly_the_new_files_and_the_user_files(first, second, user_dirs):
    assume(_consistent(first) and _consistent(second))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "o"
        write_project(out, _generated(first))
        # Put user files in directories the first run made (or at the top).
        dirs = [""] + sorted({p.rsplit("/", 1)[0] + "/" for p in first if "/" in p})
        user = {f"{dirs[i % len(dirs)]}user-{n}.txt": f"u{n}".encode()
                for n, i in enumerate(user_dirs)}
        for path, content in user.items():
            (out / path).write_bytes(content)
        before = snapshot(out)

        blocked = [p for p in second for u in user if u.startswith(p + "/")]
        if blocked:
            with pytest.raises(OutputError) as info:
                write_project(out, _generated(second), force=True)
            assert info.value.code == "L631"
            assert snapshot(out) == before
            return

        report = write_project(out, _generated(second), force=True)
        tree = snapshot(out)
        expected = {p: c for p, (c, _) in second.items()} | user
        assert {p: v[1] for p, v in tree.items() if v[0] == "file" and p != MANIFEST_PATH} \
            == expected
        for p, (_, exe) in second.items():
            assert tree[p][2] == (0o755 if exe else 0o644)
        needed_dirs = {"/".join(p.split("/")[:i]) for p in [*expected, MANIFEST_PATH]
                       for i in range(1, p.count("/") + 1)}
        assert {p for p, v in tree.items() if v[0] == "dir"} == needed_dirs  # pruned
        assert set(report.removed_stale) == {p for p in first if p not in second}
        assert set(report.kept_user_files) == set(user)
        again = write_project(out, _generated(second), force=True)
        assert not again.changed and snapshot(out) == tree
