"""run_batch end to end over fixture wrappers: determinism, exit codes, crashes, dead
workers, the incremental state and the lock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.batch import hooks
from tests.batch.conftest import SAMPLE, Sink, broken_wrapper

from migrator.batch import BatchOptions, run_batch
from migrator.batch.state import STATE_DIR
from migrator.emit.writer.lock import OutputLock
from migrator.report import load_schema


def load_schema_validator():
    """What batch writes is what the shipped report schema describes (the renderers and
    any other reader rely on it)."""
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema())


def run(inputs: Path, out: Path, **options):
    return run_batch(BatchOptions(out=out, directories=(inputs,), progress=Sink(), **options))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and STATE_DIR not in p.parts}


def untimed(report: dict) -> dict:
    report = json.loads(json.dumps(report))
    for key in ("generated_at", "jobs"):
        report.pop(key)
    for row in report["wrappers"]:
        row.pop("seconds")
    return report


def statuses(result) -> dict[str, str]:
    return {row["name"]: row["status"] for row in result.report["wrappers"]}


def test_output_and_report_do_not_depend_on_the_worker_count(inputs, tmp_path):
    one = run(inputs, tmp_path / "one", jobs=1)
    two = run(inputs, tmp_path / "two", jobs=2)
    assert one.exit_code == two.exit_code == 0
    assert statuses(one) == {name: "converted" for name in SAMPLE}
    assert tree(tmp_path / "one") != {}
    one_tree, two_tree = tree(tmp_path / "one"), tree(tmp_path / "two")
    one_report = json.loads(one_tree.pop("report.json"))
    two_report = json.loads(two_tree.pop("report.json"))
    for rendered in ("report.md", "report.html"):  # they show the timings
        assert one_tree.pop(rendered) and two_tree.pop(rendered)
    assert one_tree == two_tree
    assert list(load_schema_validator().iter_errors(one_report)) == []
    assert untimed(one_report) == untimed(two_report) == untimed(one.report)
    assert one_report["totals"]["converted"] == len(SAMPLE)
    assert all(r["input_hash"].startswith("sha256:") for r in one_report["wrappers"])


def test_input_errors_exit_2_and_the_batch_goes_on(inputs, tmp_path):
    broken_wrapper(inputs, "bad")
    result = run(inputs, tmp_path / "out", jobs=1)
    assert result.exit_code == 2
    assert statuses(result)["bad"] == "input-error"
    assert statuses(result)["hello-v03"] == "converted"
    row = next(r for r in result.report["wrappers"] if r["name"] == "bad")
    assert row["exit_code"] == 2 and row["diagnostics"]["by_code"] == {"R106": 1}


def test_a_crash_is_a_row_with_its_traceback_and_wins_over_input_errors(inputs, tmp_path):
    broken_wrapper(inputs, "bad")
    shutil.copytree(inputs / "hello-json", inputs / f"{hooks.CRASH}-1")
    for jobs in (1, 2):
        result = run(inputs, tmp_path / f"out{jobs}", jobs=jobs, converter=hooks.crash_on_boom)
        assert result.exit_code == 3
        row = next(r for r in result.report["wrappers"] if r["name"] == "boom-1")
        assert row["status"] == "crashed" and row["exit_code"] == 3
        assert "RuntimeError: injected crash" in row["traceback"]
        assert row["diagnostics"]["by_code"] == {"B710": 1}
        assert statuses(result)["hello-v03"] == "converted"
        assert list(load_schema_validator().iter_errors(result.report)) == []


def test_a_dead_worker_is_one_crashed_row(inputs, tmp_path):
    shutil.copytree(inputs / "hello-json", inputs / f"{hooks.DIE}-1")
    result = run(inputs, tmp_path / "out", jobs=2, converter=hooks.die_on_die)
    assert result.exit_code == 3
    assert statuses(result) == {"die-1": "crashed", **{name: "converted" for name in SAMPLE}}
    row = next(r for r in result.report["wrappers"] if r["name"] == "die-1")
    assert row["diagnostics"]["by_code"] == {"B711": 1} and "died" in row["traceback"]
    assert not (tmp_path / "out" / "die-1").exists()


def test_incremental_runs_skip_what_did_not_change(inputs, tmp_path):
    out = tmp_path / "out"
    first = run(inputs, out, jobs=1)
    again = run(inputs, out, jobs=1)
    assert statuses(again) == {name: "unchanged" for name in SAMPLE}
    assert again.exit_code == 0
    # an unchanged row carries the figures of the run that converted it
    for before, after in zip(first.report["wrappers"], again.report["wrappers"]):
        assert {**before, "status": "unchanged", "seconds": 0} == {**after, "seconds": 0}
    manifest = inputs / "hello-toml" / "manifest.toml"
    manifest.write_text(manifest.read_text().replace('title = "', 'title = "New '))
    third = run(inputs, out, jobs=1)
    assert statuses(third) == {**{name: "unchanged" for name in SAMPLE},
                               "hello-toml": "converted"}
    assert "New " in (out / "hello-toml" / "startos" / "manifest" / "i18n.ts").read_text()
    # a generated file edited by hand: converted again (convert's rules keep the edit safe)
    (out / "hello-json" / "README.md").write_text("mine")
    fourth = run(inputs, out, jobs=1, force=True)
    assert statuses(fourth)["hello-json"] == "converted"
    assert (out / "hello-json" / "README.md.orig").read_text() == "mine"
    assert statuses(run(inputs, out, jobs=1, incremental=False)) == {
        name: "converted" for name in SAMPLE}


def test_a_second_batch_on_the_same_out_is_refused(inputs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out.absolute(), STATE_DIR):
        result = run(inputs, out, jobs=1)
    assert result.exit_code == 2 and result.report is None
    [diag] = result.diagnostics
    assert diag.code == "B707" and "pid" in diag.message
    assert list(out.iterdir()) == []  # nothing written, and the holder cleaned up


def test_no_wrapper_is_an_input_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "empty", tmp_path / "out")
    assert result.exit_code == 2 and [d.code for d in result.diagnostics] == ["B706"]
    assert not (tmp_path / "out").exists()


def test_plain_progress_lines(inputs, tmp_path):
    sink = Sink()
    run_batch(BatchOptions(out=tmp_path / "out", directories=(inputs,), jobs=1, progress=sink))
    lines = "".join(sink.lines).splitlines()
    assert len(lines) == len(SAMPLE)
    assert lines[0].startswith("[1/4] hello-json: converted (")
