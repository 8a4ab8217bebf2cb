"""Indicator workbooks as offices keep them (issue #9): each case that was read wrong with exit 0
now reads right, or is named in a notice or an error at its sheet and cell.

Values are worked out by hand from the default policy (好 100%, 良好 80–100%, 一般 60–80%, 差 0;
band_default 良好 90%); the big form is `office_fixtures`, saved by LibreOffice.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from helpers import lo_convert, read_back, soffice
from jxkh.cli import app
from jxkh.cycle import appraise_file, score_file
from jxkh.indicator_book import load_indicators
from jxkh.policy import Policy
from jxkh.problems import DataError
from office_fixtures import EXPECTED_LEVEL, EXPECTED_ROWS, EXPECTED_TOTAL, write_self_assessment
from score_fixtures import write_rows

POLICY = Policy()
ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"
needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


def codes(problems) -> list[tuple[str, str | None, str | None]]:
    return [(str(p.code), p.sheet, p.cell) for p in problems]


def refused(path: Path) -> list:
    with pytest.raises(DataError) as exc:
        score_file(path, POLICY, write=False)
    return exc.value.problems.errors


# --- the office's 自评表: three sheets, 自评 columns, a footer, formulas saved by LibreOffice ----------


@pytest.fixture(params=["committed-xlsx", "committed-ods", pytest.param("live-xlsx", marks=needs_lo)])
def self_assessment(request, tmp_path) -> Path:
    source, fmt = request.param.split("-")
    if source == "committed":
        return FIXTURES / f"indicators-self-assessed.{fmt}"
    return lo_convert(write_self_assessment(tmp_path / "form.xlsx"), fmt, tmp_path / "lo")


def test_self_assessment_form_scores_by_hand(self_assessment):
    result = score_file(self_assessment, POLICY, write=False)
    assert [(r.indicator.sheet, r.row, r.name, str(r.score)) for r in result.rows] == EXPECTED_ROWS
    assert (str(result.total), result.level) == (EXPECTED_TOTAL, EXPECTED_LEVEL)
    assert {k: (v["points"], v["score"]) for k, v in result.categories.items()} == {
        "规定指标": (D(300), D(253)), "自选指标": (D(300), D(270)), "加分项": (D(5), D(5)),
    }
    assert codes(result.warnings) == [
        ("footer-rows", "规定指标", "A9"),
        ("total-rows", "规定指标", "A8"),
        ("percent-in-score", "规定指标", "G6"),
        ("footer-rows", "自选指标", "A8"),
        ("total-rows", "自选指标", "A7"),
        ("total-rows", "加分项", "A5"),
        ("sheet-not-read", "填表说明", None),
        ("sheets-combined", None, None),
        ("self-assessed-used", "规定指标", None),
        ("self-assessed-used", "自选指标", None),
        ("self-assessed-used", "加分项", None),
        ("no-fault-column", None, None),
    ]
    messages = {str(w.code): w.message() for w in result.warnings}
    assert messages["percent-in-score"] == "得分“90%”是百分数，已按得分率 90% 计为 45 分；百分数请填在“得分率”列"
    assert messages["sheets-combined"] == "工作表 规定指标、自选指标、加分项 的表头相同，已合并为一张指标表读取"
    assert messages["self-assessed-used"] == "表中没有考核（核定）列，按自评列计分：自评等次 → 完成等次，自评得分（分） → 得分"
    footers = [w.message() for w in result.warnings if str(w.code) == "footer-rows"]
    assert footers == ["表格下方的“填表人：王芳”等 1 行（第 9 行）不是数据，未读取",
                       "表格下方的“填表人：王芳    审核人：刘建国   …”等 2 行（第 8–9 行）不是数据，未读取"]


def test_self_assessment_output_keeps_each_sheet_and_the_narrative(tmp_path):
    source = shutil.copy(FIXTURES / "indicators-self-assessed.xlsx", tmp_path / "自评表.xlsx")
    result = score_file(source, POLICY)
    import openpyxl

    assert openpyxl.load_workbook(result.output).sheetnames == ["规定指标", "自选指标", "加分项", "汇总", "责任追究", "说明"]
    rows = read_back(result.output, "规定指标")
    assert rows[0][4] == "工作完成情况" and rows[2][4] == "新发展会员52家，其中企业会员40家"
    # 会员发展: 自评得分 58 counted (the band default would have given 63), 原表行号 5.
    assert rows[2][9:] == [pytest.approx(0.8286), 58, 12, 5]
    assert [r[1] for r in rows[1:]] == ["党建工作", "会员发展", "非公经济调研", "光彩事业"]  # no footer row


def test_a_summary_sheet_copying_the_others_is_named_not_counted(tmp_path):
    """A 汇总表 with the same header as 规定指标/自选指标 would count every indicator twice: it is
    left out by its name, with the one sheet-not-read wording; the totals are the form's."""
    import openpyxl

    wb = openpyxl.load_workbook(FIXTURES / "indicators-self-assessed.xlsx", data_only=True)  # the saved values
    wb.copy_worksheet(wb["规定指标"]).title = "汇总表"
    wb.save(tmp_path / "自评表.xlsx")
    result = score_file(tmp_path / "自评表.xlsx", POLICY, write=False)
    assert (str(result.total), result.level) == (EXPECTED_TOTAL, EXPECTED_LEVEL)
    notices = [w.message() for w in result.warnings if w.code == "sheet-not-read"]
    assert notices == ["工作表“填表说明”未读取：名为说明/目录/封面，不是数据表",
                       "工作表“汇总表”未读取：名为汇总/统计/合计，是其他工作表的汇总，再读会重复计算"]


# --- 自评 and 考核 columns ----------------------------------------------------------------------------

FILLER = ["其余指标", 530, "好", 530]  # tops the unit up to 600 points, scoring all of them


def test_self_score_is_read_not_the_band_default(tmp_path):
    """The issue's row: 分值 70, 良好, 自评得分 58 scored 63 (90% band default) with '未填'."""
    path = write_rows(tmp_path / "i.xlsx", [["指标名称", "分值", "完成等次", "自评得分"], ["会员发展", 70, "良好", 58], FILLER])
    result = score_file(path, POLICY, write=False)
    assert [(r.name, r.score) for r in result.rows] == [("会员发展", D("58.00")), ("其余指标", D("530.00"))]
    assert result.total == D("588.00")
    assert [(str(w.code), w.row) for w in result.warnings] == [("self-assessed-used", 1), ("no-fault-column", None)]
    assert result.warnings[0].message() == "表中没有考核（核定）列，按自评列计分：自评得分 → 得分"
    member = result.rows[0].indicator
    assert (member.self_grade, member.self_score, member.grade, member.score) == (None, D(58), "良好", D(58))


def test_self_grade_alone_is_the_grade(tmp_path):
    """自评等次 with no 完成等次 was “缺少必填列“完成等次””."""
    path = write_rows(tmp_path / "i.xlsx", [["指标名称", "分值", "自评等次", "自评得分"], ["会员发展", 70, "良好", 58], FILLER])
    result = score_file(path, POLICY, write=False)
    assert [(r.name, r.grade, r.score) for r in result.rows] == [("会员发展", "良好", D("58.00")), ("其余指标", "好", D("530.00"))]
    assert result.warnings[0].message() == "表中没有考核（核定）列，按自评列计分：自评等次 → 完成等次，自评得分 → 得分"


def test_assessed_columns_win_over_self_assessed(tmp_path):
    """考核等次/核定得分 beside 自评等次/自评得分: the assessed values count; a row the assessors left
    blank keeps its 自评 values, named. 40 良好 34 + 90 自评 良好 81 + 470 好 = 585.00."""
    header = ["指标名称", "分值", "自评等次", "自评得分", "考核等次", "核定得分", "责任人", "个人原因"]
    path = write_rows(tmp_path / "i.xlsx", [
        header,
        ["党建工作", 40, "好", 40, "良好", 34, "王芳", "是"],
        ["会员发展", 90, "良好", 81, None, None, "李强", "否"],
        ["其余指标", 470, "好", 470, "好", 470, None, None],
    ])
    result = score_file(path, POLICY, write=False)
    assert [(r.name, r.grade, r.score, r.lost) for r in result.rows] == [
        ("党建工作", "良好", D("34.00"), D("6.00")), ("会员发展", "良好", D("81.00"), D("9.00")),
        ("其余指标", "好", D("470.00"), D("0.00")),
    ]
    assert result.total == D("585.00")
    first = result.rows[0].indicator
    assert (first.self_grade, first.self_score) == ("好", D(40))
    # 王芳 answers for the 6 points the assessors took (个人原因 是).
    assert [(c.person, c.deduction) for c in result.accountability] == [("王芳", D("6.00"))]
    assert [(str(w.code), w.row) for w in result.warnings] == [("self-assessed-fallback", 3), ("assessed-preferred", 1)]
    assert result.warnings[0].message() == "第 3 行的考核（核定）值为空，按自评值计分"
    assert result.warnings[1].message() == "表中同时有考核列（考核等次、核定得分）和自评列（自评等次、自评得分），按考核列计分；自评值保留在输出中"


def test_a_bad_self_score_is_reported_once_at_its_cell(tmp_path):
    path = write_rows(tmp_path / "i.xlsx", [["指标名称", "分值", "完成等次", "自评得分"], ["会员发展", 70, "良好", "五十八"], FILLER])
    assert codes(refused(path)) == [("number-invalid", "指标", "D2")]


# --- 完成情况 is narrative -------------------------------------------------------------------------


def test_completion_text_is_kept_never_read_as_the_grade(tmp_path):
    """完成情况 was an alias of the grade: 12 errors like 完成等次“全年召开党员大会4次…”无法识别."""
    path = write_rows(tmp_path / "i.xlsx", [
        ["指标名称", "分值", "完成情况", "完成等次", "得分"],
        ["党建工作", 70, "全年召开党员大会4次，支部委员会12次", "良好", 58], ["其余指标", 530, None, "好", 530],
    ])
    result = score_file(path, POLICY)
    assert [(r.name, r.score) for r in result.rows] == [("党建工作", D("58.00")), ("其余指标", D("530.00"))]
    assert result.rows[0].indicator.summary == "全年召开党员大会4次，支部委员会12次"
    assert read_back(result.output, "指标")[1][2] == "全年召开党员大会4次，支部委员会12次"


def test_grades_typed_under_completion_ask_for_the_column_to_be_renamed(tmp_path):
    path = write_rows(tmp_path / "i.xlsx", [["指标名称", "分值", "完成情况"], ["党建工作", 70, "良好"], ["其余指标", 530, "好"]])
    problems = refused(path)
    assert codes(problems) == [("column-misnamed", "指标", "C1")]
    assert problems[0].message() == "缺少必填列“完成等次”；表头“完成情况”像是该列，请把它改为“完成等次”"


# --- messages that lead to the fix --------------------------------------------------------------


def test_a_near_miss_grade_suggests_the_likely_one(tmp_path):
    path = write_rows(tmp_path / "i.xlsx", [["指标名称", "分值", "完成等次"], ["党建工作", 70, "良"], ["其余指标", 530, "好"]])
    problems = refused(path)
    assert codes(problems) == [("grade-near-miss", "指标", "C2")]
    assert problems[0].message() == "完成等次“良”无法识别，是否应为“良好”？（应为 好/良好/一般/差）"


def test_a_header_resembling_a_required_column_says_which_to_rename(tmp_path):
    path = write_rows(tmp_path / "i.xlsx", [["指标名", "分值", "完成等次"], ["党建工作", 70, "好"]])
    problems = refused(path)
    assert codes(problems) == [("column-misnamed", "指标", "A1")]
    assert problems[0].message() == "缺少必填列“指标名称”；表头“指标名”像是该列，请把它改为“指标名称”"


def test_columns_not_read_are_named(tmp_path):
    path = write_rows(tmp_path / "i.xlsx", [
        ["指标名称", "分值", "完成等次", "扣分原因说明", "联系电话"], ["党建工作", 600, "好", None, "0597-1"],
    ])
    result = score_file(path, POLICY, write=False)
    assert codes(result.warnings)[:2] == [("column-lookalike", "指标", "D1"), ("column-unused", "指标", "E1")]
    assert result.warnings[0].message() == "列“扣分原因说明”未能识别，未读取；如果它是“扣分原因”，请把表头改为“扣分原因”"


def test_points_total_breakdown_by_category(tmp_path):
    """Two sheets where only the first was read: “合计 300，应为 600”. Now both, and a wrong
    total names each part."""
    header = ["指标名称", "分值", "完成等次"]
    from helpers import make_xlsx

    path = make_xlsx(tmp_path / "i.xlsx", {
        "规定指标": [header, ["党建工作", 300, "好"]], "自选指标": [header, ["商会建设", 290, "好"]],
    })
    problems = refused(path)
    assert codes(problems) == [("points-total-mismatch", None, None)]
    assert problems[0].message() == \
        "规定指标与自选指标分值合计为 590 分（规定指标 300 分 + 自选指标 290 分），应为 600 分（相差 10 分），请核对分值"


# --- outputs are not inputs ------------------------------------------------------------------------


def test_a_scored_workbook_given_back_is_refused(runner, tmp_path):
    source = shutil.copy(ROOT / "examples" / "indicators.xlsx", tmp_path / "indicators.xlsx")
    scored = score_file(source, POLICY).output
    before = sorted(tmp_path.iterdir())
    result = runner.invoke(app, ["score", str(scored), "--json"])
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["code"], error["sheet"]) == ("input-is-output", "说明")
    assert error["message"] == "这是 jxkh 生成的结果文件（由“indicators.xlsx”生成），不能作为输入；请改用原始文件“indicators.xlsx”"
    assert sorted(tmp_path.iterdir()) == before


def test_an_appraisal_output_given_back_is_refused(tmp_path):
    for name in ("ratings.xlsx", "jxkh.toml"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    from jxkh.policy import load_policy

    policy = load_policy(tmp_path / "jxkh.toml")
    output = appraise_file(tmp_path / "ratings.xlsx", policy).output
    with pytest.raises(DataError) as exc:
        appraise_file(output, policy, write=False)
    assert [(str(p.code), p.params["original"]) for p in exc.value.problems] == [("input-is-output", "ratings.xlsx")]


@pytest.mark.parametrize("given", ["assessed", "ledger", "ledger-file"])
def test_every_input_refuses_an_output_the_ledger_and_the_assessed_too(runner, tmp_path, monkeypatch, given):
    """An output given as --assessed (its 计算得分 would pass for 核定得分), or 台账汇总.xlsx as the
    ledger, is refused like every input, naming the original; nothing is written."""
    for name in ("indicators.xlsx", "jxkh.toml", "台账.xlsx"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["score"]).exit_code == 0
    assert runner.invoke(app, ["ledger", "--month", "6"]).exit_code == 0
    before = sorted(tmp_path.iterdir())
    args, output, original = {
        "assessed": (["report", "--assessed", "indicators.scored.xlsx"], "indicators.scored.xlsx", "indicators.xlsx"),
        "ledger": (["report", "--ledger", "台账汇总.xlsx"], "台账汇总.xlsx", "台账.xlsx、indicators.xlsx"),
        "ledger-file": (["ledger", "台账汇总.xlsx", "--month", "6", "-o", "again.xlsx"], "台账汇总.xlsx", "台账.xlsx、indicators.xlsx"),
    }[given]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 1, result.output
    [error] = json.loads(result.stdout)["errors"]
    assert (error["code"], error["file"], error["sheet"]) == ("input-is-output", output, "说明")
    assert error["message"] == f"这是 jxkh 生成的结果文件（由“{original}”生成），不能作为输入；请改用原始文件“{original}”"
    assert sorted(tmp_path.iterdir()) == before


def test_a_clerks_own_explanation_sheet_is_not_taken_for_an_output(tmp_path):
    from helpers import make_xlsx

    path = make_xlsx(tmp_path / "i.xlsx", {
        "指标": [["指标名称", "分值", "完成等次", "个人原因"], ["党建工作", 600, "好", "否"]],
        "说明": [["项目", "内容"], ["生成工具", "Excel"]],
    })
    assert score_file(path, POLICY, write=False).total == D("600.00")


# --- no 个人原因: nobody charged, and no claim that anyone was ----------------------------------------


def test_no_fault_column_is_said_by_appraise(runner, tmp_path, monkeypatch):
    for name in ("ratings.xlsx", "jxkh.toml"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    write_rows(tmp_path / "indicators.xlsx", [["指标名称", "分值", "完成等次", "得分", "责任人"], ["全年工作", 600, "良好", 500, "范国栋"]])
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["appraise"])
    assert result.exit_code == 0, result.output
    assert "指标表 indicators.xlsx 没有“个人原因”列，未计入责任扣分" in result.output
    assert "已按指标表" not in result.output
    bonus = runner.invoke(app, ["bonus", "--pool", "50000", "--json"])
    assert "no-fault-column" in [w["code"] for w in json.loads(bonus.stdout)["warnings"]]


def test_the_model_is_the_schema():
    """Header words are the model's aliases; a row validates from them, types from the cells' rules."""
    from jxkh.indicators import Indicator

    row = Indicator.model_validate({"row": 5, "指标名称": "党建", "分值": "７０分", "自评等次": "良好", "自评得分": "58"})
    assert (row.name, row.points, row.self_grade, row.self_score, row.category) == ("党建", D(70), "良好", D(58), "规定指标")
    assert load_indicators is not None


# --- jxkh check shows how it read the workbook ---------------------------------------------------


def test_check_shows_each_sheet_and_column(runner):
    path = FIXTURES / "indicators-self-assessed.xlsx"
    result = runner.invoke(app, ["check", str(path)], terminal_width=250)
    assert result.exit_code == 0, result.output
    shown = "规定指标” → 指标表（表头第 3 行）：序号，指标名称，分值，评分标准，工作完成情况 → 完成情况说明，" \
            "自评等次 → 完成等次（自评），自评得分（分） → 得分（自评），责任科室，责任人"
    assert f"工作表“{shown}" in result.stdout
    assert "工作表“填表说明” → 未读取（名为说明/目录/封面，不是数据表）" in result.stdout
    data = json.loads(runner.invoke(app, ["check", str(path), "--json"]).stdout)
    assert [(s["sheet"], s["role"], s["header_row"]) for s in data["sheets"]] == [
        ("填表说明", "ignored", None), ("规定指标", "indicators", 3), ("自选指标", "indicators", 3), ("加分项", "indicators", 3),
    ]
    assert data["sheets"][1]["columns"][6] == {"header": "自评得分（分）", "cell": "G3", "field": "self_score", "label": "得分（自评）"}


def test_check_reads_indicators_and_ballots_in_one_workbook(runner, tmp_path):
    """A workbook with 指标, 测评 and 人员 sheets: both are checked, the charges from its own 指标."""
    import openpyxl

    book = openpyxl.load_workbook(ROOT / "examples" / "ratings.xlsx")
    indicators = openpyxl.load_workbook(ROOT / "examples" / "indicators.xlsx")["指标"]
    sheet = book.create_sheet("指标", 0)
    for row in indicators.iter_rows(values_only=True):
        sheet.append(row)
    sheet["I5"] = "优"  # 机关党建工作: an error in the indicators
    path = tmp_path / "全年.xlsx"
    book.save(path)
    shutil.copy(ROOT / "examples" / "jxkh.toml", tmp_path / "jxkh.toml")
    result = runner.invoke(app, ["check", str(path), "--policy", str(tmp_path / "jxkh.toml"), "--json"])
    assert result.exit_code == 1
    assert [(e["code"], e["sheet"], e["cell"]) for e in json.loads(result.stdout)["errors"]] == [("grade-unknown", "指标", "I5")]
    sheet["I5"] = "好"
    book.save(path)
    data = json.loads(runner.invoke(app, ["check", str(path), "--policy", str(tmp_path / "jxkh.toml"), "--json"]).stdout)
    assert (data["kind"], data["indicators"]) == ("both", str(path))
    assert [(s["sheet"], s["role"]) for s in data["sheets"]] == [("指标", "indicators"), ("测评", "ballots"), ("人员", "roster")]


# --- what always holds: which value is scored -----------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from jxkh.indicators import parse_indicators  # noqa: E402
from jxkh.problems import Problems  # noqa: E402
from jxkh.reader import Table  # noqa: E402

_SCORE_COLUMNS = ["grade", "score", "ratio", "self_grade", "self_score"]


@settings(max_examples=200, deadline=None)
@given(
    present=st.sets(st.sampled_from(_SCORE_COLUMNS)),
    filled=st.sets(st.sampled_from(_SCORE_COLUMNS)),
    assessed=st.integers(min_value=80, max_value=100),
    own=st.integers(min_value=80, max_value=100),
)
def test_the_assessed_value_counts_when_filled_else_the_self_assessed(present, filled, assessed, own):
    """For 100 points: 得分 (assessed), 得分率 (assessed, as %), 自评得分 (own). The row's score is
    the assessed 得分/得分率 when either is filled, else 自评得分 when filled, else none; the grade
    is 完成等次 when filled, else 自评等次."""
    names = ["name", "points", *sorted(present)]
    typed = {"name": "党建", "points": 100, "grade": "良好", "score": assessed, "ratio": f"{assessed}%",
             "self_grade": "好", "self_score": own}
    values = [typed[n] if n in ("name", "points") or n in filled else None for n in names]
    table = Table("t.xlsx", "指标", 1, names, {n: c for c, n in enumerate(names)}, [(2, values)])
    [row] = parse_indicators(table, POLICY, Problems())
    shown = present & filled
    assert row.grade == ("良好" if "grade" in shown else "好" if "self_grade" in shown else None)
    if "score" in shown:
        assert (row.score, row.ratio) == (D(assessed), D(assessed) / 100 if "ratio" in shown else None)
    elif "ratio" in shown:
        assert (row.score, row.ratio) == (None, D(assessed) / 100)
    else:
        assert (row.score, row.ratio) == (D(own) if "self_score" in shown else None, None)
    assert row.self_score == (D(own) if "self_score" in shown else None)
    assert row.self_grade == ("好" if "self_grade" in shown else None)


def test_a_percentage_formatted_score_is_named(tmp_path):
    """90% typed in a 得分 cell Excel formats as a percentage is stored as 0.9: it was
    “得分率 1.8%”; now the error says it is a 得分率 and what the score would be."""
    import openpyxl

    path = write_rows(tmp_path / "i.xlsx", [["指标名称", "分值", "完成等次", "得分"], ["非公经济调研", 50, "良好", 0.9], ["其余指标", 550, "好", 550]])
    wb = openpyxl.load_workbook(path)
    wb["指标"]["D2"].number_format = "0%"
    wb.save(path)
    problems = refused(path)
    assert codes(problems) == [("score-looks-like-ratio", "指标", "D2")]
    assert problems[0].message() == "得分“0.9”像是得分率 90%（百分比格式的单元格存为小数）；得分率请填在“得分率”列，或把得分改为 45 分"


def test_duty_deadlines_stay_with_their_sheet(tmp_path):
    """Two sheets with rows 2 and 3 each: every indicator keeps its own 完成时限."""
    from helpers import make_xlsx
    from jxkh.year import duty_file

    header = ["指标名称", "分值", "责任科室", "责任人", "责任领导", "完成时限"]
    path = make_xlsx(tmp_path / "plan.xlsx", {
        "规定指标": [header, ["党建工作", 300, "办公室", "王芳", "刘建国", "6月"]],
        "自选指标": [header, ["商会建设", 300, "会员部", "李强", "刘建国", "12月"]],
    })
    result = duty_file(path, POLICY, write=False)
    months = {d.indicator.name: d.deadline for duties in result.departments.values() for d in duties}
    assert months == {"党建工作": 6, "商会建设": 12}
