"""Every emver version/range, number range, charset and unique-by found in the real corpus parses.

Values are collected from manifests (version, dependency versions, migration keys, OS version
fields) and from every config spec shape anywhere in the data (config_spec files, TS-extracted
JSON, inline 0.2 specs, action input-specs, rule `to-entropy`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from migrator.syntax.charset import parse_charset
from migrator.syntax.emver import parse_range, parse_version
from migrator.syntax.errors import GrammarError
from migrator.syntax.numrange import parse_numrange
from migrator.syntax.uniqueby import parse_unique_by

pytestmark = pytest.mark.corpus

Found = tuple[str, str, object]  # (kind, "file: key path", value)

VERSION_KEYS = ("version", "min-os-version", "eos-version")
RANGE_KEYS = ("os-version-required", "os-version-recommended")

# Values that legitimately fail with the legacy behaviour ("file: key path" -> reason).
# None at the time of writing: every value the legacy OS accepted parses here too.
KNOWN_FAILURES: dict[str, str] = {}

# Values the legacy OS read only in part; we reproduce that reading with a warning.
KNOWN_WARNINGS = {
    ("moof-pi-hole/4afb5713/manifest.yaml: version", "S202"),  # "0.5.10-7" was read as 0.5.10
}


def _load(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    yaml = YAML(typ="safe", pure=False)
    yaml.allow_duplicate_keys = True  # the reader reports duplicates (R109); the last wins
    return yaml.load(text)


def _documents(corpus: Path) -> Iterator[tuple[str, object]]:
    for path in sorted(corpus.rglob("*")):
        if (
            "_malformed" in path.parts
            or path.suffix not in (".yaml", ".yml", ".json")
            or not path.is_file()
        ):
            continue
        try:
            yield path.relative_to(corpus).as_posix(), _load(path)
        except Exception:  # noqa: BLE001 - malformed data files are the reader's business
            continue


def _manifest_values(where: str, manifest: dict) -> Iterator[Found]:
    for key in VERSION_KEYS:
        if key in manifest:
            yield "version", f"{where}: {key}", manifest[key]
    for key in RANGE_KEYS:
        if key in manifest:
            yield "range", f"{where}: {key}", manifest[key]
    dependencies = manifest.get("dependencies")
    if isinstance(dependencies, dict):
        for dep, info in dependencies.items():
            if isinstance(info, dict) and "version" in info:
                yield "range", f"{where}: dependencies.{dep}.version", info["version"]
    migrations = manifest.get("migrations")
    if isinstance(migrations, dict):
        for direction in ("from", "to"):
            if isinstance(migrations.get(direction), dict):
                for key in migrations[direction]:
                    yield "range", f"{where}: migrations.{direction}", key


def _spec_values(where: str, node: object, path: str = "") -> Iterator[Found]:
    """Walk any document; spec shapes are recognised wherever they sit."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _spec_values(where, item, f"{path}[{i}]")
        return
    if not isinstance(node, dict) or "__ts_expr__" in node:  # non-literal TS: unknown, not data
        return
    kind = node.get("type")
    if "range" in node and kind in ("number", "list"):
        yield ("numrange" if kind == "number" else "listrange"), f"{where}: {path}.range", node[
            "range"
        ]
    item_spec = node.get("spec")
    if (
        kind == "list"
        and node.get("subtype") == "number"
        and isinstance(item_spec, dict)
        and "range" in item_spec
    ):
        yield "numrange", f"{where}: {path}.spec.range", item_spec["range"]
    if "charset" in node and "len" in node:
        yield "charset", f"{where}: {path}.charset", node["charset"]
    for key in ("unique-by", "uniqueBy"):
        if key in node and not (isinstance(node[key], dict) and "__ts_expr__" in node[key]):
            yield "unique-by", f"{where}: {path}.{key}", node[key]
    for key, value in node.items():
        yield from _spec_values(where, value, f"{path}.{key}")


def collect(corpus: Path) -> list[Found]:
    found: list[Found] = []
    for where, doc in _documents(corpus):
        if Path(where).name.startswith("manifest.") and isinstance(doc, dict):
            found.extend(_manifest_values(where, doc))
        found.extend(_spec_values(where, doc))
    return found


PARSERS: dict[str, Callable[[object], object]] = {
    "version": parse_version,
    "range": parse_range,
    "numrange": parse_numrange,
    "listrange": lambda text: parse_numrange(text, integer=True),
    "charset": parse_charset,
    "unique-by": parse_unique_by,
}


def _outcome(kind: str, value: object) -> tuple[str | None, tuple[str, ...]]:
    """(error or None, warning codes)."""
    if kind != "unique-by" and not isinstance(value, str):
        return f"not a string: {value!r}", ()
    try:
        result = PARSERS[kind](value)
    except GrammarError as err:
        return f"{err.code} {err.issue.message}", ()
    return None, tuple(w.code for w in getattr(result, "warnings", ()))


@pytest.fixture(scope="module")
def values(corpus: Path) -> list[Found]:
    return collect(corpus)


def test_the_corpus_has_every_kind_of_value(values):
    counts = {kind: sum(1 for k, _, _ in values if k == kind) for kind in PARSERS}
    # lower bounds from the corpus at the time of writing: the walk must not silently go blind
    # (then: 185 versions, 415 ranges, 311 number ranges, 56 list ranges, 72 charsets, 12 unique-by)
    assert counts["version"] >= 150 and counts["range"] >= 350 and counts["numrange"] >= 250
    assert counts["listrange"] >= 50 and counts["charset"] >= 60 and counts["unique-by"] >= 10


def test_every_value_parses_like_the_legacy_os(values):
    failures, warnings = {}, set()
    for kind, where, value in values:
        problem, codes = _outcome(kind, value)
        if problem:
            failures[where] = problem
        warnings.update((where, code) for code in codes)
    assert {
        where: KNOWN_FAILURES.get(where, problem) for where, problem in failures.items()
    } == KNOWN_FAILURES
    assert warnings == KNOWN_WARNINGS
