"""Office-style workbooks for the plan's year (duty, ledger, report), built so a test shows its data.

The unit: 规定 200 + 100, 自选 150 + 150 = 600, and a 加分项 of 5. Title and 填报 rows above
the header, 科室 merged down its rows, a 合计 row and a signature line at the foot.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import make_xlsx

PLAN_HEADER = ["序号", "类别", "指标名称", "分值", "评分标准", "责任科室", "责任人", "责任领导", "完成时限"]
PLAN_ROWS = [
    [1, "规定指标", "党建工作", 200, "按计划完成得满分", "办公室", "黄晓岚", "苏明德", "年底"],
    [2, "规定指标", "政务信息", 100, "采用信息12篇", None, "吴建平", "苏明德", dt.datetime(2015, 6, 30)],
    [3, "自选指标", "会员发展", 150, "新发展会员120家", "会员部", "郭思琪", "何静远", "9月"],
    [4, "自选指标", "商会建设", 150, "新建商会3个", "会员部", None, "何静远", "第四季度"],
    [5, "加分项", "省级表彰", 5, "获省级表彰加5分", "办公室", None, None, None],
]


def plan_workbook(path: Path, rows: list[list] | None = None, header: list[str] | None = None) -> Path:
    """The 指标 sheet as a unit keeps it at the start of the year: no grades yet. 办公室 is merged
    over rows 4–5 (the second row's 科室 cell is blank under the merge)."""
    rows = PLAN_ROWS if rows is None else rows
    return make_xlsx(
        path,
        {"指标": [
            ["青溪市工商联2015年绩效目标责任分解表"],
            ["填报单位：办公室", None, None, None, None, None, "填报日期：2015年3月"],
            header or PLAN_HEADER,
            *rows,
            ["合计", None, None, 605],
            ["填表人：黄晓岚"],
        ]},
        merges={"指标": ["A1:I1", "F4:F5"]},
    )


def roster_workbook(path: Path, names: list[str]) -> Path:
    return make_xlsx(path, {"人员": [["人员名单"], ["工号", "姓名", "科室"], *[[f"QX{i:03d}", n, None] for i, n in enumerate(names, 1)]]})
