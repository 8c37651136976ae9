"""Chinese error messages, part 3 of 4: the mathematics: derivatives, several variables, vectors and
matrices, integrals, limits, and the equality oracle's reasons.
"""

from __future__ import annotations

MATHS: dict[str, str] = {
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
}
