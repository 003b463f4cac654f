"""Every rule string of the shared corpus of real wrappers parses (legacy-formats.md §5.1).

Where rule strings live:
* `config_rules.yaml`, `*_config_rules.yaml`, `*.rules.yaml`, `*_rules.yaml`: a list of
  entries {rule, description, suggestions: [SET {var, to | to-value | to-entropy},
  PUSH {to, value}, DELETE "<spec>", optional `if`]};
* 0.3 `dependencies.yaml`: {dep: {condition, health_checks}};
* 0.2 manifests: `dependencies.<id>.config` is a list of rule entries.
The corpus is read in place (never copied); the module is skipped without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from migrator.rules import (
    RuleSyntaxError,
    parse_delete,
    parse_reference,
    parse_rule,
    parse_value,
    to_source,
)
from migrator.corpus import corpus_dir

# $STARTOS_MIGRATE_CORPUS (a worktree has no ../shared), else ../shared/corpus
CORPUS = corpus_dir() or Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
RULE_FILE_SUFFIXES = ("config_rules.yaml", ".rules.yaml", "_rules.yaml")
PARSERS = {
    "rule": parse_rule,
    "reference": parse_reference,
    "value": parse_value,
    "delete": parse_delete,
}

# (entry point, rule text) → why the legacy OS rejected it too. Empty: every rule string
# in the corpus is accepted by the legacy grammar, and by ours in strict mode.
EXPECTED_FAILURES: dict[tuple[str, str], str] = {}

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}"),
]


# ------------------------------------------------------------------ collection


def _load(path: Path):
    yaml = YAML(typ="safe")
    yaml.allow_duplicate_keys = True  # a few real 0.2 manifests repeat keys
    try:
        return yaml.load(path.read_text(encoding="utf-8"))
    except Exception:  # malformed YAML is the reader's business, not the rule parser's
        return None


def _entries(entries, where: str) -> Iterator[tuple[str, str, str]]:
    if not isinstance(entries, list):
        return
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("rule"), str):
            yield "rule", entry["rule"], f"{where}[{i}].rule"
        for j, suggestion in enumerate(entry.get("suggestions") or []):
            if isinstance(suggestion, dict):
                yield from _suggestion(suggestion, f"{where}[{i}].suggestions[{j}]")


def _suggestion(suggestion: dict, where: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(suggestion.get("if"), str):
        yield "rule", suggestion["if"], f"{where}.if"
    set_ = suggestion.get("SET")
    if isinstance(set_, dict):
        if isinstance(set_.get("var"), str):
            yield "reference", set_["var"], f"{where}.SET.var"
        if isinstance(set_.get("to"), str):
            yield "value", set_["to"], f"{where}.SET.to"
    push = suggestion.get("PUSH")
    if isinstance(push, dict) and isinstance(push.get("to"), str):
        yield "reference", push["to"], f"{where}.PUSH.to"
    if isinstance(suggestion.get("DELETE"), str):
        yield "delete", suggestion["DELETE"], f"{where}.DELETE"


def _from_file(path: Path) -> Iterator[tuple[str, str, str]]:
    rel = str(path.relative_to(CORPUS))
    if path.name.endswith(RULE_FILE_SUFFIXES):
        yield from _entries(_load(path), rel)
    elif path.name == "dependencies.yaml":
        data = _load(path)
        for dep, spec in (data.items() if isinstance(data, dict) else ()):
            if isinstance(spec, dict) and isinstance(spec.get("condition"), str):
                yield "rule", spec["condition"], f"{rel}: {dep}.condition"
    elif path.name == "manifest.yaml":
        data = _load(path)
        deps = data.get("dependencies") if isinstance(data, dict) else None
        for dep, spec in (deps.items() if isinstance(deps, dict) else ()):
            if isinstance(spec, dict) and isinstance(spec.get("config"), list):  # 0.2 shape
                yield from _entries(spec["config"], f"{rel}: dependencies.{dep}.config")


def collect() -> list[tuple[str, str, str]]:
    """(entry point, text, where) for every rule string of the corpus."""
    if not CORPUS.is_dir():
        return []
    found: list[tuple[str, str, str]] = []
    for path in sorted(CORPUS.rglob("*.yaml")):
        if "_malformed" not in path.relative_to(CORPUS).parts:
            found.extend(_from_file(path))
    return found


ALL = collect()
UNIQUE: dict[tuple[str, str], str] = {}
for _entry, _text, _where in ALL:
    UNIQUE.setdefault((_entry, _text), _where)


# ------------------------------------------------------------------ tests


def test_collection_finds_the_known_rule_shapes() -> None:
    entries = {entry for entry, _, _ in ALL}
    assert {"rule", "reference"} <= entries
    wheres = [where for _, _, where in ALL]
    assert any(".condition" in w for w in wheres)  # dependencies.yaml
    assert any("dependencies." in w and ".config[" in w for w in wheres)  # 0.2 manifests
    assert any(".PUSH.to" in w for w in wheres) and any(".SET.var" in w for w in wheres)
    assert len(ALL) >= 300 and len(UNIQUE) >= 100


@pytest.mark.parametrize("key", sorted(UNIQUE), ids=[UNIQUE[k] for k in sorted(UNIQUE)])
def test_corpus_string_parses(key: tuple[str, str]) -> None:
    entry, text = key
    parse = PARSERS[entry]
    if key in EXPECTED_FAILURES:
        with pytest.raises(RuleSyntaxError):
            parse(text)
        return
    result = parse(text, strict=True)  # the legacy OS ran these, so strict accepts them
    assert result.warnings == ()
    again = parse(to_source(result), strict=True)
    assert to_source(again) == to_source(result)


def test_expected_failures_are_still_in_the_corpus() -> None:
    assert set(EXPECTED_FAILURES) <= set(UNIQUE)


def test_whole_corpus_parses() -> None:
    # speed: benchmarks/parsers.py (a wall-clock assert here only flakes on a loaded machine)
    for entry, text, _ in ALL:
        try:
            PARSERS[entry](text)
        except RuleSyntaxError:
            assert (entry, text) in EXPECTED_FAILURES
