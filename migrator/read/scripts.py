"""What a wrapper's legacy code does beyond its manifest, found by reading it (never running it).

The legacy OS ran `scripts/embassy.js` (built from `scripts/**/*.ts`) and shell scripts from
assets volumes. Lowering needs to know whether they did more than the compat helpers:
a `setConfig` that also writes the service's own config files, properties that are not
`compat.properties`, backups with excludes. Every scan here is a bounded, linear pass over
files the read stage already holds in memory (`CopiedFile`: inside the wrapper, regular
files only, size-capped), so no later stage touches the disk and nothing outside the
wrapper is ever read.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from dataclasses import dataclass

from migrator.read.wrapper import CopiedFile

SCAN_MAX = 256 * 1024  # bytes of one file scanned; the rest is ignored (and said so)
SNIPPET_LINES = 8
SNIPPET_CHARS = 400
CONTENT_MAX = 8192  # characters of a `toWrite:` the migrator carries

SET_CONFIG_FILES = ("scripts/services/setConfig.ts", "scripts/procedures/setConfig.ts")
PROPERTIES_FILES = ("scripts/services/properties.ts", "scripts/procedures/properties.ts")
BACKUP_FILES = ("scripts/services/backups.ts", "scripts/procedures/backups.ts",
                "scripts/services/createBackup.ts", "scripts/procedures/createBackup.ts")
BUNDLE_FILES = ("scripts/embassy.ts", "scripts/embassy.js")


@dataclass(frozen=True)
class Snippet:
    """A piece of legacy code, quoted where its behaviour could not be carried."""

    file: str  # relative to the wrapper
    line: int
    text: str  # at most SNIPPET_LINES lines / SNIPPET_CHARS characters
    path: str | None = None  # the literal `path:` it writes, when there is one
    volume: str | None = None  # the literal `volumeId:`
    # `toWrite:` as literal text and config key paths (None: not that simple)
    content: tuple[str | tuple[str, ...], ...] | None = None


@dataclass(frozen=True)
class SetConfigFacts:
    file: str
    line: int
    plain: bool  # exactly `compat.setConfig` (writes start9/config.yaml and nothing else)
    side_effects: tuple[Snippet, ...] = ()  # file writes and calls that hand `effects` on


@dataclass(frozen=True)
class PropertiesFacts:
    file: str
    line: int
    compat: bool  # `compat.properties`: reads start9/stats.yaml of volume `main`
    code: Snippet | None = None


@dataclass(frozen=True)
class ScriptBackupFacts:
    """`Backups.volumes(...)` / `Backups.with_options({ exclude })` of the embassy SDK."""

    file: str
    line: int
    volumes: tuple[str, ...]
    excludes: tuple[str, ...]
    understood: bool  # False: custom sets, hooks or logic the migrator does not carry
    code: Snippet | None = None


@dataclass(frozen=True)
class ScriptFacts:
    set_config: SetConfigFacts | None = None
    properties: PropertiesFacts | None = None
    backups: ScriptBackupFacts | None = None
    truncated: tuple[str, ...] = ()  # files longer than SCAN_MAX (only their start was read)


# -- helpers ---------------------------------------------------------------------------------

def text_of(f: CopiedFile) -> str:
    return f.content[:SCAN_MAX].decode("utf-8", errors="replace")


def inside(relpath: str) -> str | None:
    """`relpath` normalised, or None when it would leave the wrapper."""
    norm = posixpath.normpath(relpath.replace("\\", "/"))
    if norm.startswith("/") or norm == ".." or norm.startswith("../") or norm == ".":
        return None
    return norm


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def snippet(file: str, text: str, offset: int, whole_lines: bool = False) -> Snippet:
    """The statement starting at `offset`, up to its closing parenthesis, or (whole_lines)
    the next SNIPPET_LINES lines; bounded either way, dedented."""
    end = _statement_end(text, offset) if not whole_lines else min(len(text), offset + 4096)
    line_start = text.rfind("\n", 0, offset) + 1
    lines = [x.rstrip() for x in text[line_start:end].splitlines()][:SNIPPET_LINES]
    body = textwrap.dedent("\n".join(lines)).strip("\n")[:SNIPPET_CHARS]
    path = re.search(r"\bpath\s*:\s*(['\"`])([^'\"`$]*)\1", body)
    volume = re.search(r"\bvolumeId\s*:\s*(['\"`])([^'\"`$]*)\1", body)
    return Snippet(file, line_at(text, offset), body,
                   path.group(2) if path else None, volume.group(2) if volume else None)


def _statement_end(text: str, offset: int, bound: int = SNIPPET_CHARS) -> int:
    depth, end, seen = 0, offset, False
    limit = min(len(text), offset + bound)
    while end < limit:
        ch = text[end]
        if ch in "([{":
            depth, seen = depth + 1, True
        elif ch in ")]}":
            depth -= 1
            if seen and depth <= 0:
                return end + 1
        elif ch == ";" and depth <= 0:
            return end
        end += 1
    return end


def _strip_comments(text: str) -> str:
    """Blank out // and /* */ comments, keeping offsets (so line numbers stay right)."""
    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))
    return re.sub(r"/\*.*?\*/|//[^\n]*", blank, text, flags=re.S)


def _find_export(files: dict[str, CopiedFile], candidates: tuple[str, ...], name: str
                 ) -> tuple[str, str, int] | None:
    """(file, comment-free text, offset of the definition) of `export const|function name`.
    The comment-free text keeps every offset of the file's text (`text_of`)."""
    pattern = re.compile(rf"export\s+(?:const\s+{name}\b[^=]*=|(?:async\s+)?function\s+{name}\b)")
    for rel in (*candidates, *BUNDLE_FILES):
        f = files.get(rel)
        if f is None:
            continue
        text = _strip_comments(text_of(f))
        m = pattern.search(text)
        if m:
            return rel, text, m.end()
    return None


def _raw_statement(f: CopiedFile, offset: int) -> str:
    """The statement at `offset` in the file's own text (comments kept: a `//` inside a
    template literal is content), bounded."""
    raw = text_of(f)
    return raw[offset:_statement_end(raw, offset, CONTENT_MAX)]


def _body(text: str, start: int) -> str:
    """The definition starting at `start`: up to the next top-level `export` (bounded)."""
    nxt = re.compile(r"\n\s*export\s").search(text, start)
    return text[start:nxt.start() if nxt else len(text)]


# -- setConfig -------------------------------------------------------------------------------

WRITES = re.compile(r"\beffects\s*\.\s*(writeFile|writeJsonFile|createDir|removeFile|rename|"
                    r"runCommand|runDaemon|chown|chmod|removeDir)\s*\(")
NOT_CALLS = frozenset({"compat.setConfig", "setConfig", "async", "function", "if", "while",
                       "for", "switch", "return", "catch", "await"})
HANDS_ON = re.compile(r"\b(?:await\s+)?([A-Za-z_$][\w$.]*)\s*\(\s*effects\b")


def _export(files: dict[str, CopiedFile], names, export: str):
    """(file, text, start, body, line, is exactly `compat.<export>`) of an exported
    procedure, or None when no file of `names` exports it."""
    found = _find_export(files, names, export)
    if found is None:
        return None
    rel, text, start = found
    body = _body(text, start)
    plain = re.fullmatch(rf"\s*compat\s*\.\s*{export}\s*;?\s*", body) is not None
    return rel, text, start, body, line_at(text, start), plain


def scan_set_config(files: dict[str, CopiedFile]) -> SetConfigFacts | None:
    found = _export(files, SET_CONFIG_FILES, "setConfig")
    if found is None:
        return None
    rel, text, start, body, line, plain = found
    if plain:
        return SetConfigFacts(rel, line, True)
    effects: list[Snippet] = []
    param = _config_param(body)
    for m in WRITES.finditer(body):
        found = snippet(rel, text, start + m.start())
        if m.group(1) == "writeFile" and param is not None:
            raw = _raw_statement(files[rel], start + m.start())
            found = Snippet(found.file, found.line, found.text, found.path, found.volume,
                            write_content(raw, param))
        effects.append(found)
    for m in HANDS_ON.finditer(body):
        callee = m.group(1)
        if callee in NOT_CALLS or callee.startswith("effects."):
            continue
        effects.append(snippet(rel, text, start + m.start()))
    effects.sort(key=lambda s: s.line)
    return SetConfigFacts(rel, line, False, tuple(effects))


def _config_param(body: str) -> str | None:
    """The name of setConfig's second parameter (the config), e.g. `newConfig`."""
    m = re.match(r"\s*(?:async\s*)?(?:function\s*\w*\s*)?\(\s*[A-Za-z_$][\w$]*\s*(?::[^,()]*)?,"
                 r"\s*([A-Za-z_$][\w$]*)", body)
    return m.group(1) if m else None


JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "`": "`", "$": "$", "'": "'",
              '"': '"', "0": "\0", "b": "\b", "f": "\f", "v": "\v", "\n": ""}
KEY = re.compile(r"\.\s*([A-Za-z_$][\w$]*)|\[\s*(['\"])([^'\"\\]*)\2\s*\]")


def _decode(chunk: str) -> str | None:
    """A JS string/template chunk's value; None for escapes this reader does not decode."""
    out, i = [], 0
    while i < len(chunk):
        ch = chunk[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = chunk[i + 1:i + 2]
        if nxt in JS_ESCAPES and not (nxt == "0" and chunk[i + 2:i + 3].isdigit()):
            out.append(JS_ESCAPES[nxt])
            i += 2
        elif nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", chunk[i + 2:i + 6]):
            out.append(chr(int(chunk[i + 2:i + 6], 16)))
            i += 6
        else:
            return None
    return "".join(out)


def _key_path(expr: str, param: str) -> tuple[str, ...] | None:
    expr = expr.strip()
    if not expr.startswith(param):
        return None
    rest, keys = expr[len(param):], []
    while rest.strip():
        m = KEY.match(rest.lstrip())
        if m is None:
            return None
        keys.append(m.group(1) or m.group(3))
        rest = rest.lstrip()[m.end():]
    return tuple(keys) or None


def write_content(text: str, param: str) -> tuple[str | tuple[str, ...], ...] | None:
    """`toWrite:` of an `effects.writeFile({...})` call when it is a string literal or a
    template literal whose `${}` are plain key paths of the config (`cfg.a["b"]`)."""
    m = re.search(r"\btoWrite\s*:\s*", text)
    if m is None:
        return None
    rest = text[m.end():]
    quote = rest[:1]
    if quote in ("'", '"'):
        lit = re.match(rf"{quote}((?:[^{quote}\\\n]|\\.)*){quote}\s*,?\s*}}\s*\)$", rest, re.S)
        value = _decode(lit.group(1)) if lit else None
        return (value,) if value is not None else None
    if quote != "`":
        return None
    parts: list[str | tuple[str, ...]] = []
    i, chunk = 1, []
    while i < len(rest):
        ch = rest[i]
        if ch == "\\":
            chunk.append(rest[i:i + 2])
            i += 2
        elif ch == "`":
            break
        elif rest.startswith("${", i):
            end = rest.find("}", i)
            path = _key_path(rest[i + 2:end], param) if end > 0 else None
            decoded = _decode("".join(chunk))
            if path is None or decoded is None:
                return None
            parts += [decoded, path] if decoded else [path]
            chunk, i = [], end + 1
        else:
            chunk.append(ch)
            i += 1
    else:
        return None  # unterminated (cut by the snippet bound)
    decoded = _decode("".join(chunk))
    if decoded is None or not re.fullmatch(r"\s*,?\s*}\s*\)", rest[i + 1:]):
        return None
    return tuple(parts + ([decoded] if decoded else []))


# -- properties ------------------------------------------------------------------------------

def scan_properties(files: dict[str, CopiedFile]) -> PropertiesFacts | None:
    found = _export(files, PROPERTIES_FILES, "properties")
    if found is None:
        return None
    rel, text, start, _body_text, line, plain = found
    if plain:
        return PropertiesFacts(rel, line, True)
    return PropertiesFacts(rel, line, False, snippet(rel, text, start, True))


# -- backups (embassy SDK `Backups`) ---------------------------------------------------------

BACKUPS_CALL = re.compile(r"\bBackups\s*\.\s*(volumes|with_options|addSets)\s*\(")
STRING = re.compile(r"(['\"])((?:(?!\1)[^\\\n])*)\1")


def _args(text: str, open_paren: int) -> tuple[str, int]:
    depth, i = 0, open_paren
    while i < len(text) and i < open_paren + SNIPPET_CHARS * 4:
        if text[i] in "([{":
            depth += 1
        elif text[i] in ")]}":
            depth -= 1
            if depth == 0:
                return text[open_paren + 1:i], i + 1
        i += 1
    return text[open_paren + 1:i], i


def scan_backups(files: dict[str, CopiedFile]) -> ScriptBackupFacts | None:
    for rel in (*BACKUP_FILES, *BUNDLE_FILES):
        f = files.get(rel)
        if f is None:
            continue
        text = _strip_comments(text_of(f))
        m = BACKUPS_CALL.search(text)
        if m is None:
            continue
        return _backup_chain(rel, text, m.start())
    return None


def _backup_chain(rel: str, text: str, start: int) -> ScriptBackupFacts:
    """Walk `Backups.a(...).b(...)...build()`, collecting volumes and excludes."""
    volumes: list[str] = []
    excludes: list[str] = []
    understood = True
    pos = text.index("Backups", start) + len("Backups")
    call = re.compile(r"\s*\.\s*([A-Za-z_]\w*)\s*\(")
    while True:
        m = call.match(text, pos)
        if m is None:
            break
        args, pos = _args(text, m.end() - 1)
        name = m.group(1)
        if name == "volumes":
            items = STRING.findall(args)
            if not items or re.sub(STRING, "", args).strip(" ,\n\t"):
                understood = False
            volumes += [v for _, v in items]
        elif name in ("with_options", "set_options"):
            opt = re.search(r"\bexclude\s*:\s*\[", args)
            if opt:
                inner, _ = _args(args, opt.end() - 1)
                items = STRING.findall(inner)
                if re.sub(STRING, "", inner).strip(" ,\n\t"):
                    understood = False  # computed excludes
                excludes += [v for _, v in items]
            rest = re.sub(r"\bexclude\s*:\s*\[[^\]]*\]", "", args)
            if re.search(r"\w+\s*:", rest):
                understood = False  # delete/force/ignoreExisting: rsync defaults differ
        elif name != "build":
            understood = False  # addSets (custom paths) and anything else
    return ScriptBackupFacts(rel, line_at(text, start), tuple(dict.fromkeys(volumes)),
                             tuple(dict.fromkeys(excludes)), understood and bool(volumes),
                             snippet(rel, text, start, True))


def scan_scripts(copied: tuple[CopiedFile, ...]) -> ScriptFacts | None:
    """The facts of the wrapper's scripts/ (None when it has none)."""
    files = {f.relpath: f for f in copied if f.relpath.startswith("scripts/")}
    if not files:
        return None
    truncated = tuple(rel for rel, f in files.items() if len(f.content) > SCAN_MAX)
    return ScriptFacts(scan_set_config(files), scan_properties(files), scan_backups(files),
                       truncated)
