"""Incremental batches: what the last run converted, and whether a wrapper changed since.

`OUT/.startos-migrate-batch/state.json` keeps, per output name, the wrapper path, the input
hash, the output hash and the report row of the last successful conversion. A wrapper is
skipped (`unchanged`) when its input hash is the same AND its output directory is still
exactly what that run wrote.

The input hash covers what can change the output:
* every file the read stage may read: the wrapper tree walked as the read stage walks it
  (symbolic links are hashed as links, never followed; the build and VCS directories the
  read stage leaves out are left out here too), the content of each file up to the size
  the read stage reads, and only the size of a larger one (it is not read);
* the config-spec override, the migrator version, and the options that change the output
  (`--target`, `--version`).
The output hash is the sha256 of the project's `.startos-migrate/FILES` manifest, which lists
the sha256 of every generated file; "still matches" means every listed file is on disk
with that content.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from migrator import __version__
from migrator.emit.writer import MANIFEST_PATH, OutputError, parse_manifest
from migrator.read.copied import wrapper_tree
from migrator.read.files import MAX_FILE_BYTES

STATE_DIR = ".startos-migrate-batch"
STATE_FILE = "state.json"
STATE_SCHEMA = "startos-migrate/batch-state"
STATE_VERSION = 1
_CHUNK = 1 << 20


def input_hash(wrapper: Path, config_spec: Path | None, options: dict) -> str:
    digest = hashlib.sha256()
    head = {"tool": __version__, "options": options}
    digest.update(json.dumps(head, sort_keys=True).encode() + b"\0")
    for entry in _tree_entries(wrapper):
        digest.update(entry)
    digest.update(b"spec\0" + (_file_digest(config_spec) if config_spec else b"-"))
    return f"sha256:{digest.hexdigest()}"


def _tree_entries(root: Path):
    """One record per file, link and directory, in a fixed order (names sorted)."""
    for rel_dir, entries in wrapper_tree(root):
        for name, path, info in entries:
            rel = f"{rel_dir}/{name}".encode("utf-8", "surrogateescape")
            if stat.S_ISLNK(info.st_mode):
                try:
                    target = os.fsencode(os.readlink(path))
                except OSError as err:
                    target = f"unreadable {err.errno}".encode()
                yield b"L\0" + rel + b"\0" + target + b"\0"
            elif stat.S_ISREG(info.st_mode):
                mode = b"x" if info.st_mode & 0o111 else b"-"
                if info.st_size > MAX_FILE_BYTES:
                    body = f"size {info.st_size}".encode()
                else:
                    body = _file_digest(path)
                yield b"F\0" + rel + b"\0" + mode + body + b"\0"
        yield b"D\0" + rel_dir.encode("utf-8", "surrogateescape") + b"\0"


def _file_digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError as err:
        return f"unreadable {err.errno}".encode()
    return digest.digest()


def output_hash(project: Path) -> str | None:
    """sha256 of the project's FILES manifest, or None when there is none."""
    try:
        data = (project / MANIFEST_PATH).read_bytes()
    except OSError:
        return None
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


def output_matches(project: Path, expected: str | None) -> bool:
    """Is `project` exactly the output whose manifest hash is `expected`?"""
    if expected is None or output_hash(project) != expected:
        return False
    try:
        entries = parse_manifest((project / MANIFEST_PATH).read_bytes())
    except (OSError, OutputError):
        return False
    for rel, digest in entries.items():
        path = project / rel
        try:
            if not stat.S_ISREG(path.lstat().st_mode):
                return False
        except OSError:
            return False
        if _file_digest(path).hex() != digest:
            return False
    return True


def load_state(out: Path) -> tuple[dict, str | None]:
    """{name: entry} of the last run, and a problem (B709) when the file is unusable."""
    path = out / STATE_DIR / STATE_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as err:
        return {}, f"{path} is unreadable ({err})"
    if not isinstance(raw, dict) or raw.get("schema") != STATE_SCHEMA \
            or raw.get("version") != STATE_VERSION or not isinstance(raw.get("wrappers"), dict):
        return {}, f"{path} is not a batch state this version can use"
    return raw["wrappers"], None


def state_document(entries: dict) -> dict:
    return {"schema": STATE_SCHEMA, "version": STATE_VERSION, "tool_version": __version__,
            "wrappers": dict(sorted(entries.items()))}
