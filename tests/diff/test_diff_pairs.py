"""`diff` on the fixture pairs tests/fixtures/diff/<case>/{base,head}: markdown snapshots,
the text and JSON forms, and what each change is reported as."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrator import cli
from migrator.diff import DiffOptions, diff_trees
from migrator.diff.markdown import render_markdown
from tests.conftest import FIXTURES

PAIRS = FIXTURES / "diff"
CASES = sorted(p.name for p in PAIRS.iterdir() if (p / "base").is_dir())


@pytest.fixture(scope="module")
def results():
    return {case: diff_trees(PAIRS / case / "base", PAIRS / case / "head",
                             DiffOptions(base_label=f"{case}/base", head_label=f"{case}/head"))
            for case in CASES}


def test_the_four_cases_are_there():
    assert CASES == ["config-field", "interface", "rule-change", "version-bump"]


@pytest.mark.parametrize("case", CASES)
def test_markdown_snapshot(results, case, snapshot):
    assert render_markdown(results[case]) == snapshot


def kinds(result) -> list[tuple[str, str]]:
    return [(c.kind, c.row.construct) for c in result.rows]


def test_version_bump(results):
    r = results["version-bump"]
    assert kinds(r) == [("changed", "version")]
    current = next(f for f in r.files if f.path == "startos/versions/current.ts")
    assert "-const version = '1.0.0:1'\n+const version = '1.0.1:1'\n" in current.diff
    assert not r.diagnostics_added and not r.diagnostics_removed


def test_added_config_field(results):
    r = results["config-field"]
    assert ("translated", "config `log-level`") in kinds(r)
    assert {c.kind for c in r.rows} == {"translated"}
    assert [d.code for d in r.diagnostics_added] == ["L613"]
    assert r.diagnostics_added[0].location.file == "assets/compat/config_spec.yaml"
    config = next(f for f in r.files if f.path == "startos/actions/config.ts")
    assert config.added > 0 and "'log-level'" in config.diff


def test_added_interface(results):
    r = results["interface"]
    assert kinds(r) == [("translated", "interface `api`"),
                        ("not-applicable", "interface `api` tor-config/lan-config")]
    interfaces = next(f for f in r.files if f.path == "startos/interfaces.ts")
    assert "+" in interfaces.diff and "9000" in interfaces.diff


def test_rule_change(results):
    r = results["rule-change"]
    (translated, changed) = r.rows
    assert translated.kind == "translated" and translated.before.status == "todo"
    assert changed.kind == "changed" and "< 8" in changed.before.construct \
        and "< 6" in changed.after.construct
    assert [d.code for d in r.diagnostics_removed] == ["D301"]
    assert not r.diagnostics_added


def test_a_wrapper_against_itself_is_no_change(tmp_path, capsys):
    same = PAIRS / "interface" / "base"
    assert cli.main(["diff", str(same), str(same)]) == 0
    assert "no change in the generated project" in capsys.readouterr().out
    assert cli.main(["diff", str(same), str(same), "--format", "markdown"]) == 0
    assert "No change in the generated project." in capsys.readouterr().out


def test_text_format_and_exit_1(capsys):
    case = PAIRS / "rule-change"
    assert cli.main(["diff", str(case / "base"), str(case / "head")]) == 1
    out = capsys.readouterr().out
    assert "  MIGRATION   1 newly translated, 0 new TODO, 0 newly not applicable, 1 changed, " \
           "0 gone" in out
    assert "  - assets/compat/config_rules.yaml:3:21: error[D301]:" in out
    assert "--- a/startos/rules.ts\n+++ b/startos/rules.ts\n@@ " in out


def test_json_format(capsys):
    case = PAIRS / "interface"
    assert cli.main(["diff", str(case / "base"), str(case / "head"), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "startos-migrate/diff" and doc["version"] == 1
    assert doc["changed"] is True and doc["base"].endswith("interface/base")
    assert doc["summary"]["rows"]["translated"] == 1
    assert doc["migration"][0]["before"] is None
    assert doc["migration"][0]["after"]["construct"] == "interface `api`"
    paths = [f["path"] for f in doc["files"]]
    assert paths == sorted(paths) and "startos/interfaces.ts" in paths
    assert all(f["status"] == "modified" and f["diff"].startswith("--- a/")
               for f in doc["files"])


def test_a_side_that_does_not_convert_is_named_and_exit_2(tmp_path, capsys):
    good = PAIRS / "interface" / "base"
    assert cli.main(["diff", str(good), str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "error[B723]: the head side" in err and "error[R100]" in err
    assert cli.main(["diff", str(tmp_path / "missing"), str(good)]) == 2
    assert "error[B723]: the base side" in capsys.readouterr().err


def test_refs_and_two_directories_do_not_mix(capsys):
    d = str(PAIRS / "interface" / "base")
    assert cli.main(["diff", "--base", "HEAD", d, d]) == 2
    assert "error[B725]" in capsys.readouterr().err


def test_output_is_deterministic(results):
    r = results["config-field"]
    again = diff_trees(PAIRS / "config-field" / "base", PAIRS / "config-field" / "head",
                       DiffOptions(base_label="config-field/base",
                                   head_label="config-field/head"))
    assert render_markdown(again) == render_markdown(r)


def test_config_spec_override_is_read_from_each_side(tmp_path):
    case = PAIRS / "config-field"
    r = diff_trees(case / "base", case / "head",
                   DiffOptions(config_spec="assets/compat/config_spec.yaml"))
    assert ("translated", "config `log-level`") in kinds(r)


def test_diff_help_lists_the_modes():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "migrator", "diff", "--help"],
                          capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert proc.returncode == 0
    assert "BASE_DIR HEAD_DIR" in proc.stdout and "--format {text,json,markdown}" in proc.stdout


def test_header_only_changes_are_told_apart_from_real_ones():
    """A manifest edit changes the hash every generated header quotes; only files whose
    other lines changed are real changes (version-bump: the version modules and MIGRATION)."""
    result = diff_trees(PAIRS / "version-bump" / "base", PAIRS / "version-bump" / "head")
    real = {f.path for f in result.files if not f.provenance_only}
    assert real == {"MIGRATION.md", "startos/versions/current.ts"}
    assert all(f.diff for f in result.files)  # the text and JSON forms keep every diff
    header_only = [f for f in result.files if f.provenance_only]
    assert header_only and all(f.added == f.removed == 1 for f in header_only)
