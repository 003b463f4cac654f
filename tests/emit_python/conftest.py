"""Python projects of every fixture and corpus snapshot, written once per session and shared
by the proof and the TODO-marker check (as tests/conftest.py shares the conversions)."""

from __future__ import annotations

import pytest

from tests.emit_python import pyharness


def _written(converted, root):
    done = [c for c in converted if c.result.package is not None]
    return done, pyharness.write_projects(done, root)


@pytest.fixture(scope="session")
def python_fixture_projects(converted_fixtures, tmp_path_factory):
    """([converted fixture], [its PyProject]), in the same order."""
    return _written(converted_fixtures, tmp_path_factory.mktemp("py-fixtures"))


@pytest.fixture(scope="session")
def python_corpus_projects(converted_corpus, tmp_path_factory):
    return _written(converted_corpus, tmp_path_factory.mktemp("py-corpus"))
