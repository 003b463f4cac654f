"""`module_text`: a file's statements to its text, as prettier prints it, objects that broke
staying broken (prettier re-reading our output keeps them expanded, objectWrap "preserve").

One printing, whose trace tells whether marking the objects that broke could change any
decision (stable.py); only then is the file printed again with them marked, and so on
until the marks are stable, which is what `fixpoint=True` always does (kept to prove the
two agree: tests/emit/test_one_pass.py).
"""

from __future__ import annotations

import gc

from migrator.emit.typescript import doc as d
from migrator.emit.typescript.astpath import AstPath
from migrator.emit.typescript.docprint import Printer
from migrator.emit.typescript.jsprint import program
from migrator.emit.typescript.stable import reprint_unchanged

# How many files needed a second printing (read by benchmarks/convert_corpus.py).
REPRINTS = {"files": 0, "reprinted": 0}


def module_text(stmts, width: int = 80, fixpoint: bool = False) -> str:
    # The documents hold no reference cycles, yet building them allocates enough
    # containers to start the cycle collector over and over, and each collection walks
    # every live object: the time per element grew with the file. Collect afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _module_text(tuple(stmts), width, fixpoint)
    finally:
        if collecting:
            gc.enable()


def _module_text(stmts: tuple, width: int, fixpoint: bool) -> str:
    forced: frozenset = frozenset()
    root = AstPath()  # every printing of this file names its places under one root
    if not fixpoint:
        REPRINTS["files"] += 1
        builder, doc = program(stmts, forced, root)
        printer = Printer(doc, width, trace=True)
        out = printer.run()
        tags = frozenset(printer.tags)
        assert printer.trace is not None
        if not tags or reprint_unchanged(printer.trace, tags, builder.flips(tags)):
            return out
        REPRINTS["reprinted"] += 1
        forced = tags
    while True:
        out, broken = d.render_tracked(program(stmts, forced, root)[1], width)
        if broken <= forced:
            return out
        forced = forced | broken
