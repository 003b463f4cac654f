"""Read stage: a wrapper directory → located values of every input file.

Entry point: `read_wrapper`. It never raises on bad input; problems become diagnostics.
"""

from __future__ import annotations

import os
from pathlib import Path

from migrator.diagnostics import Diagnostics, Location
from migrator.read.discovery import (
    GET_CONFIG_CANDIDATES,
    FileRef,
    compat_file_refs,
    script_config_get,
)
from migrator.read.boundary import WrapperBoundary
from migrator.read.located import LMap, LScalar
from migrator.read.wrapper import SourceDoc, WrapperFiles

__all__ = ["read_wrapper", "WrapperFiles", "SourceDoc"]

MANIFEST_NAMES = ("manifest.toml", "manifest.yaml", "manifest.yml", "manifest.json")

# What lowering copies or mentions; recorded so later stages never touch the disk.
INVENTORY_NAMES = (
    "Dockerfile", "docker_entrypoint.sh", "Makefile", "instructions.md", "INSTRUCTIONS.md",
    "LICENSE", "LICENSE.md", "icon.png", "icon.svg", "icon.jpg", "scripts", "scripts/embassy.ts",
    "scripts/embassy.js", "assets", "config_spec.yaml", "config_rules.yaml", "image.tar",
    "docker-images", *GET_CONFIG_CANDIDATES,
)


def _format_of(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"yml": "yaml", "yaml": "yaml", "toml": "toml", "json": "json", "ts": "ts"}.get(suffix, "yaml")


def _read(bound: WrapperBoundary, relpath: str) -> SourceDoc:
    """A structured file inside the wrapper (the boundary already accepted `relpath`)."""
    from migrator.read.files import read_structured

    display = bound.display(relpath)
    fmt = _format_of(relpath)
    path = bound.path(relpath)
    node = read_structured(path, display, bound.diags, fmt=fmt, boundary=bound) \
        if path is not None else None
    return SourceDoc(display, fmt, node, relpath)


def _read_get_config_ts(bound: WrapperBoundary, relpath: str) -> SourceDoc:
    from migrator.read.files import load_text
    from migrator.read.ts_literal import extract_get_config

    display = bound.display(relpath)
    path = bound.path(relpath)
    text = load_text(path, display, bound.diags, boundary=bound) if path is not None else None
    node = extract_get_config(text, display, bound.diags) if text is not None else None
    return SourceDoc(display, "ts", node, relpath)


def _find_manifest(bound: WrapperBoundary) -> str | None:
    root_arg, diags = bound.root_arg, bound.diags
    present = [name for name in MANIFEST_NAMES if os.path.lexists(bound.root / name)]
    found = [name for name in present if bound.exists(name)]
    if not found:
        if not present:  # a manifest linked out of the wrapper was reported (R124)
            diags.error("R101", f"no manifest in {root_arg or '.'}: expected one of "
                        + ", ".join(MANIFEST_NAMES), Location(root_arg or "."))
        return None
    if len(found) > 1:
        diags.warning("R102", f"several manifests ({', '.join(found)}); using {found[0]} as the "
                      "legacy OS did", Location(bound.display(found[0])),
                      hint="delete the others so nobody edits the wrong file")
    return found[0]


def _missing(ref: FileRef, diags: Diagnostics, what: str) -> None:
    if ref.relpath is None:
        diags.warning("M422", f"{what} `{ref.container_path}` is not inside an assets volume, so "
                      "the migrator cannot find it in the wrapper", ref.named_at, ref.key_path)
    else:
        diags.warning("R113", f"{what} `{ref.relpath}` (named as `{ref.container_path}`) does "
                      "not exist in the wrapper", ref.named_at, ref.key_path)


def _resolve(bound: WrapperBoundary, ref: FileRef, what: str,
             cache: dict[str, SourceDoc]) -> SourceDoc | None:
    if ref.relpath is None:
        _missing(ref, bound.diags, what)
        return None
    path = bound.path(ref.relpath, ref.named_at, what)
    if path is None:
        return None  # outside the wrapper: reported at the link (R124)
    if not path.is_file():
        _missing(ref, bound.diags, what)
        return None
    if ref.relpath not in cache:
        cache[ref.relpath] = _read(bound, ref.relpath)
    return cache[ref.relpath]


# Inventory entries whose content decides the conversion: linking them out of the wrapper
# is an error. The others (Dockerfile, LICENSE, icon…) are only carried: a warning.
_READ_ENTRIES = ("scripts", "scripts/embassy.ts", "scripts/embassy.js", "assets",
                 "config_spec.yaml", "config_rules.yaml", *GET_CONFIG_CANDIDATES)


def _inventory(bound: WrapperBoundary) -> tuple[str, ...]:
    """Names present inside the wrapper; one linked out of it is reported and left out."""
    out = []
    for name in INVENTORY_NAMES:
        severity = "error" if name in _READ_ENTRIES else "warning"
        if os.path.lexists(bound.root / name) and \
                bound.path(name, what="file or directory", severity=severity):
            out.append(name)
    return tuple(out)


def read_wrapper(wrapper_dir: str | os.PathLike, diags: Diagnostics, *,
                 config_spec: str | os.PathLike | None = None) -> WrapperFiles:
    """Read the manifest and every file it names. Problems go to `diags`."""
    root_arg = os.fspath(wrapper_dir)
    root = Path(root_arg)
    if not root.is_dir():
        diags.error("R100", f"{root_arg} is not a directory", Location(root_arg))
        return WrapperFiles(root_arg, None)
    bound = WrapperBoundary(root, root_arg, diags)
    name = _find_manifest(bound)
    manifest = _read(bound, name) if name else None
    node = manifest.root if manifest else None
    is_v0 = isinstance(node, LMap) and isinstance(node.get("compat"), LScalar) and \
        node.get("compat").value == "v0" and "ports" in node  # type: ignore[union-attr]

    spec = own = deps_yaml = None
    spec_source = None
    dep_rules: list[tuple[str, SourceDoc]] = []
    cache: dict[str, SourceDoc] = {}

    if config_spec is not None:
        # The user named this file on the command line: it may lie anywhere.
        from migrator.read.files import read_structured

        display = os.fspath(config_spec)
        fmt = _format_of(Path(config_spec).name)
        spec = SourceDoc(display, fmt, read_structured(Path(config_spec), display, diags,
                                                       fmt=fmt, boundary=bound))
        spec_source = "explicit"

    if is_v0:
        if spec is None and bound.exists("config_spec.yaml"):
            spec, spec_source = _read(bound, "config_spec.yaml"), "config_spec.yaml"
        if bound.exists("config_rules.yaml"):
            own = _read(bound, "config_rules.yaml")
    elif isinstance(node, LMap):
        for ref in compat_file_refs(node):
            if ref.role == "spec":
                if spec is None:
                    spec = _resolve(bound, ref, "config spec", cache)
                    spec_source = "compat" if spec else None
            elif ref.role == "own-rules":
                own = _resolve(bound, ref, "config rules file", cache)
            elif ref.role == "dependencies-yaml":
                deps_yaml = _resolve(bound, ref, "dependencies file", cache)
            elif ref.role == "dependency-rules":
                doc = _resolve(bound, ref, "dependency rules file", cache)
                if doc is not None and all(d != ref.dependency_id for d, _ in dep_rules):
                    dep_rules.append((ref.dependency_id or "", doc))
        if spec is None and script_config_get(node):
            ts = next((c for c in GET_CONFIG_CANDIDATES if bound.exists(c)), None)
            if ts is not None:
                spec, spec_source = _read_get_config_ts(bound, ts), "getConfig.ts"
            elif not any(os.path.lexists(root / c) for c in GET_CONFIG_CANDIDATES):
                config = node.get("config")
                diags.warning(
                    "R113", "the config spec lives in scripts/…/getConfig.ts, which this wrapper "
                    "does not contain; the config form cannot be converted",
                    config.loc if config is not None else None,
                    config.path if config is not None else None,
                    hint="pass the spec with --config-spec FILE (YAML or JSON)")

    inventory = _inventory(bound)
    from migrator.read.copied import collect_copied

    copied, skipped = collect_copied(bound, root_arg, diags)  # reports links out too
    scripts, build, backup_scripts = _legacy_code(node, copied)
    return WrapperFiles(
        root=root_arg, manifest=manifest, copied=copied, skipped=skipped, config_spec=spec, config_spec_source=spec_source,
        own_rules=own, dependency_rules=tuple(dep_rules), dependencies_yaml=deps_yaml,
        inventory=inventory, scripts=scripts, build=build, backup_scripts=backup_scripts,
    )


def _legacy_code(manifest, copied):
    """What the legacy scripts, Dockerfile and Makefile do (scanned from memory, bounded)."""
    from migrator.read.buildfiles import read_backup_scripts, read_build
    from migrator.read.scripts import scan_scripts

    by_path = {f.relpath: f for f in copied}
    backup = read_backup_scripts(manifest, by_path) if isinstance(manifest, LMap) else ()
    return scan_scripts(copied), read_build(by_path), backup
