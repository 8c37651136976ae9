"""English phrases, part 5: critical points in several variables and the second-derivative test
(``word.system_*``, ``word.extrema_*``); {0}… are mathematics written by the format."""

from __future__ import annotations

OPTIMISE: dict[str, str] = {
    # solving ∇f = 0 (stepcalc.tasks.critical); a list of equations is joined by ", "
    "word.system_system": "Solve ∇f = 0: {0}",
    "word.system_case": "case {0}:",
    "word.system_no_solution": "{0} has no real solution",
    "word.system_never_zero": "{0}: none of its factors is ever zero, so no solution here",
    "word.system_factor_zero": "{0}: the other factors are never zero, so {1}",
    "word.system_zero_product": "{0}: a product is zero where one of its factors is: {1}",
    "word.system_factor": "{0}: factor, {1}",
    "word.system_coefficient_zero": "case {0} (the unknown's coefficient is zero):",
    "word.system_coefficient_nonzero": "case {0} is false:",
    "word.system_isolate": "{0} gives {1}",
    "word.system_substitute": "put {0} into the other equations: {1}",
    "word.system_back": "where {1}: {0}",
    "word.system_impossible": "{0} is false: no solution in this case",
    "word.or": " or ",
    "word.and": " and ",
    # the second-derivative test at each critical point
    "word.extrema_points": "Critical points: {0}",
    "word.extrema_none": "∇f = 0 has no real solution: f has no critical point",
    "word.extrema_hessian": "at {0}: {1}; {2}",
    "word.extrema_min2": "{0} > 0 and {1} > 0: a local minimum, {2}",
    "word.extrema_max2": "{0} > 0 and {1} < 0: a local maximum, {2}",
    "word.extrema_saddle2": "{0} < 0: a saddle point, {2}",
    "word.extrema_inconclusive2": "{0} = 0: the second-derivative test is inconclusive, {2}",
    "word.extrema_min": "the leading principal minors {0} are all positive: a local minimum, {2}",
    "word.extrema_max": "the leading principal minors {0} alternate in sign from negative: a local maximum, {2}",
    "word.extrema_saddle": "the leading principal minors {0} show H is indefinite: a saddle point, {2}",
    "word.extrema_inconclusive": "the leading principal minors {0} end in 0: the test is inconclusive, {2}",
    "word.extrema_verified": "[verified: every critical point, its kind and its value, and none missed]",
    "word.extrema_refuted": "[REFUTED by the oracle: {0}]",
    "word.extrema_unverified": "[not verified: {0}]",
    "word.extrema_check_stationary": "the gradient at the points",
    "word.extrema_check_kinds": "the kinds",
    "word.extrema_check_values": "the values",
    "word.extrema_check_complete": "whether a critical point is missing",
    "word.extrema_numeric": "(the point is found numerically)",
    "word.extrema_discriminant": "D = f_xx f_yy - f_xy^2",
}
