"""One Lark parser per grammar file and options, built once per process and kept between
processes in the user's cache directory.

Why on disk: building the LALR tables of the grammars a conversion needs costs ~0.1 s, a
fifth of a whole `convert` call; loading the saved tables costs a few milliseconds. The
file name is a hash of everything the tables depend on (grammar text, options, lark and
Python versions), so an edited grammar or an upgrade never reads a stale file. The files
are pickles, so they are only read from a directory this user owns and nobody else can
write to; anything unusual (no home, a foreign or shared directory, a damaged file) falls
back to building the parser, never to an error.
"""

from __future__ import annotations

import hashlib
import io
import sys
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark
from lark import __version__ as lark_version

from migrator.resources import read_grammar
from migrator.usercache import private_cache_dir, read_private, write_atomic


@cache
def lark_parser(grammar_file: str, start: str | tuple[str, ...] = "start", **options: Any) -> Lark:
    starts = [start] if isinstance(start, str) else list(start)
    options.setdefault("parser", "lalr")
    grammar = read_grammar(grammar_file)
    key = hashlib.sha256(repr((grammar, starts, sorted(options.items()), lark_version,
                               sys.version_info[:2])).encode()).hexdigest()[:32]
    directory = private_cache_dir("lark")
    path = directory / f"{Path(grammar_file).stem}-{key}.lark" if directory else None
    if path is not None:
        loaded = _load(path)
        if loaded is not None:
            return loaded
    parser = Lark(grammar, start=starts, **options)
    if path is not None:
        _store(path, parser)
    return parser


def _load(path: Path) -> Lark | None:
    data = read_private(path)
    if data is None:
        return None
    try:
        return Lark.load(io.BytesIO(data))
    except Exception:  # damaged or from another lark: build the parser instead
        return None


def _store(path: Path, parser: Lark) -> None:
    buffer = io.BytesIO()
    parser.save(buffer)
    write_atomic(path, buffer.getvalue())
