"""Where the shared corpus lives and how its snapshots are laid out (tests, benchmarks)."""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]


def corpus_dir() -> Path | None:
    """`$STARTOS_MIGRATE_CORPUS`, else ../shared/corpus beside the checkout."""
    env = os.environ.get("STARTOS_MIGRATE_CORPUS")
    for candidate in ([Path(env)] if env else []) + [_REPO.parent / "shared" / "corpus",
                                                     Path.cwd().parent / "shared" / "corpus"]:
        if candidate.is_dir():
            return candidate
    return None


def snapshot_dirs(corpus: Path) -> list[Path]:
    """Every `<service>/<commit>` folder except the malformed samples, in a stable order."""
    return sorted(p for p in corpus.glob("*/*") if p.is_dir() and p.parent.name != "_malformed")


def spec_override(snapshot: Path) -> Path | None:
    """The corpus stores TS-extracted specs as JSON beside the manifest: pass them explicitly."""
    for name in ("config_spec.from_getConfig.json", "config_spec.from_getConfig.partial.json"):
        if (snapshot / name).is_file():
            return snapshot / name
    return None


def last_snapshots(corpus: Path) -> list[Path]:
    """Snapshots whose PROVENANCE role is `last` (the last legacy commit of a repo)."""
    rows = (corpus / "PROVENANCE.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    col = {name: i for i, name in enumerate(header)}
    found: set[Path] = set()
    for row in rows[1:]:
        cells = row.split("\t")
        if cells[col["role"]] != "last":
            continue
        snap = corpus / cells[col["service"]] / cells[col["commit"]][:8]
        if snap.is_dir():
            found.add(snap)
    return sorted(found)


def batch_list(snapshots: list[Path]) -> str:
    """A `batch --list` file for `snapshots`: each with its spec override, named
    `<service>-<commit>`."""
    import shlex

    lines = []
    for snap in snapshots:
        words = [str(snap.absolute()), f"name={snap.parent.name}-{snap.name}"]
        spec = spec_override(snap)
        if spec is not None:
            words.append(f"config-spec={spec.absolute()}")
        lines.append(" ".join(shlex.quote(w) for w in words))
    return "".join(line + "\n" for line in lines)
