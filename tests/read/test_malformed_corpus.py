"""The real corpus: broken manifests give located errors; every other data file reads."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from migrator.diagnostics import Diagnostics
from migrator.read.files import read_structured

pytestmark = pytest.mark.corpus

# Data files of the corpus that are genuinely broken outside _malformed/, with the reason.
KNOWN_BROKEN = {
    # `{}` followed by a stray fragment of a pointer spec: not one YAML document.
    "lnbits-lite/5fc5aae4/assets/compat/config_spec.yaml": (6, "document start"),
}


def _malformed_rows(corpus: Path) -> list[tuple[Path, set[int]]]:
    rows = (corpus / "PROVENANCE.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    col = {name: i for i, name in enumerate(header)}
    out = []
    for row in rows[1:]:
        cells = row.split("\t")
        if not cells[col["service"]].startswith("_malformed/"):
            continue
        path = corpus / cells[col["service"]] / cells[col["commit"]][:8] / cells[col["path"]]
        # The note quotes the legacy parser's message: every "line N" it names.
        lines = {int(n) for n in re.findall(r"line (\d+)", cells[col["note"]])}
        out.append((path, lines))
    return out


def test_every_malformed_sample_is_listed(corpus):
    listed = {p for p, _ in _malformed_rows(corpus)}
    on_disk = {p for p in (corpus / "_malformed").rglob("*") if p.is_file()}
    assert listed == on_disk and len(listed) == 9


def test_malformed_manifests_give_located_errors(corpus):
    for path, note_lines in _malformed_rows(corpus):
        diags = Diagnostics()
        display = str(path.relative_to(corpus))
        assert read_structured(path, display, diags) is None, display
        errors = [d for d in diags if d.is_error]
        assert errors, display
        first = errors[0]
        assert first.code in ("R106", "R108"), display
        assert first.location.file == display
        assert first.location.line > 0 and first.location.column > 0, display
        # the error points at one of the lines the legacy parser's message names
        assert first.location.line in note_lines, (display, first.headline(), note_lines)


def _data_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*")
                  if p.suffix in (".yaml", ".yml", ".json") and "_malformed" not in p.parts)


def test_every_other_corpus_file_reads(corpus):
    failures = []
    broken_seen = {}
    for path in _data_files(corpus):
        display = str(path.relative_to(corpus))
        diags = Diagnostics()
        node = read_structured(path, display, diags)
        syntax = [d for d in diags if d.code in ("R106", "R107", "R108")]
        if display in KNOWN_BROKEN:
            broken_seen[display] = syntax
            continue
        if syntax or node is None:
            failures.append((display, [d.headline() for d in diags]))
    assert not failures
    for display, (line, words) in KNOWN_BROKEN.items():
        (d,) = broken_seen[display]
        assert d.location.line == line and words in d.message


def test_corpus_json_reads_fast(corpus):
    files = [p for p in _data_files(corpus) if p.suffix == ".json"]
    assert len(files) > 100
    start = time.perf_counter()
    for path in files:
        read_structured(path, path.name, Diagnostics())
    assert time.perf_counter() - start < 2.0
