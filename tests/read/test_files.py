"""load_text (size, binary, encoding, BOM) and read_structured (dispatch by format)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.diagnostics import Diagnostics, Location
from migrator.read.files import MAX_FILE_BYTES, load_text, read_structured
from migrator.read.located import LMap, to_plain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "read"


def load(path: Path, **kw) -> tuple[str | None, Diagnostics]:
    diags = Diagnostics()
    return load_text(path, "shown/name.yaml", diags, **kw), diags


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_utf8(tmp_path):
    text, diags = load(write(tmp_path, "a.yaml", "id: caf\u00e9\n".encode()))
    assert text == "id: caf\u00e9\n" and not diags.items


def test_bom_is_stripped(tmp_path):
    text, diags = load(write(tmp_path, "a.yaml", b"\xef\xbb\xbfid: x\n"))
    assert text == "id: x\n" and not diags.items


def test_not_utf8_is_located(tmp_path):
    data = "id: x\ntitle: caf\u00e9 ".encode() + b"\xe9t\xe9\n"
    text, diags = load(write(tmp_path, "a.yaml", data))
    assert text is None
    (d,) = diags.items
    assert d.code == "R105"
    # line 2: "title: café " is 12 characters, the bad byte is the 13th
    assert d.location == Location("shown/name.yaml", 2, 13)
    assert "0xe9" in d.message


def test_binary_is_refused_with_a_position(tmp_path):
    text, diags = load(write(tmp_path, "a.yaml", b"id: x\nab\x00cd"))
    assert text is None
    (d,) = diags.items
    assert d.code == "R104" and d.location == Location("shown/name.yaml", 2, 3)
    assert d.hint is None


def test_utf16_gets_a_hint(tmp_path):
    text, diags = load(write(tmp_path, "a.yaml", "id: x\n".encode("utf-16")))
    (d,) = diags.items
    assert d.code == "R104" and "UTF-16" in d.hint


def test_size_cap(tmp_path):
    path = write(tmp_path, "a.yaml", b"a: 1\n" * 100)
    text, diags = load(path, max_bytes=499)
    assert text is None and [d.code for d in diags] == ["R103"]
    text, diags = load(path, max_bytes=500)
    assert text is not None and not diags.items
    assert MAX_FILE_BYTES == 4 * 1024 * 1024


def test_unreadable(tmp_path):
    text, diags = load(tmp_path / "missing.yaml")
    assert text is None and [d.code for d in diags] == ["R114"]
    assert diags.items[0].location == Location("shown/name.yaml")
    text, diags = load(tmp_path)  # a directory
    assert text is None and [d.code for d in diags] == ["R114"]


@pytest.mark.parametrize("name", ["manifest.yaml", "manifest.yml", "manifest.json",
                                  "manifest.toml"])
def test_read_structured_by_extension(name):
    diags = Diagnostics()
    node = read_structured(FIXTURES / "manifests" / name, name, diags)
    assert not diags.items
    assert isinstance(node, LMap)
    assert to_plain(node)["id"] == "hello-world"
    assert to_plain(node)["interfaces"]["main"]["tor-config"]["port-mapping"] == {"80": "80"}
    assert node.entry("id").key_loc.file == name


def test_fmt_overrides_the_extension(tmp_path):
    path = write(tmp_path, "spec.txt", b'{"a": 1}')
    diags = Diagnostics()
    assert to_plain(read_structured(path, "spec.txt", diags, fmt="json")) == {"a": 1}
    assert read_structured(path, "spec.txt", diags) is None
    assert [d.code for d in diags] == ["R119"]


def test_read_structured_reports_syntax_errors_with_the_display_name(tmp_path):
    path = write(tmp_path, "m.json", b'{"a": 1,}')
    diags = Diagnostics()
    assert read_structured(path, "wrapper/m.json", diags) is None
    (d,) = diags.items
    assert d.code == "R108" and d.location == Location("wrapper/m.json", 1, 9)


def test_read_structured_ts(tmp_path):
    diags = Diagnostics()
    node = read_structured(FIXTURES / "ts" / "direct_call.ts", "getConfig.ts", diags, fmt="ts")
    assert "alias" in node and not diags.items
