"""Parsers for the small languages inside legacy files (emver, number ranges, charsets,
unique-by, TypeScript literals). Each is a Lark grammar under grammars/ with one cached
parser; each returns typed, frozen nodes and raises GrammarError with a position."""
