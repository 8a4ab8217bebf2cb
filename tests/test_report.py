"""`jxkh report`: the 自评报告.docx and the 改进 analysis, worked by hand (year_fixtures)."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from helpers import lo_convert, read_back, soffice
from jxkh.cli import app
from jxkh.policy import Policy
from jxkh.problems import DataError
from jxkh.year import report_file
from year_fixtures import ASSESSED_ROWS, assessed_workbook, ledger_workbook, scored_workbook, two_sheet_scored_workbook

D = Decimal
NAMES = ["党建工作", "政务信息", "会员发展", "商会建设", "省级表彰"]


@pytest.fixture
def unit(tmp_path):
    return scored_workbook(tmp_path / "indicators.xlsx"), ledger_workbook(tmp_path / "台账.xlsx"), \
        assessed_workbook(tmp_path / "反馈.xlsx")


def paragraphs(document):
    return [p.text for p in document.paragraphs]


def test_the_document(unit, tmp_path):
    indicators, ledger, _ = unit
    result = report_file(indicators, Policy(), ledger_path=ledger, output=tmp_path / "自评报告.docx")
    document = docx.Document(result.output)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "一、总体情况"),
        ("Heading 1", "二、各项指标完成情况"),
        *[("Heading 2", f"{n}．{name}") for n, name in enumerate(NAMES, start=1)],
        ("Heading 1", "三、存在问题与整改措施"),
        ("Heading 2", "自评失分指标"),
        ("Heading 1", "附录　指标自评汇总表"),
    ]
    text = paragraphs(document)
    assert text[0] == "本单位2015年度绩效管理自评报告"  # the built-in title names no real unit
    assert any("单位总分 535.00 分（满分 600 分，得分率 89.17%），年度等次为“良好”。" in t for t in text)
    # each indicator: what was done (its own 完成情况说明, else the ledger's), grade and score, reason, evidence
    assert "完成情况：全年开展主题党日12次" in text
    assert "完成情况：5月：采用6篇；6月：采用11篇" in text  # 政务信息 from the ledger
    assert "自评等次与得分：一般，105.00 分" in text
    assert "扣分原因：失分 45.00 分。新建商会2个" in text
    start = text.index("1．党建工作")
    evidence = text[text.index("佐证材料：", start) + 1: text.index("2．政务信息")]
    assert evidence == ["党建计划", "会议记录", "党建计划.doc"]  # the ledger's April evidence added
    # tables: by category, by 科室, the lost points, the appendix
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    assert tables[0][-1] == ["单位总分", "5", "600", "535.00", "89.17%"]
    assert tables[1][1:] == [["办公室", "2", "300", "290.00", "96.67%"], ["会员部", "2", "300", "240.00", "80.00%"]]
    assert [r[0] for r in tables[2][1:]] == ["政务信息", "会员发展", "商会建设"]
    assert tables[-1][-1] == ["", "合计", "", "600", "良好", "535.00", ""]
    assert [r[2] for r in tables[-1][1:-1]] == NAMES
    # A4, Chinese fonts as East Asian fonts, a table of contents field
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert 'TOC \\o "1-2"' in document.element.xml


def test_two_sheets_whose_rows_coincide_keep_each_indicator_its_own(unit, tmp_path):
    """规定指标!4 and 自选指标!4 are two indicators: the 完成情况, 佐证材料, the ledger's months and the
    office's verdict each land on their own (they were once filed by row alone)."""
    _, ledger, assessed = unit
    indicators = two_sheet_scored_workbook(tmp_path / "两表.xlsx")
    result = report_file(indicators, Policy(), ledger_path=ledger, assessed_path=assessed, write=False)
    by_name = {r.indicator.name: r.indicator for r in result.score.rows}
    assert [by_name[n].key for n in NAMES] == [("规定指标", 4), ("规定指标", 5), ("自选指标", 4), ("自选指标", 5), ("自选指标", 6)]
    assert [result.done[by_name[n].key] for n in NAMES] == [
        "全年开展主题党日12次", "5月：采用6篇；6月：采用11篇", "新发展会员108家", "新建乡镇商会2个", "获评全省先进集体",
    ]
    assert [result.evidence[by_name[n].key] for n in NAMES] == [
        ["党建计划", "会议记录", "党建计划.doc"], ["采用通知"], ["会员名册"], [], ["表彰文件"],
    ]
    improvement = result.improvement
    assert [(s.indicator.name, s.self_score, s.assessed_score) for s in improvement.shortfalls] == [
        ("商会建设", D(105), D(90)), ("政务信息", D(90), D(80)),
    ]
    assert (improvement.self_total, improvement.assessed_total, improvement.gap) == (D(535), D(510), D(25))


def test_assessed_below_self_by_indicator_department_and_category(unit, tmp_path):
    indicators, ledger, assessed = unit
    result = report_file(indicators, Policy(), ledger_path=ledger, assessed_path=assessed,
                         output=tmp_path / "自评报告.docx")
    improvement = result.improvement
    assert [(s.indicator.name, s.self_score, s.assessed_score, s.gap, s.reason) for s in improvement.shortfalls] == [
        ("商会建设", D(105), D(90), D(15), "新建商会2个"),  # no reason from the office: the unit's own
        ("政务信息", D(90), D(80), D(10), "信息质量不高，采用数偏少"),
    ]
    assert improvement.by_department == {"会员部": D(15), "办公室": D(10)}
    assert improvement.by_category == {"自选指标": D(15), "规定指标": D(10)}
    assert (improvement.self_total, improvement.assessed_total, improvement.gap) == (D(535), D(510), D(25))
    text = paragraphs(docx.Document(result.output))
    assert "市绩效办核定低于自评的指标" in text
    assert any(t.startswith("市绩效办核定 2 项指标低于自评，合计少 25.00 分") for t in text)
    wb = openpyxl.load_workbook(result.measures)
    assert result.measures.name == "整改措施.xlsx"
    assert wb["整改措施"]["A1"].value == "本单位2015年度绩效管理　整改措施"
    assert read_back(result.measures, "整改措施") == [
        ["指标", "失分", "原因", "整改措施", "责任人", "完成时限"],
        ["商会建设", 15, "新建商会2个", None, "罗家俊", None],
        ["政务信息", 10, "信息质量不高，采用数偏少", None, "吴建平", None],
    ]
    assert wb.sheetnames == ["整改措施", "改进分析", "说明"]


def test_assessed_row_for_an_unknown_indicator_is_an_error(unit, tmp_path):
    indicators, ledger, _ = unit
    rows = [list(r) for r in ASSESSED_ROWS]
    rows[2][1] = "会员服务"  # 序号 3 is 会员发展
    rows.append([6, "招商引资", 40, "好", 40, None])
    assessed = assessed_workbook(tmp_path / "反馈.xlsx", rows)
    with pytest.raises(DataError) as caught:
        report_file(indicators, Policy(), ledger_path=ledger, assessed_path=assessed, output=tmp_path / "r.docx")
    assert [(p.code, p.sheet, p.cell) for p in caught.value.problems.errors] == [
        ("ledger-indicator-mismatch", "反馈", "A6"), ("ledger-indicator-unknown", "反馈", "B9"),  # mismatch: at the 序号, as in the 台账
    ]
    assert not (tmp_path / "r.docx").exists() and not (tmp_path / "整改措施.xlsx").exists()


def test_cli_json_equals_the_library_and_output_must_be_docx(unit, runner, in_tmp):
    indicators, ledger, assessed = unit
    args = ["report", str(indicators), "--ledger", str(ledger), "--assessed", str(assessed)]
    result = runner.invoke(app, [*args, "--json", "-o", "报告.docx"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["output"] == "报告.docx" and (in_tmp / "报告.docx").exists()
    assert data["total"] == 535 and data["level"] == "良好"
    library = report_file(indicators, Policy(), ledger_path=ledger, assessed_path=assessed, write=False).to_json()
    assert data["improvement"] == json.loads(json.dumps(library["improvement"], default=float))
    assert data["indicators"][1]["done"] == "5月：采用6篇；6月：采用11篇"
    shown = runner.invoke(app, [*args, "-o", "报告2.docx"])
    for line in ["单位总分 535.00 / 600（89.17%），年度等次：良好", "市绩效办核定低于自评 2 项，合计少 25.00 分",
                 "科室：会员部 15.00，办公室 10.00", "已生成：报告2.docx"]:
        assert line in shown.stdout, line
    wrong = runner.invoke(app, ["report", str(indicators), "-o", "报告.xlsx"])
    assert wrong.exit_code == 2 and "output-not-docx" in wrong.output + str(wrong.stderr)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_prints_on_a4_with_chinese_text(unit, tmp_path):
    indicators, ledger, assessed = unit
    result = report_file(indicators, Policy(), ledger_path=ledger, assessed_path=assessed,
                         output=tmp_path / "自评报告.docx")
    pdf = lo_convert(result.output, "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.3" in info and "841.8" in info  # A4 in points
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for words in ["绩效管理自评报告", "一、总体情况", "党建工作", "商会建设", "年度等次为“良好”", "附录"]:
        assert words in text, words


def test_score_with_assessed_lists_the_shortfalls_and_adds_the_sheets(unit, runner, in_tmp):
    indicators, _, assessed = unit
    plain = json.loads(runner.invoke(app, ["score", str(indicators), "--json", "-o", "a.xlsx"]).stdout)
    assert "improvement" not in plain  # the SPEC §6 shape, unless asked
    result = runner.invoke(app, ["score", str(indicators), "--assessed", str(assessed), "--json", "-o", "b.xlsx"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(s["name"], s["self_score"], s["assessed_score"], s["gap"]) for s in data["improvement"]["shortfalls"]] == [
        ("商会建设", 105, 90, 15), ("政务信息", 90, 80, 10)]
    assert data["improvement"]["departments"] == {"会员部": 15, "办公室": 10}
    wb = openpyxl.load_workbook(in_tmp / "b.xlsx")
    assert wb.sheetnames == ["指标", "汇总", "责任追究", "整改措施", "改进分析", "说明"]
    assert [r[:2] for r in read_back(in_tmp / "b.xlsx", "整改措施")[1:]] == [["商会建设", 15], ["政务信息", 10]]
    shown = runner.invoke(app, ["score", str(indicators), "--assessed", str(assessed), "-o", "c.xlsx"]).stdout
    assert "市绩效办核定低于自评 2 项，合计少 25.00 分" in shown and "类别：自选指标 15.00，规定指标 10.00" in shown


def test_the_workspace_blank_ledger_is_a_notice_and_a_named_one_an_error(runner, in_tmp):
    """A fresh `jxkh init` workspace holds a blank 台账.xlsx: the report is written from the
    indicators alone and says the ledger was not quoted. Named with --ledger, a blank ledger is
    an error: the clerk asked for it to be quoted."""
    from jxkh.templates import ledger_template

    scored_workbook(in_tmp / "indicators.xlsx")
    ledger_template().save(in_tmp / "台账.xlsx")
    result = runner.invoke(app, ["report", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ledger"] is None
    assert [(w["code"], w["sheet"], w["message"]) for w in data["warnings"] if w["code"] == "sheet-not-read"] == [
        ("sheet-not-read", "台账", "工作表“台账”未读取：台账尚无记录，自评报告未引用台账"),
    ]
    assert (in_tmp / "自评报告.docx").is_file()

    named = runner.invoke(app, ["report", "--ledger", "台账.xlsx", "-o", "again.docx", "--json"])
    assert named.exit_code == 1
    assert [e["code"] for e in json.loads(named.stdout)["errors"]] == ["sheet-empty"]
    assert not (in_tmp / "again.docx").exists()
