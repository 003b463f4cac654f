"""The proof that generated projects are right (mapping.md §10), on our fixtures and on
every `last` snapshot of the corpus: they convert, type-check with zero errors against
start-sdk 2.0.9, are prettier-clean, and run in node to the JSON the SDK model predicts."""

from __future__ import annotations

import json

import pytest

from tests import tsharness


def _all(converted_fixtures, converted_corpus):
    return [*converted_fixtures, *converted_corpus]


@pytest.fixture(scope="module")
def projects(converted_fixtures, converted_corpus):
    tsharness.ensure_toolchain()
    return _all(converted_fixtures, converted_corpus)


def test_every_wrapper_converts(projects):
    failed = {p.name: [d.headline() for d in p.result.diagnostics if d.is_error]
              for p in projects if not p.result.ok}
    assert failed == {}
    assert len(projects) > 120


def test_every_project_type_checks(projects):
    errors = tsharness.typecheck([p.out for p in projects])
    assert {str(k): v for k, v in errors.items() if v} == {}


def test_every_project_is_prettier_clean(projects):
    files = [f for p in projects for f in sorted((p.out / "startos").rglob("*.ts"))]
    assert tsharness.prettier_check(files) == []


def test_every_project_dumps_to_the_model_json(projects):
    dumps = tsharness.emit_and_dump([p.out for p in projects])
    mismatched = []
    for p in projects:
        dumped = json.loads(json.dumps(dumps[p.out.resolve()]))
        expected = json.loads(json.dumps(p.result.package.to_json()))
        if dumped != expected:
            mismatched.append(p.name)
    assert mismatched == []
