"""Hostile strings and keys cannot change the generated Python (issue 8, bad input).

Legacy texts drawn from what is special to Python source (quotes, triple quotes, backslashes,
`{}` as in f-strings, `#`, NUL, CR/LF, U+2028/9, lone and paired surrogates, bidi controls)
and form keys / action ids that are Python keywords or dunder names are put into a package
model; the Python project generated from it must import, and its dump must give back
exactly the inputs (and equal the model's JSON byte for byte). Surrogates cannot come
through a wrapper (the reader refuses them, R122), so the strings go into the model here;
the hy-hostile-text and hy-key-names wrappers go the whole way in test_python_proof."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from migrator.convert import build
from migrator.sdk.inputspec import InputSpec, SelectValue, TextValue
from migrator.sdk.report import SourceRef, Todo
from migrator.sdk.runtime import Action, ActionMetadata
from startos_sdk.json import stringify
from tests.conftest import Converted, WRAPPERS
from tests.emit_python import pyharness

NASTY = ['"""', "'''", '"', "'", "\\", "\\n", "{}", "{x!r}", "}}", "\x00", "\n", "\r\n", "\r",
         "\u2028", "\u2029", "\x85", "\ud800", "\udfff", "\ud83d\ude00", "😀", "é", "# x",
         "\u202e", "\x1b[31m", "\\N{BULLET}", "\t", "'''\"\"\""]
KEYS = ["class", "__init__", "__proto__", "import", "def", "None", "True", "__class__",
        "__dict__", "self", "m", "Final", "INPUT_SPEC", "ACTION", "0", "42", "01", "a-b",
        "2fa", "match", "_", "__", "x y"]

hostile = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=5)), min_size=1,
                   max_size=6).map("".join)
keys = st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True)


def _hostile_package(base, texts: list[str], field_keys: list[str], action_ids: list[str]):
    t = iter(texts * 8)
    fields = tuple((k, TextValue(next(t), False, next(t), description=next(t),
                                 placeholder=next(t))) for k in field_keys)
    fields += (("choice", SelectValue(next(t), tuple((k, next(t)) for k in field_keys),
                                      field_keys[0])),)
    todo = Todo(next(t), SourceRef(next(t), 3, next(t)), (next(t),))
    spec = InputSpec(fields, ((0, todo), (len(fields), todo)))
    actions = tuple(Action(aid, ActionMetadata(next(t), next(t), next(t), "any", next(t)),
                           "script", spec, todos=(todo,)) for aid in action_ids)
    # The title and the legacy source also reach Markdown and TOML, which have no escape
    # for a lone surrogate (a wrapper cannot hold one: R122), so they only get the rest.
    manifest = dataclasses.replace(base.manifest, title=_no_surrogates(next(t)),
                                   description_short=next(t), description_long=next(t))
    return dataclasses.replace(base, manifest=manifest, actions=actions,
                               legacy_source=_no_surrogates(next(t)), extra={next(t): next(t)})


def _no_surrogates(text: str) -> str:
    return "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)


@settings(max_examples=3, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(st.tuples(st.lists(hostile, min_size=12, max_size=12), keys, keys),
                      min_size=4, max_size=4))
def test_hostile_strings_and_keys_survive_python(tmp_path_factory, batch):
    base = build(WRAPPERS / "hello-v03")
    converted = []
    for i, (texts, field_keys, action_ids) in enumerate(batch):
        pkg = _hostile_package(base.package, texts, field_keys, action_ids)
        result = dataclasses.replace(base, package=pkg)
        converted.append(Converted(f"h{i}", WRAPPERS / "hello-v03", WRAPPERS, result))
    projects = pyharness.write_projects(converted, tmp_path_factory.mktemp("pyhostile"))
    imported = pyharness.import_all(projects)
    for c, p in zip(converted, projects, strict=True):
        got = imported[p.root]
        assert got.package is not None, got.dump
        pkg = c.result.package
        assert got.dump == stringify(pkg.to_json())
        assert got.package == pkg
        dumped = json.loads(got.dump)
        assert dumped["manifest"]["title"] == _js(pkg.manifest.title)
        for action in pkg.actions:
            spec = dumped["actions"][action.id]["spec"]
            assert list(spec) == _js_order([k for k, _ in action.input_spec.fields])
            for key, value in action.input_spec.fields:
                assert spec[key]["name"] == _js(value.name)


def _js(text: str) -> str:
    """The string JavaScript holds for a Python str (a surrogate pair held as two code units
    is one character there; json.loads joins it the same way)."""
    return json.loads(json.dumps(text))


def _js_order(keys: list[str]) -> list[str]:
    from startos_sdk.json import key_order

    return key_order(keys)
