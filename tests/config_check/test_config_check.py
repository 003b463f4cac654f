"""check-config (startos_sdk.config_check): data-file cases (cases.txt) on spec fixtures,
and hypothesis: configs drawn from the spec of every fixture are valid, and breaking one
value is reported at its path."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrator.convert import build
from migrator.emit.python.rules import own_rules_module
from migrator.sdk import config_shape as S
from migrator.sdk import inputspec as I
from migrator.sdk.package import SdkPackage
from migrator.syntax.uniqueby import Exactly, NotUnique
from startos_sdk.config_check import check_config, config_report, safe_text
from tests import rules_py
from tests.conftest import WRAPPERS, WRAPPER_NAMES
from tests.rules_py.test_compile_py import _own, _Pkg

HERE = Path(__file__).parent
BASE_WRAPPER = WRAPPERS / "cfg-form-data"


@dataclass
class Case:
    title: str
    spec: str
    rules: list[tuple[str, str]] = field(default_factory=list)
    config: object = None
    fails: list[str] = field(default_factory=list)
    warns: list[str] = field(default_factory=list)


def load_cases() -> list[Case]:
    cases: list[Case] = []
    spec = ""
    for n, line in enumerate((HERE / "cases.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(";;"):
            continue
        if line.startswith("=== "):
            cases.append(Case(line[4:], spec))
            continue
        key, sep, rest = line.partition(": ")
        assert sep and cases, f"cases.txt:{n}: bad line {line!r}"
        case = cases[-1]
        if key == "spec":
            case.spec = spec = rest
        elif key == "rule":
            text, _, description = rest.rpartition(" | ")
            case.rules.append((text, json.loads(f'"{description}"')))
        elif key == "config":
            case.config = json.loads(rest)
        elif key in ("fails", "warns"):
            getattr(case, key).append(rest)
        else:
            raise AssertionError(f"cases.txt:{n}: unknown key {key!r}")
    return cases


CASES = load_cases()


@cache
def spec_package(spec: str) -> SdkPackage:
    result = build(BASE_WRAPPER, config_spec=HERE / "specs" / spec)
    assert result.package is not None and result.package.config is not None, spec
    return result.package


def own_rules(rules: list[tuple[str, str]]):
    if not rules:
        return ()
    source = own_rules_module(_Pkg("cfg-form-data", tuple(_own(t, d) for t, d in rules)))
    return rules_py.load(source).OWN_RULES


@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_case(case: Case):
    report = config_report(spec_package(case.spec), own_rules(case.rules), case.config)
    assert list(report.failures) == case.fails
    assert list(report.warnings) == case.warns
    assert check_config(spec_package(case.spec), own_rules(case.rules), case.config) == \
        case.fails


def test_no_config_model_accepts_anything():
    bare = [n for n in WRAPPER_NAMES if _fixture(n).config is None]
    assert bare
    assert check_config(_fixture(bare[0]), (), [1, "x"]) == []


# ------------------------------------------------------------------ valid configs, drawn


def valid_object(spec: I.InputSpec, shape: S.ShapeMap) -> st.SearchStrategy:
    shapes = dict(shape)
    members = {key: valid_value(value, shapes.get(key, S.PLAIN)) for key, value in spec.fields
               if not isinstance(shapes.get(key), S.PointerShape | S.OpaqueShape)}
    return st.fixed_dictionaries(members)


def _text(patterns, low, high) -> st.SearchStrategy:
    low = low or 0
    base = st.from_regex(patterns[0].regex) if patterns else st.text(max_size=max(low, 8))
    return base.filter(lambda s: low <= len(s) and (high is None or len(s) <= high))


def _number(integral: bool, low, high) -> st.SearchStrategy:
    if integral:
        return st.integers(math.ceil(low) if low is not None else -10**6,
                           math.floor(high) if high is not None else 10**6)
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def valid_value(value: I.Value, shape) -> st.SearchStrategy:
    if isinstance(value, I.ToggleValue):
        return st.booleans()
    if isinstance(value, I.TextValue | I.TextareaValue):
        text = _text(value.patterns, value.min_length, value.max_length)
        return text if value.required else st.none() | text
    if isinstance(value, I.NumberValue):
        number = _number(value.integer, value.min, value.max)
        return number if value.required else st.none() | number
    if isinstance(value, I.SelectValue):
        return st.sampled_from([k for k, _ in value.values])
    if isinstance(value, I.MultiselectValue):
        return st.lists(st.sampled_from([k for k, _ in value.values]), unique=True,
                        min_size=value.min_length or 0, max_size=value.max_length)
    if isinstance(value, I.ObjectValue):
        return valid_object(value.spec, shape.fields if isinstance(shape, S.ObjectShape) else ())
    if isinstance(value, I.UnionValue):
        return valid_union(value, shape)
    return valid_list(value, shape)


def valid_union(value: I.UnionValue, shape: S.UnionShape) -> st.SearchStrategy:
    return st.one_of(*[valid_object(v.spec, shape.variant(v.key)).map(
        lambda fields, key=v.key: {shape.tag_id: key, **fields}) for v in value.variants])


def valid_list(value: I.ListValue, shape) -> st.SearchStrategy:
    item, unique_by = value.item, lambda x: json.dumps(x, sort_keys=True)
    if isinstance(shape, S.NumberListShape):
        items = _number(shape.integral, None, None)
    elif isinstance(item, I.TextListSpec):
        items = _text(item.patterns, item.min_length, item.max_length)
    elif isinstance(shape, S.ListUnionShape):
        items, unique_by = valid_union(item.spec.fields[0][1], shape.union), id
    else:
        fields = shape.item if isinstance(shape, S.ObjectListShape) else ()
        items = valid_object(item.spec, fields)
        rule = item.unique_by
        unique_by = (id if isinstance(rule, NotUnique) else
                     (lambda x, k=rule.key: json.dumps(x.get(k))) if isinstance(rule, Exactly)
                     else (lambda x: 0))  # compound rules: at most one item
    return st.lists(items, unique_by=unique_by, min_size=value.min_length or 0,
                    max_size=min(value.max_length or 4, 4))


def _specs() -> list[str]:
    """Every fixture wrapper with a config model, and the spec fixtures."""
    return [n for n in WRAPPER_NAMES if _fixture(n).config is not None] + \
        [f"spec:{p.name}" for p in sorted((HERE / "specs").glob("*.yaml"))]


@cache
def _fixture(name: str) -> SdkPackage:
    if name.startswith("spec:"):
        return spec_package(name[5:])
    package = build(WRAPPERS / name).package
    assert package is not None, name
    return package


@st.composite
def fixture_configs(draw):
    name = draw(st.sampled_from(_specs()))
    config = _fixture(name).config
    return name, draw(valid_object(config.input_spec, config.shape))


SETTINGS = dict(max_examples=150, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


@settings(**SETTINGS)
@given(fixture_configs())
def test_configs_drawn_from_a_spec_are_valid(drawn):
    name, config = drawn
    assert config_report(_fixture(name), (), config).failures == (), (name, config)


@settings(**SETTINGS)
@given(fixture_configs(), st.data())
def test_a_value_of_the_wrong_type_is_reported_at_its_key(drawn, data):
    name, config = drawn
    keys = sorted(k for k, v in config.items() if not isinstance(v, list | dict))
    if not keys:
        return
    key = data.draw(st.sampled_from(keys))
    wrong = {bool: [1], str: {"x": 1}, int: "1", float: "1", type(None): [None]}
    broken = {**config, key: wrong[type(config[key])]}
    failures = config_report(_fixture(name), (), broken).failures
    assert len(failures) == 1, failures
    assert failures[0].startswith(f"{safe_text(key)}: Invalid Type"), failures


@pytest.mark.corpus
def test_configs_drawn_from_corpus_specs_are_valid(converted_corpus):
    """Real specs: whatever their shape, a config the spec allows passes check-config."""
    packages = [c.result.package for c in converted_corpus
                if c.result.package is not None and c.result.package.config is not None]
    assert len(packages) >= 30

    @settings(**{**SETTINGS, "max_examples": 300})
    @given(st.data())
    def run(data):
        pkg = data.draw(st.sampled_from(packages))
        config = data.draw(valid_object(pkg.config.input_spec, pkg.config.shape))
        assert config_report(pkg, (), config).failures == (), (pkg.manifest.id, config)

    run()
