"""Harness of the compiled-Python rule tests: build a module of compiled rules, load it.

    rules_source(compiled)   the source of a module defining each compiled rule
    load(source)             that module, executed in-process (a fresh namespace)
    run(module, name, config, table)   {"ok": result} or {"error": "RuleError"}
"""

from __future__ import annotations

import types
from typing import Any

from migrator.emit.python.rules import CompiledRule, module_source
from startos_sdk.rules import RuleError


def rules_source(compiled: list[tuple[str, CompiledRule]]) -> str:
    return module_source(compiled, "Compiled legacy rules (test module).")


def load(source: str) -> types.ModuleType:
    module = types.ModuleType("compiled_rules")
    exec(compile(source, "<compiled rules>", "exec"), module.__dict__)  # noqa: S102
    return module


def run(module: types.ModuleType, name: str, config: Any, table: Any) -> dict:
    try:
        return {"ok": getattr(module, name)(config, table)}
    except RuleError:
        return {"error": "RuleError"}
