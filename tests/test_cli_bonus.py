"""`jxkh bonus`: ballots in, the appraisal recomputed, the pool split, bonus.xlsx out."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from helpers import make_xlsx, read_back
from jxkh.cli import app
from jxkh.cycle import bonus_file
from jxkh.jsonout import dumps
from jxkh.policy import Policy

BALLOT_HEADER = ["被测评人", "科室", "德", "能", "勤", "绩", "廉"]
ROSTER_HEADER = ["工号", "姓名", "科室", "岗位系数", "在岗月数"]

# One tallied ballot each: 95 优秀, 87 良好, 75 合格, 64 不合格, 90 优秀 (at the cut-off).
BALLOTS = [
    ["甲一", "办公室", 10, 19, 28, 28, 10],
    ["乙二", "办公室", 9, 17, 26, 26, 9],
    ["丙三", "会员部", 8, 15, 22, 22, 8],
    ["丁四", "会员部", 6, 12, 20, 20, 6],
    ["戊五", "会员部", 9, 18, 27, 27, 9],
]
ROSTER = [
    ["A01", "甲一", "办公室", 1.2, 12],
    ["A02", "乙二", "办公室", 1, 12],
    ["A03", "丙三", "会员部", 1, 12],
    ["A04", "丁四", "会员部", 1, 6],
    ["A05", "戊五", "会员部", 1, 12],
]
# Weights 1.2 + 1 + 1 + 0.5 + 1 = 4.7, so 47000 gives bases 12000, 10000, 10000, 5000, 10000.
# 丙三 (合格) loses 2000, 丁四 (不合格) 5000: 7000 to the two 优秀 ∝ 12000 : 10000 =
# 3818.1818… and 3181.8181…; the fen left goes to the larger remainder (.81, 戊五).
AMOUNTS = {"甲一": D("15818.18"), "乙二": D("10000.00"), "丙三": D("8000.00"), "丁四": D("0.00"), "戊五": D("13181.82")}


def write_ratings(path: Path, ballots=BALLOTS, roster=ROSTER) -> Path:
    return make_xlsx(path, {"测评": [BALLOT_HEADER, *ballots], "人员": [ROSTER_HEADER, *roster]})


@pytest.fixture
def workspace(in_tmp) -> Path:
    write_ratings(in_tmp / "ratings.xlsx")
    return in_tmp


def test_bonus_in_a_workspace(runner, workspace):
    result = runner.invoke(app, ["bonus", "--pool", "47000"])
    assert result.exit_code == 0, result.output
    out = workspace / "bonus.xlsx"
    assert out.exists()
    rows = read_back(out, "奖金分配")
    assert rows[0] == ["工号", "科室", "姓名", "岗位系数", "在岗月数", "考评得分", "等次", "扣减比例", "基数", "扣减", "补增", "金额"]
    assert {r[2]: (r[6], D(str(r[8])), D(str(r[9])), D(str(r[10])), D(str(r[11]))) for r in rows[1:-1]} == {
        "甲一": ("优秀", D(12000), D(0), D("3818.18"), AMOUNTS["甲一"]),
        "乙二": ("良好", D(10000), D(0), D(0), AMOUNTS["乙二"]),
        "丙三": ("合格", D(10000), D(2000), D(0), AMOUNTS["丙三"]),
        "丁四": ("不合格", D(5000), D(5000), D(0), AMOUNTS["丁四"]),
        "戊五": ("优秀", D(10000), D(0), D("3181.82"), AMOUNTS["戊五"]),
    }
    assert rows[-1][0] == "合计" and rows[-1][-1] == 47000
    # 奖金分配 follows the appraisal's rank; the 公示 the roster's order, by 科室.
    assert [r[2] for r in rows[1:-1]] == ["甲一", "戊五", "乙二", "丙三", "丁四"]
    notice = read_back(out, "公示")
    assert notice[1:7] == [
        [1, "办公室", "甲一", "优秀", 15818.18],
        [2, "办公室", "乙二", "良好", 10000],
        [3, "会员部", "丙三", "合格", 8000],
        [4, "会员部", "丁四", "不合格", 0],
        [5, "会员部", "戊五", "优秀", 13181.82],
        ["合计", None, "5 人", None, 47000],
    ]
    assert "15,818.18" in result.stdout and "13,181.82" in result.stdout
    assert "奖金总额 47,000.00 元，扣减合计 7,000.00 元，按基数比例补给优秀等次 2 人" in result.stdout
    assert "未提供指标表，未计入责任扣分" in result.stdout
    assert f"已生成：{Path('bonus.xlsx')}" in result.stdout


def test_json_is_the_library_result(runner, workspace):
    result = runner.invoke(app, ["bonus", "--pool", "47000", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["pool", "people", "deducted_total", "warnings", "output"]
    assert {p["name"]: D(str(p["amount"])) for p in data["people"]} == AMOUNTS
    assert data["pool"] == 47000 and data["deducted_total"] == 7000
    assert '"pool": 47000.00' in result.stdout  # money at bonus.unit, an exact JSON number
    assert data["people"][0] == {"id": "A01", "name": "甲一", "department": "办公室", "grade": "优秀", "base": 12000, "deducted": 0,
                                 "awarded": 3818.18, "amount": 15818.18}
    assert data["output"] == "bonus.xlsx"
    library = bonus_file(workspace / "ratings.xlsx", Policy(), "47000", write=False).to_json()
    library["output"] = "bonus.xlsx"
    assert result.stdout == dumps(library) + "\n"


def test_ratings_given_as_argument_writes_beside_it(runner, in_tmp):
    (in_tmp / "data").mkdir()
    write_ratings(in_tmp / "data" / "测评2015.xlsx")
    result = runner.invoke(app, ["bonus", "data/测评2015.xlsx", "--pool", "47000"])
    assert result.exit_code == 0, result.output
    assert (in_tmp / "data" / "bonus.xlsx").exists() and not (in_tmp / "bonus.xlsx").exists()


def test_output_option(runner, workspace):
    result = runner.invoke(app, ["bonus", "--pool", "47000", "-o", "2015年奖金.xlsx"])
    assert result.exit_code == 0, result.output
    assert (workspace / "2015年奖金.xlsx").exists() and not (workspace / "bonus.xlsx").exists()


@pytest.mark.parametrize("args, exit_code, code", [([], 2, "pool-missing"), (["--pool", "0"], 1, "pool-invalid"),
                                                   (["--pool", "-100"], 1, "pool-invalid"), (["--pool", "五万"], 1, "pool-invalid")])
def test_bad_pool_exits_and_writes_nothing(runner, workspace, args, exit_code, code):
    """No --pool is wrong usage (exit 2); a pool that is not a positive amount is bad input (exit 1)."""
    result = runner.invoke(app, ["bonus", *args, "--json"])
    assert result.exit_code == exit_code
    data = json.loads(result.stdout)
    assert [e["code"] for e in data["errors"]] == [code]
    assert not (workspace / "bonus.xlsx").exists()


def test_bad_pool_message(runner, workspace):
    result = runner.invoke(app, ["bonus", "--pool", "abc"])
    assert result.exit_code == 1
    assert "奖金总额“abc”无效，请用 --pool 给出大于 0 的金额，如 --pool 50000" in result.stderr
    english = runner.invoke(app, ["bonus", "--pool", "abc", "--lang", "en"])
    assert "bonus pool “abc” is not valid; give an amount above 0 with --pool" in english.stderr


def test_bad_pool_and_bad_ballots_are_reported_together(runner, in_tmp):
    ballots = [list(row) for row in BALLOTS]
    ballots[1][3] = 25  # 能 is out of 20: 测评!D3
    write_ratings(in_tmp / "ratings.xlsx", ballots)
    result = runner.invoke(app, ["bonus", "--pool", "-1", "--json"])
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["code"], e["sheet"], e["cell"]) for e in errors] == [
        ("pool-invalid", None, None),
        ("dimension-above-max", "测评", "D3"),
    ]
    assert not (in_tmp / "bonus.xlsx").exists()


def test_pool_too_small(runner, workspace):
    result = runner.invoke(app, ["bonus", "--pool", "0.04", "--json"])
    assert result.exit_code == 1
    (error,) = json.loads(result.stdout)["errors"]
    assert error["code"] == "pool-too-small"
    assert error["message"] == "奖金总额 0.04 元不足每人 0.01 元（5 人）"


def test_bad_roster_values_are_reported_once_with_their_cells(runner, in_tmp):
    roster = [list(row) for row in ROSTER]
    roster[0][3] = 0  # 岗位系数 0: 人员!D2
    roster[2][4] = 13  # 在岗月数 13: 人员!E4
    write_ratings(in_tmp / "ratings.xlsx", roster=roster)
    result = runner.invoke(app, ["bonus", "--pool", "47000", "--json"])
    assert result.exit_code == 1
    errors = [(e["code"], e["sheet"], e["cell"]) for e in json.loads(result.stdout)["errors"]]
    # The roster reader reports them with their cells; the split does not report them again.
    assert errors[:2] == [("coefficient-not-positive", "人员", "D2"), ("months-out-of-range", "人员", "E4")]
    assert [code for code, _, _ in errors].count("coefficient-not-positive") == 1
    assert [code for code, _, _ in errors].count("months-out-of-range") == 1
    assert not (in_tmp / "bonus.xlsx").exists()


def test_nobody_to_award_warns(runner, in_tmp):
    ballots = [BALLOTS[2], BALLOTS[3]]  # 合格 and 不合格 only
    write_ratings(in_tmp / "ratings.xlsx", ballots, [ROSTER[2], ROSTER[3]])
    result = runner.invoke(app, ["bonus", "--pool", "15000"])
    assert result.exit_code == 0, result.output
    # Bases 10000 and 5000; 2000 + 5000 deducted goes back to 丙三, the one deducted least.
    assert "no-recipients" in result.stderr
    assert "没有优秀、良好等次的人员，扣减的 7000.00 元按基数比例退还给扣减比例最低的合格等次 1 人" in result.stderr
    notes = {r[0]: r[1] for r in read_back(in_tmp / "bonus.xlsx", "说明")}
    assert notes["补增"] == "没有优秀、良好等次的人员，扣减的 7,000.00 元按基数比例退还给扣减比例最低的合格等次 1 人。"


def test_output_may_not_be_the_input(runner, workspace):
    before = (workspace / "ratings.xlsx").read_bytes()
    result = runner.invoke(app, ["bonus", "--pool", "47000", "-o", "ratings.xlsx"])
    assert result.exit_code == 2
    assert (workspace / "ratings.xlsx").read_bytes() == before


def test_no_ratings_in_the_workspace(runner, in_tmp):
    result = runner.invoke(app, ["bonus", "--pool", "47000"])
    assert result.exit_code == 2


def test_user_text_is_not_markup(runner, in_tmp):
    ballots = [list(row) for row in BALLOTS]
    roster = [list(row) for row in ROSTER]
    ballots[0][1] = roster[0][2] = "[bold red]办公室[/]"
    write_ratings(in_tmp / "ratings.xlsx", ballots, roster)
    result = runner.invoke(app, ["bonus", "--pool", "47000"])
    assert result.exit_code == 0, result.output
    assert "[bold red]办公室[/]" in result.stdout


def test_accountability_from_the_workspace_indicators(runner, in_tmp):
    """The example unit: with indicators.xlsx beside the ballots, 何静远 (91.6 − 8 = 83.6) is
    良好 and 罗家俊 (84.6 − 6) 合格; without it they are 优秀 and 良好."""
    from jxkh.example import write_example

    write_example(in_tmp)
    with_charges = runner.invoke(app, ["bonus", "--pool", "50000", "--json"])
    assert with_charges.exit_code == 0, with_charges.output
    grades = {p["name"]: p["grade"] for p in json.loads(with_charges.stdout)["people"]}
    assert (grades["何静远"], grades["罗家俊"]) == ("良好", "合格")

    (in_tmp / "indicators.xlsx").rename(in_tmp / "指标.xlsx")
    without = runner.invoke(app, ["bonus", "--pool", "50000", "--json"])
    grades = {p["name"]: p["grade"] for p in json.loads(without.stdout)["people"]}
    assert (grades["何静远"], grades["罗家俊"]) == ("优秀", "良好")

    explicit = runner.invoke(app, ["bonus", "--pool", "50000", "--indicators", "指标.xlsx"])
    assert explicit.exit_code == 0, explicit.output
    assert "已按指标表 指标.xlsx 计入责任扣分" in explicit.stdout
    notes = {r[0]: r[1] for r in read_back(in_tmp / "bonus.xlsx", "说明")}
    assert notes["考评依据"] == "等次由 ratings.xlsx 的测评票重新计算；已按指标表 指标.xlsx 计入责任扣分"
    assert "输入文件 指标.xlsx" in notes
