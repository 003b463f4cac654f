"""The layout algorithm of doc.py: prettier 3.10's `printDocToString` and `fits`
(src/document/printer/printer.js), step for step, after `propagateBreaks` (doctrace.py),
plus a trace of every decision that looked at a group.

Why a trace: the generated code must be stable under prettier re-reading it, and prettier
keeps an object expanded when our output broke it (objectWrap "preserve"). The stable
layout is the one printed with every object that broke marked as broken. `stable.py` reads
the trace of one printing and decides whether marking those objects could have changed any
decision; only when it could is the file printed again (see jsprint.module_text).

Linear in the document: `fits` stops at the first line break it meets in break mode or when
the width runs out, so each measurement reads at most one output line ahead.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from migrator.emit.typescript.doctrace import Trace, propagate_breaks
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


# Display widths of the texts printed, shared by the printings of a process: the files of
# a batch repeat most of their texts (keys, SDK names, punctuation). Bounded: emptied when
# it grows past this many entries.
_WIDTHS: dict[str, int] = {}
_WIDTHS_KEPT = 200_000


class Printer:
    """One printing. Its work stack holds documents, and ints restoring the indentation
    and mode of the documents below them (`_restore`, pushed where a group, an indent or a
    fill changes them): a tuple (indentation, mode, document) per list element was most of
    the printing time."""

    def __init__(self, doc: Doc, width: int, trace: bool = False):
        self.width = width
        self.trace = Trace(set()) if trace else None
        self.broken = propagate_breaks(doc, self.trace)
        if self.trace is not None:
            self.trace.broken = self.broken
        self.group_modes: dict[GroupId, str] = {}
        self.out: list[str] = []
        if len(_WIDTHS) > _WIDTHS_KEPT:
            _WIDTHS.clear()
        self.widths = _WIDTHS
        self.tags: set = set()
        self.cmds: list = [doc]

    def is_broken(self, g: Group) -> bool:
        return g.should_break or id(g) in self.broken

    def measure(self, doc: Doc, rest: list, rest_mode: str, remaining: int, decision,
                state: int, must_be_flat: bool = False) -> bool:
        """`fits` of `doc` printed flat, recorded in the trace."""
        if self.trace is None:
            return self.fits(doc, rest, rest_mode, remaining, must_be_flat, None)
        flat: list = []
        ok = self.fits(doc, rest, rest_mode, remaining, must_be_flat, flat)
        if flat:
            self.trace.measured.append((decision, state, ok, must_be_flat, flat))
        return ok

    def fits(self, doc: Doc, rest: list, rest_mode: str, remaining: int, must_be_flat: bool,
             flat) -> bool:
        """prettier's fits: does the text of `doc` printed flat, then of the work stack
        `rest` (whose top is in `rest_mode`), up to the next line break fit in `remaining`?
        `flat` collects the ids of the groups it measured flat (None: no trace).

        The mode only changes where a broken group sits in flat text: there a marker
        restoring the outer mode is pushed under the group's contents."""
        rest_idx = len(rest)
        pending_space = False
        broken = self.broken
        group_modes = self.group_modes
        widths = self.widths
        mode = FLAT
        stack = [doc]
        pop, push, extend = stack.pop, stack.append, stack.extend
        while remaining >= 0:
            if not stack:
                if rest_idx == 0:
                    return True
                rest_idx -= 1
                x = rest[rest_idx]
                if type(x) is int:
                    rest_mode = _MODES[x & 1]
                else:
                    mode = rest_mode
                    push(x)
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
                extend(x[::-1])
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

    def print_group(self, mode: str, g: Group, remaining: int) -> tuple[str, Doc]:
        """The mode and contents a group in break mode (or to remeasure) prints with."""
        new_mode, contents = self._measure_group(mode, g, remaining)
        if self.trace is not None:
            if new_mode is FLAT:
                self.trace.printed_flat.add(id(g))
            if g.expanded_states:
                self.note_state(g, contents)
        return new_mode, contents

    def note_state(self, g: Group, contents: Doc) -> None:
        states = g.expanded_states
        self.trace.chosen[id(g)] = next(
            (i for i, s in enumerate(states) if s is contents), len(states) - 1)

    def _measure_group(self, mode: str, g: Group, remaining: int) -> tuple[str, Doc]:
        broken = self.is_broken(g)
        if not broken and self.measure(g.contents, self.cmds, mode, remaining, id(g), 0):
            return FLAT, g.contents
        if not g.expanded_states:
            return BREAK, g.contents
        if not broken:
            for i, state in enumerate(g.expanded_states[1:-1], 1):
                if self.measure(state, self.cmds, mode, remaining, id(g), i):
                    return FLAT, state
        return BREAK, g.expanded_states[-1]

    def print_fill(self, mode: str, parts: tuple, offset: int, remaining: int) -> list:
        """What the fill's unprinted parts from `offset` push: (mode, document) pairs,
        the one printed first last."""
        length = len(parts) - offset
        if length == 0:
            return []
        content = parts[offset]
        content_fits = self.measure(content, [], mode, remaining, None, 0, True)
        content_mode = FLAT if content_fits else BREAK
        if length == 1:
            return [(content_mode, content)]
        whitespace = parts[offset + 1]
        if length == 2:
            return [(content_mode, whitespace), (content_mode, content)]
        pair = [content, whitespace, parts[offset + 2]]
        pair_fits = self.measure(pair, [], mode, remaining, None, 0, True)
        tail = (mode, _FillFrom(Fill(parts), offset + 2))
        if pair_fits:
            return [tail, (FLAT, whitespace), (FLAT, content)]
        if content_fits:
            return [tail, (BREAK, whitespace), (FLAT, content)]
        return [tail, (BREAK, whitespace), (BREAK, content)]

    def run(self) -> str:
        cmds, out, widths, broken = self.cmds, self.out, self.widths, self.broken
        group_modes, tags = self.group_modes, self.tags
        printed_flat = self.trace.printed_flat if self.trace is not None else None
        pop, push, extend = cmds.pop, cmds.append, cmds.extend
        ind, mode, pos, remeasure = 0, BREAK, 0, False
        while cmds:
            x = pop()
            t = type(x)
            if t is str:
                if x:
                    out.append(x)
                    w = widths.get(x)
                    if w is None:
                        w = widths[x] = display_width(x)
                    pos += w
            elif t is list or t is tuple:
                extend(x[::-1])
            elif t is Group:
                if mode is FLAT and not remeasure:
                    # flat text: the group is flat unless it holds a break (not measured)
                    contents = x.contents
                    if x.should_break or id(x) in broken:
                        push(_restore(ind, mode))
                        mode = BREAK
                    elif printed_flat is not None:
                        printed_flat.add(id(x))
                    if x.expanded_states and printed_flat is not None:
                        self.note_state(x, contents)
                elif (type(x.contents) is str and x.id is None and x.tag is None
                      and x.expanded_states is None):
                    # a lone text prints the same broken or flat, and no object breaking
                    # could break it (stable.py): measuring it would decide nothing
                    contents = x.contents
                    remeasure = False
                else:
                    new_mode, contents = self.print_group(mode, x, self.width - pos)
                    remeasure = False  # prettier clears it whenever a group is measured
                    if new_mode is not mode:
                        push(_restore(ind, mode))
                        mode = new_mode
                push(contents)
                if x.id is not None:
                    group_modes[x.id] = mode
                if x.tag is not None and mode is BREAK:
                    tags.add(x.tag)
            elif t is Line:
                if mode is FLAT and not x.hard:
                    if not x.soft:
                        out.append(" ")
                        pos += 1
                    continue
                if mode is FLAT:
                    remeasure = True
                self.newline(ind)
                pos = ind
            elif t is int:
                ind, mode = x >> 1, _MODES[x & 1]
            elif t is Indent:
                push(_restore(ind, mode))
                ind += 2
                push(x.contents)
            elif t is Label:
                push(x.contents)
            elif t is IfBreak or t is IndentIfBreak:
                gmode = group_modes.get(x.group_id) if x.group_id else mode
                if t is IfBreak:
                    contents = (x.break_contents if gmode is BREAK else
                                x.flat_contents if gmode is FLAT else None)
                    if contents:
                        push(contents)
                elif gmode is BREAK:
                    push(_restore(ind, mode))
                    ind += 2
                    push(x.contents)
                elif gmode is FLAT:
                    push(x.contents)
            elif t is Fill or t is _FillFrom:
                parts, offset = (x.parts, 0) if t is Fill else (x.fill.parts, x.offset)
                for item_mode, item in self.print_fill(mode, parts, offset, self.width - pos):
                    if item_mode is not mode:
                        push(_restore(ind, mode))
                        mode = item_mode
                    push(item)
            elif t is BreakParent:
                pass
            else:
                raise TypeError(f"not a document: {x!r}")
        return "".join(out)


_MODES = (BREAK, FLAT)


def _restore(ind: int, mode: str) -> int:
    """The work stack item restoring `ind` and `mode` for the documents below it."""
    return ind << 1 | (mode is FLAT)
