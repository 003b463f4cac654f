"""`batch` over every `last` snapshot of the corpus (the session's corpus conversion,
tests/conftest.py `corpus_batch`): no wrapper crashes, and the report accounts for all."""

from __future__ import annotations

import json

import pytest


@pytest.mark.corpus
def test_corpus_batch_converts_without_a_crash(corpus_batch):
    snapshots, out, result = corpus_batch
    report = json.loads((out / "report.json").read_text())
    from tests.batch.test_batch import load_schema_validator

    assert list(load_schema_validator().iter_errors(report)) == []
    assert (out / "report.md").is_file() and (out / "report.html").is_file()
    crashed = {r["name"]: r["traceback"] for r in report["wrappers"] if r["status"] == "crashed"}
    assert crashed == {}
    assert result.exit_code in (0, 2)
    totals = report["totals"]
    assert totals["wrappers"] == len(snapshots)
    assert totals["converted"] + totals["input_errors"] == len(snapshots)
    for row in report["wrappers"]:
        if row["status"] == "converted":
            assert (out / row["out"] / ".startos-migrate" / "FILES").is_file()
            assert 0 <= row["automation_rate"] <= 1
