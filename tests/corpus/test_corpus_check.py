"""Every snapshot of ../shared/corpus through read + IR: no crash, and errors only where the
wrapper is genuinely invalid (each listed below with the reason)."""

from __future__ import annotations

import pytest

from migrator import cli
from migrator.corpus import corpus_dir, snapshot_dirs, spec_override
from tests.helpers import check_dir

# snapshot → why it is genuinely invalid (the legacy OS rejected it too)
EXPECTED_INVALID: dict[str, str] = {
    "photoview/f78dc44e": "`properties` mounts volume `compat`, which the manifest does not "
    "declare (0.3 pack-time validation rejects it)",
}
# Invalid for the legacy OS too, but with one unambiguous reading: converted with a warning.
RECOVERED = {
    "electrum-ps/ae78cb54": "C502",  # object `bitcoin` without `spec` (file cut off)
    "feedview-relay/c2f01ff8": "C502",  # list item fields directly under `spec`
    "guardian-ui/e4e602fa": "M401",  # dependency without `requirement`
}

_CORPUS = corpus_dir()
SNAPSHOTS = snapshot_dirs(_CORPUS) if _CORPUS else []


def _name(path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.corpus
@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=_name)
def test_snapshot_reads(snapshot):
    pkg, diags = check_dir(snapshot, spec_override(snapshot))
    errors = [d.headline() for d in diags if d.is_error]
    name = _name(snapshot)
    if name in EXPECTED_INVALID:
        assert errors, f"{name} was expected to be invalid: {EXPECTED_INVALID[name]}"
    else:
        assert errors == []
    if name in RECOVERED:
        assert RECOVERED[name] in [d.code for d in diags if not d.is_error]
    for d in diags:
        assert d.location is not None and d.location.file, d.headline()


@pytest.mark.corpus
def test_corpus_is_present_and_counted(corpus):
    assert len(SNAPSHOTS) > 150


@pytest.mark.corpus
@pytest.mark.parametrize("manifest", sorted((_CORPUS / "_malformed").rglob("manifest.*"))
                         if _CORPUS else [], ids=lambda p: _name(p.parent))
def test_malformed_manifest_exits_2_with_location(manifest, capsys):
    assert cli.main(["check", str(manifest.parent), "--no-summary"]) == 2
    first = capsys.readouterr().out.splitlines()[0]
    location, _, rest = first.partition(": error[")
    path, line, column = location.rsplit(":", 2)
    assert path.endswith(manifest.name) and int(line) > 0 and int(column) > 0, first
