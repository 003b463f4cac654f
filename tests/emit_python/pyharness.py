"""Run generated Python projects in bulk: write them, black-check them, type-check them in
ONE mypy run, and import them all in ONE child interpreter (dump text + the model each
builds), as tests/tsharness.py batches tsc and node."""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import black

from migrator.emit.python.names import package_name
from migrator.emit.python.modules import MODE
from migrator.emit.python.project import emit_python
from migrator.emit.writer import write_project
from migrator.python_project import _ModelUnpickler
from migrator.sdk.package import SdkPackage

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class PyProject:
    name: str
    root: Path
    package: str


def write_projects(converted: list, root: Path) -> list[PyProject]:
    out = []
    for c in converted:
        pkg = c.result.package
        if pkg is None:
            continue
        target = root / c.name
        write_project(target, emit_python(pkg, era=c.result.era), force=True)
        out.append(PyProject(c.name, target, package_name(pkg.manifest.id)))
    return out


def black_unstable(projects: list[PyProject]) -> list[str]:
    """Python files black would change (black as a library)."""
    bad = []
    for p in projects:
        for f in sorted((p.root / p.package).rglob("*.py")):
            text = f.read_text(encoding="utf-8")
            if black.format_str(text, mode=MODE) != text:
                bad.append(str(f))
    return bad


def mypy_strict(projects: list[PyProject]) -> list[str]:
    """mypy --strict over the projects and startos_sdk: one run per set of projects whose
    package names differ (mypy refuses two modules of one name in one run)."""
    groups: list[dict[str, PyProject]] = []
    for p in projects:
        group = next((g for g in groups if p.package not in g), None)
        if group is None:
            group = {}
            groups.append(group)
        group[p.package] = p
    errors = []
    with tempfile.TemporaryDirectory(prefix="mypy-") as tmp:
        config = Path(tmp) / "mypy.ini"
        config.write_text("[mypy]\nstrict = True\ncache_dir = " + str(Path(tmp) / "cache")
                          + "\n[mypy-migrator.*]\nfollow_imports = silent\n")
        for i, group in enumerate(groups):
            targets = [str(p.root / p.package) for p in group.values()]
            if i == 0:
                targets.append(str(REPO / "startos_sdk"))
            proc = subprocess.run(
                [sys.executable, "-m", "mypy", "--config-file", str(config),
                 "--no-error-summary", *targets], capture_output=True, text=True,
                cwd=REPO, env={"PATH": "/usr/bin:/bin",
                               "MYPYPATH": ":".join(str(p.root) for p in group.values())},
                timeout=900)
            found = [line for line in proc.stdout.splitlines() if ": error:" in line]
            # Exit 1 without an error line is mypy not running at all (e.g. not installed):
            # never a pass.
            if proc.returncode not in (0, 1) or (proc.returncode == 1 and not found):
                raise RuntimeError(f"mypy failed: {proc.stderr}{proc.stdout}")
            errors += found
    return errors


_IMPORT_ALL = r"""
import json, pickle, sys, traceback
from startos_sdk.cli import dump_text
out = {}
for root, name in json.load(sys.stdin):
    sys.path.insert(0, root)
    try:
        module = __import__(name)
        out[root] = (dump_text(module.PACKAGE), pickle.dumps((module.PACKAGE, module.ERA)))
    except BaseException:
        out[root] = (traceback.format_exc(), None)
    finally:
        sys.path.remove(root)
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
sys.stdout.buffer.write(pickle.dumps(out))
"""


@dataclass(frozen=True)
class Imported:
    dump: str  # `python -m <package> dump` output without its final newline, or a traceback
    package: SdkPackage | None
    era: str | None


def import_all(projects: list[PyProject]) -> dict[Path, Imported]:
    """Import every project in one child interpreter: its dump text and the model it built
    (read back through the migrator's allowlist unpickler)."""
    payload = json.dumps([[str(p.root), p.package] for p in projects])
    proc = subprocess.run([sys.executable, "-c", _IMPORT_ALL], input=payload.encode(),
                          capture_output=True, cwd=REPO, timeout=900,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)})
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace"))
    raw = pickle.loads(proc.stdout)  # our own child, our own pickle
    result = {}
    for p in projects:
        dump, data = raw[str(p.root)]
        loaded = _ModelUnpickler(io.BytesIO(data)).load() if data is not None else (None, None)
        result[p.root] = Imported(dump, *loaded)
    return result
