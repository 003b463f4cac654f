"""What the wrapper's own scripts say about the running service (issue 10).

The read stage already carries every wrapper file (bounded, inside the wrapper only) as
`LegacyPackage.copied`; this module only looks at that text: the URL a health check probes,
and the legacy `<id>.embassy` / `<id>.startos` hostnames that no longer resolve in 0.4."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from migrator.diagnostics import Location

from migrator.read.wrapper import CopiedFile
from migrator.sdk.report import SourceRef, Todo

URL = re.compile(r"\b(https?|wss?)://\[?([A-Za-z0-9_.:-]+?)\]?(?::(\d{1,5}))?(?=[/\"'`\s)?#]|$)")
PORT_CALL = re.compile(r"checkPortListening\s*\([^,()]*,\s*(\d{1,5})\s*[,)]")
LEGACY_HOST = re.compile(r"\b([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.(embassy|startos)\b", re.I)
_LINE_BREAKS = re.compile("\r\n|[\n\r\u2028\u2029]")  # a marker stays one comment line
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}
DEFAULT_PORT = {"http": 80, "ws": 80, "https": 443, "wss": 443}
# File kinds whose comment syntax is known: the TODO(migrate) marker can sit at the line.
HASH_COMMENT = (".sh", ".bash", ".py", ".conf", ".toml", ".yaml", ".yml", ".env", ".cfg",
                ".ini")
SLASH_COMMENT = (".js", ".ts", ".mjs", ".cjs")
HEALTH_FILES = re.compile(r"(^|/)(healthChecks?|health)\.(ts|js)$", re.I)
# What a legacy process-level script does that a fresh subcontainer cannot reproduce.
PROCESS_LEVEL = re.compile(r"\b(kill\s+(-\w+\s+)?1\b|pkill|killall|s6-svc|supervisorctl|"
                           r"systemctl|service\s+\S+\s+(re)?start|/proc/1\b)")


@dataclass(frozen=True)
class Probed:
    """Ports a piece of script text probes on the service itself, and foreign hosts it calls."""

    ports: tuple[int, ...]
    foreign: tuple[str, ...]  # `<id>.embassy` / `<id>.startos` names of other packages
    own_legacy: bool  # it names the package's own `<id>.embassy`/`.startos`


def probed(text: str, own_id: str) -> Probed:
    ports: dict[int, None] = {}
    for scheme, host, port in URL.findall(text):
        host = host.lower()
        name = LEGACY_HOST.fullmatch(host)
        if host in LOCAL_HOSTS or (name and name.group(1) == own_id):
            ports.setdefault(int(port) if port else DEFAULT_PORT[scheme], None)
    for port in PORT_CALL.findall(text):
        ports.setdefault(int(port), None)
    names = {m.group(1).lower() for m in LEGACY_HOST.finditer(text)}
    return Probed(tuple(ports), tuple(sorted(names - {own_id})), own_id in names)


def comment_prefix(path: str, text: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if name.endswith(SLASH_COMMENT):
        return "//"
    if name.endswith(HASH_COMMENT) or name in ("Dockerfile", ".env") or \
            name.startswith("Dockerfile") or text.startswith("#!"):
        return "#"
    return None


def _is_text(content: bytes) -> str | None:
    if b"\0" in content:
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True)
class Rewrite:
    """One file whose legacy hostnames were rewritten; `todos` = (line, 1-based in the new
    text, of a TODO(migrate) marker for a dependency address; the TODO it shows)."""

    path: str
    content: bytes
    todos: tuple[tuple[int, Todo], ...]
    foreign: tuple[str, ...]

    @property
    def todo_lines(self) -> tuple[int, ...]:
        return tuple(line for line, _ in self.todos)


def _statement_start(lines: list[str], index: int) -> int:
    """The first line of the command a line continues (`\\` continuations), so a comment
    inserted above it does not split the command."""
    while index > 0 and lines[index - 1].rstrip().endswith("\\"):
        index -= 1
    return index


def rewrite_line(line: str, own_id: str) -> tuple[str, set[str]]:
    """(the line with own names → localhost and other packages' → `<id>.startos`, those ids)."""
    foreign: set[str] = set()

    def repl(m: re.Match) -> str:
        name = m.group(1).lower()
        if name == own_id:
            return "localhost"
        foreign.add(name)
        return f"{name}.startos"
    return LEGACY_HOST.sub(repl, line), foreign


def rewrite_hostnames(path: str, content: bytes, own_id: str,
                      source: str | None = None) -> Rewrite | None:
    """Own `<id>.embassy|startos` → localhost; another package's `<id>.embassy` →
    `<id>.startos` with a TODO(migrate) above the command (0.4 prefers its bridge address;
    `source`: the file in the wrapper, for the TODO's legacy line). None when the file has
    no such name, or its comment syntax is unknown."""
    text = _is_text(content)
    if text is None or not LEGACY_HOST.search(text):
        return None
    prefix = comment_prefix(path, text)
    if prefix is None:
        return None
    lines = text.split("\n")
    marks: dict[int, set[str]] = {}
    foreign: set[str] = set()
    for i, line in enumerate(lines):
        lines[i], names = rewrite_line(line, own_id)
        if names:
            foreign |= names
            marks.setdefault(_statement_start(lines, i), set()).update(names)
    out, todos = [], []
    for i, line in enumerate(lines):
        shebang = i == 0 and line.startswith("#!")  # the marker goes below it
        if shebang:
            out.append(line)
        if i in marks:
            names = ", ".join(f"{h}.embassy" for h in sorted(marks[i]))
            todo = Todo(f"{names} is gone in 0.4; the `.startos` name still resolves, but "
                        "prefer the dependency's bridge address (sdk.host.getBridgeAddress)",
                        SourceRef(source or path, i + 1, ""))
            indent = line[:len(line) - len(line.lstrip())]
            todos.append((len(out) + 1, todo))
            out.append(f"{indent}{prefix} " + _LINE_BREAKS.sub(" ", todo.marker()))
        if not shebang:
            out.append(line)
    return Rewrite(path, "\n".join(out).encode("utf-8"), tuple(todos), tuple(sorted(foreign)))


def script_file(copied: tuple[CopiedFile, ...], command: tuple[str, ...]) -> CopiedFile | None:
    """The wrapper file a container command runs: matched by file name (the Dockerfile copies
    it into the image under some path). Only an unambiguous match counts."""
    for token in command:
        name = token.rsplit("/", 1)[-1]
        if not name or name.startswith("-") or "." not in name and "/" not in token:
            continue
        found = [f for f in copied if f.relpath.rsplit("/", 1)[-1] == name
                 and not f.relpath.startswith(("scripts/", "legacy/"))]
        if len(found) == 1:
            return found[0]
    return None


def text_of(f: CopiedFile | None) -> str:
    return (_is_text(f.content) or "") if f is not None else ""


def health_sources(copied: tuple[CopiedFile, ...]) -> tuple[CopiedFile, ...]:
    """The 0.3 TypeScript health procedures (scripts/**/healthChecks.ts, health.ts)."""
    return tuple(f for f in copied if f.relpath.startswith("scripts/")
                 and HEALTH_FILES.search(f.relpath))


def function_segment(text: str, check_id: str, other_ids: tuple[str, ...]) -> str | None:
    """The part of a health source that defines the function for `check_id`: from its key to
    the next check's key (or the end)."""
    def key(cid: str) -> re.Pattern:
        return re.compile(r"""(?<![\w-])["'`]?""" + re.escape(cid) + r"""["'`]?\s*[(:]""")
    start = key(check_id).search(text)
    if start is None:
        return None
    end = len(text)
    for other in other_ids:
        if other == check_id:
            continue
        m = key(other).search(text, start.end())
        if m is not None:
            end = min(end, m.start())
    return text[start.start():end]


def rewrite_carried(lw, carried: tuple) -> tuple:
    """Legacy hostnames in every carried script (entrypoints, health scripts, legacy/…):
    rewritten, with a MIGRATION.md row per file (a TODO row, with the marker at the line,
    when another package's name needs its bridge address)."""
    import dataclasses  # noqa: PLC0415

    out = []
    for f in carried:
        rw = rewrite_hostnames(f.path, f.content, lw.manifest.id, f.source or f.path)
        if rw is None:
            out.append(f)
            continue
        out.append(dataclasses.replace(f, content=rw.content))
        construct = f"hostnames in `{f.source or f.path}`"
        if rw.foreign:
            for line, todo in rw.todos:  # one row per marker, at its line
                lw.todo_row(todo, construct, f"{f.path}:{line}")
            lw.diags.warning("L660", f"{f.source or f.path} calls "
                             + ", ".join(f"{h}.embassy" for h in rw.foreign)
                             + ", gone in 0.4 (rewritten to .startos, TODO at the line)",
                             Location(os.path.join(lw.pkg.wrapper_dir, f.source or f.path)))
        else:
            lw.row(construct, "translated", f.path,
                   f"`{lw.manifest.id}.embassy` → localhost (the service itself)")
    return tuple(out)
