"""Python names for legacy ids: deterministic, valid identifiers, never a keyword or dunder.

The JSON keeps the legacy id (`Action.id`, form keys stay strings); only module and package
names are derived, so an id like `set-password`, `class` or `2fa` still gets a module."""

from __future__ import annotations

import keyword
import re

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def py_name(legacy_id: str) -> str:
    """`set-password` → `set_password`, `class` → `class_`, `2fa` → `a_2fa`, `` → `a_`."""
    name = _NOT_WORD.sub("_", legacy_id.lower()).strip("_")
    if not name or name[0].isdigit():
        name = "a_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name.startswith("__"):
        name += "_"
    return name


def unique_names(ids: list[str], taken: frozenset[str] = frozenset()) -> dict[str, str]:
    """A distinct py_name per id, in the given order: a clash gets `_2`, `_3`, ..."""
    out: dict[str, str] = {}
    used = set(taken)
    for legacy_id in ids:
        base = py_name(legacy_id)
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name)
        out[legacy_id] = name
    return out


def package_name(manifest_id: str) -> str:
    """The import name of a project: `hello-world` → `hello_world_startos`."""
    return py_name(manifest_id).rstrip("_") + "_startos"


def dist_name(manifest_id: str) -> str:
    """The distribution name in pyproject.toml: `hello-world` → `hello-world-startos`."""
    return package_name(manifest_id).replace("_", "-")
