"""How the TypeScript printer (jsprint.py) lays out calls: prettier 3.10.1's
printCallExpression (src/language-js/print/call-expression.js), printCallArguments
(print/call-arguments.js) and printMemberChain (print/member-chain.js), with the predicates
they use (isSimpleCallArgument and friends from utils/index.js, isConciselyPrintedArray from
print/array.js).

`CallPrinter` is a mixin of jsprint's printer: its methods print every argument and chain
link through the printer's `expr`, so caching and parentheses apply as for any other node.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from migrator.emit.typescript import doc as d
from migrator.emit.typescript.expr import (
    Arr,
    Arrow,
    As,
    Block,
    Call,
    ExprStmt,
    Ident,
    Lit,
    Member,
    Num,
    Obj,
    Raw,
    Str,
)
from migrator.emit.typescript.literals import utf16_len
from migrator.emit.typescript.stable import BREAK_PARENT, DROP_FIRST, LAST_STATE, SHOULD_BREAK

if TYPE_CHECKING:
    from migrator.emit.typescript.jsctx import Ctx


class ArgExpansionBailout(Exception):
    """prettier's ArgExpansionBailout: the hugged form is impossible, break all args."""


_TEST_CALLEE = re.compile(r"(?:skip|[fx]?(?:it|describe|test))")
_FACTORY = re.compile(r"^[A-Z]|^[$_]+$")


def _is_memberish(n) -> bool:
    return isinstance(n, Member)


def _is_literal(n) -> bool:
    return isinstance(n, (Str, Lit)) or (isinstance(n, Num) and not n.signed)


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
        return bool(n.props) or bool(n.trailing)  # (properties.length > 0 || hasComment)
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


def is_concise_array(n) -> bool:
    return isinstance(n, Arr) and bool(n.items) and all(isinstance(x, Num) for x in n.items)


class CallPrinter:
    """The call methods of jsprint's `_Printer`, which provides `expr(node, ctx)` and
    `child_expr(node, parent_ctx, key, index)`."""

    def call(self, n: Call, ctx: Ctx):
        if isinstance(n.callee, Member):
            return self.member_chain(n, ctx)
        if isinstance(n.callee, Ident) and _TEST_CALLEE.fullmatch(n.callee.name):
            raise ValueError(f"prettier formats {n.callee.name}(...) as a test call")
        parts = [self.expr(n.callee, ctx.left(n.callee, "callee")), self.arguments(n, ctx)]
        return d.group(parts) if isinstance(n.callee, Call) else parts

    def arguments(self, n: Call, ctx: Ctx):
        """prettier's printCallArguments.

        Each willBreak that found no break is noted with the argument paths it read
        (`flip_when`): an object in there that prints broken would turn it around."""
        args = n.args
        if not args:
            return "()"
        paths = [ctx.path / "arguments" / i for i in range(len(args))]
        printed = [self.child_expr(a, ctx, "arguments", i) for i, a in enumerate(args)]
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
            if any(self.will_break(x) for x in rest):
                return all_broken_out()
            try:
                first = self.expr(args[0], ctx.child(args[0], "arguments", 0, expand_first=True))
            except ArgExpansionBailout:
                return all_broken_out()
            hugged = ["(", d.group(first, should_break=True), ", ", *rest, ")"]
            return self._hug(hugged, ["(", first, ", ", *rest, ")"], first, all_broken_out(),
                             paths[1:], paths[:1])
        if _should_group_last(args):
            head = with_sep[:-1]
            if any(self.will_break(x) for x in head):
                return all_broken_out()
            i = len(args) - 1
            try:
                last = self.expr(args[i], ctx.child(args[i], "arguments", i, expand_last=True))
            except ArgExpansionBailout:
                return all_broken_out()
            hugged = ["(", *head, d.group(last, should_break=True), ")"]
            return self._hug(hugged, ["(", *head, last, ")"], last, all_broken_out(),
                             paths[:-1], paths[-1:])
        contents = ["(", d.indent([d.softline, *with_sep]), d.if_break(","), d.softline, ")"]
        if _is_long_curried_call(ctx):
            return contents
        should_break = any(self.will_break(p) for p in with_sep)
        result = d.group(contents, should_break=should_break)
        if not should_break:
            self.flip_when(SHOULD_BREAK, paths, result)
        return result

    def _hug(self, hugged, plain, hugged_arg, all_broken_out, other_paths, hugged_paths):
        """The conditional group of a hugged first/last argument."""
        if self.will_break(hugged_arg):
            group = d.conditional_group([hugged, all_broken_out])
            result = [d.break_parent, group]
        else:
            group = result = d.conditional_group([plain, hugged, all_broken_out])
            self.flip_when(DROP_FIRST, hugged_paths, group)
        self.flip_when(LAST_STATE, other_paths, group)
        return result

    def member_chain(self, n: Call, ctx: Ctx):
        """prettier's printMemberChain (print/member-chain.js)."""
        # (node, its document, the path under which its arguments/objects are)
        nodes: list = [(n, self.arguments(n, ctx), ctx.path / "arguments")]
        cur, cur_ctx = n.callee, ctx.left(n.callee, "callee")
        while True:
            if isinstance(cur, Call) and isinstance(cur.callee, (Member, Call)):
                nodes.insert(0, (cur, self.arguments(cur, cur_ctx), cur_ctx.path / "arguments"))
                cur, cur_ctx = cur.callee, cur_ctx.left(cur.callee, "callee")
            elif isinstance(cur, Member):
                nodes.insert(0, (cur, "." + cur.name, None))
                cur, cur_ctx = cur.obj, cur_ctx.left(cur.obj, "object")
            else:
                nodes.insert(0, (cur, self.expr(cur, cur_ctx), cur_ctx.path))
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
        printed = [[doc for _, doc, _ in g] for g in groups]
        one_line = printed
        if len(groups) <= (3 if merge else 2):
            return one_line if _is_long_curried_call(ctx) else d.group(one_line)
        rest = groups[2 if merge else 1:]
        expanded = [printed[0], printed[1] if merge else "",
                    d.indent([d.hardline, d.join(d.hardline, [[x for _, x, _ in g] for g in rest])])]
        calls = [node for node, _, _ in nodes if isinstance(node, Call)]
        last_call_after_functions = isinstance(groups[-1][-1][0], Call) and any(
            isinstance(a, Arrow) for c in calls[:-1] for a in c.args)

        def paths(gs) -> list:
            return [p for g in gs for _, _, p in g if p is not None]

        if ((len(calls) > 2 and any(not is_simple_call_argument(a) for c in calls for a in c.args))
                or any(self.will_break(g) for g in printed[:-1])
                or (last_call_after_functions and self.will_break(printed[-1]))):
            result = d.group(expanded)
        else:
            group = d.conditional_group([one_line, expanded])
            one_line_breaks = self.will_break(one_line)
            result = [d.break_parent if one_line_breaks else "", group]
            self.flip_when(LAST_STATE, paths(groups[:-1] if not last_call_after_functions
                                             else groups), group)
            if not one_line_breaks:
                self.flip_when(BREAK_PARENT, paths(groups), group)
        return d.label("member-chain", result)


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
            and not (len(args) > 1 and is_concise_array(last)))


def _is_long_curried_call(ctx: Ctx) -> bool:
    n, parent = ctx.node, ctx.parent
    return (ctx.key == "callee" and isinstance(n, Call) and isinstance(parent, Call)
            and bool(parent.args) and len(n.args) > len(parent.args))
