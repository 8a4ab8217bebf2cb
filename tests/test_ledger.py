"""`jxkh ledger`: the 目标工作台账 summed up, worked by hand over office-style workbooks (year_fixtures)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxkh.cli import app
from jxkh.ledger import Entry
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError
from jxkh.rules.ledger import Track, analyse
from jxkh.year import ledger_file
from helpers import read_back
from year_fixtures import LEDGER_MONTHS, complete_plan, ledger_workbook

D = Decimal


@pytest.fixture
def year(tmp_path):
    return complete_plan(tmp_path / "indicators.xlsx"), ledger_workbook(tmp_path / "台账.xlsx")


def names(items):
    return [getattr(i, "track", i).name for i in items]


def test_june_behind_overdue_missing_and_open_issues(year, tmp_path):
    plan, ledger = year
    result = ledger_file(ledger, Policy(), indicators_path=plan, output=tmp_path / "汇总.xlsx")
    assert result.month == 6 and result.elapsed == D("0.5") and result.months == [1, 2, 3, 4, 5, 6]
    # 商会建设: 35% (May, carried) < 50% − 10%; 会员发展's 40% is exactly the threshold: not behind.
    assert [(f.track.name, f.progress, f.expected, f.gap) for f in result.behind] == [
        ("商会建设", D("0.35"), D("0.5"), D("0.15"))
    ]
    # 政务信息's 完成时限 is 2015-06-30 and it is at 90%.
    assert [(f.track.name, f.progress, f.track.deadline) for f in result.overdue] == [("政务信息", D("0.9"), 6)]
    assert names(result.missing) == ["商会建设"]
    # 党建工作's “无” is no issue; 商会建设's May issue is not this month's.
    assert [(t.name, e.issues) for t, e in result.issues] == [("会员发展", "新会员审核进度慢")]
    # 科室: weighted by 分值. 办公室 (200×50% + 100×90%)/300; 会员部 (150×40% + 150×35%)/300.
    assert result.departments["办公室"][6] == D("0.6333")
    assert result.departments["会员部"][6] == D("0.375")
    assert result.departments["会员部"][4] == D("0.05")  # (150×10% + 150×0)/300
    # The 填表说明 sheet is named, not skipped silently.
    assert [(w.code, w.sheet) for w in result.warnings if w.code == "sheet-not-read"] == [("sheet-not-read", "填表说明")]


def test_may_flags_progress_below_the_threshold(year):
    plan, ledger = year
    result = ledger_file(ledger, Policy(), month=5, indicators_path=plan, write=False)
    # 5/12 − 10% = 31.67%: 会员发展's 30% is behind, 商会建设's 35% is not; no deadline has come.
    assert [(f.track.name, f.gap) for f in result.behind] == [("会员发展", D("0.1167"))]
    assert result.overdue == [] and result.missing == []
    assert [(t.name, e.issues) for t, e in result.issues] == [("商会建设", "筹备经费不足")]


def test_tolerance_is_policy_and_the_boundary_is_pinned(year):
    plan, ledger = year
    strict = policy_from_dict({"ledger": {"tolerance": 0.0999}})
    result = ledger_file(ledger, strict, month=6, indicators_path=plan, write=False)
    # threshold 40.01%: 会员发展's 40% is now behind too
    assert names(result.behind) == ["会员发展", "商会建设"]


def test_summary_workbook(year, tmp_path):
    plan, ledger = year
    result = ledger_file(ledger, Policy(), indicators_path=plan, output=tmp_path / "台账汇总.xlsx")
    wb = openpyxl.load_workbook(result.output)
    assert wb.sheetnames == ["进度矩阵", "科室进度", "进度滞后", "逾期未完成", "本月未填报", "存在问题", "台账明细", "说明"]
    # each sheet under its title (unit, year, month, sheet), the table from its header down
    assert wb["进度矩阵"]["A1"].value == "本单位2015年度绩效管理　6月目标工作台账　进度矩阵"
    matrix = read_back(result.output, "进度矩阵")
    assert matrix[0] == ["序号", "指标名称", "责任科室", "分值", "完成时限", "1月", "2月", "3月", "4月", "5月", "6月", "状态（6月）"]
    assert matrix[1] == ["1", "党建工作", "办公室", 200, "12月", None, None, None, 0.2, 0.4, 0.5, "正常"]
    assert matrix[2][-1] == "逾期未完成" and matrix[4][-1] == "进度滞后"
    assert len(matrix) == 5  # the 加分项 is tracked only once reported
    departments = read_back(result.output, "科室进度")
    assert departments[1][0] == "办公室" and departments[1][-1] == pytest.approx(0.6333)
    assert departments[3][0] == "时间进度" and departments[3][-1] == 0.5
    assert len(wb["科室进度"]._charts) == 1
    assert len(read_back(result.output, "台账明细")) == 1 + 9  # every row read


def test_without_an_indicators_workbook_the_ledger_alone(tmp_path, runner, monkeypatch):
    ledger_workbook(tmp_path / "台账.xlsx")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ledger", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["indicators_file"] is None and data["month"] == 6
    assert [i["name"] for i in data["behind"]] == ["商会建设"] and data["overdue"] == []
    # 科室 from the ledger; each indicator weighs the same: (50 + 90)/2, (40 + 35)/2
    assert data["departments"]["办公室"]["6"] == 70 and data["departments"]["会员部"]["6"] == 37.5


def test_terminal_summary_and_json_equal_the_library(year, runner, in_tmp):
    plan, ledger = year
    args = ["ledger", str(ledger), "--indicators", str(plan), "-o", "out.xlsx"]
    shown = runner.invoke(app, args)
    assert shown.exit_code == 0, shown.output
    for line in ["目标工作台账 6 月：时间进度 50.00%，容差 10.00%", "进度滞后 1 项", "4 商会建设", "逾期未完成 1 项",
                 "6 月未填报 1 项", "存在问题 1 条", "新会员审核进度慢", "已生成：out.xlsx"]:
        assert line in shown.stdout, line
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    library = ledger_file(ledger, Policy(), indicators_path=plan, write=False).to_json()
    assert data["behind"] == json.loads(json.dumps(library["behind"], default=float))
    assert data["behind"][0] == {"id": "4", "name": "商会建设", "department": "会员部", "progress": 35, "expected": 50,
                                 "gap": 15}


def test_every_bad_row_at_its_cell_and_nothing_written(tmp_path):
    plan = complete_plan(tmp_path / "indicators.xlsx")
    months = {k: [list(r) for r in v] for k, v in LEDGER_MONTHS.items()}
    months["6月"].append([9, "招商引资", "经济部", "对接", "1个", "10%", None, None, None, "谢文斌"])  # not in the plan
    months["6月"].append([1, "党建工作", "办公室", "又一行", "", "55%", None, None, None, "黄晓岚"])  # twice in June
    months["6月"][1][5] = "120%"
    months["4月"][1][0] = 4  # 序号 4 is 商会建设, the name says 会员发展
    ledger = ledger_workbook(tmp_path / "台账.xlsx", months)
    with pytest.raises(DataError) as caught:
        ledger_file(ledger, Policy(), indicators_path=plan, output=tmp_path / "x.xlsx")
    assert [(p.code, p.sheet, p.cell) for p in caught.value.problems.errors] == [
        ("progress-invalid", "6月", "F5"),
        ("ledger-indicator-mismatch", "4月", "A5"),
        ("ledger-indicator-unknown", "6月", "B7"),
        ("ledger-entry-repeated", "6月", "B8"),
    ]
    assert not (tmp_path / "x.xlsx").exists()


def test_one_sheet_for_the_year_with_month_column_and_bad_month(tmp_path):
    from helpers import make_xlsx

    header = ["月份", "序号", "指标", "进度（%）", "存在问题"]
    book = make_xlsx(tmp_path / "台账.xlsx", {"台账": [
        ["2015年目标工作台账"], header,
        ["2015年5月", 1, "党建工作", "40%", None],
        [None, 2, "政务信息", "60%", None],
        ["6月", 1, "党建工作", "50%", None],
        ["十三月", 2, "政务信息", "90%", None],
    ]}, merges={"台账": ["A3:A4"]})
    with pytest.raises(DataError) as caught:
        ledger_file(book, Policy(), write=False)
    assert [(p.code, p.cell, p.value) for p in caught.value.problems.errors] == [("month-invalid", "A6", "十三月")]


def test_month_option_out_of_range_is_usage(year, runner, in_tmp):
    plan, ledger = year
    result = runner.invoke(app, ["ledger", str(ledger), "--month", "13"])
    assert result.exit_code == 2 and "month-invalid" in result.output


def test_as_a_subprocess(year, tmp_path):
    plan, ledger = year
    run = subprocess.run([sys.executable, "-m", "jxkh", "ledger", str(ledger), "--indicators", str(plan), "--month", "5",
                          "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert [i["name"] for i in json.loads(run.stdout)["behind"]] == ["会员发展"]
    assert (tmp_path / "台账汇总.xlsx").exists()


def test_a_filled_in_ledger_template_reads(tmp_path):
    from jxkh.templates import ledger_template

    wb = ledger_template()
    ws = wb["台账"]
    assert [c.value for c in ws[3]] == ["月份", "责任科室", "类别", "序号", "指标名称", "本月计划", "完成情况", "进度（%）",
                                        "存在问题", "下月计划", "佐证材料", "填报人"]
    ws.append([5, "办公室", "规定指标", 1, "党建工作", "党课", "已讲", 30, "无", None, None, "黄晓岚"])
    ws.append([6, "办公室", None, 1, "党建工作", None, None, "45%"])
    ws.append([6, "会员部", None, 3, "会员发展", None, None, 35])
    wb.save(tmp_path / "台账.xlsx")
    result = ledger_file(tmp_path / "台账.xlsx", Policy(), write=False)
    assert result.month == 6 and names(result.behind) == ["会员发展"]
    assert {t.name: {m: e.progress for m, e in t.entries.items()} for t in result.tracks} == {
        "党建工作": {5: D("0.3"), 6: D("0.45")}, "会员发展": {6: D("0.35")}}


# --- what always holds ------------------------------------------------------------------------

percent = st.integers(min_value=0, max_value=100)


@settings(max_examples=200, deadline=None)
@given(
    month=st.integers(min_value=1, max_value=12),
    tolerance=st.integers(min_value=0, max_value=30),
    plan=st.lists(st.tuples(st.dictionaries(st.integers(1, 12), percent, max_size=12), st.none() | st.integers(1, 12),
                            st.integers(1, 200)), min_size=1, max_size=6),
)
def test_every_indicator_is_flagged_exactly_by_the_rule(month, tolerance, plan):
    tracks = []
    for n, (progress, deadline, points) in enumerate(plan):
        track = Track(str(n), f"指标{n}", "科室甲" if n % 2 else "科室乙", D(points), deadline)
        for m, p in progress.items():
            track.entries[m] = Entry("f", "s", n, m, str(n), track.name, track.department, D(p) / 100)
        tracks.append(track)
    result = analyse(tracks, month, D(tolerance) / 100)
    for track in tracks:
        latest = max((m for m in track.entries if m <= month), default=None)
        progress = track.entries[latest].progress if latest else D(0)
        overdue = track.deadline is not None and track.deadline <= month and progress < 1
        behind = not overdue and Fraction(progress) < Fraction(month, 12) - Fraction(tolerance, 100)
        assert (track in [f.track for f in result.overdue]) == overdue
        assert (track in [f.track for f in result.behind]) == behind
        assert (track in result.missing) == (month not in track.entries)
    for department, by_month in result.departments.items():
        members = [t for t in tracks if t.department == department]
        for m, value in by_month.items():
            values = [t.progress_at(m) or D(0) for t in members]
            assert min(values) - D("0.0001") <= value <= max(values) + D("0.0001")


# --- 规定指标 and 自选指标 on two sheets, each numbered from 1 --------------------------------------

# 规定指标!1 党建工作, !2 政务信息; 自选指标!1 会员发展, !2 商会建设: 序号 1 and 2 each name two indicators.
TWO_SHEET_PLAN = {
    "规定指标": [["规定指标"], ["序号", "指标名称", "分值", "责任科室", "责任人", "责任领导", "完成时限"],
                 [1, "党建工作", 200, "办公室", "黄晓岚", "苏明德", "年底"], [2, "政务信息", 100, "办公室", "吴建平", "苏明德", "年底"]],
    "自选指标": [["自选指标"], ["序号", "指标名称", "分值", "责任科室", "责任人", "责任领导", "完成时限"],
                 [1, "会员发展", 150, "会员部", "郭思琪", "何静远", "年底"], [2, "商会建设", 150, "会员部", "罗家俊", "何静远", "年底"]],
}
TWO_SHEET_HEADER = ["月份", "类别", "序号", "指标名称", "进度（%）"]


def _two_sheet(tmp_path, rows):
    from helpers import make_xlsx

    plan = make_xlsx(tmp_path / "indicators.xlsx", TWO_SHEET_PLAN)
    return plan, make_xlsx(tmp_path / "台账.xlsx", {"台账": [TWO_SHEET_HEADER, *rows]})


def test_a_number_both_sheets_use_is_told_apart_by_name_or_category(tmp_path):
    plan, ledger = _two_sheet(tmp_path, [
        [6, None, 1, "党建工作", "50%"],       # 序号 and name agree: 规定指标 1
        [6, "自选指标", 1, None, "40%"],       # 序号 with its 类别: 会员发展
        [6, "规定", 2, None, "30%"],           # 类别 spelt short: 政务信息
        [6, None, 2, "商会建设", "20%"],       # 自选指标 2 (once a false mismatch: 序号 2 was 政务信息 only)
    ])
    result = ledger_file(ledger, Policy(), indicators_path=plan, write=False)
    assert {(t.key, t.name): t.entries[6].progress for t in result.tracks} == {
        (("规定指标", 3), "党建工作"): D("0.5"), (("规定指标", 4), "政务信息"): D("0.3"),
        (("自选指标", 3), "会员发展"): D("0.4"), (("自选指标", 4), "商会建设"): D("0.2"),
    }


def test_a_number_alone_that_both_sheets_use_is_an_error_naming_both(tmp_path):
    plan, ledger = _two_sheet(tmp_path, [
        [6, None, 1, None, "50%"],             # 序号 1 alone: 党建工作 or 会员发展?
        [6, None, 1, "政务信息", "30%"],       # 政务信息 is 序号 2: neither 1
        [6, "加分", 2, None, "30%"],           # no 加分项 numbered 2
        [6, "其他", 2, None, "30%"],           # not a 类别
    ])
    with pytest.raises(DataError) as caught:
        ledger_file(ledger, Policy(), indicators_path=plan, write=False)
    assert [(p.code, p.sheet, p.cell, p.value) for p in caught.value.problems.errors] == [
        ("category-unknown", "台账", "B5", "其他"),
        ("ledger-indicator-ambiguous", "台账", "C2", "1"),
        ("ledger-indicator-mismatch", "台账", "C3", "政务信息"),
        ("ledger-indicator-unknown", "台账", "C4", "2"),
    ]
    ambiguous = caught.value.problems.errors[1]
    assert ambiguous.message("zh") == ("“1”在指标表中对应 2 项指标（规定指标 1 党建工作、自选指标 1 会员发展），无法确定是哪一项："
                                       "请填写指标名称，或添加“类别”列注明 规定指标/自选指标")
    assert caught.value.problems.errors[2].params["expected"] == "党建工作”或“会员发展"


def test_the_city_office_sheet_is_matched_the_same_way(tmp_path):
    from helpers import make_xlsx

    from jxkh.assessed import read_assessed
    from jxkh.plan import load_plan
    from jxkh.problems import Problems

    plan, _ = _two_sheet(tmp_path, [])
    indicators = load_plan(plan, Policy()).indicators
    returned = make_xlsx(tmp_path / "核定.xlsx", {"反馈": [
        ["类别", "序号", "考核指标", "核定得分"],
        ["规定指标", 1, None, 190], ["规定指标", 2, None, 80], [None, 1, "会员发展", 150], [None, 2, None, 140],
    ]})
    problems = Problems()
    scores = read_assessed(returned, indicators, Policy(), problems)
    assert {key: a.score for key, a in scores.items()} == {
        ("规定指标", 3): D(190), ("规定指标", 4): D(80), ("自选指标", 3): D(150)}
    assert [(p.code, p.cell) for p in problems.errors] == [("ledger-indicator-ambiguous", "B5")]
