"""TypeScript target: prettier-exact printing of the code the generator emits.

* `literals`: the one escaping path for legacy strings, numbers and object keys;
* `doc`: prettier's document algebra and layout algorithm (`render`);
* `expr`: the emitted TypeScript subset as a small AST, printed as prettier prints it
  (`module(statements) -> str`).
"""
