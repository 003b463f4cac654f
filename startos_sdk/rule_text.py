"""Legacy rule-DSL text → its syntax tree, as the migrator parses `config_rules.yaml`."""

from __future__ import annotations

from migrator.rules.ast import Rule
from migrator.rules.parser import parse_rule


def rule(text: str) -> Rule:
    """The parsed rule of a legacy rule text (a rule that did not parse is written None)."""
    return parse_rule(text)
