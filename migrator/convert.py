"""The whole pipeline for one wrapper: read → IR → lower → emit → write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from migrator.diagnostics import Diagnostics, Location
from migrator.emit.writer import (
    GeneratedFile, InterruptedWrite, OutputError, WriteReport, plan_project,
    refuse_out_in_wrapper, write_project,
)
from migrator.ir import build_ir
from migrator.lower.package import lower_package
from migrator.read import read_wrapper
from migrator.python_project import is_python_project, load_package
from migrator.sdk.package import SdkPackage

from migrator import TARGETS  # noqa: F401 - re-exported: the targets this module emits


def blocking(diags: Diagnostics) -> bool:
    """Errors that stop the output. A rule that does not parse does not: the package still
    converts, the rule travels as a TODO with its raw text, and the exit code says error."""
    return any(d.is_error and not d.code.startswith("D") for d in diags)


@dataclass
class ConvertResult:
    diagnostics: Diagnostics
    package: SdkPackage | None = None
    files: list[GeneratedFile] = field(default_factory=list)
    report: WriteReport | None = None
    interrupted: int | None = None  # the signal that stopped the write (it was rolled back)
    era: str | None = None  # the legacy StartOS release of the wrapper ("0.2", "0.3")

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors

    @property
    def writable(self) -> bool:
        return bool(self.files) and not blocking(self.diagnostics)


def build(wrapper_dir: str | Path, *, config_spec: str | Path | None = None,
          version: str | None = None, target: str = "ts",
          diags: Diagnostics | None = None, trust_python: bool = True) -> ConvertResult:
    """Everything but the writing: the files a conversion would produce.

    `trust_python`: a Python project is imported (its code runs) only when True; `convert`
    names one on purpose, `batch` meets them in bulk and asks (--trust-python)."""
    diags = diags if diags is not None else Diagnostics()
    result = ConvertResult(diags)
    if is_python_project(wrapper_dir):
        if not trust_python:
            diags.error("B716", "this is a Python project: reading it back imports it, which "
                                "runs its code; batch does that only with --trust-python",
                        Location(str(wrapper_dir)))
            return result
        if config_spec is not None or version is not None:
            diags.error("P804", "--config-spec and --version apply to a legacy wrapper; a "
                                "Python project holds its package as it is",
                        Location(str(wrapper_dir)))
            return result
        return _build_from_python(wrapper_dir, target, result)
    files = read_wrapper(wrapper_dir, diags, config_spec=config_spec)
    legacy = build_ir(files, diags)
    if legacy is None or blocking(diags):
        return result
    package = lower_package(legacy, diags, version=version)
    result.package, result.era = package, legacy.era
    if blocking(diags):
        return result
    result.files = emit(package, era=legacy.era, target=target)
    return result


def emit(package: SdkPackage, *, era: str, target: str) -> list[GeneratedFile]:
    return emitter(target)(package, era=era)


def emitter(target: str) -> Callable[..., list[GeneratedFile]]:
    """The emitter of `target`, imported on first use (`check` needs none)."""
    if target == "py":
        from migrator.emit.python.project import emit_python

        return emit_python
    from migrator.emit.typescript.project import emit_typescript

    return emit_typescript


def _build_from_python(project_dir: str | Path, target: str,
                       result: ConvertResult) -> ConvertResult:
    """A Python project made by `--target py`: import it (runs its code, in a child
    process) and emit its package again."""
    loaded = load_package(project_dir, result.diagnostics)
    if loaded is not None:
        result.package, result.era = loaded
        result.files = emit(result.package, era=result.era, target=target)
    return result


def convert(wrapper_dir: str | Path, out_dir: str | Path, *, force: bool = False,
            check: bool = False, **options) -> ConvertResult:
    try:
        refuse_out_in_wrapper(Path(wrapper_dir), Path(out_dir))
    except OutputError as err:
        diags = options["diags"] if options.get("diags") is not None else Diagnostics()
        diags.error(err.code, err.message, Location(str(err.path or out_dir)))
        return ConvertResult(diags)
    result = build(wrapper_dir, **options)
    if not result.writable:
        return result
    try:
        if check:
            result.report = plan_project(Path(out_dir), result.files, force=True)
        else:
            result.report = write_project(Path(out_dir), result.files, force=force)
    except OutputError as err:
        result.diagnostics.error(err.code, err.message, Location(str(err.path or out_dir)))
        if isinstance(err, InterruptedWrite):
            result.interrupted = err.signum
    if result.report is not None and result.report.recovered:
        result.diagnostics.warning("L682", f"an interrupted update of {out_dir} was found and "
                                           f"{result.report.recovered} before this run",
                                   Location(str(out_dir)))
    return result
