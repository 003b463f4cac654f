"""The one way a legacy string (or any text) becomes a Python literal in generated code.

Every string the Python emitter writes goes through `py_string`. The literal is plain ASCII
source: quotes, backslashes and every character that is not printable ASCII are escaped, so
a legacy string can never end the literal, start an f-string field (no `f` prefix is ever
written, so `{}` is inert), break a line (CR, LF, U+2028/9), or smuggle a lone surrogate
(which UTF-8 source cannot hold) or a bidi control into the file. `ast.literal_eval` of the
result is the input, always.
"""

from __future__ import annotations

_SIMPLE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _SIMPLE:
        return _SIMPLE[ch]
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return ch
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def py_string(text: str) -> str:
    """A double-quoted Python string literal whose value is `text` (black keeps the quotes)."""
    return '"' + "".join(map(_escape, text)) + '"'
