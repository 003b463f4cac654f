"""The TypeScript harness on a hand-written canonical 0.4 project (tests/fixtures/tsproject)."""

from __future__ import annotations

import shutil

import pytest

from tests import tsharness
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "tsproject"


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """Two copies of the fixture, the second broken on purpose (a select default that is not
    one of its values), so that one batch must tell them apart."""
    tsharness.ensure_toolchain()
    root = tmp_path_factory.mktemp("tsprojects")
    good, broken = root / "good", root / "broken"
    for target in (good, broken):
        shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("node_modules"))
    config = broken / "startos" / "actions" / "config.ts"
    text = config.read_text()
    assert "default: 'info'," in text
    config.write_text(text.replace("default: 'info',", "default: 'verbose',"))
    return good, broken


def test_fixture_is_complete():
    names = {p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*") if p.is_file()}
    for required in ("package.json", "tsconfig.json", "Makefile", "instructions.md",
                     "assets/README.md", "startos/index.ts", "startos/sdk.ts",
                     "startos/utils.ts", "startos/main.ts", "startos/interfaces.ts",
                     "startos/backups.ts", "startos/dependencies.ts",
                     "startos/actions/index.ts", "startos/init/index.ts",
                     "startos/versions/index.ts", "startos/versions/current.ts",
                     "startos/manifest/index.ts", "startos/manifest/i18n.ts",
                     "startos/i18n/index.ts", "startos/i18n/dictionaries/default.ts",
                     "startos/i18n/dictionaries/translations.ts"):
        assert required in names
    # s9pk.mk scrapes the package id with awk: exactly one `id:` line, single-quoted
    id_lines = [ln for ln in (FIXTURE / "startos/manifest/index.ts").read_text().splitlines()
                if "id:" in ln]
    assert id_lines == ["  id: 'hello-fixture',"]


def test_typecheck_batch_attributes_errors_to_their_project(projects):
    good, broken = projects
    result = tsharness.typecheck([good, broken])
    assert result[good.resolve()] == []
    errors = result[broken.resolve()]
    assert len(errors) == 1
    assert "startos/actions/config.ts(" in errors[0] and "error TS2322" in errors[0]
    assert '"verbose"' in errors[0]


@pytest.fixture(scope="module")
def dumps(projects, tmp_path_factory):
    """One emit + dump batch: the good fixture and a copy that throws while loading."""
    good, _ = projects
    crashing = tmp_path_factory.mktemp("crashing") / "crashing"
    shutil.copytree(good, crashing, symlinks=True)
    index = crashing / "startos" / "index.ts"
    index.write_text(index.read_text() + "throw new Error('boom')\n")
    result = tsharness.emit_and_dump([good, crashing], strict=False)
    return result[good.resolve()], crashing, result[crashing.resolve()]


def test_emit_and_dump_runs_the_project(dumps):
    dump = dumps[0]
    manifest = dump["manifest"]
    assert manifest["id"] == "hello-fixture"
    assert manifest["version"] == "1.0.0:0"
    assert manifest["sdkVersion"] == "2.0.9"
    assert manifest["volumes"] == ["main"]
    assert set(dump["actions"]) == {"config", "show-info"}
    config = dump["actions"]["config"]
    assert config["metadata"]["hasInput"] is True
    spec = config["spec"]
    assert {k: spec[k]["type"] for k in spec} == {
        "name": "text", "port": "number", "verbose": "toggle", "level": "select",
        "storage": "union", "peers": "list"}
    assert spec["level"]["values"] == {"debug": "Debug", "info": "Info", "warn": "Warning"}
    assert set(spec["storage"]["variants"]) == {"local", "remote"}
    assert config["prefill"] == {"name": "World"}
    info = dump["actions"]["show-info"]
    assert info["metadata"]["hasInput"] is False and info["spec"] is None


def test_dump_reports_a_project_that_cannot_load(dumps):
    _, crashing, crashed = dumps
    assert "boom" in crashed["error"]
    with pytest.raises(AssertionError, match="boom"):
        tsharness.emit_and_dump([crashing])


def test_fixture_is_prettier_clean_and_the_check_can_fail(tmp_path):
    tsharness.ensure_toolchain()
    sources = sorted(FIXTURE.rglob("*.ts"))
    assert len(sources) >= 15
    ugly = tmp_path / "ugly.ts"
    ugly.write_text('export const x = {a: "b"};\n')
    assert tsharness.prettier_check([*sources, ugly]) == [ugly.resolve()]


def test_link_node_modules_is_idempotent_and_refuses_to_clobber(tmp_path):
    project = tmp_path / "p"
    (project / "startos").mkdir(parents=True)
    tsharness.link_node_modules(project)
    tsharness.link_node_modules(project)
    shared = (tsharness.workspace() / "node_modules").resolve()
    assert (project / "node_modules").resolve() == shared
    other = tmp_path / "q"
    (other / "node_modules").mkdir(parents=True)
    with pytest.raises(tsharness.ToolchainError):
        tsharness.link_node_modules(other)
