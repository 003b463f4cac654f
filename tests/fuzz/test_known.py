"""Minimal reproducers of the problems the fuzz suite met outside the rule DSL.

Each was a crash, an escape from the wrapper or raw control characters on the terminal
(numbers, the read boundary, output hygiene: issue 9); all are fixed, and each reproducer
now guards its fix. A new problem the fuzz suite finds and that cannot be fixed at once is
listed in run.KNOWN with a reproducer here (test_every_known_entry_has_a_reproducer)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from tests.fuzz import run
from tests.fuzz.mutate import SECRET, WRAPPERS


def _copy(tmp_path: Path, fixture: str) -> Path:
    wrapper = tmp_path / "wrapper"
    shutil.copytree(WRAPPERS / fixture, wrapper)
    return wrapper


def _append(path: Path, text: str) -> None:
    path.write_bytes(path.read_bytes() + text.encode("utf-8", "surrogatepass"))


def manifest_symlinked_outside(tmp_path: Path) -> Path:
    wrapper = _copy(tmp_path, "hello-v02")
    outside = tmp_path / "outside.yaml"
    text = (wrapper / "manifest.yaml").read_text()
    outside.write_text("\n".join(f'title: "{SECRET}"' if line.startswith("title:") else line
                                 for line in text.splitlines()) + "\n")
    (wrapper / "manifest.yaml").unlink()
    os.symlink(outside, wrapper / "manifest.yaml")
    return wrapper


def escape_sequence_in_a_key(tmp_path: Path) -> Path:
    wrapper = _copy(tmp_path, "hello-v02")
    _append(wrapper / "manifest.yaml", "a\x1b]0;pwned\x07b: 1\n")
    return wrapper


def nul_in_a_manifest(tmp_path: Path) -> Path:
    wrapper = _copy(tmp_path, "hello-v02")
    path = wrapper / "manifest.yaml"
    path.write_bytes(b"\x00" + path.read_bytes())
    return wrapper


def _replace(tmp_path: Path, fixture: str, target: str, old: str, new: str) -> Path:
    wrapper = _copy(tmp_path, fixture)
    path = wrapper / target
    text = path.read_text()
    if old not in text:  # the fixture changed: not the failure the xfail expects
        raise LookupError(f"{target} of {fixture} has no {old!r} any more")
    path.write_text(text.replace(old, new, 1))
    return wrapper


def sigterm_timeout_1e400(tmp_path: Path) -> Path:
    return _replace(tmp_path, "hello-v03", "manifest.yaml", "sigterm-timeout: 45s",
                    "sigterm-timeout: 1e400")


def spec_number_default_400_digits(tmp_path: Path) -> Path:
    return _replace(tmp_path, "hello-v03", "assets/compat/config_spec.yaml", "default: 8\n",
                    "default: " + "9" * 400 + "\n")


def spec_number_default_inf(tmp_path: Path) -> Path:
    return _replace(tmp_path, "hello-v03", "assets/compat/config_spec.yaml", "default: 8\n",
                    "default: .inf\n")


def spec_number_default_nan(tmp_path: Path) -> Path:
    return _replace(tmp_path, "cfg-form-data", "assets/compat/config_spec.yaml",
                    "default: 9735", "default: .nan")


def json_lone_surrogate(tmp_path: Path) -> Path:
    return _replace(tmp_path, "hello-json", "manifest.json", '"title": "Hello JSON"',
                    '"title": "\\udc80"')


# (reproducer, command, --format, owner: why it is known)
CASES: list[tuple[Callable[[Path], Path], str, str, str]] = [
    (manifest_symlinked_outside, "convert", "text",
     "i9read: a manifest symlinked outside the wrapper is read and compiled into OUT"),
    (escape_sequence_in_a_key, "check", "text",
     "i9hygiene: an ESC/BEL sequence in a key is printed raw to the terminal"),
    (nul_in_a_manifest, "check", "text",
     "i9hygiene: a NUL byte from the input is printed raw"),
    (sigterm_timeout_1e400, "check", "json",
     "i9read: OverflowError in build_procedures.duration_field (inf to int)"),
    (spec_number_default_400_digits, "convert", "json",
     "i9read: OverflowError in lower/config_numbers.default_fits (int too large)"),
    (spec_number_default_inf, "convert", "json",
     "i9read: ValueError 'inf has no JavaScript literal' in literals.ts_number"),
    (spec_number_default_nan, "convert", "json",
     "i9read: ValueError 'nan has no JavaScript literal' in literals.ts_number"),
    (json_lone_surrogate, "check", "json",
     "i9read: UnicodeEncodeError (lone surrogate from JSON); --format json prints nothing"),
]


@pytest.mark.parametrize(
    "build, command, fmt, owner",
    [pytest.param(*case, id=case[0].__name__) for case in CASES],
)
def test_found_problem_stays_fixed(tmp_path: Path, build, command: str, fmt: str,
                                owner: str) -> None:
    wrapper = build(tmp_path)
    argv = [command, str(wrapper), "--format", fmt]
    out = tmp_path / "out"
    if command == "convert":
        argv += ["-o", str(out)]
    outcome = run.in_process(argv, out if command == "convert" else None)
    found = run.problems(outcome, json_out=fmt == "json")
    assert not found, found


def test_every_known_entry_has_a_reproducer() -> None:
    owners = {owner.split(":")[0] for *_, owner in CASES}
    for _pattern, owner in run.KNOWN:
        assert owner.split(":")[0] in owners, owner
