"""Mal-rules: the wrong versions of rules that students apply, as data.

Each mal-rule is one small unit, like a rule: an id, its (wrong) pattern, ``match`` and
``apply``; what it is called, and the right rule it replaces, are phrases (``mistake.<id>`` and
``right.<id>`` in ``stepcalc.languages``).  ``mistaken_derivative(f, x, mal)`` differentiates ``f``
with the correct rules except where the mal-rule matches, so the checker can say which
mistake gives a student's answer (``(sin x²)' = cos x²``: the chain factor forgotten).
The mistake is applied everywhere it matches, or only at its first (outermost) match; a
student may make it consistently or once.  The tables are by topic: ``functions`` (ln, log,
trigonometric and inverse functions), ``powers`` (powers, roots, exponentials, constants)
and ``structure`` (chain, product, quotient, reciprocal, sums).
"""

from __future__ import annotations

from stepcalc.malrules import functions as fn
from stepcalc.malrules import powers as pw
from stepcalc.malrules import structure as st
from stepcalc.malrules.base import MalRule
from stepcalc.malrules.derive import exact_derivative, mistaken_derivative

__all__ = ["BY_ID", "MALRULES", "MalRule", "exact_derivative", "mistaken_derivative"]

# The checker names the first mal-rule that gives the student's answer, so where two of them
# give the same wrong derivative the order decides the name.  Specific before generic, and
# the commoner slip first:
# - a slip of one function before the generic slip it coincides with there: (ln u)' = 1/u and
#   1/u' are the chain factor forgotten and the inner function differentiated inside, on ln;
#   (√u)' = u'/√u and (1/v)' = v'/v² are the power rule's coefficient dropped on u^(1/2), v^(-1);
# - the chain factor forgotten, the commonest slip of all, before the power-rule and constant
#   slips it coincides with when the inner function is linear: ((2x+1)²)' = 2(2x+1);
# - u'v' before u'v alone, which it equals when v = e^x: (x² e^x)' = 2x e^x;
# - the sign slips of sin, cos and arccos before the product rule's minus:
#   (x cos x)' = cos x + x sin x;
# - the power rule on x^x before the product rule's second term alone (both give x^x);
# - the power-rule slips and ln(u + v) split before the outer derivative taken at x:
#   ((x²+1)²)' = (2x)² = 2x · 2x, (ln(x+1))' = 1/x.
MALRULES: tuple[MalRule, ...] = (
    fn.LN_WITHOUT_INNER_DERIVATIVE,
    fn.LN_ONE_OVER_INNER_DERIVATIVE,
    pw.SQRT_HALF_DROPPED,
    pw.RECIPROCAL_SIGN,
    st.CHAIN_FACTOR_FORGOTTEN,
    st.INNER_DIFFERENTIATED_INSIDE,
    st.PRODUCT_OF_DERIVATIVES,
    st.QUOTIENT_NUMERATOR_SWAPPED,
    st.DENOMINATOR_NOT_SQUARED,
    st.QUOTIENT_OF_DERIVATIVES,
    pw.POWER_RULE_ON_EXPONENTIAL,
    pw.EXPONENT_NOT_LOWERED,
    fn.LN_OVER_LN,
    fn.COS_SIGN,
    fn.SIN_SIGN,
    st.CONSTANT_DROPPED,
    pw.EXP_DERIVATIVE_TIMES_EXPONENT,
    fn.TAN_SEC_NOT_SQUARED,
    fn.ARCSIN_ARCTAN_SWAPPED,
    fn.ARCCOS_SIGN,
    fn.LN_OF_SUM_SPLIT,
    fn.LOG_BASE_WITHOUT_LN,
    pw.EXPONENTIAL_WITHOUT_LN,
    pw.EXP_INNER_REPLACED_BY_X,
    pw.POWER_COEFFICIENT_DROPPED,
    pw.EXPONENT_RAISED,
    pw.POWER_DERIVATIVE_INSIDE,
    pw.CONSTANT_DIFFERENTIATED_AS_VARIABLE,
    pw.POWER_RULE_ON_VARIABLE_EXPONENT,
    st.PRODUCT_RULE_FIRST_TERM_ONLY,
    st.PRODUCT_RULE_SECOND_TERM_ONLY,
    st.PRODUCT_RULE_MINUS,
    st.QUOTIENT_RULE_PLUS,
    st.RECIPROCAL_OF_DERIVATIVE,
    st.CONSTANT_TERM_KEPT,
    st.SUM_TERM_DROPPED,
    st.OUTER_DERIVATIVE_AT_X,
)

BY_ID = {m.id: m for m in MALRULES}
