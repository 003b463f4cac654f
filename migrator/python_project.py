"""Python projects made by `convert --target py`, read back as an SdkPackage.

Reading one IMPORTS it, i.e. runs the project's code. That happens in a child interpreter
with a timeout, and what comes back is unpickled with an allowlist of the model's classes,
so a hostile project can neither corrupt this process nor make it build other objects. A
project that raises, hangs or builds something else is a located error (P8xx), never a
traceback. `batch` imports a Python project only when told to trust it (`--trust-python`):
`is_python_project` tells the caller what it has in hand without running anything.
"""

from __future__ import annotations

import io
import json
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from migrator.diagnostics import Diagnostics, Location
from migrator.sdk.package import SdkPackage

IMPORT_TIMEOUT = 60.0  # seconds; a project's import builds constants, it never needs long
MAX_OUTPUT = 256 * 1024 * 1024
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Modules whose classes an SdkPackage is made of: nothing else may be unpickled.
_MODEL_MODULES = re.compile(
    r"migrator\.(sdk\.\w+|ir\.(spec|origin)|diagnostics\.record|lower\.config_spec"
    r"|syntax\.(uniqueby|numrange)|rules\.ast)")
_REDUCERS = {("copyreg", "_reconstructor"), ("copyreg", "__newobj__"), ("builtins", "object"),
             ("builtins", "frozenset"), ("builtins", "set"), ("builtins", "slice")}

# Runs in the child: import the package, check PACKAGE/ERA, pickle them to stdout. On an
# error: a JSON line with the message and the innermost frame inside the project.
_CHILD = r"""
import json, pickle, sys, traceback
root, name, migrator_home = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path[:0] = [root, migrator_home]
out = sys.stdout.buffer
sys.stdout = sys.stderr  # the project's prints must not corrupt the pickle
try:
    module = __import__(name)
    from migrator.sdk.package import SdkPackage
    package, era = getattr(module, "PACKAGE", None), getattr(module, "ERA", None)
    if not isinstance(package, SdkPackage) or not isinstance(era, str):
        raise TypeError(f"{name}.PACKAGE must be an SdkPackage (startos_sdk.setup_package) "
                        f"and {name}.ERA a str, not {type(package).__name__} and "
                        f"{type(era).__name__}")
    data = pickle.dumps((package, era), protocol=4)
except BaseException as err:
    where = None
    for frame in traceback.extract_tb(err.__traceback__):
        if frame.filename.startswith(root):
            where = (frame.filename[len(root):].lstrip("/\\"), frame.lineno or 0)
    msg = "".join(traceback.format_exception_only(type(err), err)).strip()
    out.write(b"E" + json.dumps({"message": msg, "where": where,
                                 "kind": type(err).__name__}).encode())
    sys.exit(3)
out.write(b"P" + data)
"""


@dataclass(frozen=True)
class PythonProject:
    root: Path
    package: str  # the import name, from [tool.startos-migrate] package


def project_table(path: str | Path) -> dict | None:
    """The `[tool.startos-migrate]` table of `path/pyproject.toml`, or None."""
    pyproject = Path(path) / "pyproject.toml"
    try:
        if not pyproject.is_file():
            return None
    except OSError:
        return None
    import tomlkit  # only where there is a pyproject.toml: most wrappers have none

    try:
        if pyproject.stat().st_size > 1024 * 1024:
            return None
        doc = tomlkit.parse(pyproject.read_text(encoding="utf-8")).unwrap()
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError):
        return None
    table = doc.get("tool", {}).get("startos-migrate") if isinstance(doc, dict) else None
    return table if isinstance(table, dict) else None


# A directory with a legacy manifest is a wrapper, whatever its pyproject.toml says: a
# wrapper (untrusted input) must not get its code run by claiming to be a Python project.
LEGACY_MANIFESTS = ("manifest.toml", "manifest.yaml", "manifest.yml", "manifest.json")


def is_python_project(path: str | Path) -> bool:
    """Whether `path` is a Python project made by `convert --target py`: its pyproject.toml
    has a [tool.startos-migrate] table and there is no legacy manifest beside it (reads
    files only; runs nothing)."""
    if any((Path(path) / name).exists() for name in LEGACY_MANIFESTS):
        return False
    return project_table(path) is not None


def find_project(path: str | Path, diags: Diagnostics) -> PythonProject | None:
    table = project_table(path)
    where = Location(str(Path(path) / "pyproject.toml"))
    if table is None:
        diags.error("P800", "no [tool.startos-migrate] table in pyproject.toml", where)
        return None
    name = table.get("package")
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name) \
            or not (Path(path) / name / "__init__.py").is_file():
        diags.error("P800", "[tool.startos-migrate] package must name the project's package "
                            f"directory (an identifier with an __init__.py), not {name!r}",
                    where)
        return None
    return PythonProject(Path(path).resolve(), name)


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's signature
        if _MODEL_MODULES.fullmatch(module) or (module, name) in _REDUCERS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the SDK model")


def load_package(path: str | Path, diags: Diagnostics, *,
                 timeout: float = IMPORT_TIMEOUT) -> tuple[SdkPackage, str] | None:
    """(package, era) of the Python project at `path`, by importing it in a child process."""
    project = find_project(path, diags)
    if project is None:
        return None
    here = Location(str(Path(path) / project.package / "__init__.py"))
    try:
        child = subprocess.run([sys.executable, "-I", "-B", "-c", _CHILD, str(project.root),
                                project.package, str(Path(__file__).resolve().parents[1])],
                               capture_output=True, timeout=timeout, cwd=project.root,
                               stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        diags.error("P802", f"importing {project.package} took longer than {timeout:g} s; "
                            "it was stopped", here)
        return None
    out = child.stdout[:MAX_OUTPUT]
    if out.startswith(b"E"):
        return _report_error(out[1:], project, here, diags)
    if child.returncode != 0 or not out.startswith(b"P"):
        tail = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        diags.error("P801", f"importing {project.package} failed (exit {child.returncode}): "
                            f"{tail[0]}", here)
        return None
    try:
        loaded = _ModelUnpickler(io.BytesIO(out[1:])).load()
    except Exception as err:  # noqa: BLE001 - whatever the bytes are, it is one error
        diags.error("P803", f"{project.package} did not build an SDK model: {err}", here)
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 2
            and isinstance(loaded[0], SdkPackage) and isinstance(loaded[1], str)):
        diags.error("P803", f"{project.package} did not build an SDK model", here)
        return None
    return loaded


def _report_error(raw: bytes, project: PythonProject, here: Location,
                  diags: Diagnostics) -> None:
    try:
        info = json.loads(raw)
        message, where = str(info["message"]), info.get("where")
    except (ValueError, KeyError, TypeError):
        message, where = "unreadable error report", None
    location = here
    if isinstance(where, list) and len(where) == 2 and isinstance(where[1], int):
        location = Location(str(Path(here.file).parents[1] / str(where[0])), where[1])
    code = "P803" if message.startswith("TypeError: " + project.package + ".PACKAGE") else "P801"
    diags.error(code, f"importing {project.package} failed: {message}", location)
    return None
