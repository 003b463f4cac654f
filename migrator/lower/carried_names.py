"""Wrapper files whose names a generated project cannot hold.

The output writer refuses a generated path with a control character, a backslash or text
that is not valid UTF-8 (L634), and refuses the WHOLE project: one oddly named file in a
wrapper (a stray `notes\\x1b.txt`, a `dir\\file` from Windows, a Latin-1 name) used to
block the conversion, reported at OUT instead of at the file. Such a file is now left out
of the carried files with a warning at the file (M440) and a MIGRATION.md row; the rule
is the writer's own (migrator.textsafe.file_name_problem)."""

from __future__ import annotations

import os

from migrator.diagnostics import Location
from migrator.lower.context import Lowering


def shown(rel: str) -> str:
    """The name with control characters, backslashes and undecodable bytes escaped."""
    return rel.encode("unicode_escape", "backslashreplace").decode("ascii")


def leave_out(lw: Lowering, rel: str, problem: str) -> None:
    name = shown(rel)
    text = (f"wrapper file `{name}` {problem}, which no generated project can hold: it is "
            "left out; copy it in by hand under another name if the service needs it")
    lw.diags.warning("M440", text, Location(os.path.join(lw.pkg.wrapper_dir, name)))
    lw.row(f"file `{name}`", "todo", "", text)
