"""Tick-box ballots (`staff.method = "votes"`): one tick per ballot row among the grade boxes,
each worth its points (优秀 100, 称职 80, 基本称职 60, 不称职 40); the score is the mean."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from helpers import make_xlsx

from jxkh.cycle import appraise_file
from jxkh.policy import policy_from_dict
from jxkh.problems import DataError

POLICY = policy_from_dict({
    "staff": {"method": "votes", "votes": {"优秀": 100, "称职": 80, "基本称职": 60, "不称职": 40},
              "cutoffs": {"优秀": 90, "称职": 70, "基本称职": 50, "不称职": 0}},
    "bonus": {"deduct": {"不称职": 1}, "award_to": ["优秀", "称职"]},
})
HEADER = ["被测评人", "测评人", "优秀", "称职", "基本称职", "不称职"]


def run(tmp_path, rows):
    path = make_xlsx(tmp_path / "votes.xlsx", {"测评": [["2015年度公务员年度考核民主测评票"], HEADER, *rows]})
    return appraise_file(path, POLICY, write=False)


def test_votes_are_points_and_the_score_is_their_mean(tmp_path):
    result = run(tmp_path, [
        ["甲", "A", "√", None, None, None], ["甲", "B", "✓", None, None, None], ["甲", "C", 1, None, None, None],
        ["甲", "D", None, "是", None, None],  # (100 × 3 + 80) / 4 = 95 → 优秀
        ["乙", "A", "√", None, None, None], ["乙", "B", None, "1", None, None], ["乙", "C", None, None, "✔", None],
        # (100 + 80 + 60) / 3 = 80 → 称职
        ["丙", "A", None, None, None, "√"], ["丙", "B", "√", "√", None, None],  # two ticks: spoilt
        ["丙", "C", None, None, None, None], ["丙", "D", None, None, None, 1],  # none: spoilt; 40 → 不称职
    ])
    people = {p.name: (p.ballots, p.final, p.grade, p.dimensions) for p in result.people}
    assert people == {
        "甲": (4, D("95.00"), "优秀", {"得票分": D("95.00")}),
        "乙": (3, D("80.00"), "称职", {"得票分": D("80.00")}),
        "丙": (2, D("40.00"), "不称职", {"得票分": D("40.00")}),
    }
    spoilt = [(w.cell, w.value, w.params["count"], w.params["ticks"]) for w in result.warnings if w.code == "vote-spoilt"]
    assert spoilt == [("D11", "丙", 2, "优秀、称职"), ("C12", "丙", 0, "无")]


def test_an_unreadable_mark_is_an_error_at_its_cell(tmp_path):
    with pytest.raises(DataError) as error:
        run(tmp_path, [["甲", "A", "×", None, None, None], ["甲", "B", "√", None, None, None]])
    assert [(p.code, p.cell, p.value) for p in error.value.problems.errors] == [("vote-mark-unknown", "C3", "×")]


def test_votes_need_their_points():
    with pytest.raises(DataError) as error:
        policy_from_dict({"staff": {"method": "votes"}})
    assert [p.params["key"] for p in error.value.problems] == ["staff"]
