"""The legacy config value shape (tests/runtime/expect.py `shape_of`) and the checks on it."""

from __future__ import annotations

from typing import Any


def shape_errors(value: Any, shape: dict, where: str = "") -> list[str]:
    t = shape["t"]
    if t in ("pointer", "any"):
        return []
    if t == "bool":
        return [] if isinstance(value, bool) else [f"{where}: {value!r} is not a boolean"]
    if t == "num":
        if value is None and shape.get("nullable"):
            return []
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r} is not a number"]
    if t == "str":
        if value is None and shape.get("nullable"):
            return []
        return [] if isinstance(value, str) else [f"{where}: {value!r} is not a string"]
    if t == "enum":
        return (
            []
            if value in shape["values"]
            else [f"{where}: {value!r} is not one of {shape['values']}"]
        )
    if t == "list":
        if not isinstance(value, list):
            return [f"{where}: {value!r} is not a list"]
        return [
            e for i, x in enumerate(value) for e in shape_errors(x, shape["item"], f"{where}[{i}]")
        ]
    if t == "obj":
        if value is None and shape.get("nullable"):
            return []
        return object_errors(value, shape["fields"], where)
    if t == "union":
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not a flat union object"]
        tag = shape["tag"]
        if "selection" in value and tag not in value:
            return [f"{where}: union written in the form shape {{selection, value}}, not flat"]
        variant = value.get(tag)
        if variant not in shape["variants"]:
            return [f"{where}.{tag}: {variant!r} is not a variant"]
        rest = {k: v for k, v in value.items() if k != tag}
        return object_errors(rest, shape["variants"][variant], where)
    return []


def object_errors(value: Any, fields: dict, where: str = "") -> list[str]:
    if not isinstance(value, dict):
        return [f"{where or '<root>'}: {value!r} is not an object"]
    out = []
    for key, shape in fields.items():
        path = f"{where}.{key}" if where else key
        if key not in value:
            if shape["t"] not in ("pointer", "any"):
                out.append(f"{path}: missing")
            continue
        out += shape_errors(value[key], shape, path)
    return out


def lost_values(before: Any, after: Any, shape: dict | None, where: str = "") -> list[str]:
    """Legacy values (pointers aside) that an upgrade changed or dropped."""
    if shape is not None and shape.get("t") in ("pointer", "any"):
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        fields = (shape or {}).get("fields") if (shape or {}).get("t") == "obj" else None
        if shape and shape.get("t") == "union":
            fields = shape["variants"].get(before.get(shape["tag"]), {})
        if shape and shape.get("t") == "root":
            fields = shape["fields"]
        out = []
        for k, v in before.items():
            sub = (fields or {}).get(k)
            path = f"{where}.{k}" if where else k
            if k not in after:
                if not (sub and sub["t"] in ("pointer", "any")):
                    out.append(f"{path}: lost")
                continue
            out += lost_values(v, after[k], sub, path)
        return out
    return [] if before == after else [f"{where}: {before!r} became {after!r}"]
