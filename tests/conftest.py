from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from migrator.convert import ConvertResult, convert
from migrator.corpus import batch_list, corpus_dir, last_snapshots, spec_override

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
WRAPPERS = FIXTURES / "wrappers"
# Every wrapper under tests/fixtures/wrappers: a new fixture is proven without editing this.
WRAPPER_NAMES = sorted(p.name for p in WRAPPERS.iterdir() if p.is_dir())


@pytest.fixture(scope="session")
def corpus() -> Path:
    found = corpus_dir()
    if found is None:
        pytest.skip("../shared/corpus is not beside the checkout")
    return found


# Every fixture wrapper and every `last` corpus snapshot is converted once per session and
# shared by the proof (tests/convert) and the runtime harness (tests/runtime).

@dataclass
class Converted:
    name: str
    source: Path
    out: Path
    result: ConvertResult
    spec: Path | None = None  # the config spec override the conversion used


def _convert_all(root: Path, sources: list[tuple[str, Path, Path | None]]) -> list[Converted]:
    done = []
    for name, source, spec in sources:
        out = root / name
        done.append(Converted(name, source, out, convert(source, out, config_spec=spec), spec))
    return done


@pytest.fixture(scope="session")
def converted_fixtures(tmp_path_factory) -> list[Converted]:
    root = tmp_path_factory.mktemp("fixtures")
    return _convert_all(root, [(n, WRAPPERS / n, None) for n in WRAPPER_NAMES])


class _Quiet:
    """A progress stream that is not a terminal and keeps nothing."""

    def write(self, text):
        pass

    def flush(self):
        pass

    def isatty(self):
        return False


@pytest.fixture(scope="session")
def corpus_batch(tmp_path_factory):
    """Every `last` snapshot converted once per session by `batch -j2` (two workers halve
    the fixture's cost on CI's two cores); tests/batch/test_corpus.py checks the batch
    itself, the others use the ConvertResults through `converted_corpus`."""
    from migrator.batch import BatchOptions, run_batch

    corpus = corpus_dir()
    if corpus is None:
        pytest.skip("../shared/corpus is not beside the checkout")
    snapshots = last_snapshots(corpus)
    list_file = tmp_path_factory.mktemp("corpus-list") / "list.txt"
    list_file.write_text(batch_list(snapshots))
    out = tmp_path_factory.mktemp("corpus")
    result = run_batch(BatchOptions(out=out, list_files=(list_file,), jobs=2,
                                    incremental=False, keep_results=True, progress=_Quiet()))
    return snapshots, out, result


@pytest.fixture(scope="session")
def converted_corpus(corpus_batch) -> list[Converted]:
    snapshots, out, batch = corpus_batch
    records = {r.name: r for r in batch.records}
    done = []
    for snap in snapshots:
        record = records[f"{snap.parent.name}-{snap.name}"]
        if record.result is None:
            pytest.fail(f"converting {snap} crashed the migrator:\n{record.traceback}")
        done.append(Converted(record.name, snap, out / record.name, record.result,
                              spec_override(snap)))
    return done
