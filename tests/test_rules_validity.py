"""Ballot validity rules (`[validity]`), worked by hand. A paper is one 测评人's ballots."""

from __future__ import annotations

from decimal import Decimal as D

from appraise_fixtures import ballot, write_ratings

from jxkh.cycle import appraise_file
from jxkh.policy import policy_from_dict


def papers(marks: dict[str, dict[str, int]]) -> list[list]:
    """{rater: {ratee: total}} → ballot rows, rater by rater."""
    return [ballot(ratee, total, rater=rater) for rater, line in marks.items() for ratee, total in line.items()]


def run(tmp_path, marks, **validity):
    path = write_ratings(tmp_path / "ratings.xlsx", papers(marks))
    return appraise_file(path, policy_from_dict({"validity": validity}), write=False)


def finals(result):
    return {p.name: (p.ballots, p.final, p.grade) for p in result.people}


MARKS = {
    "张": {"甲": 95, "乙": 92, "丙": 80},  # two at 90 or more
    "李": {"甲": 95, "乙": 85, "丙": 80},
    "王": {"甲": 90, "乙": 88, "丙": 70},  # exactly one at 90 (the cut-off counts)
}


def test_top_cap_invalidates_the_whole_paper(tmp_path):
    # Cap 1: 张's paper is out. 甲 (95 + 90) / 2 = 92.50, 乙 (85 + 88) / 2 = 86.50, 丙 (80 + 70) / 2 = 75.00.
    result = run(tmp_path, MARKS, top_cap=1)
    assert finals(result) == {"甲": (2, D("92.50"), "优秀"), "乙": (2, D("86.50"), "良好"), "丙": (2, D("75.00"), "合格")}
    (notice,) = [w for w in result.warnings if w.code == "ballot-over-top-cap"]
    assert (notice.value, notice.cell, notice.params["count"], notice.params["cap"]) == ("张", "D2", 2, 1)
    assert result.ballots_excluded == 3
    # Cap 2: every paper is valid; 甲 (95 + 95 + 90) / 3 = 93.33.
    assert finals(run(tmp_path, MARKS, top_cap=2))["甲"] == (3, D("93.33"), "优秀")


def test_all_full_marks_and_identical_papers(tmp_path):
    marks = {**MARKS, "赵": {"甲": 100, "乙": 100, "丙": 100}, "钱": {"甲": 85, "乙": 85, "丙": 85}}
    counted = finals(run(tmp_path, marks))
    assert counted["丙"] == (5, D("83.00"), "良好")  # (80 + 80 + 70 + 100 + 85) / 5
    full = run(tmp_path, marks, full_marks=True)
    assert finals(full)["丙"] == (4, D("78.75"), "合格")  # (80 + 80 + 70 + 85) / 4
    assert [(w.code, w.value) for w in full.warnings if w.code.startswith("ballot-")] == [("ballot-all-full-marks", "赵")]
    both = run(tmp_path, marks, full_marks=True, identical=True)
    assert finals(both)["丙"] == (3, D("76.67"), "合格")  # (80 + 80 + 70) / 3
    assert [w.value for w in both.warnings if w.code == "ballot-identical"] == ["钱"]


def test_self_rating_is_invalid_only_for_oneself(tmp_path):
    marks = {**MARKS, "甲": {"甲": 100, "乙": 60, "丙": 60}}
    result = run(tmp_path, marks, self_rating=True)
    people = finals(result)
    assert people["甲"] == (3, D("93.33"), "优秀")  # 95, 95, 90: their own 100 is out
    assert people["乙"] == (4, D("81.25"), "良好")  # 92, 85, 88, 60 still count
    (notice,) = [w for w in result.warnings if w.code == "ballot-self-excluded"]
    assert (notice.value, notice.cell) == ("甲", "D11")


def test_too_few_valid_ballots_withholds_the_result(tmp_path):
    # 张's paper is invalid under the cap: 2 valid ballots each, fewer than 3 → 暂缓.
    result = run(tmp_path, MARKS, top_cap=1, min_valid=3)
    assert {p.name: p.grade for p in result.people} == {"甲": "暂缓", "乙": "暂缓", "丙": "暂缓"}
    assert result.people[0].ruled_by.text() == "有效票 2 张，少于 3 张"
    # Exactly 3: graded.
    assert {p.grade for p in run(tmp_path, MARKS, min_valid=3).people} == {"优秀", "良好", "合格"}


def test_rules_need_a_rater_column(tmp_path):
    rows = [ballot(n, t) for n, t in (("甲", 95), ("乙", 85))]
    path = write_ratings(tmp_path / "ratings.xlsx", rows)
    result = appraise_file(path, policy_from_dict({"validity": {"identical": True}}), write=False)
    assert [w.code for w in result.warnings] == ["validity-needs-rater"]
    assert {p.name: p.grade for p in result.people} == {"甲": "优秀", "乙": "良好"}
