"""The one phrase table: what each rule id is called, in English and Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from stepcalc.expr import Deriv, Equation, Expr, Sym
from stepcalc.messages import translate
from stepcalc.steps import RuleId

LANGS = ("en", "zh")

_R = RuleId
PHRASES: dict[RuleId, tuple[str, str]] = {
    _R.CONSTANT: ("constant rule", "常数法则"),
    _R.IDENTITY: ("x' = 1", "x' = 1"),
    _R.POWER: ("power rule", "幂法则"),
    _R.CONSTANT_MULTIPLE: ("constant multiple rule", "常数倍法则"),
    _R.SUM: ("sum rule", "加法法则"),
    _R.DIFFERENCE: ("difference rule", "加减法则"),
    _R.PRODUCT: ("product rule", "乘法法则"),
    _R.QUOTIENT: ("quotient rule", "除法法则"),
    _R.RECIPROCAL: ("reciprocal rule", "倒数法则"),
    _R.CHAIN: ("chain rule", "链式法则"),
    _R.EXP: ("(e^x)' = e^x", "指数函数求导"),
    _R.EXP_BASE: ("(a^x)' = a^x ln a", "指数函数求导"),
    _R.LN: ("(ln x)' = 1/x", "对数函数求导"),
    _R.LOG_BASE: ("(log_a x)' = 1/(x ln a)", "对数函数求导"),
    _R.SQRT: ("(√x)' = 1/(2√x)", "根式求导"),
    _R.CBRT: ("(∛x)' = 1/(3∛(x²))", "立方根求导"),
    _R.SIN: ("(sin x)' = cos x", "正弦函数求导"),
    _R.COS: ("(cos x)' = -sin x", "余弦函数求导"),
    _R.TAN: ("(tan x)' = sec²x", "正切函数求导"),
    _R.COT: ("(cot x)' = -csc²x", "余切函数求导"),
    _R.SEC: ("(sec x)' = sec x tan x", "正割函数求导"),
    _R.CSC: ("(csc x)' = -csc x cot x", "余割函数求导"),
    _R.ASIN: ("(arcsin x)' = 1/√(1 - x²)", "反正弦函数求导"),
    _R.ACOS: ("(arccos x)' = -1/√(1 - x²)", "反余弦函数求导"),
    _R.ATAN: ("(arctan x)' = 1/(1 + x²)", "反正切函数求导"),
    _R.ACOT: ("(arccot x)' = -1/(1 + x²)", "反余切函数求导"),
    _R.ASEC: ("(arcsec x)' = 1/(|x|√(x² - 1))", "反正割函数求导"),
    _R.ACSC: ("(arccsc x)' = -1/(|x|√(x² - 1))", "反余割函数求导"),
    _R.SINH: ("(sinh x)' = cosh x", "双曲正弦求导"),
    _R.COSH: ("(cosh x)' = sinh x", "双曲余弦求导"),
    _R.TANH: ("(tanh x)' = sech²x", "双曲正切求导"),
    _R.COTH: ("(coth x)' = -csch²x", "双曲余切求导"),
    _R.SECH: ("(sech x)' = -sech x tanh x", "双曲正割求导"),
    _R.CSCH: ("(csch x)' = -csch x coth x", "双曲余割求导"),
    _R.ASINH: ("(arsinh x)' = 1/√(x² + 1)", "反双曲正弦求导"),
    _R.ACOSH: ("(arcosh x)' = 1/√(x² - 1)", "反双曲余弦求导"),
    _R.ATANH: ("(artanh x)' = 1/(1 - x²)", "反双曲正切求导"),
    _R.ACOTH: ("(arcoth x)' = 1/(1 - x²)", "反双曲余切求导"),
    _R.ASECH: ("(arsech x)' = -1/(x√(1 - x²))", "反双曲正割求导"),
    _R.ACSCH: ("(arcsch x)' = -1/(|x|√(1 + x²))", "反双曲余割求导"),
    _R.ABS: ("|x|' = sign x", "绝对值求导"),
    _R.SIGN: ("sign' = 0 away from the jump", "符号函数求导"),
    _R.SIGMOID: ("σ' = σ(1 - σ)", "sigmoid 求导"),
    _R.RELU: ("relu' = H (step)", "ReLU 求导"),
    _R.SOFTPLUS: ("softplus' = σ", "softplus 求导"),
    _R.ERF: ("(erf x)' = 2e^(-x²)/√π", "误差函数求导"),
    _R.GELU: ("gelu' = Φ + x φ (normal distribution and density)", "GELU 求导"),
    _R.SILU: ("silu' = σ + x σ(1 - σ)", "SiLU 求导"),
    _R.ELU: ("elu' = 1 (x > 0), α eˣ (x < 0)", "ELU 求导"),
    _R.LEAKY_RELU: ("leaky_relu' = 1 (x > 0), a (x < 0)", "Leaky ReLU 求导"),
    _R.SOFTSIGN: ("softsign' = 1/(1 + |x|)²", "softsign 求导"),
    _R.UNDEFINED_FUNCTION: ("(f(u))' = f'(u) u'", "抽象函数求导"),
    _R.LOGARITHMIC_DIFFERENTIATION: ("logarithmic differentiation", "对数求导法"),
    _R.LOG_LAWS: ("laws of logarithms", "对数运算法则"),
    _R.DEFINITION: ("definition", "定义"),
    _R.PARTIAL: ("partial derivative", "偏导数"),
    _R.GRADIENT: ("gradient", "梯度"),
    _R.MULTIVARIABLE_CHAIN: ("multivariable chain rule", "多元链式法则"),
    _R.DIRECTIONAL: ("directional derivative", "方向导数"),
    _R.MATRIX_LINEAR: ("∇ₓ(Ax) = Aᵀ, ∇ₓ(xᵀA) = A", "线性函数的梯度"),
    _R.MATRIX_QUADRATIC: ("∇ₓ(xᵀAx) = (A + Aᵀ)x", "二次型的梯度"),
    _R.NORM: ("∇_X ‖X‖_F² = 2X", "范数的梯度"),
    _R.SIMPLIFY: ("simplify", "化简"),
    _R.SUBSTITUTE: ("substitute back", "回代"),
    _R.FOLD_CONSTANTS: ("arithmetic", "数值计算"),
    _R.SIMPLIFY_SIGNS: ("signs", "符号化简"),
    _R.CONSTANTS_FIRST: ("constants first", "常数前置"),
    _R.MULTIPLY_FRACTIONS: ("multiply fractions", "分式相乘"),
    _R.COMBINE_POWERS: ("combine powers", "合并同底幂"),
    _R.CANCEL: ("cancel", "约分"),
    _R.COMBINE_LIKE_TERMS: ("combine like terms", "合并同类项"),
    _R.COMMON_DENOMINATOR: ("common denominator", "通分"),
    _R.MULTIPLY_NUM_DEN: ("multiply numerator and denominator", "分子分母同乘"),
    _R.CONJUGATE: ("multiply by the conjugate", "分子分母同乘共轭根式"),
    _R.FACTOR_COMMON: ("factor out the common factor", "提取公因式"),
    _R.FACTOR: ("factor", "因式分解"),
    _R.RECOGNIZE_SIGMA: ("definition of σ", "σ 的定义"),
    _R.ADD_SUBTRACT: ("add and subtract 1", "加一减一"),
    _R.SPLIT_FRACTION: ("split the fraction", "拆分分式"),
    _R.EVALUATE: ("evaluate", "求值"),
    _R.EXPAND: ("expand and collect", "展开并合并"),
    _R.POSITIVE_EXPONENTS: ("negative powers as fractions", "负指数化为分式"),
    _R.TRIG_IDENTITY: ("trigonometric identity", "三角恒等式"),
    _R.REMOVE_BRACKETS: ("remove brackets", "去括号"),
    _R.ORDER_TERMS: ("order the terms", "调整项的顺序"),
    _R.ORDER_FACTORS: ("order the factors", "调整因子的顺序"),
    _R.DISTRIBUTE: ("multiply out", "乘开括号"),
    _R.SAME_DENOMINATOR: ("add fractions over one denominator", "同分母分式相加"),
    _R.PYTHAGOREAN: ("sin²u + cos²u = 1", "平方关系 sin²u + cos²u = 1"),
    _R.QUOTIENT_IDENTITY: ("sin u/cos u = tan u", "商数关系 sin u/cos u = tan u"),
    _R.OPEN_BRACKETS: ("open brackets", "展开括号"),
    _R.POWER_OF_PRODUCT: ("power of a product or quotient", "积与商的乘方"),
    _R.RADICAL: ("roots as powers", "根式与幂"),
    _R.ABSOLUTE_VALUE: ("absolute value", "绝对值"),
    _R.EXP_LOG: ("exponent and logarithm laws", "指数与对数运算法则"),
    _R.RECIPROCAL_IDENTITY: ("write through sin and cos", "化为正弦与余弦"),
    _R.EVEN_ODD: ("even and odd functions", "奇偶性"),
    _R.COFUNCTION: ("cofunction identity", "诱导公式"),
    _R.NORM_FORM: ("uᵀu = ‖u‖²", "内积写成范数 uᵀu = ‖u‖²"),
    _R.AS_DECIMAL: ("decimals, as the problem writes them", "按题目写成小数"),
    _R.INVERSE_COMPOSITION: ("a function of its inverse", "三角函数与反三角函数的复合"),
    _R.UNKNOWN: ("no rule applies", "无可用法则"),
}

_WORDS: dict[str, tuple[str, str]] = {
    "let": ("let", "令"),
    "holds_for": ("for {}", "{} 时成立"),
    "at": ("at", "当"),
    "verified": ("verified", "已验证"),
    "lines": ("lines", "行"),
    "refuted": ("REFUTED", "验证失败"),
    "refuted_lines": (
        "REFUTED: line {} — this is a stepcalc bug",
        "验证失败：第 {} 行——这是 stepcalc 的缺陷",
    ),
    "unknown": ("not checked", "未能验证"),
    "order": ("derivative of order {0}", "{0} 阶导数"),
    # headings and page words; {0} is mathematics written by the format
    "partial": ("∂/∂{0}", "对 {0} 求偏导"),
    "partial_words": ("partial derivative with respect to {0}", "对 {0} 求偏导"),
    "held_constant": (" ({0} held constant)", "（{0} 视为常数）"),
    "at_point": ("at {0}: ", "当 {0} 时："),
    "aside": (" ({0})", "（{0}）"),
    "steps": ("steps", "步骤"),
    "page_title": ("Derivative of", "求导"),
    "full_stop": (".", "。"),
    # homework sheets (stepcalc.sheet)
    "problems": ("Problems", "习题"),
    "solutions": ("Solutions", "解答"),
    "ask_diff": ("Differentiate", "求导数："),
    "ask_partial": ("Find the partial derivative of", "求偏导数："),
    "ask_grad": ("Find the gradient of", "求梯度："),
    "ask_hessian": ("Find the Hessian matrix of", "求黑塞矩阵："),
    "ask_at": ("and evaluate it at", "并求其在该点的值："),
    "wrt": ("with respect to", "关于"),
    "only_j_is_i": ("only the term {0} depends on {1}", "只有 {0} 的项含 {1}"),
    # values at a point (stepcalc.evaluate): a word for the value, then why
    "undefined": ("undefined", "无定义"),
    "undecided": ("not decided", "无法判定"),
    "division_by_zero": ("{}: division by zero", "{}：分母为零"),
    "indeterminate": ("it is of the form 0/0 there", "在该点为 0/0 型"),
    "formula_indeterminate": (
        "{} gives 0/0 at {} = {}, and stepcalc does not take its limit",
        "{} 在 {} = {} 处为 0/0 型，stepcalc 不求其极限",
    ),
    "pole": ("{} is undefined", "{} 无定义"),
    "not_real": ("{} is not a real number", "{} 不是实数"),
    "derivative_of": ("the derivative of {}", "{} 的导数"),
    "partial_of": ("the derivative of {} with respect to {}", "{} 关于 {} 的偏导数"),
    "not_defined": (
        "{} does not exist at {} = {}, where the function is not defined: {}",
        "{} 在 {} = {} 处不存在，函数在该点无定义：{}",
    ),
    "jump": (
        "{} does not exist at {} = {}, where {} is not continuous: "
        "its one-sided limits are {} and {}, its value {}",
        "{} 在 {} = {} 处不存在，{} 在该点不连续：左右极限为 {} 和 {}，函数值为 {}",
    ),
    "one_sided": (
        "{} does not exist at {} = {}: the one-sided derivatives are {} and {}",
        "{} 在 {} = {} 处不存在：左导数为 {}，右导数为 {}",
    ),
    "sides_undecided": (
        "the two sides of {} at {} = {} are written differently, and stepcalc does not decide "
        "whether they are equal",
        "{} 在 {} = {} 两侧的值写法不同，stepcalc 不判断它们是否相等",
    ),
    "no_sign": (
        "stepcalc cannot tell the sign of {} on either side of {} = {}",
        "无法判断 {} 在 {} = {} 两侧的符号",
    ),
}


def phrase(rule: RuleId, lang: str = "en") -> str:
    """The name of ``rule`` in ``lang``."""
    return PHRASES[rule][_index(lang)]


def phrase_of(rule_id: str, lang: str = "en") -> str:
    """A rule named by its id (``power``, as working lines list them): the id itself in English,
    the rule's name in Chinese."""
    if _index(lang) == 0 or rule_id not in RuleId.__members__.values():
        return rule_id
    return phrase(RuleId(rule_id), lang)


def no_rule(hole: Expr, lang: str = "en") -> str:
    """Why a derivation stopped: no rule differentiates ``hole`` (a ``Deriv``)."""
    from stepcalc.printing import to_unicode

    assert isinstance(hole, Deriv)
    what, var = to_unicode(hole.expr), str(hole.var)
    if _index(lang):
        return f"stepcalc 无可用法则求 {what} 关于 {var} 的导数"
    return f"stepcalc has no rule for the derivative of {what} with respect to {var}"


_FEEDBACK: dict[str, tuple[str, str]] = {
    "correct": ("Correct.", "正确。"),
    "correct_but_form": (
        "Equal to the derivative, but not in the requested form",
        "与导数相等，但不是要求的形式",
    ),
    "expected": ("The derivative is {}.", "正确答案是 {}。"),
    "expected_order": ("The derivative of order {} is {}.", "{} 阶导数是 {}。"),
    "invalid": ("The answer could not be read: {}", "无法读取这个答案：{}"),
    "invalid_at": ("The answer could not be read (at column {}): {}", "无法读取这个答案（第 {} 列）：{}"),
    "mistake": ("{} ({}; the rule is: {}).", "{}（{}；正确的法则是：{}）。"),
    "form_problems": ("{}: {}.", "{}：{}。"),
    "unknown_why": ("Could not be decided: {}", "无法判定：{}"),
    "still_a_derivative": (
        "The answer still contains the derivative to be taken ({}): work it out; it is not 0 or 1.",
        "答案中仍含有尚未求出的导数（{}）：应把它求出来，它不等于 0 或 1。",
    ),
    "still_an_integral": (
        "The answer still contains an integral sign: a derivative has none.",
        "答案中仍含有积分号：导数中不应出现积分。",
    ),
    "correct_approximate": (
        "Correct (approximate: within the relative tolerance {}).",
        "正确（近似：在相对误差 {} 以内）。",
    ),
    "decimal_approximation": (
        "The answer uses decimal approximations, so it is not exactly the derivative: "
        "write exact values (π, 1/3, √2), or give --tol to accept approximations.",
        "答案用了小数近似值，因此不完全等于导数：请写出精确值（π、1/3、√2），或用 --tol 接受近似值。",
    ),
    "not_the_derivative": ("Not the derivative.", "不是正确的导数。"),
    "ambiguous": (
        "Read as {}; if you meant {}, the answer is correct: write it with those brackets.",
        "读作 {}；如果你的意思是 {}，答案正确：请按这样加上括号。",
    ),
    "gradient_size": (
        "The gradient has {} components (the partial derivatives by {}); the answer has {}.",
        "梯度有 {} 个分量（对 {} 的偏导数）；答案有 {} 个。",
    ),
    "component_correct": ("∂/∂{}: correct", "对 {} 的偏导数：正确"),
    "component_incorrect": ("∂/∂{}: incorrect, it is {}", "对 {} 的偏导数：错误，应为 {}"),
    "component_unknown": ("∂/∂{}: not decided", "对 {} 的偏导数：无法判定"),
    "integrated": (
        "This is an antiderivative (the expression was integrated, not differentiated).",
        "这是原函数（做了积分而不是求导）。",
    ),
    "domains_differ": (
        "(The two expressions have different domains; they agree wherever both are defined.)",
        "（两个表达式的定义域不同；在两者都有定义处相等。）",
    ),
    "form_not_expanded_product": ("a product with a sum is not multiplied out", "含和式的乘积没有展开"),
    "form_not_expanded_power": ("a power of a sum is not expanded", "和式的幂没有展开"),
    "form_not_factored": ("the sum can still be factored", "这个和式还可以因式分解"),
    "form_not_single_fraction": ("it is not written as a single fraction", "没有写成单个分式"),
    "form_not_simplified": ("it can be simplified further", "还可以进一步化简"),
    "right_again": (
        "equal to the derivative again, after the wrong line {} (by accident?)",
        "在第 {} 行出错之后又与导数相等（可能是巧合）",
    ),
    "carried": ("follows from the wrong line {}", "沿用了第 {} 行的错误"),
}


# The grading summary (stepcalc.tasks.gradesummary): column headings, delimiters, the output.
_SUMMARY: dict[str, tuple[str, str]] = {
    "problem": ("problem", "题目"),
    "student": ("student", "学生"),
    "answers": ("answers", "答案数"),
    "correct": ("correct", "正确"),
    "correct_but_form": ("form", "形式不符"),
    "ambiguous": ("ambiguous", "有歧义"),
    "incorrect": ("incorrect", "错误"),
    "invalid": ("invalid", "无效"),
    "unknown": ("unknown", "未判定"),
    "mean": ("mean", "平均分"),
    "score": ("score", "总分"),
    "top_mistake": ("top mistake", "最常见错误"),
    "delimiter": ("delimiter: {}", "分隔符：{}"),
    "comma": ("comma", "逗号"),
    "semicolon": ("semicolon", "分号"),
    "tab": ("tab", "制表符"),
    "written": ("verdicts written to {}", "评分结果已写入 {}"),
}


# What the command line prints around the verdicts: verdict words, working labels, equivalence.
_LABELS: dict[str, tuple[str, str]] = {
    "correct": ("correct", "正确"),
    "correct_but_form": ("correct_but_form", "正确但形式不符"),
    "ambiguous": ("ambiguous", "有歧义"),
    "incorrect": ("incorrect", "错误"),
    "invalid": ("invalid", "无效"),
    "unknown": ("unknown", "未判定"),
    "approximate": ("approximate", "近似"),
    "ok": ("ok", "正确"),
    "wrong": ("wrong", "错误"),
    "unverifiable": ("unverifiable", "无法验证"),
    "line": ("line {}: ", "第 {} 行："),
    "expected": ("expected: {}", "应为：{}"),
    "first_wrong": ("first wrong line: {}; final: {}", "第一处错误：{}；结论：{}"),
    "first_wrong_line": ("{}", "第 {} 行"),
    "none": ("none", "无"),
    "read_as": ("read as: {}", "读作：{}"),
    "equivalent": ("equivalent", "等价"),
    "not_equivalent": ("not equivalent", "不等价"),
    "undecided": ("undecided", "无法判定"),
    "form_ok": ("form {}: {}", "形式 {}：{}"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "reason": ("{} ({})", "{}（{}）"),
    "error": ("stepcalc: error: {}", "stepcalc：错误：{}"),
    "note": ("stepcalc: note: {} (column {})", "stepcalc：注意：{}（第 {} 列）"),
    "also_readable": ("stepcalc: note: also readable as {} ({})", "stepcalc：注意：也可读作 {}（{}）"),
    "argument": ("argument", "函数的参数"),
    "power": ("power", "幂"),
    "denominator": ("denominator", "分母"),
    "exponent": ("exponent", "指数"),
    "interrupted": ("stepcalc: interrupted", "stepcalc：已中断"),
    "alternate_forms": ("other forms:", "其他形式："),
    "form_simplified": ("as simplified", "化简结果"),
    "form_common_factor": ("common factor taken out", "提取公因式"),
    "form_expanded": ("expanded", "展开"),
    "form_factored": ("factored", "因式分解"),
    "form_single_fraction": ("one fraction", "合为一个分式"),
    "internal_error": ("stepcalc: internal error: {}", "stepcalc：内部错误：{}"),
}

# How pieces are put together: sentences (en: a space; zh: none after 。), clauses, lists.
_JOINS: dict[str, tuple[str, str]] = {"sentence": (" ", ""), "clause": ("; ", "；"), "list": (", ", "、")}


def label(key: str, lang: str = "en") -> str:
    """A word the command line prints around a verdict, in ``lang``."""
    return _LABELS[key][_index(lang)]


def joined(kind: str, parts: Iterable[str], lang: str = "en") -> str:
    """``parts`` joined as ``kind`` (sentence, clause or list) is in ``lang``: rule names are
    listed with ", " in English and "、" in Chinese."""
    return _JOINS[kind][_index(lang)].join(p for p in parts if p)


def said(message: object, lang: str = "en") -> str:
    """An error's message or the oracle's reason in ``lang``: English as raised, translated by
    its template for Chinese (``stepcalc.messages``)."""
    text = str(message)
    return text if _index(lang) == 0 else translate(text, lang)


def summary_word(key: str, lang: str = "en") -> str:
    """A word of the grading summary in ``lang``."""
    return _SUMMARY[key][_index(lang)]


def feedback(key: str, lang: str = "en") -> str:
    """A checker message in ``lang``."""
    return _FEEDBACK[key][_index(lang)]


# The mathematics a note names, from its argument (a variable's name).
_NOTE_PARTS: dict[str, Callable[[str], tuple[Expr, ...]]] = {
    "only_j_is_i": lambda name: (Equation((Sym("j"), Sym("i"))), Sym(f"{name}_i")),
}


def note_text(
    note: str,
    lang: str = "en",
    math: Callable[[Expr], str] | None = None,
    escape: Callable[[str], str] = str,
) -> str:
    """A line's note shown beside its rules: a phrase key in ``lang`` (other notes are for JSON),
    its words ``escape``d and its mathematics written by ``math`` (Unicode text by default)."""
    key, _, argument = note.partition(":")
    if key not in _WORDS or not argument:
        return ""
    if key not in _NOTE_PARTS:
        return escape(word(key, lang).format(argument))
    if math is None:
        from stepcalc.printing import to_unicode

        math = to_unicode
    return fill(word(key, lang), [math(part) for part in _NOTE_PARTS[key](argument)], escape)


def fill(template: str, parts: Sequence[str], escape: Callable[[str], str] = str) -> str:
    """``template`` with its ``{0}``, ``{1}``… replaced by ``parts`` (already in the output's
    format) and only its own words ``escape``d."""
    marks = [f"\0{i}\0" for i in range(len(parts))]
    text = escape(template.format(*marks))
    for mark, part in zip(marks, parts, strict=True):
        text = text.replace(mark, part)
    return text


def word(key: str, lang: str = "en") -> str:
    return _WORDS[key][_index(lang)]


def _index(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose en or zh")
    return LANGS.index(lang)
