"""Mutations of real fixture wrappers (tests/fixtures/wrappers/*; never corpus files).

A `Plan` says which fixture, which of its files and which mutations; `build(plan, root)`
copies the fixture under `root` and applies the plan there. Plans are drawn by hypothesis
(`plans()`), so a failing case shrinks to a short plan that `describe()` prints as a
reproducer.

Mutation kinds (issue 9, "What to build" §8):
  flip      byte flips at random offsets
  splice    a hostile token inserted at a random offset (control characters, YAML tags and
            anchors, lone surrogates, huge numbers, brackets, TypeScript syntax, DSL tokens)
  value     one scalar value replaced by a hostile value of another type (type swap, huge
            values, deep nesting, control characters); JSON files are edited as data, YAML,
            TOML and getConfig.ts literals as text
  rule      one rule DSL string replaced by a generated hostile rule
  symlink   the file (or its directory) replaced by a symlink: outside the wrapper (to a
            file holding SECRET), dangling, a loop, or to a directory
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
WRAPPERS = REPO / "tests" / "fixtures" / "wrappers"
SECRET = "FUZZ-SECRET-7d1c0a"  # written outside the wrapper; must never reach the output

_TARGET = re.compile(
    r"(manifest\.(ya?ml|json|toml)|.*(spec|rules|dependencies).*\.ya?ml|getConfig\.ts)$"
)


def targets(fixture: str) -> list[str]:
    """The fixture's manifest, spec, rule and getConfig.ts files (relative paths)."""
    root = WRAPPERS / fixture
    found = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*")) if p.is_file()]
    return [f for f in found if _TARGET.match(Path(f).name)]


FIXTURES = sorted(p.name for p in WRAPPERS.iterdir() if p.is_dir() and targets(p.name))

# ------------------------------------------------------------------ hostile material

HOSTILE_TOKENS = [
    "\x00", "\x1b]0;pwned\x07", "\x1b[2J", "\x07", "\r", "\u202e", "\ufeff", "\x85",
    "&a ", "*a ", "!!python/object:os.system ", "!<tag:x> ", "<<: *a", "{", "[", "]", "}",
    ": ", "- ", "? ", "'", '"', "'''", "\\", "\t", "%YAML 1.1\n", "---\n", "...\n",
    "1e400", ".inf", ".nan", "-5", "9" * 400, "0x1F", "1_000", "${x}", "`", "*/", "/*",
    "//", "compat.getConfig<", "as const", "toString", "__proto__", "constructor",
    "AND", "OR", "!(", "[first(x => ", "#", "?", "=>", "\\udc80", "\udc80",
]

# YAML/TOML/TS spellings of hostile values; None: the file's own kind decides
HOSTILE_VALUES = [
    "[]", "{}", "null", "true", "false", "0", "-1", "-5", "1e400", "-1e400", ".inf", ".nan",
    "9" * 400, "1" * 5000, "0.1e-400", '"\\x1b[2Jcleared"', '"a\\u0000b"', '"line\\nbreak"',
    '"' + "A" * 100_000 + '"', "[" * 3000 + "]" * 3000, "[[[[[[[[1]]]]]]]]",
    '"toString"', '"__proto__"', '"\\udc80"', "~", "*undefined_alias", "&anchor 1",
    "!!binary aGVsbG8=", "2001-12-14t21:59:43.10-05:00", "0o777", "-.inf",
]

# for a value that is a number or a duration: what range checks must catch
HOSTILE_NUMBERS = [
    ".inf", "-.inf", ".nan", "1e400", "-1e400", "9" * 400, "-" + "9" * 400, "-5", "-0",
    "0.1e-400", "1e400s", "99999999999999999999999s", "-5s", "1.5", "0x10", "1_000",
    "18446744073709551616", "NaN", "Infinity",
]

TS_VALUES = [
    "1e400", "-1e400", "0x1F", "1_000", "-0", "NaN", "Infinity", "undefined", "null",
    "`tpl${x}`", "[...a]", "{ ...spread }", "foo()", "new Date()", '"\\u0000"',
    '"\\x1b[2J"', '"\\udc80"', "[" * 2000 + "]" * 2000, "{ a: " * 500 + "1" + " }" * 500,
    '"' + "A" * 100_000 + '"', "9" * 400, "compat.getConfig<" * 200, "/* unterminated",
    "`", "'", "(", ")", "a ? b : c", "x as const", "{ toString: 1, constructor: 2 }",
]

HOSTILE_RULES = [
    "(" * 300 + "a?" + ")" * 300,
    " AND ".join(["a?"] * 400),
    " + ".join(["#a"] * 400) + " > 0",
    "'a = \"\x1b[2J\"",
    "a.[" * 100 + "0" + "]" * 100 + "?",
    "#a > 1e400",
    "#a.[1e30] = 1",
    "'a.[\"\\udc80\"] = \"x\"",
    "[\"a\"].b? OR [[\"p\"]].c?",
    "!(a?) XOR b.*.c.&.[first(x => x?)].[last(y => #y > 1)]?",
    "a.99999999999999999999999?",
    "\x00",
    "a?\n OR b?",
    "'a < 'b AND 'a >= \"x\" OR #a <= 2",
]
HOSTILE_TARGETS = ["[pkg].a", "a.*", "a.&", "a.[any(x => x?)]", "[\"a\"].b", "a.[1e400]", "a"]


# ------------------------------------------------------------------ plans


@dataclass(frozen=True)
class Op:
    kind: str  # flip | splice | value | rule | symlink
    where: float  # 0..1: which offset / occurrence
    choice: int  # which token / value / flip byte / symlink kind


@dataclass(frozen=True)
class Plan:
    fixture: str
    target: str
    ops: tuple[Op, ...]

    def describe(self) -> str:
        ops = "; ".join(f"{o.kind}(where={o.where:.3f}, choice={o.choice})" for o in self.ops)
        return f"{self.fixture}/{self.target}: {ops}"


SYMLINK_KINDS = ("outside-file", "outside-dir", "dangling", "loop", "dir-outside")
KINDS = ("flip", "splice", "value", "rule", "symlink")


@st.composite
def plans(draw, kinds: tuple[str, ...] = KINDS) -> Plan:
    fixture = draw(st.sampled_from(FIXTURES))
    target = draw(st.sampled_from(targets(fixture)))
    op = st.builds(Op, st.sampled_from(kinds), st.floats(0, 1), st.integers(0, 10_000))
    return Plan(fixture, target, tuple(draw(st.lists(op, min_size=1, max_size=3))))


def numeric_slots() -> list[tuple[str, str, int, int]]:
    """(fixture, target, i, n): the i-th of the n number or duration values of a file."""
    slots = []
    for fixture in FIXTURES:
        for target in targets(fixture):
            path = WRAPPERS / fixture / target
            found = _numeric_matches(path, path.read_text(encoding="utf-8"))
            slots += [(fixture, target, i, len(found)) for i in range(len(found))]
    return slots


@st.composite
def number_plans(draw) -> Plan:
    """One number or duration of one fixture file (uniform over all of them) replaced by
    a hostile number: range checks hide behind specific keys (`sigterm-timeout`, `ram`,
    health-check timeouts, number defaults) that random edits rarely reach."""
    fixture, target, i, n = draw(st.sampled_from(numeric_slots()))
    choice = 1 + 2 * draw(st.integers(0, len(HOSTILE_NUMBERS) - 1))  # odd: a number
    return Plan(fixture, target, (Op("value", (i + 0.5) / n, choice),))


def build(plan: Plan, root: Path) -> Path:
    """Copy the fixture to root/wrapper, apply the plan; root/outside holds SECRET."""
    wrapper = root / "wrapper"
    shutil.copytree(WRAPPERS / plan.fixture, wrapper, symlinks=True)
    outside = root / "outside"
    outside.mkdir(exist_ok=True)
    path = wrapper / plan.target
    for op in plan.ops:
        apply(op, path, outside)
        if op.kind == "symlink":
            break  # the file (or its directory) is gone: nothing left to mutate
    return wrapper


def apply(op: Op, path: Path, outside: Path) -> None:
    if op.kind == "symlink":
        _symlink(op, path, outside)
        return
    data = path.read_bytes()
    if op.kind == "flip":
        data = _flip(data, op)
    elif op.kind == "splice":
        token = HOSTILE_TOKENS[op.choice % len(HOSTILE_TOKENS)]
        at = int(op.where * len(data))
        data = data[:at] + token.encode("utf-8", "surrogatepass") + data[at:]
    elif op.kind == "value":
        data = _value(path, data, op)
    else:
        data = _rule(data, op)
    path.write_bytes(data)


def _flip(data: bytes, op: Op) -> bytes:
    if not data:
        return b"\xff"
    out = bytearray(data)
    for i in range(1 + op.choice % 4):
        at = int((op.where + i * 0.137) % 1 * len(out))
        out[at] ^= 1 + (op.choice + i * 37) % 255
    return bytes(out)


def _pick(matches: list, where: float):
    return matches[min(int(where * len(matches)), len(matches) - 1)] if matches else None


def _value(path: Path, data: bytes, op: Op) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    numeric = _numeric_matches(path, text)
    if op.choice % 2 and numeric:  # half the time a number or a duration, out of range
        new = HOSTILE_NUMBERS[op.choice // 2 % len(HOSTILE_NUMBERS)]
        return _replace(text, _pick(numeric, op.where), new)
    if path.suffix == ".json":
        try:
            return _json_value(json.loads(text), op)
        except (ValueError, RecursionError):  # not JSON (any more), or nested too deep
            pass
    values = TS_VALUES if path.suffix == ".ts" else HOSTILE_VALUES
    m = _pick(list(_pattern(path).finditer(text)), op.where)
    if m is None:
        return data
    return _replace(text, m, values[op.choice // 2 % len(values)])


def _replace(text: str, m: re.Match, new: str) -> bytes:
    return (text[: m.start(2)] + new + text[m.end(2) :]).encode("utf-8", "surrogateescape")


def _pattern(path: Path) -> re.Pattern:
    if path.suffix == ".ts":
        return re.compile(r"(:\s*)([^,\n{}]+)")
    if path.suffix == ".toml":
        return re.compile(r"(=\s*)([^\n]+)")
    if path.suffix == ".json":
        return re.compile(r"(:\s*)([^,\n{}\[\]]+)")
    return re.compile(r"(:[ \t]+)([^\n#]+)")


def _numeric_matches(path: Path, text: str) -> list[re.Match]:
    return [m for m in _pattern(path).finditer(text)
            if _NUMERIC.match(m.group(2).strip(" \"',"))]


_NUMERIC = re.compile(r"-?[0-9.]+(e[+-]?[0-9]+)?\s*(ms|s|m|h|d)?$", re.IGNORECASE)

_JSON_VALUES: list = [
    [], {}, None, True, 0, -5, 10**400, 1e308 * 10, float("nan"), "\x1b[2J", "a\x00b",
    "\udc80", "A" * 100_000, "toString", {"__proto__": {"a": 1}}, [[[[[[[[1]]]]]]]],
    "__fuzz_lone_surrogate__", "__fuzz_huge_int__",
]


_DEEP = "__fuzz_deep_nesting__"


def _json_value(doc, op: Op) -> bytes:
    slots = []

    def walk(node):
        if isinstance(node, dict):
            for k in node:
                slots.append((node, k))
                walk(node[k])
        elif isinstance(node, list):
            for i, item in enumerate(node):
                slots.append((node, i))
                walk(item)

    walk(doc)
    slot = _pick(slots, op.where)
    if slot is not None:
        container, key = slot
        if op.choice % 7 == 6:  # deep nesting instead of a flat value
            container[key] = _DEEP
        else:
            container[key] = _JSON_VALUES[op.choice % len(_JSON_VALUES)]
    text = json.dumps(doc, ensure_ascii=False)  # NaN and huge ints are written as they are
    text = text.replace(json.dumps(_DEEP), "[" * 5000 + "1" + "]" * 5000)
    text = text.replace("__fuzz_lone_surrogate__", "\\udc80")  # the JSON escape, as text
    text = text.replace('"__fuzz_huge_int__"', "9" * 5000)  # over Python's 4300 digits
    return text.encode("utf-8", "surrogatepass")


_RULE_TEXT = re.compile(
    r"((?:rule|if|var|to|condition):[ \t]+)('(?:[^']|'')*'|\"[^\"\n]*\"|[^\n]+)"
)


def _rule(data: bytes, op: Op) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    m = _pick(list(_RULE_TEXT.finditer(text)), op.where)
    if m is None:
        return data
    pool = HOSTILE_TARGETS if m.group(1).startswith(("var", "to")) else HOSTILE_RULES
    rule = pool[op.choice % len(pool)]
    quoted = "'" + rule.replace("'", "''").replace("\n", "\n\n") + "'"
    text = text[: m.start(2)] + quoted + text[m.end(2) :]
    return text.encode("utf-8", "surrogateescape")


def _secret_copy(path: Path, outside: Path) -> Path:
    """A copy of `path` outside the wrapper that carries SECRET where it would show: the
    manifest's title, a comment line elsewhere (error excerpts must not print it)."""
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    if path.name.startswith("manifest"):
        text = re.sub(r'(title"?\s*[:=]\s*)[^\n,]+', rf'\g<1>"{SECRET}"', text, count=1)
    else:
        text += f"\n# {SECRET}\n"
    copy = outside / f"copy-{path.name}"
    copy.write_bytes(text.encode("utf-8", "surrogateescape"))
    return copy


def _symlink(op: Op, path: Path, outside: Path) -> None:
    kind = SYMLINK_KINDS[op.choice % len(SYMLINK_KINDS)]
    victim = path.parent
    if kind == "dir-outside" and victim.name != "wrapper":  # assets/compat, scripts/...
        copy = outside / f"dir-{victim.name}"
        if not copy.exists():
            shutil.copytree(victim, copy, symlinks=True)
            _secret_copy(copy / path.name, copy).replace(copy / path.name)
        shutil.rmtree(victim)
        os.symlink(copy, victim)
        return
    if kind in ("outside-file", "dir-outside"):
        target = _secret_copy(path, outside)
        path.unlink()
        os.symlink(target, path)
        return
    path.unlink()
    if kind == "outside-dir":
        os.symlink(outside, path)
    elif kind == "dangling":
        os.symlink(outside / "missing" / path.name, path)
    else:
        os.symlink(path.name, path)  # a -> a
