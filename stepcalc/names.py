"""Tables of names shared by the parsers and printers (data only)."""

from __future__ import annotations

from stepcalc.catalogue import CATALOGUE, SPELLINGS

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

# Function names, read from the catalogue (stepcalc.catalogue has one entry per function).
# Written names → canonical names in the AST (``arcsin`` → ``asin``, ``tg`` → ``tan``).
FUNCTION_ALIASES: dict[str, str] = {
    written: s.function.name for written, s in SPELLINGS.items() if written != s.function.name and not s.noted
}

TRIG = tuple(f.name for f in CATALOGUE if f.special == "trig")
HYPERBOLIC = tuple(f.name for f in CATALOGUE if f.power_prefix and f.name not in TRIG)
INVERSES: dict[str, str] = {f.name: f.inverse for f in CATALOGUE if f.inverse}

# Known functions and how many arguments each takes at most (undefined f, g, h take any number).
ARITY: dict[str, int] = {f.name: f.arity[1] for f in CATALOGUE}
KNOWN_FUNCTIONS = frozenset(ARITY)

# Functions a printer may write without parentheses when the argument is simple
# (``sin 2x``, ``ln x``), as textbooks do.
BARE_OK = frozenset(f.name for f in CATALOGUE if f.bare)

# Letters a textbook uses for constants: a x² + b x + c is a function of x alone, and its
# derivative is written d/dx, not ∂/∂x with "a, b, c held constant".
PARAMETERS = frozenset("abcdkmnpqABCDK")
