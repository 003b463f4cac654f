"""docs/diagnostics.md is generated from the code registry (tests keep it current)."""

from __future__ import annotations

from migrator.diagnostics.codes import CODES

BLOCKS = {"R": "Reading files", "S": "Versions, ranges, charsets, TypeScript literals",
          "D": "Config-rule DSL", "M": "Manifest", "C": "Config spec", "L": "Lowering",
          "B": "Batch and diff", "P": "Python projects", "X": "Internal"}


def render_markdown() -> str:
    lines = ["# Diagnostic codes", "",
             "Generated from `migrator/diagnostics/codes.py` "
             "(`python -m migrator.diagnostics.docs > docs/diagnostics.md`).",
             "A code never changes meaning; the severity is given with each diagnostic.", ""]
    for letter, title in BLOCKS.items():
        codes = [c for c in CODES if c.startswith(letter)]
        if not codes:
            continue
        lines += [f"## {title}", "", "| code | meaning |", "|---|---|"]
        lines += [f"| `{c}` | {CODES[c]} |" for c in codes]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_markdown(), end="")
