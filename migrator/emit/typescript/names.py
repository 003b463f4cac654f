"""Identifiers for generated code: camelCase, never a reserved word, unique per scope."""

from __future__ import annotations

import re

RESERVED = set("""break case catch class const continue debugger default delete do else enum
export extends false finally for function if import in instanceof new null return super switch
this throw true try typeof var void while with yield let static implements interface package
private protected public await async of sdk effects input spec main manifest actions config
mounts sub utils""".split())


def camel(text: str) -> str:
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", text) if p]
    if not parts:
        return "value"
    name = parts[0][0].lower() + parts[0][1:] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    if name[0].isdigit():
        name = "_" + name
    return name


class Names:
    """Hands out identifiers that do not collide with each other or with reserved words."""

    def __init__(self, taken: set[str] | None = None):
        self.taken = set(taken or ())

    def make(self, text: str, suffix: str = "") -> str:
        base = camel(text) + suffix
        if base in RESERVED:
            base += "Action" if not suffix else "_"
        name, n = base, 2
        while name in self.taken:
            name, n = f"{base}{n}", n + 1
        self.taken.add(name)
        return name
