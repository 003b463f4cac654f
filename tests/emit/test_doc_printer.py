"""The document printer against prettier's own `printDocToString` and `getStringWidth`."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrator.emit.typescript import doc as d
from tests import tsharness

# -------------------------------------------------------------- semantics, by example


def test_group_stays_flat_when_it_fits_and_breaks_every_line_otherwise():
    doc = d.group(["f(", d.indent([d.softline, d.join([",", d.line], ["a", "b"])]), d.softline,
                   ")"])
    assert d.render(doc, 80) == "f(a, b)"
    assert d.render(doc, 5) == "f(\n  a,\n  b\n)"


def test_hardline_breaks_every_enclosing_group():
    inner = d.group(["[", d.indent([d.softline, "x", d.hardline, "y"]), d.softline, "]"])
    outer = d.group(["(", d.indent([d.softline, inner]), d.softline, ")"])
    assert d.render(outer) == "(\n  [\n    x\n    y\n  ]\n)"


def test_conditional_group_stops_break_propagation():
    hugged = d.group(["{", d.indent([d.hardline, "a"]), d.hardline, "}"])
    states = d.conditional_group([["(", hugged, ")"], ["(", d.indent([d.line, hugged]), ")"]])
    outer = d.group(["call", states, d.line, "tail"])
    # the hard line breaks `hugged` but not the conditional group nor (without break_parent)
    # the outer group, whose line stays flat
    assert d.render(outer) == "call({\n  a\n}) tail"


def test_fits_looks_past_the_group_up_to_the_next_possible_break():
    doc = [d.group(["aaaa", d.line, "bbbb"]), "cccc", d.line, "dddd"]
    assert d.render(d.group(doc), 12) == "aaaa\nbbbbcccc\ndddd"
    assert d.render(doc, 12) == "aaaa\nbbbbcccc\ndddd"


def test_if_break_follows_a_named_group():
    gid = d.GroupId()
    doc = [d.group(["x", d.line, "y"], id=gid), d.if_break("!", "?", group_id=gid)]
    assert d.render(doc, 80) == "x y?"
    assert d.render(doc, 2) == "x\ny!"


def test_indent_if_break_and_trailing_blank_trimming():
    gid = d.GroupId()
    doc = d.group(["a =", d.group(d.indent(d.line), id=gid),
                   d.indent_if_break(["b", d.hardline, "c"], gid)])
    assert d.render(doc, 80) == "a = b\nc"
    assert d.render(doc, 3) == "a =\n  b\n  c"


def test_fill_packs_as_many_items_per_line_as_fit():
    parts = []
    for i in range(10):
        parts += [f"{i}{i}", d.line]
    doc = d.group(["[", d.indent([d.softline, d.fill(parts[:-1])]), d.softline, "]"])
    assert d.render(doc, 14) == "[\n  00 11 22 33\n  44 55 66 77\n  88 99\n]"


def test_text_rejects_line_breaks_and_width_counts_wide_characters():
    with pytest.raises(ValueError):
        d.text("a\nb")
    assert d.display_width("abc") == 3
    assert d.display_width("中文") == 4
    assert d.display_width("e\u0301") == 1


def test_will_break_can_break_and_remove_lines():
    soft = d.group(["a", d.line, "b"])
    assert not d.will_break(soft) and d.can_break(soft)
    assert d.will_break(["x", d.hardline]) and d.will_break(d.group("x", should_break=True))
    assert d.render(d.remove_lines(d.group(["a", d.line, "b", d.softline, "c"])), 1) == "a bc"


# ------------------------------------------------------------ agreement with prettier

_WORDS = st.sampled_from(["a", "bb", "ccc", "dddd", "eeeee", "x" * 12, "y" * 30, "中文字",
                          "é", "👍", "a b"])


def _docs():
    # words outweigh lines so that documents have something to lay out
    leaves = st.one_of(
        _WORDS, _WORDS, _WORDS, st.sampled_from([d.line, d.softline, d.line]),
        st.sampled_from([d.hardline, d.break_parent, ""]))
    tree = st.recursive(leaves, _composite, max_leaves=30)
    return st.lists(tree, min_size=2, max_size=8)


def _composite(children):
    gids = st.sampled_from([None, _GIDS[0], _GIDS[1], _GIDS[2]])
    return st.one_of(
        st.lists(children, min_size=1, max_size=5),
        st.builds(lambda c, b, g: d.group(c, should_break=b, id=g), children,
                  st.sampled_from([False, False, False, True]), gids),
        st.builds(d.indent, children),
        st.builds(lambda a, b, g: d.if_break(a, b, g), children, children, gids),
        st.builds(lambda c, g: d.indent_if_break(c, g), children, st.sampled_from(_GIDS)),
        st.builds(lambda xs: d.fill(_alternate(xs)), st.lists(children, min_size=1, max_size=6)),
        st.builds(lambda xs: d.conditional_group(xs), st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda c: d.label("x", c), children),
        st.builds(lambda c: [c, ",", d.line, c], children),  # a shared sub-document
    )


_GIDS = [d.GroupId("g0"), d.GroupId("g1"), d.GroupId("g2")]


def _alternate(xs):
    out = []
    for i, x in enumerate(xs):
        if i:
            out.append(d.line if i % 2 else d.softline)
        out.append(x)
    return out


def _encode(doc, seen: dict):
    """The document as JSON; a group met twice becomes a reference (identity matters)."""
    if isinstance(doc, str):
        return doc
    if isinstance(doc, (list, tuple)):
        return {"t": "concat", "parts": [_encode(x, seen) for x in doc]}
    if isinstance(doc, d.Group):
        if id(doc) in seen:
            return {"t": "ref", "ref": seen[id(doc)]}
        seen[id(doc)] = len(seen)
        states = doc.expanded_states  # a conditional group's contents is its first state
        return {"t": "group", "ref": seen[id(doc)], "break": doc.should_break,
                "id": _gid(doc.id), "contents": None if states else _encode(doc.contents, seen),
                "states": [_encode(s, seen) for s in states] if states else None}
    if isinstance(doc, d.Indent):
        return {"t": "indent", "contents": _encode(doc.contents, seen)}
    if isinstance(doc, d.Line):
        return {"t": "line", "hard": doc.hard, "soft": doc.soft}
    if isinstance(doc, d.IfBreak):
        return {"t": "ifbreak", "break": _encode(doc.break_contents, seen),
                "flat": _encode(doc.flat_contents, seen), "id": _gid(doc.group_id)}
    if isinstance(doc, d.IndentIfBreak):
        return {"t": "iib", "contents": _encode(doc.contents, seen), "id": _gid(doc.group_id)}
    if isinstance(doc, d.Fill):
        return {"t": "fill", "parts": [_encode(x, seen) for x in doc.parts]}
    if isinstance(doc, d.BreakParent):
        return {"t": "bp"}
    if isinstance(doc, d.Label):
        return {"t": "label", "label": doc.label, "contents": _encode(doc.contents, seen)}
    raise TypeError(doc)


def _gid(g):
    return None if g is None else _GIDS.index(g)


_PRINT_DOCS = r"""
import fs from 'fs'
const [ws, input, output] = process.argv.slice(2)
const { builders: b, printer } = await import(ws + '/node_modules/prettier/doc.mjs')
const prettier = await import(ws + '/node_modules/prettier/index.mjs')
const { docs, strings } = JSON.parse(fs.readFileSync(input, 'utf8'))
function build(x, ids, refs, gids) {
  if (typeof x === 'string') return x
  const r = (y) => build(y, ids, refs, gids)
  switch (x.t) {
    case 'concat': return x.parts.map(r)
    case 'ref': return refs[x.ref]
    case 'group': {
      const states = x.states && x.states.map(r)
      const g = states
        ? b.conditionalGroup(states, { shouldBreak: x.break })
        : b.group(r(x.contents), { shouldBreak: x.break, id: gids(x.id) })
      refs[x.ref] = g
      return g
    }
    case 'indent': return b.indent(r(x.contents))
    case 'line': return x.hard ? b.hardlineWithoutBreakParent : x.soft ? b.softline : b.line
    case 'ifbreak': return b.ifBreak(r(x.break), r(x.flat), { groupId: gids(x.id) })
    case 'iib': return b.indentIfBreak(r(x.contents), { groupId: gids(x.id) })
    case 'fill': return b.fill(x.parts.map(r))
    case 'bp': return b.breakParent
    case 'label': return b.label(x.label, r(x.contents))
  }
  throw new Error('bad doc ' + JSON.stringify(x))
}
const out = docs.map(({ doc, width }) => {
  const symbols = {}
  const gids = (i) => (i === null ? undefined : (symbols[i] ??= Symbol('g' + i)))
  const built = build(doc, {}, {}, gids)
  return printer.printDocToString(built, { printWidth: width, tabWidth: 2, useTabs: false })
    .formatted
})
const widths = strings.map((s) => prettier.util.getStringWidth(s))
fs.writeFileSync(output, JSON.stringify({ out, widths }))
"""

_SETTINGS = settings(max_examples=250, deadline=None, database=None,
                     derandomize=bool(os.environ.get("CI")),
                     suppress_health_check=list(HealthCheck))

_WIDTH_ALPHABET = ["a", " ", "~", "é", "e\u0301", "中", "Ａ", "😀", "👍🏽", "👨\u200d👩\u200d👧",
                   "🇺🇸", "1\ufe0f\u20e3", "❤", "❤\ufe0f", "©", "™", "\u200b", "ß", "한",
                   "\u0300", "\x7f", "🏳\ufe0f\u200d🌈", "☕", "✅", "⚠\ufe0f", "✍🏻",
                   "\U0002a6e0", "\U0001b421", "\U000680c8", "\x85", "\U0001f321"]


def test_printer_and_string_width_agree_with_prettier():
    tsharness.ensure_toolchain()
    cases, strings = [], []

    @_SETTINGS
    @given(_docs(), st.sampled_from([4, 10, 20, 40, 80]),
           st.lists(st.sampled_from(_WIDTH_ALPHABET), max_size=8).map("".join))
    def collect(doc, width, s):
        cases.append((doc, width))
        strings.append(s)

    collect()
    payload = {"docs": [{"doc": _encode(doc, {}), "width": w} for doc, w in cases],
               "strings": strings}
    answer = tsharness.node_json(_PRINT_DOCS, payload)
    mismatched = [(doc, w, ours, theirs) for (doc, w), theirs in zip(cases, answer["out"])
                  if (ours := d.render(doc, w)) != theirs]
    assert not mismatched, _smallest(mismatched)
    widths = {s: w for s, w in zip(strings, answer["widths"]) if d.display_width(s) != w}
    assert widths == {}


def _smallest(mismatched):
    doc, width, ours, theirs = min(mismatched, key=lambda m: len(repr(m[0])))
    return f"width={width}\ndoc={doc!r}\nours:\n{ours}\nprettier:\n{theirs}"
