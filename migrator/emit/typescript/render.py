"""Short names over the TypeScript AST builders (migrator.emit.typescript.expr), so the
code that assembles files reads like the code it produces."""

from __future__ import annotations

from migrator.emit.typescript import expr as e

V = e.value  # a JSON-like Python value as a literal
A = e.arr
R = e.raw  # trusted code (identifiers, fixed expressions)
module = e.module


def O(pairs, expand: bool = False, trailing: tuple[str, ...] = ()):  # noqa: E743 - object
    return e.obj(list(pairs), expand, trailing)


def C(callee, *args):
    return e.call(callee, args)


def const(name: str, init, export: bool = True, type_text: str | None = None):
    return e.statement_const(name, init, export, type_text)


def imports(*specs: tuple[tuple[str, ...], str]):
    """`import { a, b } from 'm'` statements, names sorted as the SDK template does."""
    return [e.Import(tuple(sorted(names, key=str.lower)), mod) for names, mod in specs]


def chain(base, *calls):
    """`chain('z', ('string', []), ('catch', [V(None)]))` → `z.string().catch(null)`."""
    return e.member_chain(base, [(name, list(args)) for name, args in calls])


def indented(stmts, level: int = 1) -> str:
    """Statements printed as the body of a block `level` deep: prettier's layout decisions
    depend only on the width left, so print at 80 - 2*level and indent every line."""
    text = e.module(stmts, width=80 - 2 * level)
    pad = "  " * level
    return "\n".join(pad + line if line else line for line in text.rstrip("\n").split("\n"))
