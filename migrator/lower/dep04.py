"""What the StartOS 0.4 ports of common dependencies expose, for the dependency lowering.

The facts live in data/dependencies_04.json, a subset of the team spec
dependencies-0.4.{md,json} (its `_source` header says which file and date). They are
shipped inside the package so an installed migrator needs no checkout, and loaded once.

A dependency id the table does not list is *unknown*: the lowering then keeps the legacy
range and health-check ids and writes a TODO, and never invents an action id."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

ANY = "$any"  # a rule value that matches anything; `$value` in `set` is replaced by it
VALUE = "$value"


@dataclass(frozen=True)
class RuleMapping:
    """How one legacy rule key of a dependency is carried in 0.4."""

    key: tuple[str, ...]  # normalised path (see rule_keys.requirement_key)
    kind: Literal["drop", "task", "todo"]
    value: Any = ANY
    at_most: float | None = None  # numeric keys: legacy requirements up to this always hold
    action: str | None = None
    set: dict | None = None
    accept: tuple[dict, ...] = ()  # alternatives; empty means (set,)
    severity: Literal["critical", "important", "optional"] = "critical"
    why: str = ""
    note: str = ""

    def matches(self, key: tuple[str, ...], value: Any) -> bool:
        if key != self.key:
            return False
        if self.at_most is not None:
            return _is_number(value) and value <= self.at_most
        return self.value == ANY or (value == self.value and type(value) is type(self.value))

    def partials(self, value: Any) -> tuple[dict, tuple[dict, ...]]:
        """(set, accept) with `$value` replaced by the legacy value."""
        set_ = _substitute(self.set or {}, value)
        return set_, tuple(_substitute(a, value) for a in self.accept) or (set_,)


@dataclass(frozen=True)
class PointerMapping:
    volume: str
    paths: tuple[str, ...]
    to_volume: str
    subpath: str | None
    note: str = ""
    layout: str = ""  # non-empty: the files moved; the mount is right but needs a person


@dataclass(frozen=True)
class Package04:
    id: str
    status: Literal["ported", "folded", "none"]
    port: str = ""
    version_range: str | None = None
    version_range_source: str = ""
    health_map: dict | None = None
    health_default: tuple[str, ...] = ()
    health_always: tuple[str, ...] = ()
    health_gone: dict | None = None
    actions: tuple[str, ...] = ()
    rules: tuple[RuleMapping, ...] = ()
    pointers: tuple[PointerMapping, ...] = ()
    into: str | None = None  # folded: the 0.4 package that does its job
    why: str = ""

    def rule_for(self, key: tuple[str, ...], value: Any) -> RuleMapping | None:
        return next((r for r in self.rules if r.matches(key, value)), None)

    def pointer_for(self, volume: str, path: str | None) -> PointerMapping | None:
        return next((p for p in self.pointers
                     if p.volume == volume and (path or "/") in p.paths), None)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _substitute(node, value):
    if node == VALUE:
        return value
    if isinstance(node, dict):
        return {k: _substitute(v, value) for k, v in node.items()}
    return node


def split_key(text: str) -> tuple[str, ...]:
    return tuple(text.split("."))


def _rule(raw: dict) -> RuleMapping:
    return RuleMapping(split_key(raw["key"]), raw["kind"], raw.get("value", ANY),
                       raw.get("at_most"), raw.get("action"), raw.get("set"),
                       tuple(raw.get("accept", ())), raw.get("severity", "critical"),
                       raw.get("why", ""), raw.get("note", ""))


def _package(pid: str, raw: dict, everything: dict) -> Package04:
    rules_raw = everything[raw["rules_as"]]["rules"] if "rules_as" in raw else raw.get("rules", [])
    health = raw.get("health", {})
    return Package04(
        pid, raw["status"], raw.get("port", ""), raw.get("version_range"),
        raw.get("version_range_source", ""), dict(health.get("map", {})),
        tuple(health.get("default", ())), tuple(health.get("always", ())),
        dict(raw.get("health_gone", {})), tuple(raw.get("actions", ())),
        tuple(_rule(r) for r in rules_raw),
        tuple(PointerMapping(p["volume"], tuple(p["paths"]), p["to_volume"], p["subpath"],
                             p.get("note", ""), p.get("layout", ""))
              for p in raw.get("pointers", ())),
        raw.get("into"), raw.get("why", ""))


@cache
def table() -> dict[str, Package04]:
    raw = json.loads(resources.files("migrator.lower").joinpath(
        "data/dependencies_04.json").read_text(encoding="utf-8"))
    packages = raw["packages"]
    return {pid: _package(pid, entry, packages) for pid, entry in packages.items()}


@cache
def source() -> str:
    """`<spec files> (<date>)`, for notes that say where a fact comes from."""
    raw = json.loads(resources.files("migrator.lower").joinpath(
        "data/dependencies_04.json").read_text(encoding="utf-8"))
    return f"dependencies-0.4 ({raw['_source']['spec_date']})"


def package(dep_id: str) -> Package04 | None:
    return table().get(dep_id)


def target_of(dep_id: str) -> str:
    """The 0.4 package a legacy dependency id becomes (btc-rpc-proxy → bitcoind)."""
    pkg = package(dep_id)
    return pkg.into if pkg is not None and pkg.status == "folded" and pkg.into else dep_id


def translate_health(dep_id: str, legacy_ids: tuple[str, ...]
                     ) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(0.4 health-check ids, (legacy id, why it is dropped)…) for a known dependency.
    No legacy ids: the ids the 0.4 dependents use."""
    pkg = package(dep_id)
    assert pkg is not None and pkg.health_map is not None
    if not legacy_ids:
        return pkg.health_default, ()
    out, dropped = list(pkg.health_always), []
    for legacy in legacy_ids:
        mapped = pkg.health_map.get(legacy)
        if mapped:
            out += mapped
        else:
            dropped.append((legacy, (pkg.health_gone or {}).get(
                legacy, f"`{legacy}` is not a health check the 0.4 `{dep_id}` is known to have")))
    return tuple(dict.fromkeys(out)), tuple(dropped)
