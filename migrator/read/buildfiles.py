"""Docker build arguments (Dockerfile `ARG`s, legacy Makefile `--build-arg`s) and the shell
scripts a wrapper's docker backup procedures ran, read from the in-memory wrapper files.

Like migrator.read.scripts: bounded linear scans of `CopiedFile`s (inside the wrapper by
construction); a path named by the manifest is normalised and refused when it would leave
the wrapper."""

from __future__ import annotations

import re
from dataclasses import dataclass

from migrator.read.discovery import _asset_mounts, container_to_wrapper
from migrator.read.located import LMap, LScalar, LSeq
from migrator.read.scripts import inside, text_of
from migrator.read.wrapper import CopiedFile

# Set by BuildKit for every build: a Dockerfile may declare them without a value.
AUTOMATIC_ARGS = frozenset({
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS",
    "BUILDARCH", "BUILDVARIANT", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY",
    "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy",
})
PLATFORM_ARCH = {"amd64": "x86_64", "x86_64": "x86_64", "arm64": "aarch64",
                 "aarch64": "aarch64", "riscv64": "riscv64"}
MAX_SCRIPT_LINES = 400


@dataclass(frozen=True)
class DockerArg:
    name: str
    has_default: bool
    line: int


@dataclass(frozen=True)
class MakeBuildArg:
    name: str
    value: str  # make variables of simple literal assignments resolved; `$` left = unknown
    line: int
    arch: str | None  # from `--platform=linux/<x>` of the same command, or the target name


@dataclass(frozen=True)
class BuildFacts:
    dockerfile: str = "Dockerfile"
    args: tuple[DockerArg, ...] = ()
    makefile: str | None = None
    build_args: tuple[MakeBuildArg, ...] = ()


@dataclass(frozen=True)
class BackupScript:
    """A shell script run by a docker `backup.create` / `backup.restore` procedure, split
    around the one command that moves the data (duplicity, rsync, cp, tar)."""

    role: str  # create | restore
    relpath: str
    excludes: tuple[tuple[int, str], ...]  # (line, path) of every `--exclude` option
    transfer_line: int | None  # the command that backs up / restores the data
    before: tuple[tuple[int, str], ...]  # (line, command) before it
    after: tuple[tuple[int, str], ...]  # (line, command) after it
    uses_args: bool  # reads $1, $@, … (its procedure's args)
    branches: bool  # if/case/functions: the split above is not the whole story


# -- Dockerfile / Makefile ---------------------------------------------------------------------

def _logical_lines(text: str):
    """(first line number, joined text) with backslash continuations folded."""
    start, parts = 0, []
    for number, raw in enumerate(text.splitlines(), 1):
        if not parts:
            start = number
        if raw.rstrip().endswith("\\"):
            parts.append(raw.rstrip()[:-1])
            continue
        parts.append(raw)
        yield start, " ".join(parts)
        parts = []
    if parts:
        yield start, " ".join(parts)


def dockerfile_args(f: CopiedFile) -> tuple[DockerArg, ...]:
    found: dict[str, DockerArg] = {}
    for line, text in _logical_lines(text_of(f)):
        m = re.match(r"\s*ARG\s+(.*)", text, re.I)
        if not m:
            continue
        for decl in m.group(1).split():
            name, eq, _ = decl.partition("=")
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                continue
            old = found.get(name)
            found[name] = DockerArg(name, bool(eq) or (old is not None and old.has_default),
                                    old.line if old else line)
    return tuple(found.values())


def _make_vars(text: str) -> dict[str, str]:
    out = {}
    for _, line in _logical_lines(text):
        m = re.match(r"([A-Za-z_]\w*)\s*(?::=|=|\?=)\s*(.*)$", line)
        if m and not line.startswith("\t") and "$" not in m.group(2):
            out[m.group(1)] = m.group(2).strip()
    return out


def _resolve(value: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$[({]([A-Za-z_]\w*)[)}]",
                  lambda m: variables.get(m.group(1), m.group(0)), value)


def makefile_build_args(f: CopiedFile) -> tuple[MakeBuildArg, ...]:
    text = text_of(f)
    variables = _make_vars(text)
    out: list[MakeBuildArg] = []
    target_arch = None
    for line, logical in _logical_lines(text):
        if not logical.startswith("\t"):
            target = re.match(r"([^:=\s][^:=]*):(?!=)", logical)
            if target:
                name = target.group(1)
                target_arch = next((a for k, a in PLATFORM_ARCH.items() if k in name), None) \
                    or ("aarch64" if re.search(r"\barm\b", name) else None)
            continue
        if "--build-arg" not in logical:
            continue
        platform = re.search(r"--platform[= ]\s*linux/([a-z0-9_]+)", logical)
        arch = PLATFORM_ARCH.get(platform.group(1)) if platform else target_arch
        for m in re.finditer(r"--build-arg(?:=|\s+)(\"[^\"]*\"|'[^']*'|\S+)", logical):
            token = m.group(1).strip("'\"")
            name, eq, value = token.partition("=")
            if eq and re.fullmatch(r"[A-Za-z_]\w*", name):
                out.append(MakeBuildArg(name, _resolve(value, variables), line, arch))
    return tuple(out)


def read_build(copied: dict[str, CopiedFile]) -> BuildFacts | None:
    docker = copied.get("Dockerfile")
    make = copied.get("Makefile")
    if docker is None:
        return None  # no docker build: nothing takes build arguments
    return BuildFacts("Dockerfile", dockerfile_args(docker) if docker else (),
                      "Makefile" if make else None,
                      makefile_build_args(make) if make else ())


# -- backup shell scripts ------------------------------------------------------------------------

TRANSFER = re.compile(r"\b(duplicity|rsync|cp|tar)\b")
SETUP = re.compile(r"^(set\s+-|exit\b|#!|true$)")
BRANCHES = re.compile(r"^(if|then|else|elif|fi|case|esac|for|while|do|done|function)\b|\(\)\s*\{")


def _str(node) -> str | None:
    return str(node.value) if isinstance(node, LScalar) and node.value is not None else None


def _script_path(manifest: LMap, proc: LMap) -> str | None:
    """The wrapper path of the script a docker procedure runs (entrypoint, or `sh <file>`)."""
    entry = _str(proc.get("entrypoint"))
    args = proc.get("args")
    argv = [_str(a) for a in args] if isinstance(args, LSeq) else []
    candidates = [entry] + ([argv[0]] if entry in ("sh", "bash", "/bin/sh", "/bin/bash")
                            and argv else [])
    mounts = _asset_mounts(manifest, proc)
    for path in candidates:
        if not path or not path.startswith("/"):
            continue
        rel = container_to_wrapper(path, mounts)
        rel = inside(rel) if rel else None
        if rel:
            return rel
    return None


def backup_script(role: str, relpath: str, f: CopiedFile) -> BackupScript:
    text = "\n".join(text_of(f).splitlines()[:MAX_SCRIPT_LINES])
    excludes, before, after = [], [], []
    transfer = None
    uses_args = branches = False
    for number, logical in _logical_lines(text):
        command = logical.strip()
        if not command or command.startswith("#") or SETUP.match(command):
            continue
        if re.search(r"\$(?:[1-9@*#]|\{[1-9@*#])|\bshift\b", command):
            uses_args = True
        if BRANCHES.match(command):
            branches = True
        for m in re.finditer(r"--exclude(?:=|\s+)(\"[^\"]*\"|'[^']*'|\S+)", command):
            excludes.append((number, m.group(1).strip("'\"")))
        if transfer is None and TRANSFER.search(command):
            transfer = number
        elif transfer is None:
            before.append((number, " ".join(command.split())))
        else:
            after.append((number, " ".join(command.split())))
    return BackupScript(role, relpath, tuple(excludes), transfer, tuple(before), tuple(after),
                        uses_args, branches)


def read_backup_scripts(manifest: LMap, copied: dict[str, CopiedFile]
                        ) -> tuple[BackupScript, ...]:
    backup = manifest.get("backup")
    if not isinstance(backup, LMap):
        return ()
    out = []
    for role in ("create", "restore"):
        proc = backup.get(role)
        if not isinstance(proc, LMap) or _str(proc.get("type")) != "docker":
            continue
        rel = _script_path(manifest, proc)
        if rel is not None and rel in copied:
            out.append(backup_script(role, rel, copied[rel]))
    return tuple(out)
