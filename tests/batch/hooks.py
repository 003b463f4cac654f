"""Conversions that misbehave on purpose, handed to `BatchOptions.converter` by the tests.

They are module-level functions so they pickle by reference into spawned workers; the
wrapper they misbehave on is chosen by its directory name, which only the tests create."""

from __future__ import annotations

import os
from pathlib import Path

from migrator.convert import convert

CRASH = "boom"
DIE = "die"
TYPE_ERROR = "hello-json"


def crash_on_boom(wrapper, out, **options):
    if Path(wrapper).name.startswith(CRASH):
        raise RuntimeError("injected crash")
    return convert(wrapper, out, **options)


def die_on_die(wrapper, out, **options):
    if Path(wrapper).name.startswith(DIE):
        os._exit(7)  # the worker process dies without a word, as on a segfault
    return convert(wrapper, out, **options)


def type_error_in_hello_json(wrapper, out, **options):
    """Convert, then break one project's TypeScript (the real output type-checks)."""
    result = convert(wrapper, out, **options)
    if Path(wrapper).name == TYPE_ERROR:
        with open(Path(out) / "startos" / "index.ts", "a", encoding="utf-8") as fh:
            fh.write('\nexport const broken: number = "not a number"\n')
    return result
