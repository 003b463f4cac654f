from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from migrator.convert import ConvertResult, convert
from migrator.corpus import corpus_dir, last_snapshots, spec_override

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


@pytest.fixture(scope="session")
def converted_corpus(tmp_path_factory) -> list[Converted]:
    corpus = corpus_dir()
    if corpus is None:
        pytest.skip("../shared/corpus is not beside the checkout")
    root = tmp_path_factory.mktemp("corpus")
    return _convert_all(root, [(f"{s.parent.name}-{s.name}", s, spec_override(s))
                               for s in last_snapshots(corpus)])
