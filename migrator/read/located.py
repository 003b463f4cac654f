"""Located values: what the read stage produces from every file format.

A located value is a plain value (scalar, mapping, sequence) that remembers where it came
from (file, line, column) and under which key path, spelled as in the file. Mappings keep
the author's key order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Union

from migrator.diagnostics import KeyPath, Location

ScalarValue = Union[str, int, float, bool, None]


@dataclass(frozen=True, slots=True)
class LScalar:
    value: ScalarValue
    loc: Location
    path: KeyPath
    # How the scalar was written: YAML style ("'", '"', "|", ">", "" for plain) or the
    # format name ("json", "toml", "ts"). With `raw` it lets offset_location() point
    # inside the scalar (a rule's error column in the file).
    style: str = ""
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class LEntry:
    key: str  # the key as a string (YAML `8080:` gives "8080")
    key_loc: Location
    value: "LNode"
    key_raw: Any = None  # the key as parsed (int 8080), when it was not a string


@dataclass(frozen=True, slots=True)
class LMap:
    entries: tuple[LEntry, ...]
    loc: Location
    path: KeyPath
    _index: dict[str, LEntry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Later duplicates win, as in every legacy deserializer; readers warn about them.
        index = {e.key: e for e in self.entries}
        object.__setattr__(self, "_index", index)

    def get(self, key: str) -> "LNode | None":
        entry = self._index.get(key)
        return entry.value if entry is not None else None

    def entry(self, key: str) -> LEntry | None:
        return self._index.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def keys(self) -> list[str]:
        return list(self._index)

    def items(self) -> Iterator[tuple[str, "LNode"]]:
        """Unique keys in first-seen order, each with its winning (last) value."""
        for key, entry in self._index.items():
            yield key, entry.value

    def __len__(self) -> int:
        return len(self._index)


@dataclass(frozen=True, slots=True)
class LSeq:
    items: tuple["LNode", ...]
    loc: Location
    path: KeyPath

    def __iter__(self) -> Iterator["LNode"]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


LNode = Union[LScalar, LMap, LSeq]


def to_plain(node: LNode | None) -> Any:
    """Strip locations: the value as a JSON-like Python structure."""
    if node is None:
        return None
    if isinstance(node, LScalar):
        return node.value
    if isinstance(node, LMap):
        return {k: to_plain(v) for k, v in node.items()}
    return [to_plain(v) for v in node.items]


def type_name(node: LNode | None) -> str:
    if node is None:
        return "nothing"
    if isinstance(node, LMap):
        return "a mapping"
    if isinstance(node, LSeq):
        return "a list"
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"
