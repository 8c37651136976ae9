"""Automatic differentiation shown step by step (issue 21, item 4).

``autodiff("x y + sin x", "x=1,y=2")`` builds the computational graph of the expression, one node
per primitive operation and a shared subexpression once (the expression tree's equal parts are one
node, so a value used twice has two arrows out of it), then:

* forward mode: each node's value and tangent v̇ = Σ ∂v/∂u · u̇, one pass per input direction
  (n passes for n inputs);
* reverse mode: the values forward, then the adjoints v̄ from the output down in reverse
  topological order, each parent receiving v̄ · ∂v/∂u, contributions summed where a value is used
  twice (micrograd's issue #2) — one backward pass for every input at once.

An input may be a vector (``2 xᵀx`` at x = [0, 1, 2, 3]): its value is a ``Vec``, forward mode
takes a pass per component, and the local rules of ``autodiff_values`` carry vectors through the
same passes.  The gradient is compared with stepcalc's symbolic gradient at the point and with
central finite differences; the oracle's (sympy's) is added by the verification.  Values are
floating point.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stepcalc.budget import call_with_limit
from stepcalc.errors import StepcalcError, UnsupportedError
from stepcalc.evaluate import parse_point
from stepcalc.expr import (
    Add,
    Div,
    Expr,
    Func,
    MatMul,
    Mul,
    Neg,
    Norm,
    Pow,
    Sym,
    Transpose,
    Vector,
    free_symbols,
)
from stepcalc.limits import DEFAULT, Limits
from stepcalc.parse import parse
from stepcalc.rules.base import rational
from stepcalc.tasks import autodiff_values as values
from stepcalc.tasks.autodiff_checks import check, differences
from stepcalc.tasks.autodiff_values import Partial, Value, Vec

__all__ = ["AutoDiff", "Node", "autodiff", "graph", "seeds", "value_at"]

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
    value: Value = 0.0
    partials: tuple[Partial, ...] = ()


@dataclass
class AutoDiff:
    f: Expr
    variables: tuple[Sym, ...]
    point: tuple[Value, ...]
    nodes: list[Node]
    tangents: list[list[Value]] = field(
        default_factory=list
    )  # a pass per input component: a tangent per node
    adjoints: list[Value] = field(default_factory=list)
    contributions: list[list[tuple[int, Value]]] = field(default_factory=list)  # per node: (from, amount)
    symbolic: tuple[float, ...] = ()
    symbolic_form: tuple[Expr, ...] = ()  # stepcalc's gradient: the partials, or ∇ₓ f per vector x
    differences: tuple[float, ...] = ()
    oracle: tuple[float, ...] | None = None

    @property
    def gradient(self) -> tuple[float, ...]:
        """∂f/∂ of each input component, in order (a vector input's entries in turn)."""
        return tuple(a for i in range(len(self.variables)) for a in values.flat(self.adjoints[i]))

    @property
    def directions(self) -> list[str]:
        """The input components, one forward pass each: x, y, or x_1 … x_n for a vector x."""
        out = []
        for x, v in zip(self.variables, self.point, strict=True):
            out += [f"{x.name}_{j}" for j in range(1, len(v.items) + 1)] if isinstance(v, Vec) else [x.name]
        return out

    @property
    def verified(self) -> bool | None:
        """True when every way agrees and the oracle's gradient is among them; False when they
        disagree; None when the oracle gave no number."""
        if not self.agrees():
            return False
        return True if self.oracle is not None else None

    def agrees(self) -> bool:
        """Whether reverse mode, forward mode, the symbolic gradient (when there was time for it)
        and the finite differences agree (to 1e-9 relative, 1e-4 for the differences)."""
        forward = tuple(float(t[-1]) for t in self.tangents)  # type: ignore[arg-type]  # the output is a number
        ok = all(_close(a, b, 1e-9) for a, b in zip(self.gradient, forward, strict=True))
        ok &= all(_close(a, b, 1e-9) for a, b in zip(self.gradient, self.symbolic, strict=False))
        ok &= all(_close(a, b, 1e-4) for a, b in zip(self.gradient, self.differences, strict=False))
        if self.oracle is not None:
            ok &= all(_close(a, b, 1e-9) for a, b in zip(self.gradient, self.oracle, strict=True))
        return ok

    def to_dict(self) -> dict[str, Any]:
        from stepcalc.oracle import sympy_text

        return {
            "problem": sympy_text(self.f),
            "variables": [x.name for x in self.variables],
            "at": {x.name: values.to_json(v) for x, v in zip(self.variables, self.point, strict=True)},
            "nodes": [
                {
                    "name": n.name,
                    "op": n.op,
                    "inputs": [self.nodes[i].name for i in n.inputs],
                    "expr": sympy_text(n.expr),
                    "value": values.to_json(n.value),
                    "partials": [values.to_json(p) for p in n.partials],
                }
                for n in self.nodes
            ],
            "forward": [
                {"direction": name, "tangents": [values.to_json(v) for v in t]}
                for name, t in zip(self.directions, self.tangents, strict=True)
            ],
            "reverse": {"adjoints": [values.to_json(v) for v in self.adjoints]},
            "gradient": [repr(g) for g in self.gradient],
            "symbolic": list(self.symbolic),
            "symbolic_gradient": [sympy_text(g) for g in self.symbolic_form],
            "finite_differences": list(self.differences),
            "oracle": None if self.oracle is None else list(self.oracle),
            "passes": {"forward": len(self.tangents), "reverse": 1},
            "stored": {"forward": 2 * len(self.nodes), "reverse": 2 * len(self.nodes)},
            "agrees": self.agrees(),
        }


def autodiff(
    expr: str | Expr,
    at: str | dict[str, str],
    wrt: str | list[str] | None = None,
    *,
    vectors: str | list[str] | None = None,
    verify: bool = True,
    limits: Limits = DEFAULT,
) -> AutoDiff:
    """The graph of ``expr``, its forward and reverse passes at ``at``, and the checks.  An input
    whose value is a list (``x=[0, 1, 2, 3]``) is a vector; ``vectors`` names those that must be."""
    from stepcalc.partials import variables_of
    from stepcalc.shapes import rewrite_dot

    f = rewrite_dot(parse(expr, limits=limits) if isinstance(expr, str) else expr)
    variables = tuple(variables_of(f, wrt, limits))
    given = parse_point(at, limits)
    if set(given) != set(variables):
        raise StepcalcError(f"--at gives a value to each of {', '.join(x.name for x in variables)}")
    point = tuple(_value(given[x], limits) for x in variables)
    _check_vectors(vectors, variables, point)
    budget = limits.max_seconds
    started = time.monotonic()

    def passes() -> AutoDiff:
        found = AutoDiff(f, variables, point, graph(f, variables))
        _evaluate(found)
        if isinstance(found.nodes[-1].value, Vec):
            raise StepcalcError(
                "the function is a vector: automatic differentiation here takes a number (2 xᵀx, ‖x‖²)"
            )
        _forward(found)
        _reverse(found)
        found.differences = differences(found)
        return found

    found = call_with_limit(budget, passes, "automatic differentiation")
    check(found, limits, verify=verify, started=started)
    return found


def _float(e: Expr) -> float:
    from stepcalc.exact import to_float

    value = to_float(e)
    if value is None:
        raise StepcalcError("the point must be real numbers")
    return value


def _value(e: Expr, limits: Limits) -> Value:
    """A number, or a vector's entries (``[0, 1, 2, 3]``, a column)."""
    if isinstance(e, Vector):
        limits.check_vector(len(e.items), "a vector")
        return Vec(tuple(_float(item) for item in e.items))
    return _float(e)


def _check_vectors(
    names: str | list[str] | None, variables: tuple[Sym, ...], point: tuple[Value, ...]
) -> None:
    from stepcalc.shapes import name_of

    wanted = (
        [name_of(n.split(":")[0].strip()) for n in names.split(",")]
        if isinstance(names, str)
        else list(names or [])
    )
    for name in wanted:
        if name not in {x.name for x in variables}:
            raise StepcalcError(f"--vector {name}: {name} is not one of the variables")
        if not isinstance(point[[x.name for x in variables].index(name)], Vec):
            raise StepcalcError(f"{name} is a vector: give its entries, as {name}=[0, 1, 2, 3]")


# ---------------------------------------------------------------- the graph
def graph(f: Expr, variables: tuple[Sym, ...]) -> list[Node]:
    """Inputs first, then every distinct operation after its inputs (a topological order)."""
    nodes = [Node(x.name, "input", (), x) for x in variables]
    seen: dict[Expr, int] = {x: i for i, x in enumerate(variables)}
    stack: list[tuple[Expr, bool]] = [(f, False)]
    while stack:
        e, ready = stack.pop()
        if e in seen:
            continue
        parts = _operands(e)
        if isinstance(e, Vector) and not free_symbols(e):
            parts = ()  # a constant vector [1, 2] is one node, its entries not nodes of their own
        if not ready:
            stack.append((e, True))
            stack.extend((p, False) for p in reversed(parts) if p not in seen)
            continue
        # a constant: no input below it (read off the operands' nodes, never by walking the tree,
        # which a reused value makes exponentially large); a constant vector [1, 2] is one node,
        # and what is computed from it is an operation
        if not isinstance(e, Sym) and all(_scalar_constant(nodes[seen[p]]) for p in parts):
            op = "const"
            parts = ()
        else:
            op = _op(e)
        seen[e] = len(nodes)
        nodes.append(Node(f"v{len(nodes) - len(variables) + 1}", op, tuple(seen[p] for p in parts), e))
        if len(nodes) > MAX_NODES:
            raise UnsupportedError(f"the graph has more than {MAX_NODES:,} nodes")
    if isinstance(f, Sym):  # f = x: the output is a node of its own, the last
        nodes.append(Node("v1", "id", (seen[f],), f))
    return nodes


def _scalar_constant(node: Node) -> bool:
    return node.op == "const" and not isinstance(node.expr, Vector)


def _operands(e: Expr) -> tuple[Expr, ...]:
    match e:
        case Add(terms=ts):
            return ts
        case Mul(factors=fs) | MatMul(factors=fs):
            return fs
        case Transpose(arg=a) | Norm(arg=a):
            return (a,)
        case Vector(items=items):
            return items
        case Div(num=n, den=d):
            return (n, d)
        case Neg(arg=a):
            return (a,)
        case Pow(base=Norm(arg=a, kind=None | "2"), exp=x) if rational(x) == 2:
            return (a,)  # ‖a‖² is one node: it has a derivative where ‖a‖ has none, at a = 0
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
        case MatMul():
            return "matmul"
        case Transpose():
            return "transpose"
        case Norm(kind=kind) if kind in (None, "2"):
            return "norm"
        case Norm():
            raise UnsupportedError("automatic differentiation here takes the Euclidean norm ‖x‖ only")
        case Vector():
            raise UnsupportedError(
                "a vector of variables: automatic differentiation here takes the inputs' vectors whole"
            )
        case Div():
            return "div"
        case Neg():
            return "neg"
        case Pow(base=Norm(kind=None | "2"), exp=x) if rational(x) == 2:
            return "normsq"
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
        except (ValueError, ZeroDivisionError, OverflowError, TypeError) as error:
            raise StepcalcError(f"{node.name} = {node.expr} is not defined at the point ({error})") from None
        if not _finite(node):  # 1e200 · 1e200: past floating point
            raise StepcalcError(f"{node.name} = {node.expr} is too large for floating point at the point")


def _finite(node: Node) -> bool:
    """Whether a node's value and local partials are finite numbers (numbers first: the plain case)."""
    value, partials = node.value, node.partials
    if type(value) is float and all(type(p) is float for p in partials):
        return math.isfinite(value) and all(map(math.isfinite, partials))  # type: ignore[arg-type]
    numbers = [*values.flat(value), *(a for p in partials for a in values.flat_partial(p))]
    return all(math.isfinite(a) for a in numbers)


def _local(node: Node, args: list[Any]) -> tuple[Value, tuple[Partial, ...]]:
    op, e = node.op, node.expr
    if op == "const":
        if isinstance(e, Vector):
            return Vec(tuple(_constant(item) for item in e.items)), ()
        return _constant(e), ()
    if op in _VECTOR_OPS or any(isinstance(a, Vec) for a in args):
        if op.startswith("pow"):
            raise StepcalcError("a power of a vector has no meaning: write xᵀx or ‖x‖²")
        return values.local(op, args)
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


_VECTOR_OPS = frozenset({"transpose", "norm", "normsq", "matmul", "id"})


def _constant(e: Expr) -> float:
    from stepcalc.exact import to_float

    value = to_float(e)
    if value is None:
        raise ValueError("a constant without a real value")
    return value


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
    """One pass per input component: u̇ = 1 for that component, 0 for the others."""
    if not any(isinstance(v, Vec) for v in found.point):
        for j in range(len(found.variables)):  # numbers only: the plain loop
            dots = [0.0] * len(found.nodes)
            dots[j] = 1.0
            for k, node in enumerate(found.nodes):
                if node.op != "input":
                    dots[k] = math.fsum(p * dots[i] for p, i in zip(node.partials, node.inputs, strict=True))  # type: ignore[operator]
            found.tangents.append(dots)  # type: ignore[arg-type]
        return
    for seed in seeds(found.point):
        vdots: list[Value] = list(seed) + [0.0] * (len(found.nodes) - len(seed))
        for k, node in enumerate(found.nodes):
            if node.op != "input":
                parts = [values.forward(p, vdots[i]) for p, i in zip(node.partials, node.inputs, strict=True)]
                vdots[k] = values.total(parts, node.value)
        found.tangents.append(vdots)


def seeds(point: tuple[Value, ...]) -> list[tuple[Value, ...]]:
    """The inputs' tangents of each forward pass: 1 in one component, 0 in every other."""
    out = []
    for k, v in enumerate(point):
        for j in range(len(values.flat(v))):
            out.append(tuple(_unit(w, j) if i == k else values.like(w) for i, w in enumerate(point)))
    return out


def _unit(v: Value, j: int) -> Value:
    if isinstance(v, Vec):
        return Vec(tuple(1.0 if i == j else 0.0 for i in range(len(v.items))), v.row)
    return 1.0


def _reverse(found: AutoDiff) -> None:
    """v̄ = 1 at the output, then each node gives v̄ · ∂v/∂u to its inputs, from the last down."""
    nodes = found.nodes
    gifts: list[list[tuple[int, Value]]] = [[] for _ in nodes]
    if not any(isinstance(n.value, Vec) for n in nodes):  # numbers only: the plain loop
        bars = [0.0] * len(nodes)
        bars[-1] = 1.0
        for k in range(len(nodes) - 1, -1, -1):
            node = nodes[k]
            for p, i in zip(node.partials, node.inputs, strict=True):
                amount = bars[k] * p  # type: ignore[operator]
                bars[i] += amount
                gifts[i].append((k, amount))
        found.adjoints, found.contributions = bars, gifts  # type: ignore[assignment]
        return
    vbars: list[Value] = [values.like(n.value) for n in nodes]
    vbars[-1] = 1.0  # the output is a number
    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        for p, i in zip(node.partials, node.inputs, strict=True):
            given = values.backward(p, vbars[k], nodes[i].value)
            vbars[i] = values.total([vbars[i], given], nodes[i].value)
            gifts[i].append((k, given))
    found.adjoints, found.contributions = vbars, gifts


def value_at(nodes: list[Node], point: tuple[Value, ...]) -> Value:
    """The graph's output at ``point`` (the inputs are its first nodes)."""
    out: list[Value] = []
    for k, node in enumerate(nodes):
        if node.op == "input":
            out.append(point[k])
        else:
            out.append(_local(node, [out[i] for i in node.inputs])[0])
    return out[-1]


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))
