from __future__ import annotations

from pathlib import Path

import pytest

from migrator.corpus import corpus_dir

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
WRAPPERS = FIXTURES / "wrappers"


@pytest.fixture(scope="session")
def corpus() -> Path:
    found = corpus_dir()
    if found is None:
        pytest.skip("../shared/corpus is not beside the checkout")
    return found
