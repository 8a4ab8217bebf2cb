"""`ratings.scored.xlsx`: the appraisal as a workbook to print and post.

Sheets: 测评结果 (per person, by rank), 人员 (the roster's own rows and columns plus the
computed ones, when there is a roster), 汇总 (grade distribution with a chart), 测评分析
(rater-quality findings), 责任扣分 (the accountability charges applied, when any), 说明.
The ballots themselves are not copied back: a city office's file has a million of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import round_to, rounding_gap
from ..messages import Code, accountability_line, text
from .explanation import add_explanation_sheet
from ..writer import BOX, add_bar_chart, check_grid, fit_a4, font, new_workbook, save_atomic, set_cell, write_table, write_title

if TYPE_CHECKING:
    from ..policy import Policy
    from ..ratings import Ratings
    from ..rules.appraisal import AppraisalResult, PersonResult

# Workbook labels (content of the printed sheets, Chinese like the forms they come from).
RESULT_SHEET, ROSTER_SHEET, SUMMARY_SHEET, ANALYSIS_SHEET, CHARGES_SHEET = "测评结果", "人员", "汇总", "测评分析", "责任扣分"
RULE_COLUMN = "适用规则"
NOTICE_SHEET = "优秀公示"
COMPUTED = ["有效票数", "测评得分", "责任扣分", "最终得分", "等次", "名次"]
FINDING_KINDS = {
    Code.BALLOT_BLANK: "空白票",
    Code.RATER_STRAIGHT_LINING: "所有人同分",
    Code.RATER_SELF_RATING: "给自己打分",
    Code.RATER_DUPLICATE: "重复打分",
    Code.RATER_GROUP_ABSENT: "缺少测评人类别",
    Code.BALLOT_OVER_TOP_CAP: "高分人数超限，整票无效",
    Code.BALLOT_ALL_FULL_MARKS: "全部满分，整票无效",
    Code.BALLOT_IDENTICAL: "全部同分，整票无效",
    Code.BALLOT_SELF_EXCLUDED: "自评票无效",
    Code.VALIDITY_NEEDS_RATER: "有效性规则未执行",
}
ROLES = {"owner": "责任人", "leader": "责任领导"}


def write_appraisal(
    result: AppraisalResult, ratings: Ratings, policy: Policy, output: Path, inputs: Sequence[Path]
) -> Path:
    wb = new_workbook()
    wb.remove(wb.active)
    number = f"0.{'0' * policy.precision}" if policy.precision else "0"
    _results(wb, result, policy, number, ratings.roster is not None)
    if ratings.roster is not None:
        _roster(wb, result, ratings, policy, number)
    _summary(wb, result, policy)
    _analysis(wb, result, policy)
    if result.charges:
        _charges(wb, result, policy, number)
    if policy.staff.publicize_excellent:
        _excellent_notice(wb, result, policy, number)
    add_explanation_sheet(wb, policy, inputs, notes=_notes(result, ratings, policy))
    return save_atomic(wb, output)


def _results(wb: Any, result: AppraisalResult, policy: Policy, number: str, roster: bool) -> None:
    ws = wb.create_sheet(RESULT_SHEET)
    dims = list(policy.staff.dimensions)
    # The roster's columns only with a roster: without one they would all be the defaults.
    extra = ["岗位系数", "在岗月数", "上年度考核等次", "违纪违法"] if roster else []
    # The rules column only when a rule changed someone's grade: otherwise the sheet is the plan's own.
    # (违纪违法 alone has its own column and remark, as before the rules came.)
    ruled = any(p.ruled_by is not None and p.ruled_by.rule != "violation" for p in result.people)
    headers = ["名次", "工号", "姓名", "科室", "有效票数", *dims, "测评得分", "责任扣分", "最终得分", "等次", *extra,
               *([RULE_COLUMN] if ruled else []), "备注"]
    rows = []
    for p in result.people:
        row = [p.rank, p.id, p.name, p.department, p.ballots, *(p.dimensions[d] for d in dims), p.rating, p.deduction,
               p.final, p.grade]
        if roster:
            row += [p.coefficient, p.months, p.prior_grade, "是" if p.violation else "否"]
        if ruled:
            row.append(rule_text(p))
        rows.append([*row, _remarks(p, result)])
    first, last = 6, 6 + len(dims) + 2
    header_row = write_title(ws, f"{policy.title}　干部职工年度绩效考评结果", len(headers))
    write_table(ws, headers, rows, start_row=header_row, number_formats={c: number for c in range(first, last + 1)})
    fit_a4(ws, header_row=header_row, key_columns=3)  # 名次 工号 姓名 on every page


def rule_text(person: PersonResult) -> str | None:
    """The rule that changed the grade and what it did: “处分/组织处理：记过（2015年度）→ 不定等次（按得分为优秀）”."""
    ruling = person.ruled_by
    if ruling is None:
        return None
    return f"{ruling.text()} → {ruling.outcome()}（按得分为{person.score_grade}）"


def _remarks(person: PersonResult, result: AppraisalResult) -> str | None:
    notes = []
    if person.quota_confirmed:
        notes.append("优秀名额边界同分，单位研究确认为优秀（优秀确认：是）")
    if person.prior_points:
        notes.append(f"上年度考核等次{person.prior_grade}，{'加' if person.prior_points > 0 else '减'} {abs(person.prior_points)} 分")
    if person.violation:
        notes.append(f"违纪违法，评为{person.grade}（按得分为{person.score_grade}）")
    if person.over_quota:
        notes.append(f"超出优秀比例（最多 {result.quota_allowed} 人），待单位研究决定")
    if person.quota_tie:
        notes.append("优秀名额边界同分，待单位研究决定")
    for group in person.absent_groups:
        notes.append(f"无“{group}”测评票，权重已按其余类别重新归一")
    for charge in person.charges:
        notes.append(f"{ROLES.get(charge.role, charge.role)}扣分 {charge.deduction}（指标 {charge.label}）")
    return "；".join(notes) or None


def _roster(wb: Any, result: AppraisalResult, ratings: Ratings, policy: Policy, number: str) -> None:
    roster = ratings.roster
    assert roster is not None
    ws = wb.create_sheet(ROSTER_SHEET)
    by_row = {p.roster_row: p for p in result.people if p.roster_row is not None}
    width = len(roster.headers)
    check_grid(roster.file, roster.sheet, roster.header_row, width, len(COMPUTED))
    rows = []
    for entry in roster.entries:
        person = by_row.get(entry.row)
        computed = (
            [person.ballots, person.rating, person.deduction, person.final, person.grade, person.rank] if person else [None] * 6
        )
        rows.append([*(_plain_cell(v) for v in entry.values[:width]), *computed])
    formats = {width + c: number for c in (2, 3, 4)}
    header_row = write_title(ws, f"{policy.title}　人员及考评结果", width + len(COMPUTED))
    write_table(ws, [*roster.headers, *COMPUTED], rows, start_row=header_row, number_formats=formats)
    name = roster.columns.get("name")
    fit_a4(ws, header_row=header_row, key_columns=(name + 1) if name is not None and name < 4 else 1)


def _plain_cell(value: Any) -> Any:
    return None if value == "" else value


def _summary(wb: Any, result: AppraisalResult, policy: Policy) -> None:
    from openpyxl.styles import Alignment

    ws = wb.create_sheet(SUMMARY_SHEET)
    total = len(result.people)
    rows = [
        [grade, count, round_to(Decimal(count) / total, 4, policy.rounding) if total else Decimal(0)]
        for grade, count in result.grades.items()
    ]
    rows.append(["合计", total, Decimal(1) if total else Decimal(0)])
    header_row = write_title(ws, f"{policy.title}　考评等次分布", 3)
    last = write_table(ws, ["等次", "人数", "占比"], rows, start_row=header_row, number_formats={3: "0.0%"}, bold_last=True)
    ws.auto_filter.ref = None
    facts = [
        ("参评人数", total),
        ("测评票", result.ballots_read),
        ("有效票（计入）", result.ballots_counted),
        ("剔除的可疑票", result.ballots_excluded),
        ("汇总方法", _method(policy)),
        ("小数保留", _rounding_note(policy)),
        ("责任扣分", accountability_line(result.indicators, result.warnings)),
    ]
    if result.quota_allowed is not None:
        over = [p for p in result.people if p.over_quota]
        share = result.quota_pools[0].share if result.quota_pools else policy.staff.excellent_quota
        facts.append(("优秀比例上限", f"{_percent(share)}，最多 {result.quota_allowed} 人"))
        if policy.staff.quota_pools:
            for pool in result.quota_pools:
                facts.append((f"{policy.staff.quota_pools}“{pool.name}”", f"{pool.base} 人，优秀名额 {pool.allowed} 人，评为优秀 {len(pool.excellent)} 人"))
        if over:
            facts.append(("超出优秀比例（待单位研究决定）", "、".join(f"{p.name}（{p.final}）" for p in over)))
        tied = [p for p in result.people if p.quota_tie]
        if tied:
            facts.append(("优秀名额边界同分", "、".join(f"{p.name}（{p.final}）" for p in tied)))
    start = last + 2
    wrap = Alignment(vertical="center", wrap_text=True)
    for i, (label, value) in enumerate(facts):
        set_cell(ws, start + i, 1, label).font = font(bold=True)
        set_cell(ws, start + i, 2, value).font = font()
        ws.merge_cells(start_row=start + i, start_column=2, end_row=start + i, end_column=3)
        for c in (1, 2, 3):
            ws.cell(row=start + i, column=c).border = BOX()
            ws.cell(row=start + i, column=c).alignment = wrap
        lines = -(-len(str(value)) // 24) or 1  # a merged cell does not grow: its height is set
        ws.row_dimensions[start + i].height = 15 * lines
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = ws.column_dimensions["C"].width = 26
    add_bar_chart(ws, "等次分布（人）", label_col=1, value_col=2, first_row=header_row + 1, last_row=last - 1,
                  anchor=f"A{start + len(facts) + 1}", axis="people", most=max(result.grades.values(), default=0))
    fit_a4(ws, header_row=header_row, landscape=False)


def _method(policy: Policy) -> str:
    staff = policy.staff
    method = "平均分" if staff.aggregate == "mean" else f"去掉一个最高分和一个最低分后平均（{staff.trim_min_ballots} 票及以上）"
    if staff.rater_weights:
        weights = "、".join(f"{g} {_percent(w)}" for g, w in staff.rater_weights.items())
        method = f"各类测评人分别{method}，再按权重 {weights} 加权"
    return method


def _percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    text_ = f"{value * 100:f}"
    return (text_.rstrip("0").rstrip(".") if "." in text_ else text_) + "%"


def _analysis(wb: Any, result: AppraisalResult, policy: Policy) -> None:
    ws = wb.create_sheet(ANALYSIS_SHEET)
    rows = [
        [FINDING_KINDS.get(p.code, str(p.code)), p.where, p.message("zh")]
        for p in result.findings
    ]
    if not rows:
        rows = [["未发现问题", "", "测评票中没有空白票、同分、自评或重复打分的情况"]]
    header_row = write_title(ws, f"{policy.title}　测评分析", 3)
    write_table(ws, ["类型", "位置", "说明"], rows, start_row=header_row, max_width=60)
    fit_a4(ws, header_row=header_row)


def _charges(wb: Any, result: AppraisalResult, policy: Policy, number: str) -> None:
    ws = wb.create_sheet(CHARGES_SHEET)
    rows = [
        [c.person, ROLES.get(c.role, c.role), c.id_cell, c.indicator, c.lost, c.deduction, f"{c.sheet}!{c.cell}"]
        for c in result.charges
    ]
    headers = ["姓名", "责任类型", "序号", "指标名称", "失分", "扣分", "位置"]
    header_row = write_title(ws, f"{policy.title}　责任扣分", len(headers))
    write_table(ws, headers, rows, start_row=header_row, number_formats={5: number, 6: number})
    fit_a4(ws, header_row=header_row)


def _notes(result: AppraisalResult, ratings: Ratings, policy: Policy) -> list[tuple[str, str]]:
    notes = [
        ("内容", "干部职工年度绩效民主测评结果（jxkh appraise）"),
        ("测评表", _ballot_sources(ratings)),
        ("汇总方法", _method(policy)),
        ("小数保留", _rounding_note(policy)),
        ("责任扣分", accountability_line(result.indicators, result.warnings)),
        ("违纪违法", "人员表中违纪违法为“是”的，无论得分均评为不合格"),
        *_rule_notes(result, policy),
    ]
    if ratings.roster is not None:
        notes.insert(2, ("人员表", f"工作表“{ratings.roster.sheet}”，{len(ratings.roster.entries)} 人"))
    return notes


def _rounding_note(policy: Policy) -> str:
    """Why the shown averages need not add up to the shown rating (the 86.65 / 86.67 question)."""
    names = "、".join(policy.staff.dimensions)
    gap = rounding_gap(len(policy.staff.dimensions), policy.precision, policy.rounding)
    return (f"{names}各项平均分与测评得分都由精确值分别保留 {policy.precision} 位小数，"
            f"各项显示值之和与测评得分最多相差 {gap} 分；jxkh explain 姓名 列出精确值")


PRIOR_RULES = {"display": "仅显示，不影响等次", "cap": "限制本年度最高等次（prior.caps）", "points": "按上年度等次加减分（prior.points）"}
QUOTA_MODES = {"list": "只列出超出名单，由单位研究决定", "apply": "按最终得分依次确定，边界同分按人员表“优秀确认”"}
QUOTA_BASES = {"all": "应参加考核人数", "graded": "确定等次人数（不含不定等次、暂缓）"}
QUOTA_ROUNDING = {"floor": "向下取整", "round": "四舍五入", "ceil": "向上取整", "at_least_one": "向下取整但至少 1 人"}


def _rule_notes(result: AppraisalResult, policy: Policy) -> list[tuple[str, str]]:
    """The grading rules used, and every person a rule regraded (the 说明 sheet)."""
    staff = policy.staff
    notes = [("上年度考核等次", PRIOR_RULES[policy.prior.rule])]
    if result.quota_allowed is not None:
        pools = f"，按“{staff.quota_pools}”分别计算、不得调剂" if staff.quota_pools else ""
        level = f"（单位年度等次 {result.level}）" if result.quota_source and "by_level" in result.quota_source else ""
        share = result.quota_pools[0].share if result.quota_pools else staff.excellent_quota
        notes.append(("优秀比例", f"{_percent(share)}{level}，基数为{QUOTA_BASES[staff.quota_base]}，"
                                  f"{QUOTA_ROUNDING[staff.quota_rounding]}{pools}；{QUOTA_MODES[staff.quota]}"))
    if result.year is not None:
        notes.append(("考核年度", f"{result.year}（处分年度、入职日期据此判断）"))
    for person in result.people:
        if person.ruled_by is not None:
            notes.append((f"等次调整：{person.name}", rule_text(person) or ""))
    return notes


def _excellent_notice(wb: Any, result: AppraisalResult, policy: Policy, number: str) -> None:
    """The 优秀 candidates, to post for at least 5 working days (人社部发〔2023〕6号 §17)."""
    from openpyxl.styles import Alignment

    ws = wb.create_sheet(NOTICE_SHEET)
    top = policy.staff.top_grade
    chosen = [p for p in result.people if p.grade == top]
    set_cell(ws, 1, 1, f"{policy.title}{top}等次人选公示").font = font(size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    rows = [[i, p.department, p.name, p.final] for i, p in enumerate(chosen, start=1)]
    last = write_table(ws, ["序号", "科室", "姓名", "最终得分"], rows, number_formats={4: number}, start_row=3)
    footer = [
        f"经民主测评和单位研究，拟确定以上 {len(chosen)} 名同志为{top}等次人选，现予公示。",
        "公示期：      年    月    日 至      年    月    日（不少于5个工作日）",
        f"公示期间如有异议，请向{policy.notice.office}反映。",
    ]
    for i, line in enumerate(footer, start=last + 2):
        set_cell(ws, i, 1, line).font = font()
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=4)
    fit_a4(ws, landscape=False, header_row=3)


def _ballot_sources(ratings: Ratings) -> str:
    """Where the ballots were read: one sheet, a workbook's sheets (one per rater), a folder's files."""
    sources = ratings.ballots.sources
    files = list(dict.fromkeys(Path(s.file) for s in sources))
    if len(files) > 1:
        return f"文件夹 {files[0].parent.name} 中的 {len(files)} 个文件（{files[0].name} … {files[-1].name}）"
    if len(sources) > 1:
        return f"{files[0].name} 的 {len(sources)} 张工作表（{sources[0].sheet} … {sources[-1].sheet}）"
    return f"{Path(ratings.ballots.file).name} 工作表“{ratings.ballots.sheet}”"
