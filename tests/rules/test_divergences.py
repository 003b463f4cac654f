"""Divergences from the legacy evaluator and loader (issue 9), as data: each case of
eval_cases/divergences.txt pins the legacy behaviour (format at the top of that file)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from migrator.rules import RuleEvaluationError, RuleSyntaxError, auto_configure, evaluate
from migrator.rules import evaluate_value

CASES = Path(__file__).parent / "eval_cases" / "divergences.txt"
SUBJECTS = ("rule", "value", "set-to", "set-var", "push-to", "charset")


@dataclass
class Case:
    title: str
    kind: str = ""
    text: str = ""
    checks: list[tuple[str, str]] = field(default_factory=list)  # (key, rest of line)


def load() -> list[Case]:
    cases: list[Case] = []
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(";;"):
            continue
        if line.startswith("=== "):
            cases.append(Case(line[4:]))
            continue
        key, sep, rest = line.partition(": ")
        assert sep and cases, f"divergences.txt:{n}: bad line {line!r}"
        if key in SUBJECTS:
            assert not cases[-1].kind, f"divergences.txt:{n}: two subjects"
            cases[-1].kind, cases[-1].text = key, rest
        else:
            cases[-1].checks.append((key, rest))
    for case in cases:
        assert case.kind and case.checks, case.title
    return cases


def _entry(case: Case) -> dict:
    if case.kind == "set-to":
        suggestion = {"SET": {"var": "x", "to": case.text}}
    elif case.kind == "set-var":
        suggestion = {"SET": {"var": case.text, "to-value": 1}}
    elif case.kind == "push-to":
        suggestion = {"PUSH": {"to": case.text, "value": 1}}
    else:
        suggestion = {"SET": {"var": "x", "to-entropy": {"charset": case.text, "len": 4}}}
    return {"rule": "never?", "description": "d", "suggestions": [suggestion]}


def _written(case: Case, config: dict) -> Any:
    """What the suggestion wrote: `x` for SET to, else the whole new config."""
    new, _ = auto_configure([_entry(case)], config)
    return new["x"] if case.kind == "set-to" else new


def _run(case: Case, config: Any) -> Any:
    if case.kind == "rule":
        return evaluate(case.text, config)
    if case.kind == "value":
        return evaluate_value(case.text, config)
    return _written(case, config)


ALL = load()


@pytest.mark.parametrize("case", ALL, ids=[c.title for c in ALL])
def test_divergence(case: Case) -> None:
    for key, rest in case.checks:
        if key == "rejects":
            with pytest.raises(RuleSyntaxError) as info:
                auto_configure([_entry(case)], {})
            assert info.value.code == rest, info.value
        elif key == "error":
            with pytest.raises(RuleEvaluationError):
                _run(case, json.loads(rest))
        elif key in ("true", "false"):
            assert _run(case, json.loads(rest)) is (key == "true"), rest
        elif key in ("gives", "writes"):
            want, _, config = rest.partition(" <- ")
            got = _run(case, json.loads(config))
            assert got == json.loads(want) and type(got) is type(json.loads(want)), got
        else:
            raise AssertionError(f"{case.title}: unknown check {key!r}")

