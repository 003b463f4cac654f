"""py_string: any text, however hostile, becomes an ASCII literal that evaluates to itself."""

import ast

import black
from hypothesis import given
from hypothesis import strategies as st

from migrator.emit.python.literals import py_string

HOSTILE = ['"""', "'''", '\\', '{x}', '{{', '\x00', '\u2028\u2029', '\ud800', '\udfff',
           '\u202e', 'f"{__import__(\'os\')}"', '\r\n', '#', 'a\\\nb']


@given(st.text())
def test_any_text_round_trips_through_an_ascii_literal(text):
    literal = py_string(text)
    assert literal.isascii() and literal.isprintable()
    assert ast.literal_eval(literal) == text


def test_hostile_strings_survive_black_and_evaluate_to_themselves():
    source = "".join(f"X{i} = {py_string(s)}\n" for i, s in enumerate(HOSTILE))
    formatted = black.format_str(source, mode=black.Mode())
    tree = ast.parse(formatted)
    values = [ast.literal_eval(node.value) for node in tree.body]
    assert values == HOSTILE
