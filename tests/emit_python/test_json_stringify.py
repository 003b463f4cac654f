"""startos_sdk.json.stringify is JSON.stringify(x, null, 2) byte for byte: drawn values
(floats of every magnitude, ints beyond 2**53, -0.0, strings with control characters, lone
and paired surrogates, U+2028/9, objects with integer-like keys in any order) are stringified
by node in one run and compared with the Python text."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from startos_sdk.json import is_array_index, number_text, stringify
from tests import tsharness

SCRIPT = """
import fs from 'fs'
const [, , , input, output] = process.argv
const values = JSON.parse(fs.readFileSync(input, 'utf8'))
fs.writeFileSync(output, JSON.stringify(values.map((v) => JSON.stringify(v, null, 2))))
"""

keys = st.one_of(st.sampled_from(["0", "1", "10", "2", "01", "-1", "1.5", "4294967294",
                                  "4294967295", "99999999999", "a", "__proto__", "b", ""]),
                 st.text(max_size=4))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=8),
                    st.sampled_from(["\ud800", "\udfff", "\ud83d\ude00", "\u2028\u2029",
                                     "\x00\x1f\x7f", '"\\/']))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=12)


@settings(max_examples=1, deadline=None, derandomize=True,
          phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=st.lists(values, min_size=300, max_size=300))
def test_stringify_equals_node(batch):
    tsharness.ensure_toolchain()
    fixed = [1e21, 1e-7, 123456789012345678901234, 0.1 + 0.2, 5e-324, -0.0, 1.0, 2**53 + 1,
             {"b": 1, "10": 2, "2": 3, "a": {"0": [], "x": {}}}]
    assert tsharness.node_json(SCRIPT, fixed + batch) == [stringify(v) for v in fixed + batch]


def test_number_text_and_key_order_cases():
    assert [number_text(x) for x in (1e21, 1e20, 1.5e-7, 1e-6, -0.0, float("nan"))] == \
        ["1e+21", "100000000000000000000", "1.5e-7", "0.000001", "0", "null"]
    assert [k for k in ("0", "42", "01", "-1", "4294967295", "x") if is_array_index(k)] == \
        ["0", "42"]
