"""The target-independent model of what a StartOS 0.4 package built with start-sdk 2.0.9 is.

Lowering produces this model from the legacy IR; the TypeScript and Python emitters render it,
and each part can serialize itself to the JSON the SDK builds at run time, so the three can
be checked against each other (mapping.md §0.4, §10).
"""
