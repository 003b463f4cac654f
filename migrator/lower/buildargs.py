"""Docker build arguments of the image (issue 10: "images that cannot build").

A Dockerfile `ARG` without a default gets its value from the legacy Makefile's
`--build-arg`s: one value for every build → a literal; a value per architecture → a literal
when the package has one architecture, else `{ env: NAME }` with a TODO that lists the
per-arch values (start-cli reads the variable from its own environment). BuildKit's own
arguments (TARGETARCH, …) need nothing; anything else is a TODO at `buildArgs`."""

from __future__ import annotations

from migrator.lower.context import Lowering
from migrator.lower.legacy_code import script_origin
from migrator.read.buildfiles import AUTOMATIC_ARGS, MakeBuildArg
from migrator.sdk.manifest import BuildArg

MANIFEST_TS = "startos/manifest/index.ts"


def _per_arch(values: list[MakeBuildArg]) -> dict[str, str] | None:
    out: dict[str, str] = {}
    for v in values:
        if v.arch is None or out.get(v.arch, v.value) != v.value:
            return None
        out[v.arch] = v.value
    return out


def lower_build_args(lw: Lowering, arches: tuple[str, ...]) -> tuple[BuildArg, ...]:
    facts = lw.pkg.build
    if facts is None or not facts.args:
        return ()
    passed: dict[str, list[MakeBuildArg]] = {}
    for value in facts.build_args:
        passed.setdefault(value.name, []).append(value)
    out: list[BuildArg] = []
    for arg in facts.args:
        if not arg.has_default and arg.name not in AUTOMATIC_ARGS:
            out.append(_build_arg(lw, facts.dockerfile, arg, passed.get(arg.name, []), arches))
    return tuple(out)


def _build_arg(lw: Lowering, dockerfile: str, arg, values: list[MakeBuildArg],
               arches: tuple[str, ...]) -> BuildArg:
    construct = f"Dockerfile ARG `{arg.name}`"
    at = script_origin(lw, dockerfile, arg.line, f"ARG {arg.name}")
    distinct = sorted({v.value for v in values})
    per_arch = _per_arch(values) if len(distinct) > 1 else None
    if len(distinct) == 1 and "$" not in distinct[0] or \
            (per_arch is not None and len(arches) == 1 and arches[0] in per_arch):
        value = distinct[0] if len(distinct) == 1 else per_arch[arches[0]]  # type: ignore
        lw.row(construct, "translated", f"{MANIFEST_TS} buildArgs",
               f"`--build-arg {arg.name}={value}` of the legacy Makefile", at)
        return BuildArg(arg.name, value)
    if not values:
        why = "has no default and the legacy Makefile passes no value"
    elif any("$" in v for v in distinct):
        why = (f"gets `{distinct[0]}` from the legacy Makefile, which the migrator cannot "
               "evaluate")
    else:
        listed = (", ".join(f"{a}: {v}" for a, v in sorted(per_arch.items())) if per_arch
                  else ", ".join(distinct))
        why = f"took a value per architecture in the legacy Makefile ({listed})"
    todo = lw.todo(f"ARG {arg.name} {why}; start-cli reads `{arg.name}` from its environment "
                   "here: set it when packing (per arch), replace it with a literal, or derive "
                   "it in the Dockerfile from TARGETARCH", at, construct=construct,
                   destination=MANIFEST_TS, code="L676")
    return BuildArg(arg.name, env=arg.name, todo=todo)
