"""One oddly named wrapper file must not block the whole conversion (issue 9, L634).

The writer refuses generated paths with control characters, backslashes or non-UTF-8
text; such a file is now left out of the carried files, with a warning located AT the
file (M440) and a MIGRATION.md row, and the rest of the project is written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from migrator.convert import convert
from tests.conftest import WRAPPERS

ODD = [
    ("back\\slash.txt", "has a backslash"),
    ("esc\x1b[2Jname.txt", "has a control character"),
    ("notes/tab\there.md", "has a control character"),
]


@pytest.fixture
def wrapper(tmp_path: Path) -> Path:
    root = tmp_path / "wrapper"
    shutil.copytree(WRAPPERS / "hello-v02", root)
    for name, _ in ODD:
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text("carried?\n")
    os.close(os.open(os.fsencode(root) + b"/latin1-\xe9.txt", os.O_CREAT | os.O_WRONLY, 0o644))
    (root / "kept.txt").write_text("a file with a plain name\n")
    return root


def test_odd_file_names_are_left_out_at_the_file(wrapper: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = convert(wrapper, out)
    assert not result.diagnostics.has_errors, [str(d) for d in result.diagnostics.sorted()]
    assert (out / "kept.txt").read_text() == "a file with a plain name\n"
    warnings = [d for d in result.diagnostics.sorted() if d.code == "M440"]
    assert len(warnings) == len(ODD) + 1
    for (name, why), d in zip(sorted(ODD + [("latin1-\udce9.txt", "not valid UTF-8")]),
                              sorted(warnings, key=lambda d: d.location.file)):
        shown = name.encode("unicode_escape", "backslashreplace").decode("ascii")
        assert d.location.file == os.path.join(str(wrapper), shown)  # at the file, not OUT
        assert why in d.message and not any(ord(c) < 32 for c in d.message)
    report = (out / "MIGRATION.md").read_text()
    assert report.count("is left out") == len(ODD) + 1
    assert "\x1b" not in report and "\t" not in report
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert not any("\\" in p or any(ord(c) < 32 for c in p) for p in written)
