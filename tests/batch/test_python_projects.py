"""Python projects (convert --target py) in a batch: listed, but imported, which runs their
code, only with --trust-python."""

from __future__ import annotations

import shutil

from tests.batch.conftest import WRAPPERS, Sink

from migrator.batch import BatchOptions, run_batch
from migrator.convert import convert


def _python_project(tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(WRAPPERS / "hello-json", inputs / "legacy")
    project = inputs / "python"
    assert convert(WRAPPERS / "hello-json", project, target="py").ok
    # Importing the project would leave this file: proof of whether its code ran.
    marker = tmp_path / "imported"
    init = next(project.glob("*/__init__.py"))
    init.write_text(init.read_text() + f"\nopen({str(marker)!r}, 'w').close()\n")
    return inputs, marker


def test_a_python_project_is_not_imported_without_trust(tmp_path):
    inputs, marker = _python_project(tmp_path)
    result = run_batch(BatchOptions(out=tmp_path / "out", directories=(inputs,), jobs=1,
                                    progress=Sink()))
    rows = {r["name"]: r for r in result.report["wrappers"]}
    assert rows["legacy"]["status"] == "converted"
    assert rows["python"]["status"] == "input-error"
    assert rows["python"]["diagnostics"]["by_code"] == {"B716": 1}
    assert result.exit_code == 2
    assert not marker.exists()


def test_with_trust_a_python_project_converts_back_to_typescript(tmp_path):
    inputs, marker = _python_project(tmp_path)
    result = run_batch(BatchOptions(out=tmp_path / "out", directories=(inputs,), jobs=1,
                                    progress=Sink(), trust_python=True))
    assert result.exit_code == 0, result.report["wrappers"]
    assert marker.exists()
    legacy, python = tmp_path / "out" / "legacy", tmp_path / "out" / "python"
    for name in ("startos/manifest/index.ts", "package.json", "Makefile"):
        assert (python / name).read_bytes() == (legacy / name).read_bytes()
