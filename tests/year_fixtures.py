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


def complete_plan(path: Path) -> Path:
    """The plan with 商会建设's 责任人 filled in (罗家俊)."""
    rows = [list(r) for r in PLAN_ROWS]
    rows[3][6] = "罗家俊"
    return plan_workbook(path, rows)


LEDGER_HEADER = ["序号", "指标", "科室", "本月计划", "完成情况", "进度（%）", "存在问题", "下月计划", "佐证材料", "填报人"]
# One sheet per month, as a unit's 办公室 collects them. At June (tolerance 10%: behind below 40%):
# 党建工作 50% fine; 政务信息 90% with a June deadline: overdue; 会员发展 exactly 40%: not behind;
# 商会建设 has no June row and was 35% in May: behind and not reported.
LEDGER_MONTHS = {
    "4月": [
        [1, "党建工作", "办公室", "制定年度党建计划", "已印发", "20%", "无", "开展主题党日", "党建计划.doc", "黄晓岚"],
        [3, "会员发展", "会员部", "走访企业", "走访12家", 10, None, "召开会员大会", None, "郭思琪"],
    ],
    "5月": [
        [1, "党建工作", "办公室", "主题党日", "已开展", "40%", "无", "党课", None, "黄晓岚"],
        [2, "政务信息", "办公室", "报送信息", "采用6篇", 0.6, None, "继续报送", "采用通知", "吴建平"],
        [3, "会员发展", "会员部", "会员大会", "新发展36家", "30%", None, "走访", None, "郭思琪"],
        [4, "商会建设", "会员部", "筹建乡镇商会", "完成1个", "35%", "筹备经费不足", "申请经费", None, "罗家俊"],
    ],
    "6月": [
        [1, "党建工作", "办公室", "党课", "已讲党课", "50%", "无", "七一活动", None, "黄晓岚"],
        [2, "政务信息", "办公室", "报送信息", "采用11篇", "90%", None, "补报", None, "吴建平"],
        [3, "会员发展", "会员部", "走访", "新发展48家", "40%", "新会员审核进度慢", "加快审核", "会员名册", "郭思琪"],
    ],
}


def ledger_workbook(path: Path, months: dict[str, list[list]] | None = None, extra: dict[str, list[list]] | None = None) -> Path:
    """台账.xlsx: one sheet per month with a title row, a 填报 line, the header, the rows and a 审核人
    line; 科室 merged down its rows on the 5月 sheet; and a 填表说明 sheet that is no ledger."""
    months = LEDGER_MONTHS if months is None else months
    sheets = {
        name: [[f"目标工作台账（2015年{name}）"], ["填报单位：青溪市工商联", None, None, None, None, "填报日期：月底"],
               LEDGER_HEADER, *[list(r) for r in rows], ["审核人：苏明德"]]
        for name, rows in months.items()
    }
    sheets["填表说明"] = [["每月底前由各科室填写本表，进度按全年目标的完成比例填写。"]]
    sheets.update(extra or {})
    merges = {name: ["A1:J1"] for name in months}
    if "5月" in months:
        merges["5月"] = ["A1:J1", "C4:C5", "C6:C7"]
        for r in (sheets["5月"][4], sheets["5月"][6]):  # sheet rows 5 and 7: under the merges
            r[2] = None
    return make_xlsx(path, sheets, merges=merges)


# The year end: the same unit graded. 规定 200 + 90 = 290 of 300, 自选 135 + 105 = 240 of 300,
# the 加分项 5: 535 of 600 = 89.17% → 良好. 政务信息 has no 完成情况说明: the ledger's is quoted.
SCORED_HEADER = ["序号", "类别", "指标名称", "分值", "评分标准", "责任科室", "责任人", "责任领导", "完成等次", "得分",
                 "扣分原因", "个人原因", "完成情况说明", "佐证材料"]
SCORED_ROWS = [
    [1, "规定指标", "党建工作", 200, "按计划完成得满分", "办公室", "黄晓岚", "苏明德", "好", 200, None, None,
     "全年开展主题党日12次", "党建计划、会议记录"],
    [2, "规定指标", "政务信息", 100, "采用信息12篇", "办公室", "吴建平", "苏明德", "良好", 90, "采用信息10篇", "否", None, None],
    [3, "自选指标", "会员发展", 150, "新发展会员120家", "会员部", "郭思琪", "何静远", "良好", 135, "新会员审核慢", "否",
     "新发展会员108家", "会员名册"],
    [4, "自选指标", "商会建设", 150, "新建商会3个", "会员部", "罗家俊", "何静远", "一般", 105, "新建商会2个", "否",
     "新建乡镇商会2个", None],
    [5, "加分项", "省级表彰", 5, "获省级表彰加5分", "办公室", None, None, None, 5, None, None, "获评全省先进集体", "表彰文件"],
]


def scored_workbook(path: Path) -> Path:
    return make_xlsx(path, {"指标": [
        ["青溪市工商联2015年绩效管理履职情况考核评分表"], ["填报单位：青溪市工商联（盖章）"], SCORED_HEADER,
        *[list(r) for r in SCORED_ROWS], ["合计", None, None, 605, None, None, None, None, None, 535], ["填表人：黄晓岚"],
    ]}, merges={"指标": ["A1:N1"]})


def two_sheet_scored_workbook(path: Path) -> Path:
    """The same year end kept as many offices keep it: 规定指标 and 自选指标 (with the 加分项) on two
    sheets under one header, so both sheets' indicators sit on rows 4, 5, … ."""
    def sheet(title: str, rows: list[list]) -> list[list]:
        return [[title], ["填报单位：青溪市工商联（盖章）"], SCORED_HEADER, *[list(r) for r in rows], ["填表人：黄晓岚"]]
    return make_xlsx(path, {"规定指标": sheet("规定指标自评表", SCORED_ROWS[:2]), "自选指标": sheet("自选指标自评表", SCORED_ROWS[2:])})


# The city office's returned sheet: 政务信息 assessed 80 (10 below), 商会建设 90 (15 below, no reason given).
ASSESSED_ROWS = [
    [1, "党建工作", 200, "好", 200, None],
    [2, "政务信息", 100, "良好", 80, "信息质量不高，采用数偏少"],
    [3, "会员发展", 150, "良好", 135, None],
    [4, "商会建设", 150, "一般", 90, None],
    [5, "省级表彰", 5, None, 5, None],
]


def assessed_workbook(path: Path, rows: list[list] | None = None) -> Path:
    return make_xlsx(path, {"反馈": [
        ["龙岩市2015年度绩效评估结果反馈表"], ["被评估单位：青溪市工商联", None, None, "反馈日期：2016年3月"],
        ["序号", "考核指标", "分值", "核定等次", "核定得分", "扣分原因"],
        *[list(r) for r in (ASSESSED_ROWS if rows is None else rows)],
        ["合计", None, 605, None, 510], ["市绩效办（盖章）"],
    ]}, merges={"反馈": ["A1:F1"]})
