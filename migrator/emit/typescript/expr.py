"""The TypeScript subset the generator emits, as a small AST printed exactly like prettier.

Why an AST and not free-form documents: prettier's layout depends on what a node *is* (an
object literal as last call argument is hugged, a member chain of more than three groups
breaks one call per line, a string value breaks after `:`), so builders record the node kind
and `module`/`to_doc` make prettier's document for it. The printer is a port of prettier
3.10.1 (src/language-js/print/*.js) in jsprint.py and jsprint_calls.py; only the branches
this subset can reach are kept. Unsupported shapes raise instead of guessing.

Output contract (tests/emit/test_prettier_agreement.py): `module(stmts)` is unchanged by
`prettier --check` with the SDK template's settings (no semicolons, single quotes, trailing
commas, width 80).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from migrator.emit.typescript import doc as d
from migrator.emit.typescript.literals import is_identifier, ts_number

# ------------------------------------------------------------------------------ nodes


@dataclass(frozen=True)
class Ident:
    name: str


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Num:
    value: int | float

    @property
    def text(self) -> str:
        return ts_number(self.value)

    @property
    def signed(self) -> bool:  # prettier sees `-1` as a unary minus on a literal
        return self.text.startswith("-")


@dataclass(frozen=True)
class Lit:
    """`true`, `false`, `null`."""

    text: str


@dataclass(frozen=True)
class Raw:
    """Trusted one-line code, treated like an identifier by every layout rule: use it only
    for atoms prettier prints verbatim (`undefined`, `30_000`, a type-free expression)."""

    code: str


@dataclass(frozen=True)
class Prop:
    key: str
    value: "Expr | None" = None  # None: shorthand `{ key }`
    comment: str | tuple[str, ...] | None = None  # `// ...` line(s) before the property

    @property
    def comment_lines(self) -> tuple[str, ...]:
        if self.comment is None:
            return ()
        return (self.comment,) if isinstance(self.comment, str) else self.comment


@dataclass(frozen=True)
class Obj:
    props: tuple[Prop, ...]
    expand: bool = False  # prettier keeps an object broken if the source broke after `{`
    trailing: tuple[str, ...] = ()  # `// ...` lines after the last property (or alone in it)


@dataclass(frozen=True)
class Arr:
    items: tuple


@dataclass(frozen=True)
class Member:
    obj: "Expr"
    name: str


@dataclass(frozen=True)
class Call:
    callee: "Expr"
    args: tuple


@dataclass(frozen=True)
class Pattern:
    """Object destructuring in a parameter list: `({ effects, input })`."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    stmts: tuple


@dataclass(frozen=True)
class Arrow:
    params: tuple
    body: "Expr | Block"
    is_async: bool = False


@dataclass(frozen=True)
class Await:
    expr: "Expr"


@dataclass(frozen=True)
class As:
    expr: "Expr"
    type_text: str
    op: str = "as"  # or "satisfies"


Expr = Union[Ident, Str, Num, Lit, Raw, Obj, Arr, Member, Call, Arrow, Await, As]


@dataclass(frozen=True)
class Const:
    name: str
    init: Expr | None
    export: bool = False
    kind: str = "const"
    type_text: str | None = None


@dataclass(frozen=True)
class ExprStmt:
    expr: Expr


@dataclass(frozen=True)
class Return:
    expr: Expr | None = None


@dataclass(frozen=True)
class Import:
    names: tuple[str, ...]
    module: str
    default: str | None = None
    type_only: bool = False


@dataclass(frozen=True)
class ExportNames:
    names: tuple[str, ...]
    module: str | None = None


@dataclass(frozen=True)
class ExportDefault:
    expr: Expr


@dataclass(frozen=True)
class Comment:
    text: str


@dataclass(frozen=True)
class RawStmt:
    code: str


@dataclass(frozen=True)
class BlankLine:
    pass


BLANK = BlankLine()
Stmt = Union[Const, ExprStmt, Return, Import, ExportNames, ExportDefault, Comment, RawStmt,
             BlankLine]

# --------------------------------------------------------------------------- builders


def ident(name: str) -> Ident:
    if not is_identifier(name):
        raise ValueError(f"not an identifier: {name!r}")
    return Ident(name)


def path(dotted: str) -> Expr:
    """`sdk.volumes.main` as nested member accesses."""
    first, *rest = dotted.split(".")
    node: Expr = ident(first)
    for name in rest:
        node = member(node, name)
    return node


def member(obj: Expr, name: str) -> Member:
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", name):
        raise ValueError(f"not a property name: {name!r}")
    return Member(obj, name)


def raw(code: str) -> Raw:
    return Raw(d.text(code))


def value(py) -> Expr:
    """A JSON-like Python value as a literal: dict, list/tuple, str, int, float, bool, None."""
    if py is None or isinstance(py, bool):
        return Lit("null" if py is None else str(py).lower())
    if isinstance(py, (int, float)):
        ts_number(py)  # validate early
        return Num(py)
    if isinstance(py, str):
        return Str(py)
    if isinstance(py, dict):
        return obj([(str(k), value(v)) for k, v in py.items()])
    if isinstance(py, (list, tuple)):
        return arr([value(v) for v in py])
    raise TypeError(f"no TypeScript literal for {type(py).__name__}")


def obj(entries, expand: bool = False, trailing: tuple[str, ...] = ()) -> Obj:
    """Entries: `(key, expr)` pairs, `Prop`s, or a bare name for a shorthand property;
    `trailing`: comment lines after the last property (a TODO for something the object lacks)."""
    props = []
    for e in entries:
        if isinstance(e, Prop):
            props.append(e)
        elif isinstance(e, str):
            props.append(Prop(ident(e).name))
        else:
            props.append(Prop(e[0], e[1]))
    if len({p.key for p in props}) != len(props):
        raise ValueError("duplicate object keys")
    return Obj(tuple(props), expand, tuple(trailing))


def arr(items) -> Arr:
    return Arr(tuple(items))


def call(callee: Expr | str, args=()) -> Call:
    return Call(path(callee) if isinstance(callee, str) else callee, tuple(args))


def member_chain(base: Expr | str, calls) -> Expr:
    """`member_chain('sdk.Daemons', [('of', [effects]), ('addDaemon', [...])])`."""
    node = path(base) if isinstance(base, str) else base
    for name, args in calls:
        node = Call(member(node, name), tuple(args))
    return node


def pattern(*names: str) -> Pattern:
    return Pattern(tuple(ident(n).name for n in names))


def arrow(params, body, is_async: bool = False) -> Arrow:
    """Params: names, `Pattern`s or lists of names (a destructuring pattern). A list body is
    a block of statements; anything else is an expression body."""
    ps = tuple(pattern(*p) if isinstance(p, (list, tuple)) else
               (p if isinstance(p, Pattern) else ident(p).name) for p in params)
    if isinstance(body, Arrow):
        raise ValueError("curried arrows (prettier's arrow chains) are not supported")
    return Arrow(ps, Block(tuple(body)) if isinstance(body, list) else body, is_async)


def await_(expr: Expr) -> Await:
    return Await(expr)


def as_const(expr: Expr) -> As:
    return As(expr, "const")


def satisfies(expr: Expr, type_text: str) -> As:
    return As(expr, d.text(type_text), "satisfies")


def statement_const(name: str, init: Expr, export: bool = True,
                    type_text: str | None = None) -> Const:
    return Const(ident(name).name, init, export, "const", type_text)


def comment(text: str) -> Comment:
    return Comment(text)


# ----------------------------------------------------------------------------- output
# The printer imports the node classes above, so it is imported when first needed.


def module(stmts, width: int = 80, fixpoint: bool = False) -> str:
    """The text of a TypeScript file, as prettier prints it.

    Objects that break stay broken: prettier re-reading our output keeps exactly those
    objects expanded (objectWrap "preserve"), so only that layout is prettier-stable.
    `fixpoint=True` finds it the slow way, printing until the broken objects stop changing
    (kept for the test that proves the one-pass printer agrees).
    """
    from migrator.emit.typescript import layout

    return layout.module_text(stmts, width, fixpoint)


def to_doc(expr: Expr):
    """The document for one expression at top level (no fixpoint: for composition/tests)."""
    from migrator.emit.typescript import jsprint

    return jsprint.expression_doc(expr)


def _program_doc(stmts, forced: frozenset):
    """The document of a whole file, keeping the objects tagged in `forced` expanded."""
    from migrator.emit.typescript import jsprint

    return jsprint.program(stmts, forced)[1]
