"""`batch --typecheck`: every generated project type-checked against start-sdk 2.0.9.

tsc spends most of its time loading the SDK's declarations, so projects are checked in
batches, one `tsc` run per CHUNK projects: one tsconfig (extending the SDK's base config)
includes their `startos/` sources, and `paths` maps the SDK imports to the workspace's
node_modules, so nothing (no node_modules link) is added to the generated projects. Errors
are mapped back to projects by file path.

The workspace is `--npm-workspace DIR` (a directory whose node_modules has
@start9labs/start-sdk and typescript), or one installed with `npm ci` from the package.json
and package-lock.json shipped in migrator/batch/npm into OUT/.startos-migrate-batch/npm
(reused while the lock file is the same).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SDK = "@start9labs/start-sdk"
SDK_VERSION = "2.0.9"
CHUNK = 40  # projects per tsc run: ~3 s of SDK loading shared, memory stays < 1 GB
MAX_MESSAGES = 5
NPM_DATA = Path(__file__).resolve().parent / "npm"
_TSC_ERROR = re.compile(r"^(?P<file>.+?)\((?P<line>\d+),(?P<col>\d+)\): error TS\d+: ")


class ToolchainError(RuntimeError):
    """The type checker cannot run, or failed in a way that says nothing about the projects
    (B712 / B713)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Workspace:
    node_modules: Path

    @property
    def tsc(self) -> Path:
        return self.node_modules / "typescript" / "bin" / "tsc"


def workspace_at(directory: Path) -> Workspace:
    modules = Path(directory).resolve() / "node_modules"
    sdk = modules / SDK / "package.json"
    try:
        version = json.loads(sdk.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        raise ToolchainError("B712", f"{directory} has no node_modules/{SDK}") from None
    if version != SDK_VERSION:
        raise ToolchainError("B712", f"{directory} has {SDK} {version}; the generated "
                                     f"projects target {SDK_VERSION}")
    workspace = Workspace(modules)
    if not workspace.tsc.is_file():
        raise ToolchainError("B712", f"{directory} has no node_modules/typescript")
    return workspace


def install_workspace(cache: Path) -> Workspace:
    """`npm ci` of the shipped lock file into `cache`, unless it is there already."""
    lock = (NPM_DATA / "package-lock.json").read_bytes()
    stamp = hashlib.sha256(lock).hexdigest()
    stamp_file = cache / "installed-lock.sha256"
    if stamp_file.is_file() and stamp_file.read_text().strip() == stamp:
        return workspace_at(cache)
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise ToolchainError("B712", "--typecheck needs node (>= 20) and npm to install "
                                     f"{SDK} {SDK_VERSION}; install them or pass "
                                     "--npm-workspace DIR")
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(NPM_DATA / name, cache / name)
    proc = _run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cache)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
        raise ToolchainError("B712", f"`npm ci` in {cache} failed (exit {proc.returncode}; "
                                     f"offline?): {tail}")
    stamp_file.write_text(stamp + "\n")
    return workspace_at(cache)


def typecheck_projects(projects: dict[str, Path], workspace: Workspace) -> dict[str, dict]:
    """{name: {"status": passed|failed, "errors": n, "messages": [...]}} for every project;
    messages name files relative to the project's parent (OUT)."""
    results: dict[str, dict] = {}
    names = sorted(projects)
    for start in range(0, len(names), CHUNK):
        chunk = {n: projects[n].resolve() for n in names[start:start + CHUNK]}
        results.update(_check_chunk(chunk, workspace))
    return results


def _check_chunk(chunk: dict[str, Path], workspace: Workspace) -> dict[str, dict]:
    errors: dict[str, list[str]] = {name: [] for name in chunk}
    with tempfile.TemporaryDirectory(prefix="startos-migrate-tsc-") as tmp:
        tmpdir = Path(tmp)
        _write_tsconfig(tmpdir, list(chunk.values()), workspace)
        proc = _run(["node", workspace.tsc, "-p", tmpdir, "--pretty", "false"], tmpdir)
        unowned, current = [], None
        for line in proc.stdout.splitlines():
            match = _TSC_ERROR.match(line)
            if match:
                file = (tmpdir / match["file"]).resolve()
                owner = next((n for n, p in chunk.items() if file.is_relative_to(p)), None)
                current = errors[owner] if owner else unowned
                shown = file.relative_to(chunk[owner].parent).as_posix() if owner else str(file)
                current.append(shown + line[len(match["file"]):])
            elif line.startswith(" ") and current is not None:
                current[-1] += "\n" + line
            elif line.strip():
                unowned.append(line)
    if unowned or proc.returncode not in (0, 1, 2) or (
            proc.returncode != 0 and not any(errors.values())):
        detail = "\n".join((unowned + proc.stderr.splitlines())[:10])
        raise ToolchainError("B713", f"tsc failed (exit {proc.returncode}): {detail}")
    return {name: {"status": "failed" if found else "passed", "errors": len(found),
                   "messages": found[:MAX_MESSAGES]} for name, found in errors.items()}


def _write_tsconfig(directory: Path, projects: list[Path], workspace: Workspace) -> None:
    modules = workspace.node_modules
    config = {
        "extends": str(modules / SDK / "tsconfig.base.json"),
        "compilerOptions": {
            "rootDir": "/",  # the base sets ${configDir}: this temporary directory
            "noEmit": True,
            "typeRoots": [str(modules / "@types")],
            "paths": {SDK: [str(modules / SDK)], f"{SDK}/*": [str(modules / SDK) + "/*"]},
        },
        # Files, not globs: a project name may hold glob characters.
        "files": [str(f) for p in projects for f in _sources(p / "startos")],
    }
    (directory / "tsconfig.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def _sources(directory: Path) -> list[Path]:
    """The .ts files below `directory`, links never followed (the writer writes none)."""
    found = []
    for path in sorted(directory.rglob("*.ts")):
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def _run(cmd: list, cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                              timeout=1800, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ToolchainError("B713", f"`{cmd[0]}` could not run: {err}") from err
