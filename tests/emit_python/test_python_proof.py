"""The proof of the Python target (issue 8) on every fixture and every corpus `last` snapshot:
the Python project is written, black-stable, clean under ONE batched `mypy --strict` run,
its `dump` equals the node dump of the TypeScript project and the model's JSON byte for byte
(3-way), and converting it back to TypeScript gives the same package code."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.emit.typescript.project import emit_typescript
from startos_sdk.json import stringify
from tests import tsharness
from tests.emit_python import pyharness

PACKAGE_CODE = ("package.json", "tsconfig.json", "Makefile")


@pytest.fixture(scope="module")
def converted(python_fixture_projects, python_corpus_projects):
    return [*python_fixture_projects[0], *python_corpus_projects[0]]


@pytest.fixture(scope="module")
def projects(python_fixture_projects, python_corpus_projects):
    return [*python_fixture_projects[1], *python_corpus_projects[1]]


@pytest.fixture(scope="module")
def imported(projects):
    return pyharness.import_all(projects)


def test_every_package_gets_a_python_project(converted_fixtures, converted_corpus, projects):
    assert len(projects) == len([*converted_fixtures, *converted_corpus]) > 120
    for p in projects:
        assert (p.root / p.package / "__main__.py").is_file()
        assert (p.root / "pyproject.toml").is_file()


def test_every_project_is_black_stable(projects):
    assert pyharness.black_unstable(projects) == []


def test_every_project_passes_mypy_strict(projects):
    assert pyharness.mypy_strict(projects) == []


def test_dump_equals_node_dump_and_model(converted, projects, imported):
    tsharness.ensure_toolchain()
    node = tsharness.dump_texts([c.out for c in converted])
    by_root = {p.root: p for p in projects}
    mismatched = {"node": [], "model": [], "import": []}
    for c, p in zip(converted, by_root.values(), strict=True):
        got = imported[p.root]
        if got.package is None:
            mismatched["import"].append(f"{c.name}: {got.dump[-300:]}")
            continue
        if got.dump != node[c.out.resolve()]:
            mismatched["node"].append(c.name)
        if got.dump != stringify(c.result.package.to_json()):
            mismatched["model"].append(c.name)
    assert mismatched == {"node": [], "model": [], "import": []}


def _package_code(files) -> dict[str, bytes]:
    return {f.path: f.content for f in files
            if f.path.startswith("startos/") or f.path in PACKAGE_CODE}


def test_round_trip_to_typescript_is_identical(converted, projects, imported):
    differing = []
    for c, p in zip(converted, projects, strict=True):
        got = imported[p.root]
        assert got.package is not None, got.dump
        again = emit_typescript(got.package, era=got.era)
        direct = {str(f.relative_to(c.out)): f.read_bytes() for f in Path(c.out).rglob("*")
                  if f.is_file()}
        direct = {k: v for k, v in direct.items()
                  if k.startswith("startos/") or k in PACKAGE_CODE}
        if _package_code(again) != direct:
            differing.append(c.name)
        elif got.package != c.result.package:
            differing.append(f"{c.name} (model)")
    assert differing == []
