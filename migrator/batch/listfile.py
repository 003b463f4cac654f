"""The batch list file: one wrapper per line, with options.

    # comment lines and trailing comments start with `#`
    services/bitcoind
    services/lnd            config-spec=specs/lnd.json
    "odd dir/with spaces"   name=odd
    services/x              name=x-main  config-spec=../x.yaml   # after a comment: ignored

A line is split like a POSIX shell does it (`shlex`): quotes group, `#` starts a comment.
The first word is the wrapper directory; the other words are `key=value` options:

    config-spec=PATH   the wrapper's config spec (as `convert --config-spec`)
    name=NAME          the output name (OUT/NAME) instead of the derived one

Relative paths are relative to the directory of the list file. Every problem is reported
at its line (B701-B705) and the batch does not start.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from migrator.batch.inputs import WrapperInput, name_problem
from migrator.diagnostics import Diagnostics, Location

OPTIONS = ("config-spec", "name")
MAX_LIST_BYTES = 4 * 1024 * 1024


def read_list_file(path: Path, diags: Diagnostics) -> list[WrapperInput]:
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            diags.error("B701", f"{path} is larger than {MAX_LIST_BYTES // 1024 // 1024} MiB",
                        Location(str(path)))
            return []
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        diags.error("B701", f"{path} is not UTF-8 text", Location(str(path)))
        return []
    except OSError as err:
        diags.error("B701", f"cannot read {path}: {err.strerror}", Location(str(path)))
        return []
    return parse_list(text, path, diags)


def parse_list(text: str, path: Path, diags: Diagnostics) -> list[WrapperInput]:
    base = path.parent
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        item = _parse_line(line, Location(str(path), number, 1), base, diags)
        if item is not None:
            found.append(item)
    return found


def _parse_line(line: str, at: Location, base: Path, diags: Diagnostics) -> WrapperInput | None:
    try:
        words = shlex.split(line, comments=True, posix=True)
    except ValueError as err:  # an unterminated quote or a trailing backslash
        diags.error("B702", f"cannot split the line into words: {err}", at)
        return None
    if not words:
        return None
    wrapper, options = words[0], {}
    ok = True
    for word in words[1:]:
        key, sep, value = word.partition("=")
        where = Location(at.file, at.line, _column(line, word))
        if not sep or key not in OPTIONS:
            diags.error("B702", f"`{word}` is not an option (expected "
                        f"{', '.join(k + '=…' for k in OPTIONS)})", where)
            ok = False
        elif not value:
            diags.error("B702", f"option `{key}` has no value", where)
            ok = False
        elif key in options:
            diags.error("B702", f"option `{key}` is given twice", where)
            ok = False
        else:
            options[key] = (value, where)
    wrapper_path = _resolve(base, wrapper)
    if not wrapper_path.is_dir():
        diags.error("B703", f"the wrapper `{wrapper}` ({wrapper_path}) does not exist or is "
                            "not a directory", at)
        ok = False
    spec = None
    if "config-spec" in options:
        value, where = options["config-spec"]
        spec = _resolve(base, value)
        if not spec.is_file():
            diags.error("B703", f"the config spec `{value}` ({spec}) does not exist or is "
                                "not a file", where)
            ok = False
    name = None
    if "name" in options:
        name, where = options["name"]
        problem = name_problem(name)
        if problem:
            diags.error("B705", f"the output name `{name}` {problem}", where)
            ok = False
    return WrapperInput(wrapper_path, spec, name, at) if ok else None


def _resolve(base: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else base / path


def _column(line: str, word: str) -> int:
    """Where `word` starts on the line (1-based); quoting may hide it, then 1."""
    found = line.find(word)
    return found + 1 if found >= 0 else 1
