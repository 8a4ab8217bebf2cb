"""改进 analysis (附件1 二.5) from ONE indicators workbook that carries both the unit's 自评 columns
and the city office's 核定 ones, as a unit keeps the returned 考核表: `jxkh score` and `jxkh
report` list where the 核定 is below the 自评 by indicator, 科室 and category, and write the
整改措施 sheet, with no --assessed.

By hand (the 核定 values are the ones scored; 会员发展 gives a 自评等次 only: 良好 at the band
default, 90% of 150 = 135):

| 指标 | 科室 | 类别 | 分值 | 自评 | 核定 | 失分 |
|---|---|---|---|---|---|---|
| 党建工作 | 办公室 | 规定指标 | 200 | 好 200 | 好 200 | — |
| 政务信息 | 办公室 | 规定指标 | 100 | 好 100 | 良好 90 | 10 |
| 会员发展 | 会员部 | 自选指标 | 150 | 良好 (135) | 良好 120 | 15 |
| 商会建设 | 会员部 | 自选指标 | 135 | 良好 121.5 | 一般 81 | 40.5 |
| 招商引资 | 经济部 | 自选指标 | 15 | 差 0 | 差 0 | — |

自评 556.5, 核定 491, 65.5 below, largest first: 商会建设, 会员发展, 政务信息; 会员部 55.5,
办公室 10; 自选指标 55.5, 规定指标 10. The total scored is the 核定 one: 491 of 600 = 81.83% → 良好.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import openpyxl
from helpers import make_xlsx, read_back

from jxkh.cli import app
from jxkh.cycle import score_file
from jxkh.policy import Policy
from jxkh.year import report_file

HEADER = ["序号", "类别", "指标名称", "分值", "责任科室", "责任人", "自评等次", "自评得分", "核定等次", "核定得分", "扣分原因"]
ROWS = [
    [1, "规定指标", "党建工作", 200, "办公室", "黄晓岚", "好", 200, "好", 200, None],
    [2, "规定指标", "政务信息", 100, "办公室", "吴建平", "好", 100, "良好", 90, "采用数偏少"],
    [3, "自选指标", "会员发展", 150, "会员部", "郭思琪", "良好", None, "良好", 120, None],
    [4, "自选指标", "商会建设", 135, "会员部", "罗家俊", "良好", 121.5, "一般", 81, "新建商会2个"],
    [5, "自选指标", "招商引资", 15, "经济部", "谢文斌", "差", 0, "差", 0, "未引进项目"],
]
SHORTFALLS = [  # (指标, 失分, 原因, 责任人): the 整改措施 rows
    ("商会建设", 40.5, "新建商会2个", "罗家俊"), ("会员发展", 15, None, "郭思琪"), ("政务信息", 10, "采用数偏少", "吴建平")]


def book(path):
    """The returned 考核表 as the office keeps it: title, 填报 line, header, rows, 合计, footer."""
    return make_xlsx(path, {"考核结果": [
        ["青溪市工商联2015年度绩效考核结果（含自评）"], ["填报单位：青溪市工商联", None, None, None, None, None, "日期：2016年3月"],
        HEADER, *[list(r) for r in ROWS], ["合计", None, None, 600, None, None, None, 556.5, None, 491],
        ["填表人：黄晓岚"],
    ]}, merges={"考核结果": ["A1:K1"]})


def test_score_lists_the_shortfalls_and_adds_the_sheets(tmp_path):
    result = score_file(book(tmp_path / "考核表.xlsx"), Policy(), output=tmp_path / "out.xlsx")
    assert (result.total, result.level) == (D("491.00"), "良好")
    improvement = result.improvement.to_json()
    assert [(s["name"], s["self_score"], s["assessed_score"], s["gap"]) for s in improvement["shortfalls"]] == [
        ("商会建设", D("121.50"), D("81.00"), D("40.50")), ("会员发展", D("135.00"), D("120.00"), D("15.00")),
        ("政务信息", D("100.00"), D("90.00"), D("10.00"))]
    assert (improvement["self_total"], improvement["assessed_total"], improvement["gap"]) == (D("556.50"), D("491.00"), D("65.50"))
    assert improvement["departments"] == {"会员部": D("55.50"), "办公室": D("10.00")}
    assert improvement["categories"] == {"自选指标": D("55.50"), "规定指标": D("10.00")}
    wb = openpyxl.load_workbook(result.output)
    assert wb.sheetnames == ["指标", "汇总", "责任追究", "整改措施", "改进分析", "说明"]
    measures = read_back(result.output, "整改措施")[1:]  # under its title row, from the header down
    assert [(r[0], r[1], r[2], r[4]) for r in measures] == SHORTFALLS
    assert [r[3] for r in measures] == [None, None, None] and [r[5] for r in measures] == [None, None, None]  # to fill


def test_score_cli_prints_them(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book(tmp_path / "indicators.xlsx")
    shown = runner.invoke(app, ["score"])
    assert shown.exit_code == 0, shown.output
    for line in ["单位总分 491.00 / 600（81.83%），年度等次：良好", "市绩效办核定低于自评 3 项，合计少 65.50 分",
                 "责任科室：会员部 55.50，办公室 10.00", "类别：自选指标 55.50，规定指标 10.00"]:
        assert line in shown.stdout, line
    data = json.loads(runner.invoke(app, ["score", "--json", "-o", "b.xlsx"]).stdout)
    assert [s["gap"] for s in data["improvement"]["shortfalls"]] == [40.5, 15, 10]


def test_report_writes_the_measures_without_assessed(tmp_path):
    result = report_file(book(tmp_path / "indicators.xlsx"), Policy(), output=tmp_path / "自评报告.docx")
    assert result.assessed is None and result.measures == tmp_path / "整改措施.xlsx"
    assert [s.indicator.name for s in result.improvement.shortfalls] == ["商会建设", "会员发展", "政务信息"]
    rows = read_back(result.measures, "整改措施")
    assert rows[0] == ["指标", "失分", "原因", "整改措施", "责任人", "完成时限"]
    assert [(r[0], r[1], r[2], r[4]) for r in rows[1:]] == SHORTFALLS
    import docx

    text = [p.text for p in docx.Document(result.output).paragraphs]
    assert any(t.startswith("市绩效办核定 3 项指标低于自评，合计少 65.50 分（比较的指标自评 556.50 分，核定 491.00 分）") for t in text)
    # The totals counted are the office's: said so, and each indicator shows both sides.
    assert any("按表中核定（考核）结果，单位总分 491.00 分" in t for t in text)
    start = text.index("4．商会建设")
    section = text[start:text.index("5．招商引资")]
    assert "自评等次与得分：良好，121.50 分" in section and "核定等次与得分：一般，81.00 分" in section
    assert "自评等次与得分：良好，135.00 分" in text  # 会员发展: the 自评等次 at the band default
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(result.output).tables]
    assert tables[0][0][3] == "核定得分" and tables[-1][0][4:6] == ["核定等次", "核定得分"]


def test_a_workbook_with_only_one_side_has_no_analysis(tmp_path):
    only_self = [[r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]] for r in ROWS]
    path = make_xlsx(tmp_path / "自评.xlsx", {"指标": [HEADER[:8], *only_self]})
    assert score_file(path, Policy(), write=False).improvement is None  # 自评 scored: nothing to compare
    only_assessed = [[*r[:6], r[8], r[9], r[10]] for r in ROWS]
    path = make_xlsx(tmp_path / "核定.xlsx", {"指标": [[*HEADER[:6], *HEADER[8:]], *only_assessed]})
    assert score_file(path, Policy(), write=False).improvement is None
    result = report_file(path, Policy(), output=tmp_path / "r.docx")
    assert result.measures is None and not (tmp_path / "整改措施.xlsx").exists()
