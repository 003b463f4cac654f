"""`startos-migrate batch` on the command line: arguments, summary, formats, exit codes."""

from __future__ import annotations

import json

import pytest
from tests.batch.conftest import SAMPLE, broken_wrapper

from migrator.cli import main


def test_text_summary_and_exit_code(inputs, tmp_path, capsys):
    broken_wrapper(inputs, "bad")
    code = main(["batch", str(inputs), "-o", str(tmp_path / "out"), "-j", "1"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "error[R106]" in out
    assert f"{len(SAMPLE) + 1} wrapper(s): {len(SAMPLE)} converted" in out
    assert "  bad: input-error (exit 2, 1 error(s))" in out
    assert f"report: {tmp_path / 'out' / 'report.json'}" in out
    assert err.splitlines()[0].startswith(f"[1/{len(SAMPLE) + 1}] bad: input-error (")


def test_json_format(inputs, tmp_path, capsys):
    code = main(["batch", "--list", str(_list(tmp_path, inputs)), "-o", str(tmp_path / "o"),
                 "-j", "1", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc["summary"]["converted"] == 1 and doc["report"].endswith("report.json")
    assert doc["schema"] == "startos-migrate/diagnostics"


def test_bad_list_file_is_located_and_nothing_runs(tmp_path, capsys):
    (tmp_path / "list.txt").write_text("# x\nnowhere colour=red\n")
    code = main(["batch", "--list", str(tmp_path / "list.txt"), "-o", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == 2
    assert f"{tmp_path / 'list.txt'}:2:9: error[B702]" in out
    assert f"{tmp_path / 'list.txt'}:2:1: error[B703]" in out
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("argv", [["-o", "x"], ["d", "-o", "x", "--target", "cobol"],
                                  ["d", "-o", "x", "-j", "0"]])
def test_bad_arguments(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["batch", *argv])
    assert exit_.value.code == 2


def _list(tmp_path, inputs):
    path = tmp_path / "list.txt"
    path.write_text(f"{inputs / 'hello-json'} name=only\n")
    return path
