"""The printer behind `expr.module`/`expr.to_doc`: prettier's document for the AST of
expr.py. Ported from prettier 3.10.1 (src/language-js/), mainly print/assignment.js
(printAssignment, chooseLayout, isPoorlyBreakableMemberOrCallChain),
print/arrow-function.js (printArrowFunction), print/function-parameters.js
(printFunctionParameters), print/object.js, print/array.js, print/member.js and
print/module.js (import/export specifiers); calls, their arguments and member chains are in
jsprint_calls.py, a node's context and parentheses in jsctx.py. Functions are named after
their prettier originals; only the branches the AST can reach are kept, and unsupported
shapes raise instead of guessing.
"""

from __future__ import annotations


from migrator.emit.typescript import doc as d
from migrator.emit.typescript.expr import (
    Arr,
    Arrow,
    As,
    Await,
    BlankLine,
    Block,
    Call,
    Comment,
    Const,
    ExportDefault,
    ExportNames,
    ExprStmt,
    Ident,
    Import,
    Lit,
    Member,
    Num,
    Obj,
    Pattern,
    Prop,
    RawStmt,
    Return,
    Str,
)
from migrator.emit.typescript.jsprint_calls import (
    ArgExpansionBailout,
    CallPrinter,
    is_concise_array,
)
from migrator.emit.typescript.astpath import AstPath
from migrator.emit.typescript.jsctx import (
    LEAVES,
    Ctx,
    dangerous_start,
    is_lone_short_argument,
    leaf_text,
    leftmost,
    needs_parens,
)
from migrator.emit.typescript.literals import ts_comment, ts_key, ts_string
from migrator.emit.typescript.stable import FlipSites


_SEPARATOR = (",", d.line)


class _Printer(CallPrinter, FlipSites):
    def __init__(self, forced: frozenset):
        FlipSites.__init__(self)
        self.forced = forced
        self.cache: dict = {}
        self.call_cache: dict = {}
        # The properties of an object, the statements of a block, by the node's path: a
        # hugged argument is printed again, and shares them, as prettier prints them
        # without arguments, so from its cache.
        self.members: dict = {}
        # paths of object literals that open a statement or an arrow body: `({...}).x`
        self.opening_objects: set[tuple] = set()

    def call(self, n: Call, ctx: Ctx):
        key = (ctx.path, ctx.expand_last, ctx.expand_first, ctx.await_left)
        if key not in self.call_cache:
            self.call_cache[key] = CallPrinter.call(self, n, ctx)
        return self.call_cache[key]

    def _mark_opening_object(self, n, ctx: Ctx) -> bool:
        first, steps = leftmost(n)
        if isinstance(first, Obj):
            self.opening_objects.add(ctx.path.join(steps))
        return isinstance(first, Obj)

    # -- expressions
    def child_expr(self, n, ctx: Ctx, key: str, index: int | None = None):
        """`expr` of `n`, child `key` (at `index`) of the node of `ctx`. A leaf needs no
        context: most nodes are leaves, and skip making one, its place and the cache."""
        if type(n) in LEAVES and not needs_parens(n, ctx.node, key):
            return leaf_text(n)
        return self.expr(n, ctx.child(n, key, index))

    def expr(self, n, ctx: Ctx):
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

    def _expr(self, n, ctx: Ctx):
        t = type(n)  # the node classes are final: compared by identity, most common first
        if t in LEAVES:
            return leaf_text(n)
        if t is Call:
            return self.call(n, ctx)
        if t is Obj:
            return self.object(n, ctx)
        if t is Member:
            return self.member(n, ctx)
        if t is Arrow:
            return self.arrow(n, ctx)
        if t is Arr:
            return self.array(n, ctx)
        if t is Await or t is As:
            if isinstance(n, Await):
                arg_ctx = ctx.child(n.expr, "argument", await_left=True)
                parts = ["await ", self.expr(n.expr, arg_ctx)]
            else:
                parts = [self.expr(n.expr, ctx.left(n.expr, "expr")), " ", n.op, " ",
                         n.type_text]
            if (isinstance(ctx.parent, Member) and ctx.key == "object") or (
                    isinstance(ctx.parent, Call) and ctx.key == "callee"):
                inner = [d.indent([d.softline, *parts]), d.softline]
                return inner if isinstance(n, Await) and ctx.await_left else d.group(inner)
            return parts
        raise TypeError(f"not an expression: {n!r}")

    def object(self, n: Obj, ctx: Ctx):
        trailing = [[d.hardline, _comment_doc(c)] for c in n.trailing]
        if not n.props:
            # prettier's dangling comments: `{`, the comments indented, `}` (always broken)
            return "{}" if not trailing else d.group(
                ["{", d.indent(trailing), d.softline, "}"], tag=ctx.path)
        parts = self.members.get(ctx.path)
        if parts is None:
            parts = self.members[ctx.path] = self._properties(n, ctx)
        broken = n.expand or ctx.path in self.forced
        # A comment after the last property is its trailing comment in prettier: a line
        # suffix after the (printed) trailing comma, on a line of its own.
        body = ["{", d.indent([d.line, *parts, d.if_break(","), *trailing]), d.line, "}"]
        return d.group(body, should_break=broken, tag=ctx.path)

    def _properties(self, n: Obj, ctx: Ctx) -> list:
        """The printed properties and separators, side by side (fewer lists to walk)."""
        parts: list = []
        for i, p in enumerate(n.props):
            if i:
                parts += _SEPARATOR
            printed = self.prop(p, ctx, i)
            if p.comment is not None:
                for line in reversed(p.comment_lines):
                    printed = [_comment_doc(line), d.hardline, printed]
            parts.append(printed)
        return parts

    def prop(self, p: Prop, ctx: Ctx, index: int):
        """Property `index` of the object of `ctx`."""
        if p.value is None:
            return p.key
        return self.assignment(ts_key(p.key), ":", p.value,
                               lambda: ctx.child(p, "properties", index).child(p.value, "value"),
                               is_property=True)

    def array(self, n: Arr, ctx: Ctx):
        if not n.items:
            return "[]"
        items = n.items
        should_break = len(items) > 1 and all(
            isinstance(x, (Obj, Arr)) and (i + 1 == len(items) or type(items[i + 1]) is type(x))
            and len(x.props if isinstance(x, Obj) else x.items) > 1 for i, x in enumerate(items))
        gid = d.GroupId("array")
        printed = [self.child_expr(x, ctx, "elements", i) for i, x in enumerate(items)]
        if is_concise_array(n):
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

    def member(self, n: Member, ctx: Ctx):
        obj = n.obj
        obj_doc = obj.name if type(obj) is Ident else self.expr(obj, ctx.left(obj, "object"))
        lookup = "." + n.name
        inline = (isinstance(n.obj, Ident) and not isinstance(ctx.parent, Member)) or (
            isinstance(ctx.parent, Const) and ((isinstance(n.obj, Call) and bool(n.obj.args))
                                               or d.has_label(obj_doc, "member-chain")))
        out = [obj_doc, lookup if inline else d.group(d.indent([d.softline, lookup]))]
        return d.Label(obj_doc.label, out) if isinstance(obj_doc, d.Label) else out

    def arrow(self, n: Arrow, ctx: Ctx):
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

    def params(self, n: Arrow, ctx: Ctx, expand: bool):
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
            if self.will_break(printed):
                raise ArgExpansionBailout()
            return d.group([d.remove_lines(""), "(", d.remove_lines(printed), ")"])
        if hug:
            return ["(", *printed, ")"]
        return ["(", d.indent([d.softline, *printed]), d.if_break(","), d.softline, ")"]

    def assignment(self, left, op: str, right, right_ctx, is_property: bool = False):
        """prettier's printAssignment with chooseLayout (print/assignment.js); `right_ctx`
        makes the context of `right`, which a leaf does without."""
        if right is None:
            return left
        short_key = is_property and isinstance(left, str) and d.display_width(left) < 2 + 3
        leaf = type(right) in LEAVES  # then the groups below hold texts only (`left` too)
        if leaf:  # no parentheses on the right of `=` or `:`
            right_doc = leaf_text(right)
            break_after = not short_key and type(right) is Str  # _break_after_operator
        else:
            ctx = right_ctx()
            right_doc = self.expr(right, ctx)
            break_after = self._break_after_operator(right, ctx, short_key)
        if break_after:
            return d.group([d.group(left), op, d.group(d.indent([d.line, right_doc]))],
                           texts_only=leaf)
        literal_rhs = (isinstance(right, Num) and not right.signed) or (
            isinstance(right, Lit) and right.text != "null")
        if (short_key or literal_rhs) and (type(left) is str or not d.can_break(left)):
            return d.group([d.group(left), op + " ", right_doc], texts_only=leaf)
        gid = d.GroupId("assignment")
        return d.group([d.group(left), op, d.group(d.indent(d.line), id=gid),
                        d.indent_if_break(right_doc, gid)], texts_only=leaf)

    def _break_after_operator(self, right, ctx: Ctx, short_key: bool) -> bool:
        if short_key:
            return False
        while isinstance(right, Await):
            ctx, right = ctx.child(right.expr, "argument", await_left=True), right.expr
        return isinstance(right, Str) or self._poorly_breakable_chain(right, ctx)

    def _poorly_breakable_chain(self, n, ctx: Ctx, deep: bool = False) -> bool:
        """prettier's isPoorlyBreakableMemberOrCallChain."""
        if isinstance(n, Call):
            # the arguments first: the chain is printed (its label read) only when they
            # leave it poorly breakable
            if not (not n.args or (len(n.args) == 1 and is_lone_short_argument(n.args[0]))):
                return False
            if d.has_label(self.call(n, ctx), "member-chain"):
                return False
            return self._poorly_breakable_chain(n.callee, ctx.left(n.callee, "callee"), True)
        if isinstance(n, Member):
            return self._poorly_breakable_chain(n.obj, ctx.left(n.obj, "object"), True)
        return deep and isinstance(n, Ident)

    # -- statements
    def block(self, b: Block, ctx: Ctx):
        body = self.members.get(ctx.path)
        if body is None:
            body = self.members[ctx.path] = self.statements(b.stmts, ctx)
        return ["{", d.indent([d.hardline, body]), d.hardline, "}"] if body else "{}"

    def statements(self, stmts, ctx: Ctx):
        real = [(i, s) for i, s in enumerate(stmts) if not isinstance(s, BlankLine)]
        out: list = []
        for k, (i, s) in enumerate(real):
            out.append(self.statement(s, ctx.child(s, "body", i)))
            if k + 1 < len(real):
                out.append(d.hardline)
                if any(isinstance(x, BlankLine) for x in stmts[i + 1:real[k + 1][0]]):
                    out.append(d.hardline)
        return out

    def statement(self, s, ctx: Ctx):
        if isinstance(s, Const):
            left = s.name if s.type_text is None else [s.name, ": ", d.text(s.type_text)]
            decl = d.group([s.kind + " ", self.assignment(left, " =", s.init,
                                                         lambda: ctx.child(s.init, "init"))])
            return ["export ", decl] if s.export else decl
        if isinstance(s, ExprStmt):
            if isinstance(s.expr, Str):
                raise ValueError("a string statement would be a directive")
            expr_ctx = ctx.child(s.expr, "expression")
            opens_with_object = self._mark_opening_object(s.expr, expr_ctx)
            doc = self.expr(s.expr, expr_ctx)
            # without semicolons prettier guards a statement that could continue the last one
            dangerous = opens_with_object or dangerous_start(s.expr, s, "expression")
            return [";", doc] if dangerous else doc
        if isinstance(s, Return):
            if s.expr is None:
                return "return"
            return ["return ", self.expr(s.expr, ctx.child(s.expr, "argument"))]
        if isinstance(s, Import):
            if not s.names and s.default is None:
                return ["import ", ts_string(s.module)]
            return ["import", " type" if s.type_only else "",
                    _specifiers(s.names, s.default), " from ", ts_string(s.module)]
        if isinstance(s, ExportNames):
            src = [" from ", ts_string(s.module)] if s.module is not None else ""
            return ["export", _specifiers(s.names, None), src]
        if isinstance(s, ExportDefault):
            return ["export default ", self.expr(s.expr, ctx.child(s.expr, "declaration"))]
        if isinstance(s, Comment):
            return _comment_doc(s.text)
        if isinstance(s, RawStmt):
            return d.join(d.hardline, [d.text(x) for x in s.code.split("\n")])
        raise TypeError(f"not a statement: {s!r}")


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


# ----------------------------------------------------------------------------- output


def program(stmts, forced: frozenset, root: AstPath | None = None):
    """The builder (with its flip sites) and the document of a file; `forced`: tags of the
    objects to keep expanded, places under `root` (the root of the printing that reported
    them)."""
    printer = _Printer(forced)
    body = printer.statements(tuple(stmts), Ctx.top(None, root))
    return printer, ([body, d.hardline] if body else "")


def expression_doc(expr):
    """The document of one expression at top level."""
    return _Printer(frozenset()).expr(expr, Ctx.top(expr))
