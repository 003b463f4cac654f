"""The layout algorithm of doc.py: prettier 3.10's `printDocToString`, `fits` and
`propagateBreaks` (src/document/printer/printer.js, utils/propagate-breaks.js), step for
step, plus a trace of every decision that looked at a group.

Why a trace: the generated code must be stable under prettier re-reading it, and prettier
keeps an object expanded when our output broke it (objectWrap "preserve"). The stable
layout is the one printed with every object that broke marked as broken. `stable.py` reads
the trace of one printing and decides whether marking those objects could have changed any
decision; only when it could is the file printed again (see jsprint.module_text).

Linear in the document: `fits` stops at the first line break it meets in break mode or when
the width runs out, so each measurement reads at most one output line ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrator.emit.typescript.doc import (
    BreakParent,
    Doc,
    Fill,
    Group,
    GroupId,
    IfBreak,
    Indent,
    IndentIfBreak,
    Label,
    Line,
)
from migrator.emit.typescript.literals import display_width

BREAK, FLAT = "break", "flat"


@dataclass(frozen=True)
class _FillFrom:
    """The unprinted tail of a fill (prettier's DOC_FILL_PRINTED_LENGTH offset)."""

    fill: Fill
    offset: int


class _BackToFlat:
    """Work item of `fits`: the broken group measured inside flat text has ended."""

    __slots__ = ()


_BACK_TO_FLAT = _BackToFlat()


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
    # result, must_be_flat, ids of groups it measured flat)
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
    each tag."""
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


# Display widths of the texts printed, shared by the printings of a process: the files of
# a batch repeat most of their texts (keys, SDK names, punctuation). Bounded: emptied when
# it grows past this many entries.
_WIDTHS: dict[str, int] = {}
_WIDTHS_KEPT = 200_000


class Printer:
    def __init__(self, doc: Doc, width: int, trace: bool = False):
        self.width = width
        self.trace = Trace(set()) if trace else None
        self.broken = propagate_breaks(doc, self.trace)
        if self.trace is not None:
            self.trace.broken = self.broken
        self.group_modes: dict[GroupId, str] = {}
        self.out: list[str] = []
        self.pos = 0
        if len(_WIDTHS) > _WIDTHS_KEPT:
            _WIDTHS.clear()
        self.widths = _WIDTHS
        self.tags: set = set()
        self.cmds: list = [(0, BREAK, doc)]

    def is_broken(self, g: Group) -> bool:
        return g.should_break or id(g) in self.broken

    def measure(self, nxt, rest: list, remaining: int, decision, state: int,
                must_be_flat: bool = False) -> bool:
        """`fits`, recorded in the trace."""
        if self.trace is None:
            return self.fits(nxt, rest, remaining, must_be_flat, None)
        flat: list = []
        ok = self.fits(nxt, rest, remaining, must_be_flat, flat)
        if flat:
            self.trace.measured.append((decision, state, ok, must_be_flat, flat))
        return ok

    def fits(self, nxt, rest: list, remaining: int, must_be_flat: bool, flat) -> bool:
        """prettier's fits: does the text up to the next line break fit in `remaining`?
        `flat` collects the ids of the groups it measured flat (None: no trace).

        The work stack holds documents, not (mode, document) pairs: the mode only changes
        where a broken group sits in flat text, and there a marker restoring the outer mode
        is pushed under the group's contents (a pair per list element was most of the
        measuring time)."""
        rest_idx = len(rest)
        pending_space = False
        broken = self.broken
        group_modes = self.group_modes
        widths = self.widths
        mode = nxt[1]
        stack = [nxt[2]]
        pop, push, extend = stack.pop, stack.append, stack.extend
        while remaining >= 0:
            if not stack:
                if rest_idx == 0:
                    return True
                rest_idx -= 1
                cmd = rest[rest_idx]
                mode = cmd[1]
                push(cmd[2])
                continue
            x = pop()
            t = type(x)
            if t is str:
                if x:
                    if pending_space:
                        remaining -= 1
                        pending_space = False
                    w = widths.get(x)
                    if w is None:
                        w = widths[x] = display_width(x)
                    remaining -= w
            elif t is list or t is tuple:
                extend(reversed(x))
            elif t is Group:
                is_broken = x.should_break or id(x) in broken
                if must_be_flat and is_broken:
                    return False
                if is_broken:
                    if mode is FLAT:
                        push(_BACK_TO_FLAT)
                        mode = BREAK
                    push(x.expanded_states[-1] if x.expanded_states else x.contents)
                elif mode is FLAT:
                    if flat is not None:
                        flat.append(id(x))
                    push(x.contents)
                else:
                    push(x.expanded_states[-1] if x.expanded_states else x.contents)
            elif t is Line:
                if mode is BREAK or x.hard:
                    return True
                if not x.soft:
                    pending_space = True
            elif t is _BackToFlat:
                mode = FLAT
            elif t is IfBreak:
                gmode = group_modes.get(x.group_id, FLAT) if x.group_id else mode
                contents = x.break_contents if gmode is BREAK else x.flat_contents
                if contents:
                    push(contents)
            elif t is Fill:
                extend(reversed(x.parts))
            elif t is _FillFrom:
                extend(reversed(x.fill.parts[x.offset:]))
            elif t is BreakParent:
                pass
            else:  # Indent, IndentIfBreak, Label
                push(x.contents)
        return False

    def write(self, s: str) -> None:
        self.out.append(s)
        self.pos += display_width(s)

    def newline(self, ind: int) -> None:
        # prettier trims trailing blanks of the line it leaves
        out = self.out
        while out:
            stripped = out[-1].rstrip(" \t")
            if stripped:
                out[-1] = stripped
                break
            out.pop()
        out.append("\n" + " " * ind)
        self.pos = ind

    def print_group(self, ind: int, mode: str, g: Group, remeasure: bool):
        cmd = self._group_cmd(ind, mode, g, remeasure)
        if self.trace is not None:
            if cmd[1] is FLAT:
                self.trace.printed_flat.add(id(g))
            if g.expanded_states:
                states = g.expanded_states
                self.trace.chosen[id(g)] = next(
                    (i for i, s in enumerate(states) if s is cmd[2]), len(states) - 1)
        return cmd

    def _group_cmd(self, ind: int, mode: str, g: Group, remeasure: bool):
        if mode is FLAT and not remeasure:
            return (ind, BREAK if self.is_broken(g) else FLAT, g.contents)
        remaining = self.width - self.pos
        flat = (ind, FLAT, g.contents)
        if not self.is_broken(g) and self.measure(flat, self.cmds, remaining, id(g), 0):
            return flat
        if not g.expanded_states:
            return (ind, BREAK, g.contents)
        if not self.is_broken(g):
            for i, state in enumerate(g.expanded_states[1:-1], 1):
                cmd = (ind, FLAT, state)
                if self.measure(cmd, self.cmds, remaining, id(g), i):
                    return cmd
        return (ind, BREAK, g.expanded_states[-1])

    def print_fill(self, ind: int, mode: str, parts: tuple, offset: int) -> None:
        remaining = self.width - self.pos
        length = len(parts) - offset
        if length == 0:
            return
        content = parts[offset]
        content_fits = self.measure((ind, FLAT, content), [], remaining, None, 0, True)
        content_cmd = (ind, FLAT if content_fits else BREAK, content)
        if length == 1:
            self.cmds.append(content_cmd)
            return
        whitespace = parts[offset + 1]
        if length == 2:
            self.cmds.extend([(ind, content_cmd[1], whitespace), content_cmd])
            return
        pair = (ind, FLAT, [content, whitespace, parts[offset + 2]])
        pair_fits = self.measure(pair, [], remaining, None, 0, True)
        self.cmds.append((ind, mode, _FillFrom(Fill(parts), offset + 2)))
        if pair_fits:
            self.cmds.extend([(ind, FLAT, whitespace), (ind, FLAT, content)])
        elif content_fits:
            self.cmds.extend([(ind, BREAK, whitespace), (ind, FLAT, content)])
        else:
            self.cmds.extend([(ind, BREAK, whitespace), (ind, BREAK, content)])

    def run(self) -> str:
        remeasure = False
        cmds = self.cmds
        widths = self.widths
        pop, push = cmds.pop, cmds.append
        while cmds:
            ind, mode, x = pop()
            t = type(x)
            if t is str:
                if x:
                    self.out.append(x)
                    w = widths.get(x)
                    if w is None:
                        w = widths[x] = display_width(x)
                    self.pos += w
            elif t is list or t is tuple:
                cmds.extend([(ind, mode, c) for c in reversed(x)])
            elif t is Group:
                cmd = self.print_group(ind, mode, x, remeasure)
                remeasure = False  # prettier clears it whenever a group is measured
                push(cmd)
                if x.id is not None:
                    self.group_modes[x.id] = cmd[1]
                if x.tag is not None and cmd[1] is BREAK:
                    self.tags.add(x.tag)
            elif t is Line:
                if mode is FLAT and not x.hard:
                    if not x.soft:
                        self.out.append(" ")
                        self.pos += 1
                    continue
                if mode is FLAT:
                    remeasure = True
                self.newline(ind)
            elif t is Indent:
                push((ind + 2, mode, x.contents))
            elif t is Label:
                push((ind, mode, x.contents))
            elif t is IfBreak or t is IndentIfBreak:
                gmode = self.group_modes.get(x.group_id) if x.group_id else mode
                if t is IfBreak:
                    contents = (x.break_contents if gmode is BREAK else
                                x.flat_contents if gmode is FLAT else None)
                    if contents:
                        push((ind, mode, contents))
                elif gmode is BREAK:
                    push((ind + 2, mode, x.contents))
                elif gmode is FLAT:
                    push((ind, mode, x.contents))
            elif t is Fill:
                self.print_fill(ind, mode, x.parts, 0)
            elif t is _FillFrom:
                self.print_fill(ind, mode, x.fill.parts, x.offset)
            elif t is BreakParent:
                pass
            else:
                raise TypeError(f"not a document: {x!r}")
        return "".join(self.out)
