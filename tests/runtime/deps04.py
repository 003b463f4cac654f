"""What the real 0.4 packages that legacy wrappers depend on offer (shared/spec/
dependencies-0.4.json): their action ids and health-check ids. A package the file does not
cover cannot be judged (None)."""

from __future__ import annotations

import json
from functools import lru_cache

from migrator.corpus import corpus_dir


@lru_cache(maxsize=1)
def _packages() -> dict:
    corpus = corpus_dir()
    spec = corpus.parent / "spec" / "dependencies-0.4.json" if corpus else None
    if spec is None or not spec.exists():
        return {}
    return json.loads(spec.read_text()).get("packages", {})


def action_ids(package_id: str) -> set[str] | None:
    pkg = _packages().get(package_id)
    return {a["id"] for a in pkg.get("actions", [])} if pkg else None


def health_check_ids(package_id: str) -> set[str] | None:
    pkg = _packages().get(package_id)
    return {h["id"] for h in pkg.get("health_checks", [])} if pkg else None


def replacement(package_id: str) -> str | None:
    """The 0.4 package that took over a dependency with no 0.4 port of its own (e.g.
    btc-rpc-proxy, folded into bitcoind), when the file names one as its first word."""
    pkg = _packages().get(package_id)
    if not pkg or pkg.get("port") or not pkg.get("replacement"):
        return None
    first = str(pkg["replacement"]).split()[0]
    return first if first in _packages() else None
