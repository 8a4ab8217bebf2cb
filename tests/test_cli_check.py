"""`jxkh check FILE`: which kind of workbook, every problem by code and cell, nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers import make_xlsx

from jxkh.checking import INDICATORS, RATINGS, check_file, detect_kind
from jxkh.cli import app
from jxkh.policy import Policy, load_policy
from jxkh.problems import DataError
from jxkh.reader import open_workbook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def workspace(in_tmp) -> Path:
    """A copy of the example in the current folder (check must write nothing into it)."""
    for name in ("indicators.xlsx", "ratings.xlsx", "jxkh.toml"):
        shutil.copy(EXAMPLES / name, in_tmp / name)
    return in_tmp


def edited(source: Path, target: Path, sheet: str, cells: dict[str, object]) -> Path:
    wb = openpyxl.load_workbook(source)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(target)
    return target


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# --- indicators -----------------------------------------------------------------------------------


def test_example_indicators_have_no_problems(runner, workspace):
    before = listing(workspace)
    result = runner.invoke(app, ["check", "indicators.xlsx"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "indicators.xlsx：未发现问题（按单位指标表检查）",
        "读取方式：",
        "  工作表“指标” → 指标表（表头第 2 行）：序号，类别，指标名称，分值，评分标准，责任科室，责任人，责任领导，"
        "完成等次，得分，扣分原因，个人原因，备注，完成时限，完成情况说明，佐证材料",
    ]
    assert listing(workspace) == before


def test_check_json_lists_the_warnings(runner, workspace):
    result = runner.invoke(app, ["check", "indicators.xlsx", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["kind"], data["errors"]) == ("indicators", [])
    assert [(w["code"], w["sheet"], w["cell"]) for w in data["warnings"]] == [("band-default-used", "指标", "I7")]


def test_broken_indicators_list_every_problem(runner, workspace):
    edited(workspace / "indicators.xlsx", workspace / "broken.xlsx", "指标", {
        "I5": "优",   # 机关党建工作: not a grade
        "J6": 15,     # 政务信息报送 良好: 15 of 20 is 75%, below 良好's 80%
        "D7": 35,     # 财务管理与预算执行 (grade only) 30 → 35: the points add up to 605
        "L14": "也许",  # 个人原因 not 是/否
    })
    before = listing(workspace)
    result = runner.invoke(app, ["check", "broken.xlsx", "--json"])
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert sorted((e["code"], e["cell"]) for e in errors) == sorted([
        ("grade-unknown", "I5"), ("score-outside-band", "J6"), ("points-total-mismatch", None),
        ("yes-no-invalid", "L14"),
    ])
    assert all(e["file"] == "broken.xlsx" and e["sheet"] == "指标" for e in errors)
    total = next(e for e in errors if e["code"] == "points-total-mismatch")
    assert total["value"] == "605"
    assert listing(workspace) == before


def test_broken_indicators_in_the_terminal(runner, workspace):
    edited(workspace / "indicators.xlsx", workspace / "broken.xlsx", "指标", {"I5": "优"})
    result = runner.invoke(app, ["check", "broken.xlsx"])
    assert result.exit_code == 1
    assert "指标!I5" in result.stderr and "完成等次“优”无法识别" in result.stderr
    assert "Traceback" not in result.output


def test_indicators_as_csv_are_recognised_by_their_header(tmp_path):
    path = tmp_path / "考核.csv"
    path.write_text("序号,指标名称,分值,完成等次,得分\n1,党建,300,好,300\n2,会员,300,良好,270\n", encoding="utf-8")
    assert detect_kind(open_workbook(path), Policy()) == INDICATORS
    result = check_file(path, Policy())
    # No 个人原因 column: said, as nobody can be charged.
    assert (result.kind, [str(w.code) for w in result.warnings]) == (INDICATORS, ["no-fault-column"])


# --- ratings --------------------------------------------------------------------------------------


def test_example_ratings_have_no_problems(runner, workspace):
    before = listing(workspace)
    result = runner.invoke(app, ["check", "ratings.xlsx"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "ratings.xlsx：未发现问题（按民主测评表检查）", "已按指标表 indicators.xlsx 计入责任扣分", "读取方式：",
        "  工作表“测评” → 测评票（表头第 2 行）：被测评人，科室，测评人类别，德，能，勤，绩，廉",
        "  工作表“人员” → 人员名单（表头第 1 行）：工号，姓名，科室，岗位系数，在岗月数，上年度考核等次，违纪违法",
    ]
    assert "violation-veto" in result.stderr  # a warning, not a problem
    assert listing(workspace) == before


def test_check_names_the_unused_columns_apart_from_those_read(runner, tmp_path):
    """“备注 → 未使用” at the end of the list read as if every column listed were unused."""
    path = make_xlsx(tmp_path / "测评.xlsx", {"测评": [
        ["被测评人", "测评人类别", "德", "能", "勤", "绩", "廉", "备注", "联系电话"],
        ["张三", "同事", 9, 18, 27, 27, 9, None, None],
        ["李四", "同事", 8, 16, 24, 24, 8, "补录", None],
    ]})
    result = runner.invoke(app, ["check", str(path)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "  工作表“测评” → 测评票（表头第 1 行）：被测评人，测评人类别，德，能，勤，绩，廉；未使用：备注，联系电话"
    english = runner.invoke(app, ["check", str(path), "--lang", "en"], terminal_width=200)
    assert english.stdout.splitlines()[-1] == (
        "  sheet “测评” → ballots (header row 1): 被测评人, 测评人类别, 德, 能, 勤, 绩, 廉; not used: 备注, 联系电话")


def test_check_ratings_json(runner, workspace):
    result = runner.invoke(app, ["check", "ratings.xlsx", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["kind"], data["indicators"], data["errors"]) == ("ratings", "indicators.xlsx", [])
    assert [(w["code"], w["cell"]) for w in data["warnings"]] == [("violation-veto", "G12")]


def test_broken_ratings_list_every_problem(runner, workspace):
    wb = openpyxl.load_workbook(workspace / "ratings.xlsx")
    wb["测评"]["D3"] = 11  # 林振邦's first ballot: 德 above its maximum of 10
    wb["测评"]["F5"] = -1  # 勤 negative
    wb["测评"]["G6"] = "良"  # 绩 not a number
    wb["人员"]["B15"] = "童欣"  # the roster misspells 童欣怡 (her ballots start on row 133)
    wb.save(workspace / "broken.xlsx")
    before = listing(workspace)
    result = runner.invoke(app, ["check", "broken.xlsx", "--json"])
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["code"], e["sheet"], e["cell"], e["value"]) for e in errors] == [
        ("dimension-above-max", "测评", "D3", 11),
        ("dimension-negative", "测评", "F5", -1),
        ("number-invalid", "测评", "G6", "良"),
        ("ratee-not-on-roster", "测评", "A133", "童欣怡"),
        ("roster-without-ballots", "人员", "B15", "童欣"),
    ]
    assert listing(workspace) == before


def test_ratings_check_links_the_workspace_indicators(runner, workspace):
    """A 责任人 the ballots do not know is found by check, as appraise would find it."""
    edited(workspace / "indicators.xlsx", workspace / "indicators.xlsx", "指标", {"G19": "谢文彬"})
    result = runner.invoke(app, ["check", "ratings.xlsx", "--json"])
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["code"], error["file"], error["sheet"], error["cell"]) == (
        "responsible-not-found", "indicators.xlsx", "指标", "G19",
    )
    # The indicators workbook alone is fine: the name is only wrong against the staff.
    assert runner.invoke(app, ["check", "indicators.xlsx"]).exit_code == 0


def test_ratings_check_with_another_indicators_workbook(runner, workspace):
    (workspace / "indicators.xlsx").rename(workspace / "2015指标.xlsx")
    plain = json.loads(runner.invoke(app, ["check", "ratings.xlsx", "--json"]).stdout)
    assert plain["indicators"] is None
    linked = runner.invoke(app, ["check", "ratings.xlsx", "--indicators", "2015指标.xlsx", "--json"])
    assert linked.exit_code == 0
    assert json.loads(linked.stdout)["indicators"] == "2015指标.xlsx"


# --- what kind of workbook ------------------------------------------------------------------------


def test_kind_by_sheet_name():
    policy = load_policy(EXAMPLES / "jxkh.toml")
    assert detect_kind(open_workbook(EXAMPLES / "indicators.xlsx"), policy) == INDICATORS
    assert detect_kind(open_workbook(EXAMPLES / "ratings.xlsx"), policy) == RATINGS


def test_kind_by_header_when_the_sheet_has_another_name(tmp_path):
    ballots = make_xlsx(tmp_path / "b.xlsx", {"Sheet1": [["2015年测评"], ["姓名", "科室", "德", "能", "勤", "绩", "廉"]]})
    assert detect_kind(open_workbook(ballots), Policy()) == RATINGS
    form = make_xlsx(tmp_path / "f.xlsx", {"Sheet1": [["序号", "类别", "考核内容", "标准分", "等次", "科室"]]})
    assert detect_kind(open_workbook(form), Policy()) == INDICATORS


def test_an_unrecognisable_sheet_is_reported_as_indicators(runner, in_tmp):
    make_xlsx(in_tmp / "x.xlsx", {"Sheet1": [["甲", "乙"], [1, 2]]})
    result = runner.invoke(app, ["check", "x.xlsx", "--json"])
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert error["code"] == "header-not-found" and "指标名称" in error["message"]


# --- files ----------------------------------------------------------------------------------------


def test_missing_file(runner, in_tmp):
    result = runner.invoke(app, ["check", "nope.xlsx", "--json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["errors"][0]["code"] == "file-not-found"


def test_not_a_workbook(runner, in_tmp):
    (in_tmp / "notes.xlsx").write_text("这不是表格", encoding="utf-8")
    result = runner.invoke(app, ["check", "notes.xlsx", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["code"] == "not-a-workbook"


def test_check_file_raises_data_error_with_every_problem(tmp_path):
    broken = edited(EXAMPLES / "indicators.xlsx", tmp_path / "b.xlsx", "指标", {"I5": "优", "I6": "优"})
    with pytest.raises(DataError) as caught:
        check_file(broken, Policy())
    assert [(p.code, p.cell) for p in caught.value.problems.errors] == [("grade-unknown", "I5"), ("grade-unknown", "I6")]
