"""Typed, located access to a located mapping, with diagnostics instead of exceptions.

A `Fields` view remembers which keys the builder consumed; `unknown()` reports the rest,
because the legacy deserializers ignored unknown keys and so must we (with a warning).
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from migrator.diagnostics import Diagnostics, Location
from migrator.ir.origin import Origin, UnknownKey
from migrator.read.located import LMap, LNode, LScalar, LSeq, to_plain, type_name

_MISSING = object()


def origin_of(node: LNode) -> Origin:
    return Origin(node.loc, node.path)


class Fields:
    def __init__(self, node: LMap, diags: Diagnostics, *, what: str, unknown_code: str = "M403",
                 type_code: str = "M402", missing_code: str = "M401"):
        self.node = node
        self.diags = diags
        self.what = what
        self.used: set[str] = set()
        self.unknown_code = unknown_code
        self.type_code = type_code
        self.missing_code = missing_code

    # -- lookups ---------------------------------------------------------------------------
    @property
    def origin(self) -> Origin:
        return origin_of(self.node)

    def has(self, *keys: str) -> bool:
        return any(k in self.node for k in keys)

    def raw(self, *keys: str) -> LNode | None:
        """The first present spelling among `keys` (e.g. 0.3 kebab and 0.2 camelCase)."""
        for key in keys:
            self.used.add(key)
        for key in keys:
            if key in self.node:
                return self.node.get(key)
        return None

    def key_name(self, *keys: str) -> str:
        return next((k for k in keys if k in self.node), keys[0])

    def loc_of(self, key: str) -> Location:
        entry = self.node.entry(key)
        return entry.key_loc if entry else self.node.loc

    def _missing(self, keys: tuple[str, ...]) -> None:
        self.diags.error(self.missing_code, f"{self.what} is missing required key `{keys[0]}`",
                         self.node.loc, self.node.path)

    def _wrong(self, node: LNode, key: str, expected: str) -> None:
        self.diags.error(self.type_code,
                         f"`{key}` of {self.what} must be {expected}, not {type_name(node)}",
                         node.loc, node.path)

    # -- typed getters ---------------------------------------------------------------------
    def str(self, *keys: str, required: bool = False, default: Any = None,
            allow_number: bool = True) -> Any:
        node = self.raw(*keys)
        if node is None:
            if required:
                self._missing(keys)
            return default
        if isinstance(node, LScalar):
            value = node.value
            if value is None:
                if required:
                    self._wrong(node, self.key_name(*keys), "a string")
                return default
            if isinstance(value, str):
                return value
            if allow_number and isinstance(value, (int, float)) and not isinstance(value, bool):
                # serde's string fields accept YAML numbers only via deserialize_any; wrappers
                # write `version: 0.3` style values, so keep the source spelling.
                return _number_text(node)
        self._wrong(node, self.key_name(*keys), "a string")
        return default

    def bool(self, *keys: str, default: bool | None = False, required: bool = False) -> Any:
        node = self.raw(*keys)
        if node is None:
            if required:
                self._missing(keys)
            return default
        if isinstance(node, LScalar) and isinstance(node.value, bool):
            return node.value
        if isinstance(node, LScalar) and node.value is None and not required:
            return default
        self._wrong(node, self.key_name(*keys), "true or false")
        return default

    def int(self, *keys: str, default: int | None = None, required: bool = False,
            minimum: int | None = 0, maximum: int | None = None,
            width: str = "") -> int | None:
        """A whole number; `maximum` (with the legacy Rust type in `width`, e.g. "u64") bounds
        what the legacy OS could deserialize: anything larger is a located error (M429)."""
        node = self.raw(*keys)
        if node is None:
            if required:
                self._missing(keys)
            return default
        value = node.value if isinstance(node, LScalar) else None
        if maximum is not None and isinstance(value, (int, float)) \
                and not isinstance(value, bool) and not value <= maximum and value == value:
            self.diags.error("M429", f"`{self.key_name(*keys)}` of {self.what} is out of range: "
                             f"at most {maximum}{f' ({width})' if width else ''}",
                             node.loc, node.path)
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (isinstance(value, float) and (not math.isfinite(value) or value != int(value))):
            self._wrong(node, self.key_name(*keys), "a whole number")
            return default
        if minimum is not None and value < minimum:
            self._wrong(node, self.key_name(*keys), f"a whole number ≥ {minimum}")
            return default
        return int(value)

    def map(self, *keys: str, required: bool = False, nullable: bool = True) -> LMap | None:
        node = self.raw(*keys)
        if node is None:
            if required:
                self._missing(keys)
            return None
        if isinstance(node, LMap):
            return node
        if nullable and isinstance(node, LScalar) and node.value is None:
            return None
        self._wrong(node, self.key_name(*keys), "a mapping")
        return None

    def seq(self, *keys: str, required: bool = False) -> LSeq | None:
        node = self.raw(*keys)
        if node is None:
            if required:
                self._missing(keys)
            return None
        if isinstance(node, LSeq):
            return node
        if isinstance(node, LScalar) and node.value is None:
            return None
        self._wrong(node, self.key_name(*keys), "a list")
        return None

    def str_list(self, *keys: str, required: bool = False) -> tuple[str, ...] | None:
        node = self.seq(*keys, required=required)
        if node is None:
            return None
        out = []
        for item in node:
            if isinstance(item, LScalar) and isinstance(item.value, (str, int, float)) \
                    and not isinstance(item.value, bool):
                out.append(item.value if isinstance(item.value, str) else _number_text(item))
            else:
                self.diags.error(self.type_code, f"items of `{self.key_name(*keys)}` must be "
                                 f"strings, not {type_name(item)}", item.loc, item.path)
        return tuple(out)

    def plain(self, *keys: str, default: Any = None) -> Any:
        node = self.raw(*keys)
        return default if node is None else to_plain(node)

    # -- the rest --------------------------------------------------------------------------
    def unknown(self, ignore: Iterable[str] = (), *, report: bool = True,
                severity: str = "warning") -> tuple[UnknownKey, ...]:
        skip = self.used | set(ignore)
        out = []
        for entry in self.node.entries:
            if entry.key in skip or any(u.key == entry.key for u in out):
                continue
            origin = Origin(entry.key_loc, self.node.path / entry.key)
            out.append(UnknownKey(entry.key, to_plain(entry.value), origin))
            if report:
                getattr(self.diags, severity)(
                    self.unknown_code,
                    f"unknown key `{entry.key}` in {self.what} (the legacy OS ignored it)",
                    entry.key_loc, self.node.path / entry.key)
        return tuple(out)


def _number_text(node: LScalar) -> str:
    raw = node.raw
    if raw and raw.strip() and raw.strip()[0] not in "'\"":
        return raw.strip()
    value = node.value
    if isinstance(value, float) and value == int(value) and "e" not in repr(value):
        return repr(value)
    return str(value)

