"""Prove generated StartOS 0.4 projects with the real toolchain in tests/typescript.

One shared `node_modules` (tests/typescript, installed by `npm ci`) serves every project:
it is symlinked into each one, and every batch of projects costs one `tsc` (and one `node`)
process, since tsc spends most of its ~3 s loading the SDK's declarations once.

* `typecheck(projects)`      -> {project: [error lines]} (empty list = clean), one tsc run;
* `compile_commonjs(projects, outdir)` -> {project: built dir}, one tsc emit (no check);
* `commonjs_builds(projects)` -> the same, once per set of projects per session;
* `emit_and_dump(projects)`  -> {project: {manifest, actions}}, one tsc emit + one node run;
* `prettier_check(files)`    -> files prettier would change, one prettier run.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

WORKSPACE = Path(__file__).resolve().parent / "typescript"
SDK_BASE = "@start9labs/start-sdk/tsconfig.base.json"
# `path(line,col): error TSnnnn: message`, as tsc prints without --pretty
_TSC_ERROR = re.compile(r"^(?P<file>.+?)\((?P<line>\d+),(?P<col>\d+)\): error TS\d+: ")


class ToolchainError(RuntimeError):
    """A tool failed in a way that says nothing about the projects (bad setup, crash)."""


def workspace() -> Path:
    return WORKSPACE


def _bin(name: str) -> Path:
    return WORKSPACE / "node_modules" / ".bin" / name


def ensure_toolchain() -> None:
    """Skip the calling test when node or the shared node_modules is missing."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed (the TypeScript checks need node >= 20)")
    missing = [n for n in ("tsc", "prettier") if not _bin(n).exists()]
    if missing or not (WORKSPACE / "node_modules" / "@start9labs" / "start-sdk").is_dir():
        pytest.skip(f"{WORKSPACE}/node_modules is not installed: run `npm ci` there")


def link_node_modules(project_dir: Path) -> None:
    """Make `project_dir/node_modules` the shared one (a symlink), unless it has its own."""
    link = Path(project_dir) / "node_modules"
    if link.is_symlink() and link.resolve() == (WORKSPACE / "node_modules").resolve():
        return
    if link.exists() or link.is_symlink():
        raise ToolchainError(f"{link} exists and is not the shared node_modules")
    link.symlink_to(WORKSPACE / "node_modules", target_is_directory=True)


def _run(cmd: list, cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, **kw)


def _write_tsconfig(directory: Path, projects: list[Path], options: dict) -> Path:
    config = {
        # An absolute path: the batch config lives outside every package directory.
        "extends": str(WORKSPACE / "node_modules" / SDK_BASE),
        "compilerOptions": {
            # the base sets rootDir to ${configDir}, i.e. this temporary directory
            "rootDir": "/",
            "typeRoots": [str(WORKSPACE / "node_modules" / "@types")],
            **options,
        },
        "include": [f"{p}/startos/**/*.ts" for p in projects],
    }
    path = directory / "tsconfig.json"
    path.write_text(json.dumps(config, indent=2))
    return path


def _resolve_all(projects) -> list[Path]:
    resolved = [Path(p).resolve() for p in projects]
    if len(set(resolved)) != len(resolved):
        raise ValueError("a project is listed twice")
    for p in resolved:
        if not (p / "startos").is_dir():
            raise ValueError(f"{p} has no startos/ directory")
        link_node_modules(p)
    return resolved


def _owner(file: Path, projects: list[Path]) -> Path | None:
    for p in projects:
        if file == p or file.is_relative_to(p):
            return p
    return None


def typecheck(projects: list[Path]) -> dict[Path, list[str]]:
    """Type-check every project in one tsc run; error lines (with their indented
    continuation lines) are returned under the project they belong to."""
    resolved = _resolve_all(projects)
    result: dict[Path, list[str]] = {p: [] for p in resolved}
    if not resolved:
        return result
    with tempfile.TemporaryDirectory(prefix="tsc-batch-") as tmp:
        tmpdir = Path(tmp)
        _write_tsconfig(tmpdir, resolved, {"noEmit": True})
        proc = _run([_bin("tsc"), "-p", tmpdir, "--pretty", "false"], cwd=tmpdir, timeout=600)
        unowned, current = [], None
        for line in proc.stdout.splitlines():
            m = _TSC_ERROR.match(line)
            if m:
                file = (tmpdir / m["file"]).resolve()
                owner = _owner(file, resolved)
                current = result[owner] if owner else unowned
                current.append(f"{file}{line[len(m['file']):]}")
            elif line.startswith(" ") and current is not None:
                current[-1] += "\n" + line
            elif line.strip():
                unowned.append(line)
        if unowned or (proc.returncode not in (0, 2)) or (
                proc.returncode == 2 and not any(result.values())):
            raise ToolchainError(f"tsc failed (exit {proc.returncode}):\n"
                                 + "\n".join(unowned) + proc.stderr)
    return result


def compile_commonjs(projects: list[Path], outdir: Path) -> dict[Path, Path]:
    """Transpile the projects to CommonJS in one tsc run (no type check: `typecheck()` is
    that). Returns {project: built dir}, where `built/startos/index.js` is the entry."""
    resolved = _resolve_all(projects)
    if not resolved:
        return {}
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    out = outdir / "out"
    _write_tsconfig(outdir, resolved, {
        "noEmit": False, "module": "commonjs", "moduleResolution": "bundler",
        "outDir": str(out), "noEmitOnError": False, "sourceMap": False,
        "noCheck": True,  # typecheck() is the type check; this run only transpiles
    })
    proc = _run([_bin("tsc"), "-p", outdir, "--pretty", "false"], cwd=outdir, timeout=600)
    built = {p: out / p.relative_to("/") for p in resolved}
    missing = [p for p, b in built.items() if not (b / "startos" / "index.js").exists()]
    if missing:
        raise ToolchainError(f"tsc emitted nothing for {missing}:\n{proc.stdout}{proc.stderr}")
    return built


_BUILDS: dict[tuple[Path, ...], dict[Path, Path]] = {}


def commonjs_builds(projects: list[Path]) -> dict[Path, Path]:
    """`compile_commonjs`, once per set of projects per session: the proof's dump and the
    runtime harness run the same ~145 projects, and a transpile of them all is ~30 s. The
    builds stay in a temporary directory until the session ends; callers only read them."""
    key = tuple(sorted(_resolve_all(projects)))
    if key not in _BUILDS:
        outdir = Path(tempfile.mkdtemp(prefix="tsc-commonjs-"))
        atexit.register(shutil.rmtree, outdir, True)
        _BUILDS[key] = compile_commonjs(list(key), outdir)
    return dict(_BUILDS[key])


def node_env() -> dict[str, str]:
    """The environment node needs to resolve the SDK from compiled projects."""
    return {**os.environ, "NODE_PATH": str(WORKSPACE / "node_modules")}


def emit_and_dump(projects: list[Path], strict: bool = True) -> dict[Path, dict]:
    """Compile the projects to CommonJS (one tsc run) and run them with dump.cjs (one node
    run). Each value is `{manifest, actions: {id: {metadata, spec, prefill}}}`; a project
    that failed to load has `{error}` instead, which raises unless `strict=False`."""
    texts = dump_texts(projects)
    result = {p: json.loads(t) if isinstance(t, str) else t for p, t in texts.items()}
    failed = {p: r["error"] for p, r in result.items() if "error" in r}
    if strict and failed:
        raise AssertionError("projects failed to run:\n" + "\n".join(
            f"{p}: {e}" for p, e in failed.items()))
    return result


_DUMPS: dict[tuple[Path, ...], dict[Path, object]] = {}


def dump_texts(projects: list[Path]) -> dict[Path, object]:
    """{project: its dump as the text `JSON.stringify(dump, null, 2)`} (or `{error}`), for
    byte comparisons. One tsc emit and one node run per set of projects per session: the
    Python target's proof compares against the same run as tests/convert/test_proof.py."""
    if not projects:
        return {}
    key = tuple(_resolve_all(projects))
    if key not in _DUMPS:
        built = commonjs_builds(projects)
        with tempfile.TemporaryDirectory(prefix="node-dump-") as tmp:
            tmpdir = Path(tmp)
            dump_file = tmpdir / "dump.json"
            node = _run(["node", WORKSPACE / "dump.cjs", "--out", dump_file, "--text",
                         *map(str, built.values())], cwd=tmpdir, env=node_env(), timeout=600)
            if node.returncode != 0 or not dump_file.exists():
                raise ToolchainError(f"dump.cjs failed (exit {node.returncode}):\n"
                                     f"{node.stderr}")
            raw = json.loads(dump_file.read_text(encoding="utf-8"))
        _DUMPS[key] = {p: raw[str(b)] for p, b in built.items()}
    return dict(_DUMPS[key])


def prettier_check(files: list[Path]) -> list[Path]:
    """The files prettier (with tests/typescript/.prettierrc.json) would change."""
    files = [Path(f).resolve() for f in files]
    if not files:
        return []
    proc = _run([_bin("prettier"), "--config", WORKSPACE / ".prettierrc.json",
                 "--no-editorconfig", "--ignore-path", os.devnull, "--list-different", *files],
                cwd=WORKSPACE, timeout=600)
    if proc.returncode not in (0, 1):
        raise ToolchainError(f"prettier failed (exit {proc.returncode}):\n{proc.stderr}")
    return [(WORKSPACE / line).resolve() for line in proc.stdout.splitlines() if line.strip()]


def node_json(script: str, payload) -> object:
    """Run an ES-module `script` with node and return what it writes.

    The script gets `process.argv.slice(2)` = [workspace, input.json, output.json]; it reads
    `payload` from input.json and must write its JSON answer to output.json. One process per
    call: batch many cases into one payload.
    """
    with tempfile.TemporaryDirectory(prefix="node-json-") as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "script.mjs").write_text(script)
        (tmpdir / "in.json").write_text(json.dumps(payload))
        proc = _run(["node", tmpdir / "script.mjs", WORKSPACE, tmpdir / "in.json",
                     tmpdir / "out.json"], cwd=tmpdir, timeout=600)
        if proc.returncode != 0:
            raise ToolchainError(f"node failed (exit {proc.returncode}):\n{proc.stderr}")
        return json.loads((tmpdir / "out.json").read_text())
