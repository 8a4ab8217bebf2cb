"""Blank templates: the headers the readers expect, drop-downs and number checks, hints, and the
committed templates/ files equal to what the code builds."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from helpers import lo_convert, soffice
from snapshots import snapshot, validation_for

from jxkh import templates
from jxkh.cycle import appraise_file, score_file
from jxkh.headers import FORM_ONLY_FIELDS, INDICATOR_FIELDS, RATING_FIELDS, ROSTER_FIELDS
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError, Problems
from jxkh.reader import open_workbook, read_table

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def saved(wb: openpyxl.Workbook, path: Path) -> openpyxl.Workbook:
    """Save and read back: what a spreadsheet program gets."""
    wb.save(path)
    return openpyxl.load_workbook(path)


@pytest.fixture
def indicators_ws(tmp_path):
    return saved(templates.indicator_template(), tmp_path / "i.xlsx")["指标"]


@pytest.fixture
def ratings_wb(tmp_path):
    return saved(templates.ratings_template(), tmp_path / "r.xlsx")


def header(ws) -> list[str]:
    return [c.value for c in ws[templates.HEADER_ROW]]


# --- headers -------------------------------------------------------------------------------------


def test_indicator_headers_are_the_canonical_names(indicators_ws):
    assert header(indicators_ws) == ["序号", "类别", "指标名称", "分值", "评分标准", "责任科室", "责任人", "责任领导",
                                     "完成等次", "得分", "得分率", "扣分原因", "个人原因", "备注",
                                     "完成时限", "完成情况说明", "佐证材料"]
    assert header(indicators_ws) == [f.label for n, f in INDICATOR_FIELDS.items() if n not in FORM_ONLY_FIELDS]
    assert indicators_ws["A1"].value == "绩效管理履职情况考核评分表"
    assert "A1:Q1" in {str(r) for r in indicators_ws.merged_cells.ranges}
    assert indicators_ws.freeze_panes == "A4"
    assert indicators_ws.print_title_rows == "$3:$3"  # the header repeats on every printed page


def test_ratings_headers(ratings_wb):
    assert ratings_wb.sheetnames == ["测评", "人员"]
    assert header(ratings_wb["测评"]) == [*(f.label for f in RATING_FIELDS.values()), "德", "能", "勤", "绩", "廉"]
    assert header(ratings_wb["人员"]) == ["工号", "姓名", "科室", "岗位系数", "在岗月数", "上年度考核等次", "违纪违法"]
    assert header(ratings_wb["人员"]) == [f.label for f in ROSTER_FIELDS.values()]


def test_headers_read_back_through_the_reader(tmp_path):
    """calamine finds the header on row 3 under the title and notes rows, and maps every column."""
    for kind, sheet, fields, width in (("indicators", "指标", INDICATOR_FIELDS, 17), ("ratings", "人员", ROSTER_FIELDS, 7)):
        path = tmp_path / f"{kind}.xlsx"
        templates.build(kind).save(path)
        problems = Problems()
        table = read_table(open_workbook(path), sheet, fields, problems, require_rows=False)
        assert table is not None and problems == []
        assert table.header_row == 3
        assert set(table.columns) == set(fields) - set(FORM_ONLY_FIELDS) and len(table.headers) == width
        assert table.rows == []


# --- drop-downs and checks -----------------------------------------------------------------------


def test_indicator_drop_downs(indicators_ws):
    category = validation_for(indicators_ws, "B4")
    assert (category.type, category.formula1) == ("list", '"规定指标,自选指标,加分项,扣分项"')
    assert str(category.sqref) == "B4:B203"
    grade = validation_for(indicators_ws, "I150")
    assert (grade.type, grade.formula1) == ("list", '"好,良好,一般,差"')
    assert "良好 80%–100%" in grade.prompt
    fault = validation_for(indicators_ws, "M4")
    assert (fault.type, fault.formula1) == ("list", '"是,否"')
    points = validation_for(indicators_ws, "D4")
    assert (points.type, points.operator, points.formula1) == ("decimal", "greaterThan", "0")
    assert validation_for(indicators_ws, "B204") is None  # the checks stop where the offered rows do


def test_every_column_has_a_hint(indicators_ws, ratings_wb):
    for ws in (indicators_ws, ratings_wb["测评"], ratings_wb["人员"]):
        for c, label in enumerate(header(ws)):
            dv = validation_for(ws, f"{openpyxl.utils.get_column_letter(c + 1)}4")
            assert dv is not None and dv.prompt and dv.promptTitle == label and dv.showInputMessage
            assert len(dv.prompt) <= 255  # Excel's limit for an input message


def test_ratings_checks(ratings_wb):
    ballots, roster = ratings_wb["测评"], ratings_wb["人员"]
    maxima = {c: validation_for(ballots, f"{c}4") for c in "FGHIJ"}
    assert [(dv.type, dv.operator, dv.formula1, dv.formula2) for dv in maxima.values()] == [
        ("decimal", "between", "0", "10"), ("decimal", "between", "0", "20"), ("decimal", "between", "0", "30"),
        ("decimal", "between", "0", "30"), ("decimal", "between", "0", "10"),
    ]
    group = validation_for(ballots, "E4")
    assert group.type is None  # the default policy weighs no rater groups: a hint, no list
    months = validation_for(roster, "E4")
    assert (months.type, months.operator, months.formula1, months.formula2) == ("decimal", "between", "0", "12")
    coefficient = validation_for(roster, "D4")
    assert (coefficient.type, coefficient.operator, coefficient.formula1) == ("decimal", "greaterThan", "0")
    violation = validation_for(roster, "G4")
    assert (violation.type, violation.formula1) == ("list", '"是,否"')


def test_templates_follow_the_policy(tmp_path):
    policy = policy_from_dict({
        "unit": {"total": 100, "bands": {"优": [1, 1], "中": [0.5, 0.9]}, "band_default": {"优": 1, "中": 0.7},
                 "levels": {"优": 0.9, "差": 0}},
        "staff": {"dimensions": {"德": 40, "绩": 60}, "rater_weights": {"领导": 0.3, "群众": 0.7}},
    })
    ws = saved(templates.indicator_template(policy), tmp_path / "i.xlsx")["指标"]
    assert validation_for(ws, "I4").formula1 == '"优,中"'
    assert "100 分" in ws["A2"].value
    wb = saved(templates.ratings_template(policy), tmp_path / "r.xlsx")
    assert header(wb["测评"])[-2:] == ["德", "绩"]
    assert [validation_for(wb["测评"], c).formula2 for c in ("F4", "G4")] == ["40", "60"]
    assert validation_for(wb["测评"], "E4").formula1 == '"领导,群众"'


def test_build_rejects_an_unknown_kind():
    with pytest.raises(ValueError):
        templates.build("bonus")


# --- a filled-in template works ------------------------------------------------------------------


def test_a_filled_in_indicator_template_scores(tmp_path):
    wb = templates.indicator_template()
    ws = wb["指标"]
    ws.append([1, "规定指标", "党建工作", 400, None, "办公室", "甲一", "乙二", "良好", 360])
    ws.append([2, "自选指标", "会员服务", 200, None, "会员部", "丙三", "乙二", "一般", None, "75%", "未达标", "是"])
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    result = score_file(path, Policy(), write=False)
    # 良好 360 of 400 (90%); 一般 at 75% of 200 = 150, lost 50 through 丙三's fault.
    # 510 ÷ 600 = 85%: 良好 (≥ 80%, < 90%).
    assert (result.total, result.level) == (Decimal("510.00"), "良好")
    assert [r.row for r in result.rows] == [4, 5]  # the first rows under the header
    assert [(c.person, c.deduction) for c in result.accountability] == [("丙三", Decimal(50)), ("乙二", Decimal(25))]


def test_a_filled_in_ratings_template_appraises(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no indicators.xlsx beside it: no deductions
    wb = templates.ratings_template()
    wb["测评"].append([None, "甲一", "办公室", None, None, 9, 18, 27, 27, 9])  # 90
    wb["测评"].append([None, "甲一", "办公室", None, None, 8, 16, 24, 24, 8])  # 80
    wb["测评"].append([None, "乙二", "办公室", None, None, 10, 20, 30, 30, 10])  # 100
    wb["人员"].append(["A1", "甲一", "办公室", 1, 12, "称职", "否"])
    wb["人员"].append(["A2", "乙二", "办公室", None, None, None, None])
    wb.save(tmp_path / "filled.xlsx")
    result = appraise_file(tmp_path / "filled.xlsx", Policy(), write=False)
    assert [(p.name, p.id, p.ballots, p.final, p.grade) for p in result.people] == [
        ("乙二", "A2", 1, Decimal(100), "优秀"), ("甲一", "A1", 2, Decimal(85), "良好"),
    ]


def test_a_blank_indicator_template_is_reported_empty(tmp_path):
    path = tmp_path / "blank.xlsx"
    templates.indicator_template().save(path)
    with pytest.raises(DataError) as caught:
        score_file(path, Policy(), write=False)
    assert "sheet-empty" in caught.value.problems.codes()


# --- committed copies ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", templates.KINDS)
def test_committed_templates_equal_the_generator(tmp_path, kind):
    assert templates.main([str(tmp_path)]) == 0
    name = templates.FILE_NAMES[kind]
    assert snapshot(TEMPLATES / name) == snapshot(tmp_path / name), "run: python -m jxkh.templates templates/"


def test_libreoffice_opens_the_ratings_template(tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    converted = lo_convert(TEMPLATES / "ratings.xlsx", "ods", tmp_path)
    book = open_workbook(converted)
    assert book.sheet_names == ["测评", "人员"]
    assert book.rows("测评")[2][:5] == ["工号", "被测评人", "科室", "测评人", "测评人类别"]


@settings(max_examples=25, deadline=None)
@given(dimensions=st.dictionaries(st.sampled_from(["德", "能", "勤", "绩", "廉", "学", "创"]), st.integers(4, 100),
                                  min_size=1, max_size=7))
def test_ballot_columns_follow_any_dimensions(dimensions):
    policy = policy_from_dict({"staff": {"dimensions": dimensions,
                                         "cutoffs": {"优秀": 4, "良好": 3, "合格": 2, "不合格": 0}}})
    wb = templates.ratings_template(policy)
    ws = wb["测评"]
    labels = [c.value for c in ws[templates.HEADER_ROW]]
    assert labels[len(RATING_FIELDS):] == list(dimensions)
    for offset, maximum in enumerate(dimensions.values(), start=len(RATING_FIELDS) + 1):
        dv = validation_for(ws, f"{openpyxl.utils.get_column_letter(offset)}4")
        assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", str(maximum))


# --- tick-box 测评票 (staff.method = "votes") ---------------------------------------------------


def test_with_votes_the_ratings_template_is_the_printable_tick_box_form(tmp_path):
    from vote_layouts import WEIGHTED

    wb = saved(templates.ratings_template(WEIGHTED), tmp_path / "r.xlsx")
    assert wb.sheetnames == ["第1票", "人员", "说明"]
    form = wb["第1票"]
    rows = [list(r) for r in form.iter_rows(min_row=1, max_row=4, values_only=True)]
    assert rows[0][0] == "年度考核民主测评票"
    assert rows[1][0] == "请在每位被测评人的一个等次（优秀、称职、基本称职、不称职）下打“√”，每人只勾一项；多勾或不勾为废票。"
    assert rows[2][0] == "测评人类别："
    assert rows[3] == ["序号", "被测评人", "科室", "优秀", "称职", "基本称职", "不称职"]
    assert validation_for(form, "C3").formula1 == '"领导,同事"'
    assert validation_for(form, "D5").formula1 == '"√"' and validation_for(form, "G34").formula1 == '"√"'
    assert form.print_title_rows == "$1:$4" and form.page_setup.orientation == "portrait"
    assert str(form.page_setup.paperSize) == form.PAPERSIZE_A4
    assert form["A34"].border.bottom.style == "thin" and form["A35"].border.bottom.style is None  # 30 rows


def test_a_filled_in_tick_box_form_appraises_by_hand(tmp_path):
    # Two papers (a 领导 and a 同事): 甲 优秀 + 称职 → 0.4 × 100 + 0.6 × 80 = 88.00 称职;
    # 乙 基本称职 + 优秀 → 0.4 × 60 + 0.6 × 100 = 84.00 称职.
    from vote_layouts import WEIGHTED

    wb = templates.ratings_template(WEIGHTED)
    for name, department in (("甲", "综合科"), ("乙", "业务科")):
        wb["人员"].append([None, name, department])
    first = wb["第1票"]
    second = wb.copy_worksheet(first)
    second.title = "第2票"
    for ws, group, ticks in ((first, "领导", {"甲": "D", "乙": "F"}), (second, "同事", {"甲": "E", "乙": "D"})):
        ws["C3"] = group
        for r, name in enumerate(("甲", "乙"), start=5):
            ws[f"A{r}"], ws[f"B{r}"], ws[f"{ticks[name]}{r}"] = r - 4, name, "√"
    path = tmp_path / "ratings.xlsx"
    wb.save(path)
    result = appraise_file(path, WEIGHTED, write=False)
    assert {p.name: (p.ballots, p.final, p.grade) for p in result.people} == {
        "甲": (2, Decimal("88.00"), "称职"), "乙": (2, Decimal("84.00"), "称职")}
    assert [(w.code, w.sheet) for w in result.warnings if w.code == "sheet-not-read"] == [("sheet-not-read", "说明")]


def test_a_blank_tick_box_form_is_reported_empty_not_refused(tmp_path):
    from vote_layouts import POLICY

    path = tmp_path / "r.xlsx"
    templates.ratings_template(POLICY).save(path)
    with pytest.raises(DataError) as caught:
        appraise_file(path, POLICY, write=False)
    assert "sheet-empty" in caught.value.problems.codes()
    assert "ballot-layout-unsupported" not in caught.value.problems.codes()


def test_jxkh_template_ratings_follows_the_workspace_votes_policy(runner, in_tmp):
    from jxkh.cli import app

    (in_tmp / "jxkh.toml").write_text('[staff]\nmethod = "votes"\n[staff.votes]\n"优秀" = 100\n"称职" = 80\n'
                                      '"基本称职" = 60\n"不称职" = 40\n[staff.cutoffs]\n"优秀" = 90\n"称职" = 70\n'
                                      '"基本称职" = 50\n"不称职" = 0\n[bonus]\naward_to = ["优秀", "称职"]\n'
                                      '[bonus.deduct]\n"不称职" = 1\n', encoding="utf-8")
    result = runner.invoke(app, ["template", "ratings"])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(in_tmp / "ratings.xlsx").sheetnames == ["第1票", "人员", "说明"]


def test_the_tick_box_form_prints_on_one_a4_page(tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    import subprocess

    from vote_layouts import WEIGHTED

    path = tmp_path / "form.xlsx"
    wb = templates.ratings_template(WEIGHTED)
    del wb["人员"], wb["说明"]
    wb.save(path)
    pdf = lo_convert(path, "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M) and re.search(r"^Page size:\s+595[.\d]* x 841[.\d]* pts \(A4\)", info, re.M)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "年度考核民主测评票" in text and "基本称职" in text
