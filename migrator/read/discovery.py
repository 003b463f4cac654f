"""Find the files a wrapper's manifest names, the way the legacy OS would.

0.3 wrappers hand their config spec and rule files to the `compat` system image as
container paths (`/mnt/assets/config_spec.yaml`); an assets volume mounted there maps
them back to `assets/<volume-id>/…` in the wrapper. 0.2 wrappers keep them at the root.
Script wrappers keep the spec in a `compat.getConfig({...})` literal in TypeScript.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from migrator.diagnostics import KeyPath, Location
from migrator.read.located import LMap, LNode, LScalar, LSeq

GET_CONFIG_CANDIDATES = (
    "scripts/services/getConfig.ts",
    "scripts/procedures/getConfig.ts",
)


@dataclass(frozen=True)
class FileRef:
    """A file the manifest names: where it lives in the wrapper and who named it."""

    role: str  # spec | own-rules | dependencies-yaml | dependency-rules
    relpath: str | None  # None when the container path could not be mapped to the wrapper
    container_path: str
    named_at: Location
    key_path: KeyPath
    dependency_id: str | None = None


def _str_list(node: LNode | None) -> list[str] | None:
    if not isinstance(node, LSeq):
        return None
    out = []
    for item in node:
        if not isinstance(item, LScalar) or item.value is None:
            return None
        out.append(str(item.value))
    return out


def _asset_mounts(manifest: LMap, procedure: LMap) -> dict[str, str]:
    """container mount point → wrapper directory, for assets volumes mounted by `procedure`."""
    volumes = manifest.get("volumes")
    mounts = procedure.get("mounts")
    out: dict[str, str] = {}
    if not isinstance(volumes, LMap) or not isinstance(mounts, LMap):
        return out
    assets = manifest.get("assets")
    assets_dir = "assets"
    if isinstance(assets, LMap) and isinstance(assets.get("assets"), LScalar):
        assets_dir = str(assets.get("assets").value or "assets")  # type: ignore[union-attr]
    for volume_id, mountpoint in mounts.items():
        volume = volumes.get(volume_id)
        if not isinstance(volume, LMap) or not isinstance(mountpoint, LScalar):
            continue
        vtype = volume.get("type")
        if isinstance(vtype, LScalar) and vtype.value == "assets":
            out[posixpath.normpath(str(mountpoint.value))] = posixpath.join(assets_dir, volume_id)
    return out


def container_to_wrapper(path: str, asset_mounts: dict[str, str]) -> str | None:
    path = posixpath.normpath(path)
    # Longest mount point first: nested mounts must win.
    for mountpoint in sorted(asset_mounts, key=len, reverse=True):
        if path == mountpoint or path.startswith(mountpoint.rstrip("/") + "/"):
            rest = path[len(mountpoint):].lstrip("/")
            return posixpath.join(asset_mounts[mountpoint], rest) if rest else None
    return None


def _compat_args(procedure: LNode | None) -> tuple[LMap, list[str]] | None:
    if not isinstance(procedure, LMap):
        return None
    image, system = procedure.get("image"), procedure.get("system")
    if not (isinstance(image, LScalar) and image.value == "compat"):
        return None
    if not (isinstance(system, LScalar) and system.value is True):
        return None
    args = _str_list(procedure.get("args"))
    return (procedure, args) if args is not None else None


def _ref(manifest: LMap, procedure: LMap, args: list[str], index: int, role: str,
         dependency_id: str | None = None) -> FileRef | None:
    if len(args) <= index:
        return None
    args_node = procedure.get("args")
    assert isinstance(args_node, LSeq)
    item = args_node.items[index]
    relpath = container_to_wrapper(args[index], _asset_mounts(manifest, procedure))
    return FileRef(role, relpath, args[index], item.loc, item.path, dependency_id)


def compat_file_refs(manifest: LMap) -> list[FileRef]:
    """Spec, rule and dependencies.yaml files named by compat procedures of a 0.3 manifest."""
    refs: list[FileRef] = []
    config = manifest.get("config")
    if isinstance(config, LMap):
        got = _compat_args(config.get("get"))
        if got and got[1][:2] == ["config", "get"]:
            refs.append(_ref(manifest, got[0], got[1], 3, "spec"))
        got = _compat_args(config.get("set"))
        if got and got[1][:2] == ["config", "set"]:
            refs.append(_ref(manifest, got[0], got[1], 4, "own-rules"))
            refs.append(_ref(manifest, got[0], got[1], 5, "dependencies-yaml"))
    dependencies = manifest.get("dependencies")
    if isinstance(dependencies, LMap):
        for dep_id, dep in dependencies.items():
            if not isinstance(dep, LMap) or not isinstance(dep.get("config"), LMap):
                continue
            dep_config = dep.get("config")
            for verb in ("check", "auto-configure"):
                got = _compat_args(dep_config.get(verb))  # type: ignore[union-attr]
                if got and got[1][:1] == ["dependency"] and got[1][1:2] == [verb]:
                    refs.append(_ref(manifest, got[0], got[1], 5, "dependency-rules", dep_id))
    return [r for r in refs if r is not None]


def script_config_get(manifest: LMap) -> bool:
    config = manifest.get("config")
    if not isinstance(config, LMap):
        return False
    get = config.get("get")
    return isinstance(get, LMap) and isinstance(get.get("type"), LScalar) and \
        get.get("type").value == "script"  # type: ignore[union-attr]
