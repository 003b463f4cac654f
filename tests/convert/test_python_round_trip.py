"""`convert --target py`, and a Python project converted back (issue 8): the CLI path, the
package code identical to converting the wrapper directly, and a project that raises, hangs
or builds something else is a located P8xx error with exit 2, never a traceback."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from migrator.cli import main
from migrator.diagnostics import Diagnostics
from migrator.python_project import _ModelUnpickler, is_python_project, load_package
from tests.conftest import WRAPPERS

PACKAGE_CODE = ("package.json", "tsconfig.json", "Makefile")


def _package_code(root: Path) -> dict[str, bytes]:
    return {str(f.relative_to(root)): f.read_bytes() for f in sorted(root.rglob("*"))
            if f.is_file() and (str(f.relative_to(root)).startswith("startos/")
                                or f.name in PACKAGE_CODE)}


@pytest.fixture(scope="module")
def py_project(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rt") / "py"
    assert main(["convert", str(WRAPPERS / "cfg-own-addresses"), "-o", str(out),
                 "--target", "py"]) == 0
    return out


def test_python_project_converts_back_to_the_same_typescript(py_project, tmp_path):
    assert is_python_project(py_project)
    assert not is_python_project(WRAPPERS / "cfg-own-addresses")
    assert main(["convert", str(py_project), "-o", str(tmp_path / "back")]) == 0
    assert main(["convert", str(WRAPPERS / "cfg-own-addresses"), "-o",
                 str(tmp_path / "direct")]) == 0
    back = _package_code(tmp_path / "back")
    assert back and back == _package_code(tmp_path / "direct")


def _broken(py_project: Path, tmp_path: Path, module: str, code: str) -> Path:
    root = tmp_path / "broken"
    shutil.copytree(py_project, root)
    package = next(p for p in root.iterdir() if p.name.endswith("_startos"))
    (package / module).write_text(code, encoding="utf-8")
    return root


def test_a_project_that_raises_is_a_located_error(py_project, tmp_path, capsys):
    root = _broken(py_project, tmp_path, "backups.py", "X = 1\n\nraise ValueError('nope')\n")
    assert main(["convert", str(root), "-o", str(tmp_path / "out")]) == 2
    out = capsys.readouterr().out
    assert "backups.py:3: error[P801]" in out and "ValueError: nope" in out
    assert "Traceback" not in out
    assert not (tmp_path / "out").exists()


def test_a_project_that_hangs_is_stopped(py_project, tmp_path):
    root = _broken(py_project, tmp_path, "backups.py", "while True:\n    pass\n")
    diags = Diagnostics()
    assert load_package(root, diags, timeout=2) is None
    assert [d.code for d in diags] == ["P802"]


def test_a_project_that_builds_something_else_is_refused(py_project, tmp_path):
    root = _broken(py_project, tmp_path, "__init__.py", "PACKAGE = 'x'\nERA = '0.3'\n")
    diags = Diagnostics()
    assert load_package(root, diags) is None
    assert [d.code for d in diags] == ["P803"]


def test_a_directory_without_the_table_is_not_a_python_project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.other]\npackage = 'x'\n")
    assert not is_python_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.startos-migrate]\npackage = '../x'\n")
    assert is_python_project(tmp_path)
    diags = Diagnostics()
    assert load_package(tmp_path, diags) is None
    assert [d.code for d in diags] == ["P800"]


class _Evil:
    def __reduce__(self):
        return (print, ("unpickled",))


def test_only_model_classes_are_unpickled():
    import io

    with pytest.raises(pickle.UnpicklingError):
        _ModelUnpickler(io.BytesIO(pickle.dumps(_Evil()))).load()


def test_a_wrapper_claiming_to_be_a_python_project_is_never_imported(py_project, tmp_path):
    """A legacy manifest beside the table: it is a wrapper, read as one (its code not run)."""
    root = _broken(py_project, tmp_path, "__init__.py", "raise SystemExit('ran')\n")
    shutil.copy(WRAPPERS / "cfg-own-addresses" / "manifest.yaml", root / "manifest.yaml")
    assert not is_python_project(root)


def test_python_project_is_the_same_from_any_cwd(tmp_path, monkeypatch):
    """The model keeps IR pointer specs; their origins are relative to the wrapper, so the
    printed Python (like the TypeScript) does not depend on how the wrapper was named."""
    from migrator.convert import build

    absolute = build(WRAPPERS / "cfg-own-addresses", target="py")
    monkeypatch.chdir(WRAPPERS.parent)
    relative = build(Path("wrappers") / "cfg-own-addresses", target="py")
    assert [(f.path, f.content) for f in absolute.files] == \
        [(f.path, f.content) for f in relative.files]
    assert not any(str(WRAPPERS).encode() in f.content for f in absolute.files)


def test_python_project_converts_to_itself_and_refuses_wrapper_options(py_project, tmp_path,
                                                                          capsys):
    assert main(["convert", str(py_project), "--target", "py", "-o", str(tmp_path / "again")]) == 0
    files = sorted(p.relative_to(py_project) for p in py_project.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "again")
                           for p in (tmp_path / "again").rglob("*") if p.is_file())
    assert all((py_project / f).read_bytes() == (tmp_path / "again" / f).read_bytes()
               for f in files if f.parts[0] != ".startos-migrate")
    capsys.readouterr()
    assert main(["convert", str(py_project), "--version", "1.0.0:2", "-o",
                 str(tmp_path / "v")]) == 2
    assert "error[P804]" in capsys.readouterr().out
