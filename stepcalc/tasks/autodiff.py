"""Automatic differentiation shown step by step (issue 21, item 4).

``autodiff("x y + sin x", "x=1,y=2")`` builds the computational graph of the expression, one node
per primitive operation and a shared subexpression once (the expression tree's equal parts are one
node, so a value used twice has two arrows out of it), then:

* forward mode: each node's value and tangent v̇ = Σ ∂v/∂u · u̇, one pass per input direction
  (n passes for n inputs);
* reverse mode: the values forward, then the adjoints v̄ from the output down in reverse
  topological order, each parent receiving v̄ · ∂v/∂u, contributions summed where a value is used
  twice (micrograd's issue #2) — one backward pass for every input at once.

The gradient is compared with stepcalc's symbolic gradient at the point and with central finite
differences; the oracle's (sympy's) is added by the verification.  Values are floating point.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from stepcalc.budget import TimeLimitExceeded, call_with_limit
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.evaluate import parse_point
from stepcalc.expr import Add, Div, Expr, Func, Mul, Neg, Pow, Sym
from stepcalc.limits import DEFAULT, Limits
from stepcalc.parse import parse
from stepcalc.rules.base import rational

__all__ = ["AutoDiff", "Node", "autodiff"]

T = TypeVar("T")
MAX_NODES = 5_000
MODES = ("forward", "reverse", "both")


@dataclass
class Node:
    """One node: its name (v1, v2, … or the input's), the operation, its inputs' indices, the
    expression it computes, its value, and the local partial derivatives ∂v/∂input."""

    name: str
    op: str
    inputs: tuple[int, ...]
    expr: Expr
    value: float = 0.0
    partials: tuple[float, ...] = ()


@dataclass
class AutoDiff:
    f: Expr
    variables: tuple[Sym, ...]
    point: tuple[float, ...]
    nodes: list[Node]
    tangents: list[list[float]] = field(default_factory=list)  # one pass per input: a tangent per node
    adjoints: list[float] = field(default_factory=list)
    contributions: list[list[tuple[int, float]]] = field(default_factory=list)  # per node: (from, amount)
    symbolic: tuple[float, ...] = ()
    differences: tuple[float, ...] = ()
    oracle: tuple[float, ...] | None = None

    @property
    def gradient(self) -> tuple[float, ...]:
        return tuple(self.adjoints[i] for i in range(len(self.variables)))

    def agrees(self) -> bool:
        """Whether reverse mode, forward mode, the symbolic gradient (when there was time for it)
        and the finite differences agree (to 1e-9 relative, 1e-4 for the differences)."""
        forward = tuple(t[-1] for t in self.tangents)
        ok = all(_close(a, b, 1e-9) for a, b in zip(self.gradient, forward, strict=True))
        ok &= all(_close(a, b, 1e-9) for a, b in zip(self.gradient, self.symbolic, strict=False))
        ok &= all(_close(a, b, 1e-4) for a, b in zip(self.gradient, self.differences, strict=True))
        if self.oracle is not None:
            ok &= all(_close(a, b, 1e-9) for a, b in zip(self.gradient, self.oracle, strict=True))
        return ok

    def _node(self, n: Node, text: Any) -> dict[str, Any]:
        inputs = [self.nodes[i].name for i in n.inputs]
        return {"name": n.name, "op": n.op, "inputs": inputs, "expr": text(n.expr), "value": n.value,
                "partials": list(n.partials)}  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.oracle import sympy_text

        return {
            "problem": sympy_text(self.f),
            "variables": [x.name for x in self.variables],
            "at": dict(zip((x.name for x in self.variables), self.point, strict=True)),
            "nodes": [
                {
                    "name": n.name,
                    "op": n.op,
                    "inputs": [self.nodes[i].name for i in n.inputs],
                    "expr": sympy_text(n.expr),
                    "value": n.value,
                    "partials": list(n.partials),
                }
                for n in self.nodes
            ],
            "forward": [
                {"direction": x.name, "tangents": t}
                for x, t in zip(self.variables, self.tangents, strict=True)
            ],
            "reverse": {"adjoints": self.adjoints},
            "gradient": [repr(g) for g in self.gradient],
            "symbolic": list(self.symbolic),
            "finite_differences": list(self.differences),
            "oracle": None if self.oracle is None else list(self.oracle),
            "passes": {"forward": len(self.variables), "reverse": 1},
            "stored": {"forward": 2 * len(self.nodes), "reverse": 2 * len(self.nodes)},
            "agrees": self.agrees(),
        }


def autodiff(
    expr: str | Expr,
    at: str | dict[str, str],
    wrt: str | list[str] | None = None,
    *,
    verify: bool = True,
    limits: Limits = DEFAULT,
) -> AutoDiff:
    """The graph of ``expr``, its forward and reverse passes at ``at``, and the checks."""
    f = parse(expr, limits=limits) if isinstance(expr, str) else expr
    from stepcalc.partials import variables_of

    variables = tuple(variables_of(f, wrt, limits))
    given = parse_point(at, limits)
    if set(given) != set(variables):
        raise StepcalcError(f"--at gives a value to each of {', '.join(x.name for x in variables)}")
    point = tuple(_float(given[x]) for x in variables)
    budget = limits.max_seconds
    started = time.monotonic()

    def passes() -> AutoDiff:
        found = AutoDiff(f, variables, point, _graph(f, variables))
        _evaluate(found)
        _forward(found)
        _reverse(found)
        found.differences = _differences(found)
        return found

    found = call_with_limit(budget, passes, "automatic differentiation")
    # the checks get what is left of the budget; one that runs out is left out, never guessed
    left = max(0.0, budget - (time.monotonic() - started))
    found.symbolic = _bounded(left / 2, lambda: _symbolic(f, variables, point, limits), ())
    if verify:
        from stepcalc.oracle.critical import gradient_at

        left = max(0.0, budget - (time.monotonic() - started))
        found.oracle = _bounded(left, lambda: gradient_at(f, variables, point), None)
    return found


def _bounded(seconds: float, work: Callable[[], T], otherwise: T) -> T:
    try:
        return call_with_limit(seconds, work, "checking the gradient")
    except (TimeLimitExceeded, StepcalcError):
        return otherwise


def _float(e: Expr) -> float:
    from stepcalc.exact import to_float

    value = to_float(e)
    if value is None:
        raise StepcalcError("the point must be real numbers")
    return value


# ---------------------------------------------------------------- the graph
def _graph(f: Expr, variables: tuple[Sym, ...]) -> list[Node]:
    """Inputs first, then every distinct operation after its inputs (a topological order)."""
    nodes = [Node(x.name, "input", (), x) for x in variables]
    seen: dict[Expr, int] = {x: i for i, x in enumerate(variables)}
    stack: list[tuple[Expr, bool]] = [(f, False)]
    while stack:
        e, ready = stack.pop()
        if e in seen:
            continue
        parts = _operands(e)
        if not ready:
            stack.append((e, True))
            stack.extend((p, False) for p in reversed(parts) if p not in seen)
            continue
        # a constant: no input below it (read off the operands' nodes, never by walking the tree,
        # which a reused value makes exponentially large)
        if not isinstance(e, Sym) and all(nodes[seen[p]].op == "const" for p in parts):
            op = "const"
            parts = ()
        else:
            op = _op(e)
        seen[e] = len(nodes)
        nodes.append(Node(f"v{len(nodes) - len(variables) + 1}", op, tuple(seen[p] for p in parts), e))
        if len(nodes) > MAX_NODES:
            raise UnsupportedError(f"the graph has more than {MAX_NODES:,} nodes")
    return nodes


def _operands(e: Expr) -> tuple[Expr, ...]:
    match e:
        case Add(terms=ts):
            return ts
        case Mul(factors=fs):
            return fs
        case Div(num=n, den=d):
            return (n, d)
        case Neg(arg=a):
            return (a,)
        case Pow(base=b, exp=x):
            return (b,) if rational(x) is not None else (b, x)
        case Func(args=args):
            return args
    return ()


def _op(e: Expr) -> str:
    match e:
        case Add():
            return "add"
        case Mul():
            return "mul"
        case Div():
            return "div"
        case Neg():
            return "neg"
        case Pow(exp=x) if rational(x) is not None:
            return f"pow {rational(x)}"
        case Pow():
            return "pow"
        case Func(name=name):
            return name
        case Sym():
            raise StepcalcError(f"{e.name} is not one of the variables: name it with --vars")
    raise UnsupportedError(f"stepcalc cannot build a graph node for {type(e).__name__}")


# ---------------------------------------------------------------- the passes
def _evaluate(found: AutoDiff) -> None:
    """Each node's value from its inputs', and its local partials."""
    for k, node in enumerate(found.nodes):
        if node.op == "input":
            node.value = found.point[k]
            continue
        args = [found.nodes[i].value for i in node.inputs]
        try:
            node.value, node.partials = _local(node, args)
        except (ValueError, ZeroDivisionError, OverflowError) as error:
            raise StepcalcError(f"{node.name} = {node.expr} is not defined at the point ({error})") from None


def _local(node: Node, args: list[float]) -> tuple[float, tuple[float, ...]]:
    op, e = node.op, node.expr
    if op == "const":
        from stepcalc.exact import to_float

        value = to_float(e)
        if value is None:
            raise ValueError("a constant without a real value")
        return value, ()
    if op == "add":
        return math.fsum(args), (1.0,) * len(args)
    if op == "mul":
        return math.prod(args), tuple(math.prod(args[:i] + args[i + 1 :]) for i in range(len(args)))
    if op == "div":
        a, b = args
        return a / b, (1 / b, -a / (b * b))
    if op == "neg":
        return -args[0], (-1.0,)
    if op.startswith("pow "):
        c = float(rational(e.exp))  # type: ignore[attr-defined, arg-type]
        (a,) = args
        return a**c, (c * a ** (c - 1),)
    if op == "pow":
        a, b = args
        return a**b, (b * a ** (b - 1), a**b * math.log(a))
    from stepcalc.catalogue import FUNCTIONS

    fn = FUNCTIONS.get(op)
    if fn is None or fn.value is None or len(args) != 1:
        raise ValueError(f"{op} has no numeric value here")
    return float(fn.value(args[0])), (_slope(op, args[0]),)


def _slope(name: str, u: float) -> float:
    """d/du name(u) at u, from stepcalc's own derivative of name(u) (worked and compiled once
    per name)."""
    if name not in _SLOPES:
        from stepcalc.tasks.sampling import numeric_function

        _SLOPES[name] = numeric_function(_derivatives(name), _U)
    value = _SLOPES[name](u)
    if value is None:
        raise ValueError(f"the derivative of {name} is not defined at {u}")
    return value


_U = Sym("u")
_DERIVATIVES: dict[str, Expr] = {}
_SLOPES: dict[str, Callable[[float], float | None]] = {}


def _derivatives(name: str) -> Expr:
    if name not in _DERIVATIVES:
        from stepcalc.derivation import derive

        d = derive(Func(name, (_U,)), "u")
        if d.result is None:
            raise ValueError(f"stepcalc cannot differentiate {name}")
        _DERIVATIVES[name] = d.result
    return _DERIVATIVES[name]


def _forward(found: AutoDiff) -> None:
    """One pass per input direction: u̇ = 1 for that input, 0 for the others."""
    n = len(found.variables)
    for j in range(n):
        dots = [0.0] * len(found.nodes)
        for k, node in enumerate(found.nodes):
            if node.op == "input":
                dots[k] = 1.0 if k == j else 0.0
            else:
                dots[k] = math.fsum(p * dots[i] for p, i in zip(node.partials, node.inputs, strict=True))
        found.tangents.append(dots)


def _reverse(found: AutoDiff) -> None:
    """v̄ = 1 at the output, then each node gives v̄ · ∂v/∂u to its inputs, from the last down."""
    bars = [0.0] * len(found.nodes)
    gifts: list[list[tuple[int, float]]] = [[] for _ in found.nodes]
    bars[-1] = 1.0
    for k in range(len(found.nodes) - 1, -1, -1):
        node = found.nodes[k]
        for p, i in zip(node.partials, node.inputs, strict=True):
            amount = bars[k] * p
            bars[i] += amount
            gifts[i].append((k, amount))
    found.adjoints, found.contributions = bars, gifts


def _symbolic(
    f: Expr, variables: tuple[Sym, ...], point: tuple[float, ...], limits: Limits
) -> tuple[float, ...]:
    from stepcalc.multivariable import gradient
    from stepcalc.tasks.descent import _compile

    d = gradient(f, list(variables), limits=limits)
    if d.unknown or d.result is None:
        return ()
    from decimal import Decimal

    at = tuple(Decimal(repr(v)) for v in point)
    return tuple(float(_compile(g, variables)(at)) for g in d.result.items)  # type: ignore[attr-defined]


def _differences(found: AutoDiff) -> tuple[float, ...]:
    """Central differences (f(x + h e_j) − f(x − h e_j))/(2h), h = 10⁻⁶ scaled, each f evaluated
    on the graph (a reused value once: the tree written out can be exponentially large)."""
    out = []
    for j, v in enumerate(found.point):
        h = 1e-6 * max(1.0, abs(v))
        up = tuple(p + (h if i == j else 0.0) for i, p in enumerate(found.point))
        down = tuple(p - (h if i == j else 0.0) for i, p in enumerate(found.point))
        out.append((_value_at(found, up) - _value_at(found, down)) / (2 * h))
    return tuple(out)


def _value_at(found: AutoDiff, point: tuple[float, ...]) -> float:
    values: list[float] = []
    for k, node in enumerate(found.nodes):
        if node.op == "input":
            values.append(point[k])
        else:
            values.append(_local(node, [values[i] for i in node.inputs])[0])
    return values[-1]


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))
