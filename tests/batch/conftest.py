from __future__ import annotations

import shutil
from pathlib import Path

import pytest

WRAPPERS = Path(__file__).resolve().parents[1] / "fixtures" / "wrappers"
SAMPLE = ("hello-json", "hello-toml", "hello-v03", "rt-health")


@pytest.fixture
def inputs(tmp_path) -> Path:
    """A directory of a few fixture wrappers the test may change."""
    root = tmp_path / "in"
    for name in SAMPLE:
        shutil.copytree(WRAPPERS / name, root / name)
    return root


def broken_wrapper(root: Path, name: str) -> Path:
    """A wrapper whose manifest does not parse (an input error, exit 2)."""
    path = root / name
    path.mkdir(parents=True)
    (path / "manifest.yaml").write_text("id: [unclosed\n")
    return path


class Sink:
    """A progress stream that is not a terminal and keeps what is written."""

    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)

    def flush(self):
        pass

    def isatty(self):
        return False
