"""One cached Lark parser per grammar file (building an LALR table costs milliseconds)."""

from __future__ import annotations

from functools import cache
from typing import Any

from lark import Lark

from migrator.resources import read_grammar


@cache
def lark_parser(grammar_file: str, start: str | tuple[str, ...] = "start", **options: Any) -> Lark:
    starts = [start] if isinstance(start, str) else list(start)
    options.setdefault("parser", "lalr")
    return Lark(read_grammar(grammar_file), start=starts, **options)
