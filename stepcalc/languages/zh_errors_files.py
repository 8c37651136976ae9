"""Chinese error messages, part 4 of 4: the command line and its files, and checking and grading
(including what the grading pool says of a row it could not grade).
"""

from __future__ import annotations

FILES: dict[str, str] = {
    # the command line and its files (stepcalc.cli, stepcalc.latex_doc, stepcalc.tasks.sheet)
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
