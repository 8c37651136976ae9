"""Tables of names shared by the parsers and printers (data only)."""

from __future__ import annotations

# Unicode Greek letters → the names the text printer writes (capitals stay as they are).
GREEK_NAMES: dict[str, str] = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ο": "omicron",
    "ρ": "rho",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "ϕ": "phi",
    "ϵ": "epsilon",
    "ϑ": "theta",
}
# Capital Greek letters written out; they stay Unicode letters in the AST (Δ, not "Delta").
# Pi and Sigma are left out: `Pi` is too easily meant as π, `Sigma` as a sum.
CAPITAL_GREEK: dict[str, str] = {
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Upsilon": "Υ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
}
GREEK_LETTERS: dict[str, str] = {name: letter for letter, name in GREEK_NAMES.items() if letter not in "ϕϵϑ"}

# Written function names → canonical names in the AST.
FUNCTION_ALIASES: dict[str, str] = {
    "arcsin": "asin",
    "arccos": "acos",
    "arctan": "atan",
    "arccot": "acot",
    "arcsec": "asec",
    "arccsc": "acsc",
    "arsinh": "asinh",
    "arcsinh": "asinh",
    "arcosh": "acosh",
    "arccosh": "acosh",
    "artanh": "atanh",
    "arctanh": "atanh",
    "arcoth": "acoth",
    "arccoth": "acoth",
    "arsech": "asech",
    "arcsech": "asech",
    "arcsch": "acsch",
    "arccsch": "acsch",
    "σ": "sigma",
    "√": "sqrt",
    "log": "ln",
    "sgn": "sign",
}

TRIG = ("sin", "cos", "tan", "cot", "sec", "csc")
HYPERBOLIC = ("sinh", "cosh", "tanh", "coth", "sech", "csch")
INVERSES: dict[str, str] = {f: "a" + f for f in TRIG + HYPERBOLIC}

# Known functions and how many arguments each takes (undefined f, g, h take any number).
ARITY: dict[str, int] = {
    **{f: 1 for f in TRIG + HYPERBOLIC},
    **{"a" + f: 1 for f in TRIG + HYPERBOLIC},
    "exp": 1,
    "ln": 1,
    "sqrt": 1,
    "abs": 1,
    "sign": 1,
    "heaviside": 1,
    "sigma": 1,
    "relu": 1,
    "softplus": 1,
    "log": 2,
    "dot": 2,
}
KNOWN_FUNCTIONS = frozenset(ARITY)

# Functions a printer may write without parentheses when the argument is simple
# (``sin 2x``, ``ln x``), as textbooks do.
BARE_OK = frozenset(TRIG + HYPERBOLIC + ("ln", "log"))
