"""report.json's JSON Schema (shipped in the package) accepts the reports we render and
rejects the drift a writer could make: a missing key, an unknown status, a rate outside
[0, 1], a hash of another form."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from migrator.report import load_schema
from tests.report.reports import REPORT_NAMES, load, report, wrapper


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_fixture_reports_are_valid(validator, name):
    assert list(validator.iter_errors(load(name))) == []


def test_built_reports_are_valid(validator):
    built = report([wrapper("a"), wrapper("b", status="crashed", exit_code=3,
                                          automation_rate=None, traceback="boom")])
    assert list(validator.iter_errors(built)) == []


def _drop(path):
    def change(r):
        *parents, last = path
        for key in parents:
            r = r[key]
        del r[last]
    return change


def _set(path, value):
    def change(r):
        *parents, last = path
        for key in parents:
            r = r[key]
        r[last] = value
    return change


BROKEN = {
    "no version": _drop(["version"]),
    "version 2": _set(["version"], 2),
    "no totals.typecheck": _drop(["totals", "typecheck"]),
    "unknown top-level key": _set(["extra"], 1),
    "unknown status": _set(["wrappers", 0, "status"], "done"),
    "rate above 1": _set(["wrappers", 0, "automation_rate"], 1.5),
    "rate as percent string": _set(["wrappers", 0, "automation_rate"], "80%"),
    "hash without algorithm": _set(["wrappers", 0, "input_hash"], "0" * 64),
    "negative count": _set(["wrappers", 0, "todo_kinds", "action"], -1),
    "no traceback key": _drop(["wrappers", 0, "traceback"]),
    "typecheck status typo": _set(["wrappers", 0, "typecheck", "status"], "not_run"),
    "constructs key renamed": _drop(["wrappers", 0, "constructs", "not-applicable"]),
}


@pytest.mark.parametrize("change", BROKEN.values(), ids=BROKEN.keys())
def test_schema_rejects(validator, change):
    broken = copy.deepcopy(load("small"))
    change(broken)
    assert list(validator.iter_errors(broken)) != []
