"""The methods `dataclasses` writes for each model class, compiled once and kept between
processes in the user's cache directory.

Why: the migrator's ~260 frozen dataclasses are created at import, and `dataclasses` writes
each one's `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and `__delattr__` as
source text that it compiles with `exec`. Compiling those ~1,500 small functions was about
0.3 s of every `convert` call, most of its import time. Their source depends only on the
class's fields, so the compiled code is kept, keyed by that source text, and later processes
only run it. A class made from cached code is the class `dataclasses` would have made: same
source, same compiler, same globals.

How: `dataclasses` calls the builtin `exec(source, globals, namespace)`; `install()` puts a
caching `exec` in that module's namespace, ahead of the builtin. Any other call form goes to
the builtin unchanged, so a Python whose `dataclasses` works differently is only slower.
The file holds code objects, so like the parser tables (migrator.syntax.lark_cache) it is
read only from a private directory this user owns, and a missing, foreign or damaged file
means compiling as before, never an error.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import importlib.util
import marshal
import sys
from types import CodeType

from migrator.usercache import private_cache_dir, read_private, write_atomic

_HEADER = b"startos-migrate dataclass code\n" + importlib.util.MAGIC_NUMBER


class CodeCache:
    """Compiled sources by module and source text.

    The file maps each module to its own marshalled table, decoded only when that module
    makes a class: `--version` creates a handful of classes and should not decode all
    1,500 functions. A module's classes are all made when it is imported, so the table
    this process used for a module is its whole current table: a module that compiled
    anything new is saved with exactly what it used, and code of its earlier versions goes.
    """

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.tables: dict[str, bytes] = _load(path) if path else {}
        self.decoded: dict[str, dict[str, CodeType]] = {}
        self.used: dict[str, dict[str, CodeType]] = {}
        self.changed: set[str] = set()

    def code(self, module: str, source: str) -> CodeType:
        used = self.used.setdefault(module, {})
        code = used.get(source) or self._saved(module).get(source)
        if code is None:
            # dont_inherit: this module's `from __future__ import annotations` must not
            # reach the generated functions (their annotations would become strings).
            code = compile(source, "<string>", "exec", dont_inherit=True)
            self.changed.add(module)
        used[source] = code
        return code

    def save(self) -> None:
        if not self.path or not self.changed:
            return
        tables = dict(self.tables)
        for module in self.changed:
            tables[module] = marshal.dumps(self.used[module])
        write_atomic(self.path, _HEADER + marshal.dumps(tables))
        self.tables, self.decoded, self.changed = tables, {}, set()

    def _saved(self, module: str) -> dict[str, CodeType]:
        if module not in self.decoded:
            self.decoded[module] = _decode(self.tables.get(module))
        return self.decoded[module]


_cache: CodeCache | None = None


def cached_exec(source, globals=None, locals=None, /):  # noqa: A002 - exec's own names
    """`exec` for `dataclasses`: its generated source runs from cached code."""
    if not isinstance(source, str) or globals is None:
        if globals is None:  # exec's default is the caller's namespace, not this module's
            frame = sys._getframe(1)
            globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
        return builtins.exec(source, globals, locals)
    module = globals.get("__name__")
    return builtins.exec(_current().code(module if isinstance(module, str) else "", source),
                         globals, locals)


def install() -> None:
    """Route `dataclasses`' exec through the cache (once per process; idempotent)."""
    if getattr(dataclasses, "exec", None) is not cached_exec:
        dataclasses.exec = cached_exec  # type: ignore[attr-defined]


def _current() -> CodeCache:
    global _cache
    if _cache is None:
        directory = private_cache_dir("dataclasses")
        path = str(directory / f"{sys.implementation.cache_tag}.marshal") if directory else None
        _cache = CodeCache(path)
        atexit.register(_cache.save)
    return _cache


def _load(path: str) -> dict[str, bytes]:
    data = read_private(path)
    if data is None or not data.startswith(_HEADER):
        return {}
    try:
        tables = marshal.loads(data[len(_HEADER):])
    except Exception:  # damaged: compile instead
        return {}
    if not isinstance(tables, dict):
        return {}
    return {k: v for k, v in tables.items() if isinstance(k, str) and isinstance(v, bytes)}


def _decode(table: bytes | None) -> dict[str, CodeType]:
    try:
        entries = marshal.loads(table) if table else {}
    except Exception:  # damaged: compile instead
        return {}
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, CodeType)}
