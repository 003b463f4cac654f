"""The PR comment stays under GitHub's limit, says what it cut, and no wrapper text can end
its fences or sections; binary files, modes and the compare helpers."""

from __future__ import annotations

import re
import shutil

from migrator.diagnostics import Diagnostic, KeyPath, Location, Severity
from migrator.diff import DiffOptions, DiffResult, FileChange, diff_trees
from migrator.diff.compare import compare_diagnostics, compare_files
from migrator.diff.markdown import GITHUB_COMMENT_LIMIT, LIMIT, fence_for, render_markdown
from migrator.diff.render import render_text
from migrator.emit.writer import GeneratedFile
from tests.conftest import FIXTURES

BASE = FIXTURES / "diff" / "config-field" / "base"


def change(path: str, lines: int, text: str = "line") -> FileChange:
    body = "".join(f"+{text} {i}\n" for i in range(lines))
    return FileChange(path, "added", False, lines, 0,
                      f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{lines} @@\n{body}")


def test_a_huge_real_change_is_cut_with_a_note(tmp_path):
    head = tmp_path / "head"
    shutil.copytree(BASE, head)
    spec = head / "assets" / "compat" / "config_spec.yaml"
    spec.write_text(spec.read_text() + "".join(
        f"field-{i:03}:\n  type: string\n  name: Field number {i} with a long enough name\n"
        f"  description: {'words ' * 20}\n  nullable: true\n" for i in range(300)))
    result = diff_trees(BASE, head, DiffOptions(base_label="base", head_label="head"))
    md = render_markdown(result)
    assert len(md) <= LIMIT < GITHUB_COMMENT_LIMIT
    assert "**Cut to fit a GitHub comment**" in md
    assert md.count("<details>") == md.count("</details>")
    assert md.count("… and ") >= 1  # the 300 new rows do not all fit either
    # every changed file is either shown, cut, or named in the note
    for f in result.files:
        assert f"<code>{f.path}</code>" in md or f"`{f.path}`" in md, f.path


def test_the_cap_keeps_order_cuts_one_diff_and_names_what_it_omits():
    files = (change("f00.ts", 10), change("f01.ts", 5000)) + tuple(
        change(f"f{i:02}.ts", 10) for i in range(2, 8))
    md = render_markdown(DiffResult("b", "h", files=files), limit=20_000)
    assert len(md) <= 20_000
    shown = re.findall(r"<summary><code>(f\d+\.ts)</code>", md)
    assert shown[:2] == ["f00.ts", "f01.ts"]
    assert "<code>f01.ts</code> (+5000 −0) — cut: first " in md
    assert re.search(r"… \d+ more line\(s\) not shown\n", md)
    assert len(md) > 20_000 - 3_000 - 4_000  # the cut diff fills what the note leaves
    note = md[md.index("**Cut to fit"):]
    assert "The diff of `f01.ts` is shown only in part" in note
    for i in range(2, 8):  # shown whole if there was room after the cut one, else named
        assert (f"f{i:02}.ts" in shown) != (f"`f{i:02}.ts`" in note)
    assert render_markdown(DiffResult("b", "h", files=files), limit=20_000) == md


def test_files_too_big_for_what_is_left_are_omitted_whole():
    files = tuple(change(f"f{i:02}.ts", 400) for i in range(30))
    md = render_markdown(DiffResult("b", "h", files=files), limit=20_000)
    shown = re.findall(r"<summary><code>(f\d+\.ts)</code>", md)
    assert shown == [f"f{i:02}.ts" for i in range(len(shown))] and 0 < len(shown) < 30
    assert f"the diffs of {30 - len(shown)} file(s)" in md


def test_many_omitted_names_are_counted_not_listed():
    files = tuple(change(f"dir/{'n' * 60}{i:04}.ts", 50) for i in range(2000))
    md = render_markdown(DiffResult("b", "h", files=files))
    assert len(md) <= LIMIT
    assert re.search(r"and \d+ more\.", md)


def test_wrapper_text_cannot_end_the_fence_or_the_section():
    hostile = ("+```\n+</details>\n+<!-- startos-migrate-diff -->\n+````` x\n"
               "+\x1b]0;t\x07 \u202e\n")
    path = "evil</summary><script>x</script>`|.ts"
    f = FileChange(path, "modified", False, 5, 0, f"--- a/x\n+++ b/x\n@@ -1 +1,5 @@\n{hostile}")
    md = render_markdown(DiffResult("b`", "h\n# forged", files=(f,)))
    fence = fence_for(hostile)
    assert fence == "``````" and f"{fence}diff\n" in md and f"\n{fence}\n" in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\x1b" not in md and "\x07" not in md and "\u202e" not in md
    assert "# forged" not in md.splitlines()  # the label stayed on the title line
    assert md.splitlines()[0].startswith("### startos-migrate diff: `` b` `` → ")


def test_row_and_diagnostic_text_is_escaped_in_the_lists():
    d = Diagnostic(Severity.WARNING, "L644", "x\n- forged <!-- y", Location("m.yaml", 1, 1),
                   KeyPath(("k|ey",)))
    md = render_markdown(DiffResult("b", "h", diagnostics_added=(d,)))
    line = next(ln for ln in md.splitlines() if ln.startswith("- ➕"))
    assert "- forged" in line and "&lt;!--" in line and "\n- forged" not in md


def test_binary_and_mode_changes():
    old = [GeneratedFile("icon.png", b"\x89PNG\0\1"), GeneratedFile("run.sh", b"x\n"),
           GeneratedFile("gone.txt", b"bye\n"), GeneratedFile("noeol", b"a")]
    new = [GeneratedFile("icon.png", b"\x89PNG\0\2"),
           GeneratedFile("run.sh", b"x\n", executable=True), GeneratedFile("noeol", b"b")]
    files = {f.path: f for f in compare_files(old, new)}
    assert files["icon.png"].binary and files["icon.png"].diff == ""
    assert files["run.sh"].status == "mode" and files["run.sh"].new_mode == 0o755
    assert files["gone.txt"].status == "removed" and "+++ /dev/null" in files["gone.txt"].diff
    assert files["noeol"].diff.endswith("+b\n\\ No newline at end of file\n")
    text = render_text(DiffResult("b", "h", files=tuple(files.values())))
    assert "binary files a/icon.png and b/icon.png differ (modified)" in text
    assert "mode of run.sh: 644 → 755" in text
    md = render_markdown(DiffResult("b", "h", files=tuple(files.values())))
    assert "<code>icon.png</code> (modified)" in md


def test_diagnostics_compare_without_lines():
    def d(line, msg="m", code="L644"):
        return Diagnostic(Severity.WARNING, code, msg, Location("manifest.yaml", line, 1))

    added, removed = compare_diagnostics([d(3), d(9, "old")], [d(5), d(5), d(9, code="M402")])
    assert [(x.code, x.location.line) for x in added] == [("L644", 5), ("M402", 9)]
    assert [(x.message, x.location.line) for x in removed] == [("old", 9)]


def test_only_lf_ends_a_line():
    old = [GeneratedFile("a.txt", "x\u2028y\x0cz\r\nend\n".encode())]
    new = [GeneratedFile("a.txt", "x\u2028y\x0cZ\r\nend\n".encode())]
    (f,) = compare_files(old, new)
    assert (f.added, f.removed) == (1, 1)
    assert "-x\u2028y\x0cz\r\n+x\u2028y\x0cZ\r\n end\n" in f.diff
    text = render_text(DiffResult("b", "h", files=(f,)))
    assert "-x\\u2028y\\x0cz\\r\n" in text and "\u2028" not in text
