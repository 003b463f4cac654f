"""Places in the AST the TypeScript printer walks (prettier's AstPath, as a value).

A place keys the printer's cache of documents and tags each object literal, so
`module` can tell which objects broke. As tuples of steps, every child copied its parent's
steps and every lookup hashed them all: quadratic in the depth, and a member chain is as
deep as it is long. Here a place is its parent plus one step, interned below its root
(the same place reached twice is the same object), so it hashes and compares by identity:
O(1) however deep. Places are comparable only under the same root: the printings of one
file share theirs.
"""

from __future__ import annotations


class AstPath:
    __slots__ = ("parent", "step", "_children")

    def __init__(self, parent: "AstPath | None" = None, step: object = None):
        self.parent = parent
        self.step = step
        self._children: dict = {}

    def __truediv__(self, step) -> "AstPath":
        """The place one `step` (a key or an index) below this one."""
        child = self._children.get(step)
        if child is None:
            child = self._children[step] = AstPath(self, step)
        return child

    def join(self, steps) -> "AstPath":
        place = self
        for step in steps:
            place = place / step
        return place

    def up(self):
        """This place and every place above it."""
        place = self
        while place is not None:
            yield place
            place = place.parent

    def __repr__(self) -> str:
        steps = [p.step for p in self.up()][-2::-1]
        return f"AstPath({steps!r})"
