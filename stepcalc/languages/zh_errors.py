"""The Chinese of every message stepcalc shows: English template → Chinese template.

The key is the message as its f-string reads, each value replaced by ``{}`` (literal braces
doubled, as in a format string); the value refers to the values by position (``{0}``, ``{1}``…)
so that the word order can change.  ``stepcalc.messages`` explains how they are matched, and
tests/test_messages.py finds every message in the source and checks that it is here.

Terms: 第 N 列 (column N), 表达式, 导数, 偏导数, 梯度, 向量, 矩阵, 时间预算; code, option
names, limit names (max_digits), mathematics and quoted input stay as they are.
"""

from __future__ import annotations

__all__ = ["ERRORS"]

ERRORS: dict[str, str] = {
    # -- tangent lines (stepcalc.tasks.tangent)
    "a tangent line needs one point on the x axis, as x=a": "切线需要 x 轴上的一个点，写作 x=a",
    "a tangent line needs a curve y = f({}) with a number for each x, not {}": "切线需要每个 x 对应一个数的曲线 y = f({0})，而不是 {1}",
    "the point {} = {} must be a number": "点 {0} = {1} 必须是一个数",
    "a tangent line needs a curve y = f({}) in {} alone; {} has {}": "切线需要只含 {1} 的曲线 y = f({0})；{2} 含有 {3}",
    "{} is not defined at {} = {}: no point on the curve": "{0} 在 {1} = {2} 处无定义：曲线上没有这个点",
    "{} has no derivative at {} = {}: no tangent line (stepcalc diff --at {}={} says why)": (
        "{0} 在 {1} = {2} 处不可导：没有切线（stepcalc diff --at {3}={4} 会说明原因）"
    ),
    "the tangent at {} = {} is vertical: no linear approximation": "{0} = {1} 处的切线是竖直的：没有线性近似",
    # -- plots (stepcalc.plots, --plot)
    "plots need matplotlib: pip install 'stepcalc[plot]'": "绘图需要 matplotlib：pip install 'stepcalc[plot]'",
    "a plot is written as .svg, .png or .pdf, not {}": "图只能写成 .svg、.png 或 .pdf 文件，不能是 {0}",
    "cannot write the plot {}: {}": "无法写入图 {0}：{1}",
    "a plot needs a real number, not {}": "绘图需要一个实数，而不是 {0}",
    "a plot needs a function of {} alone; {} has {}": "绘图需要只含 {0} 的函数；{1} 含有 {2}",
    "a plot needs a function with a number at each point, not {}": "绘图需要在每一点都取数值的函数，而不是 {0}",
    "nothing to plot: no real values for x from {} to {}": "无可绘制：x 从 {0} 到 {1} 没有实数值",
    "LaTeX cannot include the plot {}: its path holds a character TeX reads as a command": (
        "LaTeX 无法插入图 {0}：其路径含有 TeX 视为命令的字符"
    ),
    "--plot draws a function of one variable and its derivative, not one in {}": (
        "--plot 画的是一元函数及其导数，而不是关于 {0} 的函数"
    ),
    # -- implicit differentiation (stepcalc.tasks.implicit, implicit_point, implicit_solve)
    "order must be 1 or 2, not {}": "阶数必须是 1 或 2，而不是 {0}",
    "an implicit curve is an equation in x and y, such as x^2 + y^2 = 25; {} is not one": (
        "隐函数曲线是关于 x 和 y 的方程，例如 x^2 + y^2 = 25；{0} 不是"
    ),
    "{} is not a curve in x and y: it holds vectors or derivatives": "{0} 不是关于 x 和 y 的曲线：它含有向量或导数",
    "an implicit curve is an equation in x and y; {} has {}": "隐函数曲线是关于 x 和 y 的方程；{0} 含有 {1}",
    "{} has no y: there is no y′ to find (stepcalc diff differentiates it)": (
        "{0} 不含 y：没有 y′ 可求（可用 stepcalc diff 求导）"
    ),
    "{} uses f, g and h: stepcalc needs one of them to stand for y(x)": "{0} 用到了 f、g 和 h：stepcalc 需要其中之一来表示 y(x)",
    "stepcalc cannot differentiate {} with respect to x: {}": "stepcalc 无法求 {0} 关于 x 的导数：{1}",
    "the point {} is not on the curve {}: {} = {}, not {}": "点 {0} 不在曲线 {1} 上：{2} = {3}，而不是 {4}",
    "{} is not defined at {}": "{0} 在 {1} 处无定义",
    "at {} both sides of {} are 0: the curve has no single slope there (it crosses itself or has a cusp)": (
        "在 {0} 处 {1} 的两边都为 0：曲线在该点没有唯一的斜率（自交或有尖点）"
    ),
    "a point of an implicit curve needs x and y, as x=3,y=4": "隐函数曲线上的点需要给出 x 和 y，写作 x=3,y=4",
    "stepcalc cannot decide whether {} is on the curve {}": "stepcalc 无法判断 {0} 是否在曲线 {1} 上",
    "stepcalc cannot solve {} for {}: it is beyond its exact algebra": "stepcalc 无法从 {0} 解出 {1}：超出了其精确代数的范围",
    "stepcalc cannot solve {} for {}: it is not linear in {}": "stepcalc 无法从 {0} 解出 {1}：它不是关于 {2} 的线性方程",
    "{}: y′ cancels once both sides are differentiated, so y is not a function of x": (
        "{0}：两边求导后 y′ 被消去，因此 y 不是 x 的函数"
    ),
    "--plot draws the curve with its tangent at a point: give --at x=a,y=b": "--plot 画出曲线及其在某点的切线：请给出 --at x=a,y=b",
    # -- the derivative from first principles (stepcalc.tasks.definition)
    "first-principles steps cover polynomials, rational functions, square roots of polynomials, sin x, cos x and e^x; not {}": (
        "用定义求导的步骤只适用于多项式、有理函数、多项式的平方根、sin x、cos x 和 e^x，不适用于 {0}"
    ),
    "{} is too large to work from the definition": "{0} 太大，无法用定义求导",
    "the table of the difference quotient needs a point: give --at x=a": "差商表需要一个点：请给出 --at x=a",
    "first-principles steps need a function of {} alone; {} has {}": "用定义求导需要只含 {0} 的函数；{1} 含有 {2}",
    "a derivative from the definition takes one point, as x=a": "用定义求导只取一个点，写作 x=a",
    "the point {} = {} is not on the {} axis": "点 {0} = {1} 不在 {2} 轴上",
    "stepcalc could not differentiate {}": "stepcalc 无法对 {0} 求导",
    "{} is not defined at {} = {}": "{0} 在 {1} = {2} 处无定义",
    "{} has no derivative at {} = {}": "{0} 在 {1} = {2} 处不可导",
    "working from the definition": "用定义求导",
    # -- the curve sketch (stepcalc.tasks.analyze, stepcalc.tasks.solve)
    "stepcalc cannot sketch {}: no second derivative": "stepcalc 无法分析 {0}：没有二阶导数",
    "a curve sketch needs y = f(x) in one variable, not {}": "曲线性态分析需要一元函数 y = f(x)，而不是 {0}",
    "a curve sketch needs y = f({}) in {} alone; {} has {}": "曲线性态分析需要只含 {1} 的 y = f({0})；{2} 含有 {3}",
    "{} is constant: nothing to sketch": "{0} 是常数：没有可分析的性态",
    "--on takes an interval as a,b (for example 0,2 or -pi,pi)": "--on 需要一个区间，写作 a,b（例如 0,2 或 -pi,pi）",
    "the ends of the interval {} must be numbers, as in --on -2,3 or --on 0,pi": "区间 {0} 的端点必须是数，例如 --on -2,3 或 --on 0,pi",
    "the interval [{}, {}] is empty: write a,b with a < b": "区间 [{0}, {1}] 是空的：请写成 a,b 且 a < b",
    "{}(...) = {} has infinitely many solutions: give an interval, --on a,b": "{0}(...) = {1} 有无穷多个解：请用 --on a,b 给出区间",
    "a constant of the function has no real value": "函数中的某个常数不是实数",
    "stepcalc cannot evaluate {} numerically": "stepcalc 无法对 {0} 做数值计算",
    "checking the curve sketch": "检验曲线性态分析",
    "sketching the curve": "分析曲线性态",
    "{} = 0 has solutions too close together near {} = {} to tell apart: sketch on an interval away from there, with --on a,b": (
        "{0} = 0 在 {1} = {2} 附近的解过于密集，无法区分：请用 --on a,b 在远离该处的区间上分析"
    ),
    "{} points to chart for {}: more than {}; sketch on a shorter interval, with --on a,b": (
        "{1} 的符号表有 {0} 个点，超过 {2} 个：请用 --on a,b 取更短的区间"
    ),
    # -- the command line's arguments, as argparse words its complaints (Python 3.11)
    "the following arguments are required: {}": "缺少以下参数：{0}",
    "unrecognized arguments: {}": "无法识别的参数：{0}",
    "argument {}: invalid choice: {} (choose from {})": "参数 {0}：无效的选项 {1}（可选：{2}）",
    "argument {}: expected one argument": "参数 {0}：需要一个值",
    "argument {}: expected at least one argument": "参数 {0}：至少需要一个值",
    "argument {}: invalid {} value: {}": "参数 {0}：无效的 {1} 值 {2}",
    "argument {}: not allowed with argument {}": "参数 {0}：不能与参数 {1} 同时使用",
    "ambiguous option: {} could match {}": "选项 {0} 有歧义，可能是 {1}",
    "argument {}: {}": "参数 {0}：{1}",
    # their values' own checks (stepcalc.cli.options)
    "expected a number of seconds, got {}": "需要一个秒数，得到的却是 {0}",
    "expected a positive number of seconds, got {}": "需要一个正的秒数，得到的却是 {0}",
    "expected a number, got {}": "需要一个数，得到的却是 {0}",
    "expected a non-negative relative tolerance, got {}": "需要一个非负的相对误差，得到的却是 {0}",
    "must be at least 1, not {}": "至少为 1，不能是 {0}",
    "expected a whole number, got {}": "需要一个整数，得到的却是 {0}",
    # -- reading the input: stepcalc.parse, stepcalc.syntax (explain, build, words)
    "empty input: expected an expression": "输入为空：需要一个表达式",
    "expected text to parse, got {}": "需要一段要读取的文本，得到的却是 {0}",
    "cannot read the input at column {}": "无法读取第 {0} 列处的输入",
    "cannot read the sum {}": "无法读取求和式 {0}",
    "unmatched '{}' at column {}": "第 {1} 列的 '{0}' 没有配对",
    "'{}' at column {} is never closed": "第 {1} 列的 '{0}' 没有闭合",
    "unexpected '{}' at column {}": "第 {1} 列不应出现 '{0}'",
    "unexpected {} at column {}": "第 {1} 列遇到意外的 {0}",
    "unexpected '=' at column {}: a statement has at most two (z = f(x, y) = …)": (
        "第 {0} 列不应出现 '='：一个式子最多有两个等号（z = f(x, y) = …）"
    ),
    "unexpected character '{}' at column {}": "第 {1} 列有无法识别的字符 '{0}'",
    "'{}' at column {} is not a number (more than one decimal point)": (
        "第 {1} 列的 '{0}' 不是数（小数点多于一个）"
    ),
    "expected an expression before '{}' at column {}": "第 {1} 列的 '{0}' 之前缺少表达式",
    "expected {} at column {}": "第 {1} 列处应为{0}",
    "expected {} after '{}' at column {}": "第 {2} 列（'{1}' 之后）应为{0}",
    "expected {} at column {}, found {}": "第 {1} 列处应为{0}，却遇到了 {2}",
    "expected {} after '{}' at column {}, found {}": "第 {2} 列（'{1}' 之后）应为{0}，却遇到了 {3}",
    "an expression": "表达式",
    "an exponent": "指数",
    "an argument": "参数",
    "the end of the input": "输入结尾",
    "{} (the '||' at column {} was read as a norm bar; write '| |' for two absolute-value bars)": (
        "{0}（第 {1} 列的 '||' 被读作范数符号；若要写两个绝对值符号，请写成 '| |'）"
    ),
    "{} at column {}": "第 {1} 列：{0}",
    "not a symbol name: {}": "不是符号名：{0}",
    "the number {} has more than {} digits": "数 {0} 超过 {1} 位",
    "unknown function '{}' at column {}": "第 {1} 列的 '{0}' 是未知函数",
    "'{}' takes 1 argument, got {} at column {}": "第 {2} 列的 '{0}' 只接受 1 个参数，却给了 {1} 个",
    "'{}' takes {} argument, got {} at column {}": "第 {3} 列的 '{0}' 接受 {1} 个参数，却给了 {2} 个",
    "'{}' takes {} arguments, got {} at column {}": "第 {3} 列的 '{0}' 接受 {1} 个参数，却给了 {2} 个",
    "'{}' takes {} or {} arguments, got {} at column {}": (
        "第 {4} 列的 '{0}' 接受 {1} 或 {2} 个参数，却给了 {3} 个"
    ),
    "'{}' takes the expression, the variable and the order, got {} arguments at column {}": (
        "第 {2} 列的 '{0}' 依次接受表达式、变量和阶数，却给了 {1} 个参数"
    ),
    "the variable of '{}(…)' must be a name like x at column {}": (
        "第 {1} 列 '{0}(…)' 中的变量必须是 x 这样的名字"
    ),
    "the order of '{}(…)' must be a whole number from 1 to 20 at column {}": (
        "第 {1} 列 '{0}(…)' 中的阶数必须是 1 到 20 之间的整数"
    ),
    "norm(x, p) takes p = 1, 2, … or F at column {}": "第 {0} 列：norm(x, p) 中的 p 只能是 1, 2, … 或 F",
    "'{}' does not ask for the derivative of {}: write {}": "'{0}' 求的不是 {1} 的导数：应写成 {2}",
    "'{}' does not ask for the derivative of {}: write d{}/dx or {}'": (
        "'{0}' 求的不是 {1} 的导数：应写成 d{2}/dx 或 {3}'"
    ),
    # words that are not names (stepcalc.syntax.words)
    "unknown word '{}' at column {}: stepcalc reads mathematics; "
    "to ask for a derivative, write d/dx (…), (…)' or diff(…, x)": (
        "第 {1} 列的 '{0}' 是未知的词：stepcalc 只读数学式；求导数请写 d/dx (…)、(…)' 或 diff(…, x)"
    ),
    "'{}' at column {} needs brackets: write diff(…, x)": "第 {1} 列的 '{0}' 需要括号：请写 diff(…, x)",
    "unknown function '{}' at column {}; {}": "第 {1} 列的 '{0}' 是未知函数；{2}",
    "unknown function '{}' at column {}; did you mean '{}'?": (
        "第 {1} 列的 '{0}' 是未知函数；你是想写 '{2}' 吗？"
    ),
    "unknown function '{}' at column {}; for a product write {} (…)": (
        "第 {1} 列的 '{0}' 是未知函数；若表示乘积，请写成 {2} (…)"
    ),
    "unknown function '{}' at column {}; for a product of one-letter symbols write them apart: {}": (
        "第 {1} 列的 '{0}' 是未知函数；若表示单字母符号的乘积，请把它们分开写：{2}"
    ),
    "stepcalc has no sinc: write sin(x)/x": "stepcalc 没有 sinc：请写 sin(x)/x",
    "stepcalc has no erfc: write 1 - erf(x)": "stepcalc 没有 erfc：请写 1 - erf(x)",
    "stepcalc has no inverse error function": "stepcalc 没有反误差函数",
    "stepcalc has no logit: write ln(x/(1 - x))": "stepcalc 没有 logit：请写 ln(x/(1 - x))",
    "expit is the logistic function: write sigma(x)": "expit 就是 logistic 函数：请写 sigma(x)",
    "stepcalc does not have this activation function": "stepcalc 没有这个激活函数",
    "stepcalc has no max or min (relu(x) is max(0, x))": (
        "stepcalc 没有 max 和 min 函数（relu(x) 即 max(0, x)）"
    ),
    "stepcalc has no such function": "stepcalc 没有这个函数",
    "stepcalc differentiates; it has no limits or integrals": "stepcalc 只求导数，不求极限或积分",
    # names given on their own (stepcalc.parse.variable)
    "{}; write a name like x, y, x_1 or θ": "{0}；请写成 x、y、x_1 或 θ 这样的名字",
    "{} is missing": "缺少{0}",
    "{} is the constant e, not {}": "{0} 是常数 e，不是{1}",
    "{} is the constant π, not {}": "{0} 是常数 π，不是{1}",
    "{} is the name of a function or an operator, not {}": "{0} 是函数或运算符的名字，不是{1}",
    "{} is read as the product {}, not {}": "{0} 被读作乘积 {1}，不是{2}",
    "{} is not {}": "{0} 不是{1}",
    "a variable": "变量",
    "a vector or matrix": "向量或矩阵",
    # LaTeX (stepcalc.latex_parse)
    "cannot read the variable of '{}' at column {}": "无法读取第 {1} 列 '{0}' 中的变量",
    "cannot read the derivative '{}' at column {}": "无法读取第 {1} 列的导数 '{0}'",
    "the rows of a matrix must have the same number of entries": "矩阵的各行必须有相同个数的元素",
    "only \\log takes a subscript, not '{}' at column {}": "只有 \\log 可以带下标，第 {1} 列的 '{0}' 不可以",
    "'\\log_b' takes 1 argument, got {} at column {}": "第 {1} 列的 '\\log_b' 只接受 1 个参数，却给了 {0} 个",
    "'{}' at column {} must be followed by one of {}": "第 {1} 列的 '{0}' 后面必须是以下之一：{2}",
    "( [ \\{{ | \\| \\lvert \\lVert or .": "( [ \\{{ | \\| \\lvert \\lVert 或 .",
    ") ] \\}} | \\| \\rvert \\rVert or .": ") ] \\}} | \\| \\rvert \\rVert 或 .",
    "only the matrix environments (bmatrix, pmatrix…) are read, '{}' at column {}": (
        "只能读取矩阵环境（bmatrix 和 pmatrix 等），不能读取第 {1} 列的 '{0}'"
    ),
    "unknown LaTeX function '{}' at column {}": "第 {1} 列的 '{0}' 是未知的 LaTeX 函数",
    "unknown LaTeX command '{}' at column {}": "第 {1} 列的 '{0}' 是未知的 LaTeX 命令",
    "'{}' takes {}: expected '{{' at column {}": "'{0}' 需要{1}：第 {2} 列处应为 '{{'",
    "two arguments, as in \\frac{{a}}{{b}}": "两个参数，如 \\frac{{a}}{{b}}",
    "an argument, as in \\sqrt{{x}}": "一个参数，如 \\sqrt{{x}}",
    "{} (\\sigma is read as the logistic function σ(x))": "{0}（\\sigma 被读作 logistic 函数 σ(x)）",
    # limits (stepcalc.limits, stepcalc.parse, stepcalc.expr, stepcalc.oracle.guard)
    "input is {} characters long; the limit is {} (max_length)": (
        "输入长 {0} 个字符，上限为 {1}（max_length）"
    ),
    "expression is nested {} deep; the limit is {} (max_depth)": (
        "表达式嵌套了 {0} 层，上限为 {1}（max_depth）"
    ),
    "brackets nest more than {} deep at column {} (max_depth)": "第 {1} 列处括号嵌套超过 {0} 层（max_depth）",
    "expression has {} nodes; the limit is {} (max_nodes)": "表达式有 {0} 个节点，上限为 {1}（max_nodes）",
    "a derivative of order {}; the limit is {} (max_order)": "要求 {0} 阶导数，上限为 {1}（max_order）",
    "{} of {} components; the limit is {} (max_vector)": "{0}有 {1} 个分量，上限为 {2}（max_vector）",
    "a vector": "向量",
    "a list of variables": "变量列表",
    "the exponent of {} is {}; the limit is {} (max_exponent)": (
        "{0} 的指数为 {1}，上限为 {2}（max_exponent）"
    ),
    "{} works out to a number of {} digits; the limit is {} (max_digits)": (
        "{0} 的值的位数为{1}，上限为 {2}（max_digits）"
    ),
    "about {}": "约 {0}",
    "more than 10^15": "超过 10^15",
    "number at column {} has {} digits; the limit is {} (max_digits)": (
        "第 {0} 列的数有 {1} 位，上限为 {2}（max_digits）"
    ),
    "number at column {} ({}) has about {} digits; the limit is {} (max_digits)": (
        "第 {0} 列的数（{1}）约有 {2} 位，上限为 {3}（max_digits）"
    ),
    "a number in the work would have about {} digits; stepcalc writes numbers of up to {} (max_digits)": (
        "计算中会出现约 {0} 位的数；stepcalc 最多写出 {1} 位的数（max_digits）"
    ),
    "a power of numbers in the work would have about {} digits; the limit is {} (max_digits)": (
        "计算中数的乘方约有 {0} 位，上限为 {1}（max_digits）"
    ),
    "the derivative written out has more than {} nodes; the limit is max_nodes": (
        "写出的导数超过 {0} 个节点，超出了上限（max_nodes）"
    ),
    "the worked solution written out has more than {} nodes (all its lines together); "
    "the limit is {} (max_written)": "写出的解题过程超过 {0} 个节点（所有行合计），上限为 {1}（max_written）",
    "more than {} rule applications; the limit is max_nodes": "法则应用超过 {0} 次，超出了上限（max_nodes）",
    # time budgets (stepcalc.budget and what each budget bounds)
    "{} took longer than the time budget of {} (max_seconds)": "{0}用时超过了 {1} 的时间预算（max_seconds）",
    "{} took longer than the time budget of {} s (max_seconds)": (
        "{0}用时超过了 {1} 秒的时间预算（max_seconds）"
    ),
    "the verification budget is spent (max_seconds)": "验证的时间预算已用完（max_seconds）",
    "the work": "计算",
    "differentiating": "求导",
    "comparing": "比较",
    "comparing expressions": "比较表达式",
    "comparing a line": "比较一行",
    "checking the answer": "检查答案",
    "checking the working": "检查解题过程",
    "grading the answer": "批改答案",
    "a symbolic check": "符号检验",
    "verification": "验证",
    "simplification": "化简",
    # derivatives (stepcalc.derivation, stepcalc.engine, stepcalc.statement, stepcalc.phrases)
    "unknown detail {}; choose textbook or full": "未知的详细程度 {0}；请选择 textbook 或 full",
    "unknown form {}; choose expanded, factored or single_fraction": (
        "未知的形式 {0}；请选择 expanded、factored 或 single_fraction"
    ),
    "order must be a whole number, not {}": "阶数必须是整数，不能是 {0}",
    "order must be at least 1, not {}": "阶数至少为 1，不能是 {0}",
    "the expression has several variables ({}); say which one with wrt (--wrt)": (
        "表达式含有多个变量（{0}）；请用 wrt（--wrt）指明对哪个变量求导"
    ),
    "a derivative inside a derivative: take the inner one first": "导数里面套着导数：请先求内层的导数",
    "stepcalc has no rule for the derivative of {} with respect to {}": (
        "stepcalc 无可用法则求 {0} 关于 {1} 的导数"
    ),
    "cannot read {} as a function: write z = f(x, y) = … or y = …": (
        "无法把 {0} 读作函数：请写成 z = f(x, y) = … 或 y = …"
    ),
    "{} is an equation, not a function to differentiate: write y = … or f(x) = …": (
        "{0} 是方程，不是可以求导的函数：请写成 y = … 或 f(x) = …"
    ),
    "{} is an equation in {} and {}: for dy/dx by implicit differentiation use "
    "`stepcalc implicit '{}'`; to differentiate a function, write it as y = … or f(x) = …": (
        "{0} 是关于 {1} 和 {2} 的方程：隐函数求导 dy/dx 请用 `stepcalc implicit '{3}'`；"
        "要对函数求导，请写成 y = … 或 f(x) = …"
    ),
    "--at expects name=value, not {}": "--at 应写成“名字=值”的形式，而不是 {0}",
    # several variables, vectors and matrices (stepcalc.multivariable, stepcalc.matrix)
    "no variables given; name them like x,y": "没有给出变量；请写成 x,y 这样",
    "a variable is named twice in the variable list": "变量列表中有变量重复出现",
    "the expression has no variables to differentiate with respect to": "表达式中没有可以求导的变量",
    "--at is not supported for a vector or matrix gradient": "向量或矩阵的梯度不支持 --at",
    "a vector gradient is taken with respect to one vector or matrix; name one": (
        "向量梯度只能对一个向量或矩阵求；请指明一个"
    ),
    "a Jacobian needs a vector of expressions, like [x y, x + y^2]": (
        "雅可比矩阵需要一个由表达式组成的向量，例如 [x y, x + y^2]"
    ),
    "--delta needs --at: the point where the increments start": "--delta 需要 --at：增量的起点",
    "--delta names {}, which is not one of the variables": "--delta 中的 {0} 不是变量之一",
    "a direction's components are expressions, not derivatives": "方向的分量必须是表达式，不能是导数",
    "the direction has {} components but there are {} variables ({})": (
        "方向有 {0} 个分量，但变量有 {1} 个（{2}）"
    ),
    "the direction is the zero vector": "方向是零向量",
    "name the variables to differentiate with respect to (--wrt a,b)": "请指明求导的变量（--wrt a,b）",
    "the expression has no inner variables for the chain rule": "表达式中没有可用于链式法则的中间变量",
    "u depends on {} directly, not only through {}; substitute and take partial derivatives instead": (
        "u 直接依赖于 {0}，而不只是通过 {1}；请代入后改求偏导数"
    ),
    "--sub expects name=expression, not {}": "--sub 应写成“名字=表达式”的形式，而不是 {0}",
    "--sub defines {} twice": "--sub 把 {0} 定义了两次",
    "cannot read the declaration {}; write a name like x or x:3": (
        "无法读取声明 {0}；请写成 x 或 x:3 这样的名字"
    ),
    "cannot read the size in {}; write it like A:2x3": "无法读取 {0} 中的大小；请写成 A:2x3 这样",
    "cannot read the size in {}; write it like x:3": "无法读取 {0} 中的大小；请写成 x:3 这样",
    "the size in {} must be between 1 and 10000": "{0} 中的大小必须在 1 到 10000 之间",
    "{} is declared both a vector and a matrix": "{0} 同时被声明为向量和矩阵",
    "{} is declared symmetric but its size {}×{} is not square": (
        "{0} 被声明为对称矩阵，但它的大小 {1}×{2} 不是方阵"
    ),
    "cannot add {} and {}": "无法把 {0} 与 {1} 相加",
    "cannot multiply {} by {}": "无法把 {0} 乘以 {1}",
    "cannot divide by {}: only by a scalar": "不能除以 {0}：只能除以标量",
    "cannot raise to a power with {}: powers are of scalars": "乘方中不能出现 {0}：只有标量才能乘方",
    "{} of {} (an elementwise function of a vector) is not supported": (
        "不支持 {1} 的 {0}（对向量逐个元素作用的函数）"
    ),
    "‖·‖ needs a vector, not {}": "‖·‖ 需要向量，不能是 {0}",
    "‖·‖_{} needs a vector, not {}": "‖·‖_{0} 需要向量，不能是 {1}",
    "the gradient of a matrix-valued {} is not supported": "不支持矩阵值的 {0} 的梯度",
    "{} is not supported in vector calculus": "向量微积分中不支持 {0}",
    "the work needs more than {} lines": "求解过程需要超过 {0} 行",
    # integrals (stepcalc.tasks.integrate, stepcalc.rules.integral)
    "integrating": "求积分",
    "stepcalc has no rule for the integral of {} with respect to {}": "stepcalc 无可用法则求 {0} 关于 {1} 的积分",
    "a definite integral needs both bounds (--from and --to)": "定积分需要上下限两个值（--from 和 --to）",
    "an integral inside an integral: work out the inner one first": "积分里又有积分：请先求里面的积分",
    "the bounds are the same infinity: the integral is 0 by definition, and a slip": "上下限是同一个无穷：按定义积分为 0，这多半是笔误",
    "an infinite lower bound must be -oo, an infinite upper bound oo": "无穷的下限必须是 -oo，无穷的上限必须是 oo",
    "the substitution {} = {} sec θ holds for {} ≥ {} only, and the interval reaches below it": (
        "代换 {0} = {1} sec θ 只在 {2} ≥ {3} 时成立，而积分区间延伸到了它的下方"
    ),
    "a bound must be a number, not {}": "积分限必须是数，不能是 {0}",
    "the integral is written d{} but wrt is {}: say one": "积分写的是 d{0}，但 wrt 是 {1}：请只给一个",
    "d{} stands inside the integral at column {}: write it last (x^2 d{}) or leave it out": (
        "第 {1} 列的 d{0} 在积分式中间：请把它写在最后（x^2 d{2}），或者省去"
    ),
    "a bound must be a finite real number, not {}": "积分限必须是有限实数，不能是 {0}",
    "the integrand is not continuous on [{}, {}] (near {} = {}): the integral is improper inside the interval: "
    "split it there and integrate each part": "被积函数在 [{0}, {1}] 上不连续（{2} = {3} 附近）：这是区间内部的反常积分，请在该点拆开，分别求各部分的积分",
    # limits (stepcalc.tasks.limit, stepcalc.rules.limit)
    "finding the limit": "求极限",
    "a limit inside a limit: work out the inner one first": "极限里又有极限：请先求里面的极限",
    "say where the limit is taken: --at x=a (a may be oo or -oo)": "请指明求极限的点：--at x=a（a 可以是 oo 或 -oo）",
    "the side is + (from the right) or - (from the left), not {}": "单侧方向是 +（右侧）或 -（左侧），不能是 {0}",
    "a limit at oo or -oo has no side: leave out --side": "在 oo 或 -oo 处的极限没有左右之分：请去掉 --side",
    "the point must be a number (or oo, -oo), not {}": "求极限的点必须是数（或 oo、-oo），不能是 {0}",
    "the point {} is not a real number": "点 {0} 不是实数",
    "the expression has several variables ({}); write --at x=a": "表达式有多个变量（{0}）；请写 --at x=a",
    "the expression holds a derivative, integral or limit: work it out first": "表达式里还有待求的导数、积分或极限：请先求出它",
    "problem {}: field 'at' is required for a limit, as at: x=0 (or x=oo)": "第 {0} 题：极限题必须有 'at' 字段，如 at: x=0（或 x=oo）",
    "problem {}: field 'side' must be + (from the right) or - (from the left)": "第 {0} 题：'side' 字段必须是 +（右侧）或 -（左侧）",
    "problem {}: field 'with' is required for an area: the other curve, as with: x^2": "第 {0} 题：面积题必须有 'with' 字段，即另一条曲线，如 with: x^2",
    "diagnosing the mistake": "诊断错误",
    "--at and --side go with --limit (a limit's point and side)": "--at 和 --side 要与 --limit 一起用（极限的点与方向）",
    "--limit checks an --answer; a working line by line is for derivatives": "--limit 检查的是 --answer；逐行检查解题过程只用于导数",
    "--limit needs the point: --at x=a (a may be oo or -oo)": "--limit 需要指明点：--at x=a（a 可以是 oo 或 -oo）",
    "the antiderivative has no value at a bound": "原函数在积分限处没有定义",
    "the expression holds a derivative still to be taken: work it out first (stepcalc diff)": (
        "表达式里还有待求的导数：请先求出它（stepcalc diff）"
    ),
    "an area on an interval needs both bounds (--from and --to)": "区间上的面积需要两个端点（--from 和 --to）",
    "the curves meet at fewer than two points: give the interval with --from and --to": (
        "两曲线的交点少于两个：请用 --from 和 --to 给出区间"
    ),
    "the curves meet where stepcalc finds the point only numerically": "两曲线的交点 stepcalc 只能求出数值近似",
    "the interval's lower bound must be below its upper bound": "区间的下端点必须小于上端点",
    "the curves cross between {} and {}, where stepcalc cannot find the point": (
        "两曲线在 {0} 与 {1} 之间相交，stepcalc 求不出交点"
    ),
    "the integral of a piece could not be worked out": "有一段的积分求不出来",
    "the total area has no value": "总面积没有定义",
    "the curves have several variables ({}); say which with --wrt": "曲线含有多个变量（{0}）；请用 --wrt 指明",
    "{}: field 'interval' must be two bounds, as interval: 1,2": "{0}：字段 'interval' 必须是两个端点，如 interval: 1,2",
    "--integral checks an --answer; a working line by line is for derivatives": (
        "--integral 只评判 --answer；逐行检查解题过程只用于求导"
    ),
    "a hole inside a hole of its kind: work out the inner one first": "同类的待求部分里又嵌套了一个：请先求里面的",
    "a gradient inside a gradient: take the inner one first": "梯度里又有梯度：请先求里面的",
    "{} is a scalar here; declare it a vector (--vector {}) or take partial derivatives": (
        "{0} 在这里是标量；请把它声明为向量（--vector {1}），或者求偏导数"
    ),
    "say which variable to differentiate with respect to (--wrt): {}": "请指明对哪个变量求导（--wrt）：{0}",
    "say which variable to differentiate with respect to (--wrt): no vector or matrix found": (
        "请指明对哪个变量求导（--wrt）：没有找到向量或矩阵"
    ),
    "stepcalc cannot work out this gradient": "stepcalc 无法求出这个梯度",
    # the equality oracle's reasons (stepcalc.oracle.equal)
    "only scalar expressions can be compared here ({})": "这里只能比较标量表达式（{0}）",
    "the time budget ran out": "时间预算已用完",
    "the expressions are too large to evaluate": "表达式太大，无法求值",
    "the undefined functions could not be given concrete values": "无法给未定义的函数取具体的值",
    "equal by symbolic simplification": "经符号化简后相等",
    "identical as rational functions of their parts": "看作其组成部分的有理函数时完全相同",
    "different numbers": "两个数不相等",
    "different numbers: {} (exact arithmetic)": "两个数不相等：{0}（精确计算）",
    "different numbers: {} and {} (exact arithmetic)": "两个数不相等：{0} 与 {1}（精确计算）",
    "they differ at {}": "两者在 {0} 处不相等",
    "they differ at {} (exact arithmetic)": "两者在 {0} 处不相等（精确计算）",
    "they differ at {} (for one choice of the undefined functions)": (
        "两者在 {0} 处不相等（对未定义函数的某一种取法）"
    ),
    "{} is not a real number": "{0} 不是实数",
    "no point was found where both are real numbers": "找不到两者都是实数的点",
    "only {} points were found where both are real numbers": "只找到 {0} 个两者都是实数的点",
    "only {} points compared before the time budget ran out": "时间预算用完之前只比较了 {0} 个点",
    "only {} points of the common domain were compared reliably (the values are too large)": (
        "公共定义域中只有 {0} 个点能可靠地比较（数值太大）"
    ),
    "equal numbers, to 40 digits or more": "两个数相等，至少精确到 40 位",
    "equal within {}": "在误差 {0} 以内相等",
    "equal at {} points of their common domain, to 40 digits or more": (
        "在公共定义域的 {0} 个点上相等，至少精确到 40 位"
    ),
    "equal at {} points of their common domain, within {}": "在公共定义域的 {0} 个点上相等，误差在 {1} 以内",
    "to 40 digits or more": "至少精确到 40 位",
    "within {}": "误差在 {0} 以内",
    # the command line and its files (stepcalc.cli, stepcalc.latex_doc, stepcalc.sheet)
    "give the student's --answer or their --working FILE (one of the two)": (
        "请给出学生的 --answer 或 --working FILE（二者选一）"
    ),
    "cannot read the working file {}: {}": "无法读取解题过程文件 {0}：{1}",
    "the working file {} is not UTF-8 text (byte 0x{} at offset {})": (
        "解题过程文件 {0} 不是 UTF-8 文本（偏移量 {2} 处的字节 0x{1}）"
    ),
    "standard input is not UTF-8 text (byte 0x{} at offset {})": (
        "标准输入不是 UTF-8 文本（偏移量 {1} 处的字节 0x{0}）"
    ),
    "--{} needs a value": "--{0} 需要一个值",
    "{} is not installed; install it with: apt-get install {}": (
        "{0} 未安装；请用以下命令安装：apt-get install {1}"
    ),
    "{} did not finish within {} s": "{0} 未能在 {1} 秒内完成",
    "simplification went round in a circle at {} ({})": "化简在 {0} 处陷入循环（{1}）",
    "simplification did not settle within {} rewrites": "化简在 {0} 次改写后仍未结束",
    "{} failed: {}": "{0} 运行失败：{1}",
    "{}: {}": "{0}：{1}",
    "cannot read {}: {}": "无法读取 {0}：{1}",
    "{} is not UTF-8 text": "{0} 不是 UTF-8 文本",
    "{} is not valid YAML": "{0} 不是有效的 YAML",
    "{} is not valid YAML at line {}": "{0} 不是有效的 YAML（第 {1} 行）",
    "unknown sheet format {}; choose tex, html or md": "未知的题单格式 {0}；请选择 tex、html 或 md",
    "unknown format {}; choose {}": "未知的输出格式 {0}；请选择 {1}",
    "a sheet is a mapping with title, language and problems": (
        "题单应是包含 title、language 和 problems 的映射"
    ),
    "sheet": "题单",
    "sheet: unknown field {} (expected title, language, problems)": (
        "题单：未知字段 {0}（应为 title、language、problems）"
    ),
    "sheet: field 'language' must be one of {}, not {}": "题单：字段 'language' 必须是 {0} 之一，不能是 {1}",
    "sheet: field 'problems' must be a non-empty list": "题单：字段 'problems' 必须是非空列表",
    "problem {}: {}": "第 {0} 题：{1}",
    "problem {}: must be a mapping such as {{diff: x^2}}": "第 {0} 题：必须是 {{diff: x^2}} 这样的映射",
    "problem {}: needs exactly one of the fields {}": "第 {0} 题：字段 {1} 中必须恰好有一个",
    "problem {}: field {} must be an expression": "第 {0} 题：字段 {1} 必须是表达式",
    "problem {}: unknown field {} for {} (allowed: {})": "第 {0} 题：{2} 没有字段 {1}（可用的字段：{3}）",
    "problem {}: field 'wrt' is required for a partial derivative": "第 {0} 题：偏导数必须给出字段 'wrt'",
    "problem {}: field 'at' is required for a tangent line, as at: x=1": "第 {0} 题：切线必须给出字段 'at'，例如 'at: x=1'",
    "problem {}: field 'order' must be a whole number from 1 to {} (max_order)": (
        "第 {0} 题：字段 'order' 必须是 1 到 {1} 之间的整数（max_order）"
    ),
    "problem {}: field {}: {}": "第 {0} 题：字段 {1}：{2}",
    "problem {}: the worked solution could not be verified": "第 {0} 题：解题过程未能通过验证",
    # checking and grading (stepcalc.tasks)
    "the tolerance must be a non-negative number": "容差必须是非负数",
    "unknown form {}; choose {}": "未知的形式 {0}；请从 {1} 中选择",
    "interrupted": "已中断",
    "cannot write {}: {}": "无法写入 {0}：{1}",
    "{}; {} of {} answers graded and kept in {}: run the same command again to grade the rest": (
        "{0}；{2} 份答案中已批改 {1} 份，结果保存在 {3}：再次运行同一命令即可批改其余答案"
    ),
    "the order must be a whole number, not {}": "阶数必须是整数，不能是 {0}",
    "the order must be at least 1, not {}": "阶数至少为 1，不能是 {0}",
    "{} is not UTF-8 text (Excel: save as CSV UTF-8)": "{0} 不是 UTF-8 文本（Excel：请另存为 CSV UTF-8）",
    "{} needs the columns {}; missing {}": "{0} 需要列 {1}；缺少 {2}",
    "{}, line {}: not readable as CSV ({})": "{0} 第 {1} 行：无法按 CSV 读取（{2}）",
    "{} has no problems": "{0} 中没有题目",
    "{}, {}: the id {} is given twice": "{0}，{1}：编号 {2} 出现了两次",
    "{}, row {}: {}": "{0} 第 {1} 行：{2}",
    "{}: a problems file maps ids to expressions (p1: x^2) or lists {{id, expr}} mappings": (
        "{0}：题目文件应把编号映射到表达式（p1: x^2），或者列出 {{id, expr}} 映射"
    ),
    "{}: unknown field {} (expected id, {})": "{0}：未知字段 {1}（应为 id, {2}）",
    "{}: needs an id": "{0}：缺少编号（id）",
    "{}: needs an expression (expr)": "{0}：缺少表达式（expr）",
    "{}: unknown form {}; choose {}": "{0}：未知的形式 {1}；请从 {2} 中选择",
    "{}: the field {} must be text or a number (in quotes), not {}": (
        "{0}：字段 {1} 必须是文本或数（加引号），不能是 {2}"
    ),
    "unknown problem id {} (the problems file has {})": "未知的题目编号 {0}（题目文件中有 {1}）",
    "unknown problem id {} (the problems file has {}, …)": "未知的题目编号 {0}（题目文件中有 {1}, …）",
    "{}, row {}": "{0} 第 {1} 行",
    "{}, problem {}": "{0} 题目 {1}",
    "row {}": "第 {0} 行",
    "problem {}": "题目 {0}",
    "malformed CSV row {}: {}": "CSV 第 {0} 行格式有误：{1}",
    "wrong number of fields": "字段个数不对",
    "not an object": "不是 JSON 对象",
    "line {}: {}": "第 {0} 行：{1}",
    "line {}: needs the fields {}": "第 {0} 行：需要字段 {1}",
    "line {}: not Unicode text": "第 {0} 行：不是 Unicode 文本",
    # what the grading pool says of a row it could not grade (stepcalc.tasks.grade)
    "time budget exceeded": "超出时间预算",
    "time budget exceeded (the worker was stopped)": "超出时间预算（已停止该工作进程）",
    "problem: {}": "题目：{0}",
    "internal error: {}": "内部错误：{0}",
    "internal error: the worker grading this answer died ({})": (
        "内部错误：批改这个答案的工作进程意外退出（{0}）"
    ),
    "signal {}": "信号 {0}",
    "exit code {}": "退出码 {0}",
}
