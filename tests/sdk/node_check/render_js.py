"""Test helper: renders migrator.sdk.inputspec models as start-sdk builder calls (CommonJS) and
builds them all with the real SDK in one node process (build_specs.cjs).

Only options that differ from the builders' own defaults are passed, the way a hand-written
or generated wrapper would call them, so a passing comparison proves that the defaults
`to_json()` assumes are the SDK's."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from migrator.sdk.inputspec import (
    InputSpec, ListValue, MultiselectValue, NumberValue, ObjectListSpec, ObjectValue, Pattern,
    SelectValue, TextareaValue, TextListSpec, TextValue, ToggleValue, UnionValue,
)
from migrator.syntax.uniqueby import unique_by_to_json

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
NODE_MODULES = REPO / "tests" / "typescript" / "node_modules"
RUNNER = HERE / "build_specs.cjs"


def lit(value) -> str:
    """A JS literal (JSON is valid JS; models never hold inf/NaN)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _opts(pairs: list[tuple[str, object, object]]) -> str:
    """`{k: v, ...}` with the (key, value, builder default) entries whose value is not the
    default; a default of `...` marks an option that is always passed (required ones)."""
    parts = [f"{lit(k)}: {v if isinstance(v, _Code) else lit(v)}"
             for k, v, d in pairs if d is ... or v != d]
    return "{" + ", ".join(parts) + "}"


class _Code(str):
    """Already-rendered JS (not to be quoted)."""


def _patterns(patterns: tuple[Pattern, ...]) -> list:
    return [p.to_json() for p in patterns]


def _value(v) -> str:
    common = [("name", v.name, ...)]
    if not isinstance(v, (ObjectValue,)):
        common += [("description", v.description, None), ("warning", v.warning, None)]
    if isinstance(v, ToggleValue):
        return f"Value.toggle({_opts(common + [('default', v.default, ...)])})"
    if isinstance(v, TextValue):
        default = v.default.to_json() if hasattr(v.default, "to_json") else v.default
        gen = v.generate.to_json() if v.generate else None
        return "Value.text(" + _opts(common + [
            ("required", v.required, ...), ("default", default, ...), ("masked", v.masked, False),
            ("placeholder", v.placeholder, None), ("minLength", v.min_length, None),
            ("maxLength", v.max_length, None), ("patterns", _patterns(v.patterns), []),
            ("inputmode", v.inputmode, "text"), ("generate", gen, None)]) + ")"
    if isinstance(v, TextareaValue):
        return "Value.textarea(" + _opts(common + [
            ("required", v.required, ...), ("default", v.default, ...),
            ("placeholder", v.placeholder, None), ("minLength", v.min_length, None),
            ("maxLength", v.max_length, None), ("patterns", _patterns(v.patterns), []),
            ("minRows", v.min_rows, 3), ("maxRows", v.max_rows, 6)]) + ")"
    if isinstance(v, NumberValue):
        return "Value.number(" + _opts(common + [
            ("required", v.required, ...), ("default", v.default, ...),
            ("integer", v.integer, ...), ("min", v.min, None), ("max", v.max, None),
            ("step", v.step, None), ("units", v.units, None),
            ("placeholder", v.placeholder, None)]) + ")"
    if isinstance(v, SelectValue):
        return "Value.select(" + _opts(common + [
            ("values", dict(v.values), ...), ("default", v.default, ...)]) + ")"
    if isinstance(v, MultiselectValue):
        return "Value.multiselect(" + _opts(common + [
            ("values", dict(v.values), ...), ("default", list(v.default), ...),
            ("minLength", v.min_length, None), ("maxLength", v.max_length, None)]) + ")"
    if isinstance(v, ObjectValue):
        head = _opts(common + [("description", v.description, None)])
        return f"Value.object({head}, {render_spec(v.spec)})"
    if isinstance(v, UnionValue):
        variants = ", ".join(f"{lit(x.key)}: {{name: {lit(x.name)}, spec: {render_spec(x.spec)}}}"
                             for x in v.variants)
        return "Value.union(" + _opts(common + [
            ("default", v.default, ...),
            ("variants", _Code(f"Variants.of({{{variants}}})"), ...)]) + ")"
    if isinstance(v, ListValue):
        head = _opts(common + [("default", list(v.default), []),
                               ("minLength", v.min_length, None),
                               ("maxLength", v.max_length, None)])
        item = v.item
        if isinstance(item, TextListSpec):
            gen = item.generate.to_json() if item.generate else None
            body = _opts([("masked", item.masked, False), ("placeholder", item.placeholder, None),
                          ("patterns", _patterns(item.patterns), []),
                          ("minLength", item.min_length, None),
                          ("maxLength", item.max_length, None),
                          ("inputmode", item.inputmode, "text"), ("generate", gen, None)])
            return f"Value.list(List.text({head}, {body}))"
        assert isinstance(item, ObjectListSpec)
        body = _opts([("spec", _Code(render_spec(item.spec)), ...),
                      ("displayAs", item.display_as, None),
                      ("uniqueBy", unique_by_to_json(item.unique_by), None)])
        return f"Value.list(List.obj({head}, {body}))"
    raise TypeError(f"no JS rendering for {type(v).__name__}")


def render_spec(spec: InputSpec) -> str:
    fields = ", ".join(f"{lit(k)}: {_value(v)}" for k, v in spec.fields)
    return f"InputSpec.of({{{fields}}})"


def render_cases(cases: dict[str, InputSpec]) -> str:
    rows = ",\n".join(f"  [{lit(cid)}, () => {render_spec(spec)}]" for cid, spec in cases.items())
    return ("module.exports = ({InputSpec, Value, List, Variants}) => [\n" + rows + "\n]\n")


def sdk_available() -> bool:
    return shutil.which("node") is not None and (NODE_MODULES / "@start9labs" / "start-sdk").is_dir()


def build_with_sdk(cases: dict[str, InputSpec], workdir: Path) -> dict[str, object]:
    """{case id: the SDK's built spec JSON} for every case, in one node process.
    Skips the calling test when node or the SDK is missing."""
    if not sdk_available():
        pytest.skip("node or tests/typescript/node_modules (start-sdk) is missing")
    source = workdir / "cases.cjs"
    source.write_text(render_cases(cases), encoding="utf-8")
    run = subprocess.run(["node", str(RUNNER), str(NODE_MODULES), str(source)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    built = json.loads(run.stdout)
    assert "__load_error__" not in built, built.get("__load_error__")
    return built


def regex_errors(built: dict[str, object]) -> list[list[str]]:
    """[[case id, regex, JS error]] for the patterns JavaScript's RegExp refuses."""
    return built.get("__regex_errors__", [])  # type: ignore[return-value]
