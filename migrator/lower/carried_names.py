"""Wrapper files whose names a generated project cannot hold.

The output writer refuses a generated path with a control character, a backslash or text
that is not valid UTF-8 (L634), and refuses the WHOLE project: one oddly named file in a
wrapper (a stray `notes\\x1b.txt`, a `dir\\file` from Windows, a Latin-1 name) used to
block the conversion, reported at OUT instead of at the file. Such a file is now left out
of the carried files with a warning at the file (M440) and a MIGRATION.md row."""

from __future__ import annotations

import os

from migrator.diagnostics import Location
from migrator.lower.context import Lowering


def name_problem(rel: str) -> str | None:
    """Why `rel` (a wrapper-relative posix path) cannot be an output path, or None. The
    same rules as the writer's path check (migrator/emit/writer.py, L634)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in rel):
        return "has a control character in its name"
    if "\\" in rel:
        return "has a backslash in its name"
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "has a name that is not valid UTF-8"
    return None


def shown(rel: str) -> str:
    """The name with control characters, backslashes and undecodable bytes escaped."""
    return rel.encode("unicode_escape", "backslashreplace").decode("ascii")


def leave_out(lw: Lowering, rel: str, problem: str) -> None:
    name = shown(rel)
    text = (f"wrapper file `{name}` {problem}, which no generated project can hold: it is "
            "left out; copy it in by hand under another name if the service needs it")
    lw.diags.warning("M440", text, Location(os.path.join(lw.pkg.wrapper_dir, name)))
    lw.row(f"file `{name}`", "todo", "", text)
