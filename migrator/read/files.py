"""Reading a file: size cap, binary and encoding checks, then the reader for its format.

Every problem is a located diagnostic; nothing here raises on bad input.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Callable

from migrator.diagnostics import Diagnostics, Location
from migrator.read.boundary import WrapperBoundary
from migrator.read.located import LNode

MAX_FILE_BYTES = 4 * 1024 * 1024  # legacy manifests and specs are a few KB; 4 MB is hostile

# The reader of each format, imported when a file of it is read: a wrapper has one manifest
# format, and the TOML reader alone imports tomlkit, a tenth of a `convert` call's imports.
_READERS = {"yaml": ("migrator.read.yaml_reader", "parse_yaml"),
            "toml": ("migrator.read.toml_reader", "parse_toml"),
            "json": ("migrator.read.json_reader", "parse_json"),
            "ts": ("migrator.read.ts_literal", "extract_get_config")}
_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json"}


def load_text(path: Path, display: str, diags: Diagnostics, *,
              max_bytes: int = MAX_FILE_BYTES, boundary: WrapperBoundary | None = None
              ) -> str | None:
    """The file's text (UTF-8, without a BOM); None after reporting why it cannot be read.
    With a `boundary`, the wrapper's byte and value budgets are charged too, and the text is
    recorded (diags.sources) as one the diagnostics may quote."""
    text = _load_text(path, display, diags, max_bytes, boundary)
    if text is not None and boundary is not None and not boundary.take_values(text, display):
        return None
    if text is not None:
        diags.sources[display] = text
    return text


def _load_text(path: Path, display: str, diags: Diagnostics, max_bytes: int,
               boundary: WrapperBoundary | None) -> str | None:
    whole_file = Location(display)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # never read a huge file whole
    except OSError as exc:
        diags.error("R114", f"cannot read {display}: {exc.strerror or exc}", at=whole_file)
        return None
    if len(data) > max_bytes:
        diags.error("R103", f"{display} is larger than {max_bytes} bytes; it is not read",
                    at=whole_file, hint="legacy manifests and config specs are a few KB")
        return None
    if boundary is not None and not boundary.take_bytes(len(data), display):
        return None
    nul = data.find(b"\0")
    if nul >= 0:
        _binary(data, nul, display, diags)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _not_utf8(data, exc.start, display, diags)
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `index`; the bytes before it on
    its line are valid UTF-8 (it is the first bad byte or the first NUL)."""
    line = data.count(b"\n", 0, index) + 1
    start = data.rfind(b"\n", 0, index) + 1
    return line, len(data[start:index].decode("utf-8", "replace")) + 1


def _binary(data: bytes, nul: int, display: str, diags: Diagnostics) -> None:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    line, col = _byte_position(data, nul)
    diags.error("R104", f"{display} is binary (it contains NUL bytes), not a text file",
                at=Location(display, line, col),
                hint="the file looks UTF-16 encoded; save it as UTF-8" if utf16 else None)


def _not_utf8(data: bytes, bad: int, display: str, diags: Diagnostics) -> None:
    line, col = _byte_position(data, bad)
    diags.error("R105", f"{display} is not valid UTF-8 (byte 0x{data[bad]:02x} at line {line}, "
                f"column {col})", at=Location(display, line, col),
                hint="save the file as UTF-8 (it may be Latin-1 or Windows-1252)")


def format_of(path: Path) -> str | None:
    return _EXTENSIONS.get(path.suffix.lower())


def read_structured(path: Path, display: str, diags: Diagnostics, *,
                    fmt: str | None = None, boundary: WrapperBoundary | None = None
                    ) -> LNode | None:
    """A YAML, TOML or JSON file as located values (format from `fmt` or the extension).
    `fmt="ts"` reads the config spec literal of a getConfig.ts (see ts_literal)."""
    fmt = fmt or format_of(path)
    reader = _reader(fmt or "")
    if reader is None:
        diags.error("R119", f"cannot tell the format of {display}: expected a .yaml, .yml, "
                    ".toml or .json file", at=Location(display))
        return None
    text = load_text(path, display, diags, boundary=boundary)
    if text is None:
        return None
    return reader(text, display, diags)


def import_readers() -> None:
    """Import every format's reader now (a batch does, before it forks its workers)."""
    for fmt in _READERS:
        _reader(fmt)


def _reader(fmt: str) -> Callable[[str, str, Diagnostics], LNode | None] | None:
    if fmt not in _READERS:
        return None
    module, function = _READERS[fmt]
    return getattr(import_module(module), function)
