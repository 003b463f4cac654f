"""A deterministic, JSON-able rendering of the IR, for golden tests and debugging."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from migrator.ir.origin import Origin
from migrator.ir.rulefile import RuleText

# Types whose own text form is the clearest dump (versions, ranges, charsets, …).
_TEXT_TYPES = ("Version", "VersionRange", "NumRange", "CharSet")


def dump(value: Any) -> Any:
    if isinstance(value, Origin):
        where = f"{value.loc.line}:{value.loc.column}" if value.loc.line else "-"
        return f"{where} {value.path}" if value.path else where
    if isinstance(value, RuleText):
        return {"text": value.text, "parsed": value.parsed is not None,
                "at": dump(value.origin)}
    if type(value).__name__ in _TEXT_TYPES and hasattr(value, "text"):
        return value.text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"@": type(value).__name__}
        for f in dataclasses.fields(value):
            if f.name.startswith("_"):
                continue
            item = getattr(value, f.name)
            if item is None or item == () or item is False:
                continue  # keep golden files about what is there
            out[f.name] = dump(item)
        return out
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [dump(v) for v in value]
    return value
