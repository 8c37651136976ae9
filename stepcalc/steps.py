"""Plain data for worked solutions: rule ids, steps, lines.  Rendering is elsewhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from stepcalc.expr import Expr


class RuleId(StrEnum):
    """Stable ids of differentiation rules and simplification steps (JSON, tests, phrases)."""

    # differentiation
    CONSTANT = "constant"
    IDENTITY = "identity"
    POWER = "power"
    CONSTANT_MULTIPLE = "constant_multiple"
    SUM = "sum"
    DIFFERENCE = "difference"
    PRODUCT = "product"
    QUOTIENT = "quotient"
    RECIPROCAL = "reciprocal"
    CHAIN = "chain"
    EXP = "exp"
    EXP_BASE = "exp_base"
    LN = "ln"
    LOG_BASE = "log_base"
    SQRT = "sqrt"
    CBRT = "cbrt"
    SIN = "sin"
    COS = "cos"
    TAN = "tan"
    COT = "cot"
    SEC = "sec"
    CSC = "csc"
    ASIN = "asin"
    ACOS = "acos"
    ATAN = "atan"
    ACOT = "acot"
    ASEC = "asec"
    ACSC = "acsc"
    SINH = "sinh"
    COSH = "cosh"
    TANH = "tanh"
    COTH = "coth"
    SECH = "sech"
    CSCH = "csch"
    ASINH = "asinh"
    ACOSH = "acosh"
    ATANH = "atanh"
    ACOTH = "acoth"
    ASECH = "asech"
    ACSCH = "acsch"
    ABS = "abs"
    SIGN = "sign"
    SIGMOID = "sigmoid"
    RELU = "relu"
    SOFTPLUS = "softplus"
    ERF = "erf"
    GELU = "gelu"
    SILU = "silu"
    ELU = "elu"
    LEAKY_RELU = "leaky_relu"
    SOFTSIGN = "softsign"
    UNDEFINED_FUNCTION = "undefined_function"
    LOGARITHMIC_DIFFERENTIATION = "logarithmic_differentiation"
    LOG_LAWS = "log_laws"
    DEFINITION = "definition"
    PARTIAL = "partial"
    GRADIENT = "gradient"
    MULTIVARIABLE_CHAIN = "multivariable_chain"
    DIRECTIONAL = "directional"
    MATRIX_LINEAR = "matrix_linear"
    MATRIX_QUADRATIC = "matrix_quadratic"
    NORM = "norm"
    # integration
    INT_CONSTANT = "int_constant"
    INT_POWER = "int_power"
    INT_RECIPROCAL = "int_reciprocal"
    INT_EXP = "int_exp"
    INT_EXP_BASE = "int_exp_base"
    INT_SIN = "int_sin"
    INT_COS = "int_cos"
    INT_TAN = "int_tan"
    INT_COT = "int_cot"
    INT_SEC = "int_sec"
    INT_CSC = "int_csc"
    INT_SEC_SQUARED = "int_sec_squared"
    INT_CSC_SQUARED = "int_csc_squared"
    INT_SEC_TAN = "int_sec_tan"
    INT_CSC_COT = "int_csc_cot"
    INT_SINH = "int_sinh"
    INT_COSH = "int_cosh"
    INT_ATAN = "int_atan"
    INT_ASIN = "int_asin"
    INT_LN_ROOT = "int_ln_root"
    SUBSTITUTION = "substitution"
    PARTS = "parts"
    PARTS_CYCLIC = "parts_cyclic"
    POLYNOMIAL_DIVISION = "polynomial_division"
    PARTIAL_FRACTIONS = "partial_fractions"
    SPLIT_NUMERATOR = "split_numerator"
    COMPLETE_SQUARE = "complete_square"
    LINEAR_ARGUMENT = "linear_argument"
    TRIG_POWERS = "trig_powers"
    SEC_TAN_POWERS = "sec_tan_powers"
    PRODUCT_TO_SUM = "product_to_sum"
    SECANT_REDUCTION = "secant_reduction"
    COT_CSC_POWERS = "cot_csc_powers"
    COSECANT_REDUCTION = "cosecant_reduction"
    TRIG_SUBSTITUTION = "trig_substitution"
    HALF_ANGLE = "half_angle"
    CONSTANT_OF_INTEGRATION = "constant_of_integration"
    ABSORB_CONSTANT = "absorb_constant"
    FUNDAMENTAL_THEOREM = "fundamental_theorem"
    IMPROPER_INTEGRAL = "improper_integral"
    INT_SPLIT = "int_split"
    # limits
    LIM_CONSTANT = "lim_constant"
    LIM_SUBSTITUTION = "lim_substitution"
    LIM_CONSTANT_MULTIPLE = "lim_constant_multiple"
    LIM_SUM = "lim_sum"
    LIM_PRODUCT = "lim_product"
    LIM_QUOTIENT = "lim_quotient"
    LIM_COMPOSITION = "lim_composition"
    LIM_FACTOR_CANCEL = "lim_factor_cancel"
    LIM_DIVIDE_POWER = "lim_divide_power"
    LIM_RECIPROCAL_POWERS = "lim_reciprocal_powers"
    LIM_LEADING_TERM = "lim_leading_term"
    LIM_INFINITE = "lim_infinite"
    LIM_ONE_SIDED = "lim_one_sided"
    LIM_SIN = "lim_sin"
    LIM_TAN = "lim_tan"
    LIM_LN = "lim_ln"
    LIM_EXP = "lim_exp"
    LIM_COS = "lim_cos"
    LIM_E = "lim_e"
    LIM_SQUEEZE = "lim_squeeze"
    LIM_E_FORM = "lim_e_form"
    LIM_EXP_LOG = "lim_exp_log"
    LIM_ZERO_POWER = "lim_zero_power"
    LIM_REWRITE_QUOTIENT = "lim_rewrite_quotient"
    LHOPITAL = "lhopital"
    LIM_DNE = "lim_dne"
    LIM_INFINITY_ARITHMETIC = "lim_infinity_arithmetic"
    # simplification
    SIMPLIFY = "simplify"
    SUBSTITUTE = "substitute"
    FOLD_CONSTANTS = "fold_constants"
    SIMPLIFY_SIGNS = "simplify_signs"
    CONSTANTS_FIRST = "constants_first"
    MULTIPLY_FRACTIONS = "multiply_fractions"
    COMBINE_POWERS = "combine_powers"
    CANCEL = "cancel"
    COMBINE_LIKE_TERMS = "combine_like_terms"
    COMMON_DENOMINATOR = "common_denominator"
    MULTIPLY_NUM_DEN = "multiply_num_den"
    CONJUGATE = "conjugate"
    FACTOR_COMMON = "factor_common"
    FACTOR = "factor"
    RECOGNIZE_SIGMA = "recognize_sigma"
    ADD_SUBTRACT = "add_subtract"
    SPLIT_FRACTION = "split_fraction"
    EVALUATE = "evaluate"
    EXPAND = "expand"
    POSITIVE_EXPONENTS = "positive_exponents"
    TRIG_IDENTITY = "trig_identity"
    REMOVE_BRACKETS = "remove_brackets"
    ORDER_TERMS = "order_terms"
    ORDER_FACTORS = "order_factors"
    DISTRIBUTE = "distribute"
    SAME_DENOMINATOR = "same_denominator"
    PYTHAGOREAN = "pythagorean"
    QUOTIENT_IDENTITY = "quotient_identity"
    OPEN_BRACKETS = "open_brackets"
    POWER_OF_PRODUCT = "power_of_product"
    RADICAL = "radical"
    ABSOLUTE_VALUE = "absolute_value"
    EXP_LOG = "exp_log"
    RECIPROCAL_IDENTITY = "reciprocal_identity"
    EVEN_ODD = "even_odd"
    COFUNCTION = "cofunction"
    INVERSE_COMPOSITION = "inverse_composition"
    AS_DECIMAL = "as_decimal"
    NORM_FORM = "norm_form"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Step:
    """One rule application: ``before`` (a derivative hole or a subexpression) became ``after``."""

    rule: RuleId
    before: Expr
    after: Expr
    substeps: tuple[Step, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """A whole expression of the worked solution and the steps that produced it."""

    expr: Expr
    steps: tuple[Step, ...] = ()
    note: str = ""

    @property
    def rules(self) -> tuple[RuleId, ...]:
        """The distinct rule ids of this line's steps (and substeps), in first-use order."""
        seen: dict[RuleId, None] = {}
        stack = list(reversed(self.steps))
        while stack:
            step = stack.pop()
            seen.setdefault(step.rule, None)
            stack.extend(reversed(step.substeps))
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Binding:
    """``let name = value`` introduced by the chain rule."""

    name: Expr
    value: Expr


@dataclass(slots=True)
class Section:
    """The lines of one derivative (order k, or one partial derivative)."""

    lines: list[Line] = field(default_factory=list)
    bindings: tuple[Binding, ...] = ()
    start: Expr | None = None  # the hole ``Deriv(f, x)`` this section works out
    order: int = 0  # shown as "derivative of order k" when a problem takes several
    held: tuple[Expr, ...] | None = None  # a partial derivative: the variables held constant
    unknown: str = ""  # why the engine stopped, when it could not finish
    # the chain rule's u = f(x, y), x = x(a, b), …: what ∂u/∂x and ∂x/∂a stand for
    definitions: tuple[Binding, ...] = ()
    shown_start: Expr | None = None  # what the first line's left side shows, when not ``start``
    conditions: tuple[Expr, ...] = ()  # the result holds where each of these is not 0 (x ≠ 0)
    domain: tuple[Expr, Expr] | None = None  # (x, a): the result holds for x ≥ a (x = a sec θ)
