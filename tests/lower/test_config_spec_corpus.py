"""Every config spec of ../shared/corpus lowers without an exception, and the JSON of every
lowered InputSpec is what start-sdk 2.0.9 builds for it (all specs in one node process)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from migrator.corpus import corpus_dir, snapshot_dirs
from migrator.diagnostics import Diagnostics
from migrator.ir.build_spec import build_config_spec
from migrator.ir.spec import ConfigSpec
from migrator.sdk.config_shape import form_to_legacy, legacy_to_form
from migrator.lower.config_spec import LoweredSpec, lower_config_spec
from migrator.read.files import read_structured
from migrator.sdk.inputspec import InputSpec, ListValue, ObjectListSpec, ObjectValue, UnionValue
from tests.lower.test_config_spec import legacy_values, without_pointers
from tests.sdk.node_check.render_js import build_with_sdk, regex_errors

pytestmark = pytest.mark.corpus


def spec_files(corpus: Path) -> list[Path]:
    """config_spec.yaml at a snapshot root and under assets/compat/, and the specs the
    corpus extracted from TypeScript getConfig files."""
    found: list[Path] = []
    for snapshot in snapshot_dirs(corpus):
        found += [p for p in (snapshot / "config_spec.yaml",
                              snapshot / "assets" / "compat" / "config_spec.yaml") if p.is_file()]
        found += sorted(snapshot.glob("config_spec.from_getConfig*.json"))
    return found


def read_spec(path: Path, corpus: Path) -> tuple[ConfigSpec | None, Diagnostics]:
    diags = Diagnostics()
    node = read_structured(path, str(path.relative_to(corpus)), diags)
    return build_config_spec(node, diags), diags


def count_values(spec: InputSpec) -> int:
    """Form values at every depth (variant and list item specs included)."""
    total = 0
    for _, value in spec.fields:
        total += 1
        if isinstance(value, ObjectValue):
            total += count_values(value.spec)
        elif isinstance(value, UnionValue):
            total += sum(count_values(v.spec) for v in value.variants)
        elif isinstance(value, ListValue) and isinstance(value.item, ObjectListSpec):
            total += count_values(value.item.spec)
    return total


def lower_corpus(corpus: Path) -> dict[str, tuple[ConfigSpec, LoweredSpec]]:
    out = {}
    for path in spec_files(corpus):
        spec, diags = read_spec(path, corpus)
        if spec is not None:  # unreadable files are the read/IR stages' errors, not ours
            out[str(path.relative_to(corpus))] = (spec, lower_config_spec(spec, diags))
    return out


# Read once at import: the hypothesis test below needs the specs when it is defined.
_CORPUS = corpus_dir()
_LOWERED = lower_corpus(_CORPUS) if _CORPUS is not None else {}


@pytest.fixture(scope="module")
def lowered_corpus(corpus) -> dict[str, tuple[ConfigSpec, LoweredSpec]]:
    return _LOWERED


def test_every_corpus_spec_lowers(corpus, lowered_corpus):
    files = spec_files(corpus)
    assert len(files) >= 150  # the corpus has 159 spec files; fewer means discovery broke
    # Only files the IR could not read at all (a YAML syntax error, a list) are missing.
    assert len(lowered_corpus) >= len(files) - 3
    for name, (_, lowered) in lowered_corpus.items():
        for note in lowered.notes:
            assert note.location.file == name and note.message, note


def test_corpus_json_matches_the_sdk(lowered_corpus, tmp_path):
    cases = {name: lowered.input_spec for name, (_, lowered) in lowered_corpus.items()}
    built = build_with_sdk(cases, tmp_path)
    mismatched = [name for name, spec in cases.items() if built.get(name) != spec.to_json()]
    assert mismatched == [], mismatched[:5]
    kinds = Counter(n.kind for _, lowered in lowered_corpus.values() for n in lowered.notes)
    summary = (
        f"corpus lowering: {len(cases)} specs, "
        f"{sum(count_values(s) for s in cases.values())} form values "
        f"({sum(len(s.fields) for s in cases.values())} top-level), "
        f"{sum(len(lw.pointers) for _, lw in lowered_corpus.values())} pointers, "
        f"notes {dict(sorted(kinds.items()))}, "
        f"{len(regex_errors(built))} patterns JavaScript rejects")
    print(summary)
    # Legacy patterns are Rust regexes; every corpus one also compiles as a JS RegExp.
    assert regex_errors(built) == []


_SAMPLE = [(spec, lowered.shape) for _, (spec, lowered) in sorted(_LOWERED.items())]


@pytest.mark.skipif(not _SAMPLE, reason="../shared/corpus is not beside the checkout")
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(_SAMPLE or [None]).flatmap(
    lambda pair: legacy_values(pair[0]).map(lambda value: (pair[1], value))))
def test_corpus_values_round_trip(case):
    shape, legacy = case
    form = legacy_to_form(shape, legacy)
    assert form_to_legacy(shape, form) == without_pointers(shape, legacy)
    assert form_to_legacy(shape, form, legacy) == without_pointers(shape, legacy,
                                                                   lists_only=True)
