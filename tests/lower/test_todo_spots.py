"""Each TODO row of MIGRATION.md and its `TODO(migrate)` comment come from ONE `Todo` object,
placed by the lowering at the spot the row names (issue 10, "honest accounting"): a config
spec note above its form field, a pointer in withPointers, a dependency's TODOs on its entry,
a missing config action where actions are registered, a legacy hostname at its script line."""

from __future__ import annotations

import dataclasses
import shutil
import textwrap

from migrator.diagnostics import Diagnostics
from migrator.ir.build_spec import build_config_spec
from migrator.lower.config_spec import lower_config_spec
from migrator.lower.dependencies import _fold
from migrator.lower.package import lower_package
from migrator.lower.script_evidence import rewrite_hostnames
from migrator.read.yaml_reader import parse_yaml
from migrator.sdk.manifest import ManifestDependency
from migrator.sdk.report import SourceRef, Todo
from migrator.sdk.runtime import DependencyCondition, DependencyRequirement
from tests.conftest import WRAPPERS
from tests.helpers import check_dir


def _lower(text: str):
    diags = Diagnostics()
    spec = build_config_spec(parse_yaml(textwrap.dedent(text), "config_spec.yaml", diags), diags)
    return lower_config_spec(spec, diags)


SPEC = """
    first: {type: string, name: F, nullable: true, pattern: "^a$"}
    color: {type: colour, name: C}
    kept: {type: boolean, name: K, default: false}
    obj:
      type: object
      name: O
      spec:
        ports:
          type: list
          subtype: number
          name: Ports
          range: "[0,*)"
          default: []
          spec: {integral: true, range: "[1,65535]"}
    u:
      type: union
      name: U
      tag: kind
      default: a
      variants:
        a: {__ts_expr__: "flag ? {} : undefined"}
        b: {}
    computed: {__ts_expr__: "makeSpec()"}
"""


def _texts(todos) -> list[str]:
    return [t.text for t in todos]


def test_spec_todos_stand_above_their_field_or_where_the_missing_field_would_be():
    lowered = _lower(SPEC)
    spec = lowered.input_spec
    assert spec.keys() == ["first", "kept", "obj", "u"]
    assert [i for i, _ in spec.todos] == [0, 1, 4]  # first; color (before kept); computed
    assert "pattern has no pattern-description" in spec.todos_at(0)[0].text
    assert spec.todos_at(1)[0].source.key_path == "color"
    assert spec.todos_at(4)[0].source.key_path == "computed"  # after the last field
    ports = spec.get("obj").spec
    assert [i for i, _ in ports.todos] == [0]
    assert "item range [1,65535]" in ports.todos[0][1].text
    variant_a, variant_b = spec.get("u").variants
    assert _texts(variant_a.todos) == [
        "the spec is the TypeScript expression `flag ? {} : undefined`: no form fields were "
        "generated"] and variant_b.todos == ()


def test_every_todo_note_is_placed_once_and_is_the_notes_own_todo():
    lowered = _lower(SPEC)
    placed = [t for _, t in lowered.input_spec.todos]
    placed += [t for _, t in lowered.input_spec.get("obj").spec.todos]
    placed += [t for v in lowered.input_spec.get("u").variants for t in v.todos]
    notes = [n.todo for n in lowered.notes if n.kind == "todo"]
    assert sorted(map(id, placed)) == sorted(map(id, notes))
    assert all(n.todo.text == n.message for n in lowered.notes if n.todo is not None)


def test_a_whole_spec_from_typescript_gets_its_todo_in_the_empty_form():
    diags = Diagnostics()
    spec = build_config_spec(parse_yaml('{"__ts_expr__": "cond ? {} : undefined"}',
                                        "config_spec.yaml", diags), diags)
    lowered = lower_config_spec(spec, diags)
    assert lowered.input_spec.fields == () and len(lowered.input_spec.todos_at(0)) == 1


def _lowered(name: str, tmp_path=None):
    legacy, diags = check_dir(WRAPPERS / name)
    return lower_package(legacy, diags)


def test_rows_of_spec_notes_and_pointers_are_their_todos():
    pkg = _lowered("hello-v03")
    todo_rows = {r.construct: r for r in pkg.migration if r.status == "todo"}
    row = todo_rows["config `nodes`"]
    placed = pkg.config.input_spec.todos_at(pkg.config.input_spec.keys().index("nodes"))
    assert [(t.text, t.source) for t in placed] == [(row.note, row.source)]
    pointer_rows = [todo_rows["config `rpc-password`"],
                    todo_rows["config `bitcoin.variants.internal.rpc-user`"]]
    todos = [t for t in pkg.config.pointer_todos if t is not None]
    assert [(t.text, t.source) for t in todos] == [(r.note, r.source) for r in pointer_rows]
    assert len(pkg.config.pointer_todos) == len(pkg.config.pointers)


def test_a_pointer_0_4_computes_has_no_todo():
    pkg = _lowered("cfg-own-addresses")
    todos = dict(zip((".".join(map(str, f.path)) for f in pkg.config.pointers),
                     pkg.config.pointer_todos))
    assert todos["admin-address"] is not None  # own interface without a port: no host
    # its marker names the pointer's place (the porter and the runtime harness look for it)
    assert todos["admin-address"].text.startswith("pointer `admin-address` to the lan-address")
    assert any(t is None for t in todos.values())  # the addresses 0.4 reads from a host


def test_config_without_a_readable_spec_is_marked_where_actions_are_registered():
    pkg = _lowered("hello-json")
    row = next(r for r in pkg.migration if r.construct == "config")
    assert row.status == "todo" and row.destination == "startos/actions/index.ts"
    assert [(t.text, t.source) for t in pkg.actions_todos] == [(row.note, row.source)]


def test_dependency_config_procedures_todo_is_on_the_dependency_entry(tmp_path):
    src = tmp_path / "w"
    shutil.copytree(WRAPPERS / "hello-v03", src)
    manifest = src / "manifest.yaml"
    text = manifest.read_text()
    # tor-proxy gets config procedures but no rules file.
    text = text.replace("  tor-proxy:\n", "  tor-proxy:\n    config:\n      check:\n"
                        "        type: script\n      auto-configure:\n        type: script\n", 1)
    manifest.write_text(text)
    pkg = _lowered_dir(src)
    row = next(r for r in pkg.migration if r.construct == "dependency `tor-proxy` config")
    entry = next(d for d in pkg.dependencies if d.id == "tor-proxy")
    assert (row.note, row.source) in [(t.text, t.source) for t in entry.todos]


def _lowered_dir(path):
    legacy, diags = check_dir(path)
    return lower_package(legacy, diags)


def test_a_folded_dependency_keeps_the_todos_of_the_conditions_it_merges():
    todo_a, todo_b = Todo("a is opt-out"), Todo("b is opt-out")
    info = ManifestDependency("bitcoind", None, True, None, None)
    reqs = [DependencyRequirement("bitcoind", "*", (DependencyCondition("always", todo=t),), ())
            for t in (todo_a, todo_b)]
    _, (req,) = _fold([info, info], reqs)
    kept = [c.todo for c in req.conditions if c.todo] + list(req.todos)
    assert sorted(t.text for t in kept) == ["a is opt-out", "b is opt-out"]


def test_each_foreign_hostname_marker_is_a_todo_at_its_line():
    rw = rewrite_hostnames("run.sh", b"#!/bin/sh\necho start\ncurl http://btc.embassy:80 \\\n"
                           b"  http://lnd.embassy:8080\n", "me", source="scripts/run.sh")
    lines = rw.content.decode().split("\n")
    ((line, todo),) = rw.todos
    assert line == 3 and todo.source == SourceRef("scripts/run.sh", 3, "")
    assert lines[line - 1] == "# " + todo.marker()
    assert todo.text.startswith("btc.embassy, lnd.embassy is gone in 0.4")


def test_a_hostname_on_the_shebang_line_is_marked_below_it():
    rw = rewrite_hostnames("x.sh", b"#!/usr/bin/env btc.embassy\necho\n", "me")
    lines = rw.content.decode().split("\n")
    assert lines[0].startswith("#!") and rw.todo_lines == (2,)
    assert lines[1].startswith("# TODO(migrate): btc.embassy")


def test_carried_script_rows_name_the_marker_line():
    pkg = _lowered("rt-health")
    files = {f.path: f.content.decode() for f in pkg.carried}
    rows = [r for r in pkg.migration if r.construct.startswith("hostnames in") and
            r.status == "todo"]
    assert rows
    for row in rows:
        path, line = row.destination.rsplit(":", 1)
        marker = files[path].split("\n")[int(line) - 1]
        assert marker == f"# TODO(migrate): {row.note} (legacy: {row.source})"


def test_a_row_made_from_a_todo_shows_its_text_and_source():
    from migrator.lower.context import Lowering

    lw = Lowering(None, Diagnostics())
    todo = Todo("do it", SourceRef("m.yaml", 3, "a.b"))
    assert lw.todo_row(todo, "thing", "startos/main.ts") is todo
    (row,) = lw.rows
    assert (row.status, row.note, row.source) == ("todo", "do it", todo.source)
    assert dataclasses.asdict(row)["destination"] == "startos/main.ts"
