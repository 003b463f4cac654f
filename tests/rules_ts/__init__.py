"""Harness of the compiled-rule tests: the helpers section, rule modules, one node run.

    utils_source()              utils.ts as generated with only the `uses.rules` section
    rules_module(compiled)      a module exporting each compiled arrow (plus its imports)
    run_cases(module, worlds, cases)   evaluates [(export, world index)] in ONE node process
"""

from __future__ import annotations

import collections
from pathlib import Path

from migrator.emit.typescript import expr as e
from migrator.emit.typescript.env import render_template
from migrator.emit.typescript.rules import CompiledRule, module_stmts
from tests import tsharness

RUNNER = Path(__file__).resolve().parent / "runner.mjs"


def utils_source() -> str:
    """The generated utils.ts of a package that uses config rules and nothing else."""
    uses = collections.defaultdict(bool, rules=True)
    return render_template("startos/utils.ts.j2", header="// generated", uses=uses)


def rules_module(compiled: list[tuple[str, CompiledRule]]) -> str:
    return e.module(module_stmts(compiled))


def run_cases(module: str, worlds: list[tuple[object, dict]],
              cases: list[tuple[str, int]]) -> list[dict]:
    """`{ok: result}` or `{error: message}` per case (an exported arrow applied to a world,
    i.e. a (config, table) pair given once however many cases use it), from one node
    process."""
    payload = {"utils": utils_source(), "rules": module,
               "worlds": [list(w) for w in worlds], "cases": [list(c) for c in cases]}
    return tsharness.node_json(RUNNER.read_text(), payload)
