"""Rule files (own rules, dependency rules with suggestions, dependencies.yaml) → IR.

Every DSL string is parsed here, so a syntax error is reported at its place in the file
(the rule's line and the column inside the YAML scalar)."""

from __future__ import annotations

from typing import Callable

from migrator.diagnostics import Diagnostics
from migrator.ir.access import Fields, origin_of
from migrator.ir.build_spec import SpecBuilder
from migrator.ir.build_versions import report_issue
from migrator.ir.rulefile import (
    DeleteSuggestion, DependencyCondition, DependencyConditions, PushSuggestion, RuleEntry,
    RuleFile, RuleText, SetSuggestion,
)
from migrator.read.located import LMap, LNode, LScalar, LSeq, type_name
from migrator.rules import parse_delete, parse_reference, parse_rule, parse_value
from migrator.syntax.errors import GrammarError


class RuleBuilder:
    def __init__(self, diags: Diagnostics, file: str):
        self.diags = diags
        self.file = file

    def text(self, node: LNode | None, parser: Callable, what: str) -> RuleText | None:
        if node is None:
            return None
        if not isinstance(node, LScalar) or not isinstance(node.value, str):
            self.diags.error("D306", f"{what} must be a string, not {type_name(node)}",
                             node.loc, node.path)
            return None
        try:
            parsed = parser(node.value)
        except GrammarError as err:
            report_issue(node, err.issue, self.diags, what)
            parsed = None
        else:
            for warning in parsed.warnings:
                report_issue(node, warning, self.diags, what)
        return RuleText(node.value, parsed, origin_of(node))

    def entries(self, node: LNode | None, kind: str, dependency_id: str | None) -> RuleFile | None:
        if node is None:
            return None
        if isinstance(node, LScalar) and node.value is None:
            return RuleFile(kind, self.file, (), origin_of(node), dependency_id)  # type: ignore
        if not isinstance(node, LSeq):
            self.diags.error("D306", f"a rules file must be a list of rule entries, not "
                             f"{type_name(node)}", node.loc, node.path)
            return None
        out = [e for e in (self.entry(item) for item in node) if e is not None]
        return RuleFile(kind, self.file, tuple(out), origin_of(node), dependency_id)  # type: ignore

    def entry(self, node: LNode) -> RuleEntry | None:
        if not isinstance(node, LMap):
            self.diags.error("D306", f"a rule entry must be a mapping with `rule` and "
                             f"`description`, not {type_name(node)}", node.loc, node.path)
            return None
        f = Fields(node, self.diags, what="rule entry", unknown_code="D306", type_code="D306",
                   missing_code="D306")
        if not f.has("rule"):
            f._missing(("rule",))
            return None
        rule = self.text(f.raw("rule"), parse_rule, "rule")
        description = f.str("description", required=True) or ""
        suggestions = []
        seq = f.seq("suggestions")
        for item in (seq or ()):
            built = self.suggestion(item)
            if built is not None:
                suggestions.append(built)
        f.unknown()
        if rule is None:
            return None
        return RuleEntry(rule, description, tuple(suggestions), origin_of(node),
                         has_suggestions_key="suggestions" in node)

    def suggestion(self, node: LNode):
        if not isinstance(node, LMap):
            self.diags.error("D307", f"a suggestion must be a mapping with SET, PUSH or DELETE, "
                             f"not {type_name(node)}", node.loc, node.path)
            return None
        f = Fields(node, self.diags, what="suggestion", unknown_code="D307", type_code="D307",
                   missing_code="D307")
        guard = self.text(f.raw("if"), parse_rule, "`if` guard")
        verbs = [v for v in ("SET", "PUSH", "DELETE") if v in node]
        if len(verbs) != 1:
            self.diags.error("D307", "a suggestion needs exactly one of SET, PUSH, DELETE",
                             node.loc, node.path)
            f.unknown(("SET", "PUSH", "DELETE"), report=False)
            return None
        verb = verbs[0]
        body = f.raw(verb)
        f.unknown()
        if verb == "DELETE":
            spec = self.text(body, parse_delete, "DELETE")
            return DeleteSuggestion(spec, origin_of(node), guard) if spec else None
        if not isinstance(body, LMap):
            self.diags.error("D307", f"{verb} must be a mapping", body.loc, body.path)  # type: ignore
            return None
        return self._set(body, guard) if verb == "SET" else self._push(body, guard)

    def _set(self, body: LMap, guard):
        f = Fields(body, self.diags, what="SET", unknown_code="D307", type_code="D307",
                   missing_code="D307")
        var = self.text(f.raw("var"), parse_reference, "SET var") if f.has("var") else \
            f._missing(("var",))
        targets = [k for k in ("to", "to-value", "to-entropy") if k in body]
        if len(targets) != 1:
            self.diags.error("D307", "SET needs exactly one of to, to-value, to-entropy",
                             body.loc, body.path)
        to = self.text(f.raw("to"), parse_value, "SET to") if "to" in body else None
        to_value = f.plain("to-value")
        entropy_node = f.raw("to-entropy")
        entropy = None
        if isinstance(entropy_node, LMap):
            entropy = SpecBuilder(self.diags)._entropy(entropy_node, "to-entropy")
        elif entropy_node is not None:
            self.diags.error("D307", "to-entropy must be {charset, len}", entropy_node.loc,
                             entropy_node.path)
        f.unknown()
        if var is None:
            return None
        return SetSuggestion(var, origin_of(body), to, to_value, "to-value" in body, entropy, guard)

    def _push(self, body: LMap, guard):
        f = Fields(body, self.diags, what="PUSH", unknown_code="D307", type_code="D307",
                   missing_code="D307")
        to = self.text(f.raw("to"), parse_reference, "PUSH to") if f.has("to") else \
            f._missing(("to",))
        if not f.has("value"):
            f._missing(("value",))
        value = f.plain("value")
        f.unknown()
        return PushSuggestion(to, value, origin_of(body), guard) if to else None


# Rules per wrapper (all rule files together): real wrappers have a few dozen; every rule
# costs a DSL parse, and 100 000 of them took minutes (issue 9).
MAX_WRAPPER_RULES = 2000


class RuleBudget:
    """How many more rule entries this wrapper may have (shared by its rule files)."""

    def __init__(self, limit: int = MAX_WRAPPER_RULES) -> None:
        self.limit = limit
        self.left = limit

    def take(self, node: LNode | None, diags: Diagnostics) -> LNode | None:
        """`node` (a rule list) cut to the budget; past it, R127 at the first rule left out."""
        if not isinstance(node, LSeq):
            return node
        if len(node.items) <= self.left:
            self.left -= len(node.items)
            return node
        first_out = node.items[self.left]
        diags.error("R127", f"the wrapper has more than {self.limit} config rules; the "
                    f"{len(node.items) - self.left} from here on are not read",
                    first_out.loc, first_out.path,
                    hint="real wrappers have a few dozen rules")
        kept = LSeq(node.items[: self.left], node.loc, node.path)
        self.left = 0
        return kept


def build_rule_file(node: LNode | None, diags: Diagnostics, file: str, kind: str,
                    dependency_id: str | None = None, budget: RuleBudget | None = None
                    ) -> RuleFile | None:
    if budget is not None:
        node = budget.take(node, diags)
    return RuleBuilder(diags, file).entries(node, kind, dependency_id)


def build_dependency_conditions(node: LNode | None, diags: Diagnostics, file: str
                                ) -> DependencyConditions | None:
    if node is None:
        return None
    if isinstance(node, LScalar) and node.value is None:
        return DependencyConditions(file, (), origin_of(node))
    if not isinstance(node, LMap):
        diags.error("D306", "dependencies.yaml must map package ids to {condition, "
                    "health_checks}", node.loc, node.path)
        return None
    builder = RuleBuilder(diags, file)
    out = []
    for dep_id, entry in node.items():
        if not isinstance(entry, LMap):
            diags.error("D306", f"entry `{dep_id}` must be a mapping", entry.loc, entry.path)
            continue
        f = Fields(entry, diags, what=f"dependency condition `{dep_id}`", unknown_code="D306",
                   type_code="D306", missing_code="D306")
        condition = builder.text(f.raw("condition"), parse_rule, "condition") \
            if f.has("condition") else f._missing(("condition",))
        checks = f.str_list("health_checks") or ()
        f.unknown()
        if condition is not None:
            out.append(DependencyCondition(dep_id, condition, checks, origin_of(entry)))
    return DependencyConditions(file, tuple(out), origin_of(node))


