from __future__ import annotations

import json

import pytest

from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.diagnostics.render import SourceLines, render_json, render_text


def test_key_path_renders_as_spelled():
    path = KeyPath(("interfaces", "main", "tor-config", "port-mapping", "8080"))
    assert str(path) == "interfaces.main.tor-config.port-mapping.8080"
    assert str(KeyPath(("dependencies", "btc-rpc-proxy", "config", 0, "rule"))) == \
        "dependencies.btc-rpc-proxy.config[0].rule"
    assert str(KeyPath(("a", "x.y", 'q"'))) == 'a["x.y"]["q\\""]'


def test_text_rendering_shows_the_source_line_and_a_caret():
    diags = Diagnostics()
    d = diags.error("M404", "bad id", Location("m.yaml", 2, 5), KeyPath(("id",)), hint="fix it")
    text = render_text(d, SourceLines(texts={"m.yaml": "a: 1\nid: Foo\n"}))
    assert text.splitlines() == [
        "m.yaml:2:5: error[M404]: bad id",
        " 2 | id: Foo",
        "   |     ^",
        "  = key: id",
        "  = hint: fix it",
    ]


def test_json_rendering_is_versioned_and_complete():
    diags = Diagnostics()
    diags.warning("R109", "dup", Location("f.json", 3, 7), KeyPath(("a",)))
    doc = json.loads(render_json(diags.sorted(), {"summary": {}}))
    assert doc["schema"] == "startos-migrate/diagnostics" and doc["version"] == 1
    assert doc["counts"] == {"error": 0, "warning": 1, "note": 0}
    assert doc["diagnostics"] == [{"severity": "warning", "code": "R109", "message": "dup",
                                   "file": "f.json", "line": 3, "column": 7, "key_path": "a",
                                   "hint": None}]


def test_unregistered_codes_are_refused():
    with pytest.raises(KeyError):
        Diagnostics().error("Z999", "nope")


def test_sorted_orders_by_file_line_column():
    diags = Diagnostics()
    diags.error("M401", "b", Location("b", 1, 1))
    diags.error("M401", "a2", Location("a", 2, 1))
    diags.error("M401", "a1", Location("a", 1, 9))
    assert [d.message for d in diags.sorted()] == ["a1", "a2", "b"]
