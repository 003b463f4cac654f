"""The TypeScript subset the generator emits, as a small AST printed exactly like prettier.

Why an AST and not free-form documents: prettier's layout depends on what a node *is* (an
object literal as last call argument is hugged, a member chain of more than three groups
breaks one call per line, a string value breaks after `:`), so builders record the node kind
and `module`/`to_doc` make prettier's document for it. The functions ported here are named
after their prettier 3.10.1 originals (src/language-js/print/*.js); only the branches this
subset can reach are kept. Unsupported shapes raise instead of guessing.

Output contract (tests/emit/test_prettier_agreement.py): `module(stmts)` is unchanged by
`prettier --check` with the SDK template's settings (no semicolons, single quotes, trailing
commas, width 80).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from migrator.emit.typescript import doc as d
from migrator.emit.typescript.literals import (
    is_identifier,
    ts_comment,
    ts_key,
    ts_number,
    ts_string,
    utf16_len,
)

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
    comment: str | None = None  # a `// ...` line before the property


@dataclass(frozen=True)
class Obj:
    props: tuple[Prop, ...]
    expand: bool = False  # prettier keeps an object broken if the source broke after `{`


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


def obj(entries, expand: bool = False) -> Obj:
    """Entries: `(key, expr)` pairs, `Prop`s, or a bare name for a shorthand property."""
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
    return Obj(tuple(props), expand)


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


# ---------------------------------------------------------------------------- printer


class _Bailout(Exception):
    """prettier's ArgExpansionBailout: the hugged form is impossible, break all args."""


@dataclass(frozen=True)
class _Ctx:
    node: object
    parent: object = None
    key: str = ""
    path: tuple = ()
    expand_last: bool = False
    expand_first: bool = False
    # on the leftmost path of an `await` argument (prettier then leaves a parenthesised
    # inner `await` ungrouped, so `await (await x).y` breaks as one unit)
    await_left: bool = False

    def child(self, node, key: str, index: int | None = None, **flags) -> "_Ctx":
        step = (key,) if index is None else (key, index)
        return _Ctx(node, self.node, key, self.path + step, **flags)

    def left(self, node, key: str) -> "_Ctx":
        """The context of the child that starts this node's text."""
        return self.child(node, key, await_left=self.await_left)


_TEST_CALLEE = re.compile(r"(?:skip|[fx]?(?:it|describe|test))")
_FACTORY = re.compile(r"^[A-Z]|^[$_]+$")


def _is_memberish(n) -> bool:
    return isinstance(n, Member)


def _is_literal(n) -> bool:
    return isinstance(n, (Str, Lit)) or (isinstance(n, Num) and not n.signed)


def needs_parens(n, parent, key: str) -> bool:
    """prettier's needsParens for this subset (objects opening a statement or an arrow body
    are handled through `_leftmost`, as they depend on more than the parent)."""
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


_LEFT_CHILD = ((Member, "obj", "object"), (Call, "callee", "callee"), (As, "expr", "expr"))


def _leftmost(n, path: tuple = ()):
    """The node (and its path) prettier considers first in `n`: it looks through
    parentheses around `as` expressions (`(({}) as const).x`), not through others."""
    while True:
        step = next(((getattr(n, f), k) for kind, f, k in _LEFT_CHILD if isinstance(n, kind)),
                    None)
        if step is None or (needs_parens(step[0], n, step[1]) and not isinstance(step[0], As)):
            return n, path
        n, path = step[0], path + (step[1],)


def is_simple_call_argument(n, depth: int = 2) -> bool:
    """prettier's isSimpleCallArgument (utils/index.js)."""
    if depth <= 0:
        return False
    if _is_literal(n) or isinstance(n, (Ident, Raw)):
        return True
    if isinstance(n, Num):  # signed: a unary minus on a literal
        return True
    if isinstance(n, Obj):
        return all(p.key != "__proto__" and (p.value is None or is_simple_call_argument(
            p.value, depth - 1)) for p in n.props)
    if isinstance(n, Arr):
        return all(is_simple_call_argument(x, depth - 1) for x in n.items)
    if isinstance(n, Call):
        return (is_simple_call_argument(n.callee, depth) and len(n.args) <= depth
                and all(is_simple_call_argument(a, depth - 1) for a in n.args))
    if isinstance(n, Member):
        return is_simple_call_argument(n.obj, depth)
    return False


def _could_expand_arg(n, arrow_chain_recursion: bool = False) -> bool:
    """prettier's couldExpandArg."""
    if isinstance(n, Obj):
        return bool(n.props)
    if isinstance(n, Arr):
        return bool(n.items)
    if isinstance(n, As):
        return _could_expand_arg(n.expr)
    if isinstance(n, Arrow):
        b = n.body
        return (isinstance(b, (Block, Obj, Arr))
                or (isinstance(b, Arrow) and _could_expand_arg(b, True))
                or (not arrow_chain_recursion and isinstance(b, Call)))
    return False


def _is_concise_array(n) -> bool:
    return isinstance(n, Arr) and bool(n.items) and all(isinstance(x, Num) for x in n.items)


def _is_lone_short_argument(n) -> bool:
    threshold = 80 * 0.25
    if isinstance(n, (Ident, Raw)):
        return utf16_len(n.name if isinstance(n, Ident) else n.code) <= threshold
    if isinstance(n, Str):
        return utf16_len(ts_string(n.value)) <= threshold
    if isinstance(n, Call) and not n.args and isinstance(n.callee, Ident):
        return utf16_len(n.callee.name) <= threshold - 2
    return isinstance(n, (Num, Lit))


class _Printer:
    def __init__(self, forced: frozenset):
        self.forced = forced
        self.cache: dict = {}
        # paths of object literals that open a statement or an arrow body: `({...}).x`
        self.opening_objects: set[tuple] = set()

    def _mark_opening_object(self, n, ctx: _Ctx) -> bool:
        first, steps = _leftmost(n)
        if isinstance(first, Obj):
            self.opening_objects.add(ctx.path + steps)
        return isinstance(first, Obj)

    # -- expressions
    def expr(self, n, ctx: _Ctx):
        cacheable = not (ctx.expand_last or ctx.expand_first)
        if cacheable and ctx.path in self.cache:
            return self.cache[ctx.path]
        out = self._expr(n, ctx)
        if needs_parens(n, ctx.parent, ctx.key) or ctx.path in self.opening_objects:
            out = (d.Label(out.label, ["(", out.contents, ")"]) if isinstance(out, d.Label)
                   else ["(", out, ")"])
        if cacheable:
            self.cache[ctx.path] = out
        return out

    def _expr(self, n, ctx: _Ctx):
        if isinstance(n, Ident):
            return n.name
        if isinstance(n, Str):
            return ts_string(n.value)
        if isinstance(n, Num):
            return n.text
        if isinstance(n, Lit):
            return n.text
        if isinstance(n, Raw):
            return n.code
        if isinstance(n, Obj):
            return self.object(n, ctx)
        if isinstance(n, Arr):
            return self.array(n, ctx)
        if isinstance(n, Member):
            return self.member(n, ctx)
        if isinstance(n, Call):
            return self.call(n, ctx)
        if isinstance(n, Arrow):
            return self.arrow(n, ctx)
        if isinstance(n, (Await, As)):
            if isinstance(n, Await):
                arg_ctx = ctx.child(n.expr, "argument", await_left=True)
                parts = ["await", " ", self.expr(n.expr, arg_ctx)]
            else:
                parts = [self.expr(n.expr, ctx.left(n.expr, "expr")), " ", n.op, " ",
                         n.type_text]
            if (isinstance(ctx.parent, Member) and ctx.key == "object") or (
                    isinstance(ctx.parent, Call) and ctx.key == "callee"):
                inner = [d.indent([d.softline, *parts]), d.softline]
                return inner if isinstance(n, Await) and ctx.await_left else d.group(inner)
            return parts
        raise TypeError(f"not an expression: {n!r}")

    def object(self, n: Obj, ctx: _Ctx):
        if not n.props:
            return "{}"
        parts, sep = [], []
        for i, p in enumerate(n.props):
            printed = self.prop(p, ctx.child(p, "properties", i))
            if p.comment is not None:
                printed = [_comment_doc(p.comment), d.hardline, printed]
            parts.append([*sep, printed])
            sep = [",", d.line]
        broken = n.expand or ctx.path in self.forced
        body = ["{", d.indent([d.line, *parts]), d.if_break(","), d.line, "}"]
        return d.group(body, should_break=broken, tag=ctx.path)

    def prop(self, p: Prop, ctx: _Ctx):
        if p.value is None:
            return p.key
        return self.assignment(ts_key(p.key), ":", p.value, ctx, is_property=True)

    def array(self, n: Arr, ctx: _Ctx):
        if not n.items:
            return "[]"
        items = n.items
        should_break = len(items) > 1 and all(
            isinstance(x, (Obj, Arr)) and (i + 1 == len(items) or type(items[i + 1]) is type(x))
            and len(x.props if isinstance(x, Obj) else x.items) > 1 for i, x in enumerate(items))
        gid = d.GroupId("array")
        printed = [self.expr(x, ctx.child(x, "elements", i)) for i, x in enumerate(items)]
        if _is_concise_array(n):
            trailing = d.if_break(",", "", group_id=gid)
            parts = []
            for i, doc in enumerate(printed):
                last = i == len(printed) - 1
                parts.append([doc, trailing if last else ","])
                if not last:
                    parts.append(d.line)
            body = d.fill(parts)
        else:
            body = [d.join([",", d.line], [d.group(p) for p in printed]), d.if_break(",")]
        return d.group(["[", d.indent([d.softline, body]), d.softline, "]"],
                       should_break=should_break, id=gid)

    def member(self, n: Member, ctx: _Ctx):
        obj_doc = self.expr(n.obj, ctx.left(n.obj, "object"))
        lookup = [".", n.name]
        inline = (isinstance(n.obj, Ident) and not isinstance(ctx.parent, Member)) or (
            isinstance(ctx.parent, Const) and ((isinstance(n.obj, Call) and bool(n.obj.args))
                                               or d.has_label(obj_doc, "member-chain")))
        out = [obj_doc, lookup if inline else d.group(d.indent([d.softline, lookup]))]
        return d.Label(obj_doc.label, out) if isinstance(obj_doc, d.Label) else out

    def call(self, n: Call, ctx: _Ctx):
        if isinstance(n.callee, Member):
            return self.member_chain(n, ctx)
        if isinstance(n.callee, Ident) and _TEST_CALLEE.fullmatch(n.callee.name):
            raise ValueError(f"prettier formats {n.callee.name}(...) as a test call")
        parts = [self.expr(n.callee, ctx.left(n.callee, "callee")), self.arguments(n, ctx)]
        return d.group(parts) if isinstance(n.callee, Call) else parts

    def arguments(self, n: Call, ctx: _Ctx):
        """prettier's printCallArguments."""
        args = n.args
        if not args:
            return "()"
        printed = [self.expr(a, ctx.child(a, "arguments", i)) for i, a in enumerate(args)]
        if _is_react_hook_args(args):
            return ["(", d.join(", ", printed), ")"]
        with_sep = [[p, ",", d.line] for p in printed[:-1]] + [printed[-1]]

        def all_broken_out():
            return d.group(["(", d.indent([d.line, *with_sep]), d.if_break(","), d.line, ")"],
                           should_break=True)

        if _is_function_composition(args):
            return all_broken_out()
        if _should_group_first(args):
            rest = with_sep[1:]
            if any(d.will_break(x) for x in rest):
                return all_broken_out()
            try:
                first = self.expr(args[0], ctx.child(args[0], "arguments", 0, expand_first=True))
            except _Bailout:
                return all_broken_out()
            hugged = ["(", d.group(first, should_break=True), ", ", *rest, ")"]
            if d.will_break(first):
                return [d.break_parent, d.conditional_group([hugged, all_broken_out()])]
            return d.conditional_group([["(", first, ", ", *rest, ")"], hugged, all_broken_out()])
        if _should_group_last(args):
            head = with_sep[:-1]
            if any(d.will_break(x) for x in head):
                return all_broken_out()
            i = len(args) - 1
            try:
                last = self.expr(args[i], ctx.child(args[i], "arguments", i, expand_last=True))
            except _Bailout:
                return all_broken_out()
            hugged = ["(", *head, d.group(last, should_break=True), ")"]
            if d.will_break(last):
                return [d.break_parent, d.conditional_group([hugged, all_broken_out()])]
            return d.conditional_group([["(", *head, last, ")"], hugged, all_broken_out()])
        contents = ["(", d.indent([d.softline, *with_sep]), d.if_break(","), d.softline, ")"]
        if _is_long_curried_call(ctx):
            return contents
        return d.group(contents, should_break=any(d.will_break(p) for p in with_sep))

    def member_chain(self, n: Call, ctx: _Ctx):
        """prettier's printMemberChain (print/member-chain.js)."""
        nodes: list = [(n, self.arguments(n, ctx))]
        cur, cur_ctx = n.callee, ctx.left(n.callee, "callee")
        while True:
            if isinstance(cur, Call) and isinstance(cur.callee, (Member, Call)):
                nodes.insert(0, (cur, self.arguments(cur, cur_ctx)))
                cur, cur_ctx = cur.callee, cur_ctx.left(cur.callee, "callee")
            elif isinstance(cur, Member):
                nodes.insert(0, (cur, [".", cur.name]))
                cur, cur_ctx = cur.obj, cur_ctx.left(cur.obj, "object")
            else:
                nodes.insert(0, (cur, self.expr(cur, cur_ctx)))
                break
        groups, i = [[nodes[0]]], 1
        while i < len(nodes) and isinstance(nodes[i][0], Call):
            groups[0].append(nodes[i])
            i += 1
        if not isinstance(nodes[0][0], Call):
            while i + 1 < len(nodes) and _is_memberish(nodes[i][0]) and _is_memberish(
                    nodes[i + 1][0]):
                groups[0].append(nodes[i])
                i += 1
        current, seen_call = [], False
        for node in nodes[i:]:
            if seen_call and _is_memberish(node[0]):
                groups.append(current)
                current, seen_call = [], False
            seen_call = seen_call or isinstance(node[0], Call)
            current.append(node)
        if current:
            groups.append(current)
        merge = len(groups) >= 2 and _should_not_wrap(groups, isinstance(ctx.parent, ExprStmt))
        printed = [[doc for _, doc in g] for g in groups]
        one_line = printed
        if len(groups) <= (3 if merge else 2):
            return one_line if _is_long_curried_call(ctx) else d.group(one_line)
        rest = groups[2 if merge else 1:]
        expanded = [printed[0], printed[1] if merge else "",
                    d.indent([d.hardline, d.join(d.hardline, [[x for _, x in g] for g in rest])])]
        calls = [node for node, _ in nodes if isinstance(node, Call)]

        def last_breaks_and_functions_before() -> bool:
            return (isinstance(groups[-1][-1][0], Call) and d.will_break(printed[-1])
                    and any(isinstance(a, Arrow) for c in calls[:-1] for a in c.args))

        if ((len(calls) > 2 and any(not is_simple_call_argument(a) for c in calls for a in c.args))
                or any(d.will_break(g) for g in printed[:-1])
                or last_breaks_and_functions_before()):
            result = d.group(expanded)
        else:
            result = [d.break_parent if d.will_break(one_line) else "",
                      d.conditional_group([one_line, expanded])]
        return d.label("member-chain", result)

    def arrow(self, n: Arrow, ctx: _Ctx):
        """prettier's printArrowFunction for a single (non-chained) arrow."""
        expand = ctx.expand_last or ctx.expand_first
        signature = ["async "] if n.is_async else []
        signature.append(d.group([self.params(n, ctx, expand), d.group("") if expand else ""]))
        body = n.body
        if isinstance(body, Block):
            body_doc = self.block(body, ctx.child(body, "body"))
        else:
            self._mark_opening_object(body, ctx.child(body, "body"))
            body_doc = self.expr(body, ctx.child(body, "body"))
        if isinstance(body, (Block, Obj, Arr, Arrow)):
            body_part = [" ", body_doc]
        else:
            body_part = [d.indent([d.line, body_doc]), d.if_break(",") if ctx.expand_last else "",
                         d.softline if ctx.expand_last else ""]
        return d.group([d.group(signature), " =>", d.group(body_part)])

    def params(self, n: Arrow, ctx: _Ctx, expand: bool):
        """prettier's printFunctionParameters."""
        if not n.params:
            return ["(", ")"]
        hug = len(n.params) == 1 and isinstance(n.params[0], Pattern)
        printed: list = []
        for i, p in enumerate(n.params):
            printed.append(_pattern_doc(p, hug) if isinstance(p, Pattern) else p)
            if i < len(n.params) - 1:
                printed += [",", " " if hug else d.line]
        if expand:
            if d.will_break(printed):
                raise _Bailout()
            return d.group([d.remove_lines(""), "(", d.remove_lines(printed), ")"])
        if hug:
            return ["(", *printed, ")"]
        return ["(", d.indent([d.softline, *printed]), d.if_break(","), d.softline, ")"]

    def assignment(self, left, op: str, right, ctx: _Ctx, is_property: bool = False):
        """prettier's printAssignment with chooseLayout (print/assignment.js)."""
        if right is None:
            return left
        right_ctx = ctx.child(right, "value" if is_property else "init")
        right_doc = self.expr(right, right_ctx)
        short_key = is_property and isinstance(left, str) and d.display_width(left) < 2 + 3
        if self._break_after_operator(right, right_ctx, short_key):
            return d.group([d.group(left), op, d.group(d.indent([d.line, right_doc]))])
        literal_rhs = (isinstance(right, Num) and not right.signed) or (
            isinstance(right, Lit) and right.text != "null")
        if not d.can_break(left) and (short_key or literal_rhs):
            return d.group([d.group(left), op, " ", right_doc])
        gid = d.GroupId("assignment")
        return d.group([d.group(left), op, d.group(d.indent(d.line), id=gid),
                        d.indent_if_break(right_doc, gid)])

    def _break_after_operator(self, right, ctx: _Ctx, short_key: bool) -> bool:
        if short_key:
            return False
        while isinstance(right, Await):
            ctx, right = ctx.child(right.expr, "argument"), right.expr
        return isinstance(right, Str) or self._poorly_breakable_chain(right, ctx)

    def _poorly_breakable_chain(self, n, ctx: _Ctx, deep: bool = False) -> bool:
        """prettier's isPoorlyBreakableMemberOrCallChain."""
        if isinstance(n, Call):
            if d.has_label(self.call(n, ctx), "member-chain"):
                return False
            if not (not n.args or (len(n.args) == 1 and _is_lone_short_argument(n.args[0]))):
                return False
            return self._poorly_breakable_chain(n.callee, ctx.child(n.callee, "callee"), True)
        if isinstance(n, Member):
            return self._poorly_breakable_chain(n.obj, ctx.child(n.obj, "object"), True)
        return deep and isinstance(n, Ident)

    # -- statements
    def block(self, b: Block, ctx: _Ctx):
        body = self.statements(b.stmts, ctx)
        return ["{", d.indent([d.hardline, body]), d.hardline, "}"] if body else "{}"

    def statements(self, stmts, ctx: _Ctx):
        real = [(i, s) for i, s in enumerate(stmts) if not isinstance(s, BlankLine)]
        out: list = []
        for k, (i, s) in enumerate(real):
            out.append(self.statement(s, ctx.child(s, "body", i)))
            if k + 1 < len(real):
                out.append(d.hardline)
                if any(isinstance(x, BlankLine) for x in stmts[i + 1:real[k + 1][0]]):
                    out.append(d.hardline)
        return out

    def statement(self, s, ctx: _Ctx):
        if isinstance(s, Const):
            left = s.name if s.type_text is None else [s.name, ": ", d.text(s.type_text)]
            decl = d.group([s.kind, " ", self.assignment(left, " =", s.init, ctx)])
            return ["export", " ", decl] if s.export else decl
        if isinstance(s, ExprStmt):
            if isinstance(s.expr, Str):
                raise ValueError("a string statement would be a directive")
            expr_ctx = ctx.child(s.expr, "expression")
            opens_with_object = self._mark_opening_object(s.expr, expr_ctx)
            doc = self.expr(s.expr, expr_ctx)
            # without semicolons prettier guards a statement that could continue the last one
            dangerous = opens_with_object or _dangerous_start(s.expr, s, "expression")
            return [";", doc] if dangerous else doc
        if isinstance(s, Return):
            if s.expr is None:
                return "return"
            return ["return", " ", self.expr(s.expr, ctx.child(s.expr, "argument"))]
        if isinstance(s, Import):
            if not s.names and s.default is None:
                return ["import", " ", ts_string(s.module)]
            return ["import", " type" if s.type_only else "",
                    _specifiers(s.names, s.default), " from", " ", ts_string(s.module)]
        if isinstance(s, ExportNames):
            src = [" from", " ", ts_string(s.module)] if s.module is not None else ""
            return ["export", _specifiers(s.names, None), src]
        if isinstance(s, ExportDefault):
            return ["export", " default", " ", self.expr(s.expr, ctx.child(s.expr, "declaration"))]
        if isinstance(s, Comment):
            return _comment_doc(s.text)
        if isinstance(s, RawStmt):
            return d.join(d.hardline, [d.text(x) for x in s.code.split("\n")])
        raise TypeError(f"not a statement: {s!r}")


def _dangerous_start(n, parent, key: str) -> bool:
    """prettier's expressionStatementHasDangerousStart, along the leftmost nodes."""
    if isinstance(n, (Arr, Arrow)) or (isinstance(n, Num) and n.signed):
        return True
    if needs_parens(n, parent, key):
        return True
    for kind, child, child_key in ((Member, "obj", "object"), (Call, "callee", "callee"),
                                   (As, "expr", "expr")):
        if isinstance(n, kind):
            return _dangerous_start(getattr(n, child), n, child_key)
    return False


def _comment_doc(text: str) -> str:
    body = ts_comment(text)
    return "// " + body if body else "//"


def _pattern_doc(p: Pattern, hugged: bool):
    if not p.names:
        return "{}"
    content = ["{", d.indent([d.line, *d.join([",", d.line], p.names)]), d.if_break(","), d.line,
               "}"]
    return content if hugged else d.group(content)


def _specifiers(names, default):
    parts: list = [" "]
    if default is not None:
        parts.append(default)
    if names:
        if default is not None:
            parts.append(", ")
        if len(names) > 1 or default is not None:
            parts.append(d.group(["{", d.indent([d.line, d.join([",", d.line], list(names))]),
                                  d.if_break(","), d.line, "}"]))
        else:
            parts.append(["{", " ", names[0], " ", "}"])
    elif default is None:
        parts.append("{}")
    return parts


def _should_not_wrap(groups, in_statement: bool) -> bool:
    if len(groups[0]) == 1:
        first = groups[0][0][0]
        return isinstance(first, Ident) and (bool(_FACTORY.search(first.name)) or (
            in_statement and utf16_len(first.name) <= 2))
    last = groups[0][-1][0]
    return isinstance(last, Member) and bool(_FACTORY.search(last.name))


def _is_react_hook_args(args) -> bool:
    def hook_at(i):
        f, nxt = args[i], args[i + 1]
        return (isinstance(f, Arrow) and not f.params and isinstance(f.body, Block)
                and isinstance(nxt, Arr))
    if len(args) == 2:
        return hook_at(0)
    return len(args) == 3 and isinstance(args[0], Ident) and hook_at(1)


def _is_function_composition(args) -> bool:
    if len(args) <= 1:
        return False
    functions = 0
    for a in args:
        if isinstance(a, Arrow):
            functions += 1
            if functions > 1:
                return True
        elif isinstance(a, Call) and any(isinstance(x, Arrow) for x in a.args):
            return True
    return False


def _should_group_first(args) -> bool:
    if len(args) != 2:
        return False
    first, second = args
    return (isinstance(first, Arrow) and isinstance(first.body, Block)
            and not isinstance(second, Arrow) and _is_hopefully_short(second)
            and not _could_expand_arg(second))


def _is_hopefully_short(n) -> bool:
    if isinstance(n, As):
        return is_simple_call_argument(n.expr, 1)
    if isinstance(n, Call) and len(n.args) > 1:
        return False
    return is_simple_call_argument(n)


def _should_group_last(args) -> bool:
    last = args[-1]
    penultimate = args[-2] if len(args) > 1 else None
    return (_could_expand_arg(last)
            and (penultimate is None or type(penultimate) is not type(last))
            and (len(args) != 2 or not isinstance(penultimate, Arrow) or not isinstance(last, Arr))
            and not (len(args) > 1 and _is_concise_array(last)))


def _is_long_curried_call(ctx: _Ctx) -> bool:
    n, parent = ctx.node, ctx.parent
    return (ctx.key == "callee" and isinstance(n, Call) and isinstance(parent, Call)
            and bool(parent.args) and len(n.args) > len(parent.args))


# ----------------------------------------------------------------------------- output


def _program_doc(stmts, forced: frozenset):
    printer = _Printer(forced)
    body = printer.statements(tuple(stmts), _Ctx(None))
    return [body, d.hardline] if body else ""


def module(stmts, width: int = 80) -> str:
    """The text of a TypeScript file, as prettier prints it.

    Objects that break are marked and the file printed again until the marks are stable:
    prettier re-reading our output keeps exactly those objects expanded (objectWrap
    "preserve"), so only that fixpoint is prettier-stable.
    """
    forced: frozenset = frozenset()
    while True:
        out, broken = d.render_tracked(_program_doc(stmts, forced), width)
        if broken <= forced:
            return out
        forced = forced | broken


def to_doc(expr: Expr):
    """The document for one expression at top level (no fixpoint: for composition/tests)."""
    return _Printer(frozenset()).expr(expr, _Ctx(expr))
