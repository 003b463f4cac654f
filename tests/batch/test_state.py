"""The incremental state's hashes: what changes the input hash and what does not."""

from __future__ import annotations

import os

from migrator.batch.state import input_hash, output_hash, output_matches
from migrator.convert import convert
from tests.batch.conftest import WRAPPERS


def test_input_hash_covers_what_the_read_stage_reads(tmp_path):
    wrapper, outside = tmp_path / "w", tmp_path / "outside.yaml"
    (wrapper / "assets").mkdir(parents=True)
    (wrapper / "manifest.yaml").write_text("id: x\n")
    outside.write_text("secret: 1\n")
    os.symlink(outside, wrapper / "link.yaml")
    spec = tmp_path / "spec.json"
    spec.write_text("{}")
    base = input_hash(wrapper, spec, {"target": "ts"})
    assert base.startswith("sha256:") and base == input_hash(wrapper, spec, {"target": "ts"})

    outside.write_text("secret: 2\n")  # a link is hashed as a link, never followed
    (wrapper / ".git").mkdir()
    (wrapper / ".git" / "HEAD").write_text("ref")  # left out, as the read stage does
    assert input_hash(wrapper, spec, {"target": "ts"}) == base

    changes = [lambda: (wrapper / "assets" / "x.txt").write_text("new"),
               lambda: os.chmod(wrapper / "manifest.yaml", 0o755),
               lambda: spec.write_text('{"a": 1}')]
    seen = {base, input_hash(wrapper, spec, {"target": "py"}),
            input_hash(wrapper, None, {"target": "ts"})}
    for change in changes:
        change()
        seen.add(input_hash(wrapper, spec, {"target": "ts"}))
    assert len(seen) == 6


def test_output_matches_only_the_untouched_project(tmp_path):
    out = tmp_path / "out"
    convert(WRAPPERS / "hello-json", out)
    recorded = output_hash(out)
    assert output_matches(out, recorded)
    assert not output_matches(out, None) and output_hash(tmp_path / "none") is None
    (out / "README.md").write_text("edited")
    assert output_hash(out) == recorded and not output_matches(out, recorded)
