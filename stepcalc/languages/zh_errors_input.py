"""Chinese error messages, part 2 of 4: the command line's arguments, reading the input (parse,
syntax, words, names, LaTeX), and the limits and time budgets that bound the work.
"""

from __future__ import annotations

INPUT: dict[str, str] = {
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
}
