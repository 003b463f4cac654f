"""`--format github|sarif` on check and convert, and the two renderers on hostile text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from migrator import __version__, cli
from migrator.diagnostics import Diagnostic, KeyPath, Location, Severity
from migrator.diagnostics.formats import render_github, render_sarif
from tests.conftest import FIXTURES, WRAPPERS

# The official SARIF 2.1.0 JSON schema (final rtm.5; the OASIS standard's
# sarif-schema-2.1.0.json, https://docs.oasis-open.org/sarif/sarif/v2.1.0/ ,
# © OASIS Open, published under the OASIS IPR policy), vendored from the MIT-licensed npm
# package @microsoft/jest-sarif 1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json).
SARIF_SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text())

HOSTILE = Diagnostic(Severity.ERROR, "M402", "bad, value: 100% \x1b[31mred\x1b[0m\nforged",
                     Location("w/a,b:c.yaml", 3, 7), KeyPath(("k\x07", 0)), hint="fix\r\nit")


def validate_sarif(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    return log


def test_github_annotation_escapes_data_and_properties():
    line = render_github([HOSTILE], base=".")
    assert "\n" not in line and "\x1b" not in line and "\x07" not in line
    assert line.startswith("::error file=w/a%2Cb%3Ac.yaml,line=3,col=7,"
                           "title=startos-migrate M402::[M402] bad, value: 100%25 ")
    # the control characters are shown escaped, the hint is a second message line
    assert "\\x1b[31mred" in line and "\\nforged" in line and "%0Ahint: fix\\r\\nit" in line


@pytest.mark.parametrize("severity,command", [(Severity.WARNING, "::warning "),
                                              (Severity.NOTE, "::notice ")])
def test_github_severities_and_missing_location(severity, command):
    d = Diagnostic(severity, "R128", "more", None)
    assert render_github([d]) == f"{command}title=startos-migrate R128::[R128] more"


def test_github_line_without_column_and_whole_file():
    whole = Diagnostic(Severity.WARNING, "R101", "no manifest", Location("x/m.yaml"))
    line_only = Diagnostic(Severity.WARNING, "R101", "m", Location("x/m.yaml", 4))
    out = render_github([whole, line_only], base=".").splitlines()
    assert out[0].startswith("::warning file=x/m.yaml,title=")
    assert out[1].startswith("::warning file=x/m.yaml,line=4,title=")


def test_sarif_is_valid_and_points_at_relative_files(tmp_path):
    inside = Diagnostic(Severity.WARNING, "L644", "no Dockerfile",
                        Location(str(tmp_path / "w" / "my file.yaml"), 2, 1), KeyPath(()))
    outside = Diagnostic(Severity.NOTE, "L644", "elsewhere", Location("/etc/x.yaml", 0))
    log = validate_sarif(render_sarif([HOSTILE, inside, outside], tool_version="9.9",
                                      base=tmp_path))
    run = log["runs"][0]
    assert run["tool"]["driver"]["version"] == "9.9"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["M402", "L644"]
    assert "manifest value has the wrong type" in json.dumps(run["tool"]["driver"]["rules"])
    first, second, third = run["results"]
    assert first["level"] == "error" and first["ruleIndex"] == 0
    assert "\x1b" not in first["message"]["text"] and "\\x1b" in first["message"]["text"]
    assert first["properties"] == {"keyPath": '["k\\x07"][0]'}
    loc = second["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "w/my%20file.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 2, "startColumn": 1}
    assert second["ruleIndex"] == 1 and "properties" not in second
    third_loc = third["locations"][0]["physicalLocation"]
    assert third_loc["artifactLocation"] == {"uri": "file:///etc/x.yaml"}
    assert "region" not in third_loc and third["level"] == "note"


def test_sarif_with_no_diagnostics_is_valid():
    log = validate_sarif(render_sarif([], tool_version=__version__))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_check_format_github(capsys, monkeypatch):
    monkeypatch.chdir(WRAPPERS.parent)
    assert cli.main(["check", "wrappers/hello-v02", "--format", "github"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::warning file=wrappers/hello-v02/manifest.yaml,line=68,col=9,"
                             "title=startos-migrate M420::[M420] ")
    assert any(line.startswith("hello-node 0.9.1") for line in out)  # then the summary


def test_check_format_sarif_prints_only_the_log(capsys, monkeypatch):
    monkeypatch.chdir(WRAPPERS)
    assert cli.main(["check", "hy-hostile-text", "--format", "sarif"]) == 0
    log = validate_sarif(capsys.readouterr().out)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]}
    assert uris == {"hy-hostile-text/config_spec.yaml"}


def test_check_sarif_of_a_broken_wrapper_exits_2(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path / "missing"), "--format", "sarif"]) == 2
    log = validate_sarif(capsys.readouterr().out)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["R100"]


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_convert_formats(tmp_path, capsys, monkeypatch, fmt):
    monkeypatch.chdir(WRAPPERS)
    assert cli.main(["convert", "hello-v02", "-o", str(tmp_path / "out"), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "sarif":
        codes = {r["ruleId"] for r in validate_sarif(out)["runs"][0]["results"]}
        assert {"M420", "L644", "L668"} <= codes
    else:
        annotations = [line for line in out.splitlines() if line.startswith("::")]
        assert {re.search(r"title=startos-migrate (\w+)", a)[1] for a in annotations} == \
            {"M420", "L644", "L668"}
        assert "file(s) written" in out
    assert Path(tmp_path / "out" / "startos" / "index.ts").is_file()


def test_the_vendored_schema_rejects_what_code_scanning_would():
    log = json.loads(render_sarif([HOSTILE], tool_version="1"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
