"""The user's cache directory and the parser-table cache over it."""

from __future__ import annotations

import os

import pytest

from migrator import usercache
from migrator.syntax import lark_cache
from migrator.usercache import private_cache_dir, read_private, write_atomic

SAMPLE = "a-z,0-9"  # a legacy `charset`


def test_the_directory_is_private_and_under_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    directory = private_cache_dir("lark")
    assert directory == tmp_path / "startos-migrate" / "lark"
    assert os.stat(directory).st_mode & 0o777 == 0o700


@pytest.mark.parametrize("mode", [0o775, 0o777])
def test_a_directory_others_can_write_to_is_not_used(tmp_path, monkeypatch, mode):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "startos-migrate").mkdir()
    os.chmod(tmp_path / "startos-migrate", mode)
    assert private_cache_dir("lark") is None


def test_a_relative_cache_home_is_not_used(monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert private_cache_dir("lark") is None


def test_a_file_is_replaced_whole_and_read_back(tmp_path):
    path = tmp_path / "entry"
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert read_private(path) == b"two"
    assert os.listdir(tmp_path) == ["entry"], "no temporary file is left behind"


def test_missing_files_and_directories_are_not_errors(tmp_path):
    assert read_private(tmp_path / "missing") is None
    write_atomic(tmp_path / "no" / "such" / "dir", b"data")
    assert not (tmp_path / "no").exists()


def test_a_file_of_another_user_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "entry"
    path.write_bytes(b"code")
    monkeypatch.setattr(usercache.os, "getuid", lambda: os.stat(path).st_uid + 1)
    assert read_private(path) is None


def test_damaged_parser_tables_are_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lark_cache.lark_parser.cache_clear()
    try:
        parser = lark_cache.lark_parser("charset.lark")
        tables = list((tmp_path / "startos-migrate" / "lark").iterdir())
        assert len(tables) == 1, "the tables were saved"
        tables[0].write_bytes(b"not a pickle")
        lark_cache.lark_parser.cache_clear()
        rebuilt = lark_cache.lark_parser("charset.lark")
        assert rebuilt is not parser
        assert rebuilt.parse(SAMPLE) == parser.parse(SAMPLE)
        lark_cache.lark_parser.cache_clear()
        assert lark_cache.lark_parser("charset.lark").parse(SAMPLE) == parser.parse(SAMPLE)
    finally:
        lark_cache.lark_parser.cache_clear()
