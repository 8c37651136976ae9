"""中文短语，第 5 部分：多元函数的临界点与二阶导数判别法（``word.system_*``、``word.extrema_*``）；
{0}… 为按输出格式书写的数学式。"""

from __future__ import annotations

OPTIMISE: dict[str, str] = {
    # 解 ∇f = 0（stepcalc.tasks.critical）；多个方程以"，"连接
    "word.system_system": "解 ∇f = 0：{0}",
    "word.system_case": "情形 {0}：",
    "word.system_no_solution": "{0} 无实数解",
    "word.system_never_zero": "{0}：各因式恒不为零，此情形无解",
    "word.system_factor_zero": "{0}：其余因式恒不为零，故 {1}",
    "word.system_zero_product": "{0}：乘积为零当且仅当某个因式为零：{1}",
    "word.system_factor": "{0}：因式分解，{1}",
    "word.system_coefficient_zero": "情形 {0}（未知数的系数为零）：",
    "word.system_coefficient_nonzero": "情形 {0} 不成立：",
    "word.system_isolate": "由 {0} 得 {1}",
    "word.system_substitute": "将 {0} 代入其余方程：{1}",
    "word.system_back": "当 {1} 时：{0}",
    "word.system_impossible": "{0} 不成立：此情形无解",
    "word.or": "或",
    "word.and": "，",
    # 各临界点处的二阶导数判别法
    "word.extrema_points": "临界点：{0}",
    "word.extrema_none": "∇f = 0 无实数解：f 没有临界点",
    "word.extrema_hessian": "在 {0} 处：{1}；{2}",
    "word.extrema_min2": "{0} > 0 且 {1} > 0：极小值，{2}",
    "word.extrema_max2": "{0} > 0 且 {1} < 0：极大值，{2}",
    "word.extrema_saddle2": "{0} < 0：鞍点，{2}",
    "word.extrema_inconclusive2": "{0} = 0：二阶导数判别法失效，{2}",
    "word.extrema_min": "各阶顺序主子式 {0} 均为正：极小值，{2}",
    "word.extrema_max": "各阶顺序主子式 {0} 从负号开始正负交替：极大值，{2}",
    "word.extrema_saddle": "各阶顺序主子式 {0} 表明 H 不定：鞍点，{2}",
    "word.extrema_inconclusive": "各阶顺序主子式 {0} 以 0 结尾：判别法失效，{2}",
    "word.extrema_verified": "[已验证：每个临界点、其类型与函数值，且无遗漏]",
    "word.extrema_refuted": "[经验证有误：{0}]",
    "word.extrema_unverified": "[未能验证：{0}]",
    "word.extrema_check_stationary": "各点处的梯度",
    "word.extrema_check_kinds": "临界点类型",
    "word.extrema_check_values": "函数值",
    "word.extrema_check_complete": "是否遗漏临界点",
    "word.extrema_numeric": "（该点为数值解）",
    "word.extrema_discriminant": "D = f_xx f_yy - f_xy^2",
}
