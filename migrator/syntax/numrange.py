"""Number ranges of the legacy config spec (spec §4.10), grammar grammars/numrange.lark.

`NumRange<f64>` bounds `number` values; `NumRange<usize>` (integer=True) bounds list lengths."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedInput, UnexpectedToken

from migrator.syntax.errors import GrammarError, SyntaxIssue, issue_at
from migrator.syntax.lark_cache import lark_parser

USIZE_MAX = 2**64 - 1
_USIZE = re.compile(r"\+?[0-9]+")  # Rust usize::from_str: optional '+', ASCII digits


@dataclass(frozen=True)
class Bound:
    value: float | int
    inclusive: bool


@dataclass(frozen=True)
class NumRange:
    low: Bound | None  # None = unbounded
    high: Bound | None
    text: str
    integer: bool = False
    warnings: tuple[SyntaxIssue, ...] = ()

    def contains(self, x: float | int) -> bool:
        low, high = self.low, self.high
        if low is not None and not (x >= low.value if low.inclusive else x > low.value):
            return False
        if high is not None and not (x <= high.value if high.inclusive else x < high.value):
            return False
        return True

    def __contains__(self, x: float | int) -> bool:
        return self.contains(x)

    def __str__(self) -> str:
        """Legacy display form: `(*,` / `[n,` / `(n,` then `*)` / `n]` / `n)`."""
        low = (
            "(*"
            if self.low is None
            else ("[" if self.low.inclusive else "(") + format_number(self.low.value)
        )
        high = (
            "*)"
            if self.high is None
            else format_number(self.high.value) + ("]" if self.high.inclusive else ")")
        )
        return f"{low},{high}"


def format_number(value: float | int) -> str:
    """Like Rust's f64 Display: never an exponent, integral values without '.0'."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")  # repr is the shortest exact form


_HINTS = {
    "[*": "an unbounded low end is written '(*', e.g. (*,10]",
    "*]": "an unbounded high end is written '*)', e.g. [0,*)",
}


def _error(text: str, offset: int, message: str, hint: str | None = None) -> GrammarError:
    return GrammarError(issue_at(text, offset, "S205", message, hint=hint), text)


def _syntax_error(text: str, exc: UnexpectedInput) -> GrammarError:
    if isinstance(exc, UnexpectedToken):
        offset = len(text) if exc.token.type == "$END" else exc.token.start_pos
    else:
        offset = getattr(exc, "pos_in_stream", 0) or 0
    compact = re.sub(r"\s+", "", text)
    hint = next((h for key, h in _HINTS.items() if key in compact), None)
    if hint is None and re.search(r"\(\s+\*|\*\s+\)", text):
        hint = "an unbounded side is written '(*' or '*)' with no space inside"
    if hint is None and compact[:1] not in ("[", "("):
        hint = "a range starts with '[' (inclusive) or '(' (exclusive), e.g. [0,65535]"
    elif hint is None and compact[-1:] not in ("]", ")"):
        hint = "a range ends with ']' (inclusive) or ')' (exclusive), e.g. [0,*)"
    elif hint is None and compact.count(",") > 1:
        hint = "a range has exactly one ',' between its two ends"
    found = repr(text[offset : offset + 12]) if offset < len(text) else "the end of the text"
    return _error(text, offset, f"invalid number range {text[:40]!r}: unexpected {found}", hint)


def _number(token: Token, text: str, integer: bool) -> float | int:
    literal = token.value
    if not integer:
        return float(literal)  # the grammar only admits Rust f64 literals; float() agrees on them
    if not _USIZE.fullmatch(literal):
        raise _error(
            text,
            token.start_pos,
            f"list length bound {literal!r} is not a non-negative integer",
            "list ranges count items: use whole numbers like [0,*)",
        )
    digits = literal.lstrip("+")
    value = int(digits) if len(digits.lstrip("0")) <= 20 else USIZE_MAX + 1
    if value > USIZE_MAX:
        raise _error(
            text, token.start_pos, f"list length bound {literal[:24]!r} does not fit in 64 bits"
        )
    return value


def _bound(tree: Tree, text: str, integer: bool) -> tuple[Bound | None, Token | None]:
    kind = str(tree.data)
    if kind.endswith("unbounded"):
        return None, None
    number = next(t for t in tree.children if t.type == "NUMBER")
    return Bound(_number(number, text, integer), kind.endswith("inclusive")), number


def _is_empty(low: Bound, high: Bound, integer: bool) -> bool:
    if integer:  # on whole numbers (0,1) is empty too
        lo = low.value if low.inclusive else low.value + 1
        hi = high.value if high.inclusive else high.value - 1
        return lo > hi
    if low.value == high.value:
        return not (low.inclusive and high.inclusive)
    return low.value > high.value


def parse_numrange(text: str, *, integer: bool = False) -> NumRange:
    """Raises GrammarError (S205); warns S209 (inf/NaN bound) and S210 (outer whitespace)."""
    try:
        tree = lark_parser("numrange.lark", lexer="contextual").parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc) from None
    except LarkError as exc:  # defensive: the grammar should only raise UnexpectedInput
        raise _error(text, 0, f"invalid number range: {exc}") from None
    sides = [child for child in tree.children if isinstance(child, Tree)]
    low, low_token = _bound(sides[0], text, integer)
    high, high_token = _bound(sides[1], text, integer) if len(sides) > 1 else (None, None)
    warnings: list[SyntaxIssue] = []
    if text != text.strip():
        warnings.append(
            issue_at(
                text,
                0,
                "S210",
                "whitespace around the number range; it is "
                "ignored here but the legacy OS may have rejected it",
                "warning",
                f"write {text.strip()!r}",
            )
        )
    for bound, token in ((low, low_token), (high, high_token)):
        if bound is not None and not math.isfinite(bound.value):
            warnings.append(
                issue_at(
                    text,
                    token.start_pos,
                    "S209",
                    f"bound {token.value!r} is not a finite number",
                    "warning",
                    (
                        "use '(*' or '*)' for an unbounded side"
                        if math.isinf(bound.value)
                        else "NaN compares false: no value can satisfy this range"
                    ),
                )
            )
    if low is not None and high is not None and _is_empty(low, high, integer):
        hint = (
            "write the smaller bound first, e.g. [0,10]"
            if low.value > high.value
            else "use inclusive ends, e.g. [n,n] to allow exactly n"
        )
        raise _error(
            text,
            low_token.start_pos,
            f"number range {text[:40]!r} is empty: no value lies between its ends",
            hint,
        )
    return NumRange(low, high, text, integer, tuple(warnings))
