"""Chinese error messages, part 1 of 4: the tasks' own errors: tangent lines, plots, implicit
differentiation, the derivative from first principles and the curve sketch.
``stepcalc.languages.zh_errors`` assembles ``ERRORS`` from the parts.
"""

from __future__ import annotations

TASKS: dict[str, str] = {
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
}
