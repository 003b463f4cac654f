"""MIGRATION.md accounts for every construct of the IR (mapping.md §0.2: nothing is
dropped silently)."""

from __future__ import annotations

import pytest

from migrator.diagnostics import Diagnostics
from migrator.ir import build_ir
from migrator.lower.package import lower_package
from migrator.read import read_wrapper
from migrator.textsafe import markdown_inline


def constructs(legacy) -> list[str]:
    """What must appear in a MIGRATION.md row, derived from the IR alone."""
    m = legacy.manifest
    out = [f"interface `{i.id}`" for i in m.interfaces]
    out += [f"health check `{h.id}`" for h in m.health_checks]
    out += [f"action `{a.id}`" for a in m.actions if a.id not in ("config", "properties")]
    out += [f"dependency `{d.id}`" for d in m.dependencies]
    out += [f"volume `{v.id}`" for v in m.volumes]
    out += [f"alert `{a.kind}`" for a in m.alerts]
    out += [f"unknown key `{u.key}`" for u in m.unknown]
    if m.migrations:
        out += [f"migrations.from `{k}`" for k, _, _ in m.migrations.from_]
        out += [f"migrations.to `{k}`" for k, _, _ in m.migrations.to]
    if legacy.config_spec is not None:
        out += [f"config `{f.key}`" for f in legacy.config_spec.fields]
    if legacy.own_rules:
        out += [f"config rule `{e.rule.text}`" for e in legacy.own_rules.entries]
    for dep in m.dependencies:
        rules = legacy.rules_for(dep.id)
        out += [f"rule `{e.rule.text}`" for e in (rules.entries if rules else ())]
    out += ["main", "version", "id, title, description, repositories"]
    if m.era == "0.3":
        out.append("backup")
    return out


def check(converted) -> list[str]:
    diags = Diagnostics()
    legacy = build_ir(read_wrapper(converted.source, diags,
                                   config_spec=_spec(converted)), diags)
    rows = [r.construct for r in lower_package(legacy, Diagnostics()).migration]
    report = (converted.out / "MIGRATION.md").read_text()
    missing = []
    for construct in constructs(legacy):
        if not any(r == construct or r.startswith(construct) for r in rows):
            missing.append(construct)
        elif markdown_inline(construct) not in report:
            missing.append(f"{construct} (not in MIGRATION.md)")
    return missing


def _spec(converted):
    from migrator.corpus import spec_override

    return spec_override(converted.source)


def test_fixture_reports_account_for_every_construct(converted_fixtures):
    assert {c.name: check(c) for c in converted_fixtures} == {c.name: [] for c in
                                                              converted_fixtures}


@pytest.mark.corpus
def test_corpus_reports_account_for_every_construct(converted_corpus):
    missing = {c.name: check(c) for c in converted_corpus}
    assert {k: v for k, v in missing.items() if v} == {}
