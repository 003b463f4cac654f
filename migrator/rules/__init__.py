"""The legacy config-rule DSL: parser front end (grammar in grammars/rules.lark).

See legacy-formats.md §5. Evaluation lives elsewhere; this package turns rule strings
into typed ASTs (migrator.rules.ast) and prints them back (to_source).
"""

from migrator.rules.ast import DeleteSpec, Reference, Rule, ValueExpr, type_of
from migrator.rules.errors import RuleSyntaxError
from migrator.rules.parser import parse_delete, parse_reference, parse_rule, parse_value
from migrator.rules.printer import dump, to_source

__all__ = [
    "DeleteSpec",
    "Reference",
    "Rule",
    "RuleSyntaxError",
    "ValueExpr",
    "dump",
    "parse_delete",
    "parse_reference",
    "parse_rule",
    "parse_value",
    "to_source",
    "type_of",
]

from migrator.rules.evaluate import RuleEvaluationError, evaluate, evaluate_value  # noqa: E402
from migrator.rules.autoconfig import auto_configure  # noqa: E402

__all__ += ["RuleEvaluationError", "auto_configure", "evaluate", "evaluate_value"]
