"""Scanning TypeScript source as code: comments and string contents blanked, expressions
delimited by brackets, values found by position. Used by ts_literal to find and mask the
config spec literal of a getConfig.ts.

Every function here is linear in the text (issue 9: a file full of `compat.getConfig<`,
long blank runs and 1000 non-literal values each took minutes with the first versions).
"""

from __future__ import annotations

import re

IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
# After a newline at depth 0, these words start a new statement (no `;` needed in TS).
_STATEMENT = re.compile(r"(?:export|const|let|var|function|import|type|interface|class|"
                        r"async|return|if|for|while|declare|enum)\b")
_NON_SPACE = re.compile(r"\S")


def skip_space(code: str, i: int) -> int:
    while i < len(code) and code[i].isspace():
        i += 1
    return i


def blank_non_code(text: str) -> str:
    """`text` with comments and string/template contents replaced by spaces (newlines and
    quotes kept, `${...}` code kept), so brackets and words can be found by position."""
    out = list(text)
    i, n = 0, len(text)
    templates: list[int] = []  # brace depth at each open `${`
    depth = 0

    def blank(a: int, b: int) -> None:
        for j in range(a, min(b, n)):
            if out[j] != "\n":
                out[j] = " "

    def template_from(i: int) -> int:
        """Blank template text from i; returns where code resumes (after ` or ${)."""
        nonlocal depth
        while i < n and text[i] != "`":
            if text[i] == "\\":
                blank(i, i + 2)
                i += 2
            elif text.startswith("${", i):
                blank(i, i + 1)  # keep the `{`: brackets stay balanced
                templates.append(depth)
                depth += 1
                return i + 2
            else:
                blank(i, i + 1)
                i += 1
        return i + 1

    while i < n:
        special = _SPECIAL.search(text, i)  # jump over plain code in C speed
        if special is None:
            break
        i = special.start()
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            blank(i, end)
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            blank(i + 1, j)
            i = j + 1
        elif c == "`":
            i = template_from(i + 1)
        elif c == "}" and templates and templates[-1] == depth - 1:
            depth -= 1
            templates.pop()
            i = template_from(i + 1)
        else:  # `{`, `}`, or a `/` that starts no comment
            depth += (c == "{") - (c == "}")
            i += 1
    return "".join(out)


_SPECIAL = re.compile(r"[/\"'`{}]")


OPEN, CLOSE = "([{", ")]}"


def expression_end(code: str, start: int) -> tuple[int, int | None]:
    """(end of the expression starting at `start`, offset of an unbalanced bracket or None).

    The expression ends at a `,`, `;` or unmatched closing bracket at depth 0, or at a
    newline followed by a new statement. After `as` / `satisfies`, `<...>` are brackets
    too (`satisfies Record<string, Spec>`); elsewhere `<` may be a comparison."""
    stack: list[int] = []
    last = i = start
    in_type = False
    ahead = -1  # next non-space offset after the current run of whitespace (computed once
    # per run: matching `\s*` at every newline of a blank run was quadratic)
    while i < len(code):
        c = code[i]
        if c == "\n" and not stack and ahead <= i:
            found = _NON_SPACE.search(code, i)
            ahead = found.start() if found else len(code)
        if c in OPEN or (c == "<" and in_type):
            stack.append(i)
        elif c in CLOSE or (c == ">" and in_type and stack and code[stack[-1]] == "<"):
            if not stack:
                break
            if (OPEN + "<").index(code[stack[-1]]) != (CLOSE + ">").index(c):
                return last, i
            stack.pop()
        elif not stack and (c in ",;" or (c == "\n" and (ahead == len(code)
                                                        or _STATEMENT.match(code, ahead)))):
            break
        elif not stack and c in "as" and not IDENT.match(code[i - 1 : i]):
            word = IDENT.match(code, i)
            in_type = in_type or word.group() in ("as", "satisfies")
        if not c.isspace():
            last = i + 1
        i += 1
    return last, (stack[-1] if stack else None)


_LITERAL_WORDS = ("true", "false", "null", "undefined")


_VALUE_IDENT = re.compile(r"\s*([A-Za-z_$][A-Za-z0-9_$]*)")


def identifier_values(code: str) -> list[tuple[int, int]]:
    """Spans of the object member values and array items that start with an identifier (a
    variable, a call, a conditional): the regions the parse loop would mask one by one,
    since such a value fails at its first token. One linear scan of the blanked code."""
    regions: list[tuple[int, int]] = []
    frames: list[list] = []  # per open bracket: [kind, colon seen, inert, value start]
    for i, c in enumerate(code):
        if c in OPEN:
            # Brackets inside a value being masked (or inside one of its brackets) only
            # need balancing.
            inert = bool(frames) and (frames[-1][2] or frames[-1][3] is not None)
            frames.append([c, False, inert, None])
            if c == "[" and not inert:
                _value_start(code, i + 1, frames[-1])
        elif c in CLOSE:
            if frames:
                _end_value(code, i, frames.pop(), regions)
        elif frames and not frames[-1][2] and frames[-1][0] != "(":
            frame = frames[-1]
            if c == ",":
                _end_value(code, i, frame, regions)
                frame[1] = False
                if frame[0] == "[":
                    _value_start(code, i + 1, frame)
            elif c == ":" and frame[0] == "{" and not frame[1]:
                frame[1] = True
                _value_start(code, i + 1, frame)
    return regions


def _value_start(code: str, at: int, frame: list) -> None:
    word = _VALUE_IDENT.match(code, at)
    if word is not None and word.group(1) not in _LITERAL_WORDS:
        frame[3] = word.start(1)


def _end_value(code: str, end: int, frame: list, regions: list) -> None:
    if frame[3] is not None:
        trimmed = _trim(code, frame[3], end)
        if trimmed is not None:
            regions.append(trimmed)
        frame[3] = None


def deepest(code: str, start: int, end: int, limit: int) -> int | None:
    """The first bracket that opens level limit + 1, if any (checked before parsing, so
    the recursive builder stays shallow)."""
    depth = 0
    for i in range(start, end):
        c = code[i]
        if c in OPEN:
            depth += 1
            if depth > limit:
                return i
        elif c in CLOSE:
            depth -= 1
    return None


def enclosing_value(code: str, pos: int) -> tuple[int, int] | None:
    """The span of the innermost value (object member value or array item) containing
    `pos`; a problem in a key, a spread or a shorthand member takes the whole object."""
    stack: list[int] = []
    for i in range(min(pos, len(code))):
        if code[i] in OPEN:
            stack.append(i)
        elif code[i] in CLOSE and stack:
            stack.pop()
    if not stack:
        return _trim(code, 0, len(code))
    open_at = stack[-1]
    if code[open_at] == "(":
        return enclosing_value(code, open_at)
    start, end, colon = _element(code, open_at, pos)
    if code[open_at] == "{":
        if colon is None or pos <= colon:
            return enclosing_value(code, open_at)
        start = colon + 1
    return _trim(code, start, end)


def _element(code: str, open_at: int, pos: int) -> tuple[int, int, int | None]:
    """(start, end, first depth-0 colon) of the comma-separated element containing pos."""
    start, depth, i = open_at + 1, 0, open_at + 1
    end, colon = len(code), None
    while i < len(code):
        c = code[i]
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            if depth == 0:
                end = i
                break
            depth -= 1
        elif depth == 0 and c == ",":
            if i >= pos:
                end = i
                break
            start, colon = i + 1, None
        elif depth == 0 and c == ":" and colon is None:
            colon = i
        i += 1
    return start, end, colon


def _trim(code: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and code[a].isspace():
        a += 1
    while b > a and code[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None
