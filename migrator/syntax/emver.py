"""emver versions and version ranges of the legacy OS (spec §3.1), grammar grammars/emver.lark.

The legacy parser (emver-rs, nom) never checked that it consumed the whole string, so we
parse the longest accepted prefix and turn the ignored rest into a warning (S202/S204):
the migrated package must behave like the legacy one did."""

from __future__ import annotations

import re

from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedInput, UnexpectedToken

from migrator.syntax.errors import GrammarError, SyntaxIssue, issue_at
from migrator.syntax.lark_cache import lark_parser

from migrator.syntax.emver_model import (  # noqa: F401 - the public model is re-exported
    MAX_GROUP_DEPTH,
    USIZE_MAX,
    Anchor,
    AnyRange,
    Caret,
    Conj,
    Disj,
    Hyphen,
    RangeExpr,
    Span,
    Tilde,
    Version,
    VersionRange,
    VersionTuple,
    Wildcard,
)
from migrator.syntax.emver_semantics import (  # noqa: F401 - re-exported API
    Interval,
    interval_contains,
    range_contains,
    range_to_intervals,
    _expr,
)

# --- parsing -------------------------------------------------------------------------------
_TERMINALS = {
    "VERSION": "a version",
    "WILDCARD": "a wildcard like 1.x",
    "STAR": "'*'",
    "OP": "a comparison (=, >=, <=, >, <, !=)",
    "CARET": "'^'",
    "TILDE": "'~'",
    "OR": "'||'",
    "DASH": "'-'",
    "LPAR": "'('",
    "RPAR": "')'",
    "WS": "a space",
    "$END": "the end of the text",
}
_BARE_VERSION = re.compile(r"[0-9]+(\.[0-9]+)*")


def _parser():
    return lark_parser(
        "emver.lark", start=("range", "version"), lexer="contextual", propagate_positions=True
    )


def _error_offset(text: str, exc: UnexpectedInput) -> int:
    if isinstance(exc, UnexpectedToken):
        return len(text) if exc.token.type == "$END" else exc.token.start_pos
    return getattr(exc, "pos_in_stream", None) or 0


def _expected(exc: UnexpectedInput) -> str:
    names = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ()
    shown = sorted({_TERMINALS.get(n, n) for n in names if not n.startswith("__")})
    return " or ".join(shown) if shown else "something else"


def _parse_prefix(text: str, start: str) -> tuple[Tree, int]:
    """Parse the longest prefix of `text` the grammar accepts; return (tree, end offset).

    Candidates are the token boundaries where the LALR state admits $END; each is
    confirmed by a real parse (LALR lookaheads can admit $END spuriously)."""
    parser = _parser()
    try:
        return parser.parse(text, start=start), len(text)
    except UnexpectedInput as exc:
        failure = exc
    candidates, prev_end, last_start = [], 0, -1
    interactive = parser.parse_interactive(text, start=start)
    try:
        for token in interactive.iter_parse():  # yields each token before feeding it
            if "$END" in interactive.choices():
                candidates.append(prev_end)
            prev_end, last_start = token.end_pos, token.start_pos
    except UnexpectedInput as exc:
        # The lexer failed after the last token was fed (not the parser on that token):
        # the state after it may accept the end.
        fed = not (isinstance(exc, UnexpectedToken) and exc.token.start_pos == last_start)
        if fed and "$END" in interactive.choices():
            candidates.append(prev_end)
    for end in reversed(candidates):
        try:
            return parser.parse(text[:end], start=start), end
        except UnexpectedInput:
            continue
    raise failure


def _number(digits: str, text: str, offset: int, code: str) -> int:
    # Rust usize::from_str; len check first: int() refuses > 4300 digits anyway
    value = int(digits) if len(digits.lstrip("0")) <= 20 else USIZE_MAX + 1
    if value > USIZE_MAX:
        raise GrammarError(
            issue_at(
                text, offset, code, f"version component {digits[:24]!r} does not fit in 64 bits"
            ),
            text,
        )
    return value


def _version_token(token: Token, text: str, code: str) -> Version:
    parts = token.value.split(".")
    if len(parts) > 4:
        raise GrammarError(
            issue_at(
                text,
                token.start_pos,
                "S208",
                f"version {token.value!r} has {len(parts)} components; emver allows at most 4",
                hint="emver is major.minor.patch.revision",
            ),
            text,
        )
    offset, numbers = token.start_pos, []
    for part in parts:
        numbers.append(_number(part, text, offset, code))
        offset += len(part) + 1
    return Version(*(numbers + [0, 0, 0])[:4], text=token.value)


def _trailing_issue(
    text: str, end: int, code: str, what: str, hint: str
) -> tuple[SyntaxIssue, ...]:
    rest = text[end:]
    if not rest.strip(" \t"):  # trailing spaces change nothing: no warning
        return ()
    message = (
        f"the legacy OS read only {text[:end][:40]!r} of this {what} and ignored {rest[:40]!r}"
    )
    return (issue_at(text, end, code, message, "warning", hint),)


def _version_hint(text: str) -> str | None:
    if not text.strip():
        return "write a version like 1.2.3"
    if text[:1] in " \t":
        return "remove the leading whitespace"
    if text[:1] in ("v", "V"):
        return f"remove the '{text[0]}' prefix: {text[1:]}"
    if text[:1] in ("=", "<", ">", "^", "~", "!"):
        return "this is a version, not a range: write it without an operator"
    return None


def parse_version(text: str) -> Version:
    """A legacy emver version; raises GrammarError (S201, S208)."""
    try:
        tree, end = _parse_prefix(text, "version")
    except UnexpectedInput as exc:
        offset = _error_offset(text, exc)
        raise GrammarError(
            issue_at(
                text,
                offset,
                "S201",
                f"invalid emver version {text[:40]!r}: " f"expected a version at offset {offset}",
                hint=_version_hint(text),
            ),
            text,
        ) from None
    except LarkError as exc:  # defensive: the grammar should only raise UnexpectedInput
        raise GrammarError(
            issue_at(text, 0, "S201", f"invalid emver version: {exc}"), text
        ) from None
    version = _version_token(tree.children[0], text, "S201")
    hint = "emver has no pre-release or build tags"
    warnings = _trailing_issue(text, end, "S202", "version", hint)
    return Version(*version.as_tuple(), text=version.text, warnings=warnings)


def _check_depth(text: str) -> None:
    depth = 0
    for offset, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth > MAX_GROUP_DEPTH:
            raise GrammarError(
                issue_at(text, offset, "S203", f"parentheses nest deeper than {MAX_GROUP_DEPTH}"),
                text,
            )


def _range_error_hint(text: str, offset: int) -> str | None:
    stripped = text.strip()
    if not stripped:
        return "use '*' to accept any version"
    if _BARE_VERSION.fullmatch(stripped):
        return f"a bare version is not a range: use ={stripped}"
    if text[:1] in " \t":
        return "remove the leading whitespace"
    before = text[:offset].rstrip(" \t")
    if offset < len(text) and text[offset] in " \t" and before[-1:] in ("=", "<", ">", "^", "~"):
        op = re.search(r"(>=|<=|!=|[=<>^~])$", before).group(1)
        version = text[offset:].lstrip(" \t")[:40]
        return f"no space is allowed after {op!r}: write {op}{version}"
    if "&&" in text:
        return "emver has no '&&': separate the conditions with a space"
    if re.search(r"[0-9]\.X", text):
        return "the wildcard is a lowercase 'x'"
    if "*" in text:
        return "'*' is only valid as the whole range (or alone in parentheses)"
    if text[offset : offset + 1] == "!":
        return "emver has no '!' operator (only '!=')"
    if text[offset : offset + 1] in ("v", "V"):
        return "remove the 'v' prefix"
    return None


def parse_range(text: str) -> VersionRange:
    """A legacy emver range; raises only GrammarError (S203, S208), warns S204."""
    _check_depth(text)
    try:
        tree, end = _parse_prefix(text, "range")
    except UnexpectedInput as exc:
        offset = _error_offset(text, exc)
        found = repr(text[offset : offset + 12]) if offset < len(text) else "the end of the text"
        raise GrammarError(
            issue_at(
                text,
                offset,
                "S203",
                f"invalid emver range: unexpected {found}, expected {_expected(exc)}",
                hint=_range_error_hint(text, offset),
            ),
            text,
        ) from None
    except LarkError as exc:  # defensive: the grammar should only raise UnexpectedInput
        raise GrammarError(issue_at(text, 0, "S203", f"invalid emver range: {exc}"), text) from None
    expr = _build(tree, text)
    hint = _trailing_hint(expr, text[:end], text[end:].lstrip(" \t"))
    return VersionRange(expr, text, _trailing_issue(text, end, "S204", "range", hint))


def _trailing_hint(expr: RangeExpr, read: str, rest: str) -> str:
    if isinstance(expr, AnyRange):
        return "'*' matches every version; nothing after it was ever read"
    if rest.startswith("&&"):
        return f"emver has no '&&': write the conditions separated by a space ({read} {rest[2:].strip()})"
    if rest[:1] in ("<", ">", "=", "!", "^", "~"):
        return f"the conditions need a space between them: {read} {rest}"
    if rest.startswith(".x"):
        return "a wildcard ends in a single '.x' and stands alone (1.2.x), never after an operator"
    if rest.startswith("-"):
        return "emver has no pre-release tags; remove the suffix"
    return "remove the text the legacy OS ignored"


def _build(tree: Tree, text: str) -> RangeExpr:
    kind = str(tree.data)
    span = (tree.meta.start_pos, tree.meta.end_pos) if not tree.meta.empty else (0, 0)
    subtrees = [child for child in tree.children if isinstance(child, Tree)]
    tokens = [child for child in tree.children if isinstance(child, Token)]
    if kind == "range":
        return _build(subtrees[0], text)
    if kind == "group":
        return _build(subtrees[0], text)
    if kind in ("disj", "conj"):
        items = tuple(_build(child, text) for child in subtrees)
        if len(items) == 1:
            return items[0]
        return Disj(items, span) if kind == "disj" else Conj(items, span)
    if kind == "any_range":
        return AnyRange(span)
    if kind == "wildcard":
        numbers = tokens[0].value[:-2].split(".")
        return Wildcard(tuple(_number(n, text, tokens[0].start_pos, "S203") for n in numbers), span)
    versions = [_version_token(t, text, "S203") for t in tokens if t.type == "VERSION"]
    if kind == "anchor":
        return Anchor(tokens[0].value, versions[0], span)
    if kind == "caret":
        return Caret(versions[0], span)
    if kind == "tilde":
        return Tilde(versions[0], span)
    return Hyphen(versions[0], versions[1], span)  # kind == "hyphen"


# --- display -------------------------------------------------------------------------------
def range_to_str(rng: VersionRange | RangeExpr) -> str:
    """Legacy display form; adds the parentheses the AST needs so that it parses back."""
    return _show(_expr(rng), None)


def _show(node: RangeExpr, parent: str | None) -> str:
    if isinstance(node, AnyRange):
        return "*" if parent is None else "(*)"  # '*' is only valid alone or as a group
    if isinstance(node, Anchor):
        return f"{node.op}{node.version}"
    if isinstance(node, Caret):
        return f"^{node.version}"
    if isinstance(node, Tilde):
        return "~" + ".".join(map(str, node.version.as_tuple()[: node.components]))
    if isinstance(node, Wildcard):
        return ".".join(map(str, node.parts)) + ".x"
    if isinstance(node, Hyphen):
        return f"{node.low} - {node.high}"
    kind = "conj" if isinstance(node, Conj) else "disj"
    body = (" " if kind == "conj" else " || ").join(_show(item, kind) for item in node.items)
    needs_group = parent == "conj" or (parent == "disj" and kind == "disj")
    return f"({body})" if needs_group else body
