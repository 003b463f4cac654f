"""Procedures (docker / script), durations and ids: shared by every manifest section."""

from __future__ import annotations

import math
import re

from migrator.diagnostics import Diagnostics
from migrator.ir.access import Fields, origin_of
from migrator.ir.manifest import DockerProcedure, Procedure, ScriptProcedure
from migrator.read.located import LMap, LNode, LScalar, type_name
from migrator.read.yaml_reader import U64_MAX

ID_03 = re.compile(r"^[a-z]+(-[a-z]+)*$")
ID_04 = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IO_FORMATS = ("json", "json-pretty", "yaml", "cbor", "toml", "toml-pretty")
DOCKER_KEYS = ("type", "image", "system", "entrypoint", "args", "inject", "mounts", "io-format",
               "sigterm-timeout", "shm-size-mb", "gpu-acceleration")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*(d|h|m|s|ms|us|µs|ns)\s*$")
_UNIT_MS = {"d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1, "us": 1e-3,
            "µs": 1e-3, "ns": 1e-6}


def check_id(value: str, node: LNode, diags: Diagnostics, what: str) -> None:
    """Legacy ids: 0.3 allowed only lowercase letters and dashes; 0.4 also allows digits."""
    if ID_03.match(value):
        return
    if ID_04.match(value):
        diags.warning("M404", f"{what} `{value}` contains digits, which the 0.3 OS rejected "
                      "(0.4 accepts them)", node.loc, node.path)
        return
    diags.error("M404", f"{what} `{value}` is not a valid id: use lowercase letters, digits and "
                "single dashes (`^[a-z0-9]+(-[a-z0-9]+)*$`)", node.loc, node.path)


def parse_duration(text: str) -> int | None:
    """Legacy `util::serde::Duration` text → milliseconds (None when it does not parse, or
    when the number does not fit the legacy u64 / finite f64 seconds)."""
    match = _DURATION.match(text)
    if not match:
        return None
    number, unit = match.group(1), match.group(2)
    if "." not in number and (len(number.lstrip("0")) > 20 or int(number) > U64_MAX):
        return None  # the legacy parser read an integer as u64
    value = float(number)
    if not math.isfinite(value):
        return None
    return round(value * _UNIT_MS[unit])


# setTimeout, which the 0.4 runtime uses to escalate to SIGKILL, fires at once above this.
MAX_TIMEOUT_MS = 2**31 - 1


def duration_field(f: Fields, key: str) -> tuple[str | None, int | None]:
    node = f.raw(key)
    if node is None or (isinstance(node, LScalar) and node.value is None):
        return None, None
    if isinstance(node, LScalar) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        if not math.isfinite(node.value) or node.value < 0:
            f.diags.error("M427", f"`{key}` must be a duration ≥ 0, not {_short(node)}",
                          node.loc, node.path, hint='write e.g. "30s"')
            return None, None
        # The 0.4 runtime accepts a bare number of seconds; 0.3 wanted a unit.
        f.diags.warning("M417", f"`{key}` has no unit; the 0.3 OS rejected it (0.4 reads "
                        "seconds)", node.loc, node.path, hint='write e.g. "30s"')
        return _short(node), _capped(f, key, node, float(node.value) * 1000)
    if isinstance(node, LScalar) and isinstance(node.value, str):
        if _DURATION.match(node.value) and parse_duration(node.value) is None:
            f.diags.error("M427", f"`{key}` is out of range: {_short(node)} does not fit the "
                          "legacy duration (u64 seconds)", node.loc, node.path)
            return node.value, None
        ms = parse_duration(node.value)
        if ms is None:
            f.diags.error("M417", f"`{key}` is not a duration: {_short(node)}", node.loc,
                          node.path, hint="a number and a unit: d h m s ms us ns (e.g. 30s)")
            return node.value, None
        return node.value, _capped(f, key, node, ms)
    f.diags.error("M417", f"`{key}` must be a duration string, not {type_name(node)}",
                  node.loc, node.path)
    return None, None


def _short(node: LScalar) -> str:
    text = node.value if isinstance(node.value, str) else (node.raw or "").strip()
    if not text:
        text = repr(node.value)
    return repr(text) if len(text) <= 40 else repr(text[:30]) + f"…({len(text)} characters)"


def _capped(f: Fields, key: str, node: LScalar, ms: float) -> int:
    if ms <= MAX_TIMEOUT_MS:
        return round(ms)
    f.diags.warning("M428", f"`{key}` {_short(node)} is longer than the 0.4 runtime can wait "
                    f"(its timer fires at once above {MAX_TIMEOUT_MS} ms, about 24.8 days); "
                    f"capped to {MAX_TIMEOUT_MS} ms", node.loc, node.path)
    return MAX_TIMEOUT_MS


def mounts_of(f: Fields) -> tuple[tuple[str, str], ...]:
    node = f.map("mounts")
    if node is None:
        return ()
    out = []
    for key, value in node.items():
        if isinstance(value, LScalar) and isinstance(value.value, str):
            out.append((key, value.value))
        else:
            f.diags.error("M408", f"mount point of volume `{key}` must be a path string, "
                          f"not {type_name(value)}", value.loc, value.path)
    return tuple(out)


def build_procedure(node: LNode | None, diags: Diagnostics, what: str, *,
                    extra_keys: tuple[str, ...] = ()) -> Procedure | None:
    """A `PackageProcedure`; `extra_keys` are siblings flattened next to it (health checks)."""
    if node is None or (isinstance(node, LScalar) and node.value is None):
        return None  # every optional procedure may be written as `~`
    if not isinstance(node, LMap):
        diags.error("M408", f"{what} must be a procedure mapping, not {type_name(node)}",
                    node.loc, node.path)
        return None
    f = Fields(node, diags, what=what)
    kind = f.str("type", required=True)
    if kind == "script":
        args = f.plain("args", default=[])
        if not isinstance(args, list):
            diags.error("M408", f"`args` of {what} must be a list", node.loc, node.path)
            args = []
        return ScriptProcedure(tuple(args), origin_of(node), f.unknown(extra_keys))
    if kind != "docker":
        if kind is not None:
            kind_node = node.get("type")
            diags.error("M408", f"{what} has unknown type `{kind}` (expected docker or script)",
                        kind_node.loc, kind_node.path)  # type: ignore[union-attr]
        return None
    image = f.str("image", required=True) or ""
    entrypoint = f.str("entrypoint", required=True)
    args = f.str_list("args") or ()
    io_format = f.str("io-format")
    if io_format is not None and io_format not in IO_FORMATS:
        io_node = node.get("io-format")
        diags.error("M407", f"`io-format` `{io_format}` is not one of {', '.join(IO_FORMATS)}",
                    io_node.loc, io_node.path)  # type: ignore[union-attr]
        io_format = None
    sigterm, sigterm_ms = duration_field(f, "sigterm-timeout")
    return DockerProcedure(
        image=image, entrypoint=entrypoint, args=args, origin=origin_of(node),
        system=bool(f.bool("system")), inject=bool(f.bool("inject")), mounts=mounts_of(f),
        io_format=io_format, sigterm_timeout=sigterm, sigterm_timeout_ms=sigterm_ms,
        shm_size_mb=f.int("shm-size-mb", maximum=U64_MAX, width="usize"),
        gpu_acceleration=bool(f.bool("gpu-acceleration")),
        unknown=f.unknown(extra_keys),
    )


def require_io_format(procedure: Procedure | None, diags: Diagnostics, what: str) -> None:
    if isinstance(procedure, DockerProcedure) and procedure.io_format is None:
        diags.warning("M419", f"{what} has no `io-format`; the 0.3 OS refused to pack it "
                      "(\"expected io-format\")", procedure.origin.loc, procedure.origin.path)
