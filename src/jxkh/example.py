"""The bundled example: one year of 青溪市工商联, a fictional federation of industry and commerce.

Every name here is invented. `write_example(folder)` writes `indicators.xlsx`, `ratings.xlsx`,
`jxkh.toml`, `台账.xlsx` and `核定结果.xlsx` (what `jxkh demo` runs on); `python -m jxkh.example examples/` regenerates the
committed copies in `examples/`. The data is built from code, so an installed package needs
no repository files.

What the example exercises (row numbers as a spreadsheet shows them; header on row 2):

indicators.xlsx, sheet 指标 (附件2 履职情况考核评分表)
- 11 规定指标 (270 points) + 12 自选指标 (330 points) = 600 = `unit.total`.
- Every grade: 好 at 100%; 良好 at 90% (row 6: 18 of 20), at its 80% floor (row 12: 16 of 20)
  and at 95% (row 25: 9.5 of 10); 一般 at 70% (row 17: 14 of 20) and at its 60% floor
  (row 8: 6 of 10; row 21: 12 of 20); 差 at 0 (row 23).
- Row 7 (财务管理与预算执行, 30 points) gives only the grade 良好: `unit.band_default` scores it
  27 and warns.
- Row 26 is a 加分项 of 5 points; there is no 扣分项.
- Points lost through a person's own fault (个人原因 = 是), charged at person_factor 1.0 and
  leader_factor 0.5:
    row 8  lost 4  → 吴建平 4, 苏明德 2
    row 17 lost 6  → 罗家俊 6, 何静远 3
    row 19 lost 4  → 谢文斌 4, 林振邦 2
    row 23 lost 10 → 范国栋 10, 何静远 5 (何静远 8 in all)
  Rows 6, 7, 12, 16, 21, 25 lose points for reasons that are nobody's fault (个人原因 = 否).
- Scores: 规定 257 + 自选 298.5 = 555.5, plus the 加分项 5 = 560.5 of 600 → 好 (≥ 90%).
  Departments (规定/自选 only): 办公室 221/230, 宣传调研部 115.5/130, 会员部 111/120,
  经济联络部 108/120.

ratings.xlsx, sheets 测评 (anonymous ballots) and 人员 (roster)
- 14 people, 10 ballots each: 2 from 领导, 8 from 同事; every dimension within its maximum.
- jxkh.toml weights the groups 领导 0.4, 同事 0.6, so a rating is 0.4 × the leaders' mean
  + 0.6 × the colleagues' mean. The ballots are chosen so that every group mean is a
  multiple of 0.5 and every rating is exact at one decimal (`RATINGS` below).
- 郭思琪 is 90.0 exactly with the weights (优秀 at the cut-off); unweighted her ten ballots
  average 89.5 (良好). 蔡雅婷 is 80.0 exactly (良好 at the cut-off).
- Accountability changes grades: 何静远 91.6 − 8 = 83.6 (优秀 → 良好); 罗家俊 84.6 − 6 = 78.6
  (良好 → 合格); 林振邦 93.4 − 2 = 91.4 stays 优秀.
- 曾志鹏 has 违纪违法 = 是: 不合格 although he is rated 82.2. 范国栋 is 不合格 on his score
  alone (66.4, then 56.4 after his 10-point deduction).
- Final grades: 优秀 4 (林振邦 黄晓岚 郭思琪 江雨桐), 良好 6, 合格 2 (罗家俊 童欣怡),
  不合格 2 (曾志鹏 范国栋).
- Roster: 岗位系数 1.5 / 1.3 / 1.2 for the three leaders, 1 for the others; 蔡雅婷 joined in
  July (在岗月数 6), 童欣怡 in April (9).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .headers import ASSESSED_FILE, BONUS_ITEM, INDICATORS_FILE, LEDGER_FILE, MANDATED, RATINGS_FILE, SELF_CHOSEN
from .policy import POLICY_FILE

if TYPE_CHECKING:
    from openpyxl import Workbook

D = Decimal

UNIT_NAME = "青溪市工商联"
TITLE = "青溪市工商联2015年度绩效管理（示例）"
NOTICE = {
    "unit": f'"{UNIT_NAME}"',
    "contact": '"林晓梅"',
    "start": "2016-04-20",
    "approval": '"经会党组2016年4月18日会议研究"',
    "document_number": '"青联〔2016〕5号"',
}

# The example's two rater groups and their weights (written into its jxkh.toml).
LEADERS, COLLEAGUES = "领导", "同事"
RATER_WEIGHTS = {LEADERS: D("0.4"), COLLEAGUES: D("0.6")}
LEADER_BALLOTS, COLLEAGUE_BALLOTS = 2, 8

# The default policy's dimensions (德10 能20 勤30 绩30 廉10), in order.
DIMENSIONS = {"德": 10, "能": 20, "勤": 30, "绩": 30, "廉": 10}

OFFICE, MEMBERS, ECONOMY, PUBLICITY, LEADERSHIP = "办公室", "会员部", "经济联络部", "宣传调研部", "会领导"


@dataclass(frozen=True)
class ExampleIndicator:
    category: str
    name: str
    points: int
    criteria: str
    department: str
    owner: str
    leader: str
    grade: str | None
    score: int | float | None  # None: the grade alone (band_default)
    reason: str = ""
    personal_fault: bool | None = None
    note: str = ""


def _i(category: str, name: str, points: int, criteria: str, department: str, owner: str, leader: str,
       grade: str | None, score: int | float | None, reason: str = "", fault: bool | None = None,
       note: str = "") -> ExampleIndicator:
    return ExampleIndicator(category, name, points, criteria, department, owner, leader, grade, score, reason, fault, note)


M, S = MANDATED, SELF_CHOSEN
INDICATORS: list[ExampleIndicator] = [
    # 规定指标 (市绩效办统一设置) — 270 points
    _i(M, "党风廉政建设责任制落实", 40, "责任分解到位、台账齐全得满分；每缺一项扣5分", OFFICE, "黄晓岚", "苏明德", "好", 40),
    _i(M, "机关效能建设与作风建设", 30, "无效能投诉得满分；每被投诉查实一次扣5分", OFFICE, "吴建平", "苏明德", "好", 30),
    _i(M, "机关党建工作", 40, "按计划完成“三会一课”和党员教育得满分", OFFICE, "苏明德", "林振邦", "好", 40),
    _i(M, "政务信息报送", 20, "全年被市委、市政府采用信息不少于12篇", OFFICE, "黄晓岚", "苏明德", "良好", 18,
       "被采用信息10篇，少于目标", False),
    _i(M, "财务管理与预算执行", 30, "预算执行进度达到序时要求，无违规支出", OFFICE, "吴建平", "苏明德", "良好", None,
       "第三季度预算执行进度偏慢", False, "只评定等次，未填得分"),
    _i(M, "档案管理与保密工作", 10, "文书档案当年归档，无失泄密事件", OFFICE, "吴建平", "苏明德", "一般", 6,
       "2015年文书档案未按期归档", True),
    _i(M, "依法行政与政务公开", 20, "按规定公开政务信息，无行政复议败诉", OFFICE, "黄晓岚", "苏明德", "好", 20),
    _i(M, "安全生产与社会治安综合治理", 20, "全年无安全责任事故", OFFICE, "吴建平", "苏明德", "好", 20),
    _i(M, "人大建议和政协提案办理", 20, "按期办结率100%，满意率不低于95%", PUBLICITY, "江雨桐", "何静远", "好", 20),
    _i(M, "精神文明建设", 20, "开展志愿服务活动不少于6次", PUBLICITY, "童欣怡", "何静远", "良好", 16,
       "开展志愿服务活动4次", False),
    _i(M, "绩效管理工作", 20, "按时报送自评材料，台账完整", OFFICE, "黄晓岚", "苏明德", "好", 20),
    # 自选指标 (本会职能) — 330 points
    _i(S, "非公有制经济代表人士思想政治建设", 40, "举办理想信念教育活动不少于3场", PUBLICITY, "江雨桐", "何静远", "好", 40),
    _i(S, "会员发展与会员服务", 40, "新发展会员不少于120家", MEMBERS, "郭思琪", "何静远", "好", 40),
    _i(S, "基层商会组织建设", 30, "新建乡镇（街道）商会不少于3个", MEMBERS, "郭思琪", "何静远", "良好", 27,
       "新建乡镇商会2个", False),
    _i(S, "异地商会规范化建设", 20, "异地商会年检材料按期报送、审核", MEMBERS, "罗家俊", "何静远", "一般", 14,
       "年检材料审核不及时，被上级通报", True),
    _i(S, "光彩事业与社会公益", 30, "组织民营企业参与精准扶贫项目不少于10个", MEMBERS, "蔡雅婷", "何静远", "好", 30),
    _i(S, "招商引资与项目对接", 40, "促成对接项目不少于8个，材料审核无差错", ECONOMY, "谢文斌", "林振邦", "良好", 36,
       "项目推介材料审核把关不严，2个项目数据有误", True),
    _i(S, "民营企业发展环境评议", 30, "完成年度评议并形成报告", ECONOMY, "邱丽华", "林振邦", "好", 30),
    _i(S, "商会经济运行监测", 20, "按季度报送监测数据", ECONOMY, "曾志鹏", "林振邦", "一般", 12,
       "统计口径调整，两个季度数据未能按期报送", False),
    _i(S, "调查研究与理论宣传", 30, "完成调研报告不少于4篇，其中1篇获领导批示", PUBLICITY, "江雨桐", "何静远", "好", 30),
    _i(S, "门户网站与新媒体宣传", 10, "网站、公众号每周更新", PUBLICITY, "范国栋", "何静远", "差", 0,
       "网站连续三个月未更新，被市绩效办通报", True),
    _i(S, "维护非公企业合法权益", 30, "受理企业投诉按期办结率100%", ECONOMY, "邱丽华", "林振邦", "好", 30),
    _i(S, "民营企业家培训", 10, "举办培训班不少于2期", PUBLICITY, "童欣怡", "何静远", "良好", 9.5,
       "第二期培训参训率偏低", False),
    # 加分项
    _i(BONUS_ITEM, "获评全省工商联系统先进集体", 5, "获省级表彰加5分", OFFICE, "", "", None, 5),
]


@dataclass(frozen=True)
class ExamplePerson:
    id: str
    name: str
    department: str
    coefficient: Decimal
    months: int
    prior_grade: str
    violation: bool
    # Mean of each dimension (德 能 勤 绩 廉) over the person's ballots from each group.
    leader_means: tuple[float, ...]
    colleague_means: tuple[float, ...]


def _p(id: str, name: str, department: str, coefficient: str, months: int, prior: str, violation: bool,
       leaders: tuple[float, ...], colleagues: tuple[float, ...]) -> ExamplePerson:
    return ExamplePerson(id, name, department, D(coefficient), months, prior, violation, leaders, colleagues)


PEOPLE: list[ExamplePerson] = [
    _p("QX001", "林振邦", LEADERSHIP, "1.5", 12, "优秀", False, (9.5, 19, 28, 28, 9.5), (9.5, 18.5, 28, 27.5, 9.5)),
    _p("QX002", "何静远", LEADERSHIP, "1.3", 12, "称职", False, (9.5, 19, 28, 28, 9.5), (9, 18, 27, 27, 9)),
    _p("QX003", "苏明德", OFFICE, "1.2", 12, "称职", False, (9, 18, 27, 27, 9), (9, 17.5, 26.5, 26, 9)),
    _p("QX004", "黄晓岚", OFFICE, "1", 12, "优秀", False, (9.5, 18.5, 28, 27.5, 9.5), (9, 18.5, 27.5, 28, 9)),
    _p("QX005", "吴建平", OFFICE, "1", 12, "称职", False, (8.5, 17, 26, 26, 8.5), (9, 17.5, 26.5, 26, 9)),
    _p("QX006", "郭思琪", MEMBERS, "1", 12, "称职", False, (9, 18.5, 27.5, 27.5, 9), (9, 18, 26.5, 26.5, 9)),
    _p("QX007", "罗家俊", MEMBERS, "1", 12, "称职", False, (8.5, 17, 25, 25, 8.5), (8.5, 17, 25.5, 25.5, 8.5)),
    _p("QX008", "蔡雅婷", MEMBERS, "1", 6, "", False, (8, 15.5, 23.5, 23.5, 8), (8, 16, 24.5, 24.5, 8)),
    _p("QX009", "谢文斌", ECONOMY, "1", 12, "称职", False, (8.5, 17.5, 26, 26.5, 8.5), (8.5, 17.5, 26, 26.5, 8.5)),
    _p("QX010", "邱丽华", ECONOMY, "1", 12, "称职", False, (8.5, 17, 26, 26, 8.5), (8.5, 17, 25.5, 25.5, 8.5)),
    _p("QX011", "曾志鹏", ECONOMY, "1", 12, "称职", True, (8, 17, 25, 25, 6), (8.5, 17, 25.5, 25.5, 6.5)),
    _p("QX012", "江雨桐", PUBLICITY, "1", 12, "优秀", False, (9.5, 19, 29, 29, 9.5), (9.5, 18.5, 28, 27.5, 9.5)),
    _p("QX013", "范国栋", PUBLICITY, "1", 12, "基本称职", False, (7, 13, 18, 18, 8), (7.5, 14, 20, 18.5, 8)),
    _p("QX014", "童欣怡", PUBLICITY, "1", 9, "称职", False, (7.5, 15, 23, 23, 7.5), (7.5, 15, 22, 22, 7.5)),
]

# What the policy makes of the data above (worked out by hand: 0.4 × leaders + 0.6 × colleagues,
# less the accountability deductions). Tests assert the tool agrees.
RATINGS = {
    "林振邦": D("93.4"), "何静远": D("91.6"), "苏明德": D("88.8"), "黄晓岚": D("92.4"), "吴建平": D("87.2"),
    "郭思琪": D("90.0"), "罗家俊": D("84.6"), "蔡雅婷": D("80.0"), "谢文斌": D("87.0"), "邱丽华": D("85.4"),
    "曾志鹏": D("82.2"), "江雨桐": D("94.2"), "范国栋": D("66.4"), "童欣怡": D("74.8"),
}
DEDUCTIONS = {"吴建平": D(4), "苏明德": D(2), "罗家俊": D(6), "何静远": D(8), "谢文斌": D(4), "林振邦": D(2), "范国栋": D(10)}
GRADES = {
    "林振邦": "优秀", "何静远": "良好", "苏明德": "良好", "黄晓岚": "优秀", "吴建平": "良好", "郭思琪": "优秀",
    "罗家俊": "合格", "蔡雅婷": "良好", "谢文斌": "良好", "邱丽华": "良好", "曾志鹏": "不合格", "江雨桐": "优秀",
    "范国栋": "不合格", "童欣怡": "合格",
}
UNIT_TOTAL, UNIT_LEVEL = D("560.5"), "好"


# --- ballots ------------------------------------------------------------------------------

# How far apart two ballots of a pair are pushed, cycled through; capped at a tenth of the
# dimension's maximum so 德/廉 move by 1 and 勤/绩 by up to 3, as real ballots do.
_STEPS = (1, 0, 2, 3, 1, 2, 0, 1, 3)


def spread(mean: float | Decimal, count: int, maximum: int, seed: int) -> list[int]:
    """`count` whole-number scores in 0..maximum whose mean is exactly `mean` (a multiple of 1/count)."""
    total = D(str(mean)) * count
    if total != total.to_integral_value():
        raise ValueError(f"{mean} × {count} is not a whole number")
    base, extra = divmod(int(total), count)
    values = [base + 1 if i < extra else base for i in range(count)]
    cap = max(1, maximum // 10)
    for p in range(count // 2):
        up, down = p, count - 1 - p
        if (seed + p) % 2:
            up, down = down, up
        step = min(_STEPS[(seed + p) % len(_STEPS)], cap, maximum - values[up], values[down])
        values[up] += step
        values[down] -= step
    shift = seed % count
    return values[shift:] + values[:shift]


def ballots(person: ExamplePerson, seed: int) -> list[tuple[str, list[int]]]:
    """The person's ballots as (rater group, [德 能 勤 绩 廉]): the leaders' first, as tallied."""
    rows: list[tuple[str, list[int]]] = []
    for group, means, count in ((LEADERS, person.leader_means, LEADER_BALLOTS),
                                (COLLEAGUES, person.colleague_means, COLLEAGUE_BALLOTS)):
        columns = [spread(mean, count, maximum, seed + 3 * d + len(rows))
                   for d, (mean, maximum) in enumerate(zip(means, DIMENSIONS.values()))]
        rows += [(group, [column[b] for column in columns]) for b in range(count)]
    return rows


# --- the rest of the year: 完成时限, 完成情况说明, 佐证材料, the 目标工作台账, the city's returned sheet ----
#
# 台账.xlsx holds January to June, one sheet per month, as an office collects it for the
# mid-year 绩效情况分析会. At June (time gone 50%, tolerance 10%: behind below 40%):
# - 档案管理与保密工作 is due in June (6月) and at 80%: overdue;
# - 门户网站与新媒体宣传 at 20% and 商会经济运行监测 at 30%: behind;
# - 基层商会组织建设 at exactly 40%: not behind (the boundary);
# - 异地商会规范化建设 has no June row (35% in May): behind, and not reported this month;
# - open 存在问题 in June: 门户网站与新媒体宣传, 商会经济运行监测, 档案管理与保密工作.
# 核定结果.xlsx is the city office's returned sheet: it scores 政务信息报送 16 (self 18) and
# 招商引资与项目对接 32 (self 36), so the 改进 analysis finds 2 indicators, 6 points.

DEADLINES = {
    "档案管理与保密工作": "6月", "财务管理与预算执行": "2015年12月31日", "人大建议和政协提案办理": "2015年10月",
    "绩效管理工作": "2016年1月", "基层商会组织建设": "第四季度", "异地商会规范化建设": "9月", "民营企业家培训": "11月",
    "民营企业发展环境评议": "下半年",
}
# Month → progress (%) Jan…Jun, for the indicators that differ from the steady default (8% a month).
PROGRESS = {
    "档案管理与保密工作": (10, 25, 40, 55, 70, 80),
    "门户网站与新媒体宣传": (10, 15, 15, 20, 20, 20),
    "商会经济运行监测": (5, 10, 15, 25, 25, 30),
    "基层商会组织建设": (5, 10, 20, 25, 35, 40),
    "异地商会规范化建设": (5, 10, 20, 30, 35, None),
    "获评全省工商联系统先进集体": None,  # a 加分项 is not planned month by month
}
ISSUES = {
    ("门户网站与新媒体宣传", 6): "网站连续三个月未更新，缺少专人维护",
    ("商会经济运行监测", 6): "统计口径调整，二季度数据未能按期报送",
    ("档案管理与保密工作", 6): "2015年上半年文书档案尚未归档",
    ("异地商会规范化建设", 5): "年检材料审核不及时",
}
ASSESSED = {"政务信息报送": (16, "被采用信息质量不高，按采用篇数核减"), "招商引资与项目对接": (32, "2个项目数据有误，核减4分")}
LEDGER_MONTHS = 6


def summary(indicator: ExampleIndicator) -> str:
    """完成情况说明: the year-end self-assessment's account of the work."""
    if indicator.reason:
        return f"{indicator.criteria}。实际完成情况：{indicator.reason}。"
    return f"{indicator.criteria}，全年按目标完成。"


def evidence(indicator: ExampleIndicator) -> str:
    return f"{indicator.name}工作台账、{indicator.name}年度总结"


def monthly_progress(indicator: ExampleIndicator) -> tuple[int | None, ...] | None:
    if indicator.name in PROGRESS:
        return PROGRESS[indicator.name]
    return tuple(8 * m for m in range(1, LEDGER_MONTHS + 1))


LEDGER_HEADERS = ["序号", "指标", "科室", "本月计划", "完成情况", "进度（%）", "存在问题", "下月计划", "佐证材料", "填报人"]


def ledger_rows(month: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for n, i in enumerate(INDICATORS, start=1):
        progress = monthly_progress(i)
        if progress is None or progress[month - 1] is None:
            continue
        issue = ISSUES.get((i.name, month), "无")
        rows.append([n, i.name, i.department, f"推进{i.name}", f"按计划推进，累计完成全年目标的{progress[month - 1]}%",
                     f"{progress[month - 1]}%", issue, f"继续推进{i.name}", f"{month}月工作记录", i.owner or None])
    return rows


def ledger_workbook() -> Workbook:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    widths = {"序号": 6, "指标": 28, "科室": 12, "本月计划": 24, "完成情况": 36, "进度（%）": 9, "存在问题": 30,
              "下月计划": 24, "佐证材料": 16, "填报人": 9}
    for month in range(1, LEDGER_MONTHS + 1):
        _sheet(wb, f"{month}月", f"{UNIT_NAME}2015年{month}月目标工作台账", LEDGER_HEADERS, ledger_rows(month), widths)
    return wb


ASSESSED_HEADERS = ["序号", "考核指标", "分值", "核定等次", "核定得分", "扣分原因"]


def assessed_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for n, i in enumerate(INDICATORS, start=1):
        score, reason = ASSESSED.get(i.name, (i.score if i.score is not None else _band_default(i), None))
        rows.append([n, i.name, i.points, i.grade, score, reason])
    return rows


def _band_default(indicator: ExampleIndicator) -> float:
    # 财务管理与预算执行: 良好 without a score, scored at band_default 90% (27 of 30).
    return indicator.points * 0.9


def assessed_workbook() -> Workbook:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "核定结果", f"{UNIT_NAME}2015年度绩效评估结果反馈（市绩效办核定）", ASSESSED_HEADERS, assessed_rows(),
           {"序号": 6, "考核指标": 30, "分值": 8, "核定等次": 9, "核定得分": 9, "扣分原因": 36})
    return wb


# --- workbooks ----------------------------------------------------------------------------

INDICATOR_HEADERS = ["序号", "类别", "指标名称", "分值", "评分标准", "责任科室", "责任人", "责任领导",
                     "完成等次", "得分", "扣分原因", "个人原因", "备注", "完成时限", "完成情况说明", "佐证材料"]
BALLOT_HEADERS = ["被测评人", "科室", "测评人类别", *DIMENSIONS]
ROSTER_HEADERS = ["工号", "姓名", "科室", "岗位系数", "在岗月数", "上年度考核等次", "违纪违法"]


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("是" if value else "否")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def indicator_rows() -> list[list[object]]:
    return [
        [n, i.category, i.name, i.points, i.criteria, i.department or None, i.owner or None, i.leader or None,
         i.grade, i.score, i.reason or None, _yes_no(i.personal_fault), i.note or None,
         DEADLINES.get(i.name, "年底") if i.category in (M, S) else None, summary(i), evidence(i)]
        for n, i in enumerate(INDICATORS, start=1)
    ]


def ballot_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for index, person in enumerate(PEOPLE):
        for group, scores in ballots(person, seed=index):
            rows.append([person.name, person.department, group, *scores])
    return rows


def roster_rows() -> list[list[object]]:
    return [
        [p.id, p.name, p.department, _number(p.coefficient), p.months, p.prior_grade or None, _yes_no(p.violation)]
        for p in PEOPLE
    ]


def _sheet(wb: Workbook, name: str, title: str | None, headers: list[str], rows: list[list[object]],
           widths: dict[str, int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .writer import set_cell

    ws = wb.create_sheet(name)
    first = 1
    if title:
        set_cell(ws, 1, 1, title)
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        first = 2
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c, header in enumerate(headers, start=1):
        cell = set_cell(ws, first, c, header)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, values in enumerate(rows, start=first + 1):
        for c, value in enumerate(values, start=1):
            set_cell(ws, r, c, value)
    for c, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(header, 8)
    ws.freeze_panes = ws.cell(first + 1, 1)


def indicators_workbook() -> Workbook:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    widths = {"序号": 6, "类别": 10, "指标名称": 30, "评分标准": 40, "责任科室": 12, "责任人": 9, "责任领导": 9,
              "完成等次": 9, "扣分原因": 36, "个人原因": 9, "备注": 20, "完成时限": 14, "完成情况说明": 40, "佐证材料": 30}
    _sheet(wb, "指标", f"{UNIT_NAME}2015年绩效管理履职情况考核评分表", INDICATOR_HEADERS, indicator_rows(), widths)
    return wb


def ratings_workbook() -> Workbook:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "测评", f"{UNIT_NAME}2015年度干部职工绩效民主测评票汇总", BALLOT_HEADERS, ballot_rows(),
           {"被测评人": 10, "科室": 12, "测评人类别": 11})
    _sheet(wb, "人员", None, ROSTER_HEADERS, roster_rows(),
           {"工号": 8, "姓名": 10, "科室": 12, "岗位系数": 9, "在岗月数": 9, "上年度考核等次": 14, "违纪违法": 9})
    return wb


def policy_toml() -> str:
    """The default policy text with the example's title and its two weighted rater groups."""
    from .policy import DEFAULT_TOML, set_values

    text, titled = re.subn(r'(?m)^title = "[^"]*"', f'title = "{TITLE}"', DEFAULT_TOML, count=1)
    weights = "[staff.rater_weights]                   # 示例：按测评人类别加权（领导 0.4、同事 0.6）\n" + "".join(
        f'"{group}" = {weight}\n' for group, weight in RATER_WEIGHTS.items()
    )
    text, weighted = re.subn(r"(?m)^# \[staff\.rater_weights\].*\n(?:# .*\n)*", weights, text, count=1)
    if not titled:
        text = f'title = "{TITLE}"\n' + text
    # The 公示's settings filled in as a unit would (invented, like everything in the example).
    text = set_values(text, "notice", NOTICE)
    if not weighted:
        text += "\n" + weights
    return text


def write_example(folder: Path) -> list[Path]:
    """Write the example's indicators.xlsx, ratings.xlsx, jxkh.toml, 台账.xlsx and 核定结果.xlsx
    into `folder` (replacing them)."""
    from .writer import save_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [save_atomic(indicators_workbook(), folder / INDICATORS_FILE),
             save_atomic(ratings_workbook(), folder / RATINGS_FILE)]
    policy = folder / POLICY_FILE
    policy.write_text(policy_toml(), encoding="utf-8")
    year = [save_atomic(ledger_workbook(), folder / LEDGER_FILE), save_atomic(assessed_workbook(), folder / ASSESSED_FILE)]
    return [*paths, policy, *year]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "examples")
    for path in write_example(folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
