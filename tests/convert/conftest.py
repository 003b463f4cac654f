"""The converted fixtures and corpus live in tests/conftest.py (shared with tests/runtime)."""

from tests.conftest import WRAPPER_NAMES as FIXTURES, Converted  # noqa: F401
