"""The 优秀 quota (2023 规定 §15): pools, base, rounding, the unit's level, and a decided list.

One ballot per person, its total the score, so every grade is read off 90/80/70.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from appraise_fixtures import HEADER, ballot
from helpers import make_xlsx

from jxkh.cycle import appraise_file
from jxkh.policy import policy_from_dict
from jxkh.problems import DataError
from jxkh.rules.quota import places

ROSTER = ["姓名", "职务层次", "优秀确认", "处分"]


def run(tmp_path, people, indicators=None, **staff):
    """`people`: [(name, score, 职务层次, 优秀确认, 处分)]."""
    ballots = [ballot(name, score) for name, score, *_ in people]
    roster = [[name, *rest] for name, _, *rest in people]
    path = make_xlsx(tmp_path / "ratings.xlsx", {"测评": [HEADER, *ballots], "人员": [ROSTER, *roster]})
    return appraise_file(path, policy_from_dict({"staff": staff}), indicators_path=indicators, write=False)


def grades(result):
    return {p.name: p.grade for p in result.people}


def test_places_by_rounding():
    # 4 × 20% = 0.8; 8 × 20% = 1.6; 8 × 15% = 1.2; 10 × 25% = 2.5 (round half up → 3).
    assert [places(D("0.2"), 4, r) for r in ("floor", "round", "ceil", "at_least_one")] == [0, 1, 1, 1]
    assert [places(D("0.2"), 8, r) for r in ("floor", "round", "ceil", "at_least_one")] == [1, 2, 2, 1]
    assert [places(D("0.15"), 8, r) for r in ("floor", "round", "ceil")] == [1, 1, 2]
    assert (places(D("0.25"), 10, "round"), places(D("0.2"), 5, "floor"), places(D("0.2"), 0, "at_least_one")) == (3, 1, 0)


def test_pools_apply_with_floor_and_no_borrowing(tmp_path):
    # 科员 6 × 20% = 1.2 → 1 place: 95 keeps it, 93 and 91 go down one grade.
    # 科级 4 × 20% = 0.8 → 0 places (notice): 96 and 92 are 良好, though 96 is first overall.
    people = [("甲", 95, "科员"), ("乙", 93, "科员"), ("丙", 91, "科员"), ("丁", 85, "科员"), ("戊", 80, "科员"),
              ("己", 75, "科员"), ("庚", 96, "科级"), ("辛", 92, "科级"), ("壬", 88, "科级"), ("癸", 70, "科级")]
    result = run(tmp_path, [(*p, None, None) for p in people], excellent_quota=0.2, quota="apply", quota_pools="职务层次")
    assert grades(result) == {"庚": "良好", "甲": "优秀", "乙": "良好", "辛": "良好", "丙": "良好", "壬": "良好",
                              "丁": "良好", "戊": "良好", "己": "合格", "癸": "合格"}
    assert [(p.name, p.base, p.allowed, [e.name for e in p.excellent]) for p in result.quota_pools] == [
        ("科级", 4, 0, []), ("科员", 6, 1, ["甲"])]
    (zero,) = [w for w in result.warnings if w.code == "quota-zero"]
    assert (zero.params["pool"], zero.params["base"], zero.params["raw"], zero.params["quota"]) == ("“科级”", 4, "0.8", "20%")
    assert result.quota_allowed == 1
    by = {p.name: p for p in result.people}
    assert (by["乙"].score_grade, by["乙"].ruled_by.text()) == ("优秀", "“科员”优秀名额已满（最多 1 人）")
    applied = [w.message("zh") for w in result.warnings if w.code == "quota-applied"]
    assert applied == ["“科级”优秀名额 0 人，按最终得分评为优秀：无；庚（96.00）、辛（92.00） 评为良好",
                       "“科员”优秀名额 1 人，按最终得分评为优秀：甲（95.00）；乙（93.00）、丙（91.00） 评为良好"]


def test_pools_listed_without_regrading(tmp_path):
    people = [("甲", 95, "科员"), ("乙", 93, "科员"), ("丙", 85, "科员"), ("丁", 80, "科员"), ("戊", 75, "科员"),
              ("庚", 96, "科级"), ("辛", 70, "科级")]
    result = run(tmp_path, [(*p, None, None) for p in people], excellent_quota=0.2, quota_pools="职务层次")
    assert grades(result)["乙"] == "优秀" and grades(result)["庚"] == "优秀"
    over = [(w.params["pool"], w.params["allowed"], w.params["names"]) for w in result.warnings if w.code == "excellent-quota-exceeded"]
    assert over == [("“科级”", 0, "庚（96.00）"), ("“科员”", 1, "乙（93.00）")]


def test_a_small_unit_gets_no_place_with_a_notice(tmp_path):
    result = run(tmp_path, [(n, 95, None, None, None) for n in "甲乙丙丁"], excellent_quota=0.2, quota="apply")
    assert set(grades(result).values()) == {"良好"}
    (zero,) = [w for w in result.warnings if w.code == "quota-zero"]
    assert zero.message("zh") == "应计人数 4 人 × 优秀比例 20% = 0.8，按 floor 取整为 0：本年度没有优秀名额"
    one = run(tmp_path, [(n, s, None, None, None) for n, s in zip("甲乙丙丁", (95, 94, 93, 80))], excellent_quota=0.2,
              quota="apply", quota_rounding="at_least_one")
    assert grades(one) == {"甲": "优秀", "乙": "良好", "丙": "良好", "丁": "良好"}


def test_base_graded_leaves_out_the_ungraded(tmp_path):
    # 10 people, 2 不定等次 (记过). all: 10 × 20% = 2 places; graded: 8 × 20% = 1.6 → 1.
    people = [(f"人{i}", 99 - i, None, None, "记过" if i < 2 else None) for i in range(10)]
    everyone = run(tmp_path, people, excellent_quota=0.2, quota="apply")
    graded = run(tmp_path, people, excellent_quota=0.2, quota="apply", quota_base="graded")
    assert [p.base for p in everyone.quota_pools] == [10] and [p.base for p in graded.quota_pools] == [8]
    assert [p.name for p in everyone.people if p.grade == "优秀"] == ["人2", "人3"]
    assert [p.name for p in graded.people if p.grade == "优秀"] == ["人2"]
    assert everyone.grades["不定等次"] == 2


def _indicators(tmp_path, grade):
    rows = [["类别", "指标名称", "分值", "完成等次"], ["规定指标", "全年工作", 600, grade]]
    return make_xlsx(tmp_path / f"indicators-{grade}.xlsx", {"指标": rows})


def test_quota_follows_the_units_level(tmp_path):
    # 好 → 25%: 8 × 0.25 = 2 places; 差 → 15%: 8 × 0.15 = 1.2 → 1.
    people = [(f"人{i}", 99 - i, None, None, None) for i in range(8)]
    levels = {"quota_by_level": {"好": 0.25, "良好": 0.2, "一般": 0.2, "差": 0.15}, "quota": "apply"}
    good = run(tmp_path, people, _indicators(tmp_path, "好"), **levels)
    poor = run(tmp_path, people, _indicators(tmp_path, "差"), **levels)
    assert (good.level, good.quota_source, good.quota_allowed, good.grades["优秀"]) == ("好", "staff.quota_by_level.好", 2, 2)
    assert (poor.level, poor.quota_source, poor.quota_allowed, poor.grades["优秀"]) == ("差", "staff.quota_by_level.差", 1, 1)


def test_quota_by_level_without_indicators_falls_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    people = [(f"人{i}", 99 - i, None, None, None) for i in range(8)]
    result = run(tmp_path, people, quota_by_level={"好": 0.25}, excellent_quota=0.125, quota="apply")
    (notice,) = [w for w in result.warnings if w.code == "quota-level-unknown"]
    assert notice.params["fallback"] == "12.5%"
    assert (result.quota_source, result.quota_allowed) == ("staff.excellent_quota", 1)


TIE = [("甲", 95), ("乙", 93), ("丙", 93), ("丁", 85), ("戊", 60)]  # 5 × 40% = 2 places: 乙 and 丙 tie for the second


def _tie(tmp_path, decisions):
    return run(tmp_path, [(n, s, None, decisions.get(n), None) for n, s in TIE], excellent_quota=0.4, quota="apply")


def test_an_undecided_tie_is_an_error_naming_people_and_column(tmp_path):
    with pytest.raises(DataError) as error:
        _tie(tmp_path, {})
    (problem,) = error.value.problems.errors
    assert problem.code == "quota-tie-undecided"
    assert problem.message("zh") == (
        "最后 1 个优秀名额出现同分（93.00 分）：乙（93.00）、丙（93.00）；请单位研究决定，在人员表“优秀确认”列对其中 1 人填“是”、其余填“否”")


def test_the_units_decision_is_applied_and_shown(tmp_path):
    result = _tie(tmp_path, {"丙": "是", "乙": "否"})
    assert grades(result) == {"甲": "优秀", "乙": "良好", "丙": "优秀", "丁": "良好", "戊": "不合格"}
    by = {p.name: p for p in result.people}
    # 乙's 否 takes them out first: 丙 then has the place without a tie.
    assert not by["丙"].quota_confirmed and by["乙"].ruled_by.text() == "单位研究决定不评为优秀（优秀确认：否）"
    # 是 for one is enough: the other tied one loses the place, and says why.
    alone = _tie(tmp_path, {"乙": "是"})
    assert grades(alone)["乙"] == "优秀" and grades(alone)["丙"] == "良好"
    assert [p.name for p in alone.people if p.quota_confirmed] == ["乙"]
    assert {p.name: p for p in alone.people}["丙"].ruled_by.text() == "优秀名额边界同分（93.00 分），单位确认由他人获得"
    # 否 for one leaves the place to the other without a tie.
    assert grades(_tie(tmp_path, {"丙": "否"}))["乙"] == "优秀"


def test_more_confirmed_than_places_is_an_error(tmp_path):
    with pytest.raises(DataError) as error:
        _tie(tmp_path, {"乙": "是", "丙": "是"})
    assert [(p.code, p.params["chosen"], p.params["left"]) for p in error.value.problems.errors] == [
        ("quota-confirm-excess", 2, 1)]


def test_pool_column_missing(tmp_path):
    with pytest.raises(DataError) as error:
        run(tmp_path, [("甲", 95, None, None, None)], excellent_quota=0.2, quota_pools="岗位类别")
    assert [p.code for p in error.value.problems.errors] == ["quota-pool-column-missing"]


def test_blank_pool_cell_is_an_error(tmp_path):
    with pytest.raises(DataError) as error:
        run(tmp_path, [("甲", 95, "科员", None, None), ("乙", 90, None, None, None)], excellent_quota=0.2,
            quota_pools="职务层次")
    assert [(p.code, p.cell) for p in error.value.problems.errors] == [("value-required", "B3")]


def test_confirm_outside_apply_mode_is_named_not_used(tmp_path):
    result = run(tmp_path, [("甲", 95, None, "否", None), ("乙", 85, None, None, None)], excellent_quota=0.5)
    assert grades(result) == {"甲": "优秀", "乙": "良好"}
    assert [(w.code, w.params["names"]) for w in result.warnings if w.code == "quota-confirm-ignored"] == [
        ("quota-confirm-ignored", "甲")]
