"""Locate the data directories (grammars/, templates/) in a checkout and in a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the directory `name` ("grammars" or "templates").

    An installed wheel carries them under migrator/_data/ (see pyproject force-include);
    a checkout or an editable install has them at the repository root.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"migrator data directory {name!r} not found next to {_PACKAGE_DIR}")


def grammar_path(filename: str) -> Path:
    return data_dir("grammars") / filename


def read_grammar(filename: str) -> str:
    return grammar_path(filename).read_text(encoding="utf-8")
