"""Rule files: own-config rules, dependency rules with suggestions, dependency conditions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Union

from migrator.ir.origin import Origin


@dataclass(frozen=True)
class RuleText:
    """A DSL string as written, with its parse (None when it did not parse)."""

    text: str
    parsed: Any  # migrator.rules Rule | Reference | ValueExpr | DeleteSpec | None
    origin: Origin


@dataclass(frozen=True)
class SetSuggestion:
    var: RuleText
    origin: Origin
    to: RuleText | None = None  # value expression
    to_value: Any = None  # literal YAML value (when has_to_value)
    has_to_value: bool = False
    to_entropy: Any = None  # migrator.ir.spec.EntropyDefault
    guard: RuleText | None = None
    verb: Literal["SET"] = "SET"


@dataclass(frozen=True)
class PushSuggestion:
    to: RuleText
    value: Any
    origin: Origin
    guard: RuleText | None = None
    verb: Literal["PUSH"] = "PUSH"


@dataclass(frozen=True)
class DeleteSuggestion:
    spec: RuleText
    origin: Origin
    guard: RuleText | None = None
    verb: Literal["DELETE"] = "DELETE"


Suggestion = Union[SetSuggestion, PushSuggestion, DeleteSuggestion]


@dataclass(frozen=True)
class RuleEntry:
    rule: RuleText
    description: str
    suggestions: tuple[Suggestion, ...]
    origin: Origin
    has_suggestions_key: bool = False


@dataclass(frozen=True)
class RuleFile:
    kind: Literal["own", "dependency"]
    file: str  # display path of the file (or the manifest for 0.2 inline rules)
    entries: tuple[RuleEntry, ...]
    origin: Origin
    dependency_id: str | None = None


@dataclass(frozen=True)
class DependencyCondition:
    dependency_id: str
    condition: RuleText
    health_checks: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True)
class DependencyConditions:
    file: str
    conditions: tuple[DependencyCondition, ...]
    origin: Origin
