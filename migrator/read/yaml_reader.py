"""YAML → located values, through ruamel.yaml's C composer.

The C composer keeps start/end marks on every node and is far faster than round-trip
loading; we resolve scalar values ourselves (YAML 1.2 core schema, as ruamel resolves
tags) and apply `<<` merge keys, so the result is what serde_yaml / PyYAML handed the
legacy OS. Bounds (aliases, depth) are checked before converting so hostile files fail
fast with a located diagnostic instead of exhausting memory or the C stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.read.located import LEntry, LMap, LNode, LScalar, LSeq
from migrator.read.positions import LineIndex, advance, syntax_hint

MAX_NODES = 100_000  # values after alias expansion: stops "billion laughs"
MAX_DEPTH = 200
# The C composer recurses in C: ~100 000 levels crash the process. Files whose cheap depth
# bound exceeds this are first checked with the (iterative) event parser.
_COMPOSE_SAFE_DEPTH = 1000

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"
_COLLECTION_TAGS = (_TAG + "map", _TAG + "seq")
_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_PROPERTIES = re.compile(r"(?:(?:![^\s]*|&[^\s]+)\s+)+")


class _Stop(Exception):
    """A bound was exceeded; the diagnostic is already recorded."""


def parse_yaml(text: str, file: str, diags: Diagnostics) -> LNode | None:
    """The first document of `text` as located values; None after an error."""
    try:
        if _cheap_depth_bound(text) > _COMPOSE_SAFE_DEPTH and _too_deep(text, file, diags):
            return None
        root = _compose_first(text, file, diags)
    except MarkedYAMLError as exc:
        _syntax_error(exc, text, file, diags)
        return None
    except YAMLError as exc:  # ReaderError: a character YAML forbids
        _reader_error(exc, text, file, diags)
        return None
    if root is None:
        return LScalar(None, Location(file), KeyPath())
    conv = _Converter(text, file, diags)
    try:
        conv.check_bounds(root)
        return conv.node(root, KeyPath())
    except _Stop:
        return None


def _compose_first(text: str, file: str, diags: Diagnostics) -> Node | None:
    docs = YAML(typ="safe", pure=False).compose_all(text)
    first = next(docs, None)
    # Read the rest too: a syntax error after the first document is still an error.
    second = next(docs, None)
    for _ in docs:
        pass
    if second is not None:
        # Point at the `---` that starts the second document when there is one.
        start = second.start_mark.index
        marker = text.rfind("---", 0, start + 1)
        if marker >= 0 and (marker == 0 or text[marker - 1] == "\n"):
            start = marker
        line, col = LineIndex(text).position(start)
        loc = Location(file, line, col)
        diags.warning("R112", "the file contains several YAML documents; only the first is "
                      "read (the second starts here)", at=loc)
    return first


# --- syntax errors ------------------------------------------------------------------------

def _syntax_error(exc: MarkedYAMLError, text: str, file: str, diags: Diagnostics) -> None:
    problem, context = exc.problem or "syntax error", exc.context
    pmark, cmark = exc.problem_mark, exc.context_mark
    # "could not find expected ':'" is detected a line late; the line that lacks the
    # colon is where the simple key started (the context mark).
    use_context = cmark is not None and context == "while scanning a simple key"
    mark = cmark if use_context or pmark is None else pmark
    message = f"{problem} ({context})" if use_context else problem
    if context and not use_context:
        where = f" at line {cmark.line + 1}, column {cmark.column + 1}" if cmark else ""
        message = f"{problem} ({context}{where})"
    at = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    _report(at, message, text, file, diags)


def _reader_error(exc: YAMLError, text: str, file: str, diags: Diagnostics) -> None:
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        line, col = LineIndex(text).position(position)
        at = Location(file, line, col)
    else:
        at = Location(file)
    reason = getattr(exc, "reason", None) or str(exc).split("\n")[0]
    char = getattr(exc, "character", None)
    code = ord(char) if isinstance(char, str) and len(char) == 1 else char
    detail = f"character U+{code:04X}: {reason}" if isinstance(code, int) else reason
    _report(at, f"unacceptable {detail}", text, file, diags)


# libyaml's messages name the grammar rule; say what usually causes them.
_CAUSES = {
    "did not find expected key": "a line is indented wrongly, or a quoted string above is "
                                 "not closed",
    "mapping values are not allowed in this context": "a plain value contains `: `; quote it",
    "could not find expected ':'": "this line is not `key: value` (or a value above spans "
                                   "lines without quotes)",
    "found character '\\t' that cannot start any token": "YAML forbids tabs for indentation",
}


def _report(at: Location, message: str, text: str, file: str, diags: Diagnostics) -> None:
    marker, hint = syntax_hint(text, file)
    hint = hint or next((v for k, v in _CAUSES.items() if message.startswith(k)), None)
    if marker is not None:
        diags.error("R106", "unresolved merge conflict marker", at=marker,
                    hint=f"the YAML parser stops at {at}: {message}")
    else:
        diags.error("R106", message, at=at, hint=hint)


# --- bounds ---------------------------------------------------------------------------------

def _cheap_depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, computed without parsing: flow brackets (quotes
    ignored, so it over-counts) plus two block levels per indentation column plus one per
    character of the longest line (compact `- - -` nesting)."""
    flow = best = 0
    for ch in re.findall(r"[\[\]{}]", text):
        flow = flow + 1 if ch in "[{" else max(0, flow - 1)
        best = max(best, flow)
    lines = text.split("\n")
    indent = max((len(ln) - len(ln.lstrip(" ")) for ln in lines), default=0)
    return best + 2 * (indent + 1) + max(map(len, lines), default=0)


def _too_deep(text: str, file: str, diags: Diagnostics) -> bool:
    depth = 0
    for event in YAML(typ="safe", pure=False).parse(text):
        name = type(event).__name__
        if name in ("MappingStartEvent", "SequenceStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                _depth_error(Location(file, mark.line + 1, mark.column + 1), diags)
                return True
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
    return False


def _depth_error(at: Location, diags: Diagnostics) -> None:
    diags.error("R111", f"the document nests deeper than {MAX_DEPTH} levels; it is not read",
                at=at)


@dataclass
class _Converter:
    text: str
    file: str
    diags: Diagnostics
    _sizes: dict[int, tuple[int, int]] = field(default_factory=dict)  # id → (size, height)
    _aliased: bool = False  # set when a collection is reached twice (through an alias)
    # Aliases convert a shared node once per use; say each thing once.
    _said: set[tuple[str, Location]] = field(default_factory=set)

    def warn(self, code: str, message: str, at: Location, path: KeyPath | None = None,
             error: bool = False) -> None:
        if (code, at) in self._said:
            return
        self._said.add((code, at))
        (self.diags.error if error else self.diags.warning)(code, message, at=at, path=path)

    def loc(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1)

    def check_bounds(self, root: Node) -> None:
        size, _ = self._measure(root, 0, set())
        if size > MAX_NODES:
            raise self._stop_size(root, aliased=False)

    def _stop_size(self, node: Node, aliased: bool = True) -> _Stop:
        if aliased or self._aliased:
            self.diags.error("R110", f"aliases (`*name`) expand the document to more than "
                             f"{MAX_NODES} values; it is not read", at=self.loc(node))
        else:  # no alias involved: blaming aliases would send the user looking for none
            self.diags.error("R126", f"the document has more than {MAX_NODES} values; it is "
                             "not read", at=self.loc(node))
        return _Stop()

    def _stop_depth(self, node: Node) -> _Stop:
        _depth_error(self.loc(node), self.diags)
        return _Stop()

    def _measure(self, node: Node, depth: int, active: set[int]) -> tuple[int, int]:
        """(expanded size, collection height) of `node` under `depth` collections; memoised
        per node, since aliases share nodes."""
        if isinstance(node, ScalarNode):  # the common case: no memo, no cycle, no depth
            return 1, 0
        key = id(node)
        known = self._sizes.get(key)
        if known is not None:
            self._aliased = True  # a collection reached twice is an alias
        else:
            if key in active:  # `&a [*a]`: the structure contains itself
                raise self._stop_size(node)
            active.add(key)
            known = self._measure_children(node, depth, active)
            active.discard(key)
            self._sizes[key] = known
        if depth + known[1] > MAX_DEPTH:
            raise self._stop_depth(node)
        return known

    def _measure_children(self, node: Node, depth: int, active: set[int]) -> tuple[int, int]:
        if depth + 1 > MAX_DEPTH:
            raise self._stop_depth(node)
        children = node.value if isinstance(node, SequenceNode) else [
            n for pair in node.value for n in pair]
        size, height = 1, 1
        for child in children:
            s, h = self._measure(child, depth + 1, active)
            size += s
            if size > MAX_NODES:
                raise self._stop_size(child, aliased=False)
            height = max(height, h + 1)
        return size, height

    # --- conversion ---------------------------------------------------------------------------

    def node(self, node: Node, path: KeyPath) -> LNode:
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        self._check_collection_tag(node)
        loc = self._value_loc(node)[0]
        if isinstance(node, SequenceNode):
            return LSeq(tuple(self.node(c, path / i) for i, c in enumerate(node.value)),
                        loc, path)
        return LMap(tuple(self._entries(node, path)), loc, path)

    def _value_loc(self, node: Node) -> tuple[Location, int]:
        """Where the value itself starts (after `!tag` / `&anchor` properties)."""
        start = node.start_mark.index
        if self.text[start : start + 1] not in ("!", "&"):
            return self.loc(node), start
        props = _PROPERTIES.match(self.text, start, node.end_mark.index)
        if props is None:
            return self.loc(node), start
        end = props.end()
        return advance(self.loc(node), self.text[start:end], end - start), end

    def _check_collection_tag(self, node: Node) -> None:
        if node.tag not in _COLLECTION_TAGS:
            self.warn("R115", f"unsupported YAML tag `{node.tag}`; the value is read as a "
                      "plain mapping or list", self.loc(node))

    def scalar(self, node: ScalarNode, path: KeyPath) -> LScalar:
        loc, start = self._value_loc(node)
        raw = self.text[start : node.end_mark.index]
        style = node.style or ""
        return LScalar(self._resolve(node, loc), loc, path, style, raw)

    def _resolve(self, node: ScalarNode, loc: Location) -> Any:
        tag, text = node.tag, node.value
        if not tag.startswith(_TAG) or tag[len(_TAG):] not in _RESOLVERS:
            self.warn("R115", f"unsupported YAML tag `{tag}`; the value is read as a string",
                      loc)
            return text
        try:
            return _RESOLVERS[tag[len(_TAG):]](text)
        except (ValueError, KeyError):
            self.warn("R115", f"`{text}` is not a valid `!!{tag[len(_TAG):]}`; the value is "
                      "read as a string", loc)
            return text

    def _entries(self, node: MappingNode, path: KeyPath) -> list[LEntry]:
        explicit: list[LEntry] = []
        first_at: dict[str, Location] = {}
        merge_at: int | None = None
        sources: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE and isinstance(key_node, ScalarNode):
                merge_at = len(explicit) if merge_at is None else merge_at
                sources.extend(self._merge_sources(value_node))
                continue
            if not isinstance(key_node, ScalarNode):
                self.warn("R115", "a mapping or list used as a key is not supported; the "
                          "entry is skipped", self.loc(key_node), path, error=True)
                continue
            entry = self._entry(key_node, value_node, path)
            if entry.key in first_at:
                self._duplicate(entry, first_at[entry.key], path)
            first_at.setdefault(entry.key, entry.key_loc)
            explicit.append(entry)
        if merge_at is None:
            return explicit
        merged = self._merged(sources, path, set(first_at))
        return explicit[:merge_at] + merged + explicit[merge_at:]

    def _entry(self, key_node: ScalarNode, value_node: Node, path: KeyPath) -> LEntry:
        key_loc = self._value_loc(key_node)[0]
        key = key_node.value  # as written: `0x10:` stays "0x10", not "16"
        parsed = self._resolve(key_node, key_loc)
        value = self.node(value_node, path / key)
        return LEntry(key, key_loc, value, None if isinstance(parsed, str) else parsed)

    def _duplicate(self, entry: LEntry, first: Location, path: KeyPath) -> None:
        self.warn("R109", f"duplicate key `{entry.key}` (first at line {first.line}, column "
                  f"{first.column}); the later value wins", entry.key_loc, path / entry.key)

    def _merge_sources(self, value: Node) -> list[Node]:
        if isinstance(value, MappingNode):
            return [value]
        if isinstance(value, SequenceNode) and all(
                isinstance(v, MappingNode) for v in value.value):
            return list(value.value)
        self.warn("R115", "a merge key `<<` takes a mapping or a list of mappings; it is "
                  "ignored", self.loc(value), error=True)
        return []

    def _merged(self, sources: list[Node], path: KeyPath, explicit: set[str]) -> list[LEntry]:
        """YAML 1.1 merge: explicit keys win, then earlier sources over later ones."""
        out: dict[str, LEntry] = {}
        for source in sources:
            # Within one source the later duplicate wins, as everywhere.
            winners = {e.key: e for e in self._entries(source, path)}
            for key, entry in winners.items():
                if key not in explicit and key not in out:
                    out[key] = entry
        return list(out.values())


def _int(text: str) -> int | float:
    """serde_yaml reads an integer as i64/u64 and falls back to f64 (inf when huge), so a
    400-digit `ram:` is a float to the legacy OS too; this also keeps Python's
    int-from-string digit limit (4300) from ever being reached."""
    s = text.replace("_", "")
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if s.startswith(prefix):
            return wide_int(sign * int(s[2:], base))  # power-of-two bases have no digit limit
    if len(s.lstrip("0")) > 20:
        return float(text.replace("_", ""))  # beyond u64 whatever it is; float() has no limit
    return wide_int(sign * int(s))


I64_MIN, U64_MAX = -(2**63), 2**64 - 1


def wide_int(value: int) -> int | float:
    """An integer the way serde read it: i64/u64 as is, anything wider as f64 (±inf when it
    does not fit a double either)."""
    if I64_MIN <= value <= U64_MAX:
        return value
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _float(text: str) -> float:
    s = text.replace("_", "").lower()
    if s.lstrip("+-") == ".inf":
        return -math.inf if s.startswith("-") else math.inf
    if s == ".nan":
        return math.nan
    return float(s)


_RESOLVERS = {
    "str": str,
    "null": lambda t: None,
    "bool": lambda t: _BOOLS[t.lower()],
    "int": _int,
    "float": _float,
    # Timestamps and binary stay as written: the legacy formats never use them as such.
    "timestamp": str,
    "binary": str,
}
