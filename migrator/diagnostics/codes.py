"""Registry of stable diagnostic codes.

A code never changes meaning once released; retired codes stay listed. Blocks:
R1xx reading files, S2xx auxiliary grammars (emver, ranges, charsets, TS literals),
D3xx the config-rule DSL, M4xx manifest, C5xx config spec, L6xx lowering, X9xx internal.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # --- R1xx: reading files -------------------------------------------------------------
    "R100": "the wrapper directory does not exist or is not a directory",
    "R101": "no manifest found (manifest.toml, manifest.yaml, manifest.yml, manifest.json)",
    "R102": "several manifests found; the legacy OS order decides which one is used",
    "R103": "file is larger than the size cap",
    "R104": "file is binary (contains NUL bytes)",
    "R105": "file is not valid UTF-8",
    "R106": "YAML syntax error",
    "R107": "TOML syntax error",
    "R108": "JSON syntax error",
    "R109": "duplicate key: the later value wins",
    "R110": "YAML alias expansion exceeds the bound",
    "R111": "YAML document nests deeper than the bound",
    "R112": "file contains several YAML documents; only the first is read",
    "R113": "a referenced file is missing",
    "R114": "file could not be read",
    "R115": "unsupported YAML construct (tag or key type)",
    "R116": "TypeScript config-spec literal could not be parsed",
    "R117": "TypeScript config-spec value is not a literal (kept as unknown)",
    "R118": "no compat.getConfig(...) call found in the TypeScript file",
    "R119": "file format is not recognised (expected .yaml, .yml, .toml or .json)",
    "R120": "JSON, TOML or TypeScript value nests deeper than the bound",
    # --- S2xx: auxiliary grammars --------------------------------------------------------
    "S201": "invalid emver version",
    "S202": "emver version has trailing text that the legacy OS silently dropped",
    "S203": "invalid emver version range",
    "S204": "emver range has trailing text that the legacy OS silently ignored",
    "S205": "invalid number range",
    "S206": "invalid charset",
    "S207": "invalid unique-by",
    "S208": "emver version has more than 4 components",
    "S209": "number range bound is not finite (inf/NaN, accepted by the legacy parser)",
    "S210": "number range has whitespace outside its brackets",
    "S211": "unique-by object has keys besides the any/all that the legacy OS used",
    "S212": "unique-by any/all list is empty",
    "S213": "charset ends in a '-' that the legacy OS silently dropped",
    # --- D3xx: config-rule DSL -----------------------------------------------------------
    "D301": "rule syntax error",
    "D302": "rule type error (operands of the wrong type)",
    "D303": "rule uses an operator the legacy parser could never parse (quirk Q1)",
    "D304": "rule value is ambiguous under the legacy ordered choice (quirk Q3)",
    "D305": "rule contains a newline; the legacy parser rejects it (quirk Q6)",
    "D306": "rule entry is malformed (missing rule/description/suggestions)",
    "D307": "suggestion is malformed",
    "D308": "`to:` names a path that is almost certainly meant as a literal (use to-value)",
    "D309": "rule refers to a key the config spec does not have",
    "D310": "rule has whitespace inside a path bracket; the legacy parser rejects it",
    # --- M4xx: manifest --------------------------------------------------------------------
    "M401": "required manifest key is missing",
    "M402": "manifest value has the wrong type",
    "M403": "unknown manifest key (the legacy OS ignored it too)",
    "M404": "invalid id (legacy id rules)",
    "M405": "title is 30 bytes or longer (the legacy OS rejected it at pack time)",
    "M406": "description too long for the legacy OS",
    "M407": "invalid enum value",
    "M408": "procedure is invalid",
    "M409": "mount names an undeclared volume",
    "M410": "interface is invalid",
    "M411": "port is out of range or not a number",
    "M412": "dependency is invalid",
    "M413": "volume is invalid",
    "M414": "health check is invalid",
    "M415": "action is invalid",
    "M416": "invalid URL",
    "M417": "invalid duration",
    "M418": "unsupported construct (containers)",
    "M419": "`io-format` is required for this procedure by the legacy OS",
    "M420": "0.2 action status has no 0.3 equivalent and is dropped",
    "M421": "replaces entries exceed the legacy limits",
    "M422": "config procedure argument does not name a readable spec or rules file",
    "M423": "script procedure without a scripts/ directory",
    "M424": "asset file named by the manifest is missing",
    "M425": "manifest is tagged `compat: v0` but has the 0.3 shape",
    "M426": "the manifest is not a mapping",
    # --- C5xx: config spec -------------------------------------------------------------------
    "C501": "config spec is not a mapping",
    "C502": "value spec is missing a required key",
    "C503": "value spec key has the wrong type",
    "C504": "unknown value spec type",
    "C505": "unknown key in a value spec",
    "C506": "default is not one of the enum values",
    "C507": "pattern and pattern-description must appear together",
    "C508": "invalid regular expression pattern",
    "C509": "union default is not a variant",
    "C510": "list subtype is unknown",
    "C511": "pointer is invalid",
    "C512": "value is a non-literal TypeScript expression (unknown)",
    "C513": "spec key cannot be referenced from the rule DSL",
    "C514": "default value does not match the spec",
    "C515": "variant spec contains the union tag key",
    # --- X9xx: internal ------------------------------------------------------------------------
    "X901": "internal error",
}


def check_code(code: str) -> None:
    if code not in CODES:
        raise KeyError(f"diagnostic code {code!r} is not registered in migrator/diagnostics/codes.py")
