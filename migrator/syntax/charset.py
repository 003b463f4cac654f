"""Entropy charsets of the legacy config spec (spec §4.10), grammar grammars/charset.lark."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedInput, UnexpectedToken

from migrator.syntax.errors import GrammarError, SyntaxIssue, issue_at
from migrator.syntax.lark_cache import lark_parser


@dataclass(frozen=True)
class CharRange:
    start: str
    end: str  # == start for a single character

    def chars(self) -> str:
        return "".join(map(chr, range(ord(self.start), ord(self.end) + 1)))


@dataclass(frozen=True)
class CharSet:
    ranges: tuple[CharRange, ...]
    text: str
    warnings: tuple[SyntaxIssue, ...] = ()

    @cached_property
    def _chars(self) -> str:
        # dict keeps first-seen order: overlapping ranges list a character once
        return "".join(dict.fromkeys(c for r in self.ranges for c in r.chars()))

    def chars(self) -> str:
        """Every character in the set, in order of appearance, without duplicates."""
        return self._chars

    def __len__(self) -> int:
        return len(self._chars)

    def __contains__(self, char: object) -> bool:
        return isinstance(char, str) and len(char) == 1 and char in self._chars

    def __str__(self) -> str:
        return ",".join(r.start if r.start == r.end else f"{r.start}-{r.end}" for r in self.ranges)


# The legacy default when a `{len}` default has no charset: '!'..'~', the 94 printable ASCII.
DEFAULT_CHARSET = CharSet((CharRange("!", "~"),), "!-~")


def _error(text: str, offset: int, message: str, hint: str | None = None) -> GrammarError:
    return GrammarError(issue_at(text, offset, "S206", message, hint=hint), text)


def _syntax_error(text: str, exc: UnexpectedInput) -> GrammarError:
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        offset = len(text)
    elif isinstance(exc, UnexpectedToken):
        offset = exc.token.start_pos
    else:
        offset = getattr(exc, "pos_in_stream", 0) or 0
    char = text[offset : offset + 1]
    if char.isspace() or text[offset - 1 : offset].isspace():
        hint = "whitespace is a literal character here: remove it (e.g. 'a-z,A-Z')"
    elif char == "-":
        hint = "a range has one '-' between two characters, e.g. 'a-z'"
    else:
        hint = "separate items with ',': single characters or ranges like 'a-z'"
    return _error(
        text, offset, f"invalid charset {text[:40]!r}: unexpected {char!r} at offset {offset}", hint
    )


def _range(tree: Tree, text: str) -> CharRange:
    start, _dash, end = tree.children
    if not end.value.isascii():  # the legacy check, kept for identical acceptance
        raise _error(text, end.start_pos, f"range end {end.value!r} is not an ASCII character")
    if start.value >= end.value:
        raise _error(
            text,
            start.start_pos,
            f"range {start.value}-{end.value} is empty: the first character must come "
            f"before the second (code points {ord(start.value)} >= {ord(end.value)})",
            (
                f"write the single character {start.value!r}"
                if start.value == end.value
                else f"write {end.value}-{start.value}" if start.value.isascii() else None
            ),
        )
    return CharRange(start.value, end.value)


def parse_charset(text: str) -> CharSet:
    """Raises GrammarError (S206); warns S213 for a trailing '-' the legacy OS dropped."""
    try:
        tree = lark_parser("charset.lark").parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc) from None
    except LarkError as exc:  # defensive: the grammar should only raise UnexpectedInput
        raise _error(text, 0, f"invalid charset: {exc}") from None
    ranges: list[CharRange] = []
    warnings: list[SyntaxIssue] = []
    for node in tree.children:
        if isinstance(node, Token):  # a separating ','
            continue
        if node.data == "last":
            node = node.children[0]
        if node.data == "range":
            ranges.append(_range(node, text))
        else:  # single, or dangling "c-" which the legacy OS read as the single c
            char = node.children[0]
            ranges.append(CharRange(char.value, char.value))
            if node.data == "dangling":
                warnings.append(
                    issue_at(
                        text,
                        len(text) - 1,
                        "S213",
                        f"the trailing '-' was ignored: this item is just {char.value!r}",
                        "warning",
                        f"to include '-' write {text[:-1]},-",
                    )
                )
    if not ranges:
        raise _error(
            text,
            0,
            "empty charset: no character to generate from",
            "omit `charset` for the default '!-~' or list characters like 'a-z,0-9'",
        )
    return CharSet(tuple(ranges), text, tuple(warnings))
