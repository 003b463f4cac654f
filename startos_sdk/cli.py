"""`python -m <package> dump | check-config FILE`: what every generated project's
`__main__` runs."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from startos_sdk.json import stringify

if TYPE_CHECKING:
    from migrator.sdk.package import SdkPackage

USAGE = """usage: python -m PACKAGE dump | check-config FILE

  dump               print the built manifest and every action's metadata and form, as the
                     TypeScript project's node dump prints them (JSON.stringify(x, null, 2))
  check-config FILE  validate a legacy config.yaml against the form and the package's own
                     rules; print every failing rule, exit 1 if any
"""


def dump_text(package: SdkPackage) -> str:
    """`{"manifest": ..., "actions": {id: {metadata, spec, prefill}}}`, JSON.stringify'd."""
    return stringify(package.to_json())


def run(argv: Sequence[str], package: SdkPackage, own_rules: Sequence[Any] = ()) -> int:
    """Exit codes: 0 ok, 1 the config fails a check, 2 bad usage or unreadable file."""
    args = list(argv)
    if args == ["dump"]:
        sys.stdout.buffer.write((dump_text(package) + "\n").encode("utf-8"))
        sys.stdout.flush()
        return 0
    if len(args) == 2 and args[0] == "check-config":
        return _check_config(args[1], package, own_rules)
    sys.stderr.write(USAGE)
    return 0 if args in (["-h"], ["--help"]) else 2


def _check_config(file: str, package: SdkPackage, own_rules: Sequence[Any]) -> int:
    from ruamel.yaml import YAML  # noqa: PLC0415 - only check-config needs it
    from ruamel.yaml.error import YAMLError  # noqa: PLC0415

    from startos_sdk import config_check  # noqa: PLC0415 - its rules runtime loads lazily

    try:
        with open(file, encoding="utf-8") as handle:
            config = YAML(typ="safe", pure=True).load(handle)
    except (OSError, UnicodeDecodeError, YAMLError) as err:
        sys.stderr.write(f"{_safe(file)}: error: cannot read the config: "
                         f"{_safe(str(err).splitlines()[0] if str(err) else type(err).__name__)}\n")
        return 2
    failures = config_check.check_config(package, own_rules, config)
    for failure in failures:
        sys.stdout.write(_safe(failure) + "\n")
    return 1 if failures else 0


def _safe(text: str) -> str:
    from migrator.textsafe import terminal_line  # noqa: PLC0415

    return terminal_line(text)
