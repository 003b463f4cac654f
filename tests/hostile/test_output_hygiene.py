"""Hostile text reaches people escaped (issue 9, output hygiene).

The fixture `hy-hostile-text` puts ESC/BEL sequences, NUL, newlines that would forge a
Markdown list item, heading or table row, and an HTML comment start into a title, a config
key, a rule description, an alert, an asset copy and the support site."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from migrator import cli, textsafe
from migrator.convert import convert
from migrator.diagnostics import Diagnostic, KeyPath, Location, Severity
from migrator.diagnostics.render import SourceLines, render_json, render_text
from migrator.textsafe import (
    json_text, markdown_block, markdown_inline, terminal_line, terminal_text,
)
from tests.conftest import WRAPPERS

FIXTURE = WRAPPERS / "hy-hostile-text"
# What must never reach a terminal or a Markdown file raw.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
nasty = st.text(st.one_of(st.characters(max_codepoint=0x3000),
                          st.sampled_from("\x00\x1b\x07\n\r|<`\u2028\u202e\x9b\udc80")))


# --- the escaping functions ------------------------------------------------------------

@given(nasty)
def test_terminal_line_is_one_safe_line_and_idempotent(s):
    out = terminal_line(s)
    assert not UNSAFE.search(out) and "\n" not in out
    assert terminal_line(out) == out
    assert not re.search("[\ud800-\udfff]", out)
    out.encode("utf-8")


@given(nasty)
def test_terminal_text_keeps_lines_only(s):
    out = terminal_text(s)
    assert not UNSAFE.search(out)
    assert out.count("\n") == s.count("\n")


@given(nasty)
def test_markdown_inline_stays_in_its_cell(s):
    out = markdown_inline(s)
    assert not UNSAFE.search(out) and "\n" not in out and "\t" not in out
    assert "|" not in out.replace("\\|", "")
    assert "<!--" not in out or out.count("`") >= 2  # only inside a code span
    out.encode("utf-8")


@given(nasty)
def test_markdown_inline_shortcut_returns_what_the_full_path_would(s):
    """Plain cells skip the escaping steps; for every text, skipping or not is the same."""
    shortcut = textsafe._MARKDOWN_CELL_SPECIAL
    try:
        textsafe._MARKDOWN_CELL_SPECIAL = re.compile("")  # matches everywhere: no shortcut
        full = markdown_inline(s)
    finally:
        textsafe._MARKDOWN_CELL_SPECIAL = shortcut
    assert markdown_inline(s) == full


@given(nasty)
def test_markdown_block_keeps_lines_and_shows_controls(s):
    out = markdown_block(s)
    assert not UNSAFE.search(out)
    assert out.count("\n") == s.replace("\r\n", "\n").count("\n")


def test_escapes_are_readable():
    assert terminal_line("a\x1b]0;x\x07\nb") == "a\\x1b]0;x\\x07\\nb"
    assert markdown_inline("x\x00y\n- item | <!-- c") == "x\\x00y - item \\| &lt;!-- c"
    assert markdown_inline("`<id>.startos`") == "`<id>.startos`"  # code spans untouched
    assert markdown_block("a\u2028b\n<b>", markdown=True) == "a\\u2028b\n<b>"


# --- terminal: the diagnostic renderer and the CLI --------------------------------------

def test_render_text_escapes_headline_excerpt_key_and_hint_and_moves_the_caret():
    d = Diagnostic(Severity.WARNING, "C513", "key `a\x1b[2J` is odd",
                   Location("spec.yaml", 1, 5), KeyPath(("a\x1b[2J\nb",)), "hint\x07")
    sources = SourceLines(texts={"spec.yaml": "\x1b[2J: x"})
    text = render_text(d, sources)
    assert "\x1b" not in text and "\x07" not in text
    lines = text.splitlines()
    assert len(lines) == 5
    excerpt, caret = lines[1], lines[2]
    assert excerpt == " 1 | \\x1b[2J: x"
    # column 5 is the ':' after the 4-character escape sequence; the caret is under it
    assert caret.index("^") == excerpt.index(":")
    assert lines[3] == '  = key: ["a\\x1b[2J\\nb"]'


def test_render_json_survives_lone_surrogates_and_escapes_c1():
    d = Diagnostic(Severity.ERROR, "R108", "bad \udc80 \x9b[2J \u2028",
                   Location("m\udc80.json", 1, 1))
    out = render_json([d])
    out.encode("utf-8")  # printing it cannot fail
    assert not UNSAFE.search(out)
    assert json.loads(out)["diagnostics"][0]["message"] == "bad \udc80 \x9b[2J \u2028"
    assert json_text(out) == out


def test_check_prints_no_control_character(capsys):
    assert cli.main(["check", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert not UNSAFE.search(out)
    assert '= key: ["key\\x1b]0;title\\x07\\nforged"]' in out
    # the summary's first line names the title on that one line
    assert "(Hostile\\x1b]0;owned\\x07\\n- **forged title item**)" in out


def test_check_json_prints_no_control_character(capsys):
    assert cli.main(["check", str(FIXTURE), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not UNSAFE.search(out)
    assert json.loads(out)["summary"]["package"]["title"].startswith("Hostile\x1b]0;")


def test_convert_prints_no_control_character(tmp_path, capsys):
    assert cli.main(["convert", str(FIXTURE), "-o", str(tmp_path / "out")]) == 0
    assert not UNSAFE.search(capsys.readouterr().out)


def test_internal_error_message_is_escaped(monkeypatch, capsys):
    def boom(*_a, **_k):
        raise RuntimeError("kaboom \x1b]0;x\x07")

    monkeypatch.setattr("migrator.ir.build_ir", boom)
    assert cli.main(["check", str(FIXTURE)]) == 3
    err = capsys.readouterr().err
    assert "\x1b" not in err and "kaboom \\x1b]0;x\\x07" in err


# --- generated Markdown ------------------------------------------------------------------

def _project(tmp_path):
    out = tmp_path / "out"
    result = convert(FIXTURE, out)
    assert result.ok, [d.headline() for d in result.diagnostics if d.is_error]
    return out


def test_markdown_files_are_text_with_no_control_character(tmp_path):
    out = _project(tmp_path)
    for name in ("MIGRATION.md", "README.md", "instructions.md"):
        data = (out / name).read_bytes()
        assert b"\x00" not in data, name  # git would call it binary and hide the diff
        assert not UNSAFE.search(data.decode("utf-8")), name
    migration = (out / "MIGRATION.md").read_text()
    assert "NUL\\x00here - **forged item** \\| forged \\| row \\| &lt;!--" in migration


def test_no_forged_list_item_heading_or_table_row(tmp_path):
    out = _project(tmp_path)
    migration = (out / "MIGRATION.md").read_text().splitlines()
    assert not [line for line in migration if "forged" in line
                and line.startswith(("- **forged", "| forged", "#"))
                and not line.startswith("# Migration report")]
    todo = migration[migration.index("## TODO") + 2:migration.index("## Translated") - 1]
    items = [line for line in todo if line.startswith("- ")]
    assert len(items) == 2 and any("asset copy `seed - **forged todo item**\\x00.conf`" in i
                                   for i in items)
    rows = [line for line in migration if line.startswith("| ")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) in (3, 4, 5) for row in rows)
    readme = (out / "README.md").read_text().splitlines()
    assert readme[0] == "# Hostile\\x1b]0;owned\\x07 - **forged title item** for StartOS 0.4"
    assert any("mention https://example.com/ # forged heading in README.md" in row
               for row in rows)
    instructions = (out / "instructions.md").read_text()
    assert "\nBack up\\x00 first.\n\\x1b[2J\n&lt;!-- hides the rest -->\n" in instructions


def test_generated_code_with_hostile_title_is_prettier_clean(tmp_path):
    """A long hostile title made the needs-config reason overflow its line (the template
    kept `reason: '…'` on one line where prettier breaks after the colon)."""
    from tests import tsharness

    tsharness.ensure_toolchain()
    out = _project(tmp_path)
    assert tsharness.prettier_check(sorted((out / "startos").rglob("*.ts"))) == []
