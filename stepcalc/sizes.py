"""Written sizes: how many nodes an expression has once printed, a subtree shared by several
parents counted at each place.  The limits ``max_nodes`` and ``max_written`` are checked on
them, so that a line that would take minutes to print is refused instead."""

from __future__ import annotations

from stepcalc.expr import Expr, children, walk

__all__ = ["WrittenSizes", "size", "written_size"]


def size(e: Expr) -> int:
    """Number of nodes (a shared subtree once per place, as it is walked)."""
    return sum(1 for _ in walk(e))


def written_size(e: Expr, cap: int) -> int:
    """Nodes of ``e`` written out, a subtree shared by several parents counted at each place
    (as every printer writes it), stopping past ``cap``.  Linear in the distinct nodes: a
    derivative of e^e^…^x shares its parts, and its written size grows exponentially."""
    return WrittenSizes(cap).measure(e)


class WrittenSizes:
    """``written_size`` of many expressions that share parts, each distinct node measured once
    in all: the lines of a worked solution repeat most of the line before (n lines of the chain
    rule through sin sin … sin x were measured in O(n²) node visits; now O(n) plus the new
    nodes of each line).  Sizes are exact up to ``cap`` and ``cap + 1`` past it.  The measured
    expressions are kept, so that the ``id`` of every node in the memo stays theirs."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._sizes: dict[int, int] = {}
        self._kept: list[Expr] = []

    def measure(self, e: Expr) -> int:
        sizes, cap = self._sizes, self.cap
        if id(e) not in sizes:
            self._kept.append(e)
        stack: list[tuple[Expr, tuple[Expr, ...] | None]] = [(e, None)]  # children once expanded
        while stack:
            node, kids = stack.pop()
            if kids is not None:
                total = 1
                for k in kids:
                    total += sizes[id(k)]
                sizes[id(node)] = min(cap + 1, total)
            elif id(node) not in sizes:
                kids = children(node)
                if not kids:
                    sizes[id(node)] = 1
                    continue
                stack.append((node, kids))
                stack.extend([(k, None) for k in kids if id(k) not in sizes])
        return sizes[id(e)]
