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

from migrator.emit.typescript.literals import display_width  # noqa: F401 (re-exported)

Doc = Union[str, list, tuple, "Group", "Indent", "Line", "IfBreak", "IndentIfBreak", "Fill",
            "BreakParent", "Label"]


class _Node:
    """A document node: a plain class with slots, built once and never changed (the
    builders make one per group, indent and assignment of every file, and a frozen
    dataclass's constructor was a visible share of the printing time)."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class GroupId(_Node):
    """Names a group so `if_break`/`indent_if_break` elsewhere can follow its mode."""

    __slots__ = ("name",)

    def __init__(self, name: str = "group"):
        self.name = name


class Group(_Node):
    """Compares by identity (see the module docstring)."""

    __slots__ = ("contents", "should_break", "id", "tag", "expanded_states", "texts_only")

    def __init__(self, contents: Doc, should_break: bool = False, id: GroupId | None = None,
                 tag: object = None, expanded_states: tuple | None = None,
                 texts_only: bool = False):
        self.contents = contents
        self.should_break = should_break
        self.id = id
        # prettier's conditionalGroup: try each state flat, else print the last one broken.
        self.expanded_states = expanded_states
        # Opaque marker reported back by `render_tracked` when this group printed broken.
        self.tag = tag
        # Its builder knows it holds only texts, lines but hard ones, and groups of those
        # (no tag, no conditional group): nothing in it breaks, or is asked about by stable.py.
        self.texts_only = texts_only


class Indent(_Node):
    __slots__ = ("contents",)

    def __init__(self, contents: Doc):
        self.contents = contents


@dataclass(frozen=True)
class Line:
    hard: bool = False
    soft: bool = False


class IfBreak(_Node):
    __slots__ = ("break_contents", "flat_contents", "group_id")

    def __init__(self, break_contents: Doc, flat_contents: Doc = "",
                 group_id: GroupId | None = None):
        self.break_contents = break_contents
        self.flat_contents = flat_contents
        self.group_id = group_id


class IndentIfBreak(_Node):
    __slots__ = ("contents", "group_id")

    def __init__(self, contents: Doc, group_id: GroupId):
        self.contents = contents
        self.group_id = group_id


@dataclass(frozen=True)
class Fill:
    parts: tuple


@dataclass(frozen=True)
class BreakParent:
    pass


class Label(_Node):
    """Metadata for the builders (prettier labels member chains); invisible when printed."""

    __slots__ = ("label", "contents")

    def __init__(self, label: str, contents: Doc):
        self.label = label
        self.contents = contents


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


# prettier's builders. Those that only make a node are its class: the builders make a group
# for most nodes of a file, and a function around each constructor was a visible cost.
group = Group  # (contents, should_break=False, id=None, tag=None)
indent = Indent
if_break = IfBreak  # (broken, flat="", group_id=None)
indent_if_break = IndentIfBreak  # (contents, group_id)
label = Label  # (name, contents)


def conditional_group(states: list, should_break: bool = False) -> Group:
    return Group(states[0], should_break, expanded_states=tuple(states))


def fill(parts: list) -> Fill:
    return Fill(tuple(parts))


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
        return Group(contents, doc.should_break, doc.id, doc.tag, states)
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
# The layout algorithm lives in docprint.py (imported on first use: building documents does
# not need it).


def render_tracked(doc: Doc, width: int = 80) -> tuple[str, frozenset]:
    """Lay `doc` out; also return the tags of tagged groups that printed broken."""
    from migrator.emit.typescript.docprint import Printer

    printer = Printer(doc, width)
    out = printer.run()
    return out, frozenset(printer.tags)


def render(doc: Doc, width: int = 80) -> str:
    return render_tracked(doc, width)[0]
