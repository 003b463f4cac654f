"""What the runtime harness expects of a generated package, read from its LEGACY wrapper.

The facts come from the typed legacy model (read + IR), never from the generator's output,
so the harness judges the generated package against what 0.3 did:

* `lastVersion` / `olderVersion`: ExVer data versions an upgrade starts from (the last
  legacy version, and an older one: the newest version literal below it in
  `migrations.from`, else a synthetic lower version);
* `shape`: the legacy config value shape (what start9/config.yaml must look like);
* `legacyConfig`: a config as 0.3 stored it: spec defaults plus generated values (pointers
  hold plausible computed strings, as the legacy OS wrote them);
* `mainMounts`, `volumeTypes`, `interfaces` (+ protocols and TLS ports), `healthChecks`,
  `requiredDependencies`, `hasConfig`.

The result is plain JSON: hand-written harness fixtures ship the same dict as expect.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from migrator.diagnostics import Diagnostics
from migrator.ir import build_ir
from migrator.read import read_wrapper
from tests.runtime.samples import entropy, string_for

CONFIG_FILE = {"volume": "main", "path": "start9/config.yaml"}


def exver(parts: tuple[int, ...]) -> str:
    """emver a.b.c.d -> ExVer a.b.c:d (1-2 component versions padded)."""
    a, b, c, d = (list(parts) + [0, 0, 0, 0])[:4]
    return f"{a}.{b}.{c}:{d}"


def _older(last: tuple[int, ...], migrations) -> tuple[int, ...]:
    literals = []
    for text, _rng, _proc in (migrations.from_ if migrations else ()):
        for lit in re.findall(r"\d+(?:\.\d+)*", text):
            parts = tuple(int(x) for x in lit.split("."))
            padded = (parts + (0, 0, 0, 0))[:4]
            if padded < last:
                literals.append(padded)
    if literals:
        return max(literals)
    a, b, c, d = last
    if d:
        return (a, b, c, d - 1)
    if c:
        return (a, b, c - 1, 0)
    if b:
        return (a, b - 1, 0, 0)
    return (max(a - 1, 0), 0, 0, 0) if a else (0, 0, 0, 0)


def shape_of(spec) -> dict[str, Any]:
    return {f.key: _field_shape(f) for f in spec.fields}


def _field_shape(f) -> dict[str, Any]:
    t = f.type
    if t == "boolean":
        return {"t": "bool"}
    if t == "number":
        return {"t": "num", "nullable": f.nullable}
    if t == "string":
        return {"t": "str", "nullable": f.nullable}
    if t == "enum":
        return {"t": "enum", "values": list(f.values)}
    if t == "object":
        return {"t": "obj", "fields": shape_of(f.spec), "nullable": f.nullable}
    if t == "union":
        return {"t": "union", "tag": f.tag.id, "variants": {v: shape_of(s) for v, s in f.variants}}
    if t == "list":
        return {"t": "list", "item": _field_shape(f.item)}
    if t == "pointer":
        return {"t": "pointer"}
    return {"t": "any"}


def sample_of(spec) -> dict[str, Any]:
    out = {}
    for f in spec.fields:
        out[f.key] = _sample(f)
    return out


def _number(f):
    rng = f.range
    lo = rng.low.value if rng is not None and rng.low is not None else None
    hi = rng.high.value if rng is not None and rng.high is not None else None
    v = lo + 1 if lo is not None else 7
    if hi is not None and v > hi:
        v = lo if lo is not None else hi
    return int(v) if f.integral or float(v).is_integer() else v


def _sample(f):
    t = f.type
    default = getattr(f, "default", None)
    if t == "boolean":
        return default if isinstance(default, bool) else True
    if t == "number":
        return (
            default
            if isinstance(default, (int, float)) and not isinstance(default, bool)
            else _number(f)
        )
    if t == "string":
        if isinstance(default, str):
            return default
        if default is not None and hasattr(default, "length"):
            return entropy(default.charset.chars() if default.charset else None, default.length)
        return string_for([f.pattern] if f.pattern else [], f.key)
    if t == "enum":
        return default if isinstance(default, str) and default in f.values else f.values[0]
    if t == "object":
        return sample_of(f.spec)
    if t == "union":
        ids = [v for v, _ in f.variants]
        chosen = default if isinstance(default, str) and default in ids else ids[0]
        spec = dict(f.variants)[chosen]
        return {f.tag.id: chosen, **sample_of(spec)}
    if t == "list":
        if not isinstance(f.default, list):
            return []
        if f.item.type == "union":  # 0.3 stored a listed variant id as that variant's value
            variants = dict(f.item.variants)
            return [
                (
                    {f.item.tag.id: x, **sample_of(variants[x])}
                    if isinstance(x, str) and x in variants
                    else x
                )
                for x in f.default
            ]
        return [
            x if not isinstance(x, dict) or "charset" not in x else entropy(None, 16)
            for x in f.default
        ]
    if t == "pointer":
        return f"legacy-computed-{f.key}"
    return f"legacy-opaque-{f.key}"  # a value the migrator could not read: kept verbatim


def own_address_pointers(spec, package_id: str, where: str = "") -> list[str]:
    """Dotted paths (through objects) of pointers to this package's own addresses."""
    out = []
    for f in spec.fields:
        path = f"{where}.{f.key}" if where else f.key
        if f.type == "object":
            out += own_address_pointers(f.spec, package_id, path)
        elif (
            f.type == "pointer"
            and f.target in ("tor-address", "lan-address")
            and f.package_id in (None, package_id)
        ):
            out.append(path)
    return out


def _actions(m) -> list[dict]:
    out = []
    for a in m.actions:
        proc = a.implementation
        if getattr(proc, "kind", None) == "docker":
            out.append(
                {"id": a.id, "inject": proc.inject, "mounts": [list(x) for x in proc.mounts]}
            )
    return out


def expectations(wrapper: Path, config_spec: Path | None = None) -> dict[str, Any]:
    diags = Diagnostics()
    legacy = build_ir(read_wrapper(wrapper, diags, config_spec=config_spec), diags)
    if legacy is None or legacy.manifest.version is None:
        return {"unreadable": True}
    m = legacy.manifest
    last = m.version.as_tuple()
    spec = legacy.config_spec
    has_config = bool(m.config is not None and spec is not None and spec.fields)
    main = m.main if m.main is not None and getattr(m.main, "kind", None) == "docker" else None
    return {
        "packageId": m.id,
        "lastVersion": exver(last),
        "olderVersion": exver(_older(last, m.migrations)),
        "hasConfig": has_config,
        "configFile": CONFIG_FILE if has_config else None,
        "shape": shape_of(spec) if has_config else None,
        "legacyConfig": sample_of(spec) if has_config else None,
        "mainMounts": [list(x) for x in main.mounts] if main else [],
        "mainCommand": [main.entrypoint, *main.args] if main and main.entrypoint else None,
        "volumeTypes": {v.id: v.type for v in m.volumes},
        "interfaces": [i.id for i in m.interfaces if i.tor_ports or i.lan_ports],
        "interfaceDetails": {
            i.id: {
                "protocols": list(i.protocols),
                "sslPorts": sorted({p.internal for p in i.lan_ports or () if p.ssl}),
            }
            for i in m.interfaces
        },
        "healthChecks": [h.id for h in m.health_checks],
        "ownAddressPointers": own_address_pointers(spec, m.id) if has_config else [],
        "actions": _actions(m),
        "requiredDependencies": [d.id for d in m.dependencies if d.requirement.type == "required"],
    }


def load_expect(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text())
