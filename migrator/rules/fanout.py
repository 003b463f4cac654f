"""The 3-valued result tree of the legacy evaluator (`VarRes` in rules.rs).

Reading a path that crosses `*`, `&`, `[any(…)]` or `[all(…)]` yields not one value but a
quantified collection of them. The legacy evaluator kept that structure as a tree —
`Exactly(v) | Any[...] | All[...]` — mapped every coercion and operator over its leaves and
only collapsed it (`resolve`) at a comparison or a `?`, so quantifiers nest in the order the
path crosses them:

    users.*.allowed-calls.*   →   Any[ Any[c11, c12], Any[c21] ]      (∃u ∃c)
    users.&.allowed-calls.*   →   All[ Any[c11, c12], Any[c21] ]      (∀u ∃c)

An empty Any is false and an empty All is true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeAlias, TypeVar, Union

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True, slots=True)
class Exactly(Generic[T]):
    value: T


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Existential: true when any branch is."""

    items: tuple[Tree, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    """Universal: true when every branch is."""

    items: tuple[Tree, ...]


Tree: TypeAlias = Union[Exactly[Any], AnyOf, AllOf]


def fmap(tree: Tree, f: Callable[[Any], Any]) -> Tree:
    """Apply `f` to every leaf, keeping the quantifier structure (leaves in order)."""
    if isinstance(tree, Exactly):
        return Exactly(f(tree.value))
    return type(tree)(tuple(fmap(item, f) for item in tree.items))


def bind(tree: Tree, f: Callable[[Any], Tree]) -> Tree:
    """Replace every leaf by the tree `f` makes of it: a nested quantifier nests."""
    if isinstance(tree, Exactly):
        return f(tree.value)
    return type(tree)(tuple(bind(item, f) for item in tree.items))


def combine(left: Tree, right: Callable[[], Tree], f: Callable[[Any, Any], Any]) -> Tree:
    """A binary operator: the left operand's quantifiers outside, the right's inside.

    `right` is evaluated lazily and at most once: the legacy closures only evaluated the
    right operand for each left leaf, so over an empty fan-out on the left the right side
    (and any 0.3 `#` panic in it) is never reached. Evaluation is pure, so evaluating it
    once and reusing it is the same as re-evaluating it per leaf."""
    cache: list[Tree] = []

    def per_leaf(a: Any) -> Tree:
        if not cache:
            cache.append(right())
        return fmap(cache[0], lambda b: f(a, b))

    return bind(left, per_leaf)


def resolve(tree: Tree) -> bool:
    """Collapse a tree of booleans: Any → ∃ (false when empty), All → ∀ (true when empty)."""
    if isinstance(tree, Exactly):
        return bool(tree.value)
    if isinstance(tree, AnyOf):
        return any(resolve(item) for item in tree.items)
    return all(resolve(item) for item in tree.items)


def single(tree: Tree) -> Any:
    """The value of an unquantified result; a fan-out (even of one value) gives None."""
    return tree.value if isinstance(tree, Exactly) else None
