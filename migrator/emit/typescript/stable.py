"""Is a layout already prettier-stable? Decided from the trace of the one printing.

prettier re-reading our output keeps every object that printed broken expanded, so the
stable layout is the one in which the objects that broke (`tags`) are marked broken. The
file was printed with no object marked. Printing again with them marked changes:

- the tagged groups, which become broken, and every enclosing group up to the nearest
  conditional group (prettier's propagateBreaks);
- the builder's willBreak decisions that looked inside those objects (`Flip`s reported by
  jsprint): a conditional group replaced by its last state, a conditional group losing its
  first state, a break-parent next to a conditional group, a group gaining should_break.

Each changed group X was looked at either when printed (it must have printed broken
anyway) or by a `fits` measurement (a measurement that read X flat and failed could now
succeed, since a broken X ends the line early; one that succeeded still succeeds, as a
broken group only cuts the measured text short). When no look could change its answer,
the second printing would repeat the first one decision for decision: the layout is the
fixpoint. Otherwise the caller prints again. The check is linear in the trace.
tests/emit/test_one_pass.py holds it to the print-until-stable loop on every generated file
and on random programs: a decision this list missed would show there as a difference.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrator.emit.typescript.doc import BreakParent, Fill, Group, IfBreak, Line, will_break
from migrator.emit.typescript.doctrace import Trace

# Flip kinds
LAST_STATE = "last-state"  # conditional group -> a broken group holding its last state
DROP_FIRST = "drop-first"  # conditional group -> same states without the first, + break-parent
BREAK_PARENT = "break-parent"  # a break-parent appears next to this group
SHOULD_BREAK = "should-break"  # this plain group gains should_break


@dataclass(frozen=True)
class Flip:
    kind: str
    group: Group


class FlipSites:
    """The builder's side (a mixin of jsprint's printer): its willBreak, and the decisions
    that found no break, each with the AST places an object breaking would turn it from."""

    def __init__(self) -> None:
        self.sites: list[tuple[str, tuple, Group]] = []
        self.break_memo: dict[int, tuple] = {}

    def flip_when(self, kind: str, paths, group: Group) -> None:
        if paths:
            self.sites.append((kind, tuple(paths), group))

    def flips(self, tags) -> list[Flip]:
        """The noted decisions that objects tagged `tags` (their paths) turn around."""
        under: set = set()  # the tags and every place above them
        for place in tags:
            while place is not None and place not in under:  # (above: added already)
                under.add(place)
                place = place.parent
        return [Flip(kind, group) for kind, paths, group in self.sites
                if not under.isdisjoint(paths)]

    def will_break(self, doc) -> bool:
        """prettier's willBreak, remembering each group's answer: the builder asks about
        nested arguments again and again, which would be quadratic in the nesting."""
        try:
            return self._will_break(doc)
        except RecursionError:  # a document nested deeper than the stack: walk it
            return will_break(doc)

    def _will_break(self, doc) -> bool:
        t = type(doc)
        if t is str:
            return False
        if t is list or t is tuple:
            for child in doc:
                if self._will_break(child):
                    return True
            return False
        if t is Group:
            if doc.should_break:
                return True
            seen = self.break_memo.get(id(doc))
            if seen is not None and seen[0] is doc:
                return seen[1]
            result = self._will_break(doc.contents)
            self.break_memo[id(doc)] = (doc, result)
            return result
        if t is Line:
            return doc.hard
        if t is BreakParent:
            return True
        if t is IfBreak:
            return self._will_break(doc.break_contents) or self._will_break(doc.flat_contents)
        if t is Fill:
            return self._will_break(list(doc.parts))
        return self._will_break(doc.contents)  # Indent, IndentIfBreak, Label


def reprint_unchanged(trace: Trace, tags, flips) -> bool:
    """True when printing with `tags` marked broken and `flips` applied gives this layout."""
    static = trace.broken
    breaks: set[int] = set()  # plain groups that would be broken
    sensitive: set[int] = set()  # conditional groups whose measured form would change
    skip_own: dict[int, int | None] = {}  # their own measurements that no longer happen
    work: list[Group] = []

    def breaks_group(g: Group) -> None:
        if not (g.should_break or id(g) in static or id(g) in breaks):
            breaks.add(id(g))
            work.append(g)

    def breaks_enclosing(g: Group) -> None:
        for parent in trace.parents(g):
            if parent is not None and parent.expanded_states is None:
                breaks_group(parent)

    for tag in tags:
        for g in trace.tagged.get(tag, ()):
            breaks_group(g)
    for flip in flips:
        g = flip.group
        if flip.kind == SHOULD_BREAK:
            breaks_group(g)
        elif flip.kind == BREAK_PARENT:
            breaks_enclosing(g)
        else:
            chosen = trace.chosen.get(id(g))
            if flip.kind == LAST_STATE:
                if chosen is not None and chosen != len(g.expanded_states) - 1:
                    return False
                skip_own[id(g)] = None
            else:
                if chosen == 0:
                    return False
                skip_own.setdefault(id(g), 0)
            sensitive.add(id(g))
            breaks_enclosing(g)
    while work:
        breaks_enclosing(work.pop())
    if not breaks.isdisjoint(trace.printed_flat):
        return False
    for decision, state, ok, must_be_flat, flat in trace.measured:
        if decision in breaks:
            continue  # a broken group is not measured
        if decision in skip_own and skip_own[decision] in (None, state):
            continue
        if not sensitive.isdisjoint(flat):
            return False
        if (not ok or must_be_flat) and not breaks.isdisjoint(flat):
            return False
    return True
