"""Where the TypeScript printer (jsprint.py) prints a node: its context (prettier's
AstPath, with the node's place), and what the place alone decides: parentheses
(prettier 3.10.1's needs-parens.js), the node a statement's text starts with
(print/statement.js, expressionStatementHasDangerousStart), leaves, which print as their
own text anywhere, and isLoneShortArgument (print/assignment.js).
"""

from __future__ import annotations

from migrator.emit.typescript.astpath import AstPath
from migrator.emit.typescript.expr import (
    Arr,
    Arrow,
    As,
    Await,
    Call,
    Ident,
    Lit,
    Member,
    Num,
    Raw,
    Str,
)
from migrator.emit.typescript.literals import ts_string, utf16_len


class Ctx:
    """Where a node is printed (prettier's AstPath); `path` keys the cache and object tags.

    A plain class with slots, not a frozen dataclass: one is made per node visited (but
    leaves), and the dataclass constructor was a visible share of the printing time."""

    __slots__ = ("node", "parent", "key", "path", "expand_last", "expand_first", "await_left")

    def __init__(self, node, parent=None, key: str = "", path: AstPath | None = None,
                 expand_last: bool = False, expand_first: bool = False,
                 await_left: bool = False):
        self.node = node
        self.parent = parent
        self.key = key
        self.path = path
        self.expand_last = expand_last
        self.expand_first = expand_first
        # on the leftmost path of an `await` argument (prettier then leaves a parenthesised
        # inner `await` ungrouped, so `await (await x).y` breaks as one unit)
        self.await_left = await_left

    def child(self, node, key: str, index: int | None = None, expand_last: bool = False,
              expand_first: bool = False, await_left: bool = False) -> "Ctx":
        path = self.path / key if index is None else self.path / key / index
        return Ctx(node, self.node, key, path, expand_last, expand_first, await_left)

    @staticmethod
    def top(node, root: AstPath | None = None) -> "Ctx":
        """The context of a file or a lone expression (places are interned below their
        root, which lives as long as the printings of one file)."""
        return Ctx(node, path=root if root is not None else AstPath())

    def left(self, node, key: str) -> "Ctx":
        """The context of the child that starts this node's text."""
        return self.child(node, key, await_left=self.await_left)


def needs_parens(n, parent, key: str) -> bool:
    """prettier's needsParens for this subset (objects opening a statement or an arrow body
    are handled through `leftmost`, as they depend on more than the parent)."""
    if type(n) not in _MAY_NEED_PARENS:  # the common case, asked for every node
        return False
    if isinstance(n, Num) and isinstance(parent, Member) and key == "object":
        return True  # `1.x` would be a decimal point
    if isinstance(n, (Await, As, Arrow)) or (isinstance(n, Num) and n.signed):
        if (isinstance(parent, Member) and key == "object") or (
                isinstance(parent, Call) and key == "callee"):
            return True
        if isinstance(n, Await) and isinstance(parent, As):
            return True
        if isinstance(n, (As, Arrow)) and isinstance(parent, Await):
            return True
        if isinstance(n, Arrow) and isinstance(parent, As):
            return True
    return False


_MAY_NEED_PARENS = frozenset((Num, Await, As, Arrow))

_LEFT_CHILD = ((Member, "obj", "object"), (Call, "callee", "callee"), (As, "expr", "expr"))


def leftmost(n, path: tuple = ()):
    """The node (and its path) prettier considers first in `n`: it looks through
    parentheses around `as` expressions (`(({}) as const).x`), not through others."""
    while True:
        step = next(((getattr(n, f), k) for kind, f, k in _LEFT_CHILD if isinstance(n, kind)),
                    None)
        if step is None or (needs_parens(step[0], n, step[1]) and not isinstance(step[0], As)):
            return n, path
        n, path = step[0], path + (step[1],)


LEAVES = frozenset((Ident, Str, Lit, Num, Raw))


def leaf_text(n) -> str:
    """The text of an identifier or a literal (one of `LEAVES`), parentheses aside."""
    t = type(n)
    if t is Ident:
        return n.name
    if t is Str:
        return ts_string(n.value)
    if t is Raw:
        return n.code
    return n.text  # Lit, Num


def is_lone_short_argument(n) -> bool:
    threshold = 80 * 0.25
    if isinstance(n, (Ident, Raw)):
        return utf16_len(n.name if isinstance(n, Ident) else n.code) <= threshold
    if isinstance(n, Str):
        return utf16_len(ts_string(n.value)) <= threshold
    if isinstance(n, Call) and not n.args and isinstance(n.callee, Ident):
        return utf16_len(n.callee.name) <= threshold - 2
    return isinstance(n, (Num, Lit))


def dangerous_start(n, parent, key: str) -> bool:
    """prettier's expressionStatementHasDangerousStart, along the leftmost nodes."""
    if isinstance(n, (Arr, Arrow)) or (isinstance(n, Num) and n.signed):
        return True
    if needs_parens(n, parent, key):
        return True
    for kind, child, child_key in ((Member, "obj", "object"), (Call, "callee", "callee"),
                                   (As, "expr", "expr")):
        if isinstance(n, kind):
            return dangerous_start(getattr(n, child), n, child_key)
    return False
