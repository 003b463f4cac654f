"""prettier 3.10's `propagateBreaks` (src/document/utils/propagate-breaks.js), and the trace
of one printing (docprint.py) that stable.py reads: which groups printed flat, which state
each conditional group printed, what each `fits` measurement read.

The break propagation walk is also where the trace learns the shape of the document (each
group's enclosing groups, the groups carrying each tag): it reads every node anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrator.emit.typescript.doc import BreakParent, Doc, Fill, Group, IfBreak, Line


class _Exit:
    """Work item: leaving a group during the break propagation walk."""

    __slots__ = ()


_EXIT = _Exit()


@dataclass
class Trace:
    """What one printing decided and looked at; ids are `id()` of groups of the document."""

    broken: set  # groups broken before printing (propagated hard breaks, should_break)
    parent: dict = field(default_factory=dict)  # group id -> enclosing group (None: top)
    # group id -> the enclosing groups of its further occurrences (a shared sub-document)
    more_parents: dict = field(default_factory=dict)
    tagged: dict = field(default_factory=dict)  # tag -> every group carrying it
    printed_flat: set = field(default_factory=set)  # groups printed flat
    chosen: dict = field(default_factory=dict)  # conditional group id -> state printed
    # one entry per `fits` call: (deciding group id or None for a fill, state index,
    # result, must_be_flat, ids of groups it measured flat). A group holding a lone text
    # (no id, no tag) is not measured, nor in printed_flat: it prints the same either way
    # and no marked object can break it.
    measured: list = field(default_factory=list)

    def parents(self, g: Group) -> list:
        """The groups enclosing `g` wherever it occurs (None: at the top)."""
        gid = id(g)
        if gid not in self.parent:
            return []
        return [self.parent[gid], *self.more_parents.get(gid, ())]


def propagate_breaks(doc: Doc, trace: Trace | None = None) -> set[int]:
    """ids of groups broken by a hard line or break-parent inside them (prettier's
    propagateBreaks; conditional groups stop it). With a trace, also records each group's
    enclosing group (and, for a group met again, its further ones) and the groups carrying
    each tag; but not for a group holding a lone text or only texts (`Group.texts_only`),
    nor for the groups in it, which stable.py never asks about."""
    broken: set[int] = set()
    visited: set[int] = set()
    stack: list = [None]  # the enclosing groups, innermost last; None: the top
    parent = trace.parent if trace is not None else None
    more_parents = trace.more_parents if trace is not None else None
    tagged = trace.tagged if trace is not None else None
    work: list = [doc]
    pop, push, extend = work.pop, work.append, work.extend
    while work:
        x = pop()
        t = type(x)
        if t is list or t is tuple:
            # texts and lines are most of a document and never break anything
            for c in x:
                tc = type(c)
                if tc is not str and tc is not Line:
                    push(c)
        elif t is Group:
            if x.texts_only or (type(x.contents) is str and not (
                    x.should_break or x.expanded_states or x.tag is not None)):
                continue  # a lone text (a third of the groups), or texts: nothing to learn
            gid = id(x)
            if parent is not None:
                if gid in visited:
                    more_parents.setdefault(gid, []).append(stack[-1])
                else:
                    parent[gid] = stack[-1]
            stack.append(x)
            push(_EXIT)
            if gid in visited:
                continue
            visited.add(gid)
            if tagged is not None and x.tag is not None:
                tagged.setdefault(x.tag, []).append(x)
            if x.expanded_states:
                extend(x.expanded_states)
            else:
                push(x.contents)
        elif t is _Exit:
            g = stack.pop()
            if g.should_break or id(g) in broken:
                top = stack[-1]
                if top is not None and top.expanded_states is None and not top.should_break:
                    broken.add(id(top))
        elif t is BreakParent:
            top = stack[-1]
            if top is not None and top.expanded_states is None and not top.should_break:
                broken.add(id(top))
        elif t is IfBreak:
            push(x.break_contents)
            push(x.flat_contents)
        elif t is Fill:
            extend(x.parts)
        elif t is str or t is Line:
            continue
        else:  # Indent, IndentIfBreak, Label
            push(x.contents)
    return broken
