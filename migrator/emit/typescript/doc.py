"""A Wadler-style document algebra and a printer that lays it out exactly like prettier 3.10.

Why a port rather than "something similar": the generated TypeScript must already be what
`prettier --check` accepts, so every decision (does this group fit? which conditional state
wins? where does a propagated break stop?) follows prettier's `printDocToString` and `fits`
(src/document/printer/printer.js) step for step. `tests/emit/test_doc_printer.py` renders
random documents with both printers and compares.

A document is a `str` (text without newlines), a `list`/`tuple` (concatenation) or one of the
frozen node classes below. Groups compare by identity: prettier marks the very group object a
hard line breaks, and shared sub-documents (printed once, used in several conditional states)
must share that mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from migrator.emit.typescript.literals import display_width

Doc = Union[str, list, tuple, "Group", "Indent", "Line", "IfBreak", "IndentIfBreak", "Fill",
            "BreakParent", "Label"]


@dataclass(frozen=True, eq=False)
class GroupId:
    """Names a group so `if_break`/`indent_if_break` elsewhere can follow its mode."""

    name: str = "group"


@dataclass(frozen=True, eq=False)
class Group:
    contents: Doc
    should_break: bool = False
    id: GroupId | None = None
    # prettier's conditionalGroup: try each state flat, else print the last one broken.
    expanded_states: tuple | None = None
    # Opaque marker reported back by `render_tracked` when this group printed broken.
    tag: object = None


@dataclass(frozen=True)
class Indent:
    contents: Doc


@dataclass(frozen=True)
class Line:
    hard: bool = False
    soft: bool = False


@dataclass(frozen=True)
class IfBreak:
    break_contents: Doc
    flat_contents: Doc = ""
    group_id: GroupId | None = None


@dataclass(frozen=True)
class IndentIfBreak:
    contents: Doc
    group_id: GroupId


@dataclass(frozen=True)
class Fill:
    parts: tuple


@dataclass(frozen=True)
class BreakParent:
    pass


@dataclass(frozen=True)
class Label:
    """Metadata for the builders (prettier labels member chains); invisible when printed."""

    label: str
    contents: Doc


line = Line()
softline = Line(soft=True)
break_parent = BreakParent()
hardline_without_break_parent = Line(hard=True)
hardline = (hardline_without_break_parent, break_parent)


def text(s: str) -> str:
    if "\n" in s or "\r" in s:
        raise ValueError(f"text must not contain line breaks: {s!r}")
    return s


def concat(*parts: Doc) -> tuple:
    return tuple(parts)


def group(doc: Doc, should_break: bool = False, id: GroupId | None = None, tag=None) -> Group:
    return Group(doc, should_break, id, None, tag)


def conditional_group(states: list, should_break: bool = False) -> Group:
    return Group(states[0], should_break, None, tuple(states))


def indent(doc: Doc) -> Indent:
    return Indent(doc)


def if_break(broken: Doc, flat: Doc = "", group_id: GroupId | None = None) -> IfBreak:
    return IfBreak(broken, flat, group_id)


def indent_if_break(doc: Doc, group_id: GroupId) -> IndentIfBreak:
    return IndentIfBreak(doc, group_id)


def fill(parts: list) -> Fill:
    return Fill(tuple(parts))


def label(name: str, doc: Doc) -> Label:
    return Label(name, doc)


def join(sep: Doc, docs) -> list:
    out: list = []
    for i, d in enumerate(docs):
        if i:
            out.append(sep)
        out.append(d)
    return out


# --------------------------------------------------------------------------- doc utilities


def _children(doc: Doc, all_states: bool = False):
    if isinstance(doc, (list, tuple)):
        return doc
    if isinstance(doc, Fill):
        return doc.parts
    if isinstance(doc, Group):
        return doc.expanded_states if (all_states and doc.expanded_states) else (doc.contents,)
    if isinstance(doc, (Indent, IndentIfBreak, Label)):
        return (doc.contents,)
    if isinstance(doc, IfBreak):
        return (doc.break_contents, doc.flat_contents)
    return ()


def will_break(doc: Doc) -> bool:
    """prettier's willBreak: an explicitly broken group, a hard line or a break-parent."""
    stack = [doc]
    while stack:
        d = stack.pop()
        if isinstance(d, Group) and d.should_break:
            return True
        if (isinstance(d, Line) and d.hard) or isinstance(d, BreakParent):
            return True
        stack.extend(_children(d))
    return False


def can_break(doc: Doc) -> bool:
    """prettier's canBreak: the document holds any line at all."""
    stack = [doc]
    while stack:
        d = stack.pop()
        if isinstance(d, Line):
            return True
        stack.extend(_children(d))
    return False


def remove_lines(doc: Doc) -> Doc:
    """prettier's removeLines: soft lines vanish, lines become spaces, if_break goes flat."""
    if isinstance(doc, str):
        return doc
    if isinstance(doc, Line):
        return doc if doc.hard else ("" if doc.soft else " ")
    if isinstance(doc, IfBreak):
        return remove_lines(doc.flat_contents)
    if isinstance(doc, (list, tuple)):
        return [remove_lines(d) for d in doc]
    if isinstance(doc, Fill):
        return Fill(tuple(remove_lines(d) for d in doc.parts))
    if isinstance(doc, Group):
        states = doc.expanded_states and tuple(remove_lines(s) for s in doc.expanded_states)
        contents = states[0] if states else remove_lines(doc.contents)
        return Group(contents, doc.should_break, doc.id, states, doc.tag)
    if isinstance(doc, Indent):
        return Indent(remove_lines(doc.contents))
    if isinstance(doc, IndentIfBreak):
        return IndentIfBreak(remove_lines(doc.contents), doc.group_id)
    if isinstance(doc, Label):
        return Label(doc.label, remove_lines(doc.contents))
    return doc


def has_label(doc: Doc, name: str) -> bool:
    return isinstance(doc, Label) and doc.label == name


# ----------------------------------------------------------------------------- printer

_BREAK, _FLAT = "break", "flat"


@dataclass(frozen=True)
class _FillFrom:
    """The unprinted tail of a fill (prettier's DOC_FILL_PRINTED_LENGTH offset)."""

    fill: Fill
    offset: int


def _propagate_breaks(doc: Doc) -> set[int]:
    """ids of groups broken by a hard line or break-parent inside them (prettier's
    propagateBreaks). Conditional groups stop the propagation, as in prettier."""
    broken: set[int] = set()
    visited: set[int] = set()
    stack: list[Group] = []

    def is_broken(g: Group) -> bool:
        return g.should_break or id(g) in broken

    def mark_parent() -> None:
        if stack and stack[-1].expanded_states is None and not is_broken(stack[-1]):
            broken.add(id(stack[-1]))

    work: list = [(doc, False)]
    while work:
        d, exiting = work.pop()
        if exiting:
            stack.pop()
            if is_broken(d):
                mark_parent()
            continue
        if isinstance(d, BreakParent):
            mark_parent()
        if isinstance(d, Group):
            stack.append(d)
            work.append((d, True))
            if id(d) in visited:
                continue
            visited.add(id(d))
        for child in reversed(tuple(_children(d, all_states=True))):
            work.append((child, False))
    return broken


class _Printer:
    def __init__(self, doc: Doc, width: int):
        self.width = width
        self.broken = _propagate_breaks(doc)
        self.group_modes: dict[GroupId, str] = {}
        self.out: list[str] = []
        self.pos = 0
        self.tags: set = set()
        self.cmds: list = [(0, _BREAK, doc)]

    def is_broken(self, g: Group) -> bool:
        return g.should_break or id(g) in self.broken

    def fits(self, nxt, rest: list, remaining: int, must_be_flat: bool = False) -> bool:
        rest_idx = len(rest)
        pending_space = False
        cmds = [nxt]
        while remaining >= 0:
            if not cmds:
                if rest_idx == 0:
                    return True
                rest_idx -= 1
                cmds.append(rest[rest_idx])
                continue
            ind, mode, d = cmds.pop()
            if isinstance(d, str):
                if d:
                    if pending_space:
                        remaining -= 1
                        pending_space = False
                    remaining -= display_width(d)
            elif isinstance(d, (list, tuple)):
                cmds.extend((ind, mode, c) for c in reversed(d))
            elif isinstance(d, (Fill, _FillFrom)):
                parts, start = (d.parts, 0) if isinstance(d, Fill) else (d.fill.parts, d.offset)
                cmds.extend((ind, mode, c) for c in reversed(parts[start:]))
            elif isinstance(d, (Indent, IndentIfBreak, Label)):
                cmds.append((ind, mode, d.contents))
            elif isinstance(d, Group):
                if must_be_flat and self.is_broken(d):
                    return False
                gmode = _BREAK if self.is_broken(d) else mode
                contents = (d.expanded_states[-1] if d.expanded_states and gmode == _BREAK
                            else d.contents)
                cmds.append((ind, gmode, contents))
            elif isinstance(d, IfBreak):
                gmode = self.group_modes.get(d.group_id, _FLAT) if d.group_id else mode
                contents = d.break_contents if gmode == _BREAK else d.flat_contents
                if contents:
                    cmds.append((ind, mode, contents))
            elif isinstance(d, Line):
                if mode == _BREAK or d.hard:
                    return True
                if not d.soft:
                    pending_space = True
        return False

    def write(self, s: str) -> None:
        self.out.append(s)
        self.pos += display_width(s)

    def newline(self, ind: int) -> None:
        # prettier trims trailing blanks of the line it leaves
        while self.out:
            stripped = self.out[-1].rstrip(" \t")
            if stripped:
                self.out[-1] = stripped
                break
            self.out.pop()
        self.out.append("\n" + " " * ind)
        self.pos = ind

    def print_group(self, ind: int, mode: str, d: Group, remeasure: bool):
        if mode == _FLAT and not remeasure:
            return (ind, _BREAK if self.is_broken(d) else _FLAT, d.contents)
        remaining = self.width - self.pos
        flat = (ind, _FLAT, d.contents)
        if not self.is_broken(d) and self.fits(flat, self.cmds, remaining):
            return flat
        if not d.expanded_states:
            return (ind, _BREAK, d.contents)
        if not self.is_broken(d):
            for state in d.expanded_states[1:-1]:
                cmd = (ind, _FLAT, state)
                if self.fits(cmd, self.cmds, remaining):
                    return cmd
        return (ind, _BREAK, d.expanded_states[-1])

    def print_fill(self, ind: int, mode: str, parts: tuple, offset: int) -> None:
        remaining = self.width - self.pos
        length = len(parts) - offset
        if length == 0:
            return
        content = parts[offset]
        content_fits = self.fits((ind, _FLAT, content), [], remaining, must_be_flat=True)
        content_cmd = (ind, _FLAT if content_fits else _BREAK, content)
        if length == 1:
            self.cmds.append(content_cmd)
            return
        whitespace = parts[offset + 1]
        if length == 2:
            self.cmds.extend([(ind, content_cmd[1], whitespace), content_cmd])
            return
        pair = (ind, _FLAT, [content, whitespace, parts[offset + 2]])
        pair_fits = self.fits(pair, [], remaining, must_be_flat=True)
        self.cmds.append((ind, mode, _FillFrom(Fill(parts), offset + 2)))
        if pair_fits:
            self.cmds.extend([(ind, _FLAT, whitespace), (ind, _FLAT, content)])
        elif content_fits:
            self.cmds.extend([(ind, _BREAK, whitespace), (ind, _FLAT, content)])
        else:
            self.cmds.extend([(ind, _BREAK, whitespace), (ind, _BREAK, content)])

    def run(self) -> str:
        remeasure = False
        while self.cmds:
            ind, mode, d = self.cmds.pop()
            if isinstance(d, str):
                if d:
                    self.write(d)
            elif isinstance(d, (list, tuple)):
                self.cmds.extend((ind, mode, c) for c in reversed(d))
            elif isinstance(d, Indent):
                self.cmds.append((ind + 2, mode, d.contents))
            elif isinstance(d, Label):
                self.cmds.append((ind, mode, d.contents))
            elif isinstance(d, Group):
                cmd = self.print_group(ind, mode, d, remeasure)
                remeasure = False  # prettier clears it whenever a group is measured
                self.cmds.append(cmd)
                if d.id is not None:
                    self.group_modes[d.id] = cmd[1]
                if d.tag is not None and cmd[1] == _BREAK:
                    self.tags.add(d.tag)
            elif isinstance(d, Fill):
                self.print_fill(ind, mode, d.parts, 0)
            elif isinstance(d, _FillFrom):
                self.print_fill(ind, mode, d.fill.parts, d.offset)
            elif isinstance(d, (IfBreak, IndentIfBreak)):
                gmode = self.group_modes.get(d.group_id) if d.group_id else mode
                if isinstance(d, IfBreak):
                    contents = {_BREAK: d.break_contents, _FLAT: d.flat_contents}.get(gmode)
                    if contents:
                        self.cmds.append((ind, mode, contents))
                elif gmode == _BREAK:
                    self.cmds.append((ind + 2, mode, d.contents))
                elif gmode == _FLAT:
                    self.cmds.append((ind, mode, d.contents))
            elif isinstance(d, Line):
                if mode == _FLAT and not d.hard:
                    if not d.soft:
                        self.write(" ")
                    continue
                if mode == _FLAT:
                    remeasure = True
                self.newline(ind)
            elif isinstance(d, BreakParent):
                pass
            else:
                raise TypeError(f"not a document: {d!r}")
        return "".join(self.out)


def render_tracked(doc: Doc, width: int = 80) -> tuple[str, frozenset]:
    """Lay `doc` out; also return the tags of tagged groups that printed broken."""
    printer = _Printer(doc, width)
    out = printer.run()
    return out, frozenset(printer.tags)


def render(doc: Doc, width: int = 80) -> str:
    return render_tracked(doc, width)[0]
