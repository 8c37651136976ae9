"""中文错误信息，第 5 部分：多元函数的临界点（stepcalc extrema）。"""

from __future__ import annotations

OPTIMISE: dict[str, str] = {
    "finding critical points": "求临界点",
    "checking the critical points": "检验临界点",
    "solving ∇f = 0": "解 ∇f = 0",
    "the equations ∇f = 0 split into more than {} cases": "方程组 ∇f = 0 分成了超过 {0} 种情形",
    "the critical points form a curve: nothing fixes {}": "临界点构成一条曲线：没有方程确定 {0}",
    "the equations ∇f = 0 are beyond stepcalc's elimination and factoring": (
        "方程组 ∇f = 0 超出了 stepcalc 的消元与因式分解所能解决的范围"
    ),
    "{} = 0 has infinitely many solutions (a periodic family)": "{0} = 0 有无穷多个解（一族周期解）",
    "{} is not fixed by the equations ∇f = 0": "方程组 ∇f = 0 不能确定 {0}",
    "the Hessian could not be worked out": "无法求出黑塞矩阵",
    "critical points of more than {} variables are not supported": "不支持多于 {0} 个变量的临界点",
    "the sign of {} cannot be decided": "无法判定 {0} 的符号",
    "the Hessian is not defined at a critical point: {}": "黑塞矩阵在某临界点处无定义：{0}",
    "give at least one constraint, as --subject-to 'a + b = 1'": "至少给出一个约束条件，例如 --subject-to 'a + b = 1'",
    "there must be fewer constraints than variables": "约束条件的个数必须少于变量个数",
    "λ is the multiplier's name: call the variables something else": "λ 是乘数的名字：请给变量另取名字",
    "∇L could not be worked out": "无法求出 ∇L",
    "a constraint is an equation, as 'a + b = 1', not {}": "约束条件应是方程，例如 'a + b = 1'，而不是 {0}",
    "problem {}: field 'subject_to' is required for Lagrange multipliers, as subject_to: a + b = 1": (
        "第 {0} 题：拉格朗日乘数法题必须有 'subject_to' 字段，如 subject_to: a + b = 1"
    ),
    "unknown method {}; choose gd, momentum or adam": "未知的方法 {0}；请选择 gd、momentum 或 adam",
    "the rate must be positive": "学习率必须为正",
    "the number of steps must be a whole number from 1 to {}": "迭代步数必须是 1 到 {0} 之间的整数",
    "gradient descent": "梯度下降",
    "∇f could not be worked out": "无法求出 ∇f",
    "--from gives a value to each of {}": "--from 须给出 {0} 中每个变量的值",
    "gradient descent ran past its time budget": "梯度下降超出了时间预算",
    "{} must be a number, not {}": "{0} 必须是数，而不是 {1}",
    "{} must be a finite number": "{0} 必须是有限的数",
    "the function has other letters than its variables: {}": "函数中含有变量以外的字母：{0}",
    "--at gives a value to each of {}": "--at 须给出 {0} 中每个变量的值",
    "the point must be real numbers": "点的坐标必须是实数",
    "the graph has more than {} nodes": "计算图的结点多于 {0} 个",
    "{} is not one of the variables: name it with --vars": "{0} 不是变量之一：请用 --vars 指明",
    "stepcalc cannot build a graph node for {}": "stepcalc 无法为 {0} 建立计算图结点",
    "{} = {} is not defined at the point ({})": "{0} = {1} 在该点无定义（{2}）",
    "{} = {} is too large for floating point at the point": "{0} = {1} 在该点超出浮点数的范围",
    "drawing the graph needs the graphviz package: pip install 'stepcalc[graph]'": (
        "绘制计算图需要 graphviz 包：pip install 'stepcalc[graph]'"
    ),
    "graphviz's dot could not draw the graph: {}": "graphviz 的 dot 无法绘制计算图：{0}",
    "the graph is written as SVG: name the file .svg, not {}": "计算图以 SVG 格式写出：文件名应以 .svg 结尾，而不是 {0}",
    "cannot write the graph {}: {}": "无法写入计算图 {0}：{1}",
    "automatic differentiation": "自动微分",
    "checking the gradient": "检验梯度",
    "checking the table": "核对迭代表",
    "the interval holds more than {} solutions of {}(...) = {}: take a shorter one": (
        "该区间内 {1}(...) = {2} 的解多于 {0} 个：请取短一些的区间"
    ),
    "the interval for {} must be two numbers a < b": "{0} 的区间必须是两个数 a < b",
    "--on takes an interval as a,b or x=a,b (for example x=0,2pi), not {}": (
        "--on 需要形如 a,b 或 x=a,b 的区间（例如 x=0,2pi），而不是 {0}"
    ),
    "the ends of the interval {} must be numbers": "区间 {0} 的端点必须是数",
    "the interval {} is empty: write a,b with a < b": "区间 {0} 是空的：请写成 a,b 且 a < b",
    "--on {}: {} is not one of the variables": "--on {0}：{1} 不是变量之一",
    "{} = 0 holds on a whole interval: the critical points form a curve": "{0} = 0 在整个区间上成立：临界点构成一条曲线",
    # vectors in automatic differentiation (stepcalc.tasks.autodiff_values)
    "the function is a vector: automatic differentiation here takes a number (2 xᵀx, ‖x‖²)": (
        "函数的值是向量：这里的自动微分只处理取值为数的函数（如 2 xᵀx、‖x‖²）"
    ),
    "--vector {}: {} is not one of the variables": "--vector {0}：{1} 不是变量之一",
    "{} is a vector: give its entries, as {}=[0, 1, 2, 3]": "{0} 是向量：请给出它的各个分量，如 {1}=[0, 1, 2, 3]",
    "automatic differentiation here takes the Euclidean norm ‖x‖ only": "这里的自动微分只处理欧几里得范数 ‖x‖",
    "a vector of variables: automatic differentiation here takes the inputs' vectors whole": (
        "由变量组成的向量：这里的自动微分只接受整个输入向量"
    ),
    "a power of a vector has no meaning: write xᵀx or ‖x‖²": "向量的幂没有意义：请写成 xᵀx 或 ‖x‖²",
    "a division by a vector has no meaning": "除以向量没有意义",
    "{} of a vector: automatic differentiation here applies {} to numbers only": (
        "对向量取 {0}：这里的自动微分只对数应用 {1}"
    ),
    "a sum of a vector and something of another shape: the terms must have one shape": (
        "向量与其他形状的量相加：各项的形状必须相同"
    ),
    "a row times a row is not a number: write a dot product as aᵀb": "行向量乘行向量不是数：点积请写成 aᵀb",
    "a column times a row is not a number: write a dot product as aᵀb": "列向量乘行向量不是数：点积请写成 aᵀb",
    "a column times a column is not a number: write a dot product as aᵀb": "列向量乘列向量不是数：点积请写成 aᵀb",
    "a product of more than two vectors: write it with one dot product and numbers": (
        "两个以上向量的乘积：请写成一个点积与数的乘积"
    ),
    "a product of vectors of sizes {} and {}: they must be the same size": "维数为 {0} 与 {1} 的向量相乘：维数必须相同",
    # sheets of optimisation problems (stepcalc.tasks.sheet)
    "problem {}: field 'from' is required for gradient descent, as from: x=3,y=2": (
        "第 {0} 题：梯度下降必须给出字段 'from'，例如 from: x=3,y=2"
    ),
    "problem {}: field 'at' is required for automatic differentiation, as at: x=1,y=2": (
        "第 {0} 题：自动微分必须给出字段 'at'，例如 at: x=1,y=2"
    ),
    "problem {}: field 'method' must be gd, momentum or adam": "第 {0} 题：字段 'method' 必须是 gd、momentum 或 adam",
    "problem {}: field 'mode' must be forward, reverse or both": "第 {0} 题：字段 'mode' 必须是 forward、reverse 或 both",
}
