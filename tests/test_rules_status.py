"""不定等次, 处分 and 上年度考核等次 (`[status]`, `[prior]`), worked by hand.

Each person gets one ballot whose total is their score (`prop` splits it 10:20:30:30:10), so
the score grade is read off the 90/80/70 cut-offs. The appraisal year is 2015, from the
default title 本单位2015年度绩效管理.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from appraise_fixtures import HEADER, ballot, by_name
from helpers import make_xlsx

from jxkh.cycle import appraise_file, bonus_file
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError
from jxkh.rules.standing import months_served

ROSTER = ["工号", "姓名", "科室", "违纪违法", "处分/组织处理", "处分年度", "试用期", "入职日期", "病事假月数", "立案审查", "上年度考核等次"]


def member(name, *, violation=None, sanction=None, since=None, probation=None, hired=None, leave=None, case=None, prior=None):
    return [None, name, None, violation, sanction, since, probation, hired, leave, case, prior]


def run(tmp_path, people, policy=None, header=ROSTER, **kwargs):
    """`people`: {name: (score, roster row)}."""
    ballots = [ballot(name, score) for name, (score, _) in people.items()]
    path = make_xlsx(tmp_path / "ratings.xlsx", {"测评": [HEADER, *ballots], "人员": [header, *(row for _, row in people.values())]})
    return appraise_file(path, policy or Policy(), write=False, **kwargs)


def grades(result):
    return {p.name: p.grade for p in result.people}


def test_each_effect_of_the_table(tmp_path):
    result = run(tmp_path, {
        "甲": (95, member("甲", sanction="警告")),  # 不得评优秀: 优秀 → 良好
        "乙": (85, member("乙", sanction="诫勉")),  # already 良好: the cap changes nothing
        "丙": (92, member("丙", sanction="记过")),  # no 等次 that year
        "丁": (88, member("丁", sanction="严重警告")),
        "戊": (91, member("戊", sanction="记大过", since=2014)),  # 2014 and 2015: no 等次
        "己": (93, member("己", sanction="降级", since=2013)),  # 2013 and 2014 only: 优秀
        "庚": (76, member("庚", sanction="撤职", since="2015年")),
        "辛": (60, member("辛", sanction="无")),
    })
    assert grades(result) == {"甲": "良好", "乙": "良好", "丙": "不定等次", "丁": "不定等次", "戊": "不定等次",
                              "己": "优秀", "庚": "不定等次", "辛": "不合格"}
    people = by_name(result)
    assert (people["甲"].score_grade, people["甲"].ruled_by.effect, people["甲"].ruled_by.grade) == ("优秀", "cap", "良好")
    assert people["乙"].ruled_by is None and [r.rule for r in people["乙"].rulings] == ["sanction"]
    assert people["戊"].ruled_by.key == "status.sanctions.记大过"
    assert people["戊"].ruled_by.text() == "处分/组织处理：记大过（2014年度）"
    ruled = [(w.value, w.cell, w.params["grade"]) for w in result.warnings if w.code == "grade-ruled"]
    assert ruled == [("甲", "E2", "良好"), ("丙", "E4", "不定等次"), ("丁", "E5", "不定等次"), ("戊", "E6", "不定等次"),
                     ("庚", "E8", "不定等次")]
    (old,) = [w for w in result.warnings if w.code == "sanction-not-this-year"]
    assert (old.value, old.cell, old.params["since"], old.params["years"]) == ("己", "F7", 2013, 2)
    # 不定等次 are in no grade's count; the JSON names the rule.
    assert result.grades == {"优秀": 1, "良好": 2, "合格": 0, "不合格": 1, "不定等次": 4}
    assert people["丙"].to_json()["rule"] == {"rule": "sanction", "effect": "none", "grade": None,
                                              "key": "status.sanctions.记过", "cell": "E4",
                                              "reason": "处分/组织处理：记过（2015年度）"}
    assert "rule" not in people["己"].to_json()


def test_probation_new_hire_leave_investigation(tmp_path):
    result = run(tmp_path, {
        "甲": (95, member("甲", probation="是")),  # §37
        "乙": (96, member("乙", hired=dt.datetime(2015, 7, 1))),  # 6 months by 31 December: graded
        "丙": (97, member("丙", hired="2015-07-02")),  # 5 months: 不定等次
        "丁": (93, member("丁", hired="2014年3月")),
        "戊": (94, member("戊", leave=6)),  # §41 超过半年: 6 is not over
        "己": (72, member("己", leave="6.5")),
        "庚": (99, member("庚", case="是")),  # §42 暂缓
    })
    assert grades(result) == {"甲": "不定等次", "乙": "优秀", "丙": "不定等次", "丁": "优秀", "戊": "优秀",
                              "己": "不定等次", "庚": "暂缓"}
    people = by_name(result)
    assert people["丙"].ruled_by.text() == "2015-07-02入职，本年度在本单位 5 个月，不满 6 个月"
    assert people["己"].ruled_by.text() == "病事假 6.5 个月，超过 6 个月"
    assert people["庚"].ruled_by.rule == "investigation" and people["庚"].ruled_by.cell == "J8"
    assert result.grades["暂缓"] == 1 and result.grades["不定等次"] == 3


def test_months_served_boundaries():
    assert [months_served(dt.date(2015, m, d), 2015) for m, d in [(1, 1), (1, 2), (7, 1), (7, 2), (12, 31)]] == [12, 11, 6, 5, 0]
    assert (months_served(dt.date(2014, 12, 31), 2015), months_served(dt.date(2016, 1, 1), 2015)) == (12, 0)


def test_heaviest_wins_and_is_named(tmp_path):
    result = run(tmp_path, {
        "甲": (94, member("甲", sanction="警告、记过")),  # none beats cap
        "乙": (91, member("乙", sanction="警告", case="是")),  # pending beats cap
        "丙": (98, member("丙", violation="是", case="是", sanction="记大过")),  # force beats pending and none
        "丁": (85, member("丁", probation="是", case="是")),  # pending beats none
    })
    assert grades(result) == {"甲": "不定等次", "乙": "暂缓", "丙": "不合格", "丁": "暂缓"}
    people = by_name(result)
    assert people["甲"].ruled_by.key == "status.sanctions.记过"
    assert [r.rule for r in people["丙"].rulings] == ["sanction", "investigation", "violation"]
    assert people["丙"].ruled_by.rule == "violation"
    ruled = {w.value: w.params["others"] for w in result.warnings if w.code == "grade-ruled"}
    assert ruled == {"甲": "处分/组织处理：警告（2015年度）", "乙": "处分/组织处理：警告（2015年度）", "丁": "试用期内"}
    # 违纪违法 keeps its own notice.
    assert [w.value for w in result.warnings if w.code == "violation-veto"] == ["丙"]


def test_a_policy_effect_table_of_its_own(tmp_path):
    policy = policy_from_dict({"status": {"year": 2016, "sanctions": {
        "警告": {"effect": "cap", "grade": "合格"}, "通报批评": {"effect": "force", "grade": "合格"},
    }}})
    result = run(tmp_path, {
        "甲": (95, member("甲", sanction="警告", since=2016)),
        "乙": (95, member("乙", sanction="通报批评")),
        "丙": (95, member("丙", sanction="警告", since=2015)),  # years = 1: not 2016
    }, policy)
    assert grades(result) == {"甲": "合格", "乙": "合格", "丙": "优秀"}


def test_bad_cells_are_errors_with_their_cell(tmp_path):
    with pytest.raises(DataError) as error:
        run(tmp_path, {
            "甲": (95, member("甲", sanction="记功")),
            "乙": (95, member("乙", hired="七月", leave=13, since="去年", sanction="警告")),
            "丙": (95, member("丙", case="可能")),
        })
    assert [(p.code, p.cell, p.value) for p in error.value.problems.errors] == [
        ("sanction-unknown", "E2", "记功"), ("year-invalid", "F3", "去年"), ("date-invalid", "H3", "七月"),
        ("leave-months-out-of-range", "I3", 13), ("yes-no-invalid", "J4", "可能"),
    ]


def test_sanction_year_needs_the_appraisal_year(tmp_path):
    policy = policy_from_dict({"title": "某单位年度绩效管理"})
    with pytest.raises(DataError) as error:
        run(tmp_path, {"甲": (95, member("甲", sanction="记过", since=2015))}, policy)
    assert [(p.code, p.cell) for p in error.value.problems.errors] == [("year-unknown", "F2")]


# --- 上年度考核等次 --------------------------------------------------------------------------


def test_prior_grade_is_displayed_by_default(tmp_path):
    result = run(tmp_path, {"甲": (95, member("甲", prior="不合格"))})
    assert (grades(result), by_name(result)["甲"].final) == ({"甲": "优秀"}, D("95.00"))


def test_prior_grade_caps(tmp_path):
    policy = policy_from_dict({"prior": {"rule": "cap", "caps": {"不合格": "合格", "基本合格": "良好"}}})
    result = run(tmp_path, {
        "甲": (95, member("甲", prior="不合格")), "乙": (95, member("乙", prior="基本合格")),
        "丙": (75, member("丙", prior="不合格")), "丁": (95, member("丁", prior="优秀")),
    }, policy)
    assert grades(result) == {"甲": "合格", "乙": "良好", "丙": "合格", "丁": "优秀"}
    assert by_name(result)["甲"].ruled_by.text() == "上年度考核等次为不合格"


def test_prior_grade_points(tmp_path):
    # 89 + 1 = 90 reaches 优秀 exactly; 80 − 0.5 = 79.5 falls to 合格; 99.5 + 1 stops at 100.
    policy = policy_from_dict({"prior": {"rule": "points", "points": {"优秀": 1, "不合格": -0.5}}})
    result = run(tmp_path, {
        "甲": (89, member("甲", prior="优秀")), "乙": (80, member("乙", prior="不合格")),
        "丙": (99.5, member("丙", prior="优秀")), "丁": (85, member("丁")),
    }, policy)
    people = by_name(result)
    assert [(people[n].rating, people[n].prior_points, people[n].final, people[n].grade) for n in "甲乙丙丁"] == [
        (D("89.00"), D("1.00"), D("90.00"), "优秀"), (D("80.00"), D("-0.50"), D("79.50"), "合格"),
        (D("99.50"), D("1.00"), D("100"), "优秀"), (D("85.00"), D("0.00"), D("85.00"), "良好"),
    ]


# --- the bonus of 不定等次 ----------------------------------------------------------------------


def test_ungraded_bonus_share_from_the_policy(tmp_path):
    # Base 1000 each. 乙 (合格) loses 20% = 200; 丙 (不定等次) loses bonus.deduct_ungraded.
    people = {"甲": (95, member("甲")), "乙": (75, member("乙")), "丙": (95, member("丙", sanction="记过"))}
    ballots = [ballot(n, s) for n, (s, _) in people.items()]
    path = make_xlsx(tmp_path / "ratings.xlsx", {"测评": [HEADER, *ballots], "人员": [ROSTER, *(r for _, r in people.values())]})
    keep = bonus_file(path, Policy(), 3000, write=False)
    assert {a.name: (a.grade, a.amount) for a in keep.people} == {
        "甲": ("优秀", D("1200.00")), "乙": ("合格", D("800.00")), "丙": ("不定等次", D("1000.00"))}
    half = bonus_file(path, policy_from_dict({"bonus": {"deduct_ungraded": 0.5}}), 3000, write=False)
    assert {a.name: a.amount for a in half.people} == {"甲": D("1700.00"), "乙": D("800.00"), "丙": D("500.00")}
