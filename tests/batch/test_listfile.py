"""List files and output names, as data (listfile_cases.yaml) plus directory scanning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from migrator.batch.inputs import assign_names, scan_directory
from migrator.batch.listfile import read_list_file
from migrator.diagnostics import Diagnostics

CASES = YAML(typ="safe").load((Path(__file__).parent / "listfile_cases.yaml").read_text())


def make_wrapper(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / "manifest.yaml").write_text("id: x\n")


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_list_file(case, tmp_path):
    base = tmp_path / "sub"
    base.mkdir()
    for d in case.get("dirs", []):
        make_wrapper(base / d)
    for f in case.get("files", []):
        (base / f).parent.mkdir(parents=True, exist_ok=True)
        (base / f).write_text("{}")
    (base / "list.txt").write_text(case["list"])
    diags = Diagnostics()
    items = assign_names(read_list_file(base / "list.txt", diags), diags)
    found = [f"{d.code}:{d.location.line}:{d.location.column}" for d in diags]
    assert found == case.get("errors", [])
    if "expect" in case:
        got = [{"path": i.path.relative_to(base).as_posix(), "name": i.name,
                **({"spec": i.config_spec.relative_to(base).as_posix()}
                   if i.config_spec else {})} for i in items]
        assert got == case["expect"]


def test_unreadable_list_file(tmp_path):
    diags = Diagnostics()
    assert read_list_file(tmp_path / "none.txt", diags) == []
    assert [d.code for d in diags] == ["B701"]
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe")
    assert read_list_file(tmp_path / "bin.txt", diags) == []
    assert [d.code for d in diags] == ["B701", "B701"]


def test_scan_finds_repos_and_the_corpus_layout(tmp_path):
    make_wrapper(tmp_path / "in" / "plain")
    make_wrapper(tmp_path / "in" / "svc" / "c0ffee01")
    make_wrapper(tmp_path / "in" / "svc" / "c0ffee02")
    make_wrapper(tmp_path / "in" / "other" / "plain")  # collides with the first
    make_wrapper(tmp_path / "in" / ".hidden")
    make_wrapper(tmp_path / "in" / "a" / "b" / "too-deep")
    make_wrapper(tmp_path / "outside")
    os.symlink(tmp_path / "outside", tmp_path / "in" / "link")
    diags = Diagnostics()
    items = assign_names(scan_directory(tmp_path / "in", diags), diags)
    assert not list(diags)
    assert [(i.name, i.path.relative_to(tmp_path / "in").as_posix()) for i in items] == [
        ("c0ffee01", "svc/c0ffee01"), ("c0ffee02", "svc/c0ffee02"),
        ("in-plain", "plain"), ("other-plain", "other/plain")]


def test_scan_skips_the_output_directory_and_refuses_a_wrapper(tmp_path):
    make_wrapper(tmp_path / "in" / "w")
    make_wrapper(tmp_path / "in" / "out" / "old")
    diags = Diagnostics()
    assert [i.path.name for i in scan_directory(tmp_path / "in", diags,
                                                 skip=tmp_path / "in" / "out")] == ["w"]
    scan_directory(tmp_path / "in" / "w", diags)
    scan_directory(tmp_path / "missing", diags)
    assert [d.code for d in diags] == ["B715", "B700"]
