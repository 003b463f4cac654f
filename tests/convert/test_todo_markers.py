"""Every TODO row of MIGRATION.md has a `TODO(migrate)` marker at the spot it names (issue 10,
"honest accounting"): a file named in the row's destination holds a `TODO(migrate)` comment
that starts with the row's own text or names the row's legacy source (for a carried script
named with a line, `check-synced.sh:2`: that very line), so a porter who reads the report
finds the place. No allowlist: every row kind, fixtures and corpus."""

from __future__ import annotations

import re

import pytest

from migrator.emit.typescript.literals import ts_comment

GENERATED = re.compile(r"(?:startos/[\w./-]+\.ts|instructions\.md|README\.md|Makefile)")
# A carried wrapper file named with a line (`check-synced.sh:2`): the row is about that
# line of a script the project carries (not a generated file), so its marker must stand at
# that very line; anywhere else in the file would not be the spot the row names.
AT_LINE = re.compile(r"(?<![\w./-])([\w./-]+):(\d+)(?![\w.])")
PREFIX = 60  # characters of the row's text the marker must start with


def named_files(destination: str) -> list[str]:
    return GENERATED.findall(destination)


def named_lines(destination: str) -> list[tuple[str, int]]:
    return [(f, int(n)) for f, n in AT_LINE.findall(destination)]


def unmarked(converted) -> list[str]:
    pkg = converted.result.package
    if pkg is None:
        return []
    missing = []
    for row in pkg.migration:
        if row.status != "todo":
            continue
        texts = [(converted.out / f).read_text(encoding="utf-8")
                 for f in named_files(row.destination) if (converted.out / f).is_file()]
        texts += [_line(converted.out / f, n) for f, n in named_lines(row.destination)
                  if (converted.out / f).is_file()]
        if not any(_marked(row, text) for text in texts):
            missing.append(f"{converted.name}: {row.construct} → {row.destination or '-'}: "
                           f"{row.note[:80]}")
    return missing


def _line(path, number: int) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _marked(row, text: str) -> bool:
    note = "TODO(migrate): " + ts_comment(row.note)[:PREFIX]
    source = f"legacy: {ts_comment(str(row.source))}" if row.source else None
    for line in text.splitlines():
        if "TODO(migrate)" not in line:
            continue
        if note in line or (source and source in line):
            return True
    return False


def test_named_files_are_parsed():
    assert named_files("startos/actions/config.ts, startos/rules.ts") == [
        "startos/actions/config.ts", "startos/rules.ts"]
    assert named_files("startos/manifest/index.ts `volumes`") == ["startos/manifest/index.ts"]
    assert named_files("legacy/scripts/") == []
    assert named_lines("check-synced.sh:2") == [("check-synced.sh", 2)]
    assert named_lines("legacy/scripts/procedures/health.ts:14") == [
        ("legacy/scripts/procedures/health.ts", 14)]
    assert named_lines("startos/actions/config.ts, startos/rules.ts") == []


def _check(converted_list) -> None:
    assert [m for c in converted_list for m in unmarked(c)] == []


def test_every_fixture_todo_row_has_a_marker(converted_fixtures):
    _check(converted_fixtures)


@pytest.mark.corpus
def test_every_corpus_todo_row_has_a_marker(converted_corpus):
    _check(converted_corpus)


def test_a_missing_marker_is_found(tmp_path):
    """The check itself: a TODO row whose file has no marker is reported."""
    from types import SimpleNamespace

    from migrator.sdk.report import MigrationRow, SourceRef

    (tmp_path / "startos").mkdir()
    (tmp_path / "startos/main.ts").write_text("// TODO(migrate): something else\n")
    row = MigrationRow("asset copy `x`", "todo", "startos/main.ts", "seed x in init",
                       SourceRef("manifest.yaml", 3, "assets"))
    pkg = SimpleNamespace(migration=(row,))
    converted = SimpleNamespace(name="t", out=tmp_path, result=SimpleNamespace(package=pkg))
    assert len(unmarked(converted)) == 1
    (tmp_path / "startos/main.ts").write_text("// TODO(migrate): seed x in init (legacy: …)\n")
    assert unmarked(converted) == []


def test_a_marker_on_another_line_of_a_carried_file_is_not_the_spot(tmp_path):
    from types import SimpleNamespace

    from migrator.sdk.report import MigrationRow, SourceRef

    marker = "# TODO(migrate): btc.embassy is gone in 0.4 (legacy: run.sh:2)"
    (tmp_path / "run.sh").write_text(f"#!/bin/sh\n{marker}\ncurl btc.startos\n")
    row = MigrationRow("hostnames in `run.sh`", "todo", "run.sh:3",
                       "btc.embassy is gone in 0.4", SourceRef("run.sh", 2, ""))
    converted = SimpleNamespace(name="t", out=tmp_path, result=SimpleNamespace(
        package=SimpleNamespace(migration=(row,))))
    assert len(unmarked(converted)) == 1
    row = MigrationRow(row.construct, row.status, "run.sh:2", row.note, row.source)
    converted.result.package.migration = (row,)
    assert unmarked(converted) == []


def _todo_lines(text: str) -> list[tuple[str, str]]:
    """(marker line, the line after it) for every TODO(migrate) comment of a file."""
    lines = [line.strip() for line in text.split("\n")]
    return [(line, lines[i + 1]) for i, line in enumerate(lines) if "TODO(migrate)" in line]


def test_markers_stand_at_the_spot_and_each_is_a_row(converted_fixtures):
    """mk-todo-spots: a field the form lacks is marked where it would stand (above the next
    field, or after the last one), a variant's TypeScript spec above its `spec`, every TODO
    of a (folded) dependency above its entry, a tor-key pointer in withPointers; and every
    marker in those files is a TODO row of MIGRATION.md (no decorative TODOs)."""
    [c] = [c for c in converted_fixtures if c.name == "mk-todo-spots"]
    rows = [r for r in c.result.package.migration if r.status == "todo"]
    spots = {}
    for f in ("startos/actions/config.ts", "startos/dependencies.ts",
              "startos/fileModels/config.yaml.ts"):
        for marker, after in _todo_lines((c.out / f).read_text(encoding="utf-8")):
            matching = [r for r in rows if _marked(r, marker)
                        and (r.source is None or f"(legacy: {r.source})" in marker)]
            assert len(matching) == 1, f"{f}: {marker} is not one TODO row"
            spots[matching[0].construct] = after
    assert spots["config `flavour`"].startswith("// TODO(migrate): default is the TypeScript")
    assert spots["config `retries.default`"] == "retries: Value.number({"
    assert spots["config `mode.variants.auto`"] == "spec: InputSpec.of({}),"
    assert spots["config `peers.spec`"] == "peers: Value.list("
    assert spots["config `computed`"] == "})"  # after the last field of the form
    assert spots["dependency `btc-rpc-proxy` config"].startswith("// TODO(migrate)")
    assert spots["dependency `bitcoind` condition"] == "bitcoind: {"
    assert spots["config `onion-key`"] == "return config"
    assert {r.construct for r in rows if r.destination.startswith(
        ("startos/actions/config.ts", "startos/dependencies.ts",
         "startos/fileModels/config.yaml.ts"))} == set(spots)
