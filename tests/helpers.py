"""Small helpers shared by tests: run the read+IR stages on a directory or on text."""

from __future__ import annotations

from pathlib import Path

from migrator.diagnostics import Diagnostics
from migrator.ir import LegacyPackage, build_ir
from migrator.read import read_wrapper


def check_dir(path: Path | str, config_spec: Path | str | None = None
              ) -> tuple[LegacyPackage | None, Diagnostics]:
    diags = Diagnostics()
    files = read_wrapper(path, diags, config_spec=config_spec)
    return build_ir(files, diags), diags


def write_wrapper(tmp: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp


def codes(diags: Diagnostics, severity: str | None = None) -> list[str]:
    return [d.code for d in diags if severity is None or d.severity.value == severity]
