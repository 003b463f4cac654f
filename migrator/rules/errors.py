"""RuleSyntaxError, the issue reporter of one parse, and readable Lark error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, NoReturn

from lark import Lark, Token
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from migrator.diagnostics.codes import check_code
from migrator.syntax.errors import GrammarError, SyntaxIssue, issue_at

# Superset constructs: warnings in non-strict mode, errors in strict mode. (D308, `to: true`,
# is legal legacy syntax, so it stays a warning in strict mode too.)
STRICT_FATAL = frozenset({"D303", "D304", "D305", "D310"})


class RuleSyntaxError(GrammarError):
    """A rule text the legacy parser (or our typing of it) rejects.

    line/column are 1-based inside the rule text; the caller, who knows where the rule
    sits in its YAML file, attaches the file position with with_file_position()."""

    def __init__(
        self,
        issue: SyntaxIssue,
        text: str = "",
        *,
        file: str | None = None,
        file_line: int | None = None,
        file_column: int | None = None,
    ):
        super().__init__(issue, text)
        self.file = file
        self.file_line = file_line
        self.file_column = file_column

    def with_file_position(
        self, file: str | None, line: int | None, column: int | None
    ) -> RuleSyntaxError:
        return RuleSyntaxError(self.issue, self.text, file=file, file_line=line, file_column=column)

    def __str__(self) -> str:
        where = f"{self.issue.line}:{self.issue.column}"
        if self.file is not None:
            where = f"{self.file}:{self.file_line}:{self.file_column}"
        hint = f" (hint: {self.issue.hint})" if self.issue.hint else ""
        return f"{where}: {self.issue.code} {self.issue.message}{hint}"

    def __reduce__(self):  # keep pickling working despite the keyword-only arguments
        return (_rebuild, (self.issue, self.text, self.file, self.file_line, self.file_column))


def _rebuild(issue, text, file, line, column) -> RuleSyntaxError:
    return RuleSyntaxError(issue, text, file=file, file_line=line, file_column=column)


@dataclass
class Reporter:
    """Collects the warnings of one parse and raises its errors.

    Offsets are in `text`, the caller's original text (newline normalisation keeps the
    length, so offsets in the normalised text are valid here too)."""

    text: str
    strict: bool
    warnings: list[SyntaxIssue] = field(default_factory=list)

    def error(self, offset: int, code: str, message: str, hint: str | None = None) -> NoReturn:
        check_code(code)
        raise RuleSyntaxError(issue_at(self.text, offset, code, message, "error", hint), self.text)

    def warn(self, offset: int, code: str, message: str, hint: str | None = None) -> None:
        if self.strict and code in STRICT_FATAL:
            self.error(offset, code, message, hint)
        check_code(code)
        self.warnings.append(issue_at(self.text, offset, code, message, "warning", hint))


# ------------------------------------------------------------------ Lark errors → D301

_SPELLING = {
    "NAME": "a name",
    "INDEX": "an index",
    "NUMBER": "a number",
    "STRING": "a string",
    "CMP_OP": "a comparison operator",
    "NOT_LPAR": '"!("',
    "LPAR": '"("',
    "RPAR": '")"',
    "LSQB": '"["',
    "RSQB": '"]"',
    "DOT": '"."',
    "QMARK": '"?"',
    "HASH": '"#"',
    "QUOTE": '"\'"',
    "STAR": '"*"',
    "AMP": '"&"',
    "PLUS": '"+"',
    "MINUS": '"-"',
    "SLASH": '"/"',
    "CARET": '"^"',
    "ARROW": '"=>"',
    "AND": '"AND"',
    "OR": '"OR"',
    "XOR": '"XOR"',
    "FROM": '"FROM"',
    "AS": '"AS"',
    "WHERE": '"WHERE"',
    "FIRST": '"first"',
    "LAST": '"last"',
    "ANY": '"any"',
    "ALL": '"all"',
    "$END": "end of input",
}
# Terminal groups spelled as one phrase, largest first.
_GROUPS = (
    (
        frozenset({"NAME", "LSQB", "NUMBER", "STRING", "HASH", "QUOTE", "LPAR", "NOT_LPAR"}),
        "an expression",
    ),
    (frozenset({"FIRST", "LAST", "ANY", "ALL"}), "first/last/any/all"),
    (frozenset({"PLUS", "MINUS", "STAR", "SLASH", "CARET"}), "an arithmetic operator"),
    (frozenset({"AND", "OR", "XOR"}), "AND/OR/XOR"),
)
# After "x?" the untyped grammar would also allow a comparison or arithmetic, which the
# typing pass rejects anyway: do not suggest them.
_NOT_AFTER_BOOLEAN = frozenset({"CMP_OP", "PLUS", "MINUS", "STAR", "SLASH", "CARET"})
_ORDER = {name: i for i, name in enumerate(_SPELLING)}
_ESCAPES = "nrt\\0\"'"
_WORD_OPERATORS = {"and", "or", "xor", "not", "And", "Or", "Xor", "Not"}


def expected_phrase(names: set[str] | frozenset[str]) -> str:
    """'"(", a number or end of input' for a set of terminal names."""
    left = set(names)
    phrases: list[tuple[int, str]] = []
    for group, phrase in _GROUPS:
        if group <= left:
            phrases.append((min(_ORDER[n] for n in group), phrase))
            left -= group
    phrases += [(_ORDER.get(n, len(_ORDER)), _SPELLING.get(n, n)) for n in left]
    words = [p for _, p in sorted(phrases)]
    if not words:
        return "nothing"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _describe(value: str) -> str:
    """A token or character for a message: `"="`, `string "x"`, `number 12`."""
    short = value if len(value) <= 24 else value[:21] + "..."
    if isinstance(value, Token) and value.type == "STRING":
        return f"string {short}"
    if isinstance(value, Token) and value.type == "NUMBER":
        return f"number {short}"
    return f'"{short}"'


def _previous_char(text: str, offset: int) -> str:
    before = text[:offset].rstrip(" \t")
    return before[-1] if before else ""


def raise_lark_error(rep: Reporter, text: str, lark: Lark, start: str, exc: LarkError) -> NoReturn:
    """Translate a Lark exception on `text` (the normalised text) into D301."""
    if isinstance(exc, UnexpectedCharacters):
        offset = exc.pos_in_stream
        _unexpected_character(rep, text, offset, _expected(lark, start, text[:offset], exc.allowed))
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        # Lark's $END borrows the position of the last token; the input ends after it.
        offset = len(text) if token.type == "$END" else token.start_pos or 0
        _unexpected_token(
            rep, text, offset, token, _expected(lark, start, text[:offset], exc.expected)
        )
    if isinstance(exc, UnexpectedEOF):
        rep.error(
            len(text.rstrip(" \t")),
            "D301",
            "unexpected end of input, expected "
            f"{expected_phrase(_expected(lark, start, text, exc.expected))}",
        )
    rep.error(0, "D301", f"cannot parse rule: {exc}")


def _expected(lark: Lark, start: str, prefix: str, reported: Iterable[str] | None) -> set[str]:
    """The terminals that can really follow `prefix`.

    Lark reports the lookahead set of the LALR state it stopped in, which is wrong twice:
    LALR merges the follow sets of unrelated contexts (e.g. "AS" or "]" after a path at
    the top of a rule), and the offending token may already have triggered reductions
    (after `x?` followed by "]" only OR is left). Re-running the parser on the prefix and
    asking the interactive parser to try every terminal gives the exact set."""
    fallback = set(reported or ())
    try:
        parser = lark.parse_interactive(prefix, start=start)
        parser.exhaust_lexer()
        return set(parser.accepts()) or fallback
    except LarkError:
        return fallback


def _plausible(text: str, offset: int, expected: set[str]) -> set[str]:
    if _previous_char(text, offset) == "?" and expected - _NOT_AFTER_BOOLEAN:
        return expected - _NOT_AFTER_BOOLEAN
    return expected


def _unexpected_character(rep: Reporter, text: str, offset: int, allowed: set[str]) -> NoReturn:
    char = text[offset] if offset < len(text) else ""
    allowed = _plausible(text, offset, allowed)
    if char == "!":
        rep.error(
            offset,
            "D301",
            'unexpected "!": negation is written "!(" with no space '
            "and only applies to a parenthesised expression",
            hint="write !( … )",
        )
    if char == '"' and "STRING" in allowed:
        _bad_string(rep, text, offset)
    if text.startswith(("&&", "||"), offset):
        rep.error(
            offset,
            "D301",
            f'unexpected "{text[offset:offset + 2]}"',
            hint="boolean operators are the words AND, OR, XOR",
        )
    if char == "_":
        rep.error(
            offset,
            "D301",
            'unexpected "_": names cannot contain "_"',
            hint='write a later key as a computed key: a.["my_key"] (the first key of '
            "a path cannot be written)",
        )
    rep.error(
        offset,
        "D301",
        f"unexpected character {_describe(char)}, expected {expected_phrase(allowed)}",
    )


def _bad_string(rep: Reporter, text: str, offset: int) -> NoReturn:
    i = offset + 1
    while i < len(text):
        if text[i] == '"':
            break
        if text[i] == "\\":
            if i + 1 < len(text) and text[i + 1] in _ESCAPES:
                i += 2
                continue
            bad = text[i : i + 2]
            rep.error(
                i,
                "D301",
                f"invalid escape {_describe(bad)} in string",
                hint="the only escapes are \\n \\r \\t \\\\ \\0 \\\" \\'",
            )
        i += 1
    rep.error(offset, "D301", "unterminated string (missing closing '\"')")


def _unexpected_token(
    rep: Reporter, text: str, offset: int, token: Token, expected: set[str]
) -> NoReturn:
    expected = _plausible(text, offset, expected)
    if token.type == "$END":
        rep.error(
            len(text.rstrip(" \t")),
            "D301",
            f"unexpected end of input, expected {expected_phrase(expected)}",
        )
    if token.type == "CMP_OP" and "AND" in expected:
        rep.error(
            offset,
            "D301",
            f"unexpected {_describe(token)} (the legacy grammar has "
            "exactly one comparison per term)",
            hint="combine comparisons with AND/OR/XOR: (a < b) AND (b < c)",
        )
    previous = _previous_char(text, offset)
    if previous in ("#", "'") and expected <= {"NAME", "LSQB"}:
        rep.error(
            offset,
            "D301",
            f'expected a path after "{previous}" sigil, found {_describe(token)}',
        )
    if token.type == "NAME" and token.value in _WORD_OPERATORS:
        rep.error(
            offset,
            "D301",
            f"unexpected {_describe(token)}, expected {expected_phrase(expected)}",
            hint="boolean operators are the upper-case words AND, OR, XOR; negation is !( … )",
        )
    if token.type == "DOT" and "NUMBER" in expected and text[offset + 1 : offset + 2].isdigit():
        rep.error(
            offset,
            "D301",
            f'unexpected ".", expected {expected_phrase(expected)}',
            hint="a number needs a digit before the point (0.5, not .5)",
        )
    if token.type == "QUOTE" and "QUOTE" not in expected:
        rep.error(
            offset,
            "D301",
            f"unexpected {_describe(token)}, expected {expected_phrase(expected)}",
            hint='string literals use double quotes ("x"); \' is the string sigil of '
            "a path ('a.b)",
        )
    if token.type == "LPAR" and text[:offset].rstrip(" \t").endswith(("not", "NOT", "Not")):
        rep.error(
            offset,
            "D301",
            f"unexpected {_describe(token)} after a name",
            hint="negation is written !( … )",
        )
    if token.type == "AMP" and text.startswith("&&", offset):
        rep.error(
            offset, "D301", 'unexpected "&&"', hint="boolean operators are the words AND, OR, XOR"
        )
    rep.error(
        offset, "D301", f"unexpected {_describe(token)}, expected {expected_phrase(expected)}"
    )
