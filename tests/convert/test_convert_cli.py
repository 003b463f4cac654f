"""`startos-migrate convert`: determinism, --force, --check, and refusing to clobber."""

from __future__ import annotations

import json
import os
import shutil

from migrator import cli
from tests.conftest import WRAPPERS


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def run(*args) -> int:
    return cli.main(["convert", *map(str, args)])


def test_convert_writes_a_project_and_a_summary(tmp_path, capsys):
    assert run(WRAPPERS / "hello-v03", "-o", tmp_path / "out") == 0
    out = capsys.readouterr().out
    assert "file(s) written" in out and "translated" in out and "TODO" in out
    files = tree(tmp_path / "out")
    for path in ("startos/index.ts", "startos/manifest/index.ts", "MIGRATION.md",
                 "instructions.md", "Makefile", "package.json", ".startos-migrate/FILES",
                 "legacy/scripts/embassy.ts", "Dockerfile", "docker_entrypoint.sh"):
        assert path in files, path
    assert files["Makefile"].splitlines()[1] == b"ARCHES := x86 arm"
    manifest_lines = files["startos/manifest/index.ts"].decode().splitlines()
    assert [line for line in manifest_lines if "id:" in line] == ["  id: 'hello-relay',"]


def test_converting_twice_is_byte_identical_from_any_cwd(tmp_path, monkeypatch):
    assert run(WRAPPERS / "hello-v03", "-o", tmp_path / "a") == 0
    copy = tmp_path / "elsewhere" / "hello-v03"
    shutil.copytree(WRAPPERS / "hello-v03", copy)
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert run("hello-v03", "-o", tmp_path / "b") == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_non_empty_output_is_refused_without_force(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    assert run(WRAPPERS / "hello-v03", "-o", out) == 2
    assert "error[L630]" in capsys.readouterr().out
    assert tree(out) == {"mine.txt": b"keep me"}


def test_force_rerun_removes_stale_files_and_keeps_user_files(tmp_path):
    out = tmp_path / "out"
    assert run(WRAPPERS / "hello-v03", "-o", out) == 0
    (out / "startos" / "mine.ts").write_text("// mine\n")
    stale = out / "startos" / "actions" / "reset.ts"
    assert stale.exists()
    wrapper = tmp_path / "w"
    shutil.copytree(WRAPPERS / "hello-v03", wrapper)
    text = (wrapper / "manifest.yaml").read_text()
    (wrapper / "manifest.yaml").write_text(text.replace("  reset:\n", "  reboot:\n"))
    assert run(wrapper, "-o", out, "--force") == 0
    assert not stale.exists()
    assert (out / "startos" / "actions" / "reboot.ts").exists()
    assert (out / "startos" / "mine.ts").read_text() == "// mine\n"


def test_check_reports_pending_changes_with_exit_1(tmp_path):
    out = tmp_path / "out"
    assert run(WRAPPERS / "hello-v02", "-o", out, "--check") == 1
    assert not out.exists()
    assert run(WRAPPERS / "hello-v02", "-o", out) == 0
    before = {p: os.stat(p).st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert run(WRAPPERS / "hello-v02", "-o", out, "--check") == 0
    assert run(WRAPPERS / "hello-v02", "-o", out, "--force") == 0
    assert before == {p: os.stat(p).st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_input_errors_write_nothing(tmp_path, capsys):
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "manifest.yaml").write_text("id: [\n")
    assert run(tmp_path / "w", "-o", tmp_path / "out") == 2
    assert not (tmp_path / "out").exists()


def test_json_summary(tmp_path, capsys):
    assert run(WRAPPERS / "hello-json", "-o", tmp_path / "o", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["constructs"]["todo"] > 0
    assert doc["summary"]["files"]["written"] > 10


def test_version_override(tmp_path, capsys):
    assert run(WRAPPERS / "hello-toml", "-o", tmp_path / "o", "--version", "2.1.0:0") == 0
    assert "'2.1.0:0'" in (tmp_path / "o" / "startos" / "versions" / "current.ts").read_text()
    assert run(WRAPPERS / "hello-toml", "-o", tmp_path / "p", "--version", "two") == 2


def test_a_rule_that_does_not_parse_is_located_and_the_rest_converts(tmp_path, capsys):
    wrapper = tmp_path / "w"
    shutil.copytree(WRAPPERS / "hello-v03", wrapper)
    rules = wrapper / "assets" / "compat" / "config_rules.yaml"
    rules.write_text(rules.read_text().replace("#max-peers < 4", "#max-peers << 4"))
    assert run(wrapper, "-o", tmp_path / "out") == 2
    out = capsys.readouterr().out
    assert f"{rules}:1:35: error[D301]" in out  # file line, column inside the rule
    config = (tmp_path / "out" / "startos" / "actions" / "config.ts").read_text()
    assert "`!(quiet?) OR #max-peers << 4`" in config and "does not parse" in config
    assert "ownRule" in (tmp_path / "out" / "startos" / "rules.ts").read_text()


def test_rules_naming_missing_keys_warn(tmp_path, capsys):
    wrapper = tmp_path / "w"
    shutil.copytree(WRAPPERS / "hello-v03", wrapper)
    rules = wrapper / "assets" / "compat" / "config_rules.yaml"
    rules.write_text(rules.read_text().replace("!(quiet?)", "!(qiet?)"))
    assert run(wrapper, "-o", tmp_path / "out") == 0
    out = capsys.readouterr().out
    assert "warning[D309]: the rule names `qiet`" in out and "read it as false" in out
