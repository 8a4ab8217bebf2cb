"""Appraisal worked by hand from the policy (附件1 四(2)): ballots written to .xlsx, read back, appraised.

德10 能20 勤30 绩30 廉10; 90分以上优秀、80—89良好、70—79合格、70分以下不合格, applied to
the final score after 四舍五入 at 2 decimals.
"""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import openpyxl
import pytest
from appraise_fixtures import ballot, by_name, codes, person, prop, write_ratings
from helpers import make_xlsx, read_back
from score_fixtures import clean_rows, write_rows

from jxkh.cycle import appraise_file
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError
from jxkh.ratings import load_ratings
from jxkh.rules.accountability import Charge
from jxkh.cells import round_fraction
from jxkh.rules.appraisal import appraise

DEFAULT = Policy()


def run(tmp_path, ballots, roster=None, policy=DEFAULT, charges=None, **kwargs):
    path = write_ratings(tmp_path / "ratings.xlsx", ballots, roster, **kwargs)
    if charges is None:
        return appraise_file(path, policy, write=False)
    ratings = load_ratings(path, policy)
    return appraise(ratings.ballots, ratings.roster, charges, policy)


def staff(**values):
    return policy_from_dict({"staff": values})


# --- aggregation ----------------------------------------------------------------------------


def test_equal_averages_are_one_decimal(tmp_path):
    """The means are rounded through one `ratio_rounder` per appraisal: a city's 400,000 means
    make a few thousand Decimals (two objects here without it)."""
    result = run(tmp_path, [ballot("甲一", [8, 17, 26, 25, 9]), ballot("乙二", [8, 17, 26, 25, 9]), ballot("丙三", [9, 17, 26, 25, 8])])
    a, b, c = (by_name(result)[n] for n in ("甲一", "乙二", "丙三"))
    assert a.rating == b.rating == c.rating == D("85.00")
    assert a.rating is b.rating is c.rating and a.dimensions["能"] is c.dimensions["能"]
    assert a.dimensions["德"] == D("8.00") and c.dimensions["德"] == D("9.00")



def test_mean_of_ballot_totals_and_dimension_averages(tmp_path):
    # 甲一: 90, 100, 80 → 90.00 优秀. 乙二: (8,17,26,25,9)=85 and (7,15,22,23,8)=75 → 80.00 良好.
    result = run(tmp_path, [
        ballot("甲一", 90, dept="办公室"), ballot("乙二", [8, 17, 26, 25, 9]), ballot("甲一", 100),
        ballot("乙二", [7, 15, 22, 23, 8]), ballot("甲一", 80),
    ])
    people = by_name(result)
    a, b = people["甲一"], people["乙二"]
    assert (a.ballots, a.rating, a.deduction, a.final, a.grade, a.rank) == (3, D("90.00"), D("0.00"), D("90.00"), "优秀", 1)
    assert a.dimensions == {"德": D("9.00"), "能": D("18.00"), "勤": D("27.00"), "绩": D("27.00"), "廉": D("9.00")}
    assert a.department == "办公室"
    assert b.dimensions == {"德": D("7.50"), "能": D("16.00"), "勤": D("24.00"), "绩": D("24.00"), "廉": D("8.50")}
    assert (b.rating, b.final, b.grade, b.rank) == (D("80.00"), D("80.00"), "良好", 2)
    assert result.grades == {"优秀": 1, "良好": 1, "合格": 0, "不合格": 0}
    assert [p.name for p in result.people] == ["甲一", "乙二"]


def test_trimmed_drops_one_highest_and_one_lowest_ballot(tmp_path):
    # 丙三 has 5 ballots (≥ trim_min_ballots 5): 100, 50, 80, 90, 70 → drop 100 and 50 →
    # (80 + 90 + 70) / 3 = 80.00 良好, where the plain mean 78.00 would be 合格.
    # 丁四 has 4: 100, 50, 90, 80 → not trimmed, 80.00 (trimmed it would be 85.00).
    ballots = [ballot("丙三", t) for t in (100, 50, 80, 90, 70)] + [ballot("丁四", t) for t in (100, 50, 90, 80)]
    trimmed = by_name(run(tmp_path, ballots, policy=staff(aggregate="trimmed")))
    assert (trimmed["丙三"].rating, trimmed["丙三"].grade, trimmed["丙三"].ballots) == (D("80.00"), "良好", 5)
    assert trimmed["丙三"].dimensions == {"德": D("8.00"), "能": D("16.00"), "勤": D("24.00"), "绩": D("24.00"), "廉": D("8.00")}
    assert trimmed["丁四"].rating == D("80.00")
    mean = by_name(run(tmp_path, ballots))
    assert (mean["丙三"].rating, mean["丙三"].grade) == (D("78.00"), "合格")


def test_trimmed_tie_for_highest_drops_the_same_whatever_the_order(tmp_path):
    # Two ballots of 90 with different splits: the one dropped is the larger as (total, 德, 能, …),
    # (90, 10, 20, 27, 24, 9), whichever row comes first; 德 is then (9 + 8 + 8) / 3, 绩 (27 + 24 + 24) / 3.
    rows = [ballot("甲一", [9, 18, 27, 27, 9]), ballot("甲一", [10, 20, 27, 24, 9]), ballot("甲一", 80),
            ballot("甲一", 80), ballot("甲一", 70)]
    policy = staff(aggregate="trimmed")
    forward = by_name(run(tmp_path, rows, policy=policy))["甲一"]
    backward = by_name(run(tmp_path, rows[::-1], policy=policy))["甲一"]
    assert forward.dimensions == backward.dimensions
    assert (forward.dimensions["德"], forward.dimensions["绩"]) == (D("8.33"), D("25.00"))
    assert forward.rating == D("83.33")  # (90 + 80 + 80) / 3


def test_rater_weights_average_each_group_then_weight(tmp_path):
    # 戊五: 领导 95, 85, 90 → 90; 同事 80, 70 → 75; 0.4 × 90 + 0.6 × 75 = 81.00 (plain mean 84.00).
    # 己六: only 同事 80, 90 → 85; the weights re-normalise to 同事 alone: 85.00, reported.
    policy = staff(rater_weights={"领导": 0.4, "同事": 0.6})
    rows = [ballot("戊五", t, group="领导") for t in (95, 85, 90)] + [ballot("戊五", t, group="同事") for t in (80, 70)]
    rows += [ballot("己六", 80, group="同事"), ballot("己六", 90, group=" 同事 ")]
    result = run(tmp_path, rows, policy=policy)
    people = by_name(result)
    assert people["戊五"].rating == D("81.00")
    assert people["戊五"].dimensions == {"德": D("8.10"), "能": D("16.20"), "勤": D("24.30"), "绩": D("24.30"), "廉": D("8.10")}
    assert (people["己六"].rating, people["己六"].absent_groups) == (D("85.00"), ["领导"])
    absent = [w for w in result.warnings if w.code == "rater-group-absent"]
    assert [(w.value, w.params["group"], w.sheet, w.cell) for w in absent] == [("己六", "领导", "测评", "B7")]
    assert by_name(run(tmp_path, rows))["戊五"].rating == D("84.00")


def test_rater_group_unknown_or_blank_is_an_error_at_its_cell(tmp_path):
    policy = staff(rater_weights={"领导": 0.4, "同事": 0.6})
    rows = [ballot("甲一", 90, group="领导"), ballot("甲一", 90, group="群众"), ballot("甲一", 90, group=None)]
    with pytest.raises(DataError) as error:
        run(tmp_path, rows, policy=policy)
    assert [(p.code, p.cell, p.value) for p in error.value.problems.errors] == [
        ("rater-group-unknown", "E3", "群众"), ("value-required", "E4", None),
    ]
    # Weights need the column itself.
    header = ["被测评人", "德", "能", "勤", "绩", "廉"]
    path = make_xlsx(tmp_path / "nogroup.xlsx", {"测评": [header, ["甲一", 9, 18, 27, 27, 9]]})
    with pytest.raises(DataError) as error:
        appraise_file(path, policy, write=False)
    assert [(p.code, p.sheet, p.value) for p in error.value.problems.errors] == [("column-missing", "测评", "测评人类别")]


# --- rounding at the cut-offs ---------------------------------------------------------------------


@pytest.mark.parametrize(("low", "final", "grade"), [
    ("79.99", "90.00", "优秀"),  # (100 + 79.99) / 2 = 89.995 → 90.00
    ("79.988", "89.99", "良好"),  # 89.994 → 89.99
    ("69.99", "80.00", "良好"),  # (90 + 69.99) / 2 = 79.995 → 80.00
    ("69.988", "79.99", "合格"),
    ("59.99", "70.00", "合格"),  # (80 + 59.99) / 2 = 69.995 → 70.00
    ("59.988", "69.99", "不合格"),
])
def test_rounding_half_up_then_cutoffs(tmp_path, low, final, grade):
    high = {"7": 100, "6": 90, "5": 80}[low[0]]
    base = (int(D(low)) // 10 + 1) * 10  # 79.99 is 德 7.99 and 能勤绩廉 of a ballot of 80
    low_dims = [float(D(low) - D(base) * D("0.9")), *prop(base)[1:]]
    result = by_name(run(tmp_path, [ballot("甲一", high), ballot("甲一", low_dims)]))["甲一"]
    assert (result.final, result.grade) == (D(final), grade)


def test_exact_cutoffs_and_just_below():
    policy = DEFAULT
    from jxkh.rules.appraisal import grade_for

    assert [grade_for(D(s), policy) for s in ("90.00", "89.99", "80.00", "79.99", "70.00", "69.99", "0.00")] == [
        "优秀", "良好", "良好", "合格", "合格", "不合格", "不合格",
    ]


def test_round_fraction_half_up_and_half_even():
    assert round_fraction(Fraction("89.995"), 2) == D("90.00")
    assert round_fraction(Fraction("89.994"), 2) == D("89.99")
    assert round_fraction(Fraction(1, 3), 2) == D("0.33")
    assert round_fraction(Fraction("89.985"), 2, "half_even") == D("89.98")
    assert round_fraction(Fraction("89.975"), 2, "half_even") == D("89.98")
    assert round_fraction(Fraction("-2.5"), 0) == D("-3")


def test_text_full_width_and_long_decimals_are_exact(tmp_path):
    # "９" (full width), "18分", a tallied 8.333333333333334 (= 25/3 as Excel stores it, read at 15
    # digits: 8.33333333333333) and 27.125: total 9 + 18 + 27.125 + 27 + 8.33333333333333 = 89.45833333333333.
    rows = [ballot("甲一", ["９", "18分", 27.125, 27, 25 / 3])]
    result = by_name(run(tmp_path, rows))["甲一"]
    assert result.dimensions["勤"] == D("27.13")
    assert result.dimensions["廉"] == D("8.33")
    assert result.rating == D("89.46")


# --- accountability -------------------------------------------------------------------------------


def charge(name, role, deduction, row=5, cell=None):
    return Charge(name, role, row, "光彩事业", D(40), D(deduction), "indicators.xlsx", "指标",
                  cell or f"{'G' if role == 'owner' else 'H'}{row}", indicator_id=str(row - 1))


def test_person_and_leader_deductions(tmp_path):
    # 甲一 is 责任人 on two indicators (40.00 + 10.00), 乙二 责任领导 (20.00 + 5.00).
    rows = [ballot("甲一", 90), ballot("乙二", 80), ballot("丙三", 75)]
    charges = [charge("甲一", "owner", "40.00"), charge("乙二", "leader", "20.00"),
               charge("甲 一", "owner", "10.00", row=7), charge("乙二", "leader", "5.00", row=7)]
    people = by_name(run(tmp_path, rows, charges=charges))
    assert (people["甲一"].deduction, people["甲一"].final, people["甲一"].grade) == (D("50.00"), D("40.00"), "不合格")
    assert (people["乙二"].deduction, people["乙二"].final, people["乙二"].grade) == (D("25.00"), D("55.00"), "不合格")
    assert (people["丙三"].deduction, people["丙三"].final, people["丙三"].rank) == (D("0.00"), D("75.00"), 1)
    assert [c.indicator_row for c in people["甲一"].charges] == [5, 7]


def test_deductions_capped_and_never_below_zero(tmp_path):
    rows = [ballot("甲一", 90), ballot("乙二", 30)]
    charges = [charge("甲一", "owner", "40.00"), charge("乙二", "owner", "40.00")]
    policy = policy_from_dict({"accountability": {"cap": 30}})
    result = run(tmp_path, rows, policy=policy, charges=charges)
    people = by_name(result)
    assert (people["甲一"].deduction, people["甲一"].final) == (D("30.00"), D("60.00"))
    assert (people["乙二"].deduction, people["乙二"].final) == (D("30.00"), D("0.00"))
    capped = [w for w in result.warnings if w.code == "accountability-capped"]
    assert [(w.value, w.params["total"], w.params["limit"]) for w in capped] == [("甲一", "40", "30"), ("乙二", "40", "30")]


def test_responsible_not_found_names_the_indicator_cell(tmp_path):
    rows = [ballot("甲一", 90)]
    with pytest.raises(DataError) as error:
        run(tmp_path, rows, charges=[charge("无名氏", "leader", "20.00", row=9)])
    (problem,) = error.value.problems.errors
    assert (problem.code, problem.file, problem.sheet, problem.cell, problem.row, problem.value) == (
        "responsible-not-found", "indicators.xlsx", "指标", "H9", 9, "无名氏",
    )
    # People know an indicator by its 序号 and name; the spreadsheet row is in problem.row and the cell.
    assert problem.message("zh") == "指标“8 光彩事业”的责任领导“无名氏”不在测评人员中，请核对姓名"
    assert problem.message("en").startswith("the leader “无名氏” of indicator “8 光彩事业”")


def test_same_name_told_apart_by_id(tmp_path):
    # Two 张伟 on the roster (工号 A1, A2): ballots give the 工号; a charge by name is ambiguous,
    # one by 工号 is not.
    rows = [ballot("张伟", 90, id="A1"), ballot("张伟", 80, id="A2"), ballot("李娜", 70)]
    roster = [person("张伟", id="A1"), person("张伟", id="A2"), person("李娜", id="A3")]
    with pytest.raises(DataError) as error:
        run(tmp_path, rows, roster, charges=[charge("张伟", "owner", "10.00")])
    (problem,) = error.value.problems.errors
    assert (problem.code, problem.cell, problem.params["matches"]) == ("responsible-ambiguous", "G5", "张伟（A1）、张伟（A2）")
    result = run(tmp_path, rows, roster, charges=[charge("A2", "owner", "10.00")])
    assert [(p.id, p.final) for p in result.people] == [("A1", D("90.00")), ("A2", D("70.00")), ("A3", D("70.00"))]
    assert [p.rank for p in result.people] == [1, 2, 2]


def test_accountability_from_the_indicators_workbook(tmp_path, monkeypatch):
    # score_fixtures: row 5 黄晓明、刘洋 40.00 each, leader 邱大同 20.00; row 7 吴磊 100.00, leader 何建国 50.00.
    indicators = write_rows(tmp_path / "indicators.xlsx", clean_rows())
    names = ["黄晓明", "刘洋", "邱大同", "吴磊", "何建国", "林小红"]
    ratings = write_ratings(tmp_path / "ratings.xlsx", [ballot(n, 95) for n in names])
    result = appraise_file(ratings, DEFAULT, indicators_path=indicators, write=False)
    finals = {p.name: (p.deduction, p.final, p.grade) for p in result.people}
    assert finals == {
        "黄晓明": (D("40.00"), D("55.00"), "不合格"),
        "刘洋": (D("40.00"), D("55.00"), "不合格"),
        "邱大同": (D("20.00"), D("75.00"), "合格"),
        "吴磊": (D("100.00"), D("0.00"), "不合格"),
        "何建国": (D("50.00"), D("45.00"), "不合格"),
        "林小红": (D("0.00"), D("95.00"), "优秀"),
    }
    assert result.indicators == indicators
    written = appraise_file(ratings, DEFAULT, indicators_path=indicators, output=tmp_path / "out.xlsx")
    assert read_back(written.output, "责任扣分") == [
        ["姓名", "责任类型", "序号", "指标名称", "失分", "扣分", "位置"],
        ["黄晓明", "责任人", 4, "光彩事业", 40, 40, "指标!G5"],
        ["刘洋", "责任人", 4, "光彩事业", 40, 40, "指标!G5"],
        ["邱大同", "责任领导", 4, "光彩事业", 40, 20, "指标!H5"],
        ["吴磊", "责任人", 6, "=1+1", 100, 100, "指标!G7"],
        ["何建国", "责任领导", 6, "=1+1", 100, 50, "指标!H7"],
    ]
    results = read_back(written.output, "测评结果")
    assert results[-1][2:] == ["吴磊", None, 1, 9.5, 19, 28.5, 28.5, 9.5, 95, 100, 0, "不合格",
                               "责任人扣分 100.00（指标 6 =1+1）"]
    notes = dict(row for row in read_back(written.output, "说明"))
    assert notes["责任扣分"] == f"已按指标表 {indicators} 计入责任扣分"
    # The workspace's indicators.xlsx is used when none is given.
    monkeypatch.chdir(tmp_path)
    assert appraise_file("ratings.xlsx", DEFAULT, write=False).people[0].name == "林小红"
    # Someone charged but not among the staff: the error points at the indicator's cell.
    lone = write_ratings(tmp_path / "lone.xlsx", [ballot(n, 95) for n in names if n != "吴磊"])
    with pytest.raises(DataError) as error:
        appraise_file(lone, DEFAULT, indicators_path=indicators, write=False)
    assert [(p.code, p.sheet, p.cell, p.row, p.params["indicator"]) for p in error.value.problems.errors] == [
        ("responsible-not-found", "指标", "G7", 7, "6 =1+1"),
    ]


def test_without_indicators_no_deduction(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path, [ballot("甲一", 90)])
    assert result.indicators is None and result.people[0].deduction == D("0.00")


# --- roster, veto, quota ----------------------------------------------------------------------------


def test_violation_veto_and_roster_fields(tmp_path):
    rows = [ballot("甲一", 95), ballot("乙二", 85), ballot("丙三", 75)]
    roster = [person("甲一", id=1001, dept="办公室", coefficient=1.2, months=12, prior="优秀", violation="是"),
              person("乙二", id=1002, coefficient=1, months=6, violation="否"),
              person("丙三", id=1003)]
    result = run(tmp_path, rows, roster)
    people = by_name(result)
    a = people["甲一"]
    assert (a.final, a.score_grade, a.grade, a.violation, a.rank) == (D("95.00"), "优秀", "不合格", True, 1)
    assert (a.id, a.department, a.coefficient, a.months, a.prior_grade) == ("1001", "办公室", D("1.2"), D(12), "优秀")
    assert (people["乙二"].months, people["乙二"].violation, people["丙三"].coefficient, people["丙三"].months) == (
        D(6), False, D(1), D(12))
    (veto,) = [w for w in result.warnings if w.code == "violation-veto"]
    assert (veto.sheet, veto.cell, veto.value, veto.params["score"]) == ("人员", "G2", "甲一（1001）", D("95.00"))
    assert result.grades == {"优秀": 0, "良好": 1, "合格": 1, "不合格": 1}


def test_quota_lists_who_is_over_and_the_tie_without_regrading(tmp_path):
    # 8 people, quota 25% → at most 2 优秀. Finals 95, 93, 93, 91 are 优秀: ranks 1, 2, 2, 4.
    # 91 is over the quota; the two 93s tie for the second place: listed, nobody regraded.
    totals = {"甲": 95, "乙": 93, "丙": 93, "丁": 91, "戊": 85, "己": 80, "庚": 75, "辛": 60}
    result = run(tmp_path, [ballot(n, t) for n, t in totals.items()], policy=staff(excellent_quota=0.25))
    assert result.grades == {"优秀": 4, "良好": 2, "合格": 1, "不合格": 1}
    assert result.quota_allowed == 2
    assert [(p.name, p.rank, p.grade, p.over_quota, p.quota_tie) for p in result.people[:5]] == [
        ("甲", 1, "优秀", False, False), ("丙", 2, "优秀", False, True), ("乙", 2, "优秀", False, True),
        ("丁", 4, "优秀", True, False), ("戊", 5, "良好", False, False),
    ]
    over = next(w for w in result.warnings if w.code == "excellent-quota-exceeded")
    assert (over.params["count"], over.params["allowed"], over.params["quota"], over.params["names"]) == (
        4, 2, "25%", "丁（91.00）")
    tie = next(w for w in result.warnings if w.code == "quota-tie")
    assert (tie.params["score"], tie.params["names"]) == (D("93.00"), "丙（93.00）、乙（93.00）")


def test_a_vetoed_person_above_takes_no_excellent_place(tmp_path):
    # 8 people, 25% → at most 2 优秀. 甲 (97) is vetoed to 不合格 but still ranks first;
    # the 优秀 are 乙 95, 丙 93, 丁 91: only 丁 is over the quota, not 丙.
    totals = {"甲": 97, "乙": 95, "丙": 93, "丁": 91, "戊": 85, "己": 80, "庚": 75, "辛": 60}
    roster = [person(n, violation="是" if n == "甲" else "否") for n in totals]
    result = run(tmp_path, [ballot(n, t) for n, t in totals.items()], roster, policy=staff(excellent_quota=0.25))
    assert [(p.name, p.grade, p.over_quota) for p in result.people[:4]] == [
        ("甲", "不合格", False), ("乙", "优秀", False), ("丙", "优秀", False), ("丁", "优秀", True),
    ]
    over = next(w for w in result.warnings if w.code == "excellent-quota-exceeded")
    assert (over.params["count"], over.params["allowed"], over.params["names"]) == (3, 2, "丁（91.00）")


def test_quota_rounds_down_and_is_quiet_within(tmp_path):
    # 0.15 × 12 = 1.8 → at most 1 优秀; with exactly one nothing is reported.
    rows = [ballot(f"人{i:02d}", 95 if i == 0 else 85) for i in range(12)]
    result = run(tmp_path, rows, policy=staff(excellent_quota=0.15))
    assert result.quota_allowed == 1
    assert not [w for w in result.warnings if w.code in ("excellent-quota-exceeded", "quota-tie")]


def test_roster_and_ballots_must_match(tmp_path):
    rows = [ballot("甲一", 90), ballot("外人", 90), ballot("乙 二", 80)]
    roster = [person("甲一"), person("乙二"), person("丙三")]
    with pytest.raises(DataError) as error:
        run(tmp_path, rows, roster)
    assert [(p.code, p.sheet, p.cell, p.value) for p in error.value.problems.errors] == [
        ("ratee-not-on-roster", "测评", "B3", "外人"), ("roster-without-ballots", "人员", "B4", "丙三"),
    ]


def test_same_name_without_id_is_ambiguous(tmp_path):
    rows = [ballot("张伟", 90, id="A1"), ballot("张伟", 80, id="A2"), ballot("张伟", 70)]
    with pytest.raises(DataError) as error:
        run(tmp_path, rows)
    assert [(p.code, p.cell) for p in error.value.problems.errors] == [("ratee-ambiguous", "B4")]


# --- rater quality ------------------------------------------------------------------------------------


QUALITY = [
    ballot("甲一", 90, rater="张评"), ballot("乙二", 90, rater="张评"), ballot("丙三", 90, rater="张评"),  # rows 2-4
    ballot("甲一", 100, rater="甲一"), ballot("乙二", 80, rater="甲一"), ballot("丙三", 70, rater="甲一"),  # 5-7
    ballot("乙二", 60, rater="李评"), ballot("乙二", 70, rater="李评"), ballot("甲一", 80, rater="李评"),  # 8-10
    ballot("丙三", 80, rater="李评"),  # 11
    ballot("甲一", 80, rater="王评"), ballot("乙二", 80, rater="王评"), ballot("丙三", 75, rater="王评"),  # 12-14
    ballot("丙三", [None] * 5, rater="赵评"),  # 15: blank
]


def test_rater_quality_reported_and_counted_by_default(tmp_path):
    # Counted: 甲一 (90 + 100 + 80 + 80) / 4 = 87.50; 乙二 (90 + 80 + 60 + 70 + 80) / 5 = 76.00;
    # 丙三 (90 + 70 + 80 + 75) / 4 = 78.75. The blank ballot never counts.
    result = run(tmp_path, QUALITY)
    people = by_name(result)
    assert [(people[n].rating, people[n].ballots) for n in ("甲一", "乙二", "丙三")] == [
        (D("87.50"), 4), (D("76.00"), 5), (D("78.75"), 4)]
    found = [(p.code, p.cell, p.value) for p in result.findings]
    assert found == [
        ("ballot-blank", "F15", None),
        ("rater-self-rating", "D5", "甲一"),
        ("rater-duplicate", "D9", "李评"),
        ("rater-straight-lining", "D2", "张评"),
    ]
    duplicate = result.findings[2]
    assert (duplicate.params["ratee"], duplicate.params["other"]) == ("乙二", 8)
    assert "仍计入" in duplicate.message("zh") and "still counts" in duplicate.message("en")
    assert result.findings[3].params["count"] == 3
    assert (result.ballots_read, result.ballots_counted, result.ballots_excluded) == (14, 13, 0)
    assert codes(result.warnings)[:4] == [str(p.code) for p in result.findings]


def test_rater_quality_exclude(tmp_path):
    # Excluded: 张评's three, 甲一's own ballot, both of 李评's for 乙二.
    # 甲一 (80 + 80) / 2 = 80.00; 乙二 (80 + 80) / 2 = 80.00; 丙三 (70 + 80 + 75) / 3 = 75.00.
    result = run(tmp_path, QUALITY, policy=staff(suspect_ballots="exclude"))
    people = by_name(result)
    assert [(people[n].rating, people[n].ballots) for n in ("甲一", "乙二", "丙三")] == [
        (D("80.00"), 2), (D("80.00"), 2), (D("75.00"), 3)]
    assert result.ballots_excluded == 6
    assert "已剔除" in result.findings[1].message("zh")


def test_more_decimals_midway_keep_every_ballot_exact(tmp_path):
    # 9.125 (three decimals) comes after ballots read in hundredths: everything read so far is
    # rescaled, tallies and per-ballot columns alike. Counted: (90 + 90.125 + 90) / 3 = 90.041… → 90.04.
    # Excluding rater A's repeated 甲一 leaves B's 90.125 → 90.13.
    rows = [ballot("甲一", 90, rater="A"), ballot("乙二", 80, rater="A"),
            ballot("甲一", [9.125, 18, 27, 27, 9], rater="B"), ballot("甲一", 90, rater="A")]
    assert by_name(run(tmp_path, rows))["甲一"].rating == D("90.04")
    excluded = by_name(run(tmp_path, rows, policy=staff(suspect_ballots="exclude")))
    assert (excluded["甲一"].rating, excluded["甲一"].dimensions["德"], excluded["乙二"].rating) == (
        D("90.13"), D("9.13"), D("80.00"))


def test_twenty_decimals_typed_as_text(tmp_path):
    # Exact whatever the digits, also in the per-ballot columns kept for a 测评人 column:
    # counted, 甲一 is (90.000000000000000000005 + 90 + 70) / 3 = 83.33; with A's two ballots
    # for 甲一 excluded, 70.00.
    rows = [ballot("甲一", ["9.000000000000000000005", 18, 27, 27, 9], rater="A"), ballot("乙二", 80, rater="A"),
            ballot("甲一", 90, rater="A"), ballot("甲一", 70, rater="C")]
    assert by_name(run(tmp_path, rows))["甲一"].rating == D("83.33")
    excluded = by_name(run(tmp_path, rows, policy=staff(suspect_ballots="exclude")))
    assert (excluded["甲一"].rating, excluded["乙二"].rating) == (D("70.00"), D("80.00"))


def test_every_ballot_blank_is_an_error(tmp_path):
    with pytest.raises(DataError) as error:
        run(tmp_path, [ballot("甲一", 90), ballot("乙二", [None] * 5), ballot("乙二", ["", " ", None, None, None])])
    assert [(p.code, p.cell, p.params["count"]) for p in error.value.problems.errors] == [
        ("ratee-without-valid-ballots", "B3", 2)]


# --- validation -----------------------------------------------------------------------------------


def test_ballot_errors_by_cell(tmp_path):
    import datetime

    rows = [
        ballot("甲一", [11, 18, 27, 27, 9]),  # row 2: 德 above 10
        ballot("甲一", [9, -1, 27, 27, 9]),  # row 3: 能 negative
        ballot("甲一", [9, 18, "优", 27, 9]),  # row 4: not a number
        ballot(None, 90),  # row 5: no ratee
        ballot("甲一", [9, 18, 27, datetime.datetime(2015, 3, 1), 9]),  # row 6: a date
        ballot("甲一", [9, 18, 27, 27, None]),  # row 7: one dimension blank
        ballot("甲一", [9, 18, 27, 30.5, True]),  # row 8: 绩 above 30, 廉 TRUE
    ]
    with pytest.raises(DataError) as error:
        run(tmp_path, rows)
    assert [(p.code, p.sheet, p.cell) for p in error.value.problems.errors] == [
        ("dimension-above-max", "测评", "F2"),
        ("dimension-negative", "测评", "G3"),
        ("number-invalid", "测评", "H4"),
        ("value-required", "测评", "B5"),
        ("number-is-date", "测评", "I6"),
        ("ballot-incomplete", "测评", "J7"),
        ("dimension-above-max", "测评", "I8"),
        ("number-is-bool", "测评", "J8"),
    ]
    first = error.value.problems.errors[0]
    assert first.render("zh") == "测评!F2: “德”得分“11”超过满分 10 分"


def test_roster_errors_by_cell(tmp_path):
    rows = [ballot(n, 90) for n in ("甲一", "乙二", "丙三", "丁四")]
    roster = [person("甲一", id="A1", coefficient=0), person("乙二", id="A2", months=13),
              person("丙三", id="A1"), person("丁四", violation="也许")]
    with pytest.raises(DataError) as error:
        run(tmp_path, rows, roster)
    assert [(p.code, p.sheet, p.cell) for p in error.value.problems.errors] == [
        ("coefficient-not-positive", "人员", "D2"),
        ("months-out-of-range", "人员", "E3"),
        ("duplicate-id", "人员", "A4"),
        ("yes-no-invalid", "人员", "G5"),
    ]


def test_load_ratings_is_what_check_calls(tmp_path):
    good = write_ratings(tmp_path / "good.xlsx", [ballot("甲一", 90)], [person("甲一")])
    ratings = load_ratings(good, DEFAULT)
    assert [p.name for p in ratings.ballots.people] == ["甲一"] and ratings.roster is not None
    bad = write_ratings(tmp_path / "bad.xlsx", [ballot("甲一", [11, 18, 27, 27, 9])])
    with pytest.raises(DataError) as error:
        load_ratings(bad, DEFAULT)
    assert codes(error.value.problems) == ["dimension-above-max"]


def test_csv_ballots(tmp_path):
    # CSV cells are text: "8.5", "９", "18分" and ".5" read as the numbers they show; "10.5" is above 德's 10.
    path = tmp_path / "ratings.csv"
    path.write_text(
        "被测评人,德,能,勤,绩,廉\n甲一,8.5,18,27.25,27,9\n甲一,９,18分,27,27,.5\n乙二,10.5,18,27,27,9\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as error:
        appraise_file(path, DEFAULT, write=False)
    assert [(p.code, p.sheet, p.cell) for p in error.value.problems.errors] == [("dimension-above-max", "ratings", "B4")]
    path.write_text(path.read_text(encoding="utf-8").replace("10.5", "10"), encoding="utf-8")
    result = by_name(appraise_file(path, DEFAULT, write=False))
    # 甲一: (89.75 + 81.5) / 2 = 85.625 → 85.63
    assert (result["甲一"].rating, result["甲一"].dimensions["勤"], result["乙二"].rating) == (
        D("85.63"), D("27.13"), D("91.00"))


def test_header_with_maxima_and_english_aliases(tmp_path):
    header = ["id", "ratee", "department", "rater", "rater_group", "德（10分）", "能\n(20分)", "勤30分", "绩(30)", "廉"]
    path = make_xlsx(tmp_path / "r.xlsx", {"ballots": [header, ballot("甲一", 90)]})
    assert appraise_file(path, DEFAULT, write=False).people[0].rating == D("90.00")


# --- the output workbook --------------------------------------------------------------------------


def test_output_workbook(tmp_path):
    rows = [*QUALITY[:-1], ballot("丙三", [None] * 5, rater="赵评")]
    roster = [person("甲一", id="A1", dept="办公室", coefficient=1.2, prior="良好"), person("乙二", id="A2"),
              person("丙三", id="A3", violation="是")]
    path = write_ratings(tmp_path / "ratings.xlsx", rows, roster)
    result = appraise_file(path, DEFAULT)
    assert result.output == tmp_path / "ratings.scored.xlsx"
    assert openpyxl.load_workbook(result.output).sheetnames == ["测评结果", "人员", "汇总", "测评分析", "说明"]
    table = read_back(result.output, "测评结果")
    assert table[0] == ["名次", "工号", "姓名", "科室", "有效票数", "德", "能", "勤", "绩", "廉", "测评得分", "责任扣分",
                        "最终得分", "等次", "岗位系数", "在岗月数", "上年度考核等次", "违纪违法", "备注"]
    assert table[1][:14] == [1, "A1", "甲一", "办公室", 4, 8.75, 17.5, 26.25, 26.25, 8.75, 87.5, 0, 87.5, "良好"]
    assert table[2][:3] == [2, "A3", "丙三"] and table[2][13] == "不合格" and table[2][17] == "是"
    assert table[2][18] == "违纪违法，评为不合格（按得分为合格）"
    roster_out = read_back(result.output, "人员")
    assert roster_out[0] == ["工号", "姓名", "科室", "岗位系数", "在岗月数", "上年度考核等次", "违纪违法",
                             "有效票数", "测评得分", "责任扣分", "最终得分", "等次", "名次"]
    assert roster_out[1] == ["A1", "甲一", "办公室", 1.2, None, "良好", None, 4, 87.5, 0, 87.5, "良好", 1]
    summary = read_back(result.output, "汇总")
    assert summary[:6] == [["等次", "人数", "占比"], ["优秀", 0, 0], ["良好", 1, 0.3333], ["合格", 1, 0.3333],
                           ["不合格", 1, 0.3333], ["合计", 3, 1]]
    assert openpyxl.load_workbook(result.output)["汇总"]._charts
    analysis = read_back(result.output, "测评分析")
    assert [row[:2] for row in analysis] == [["类型", "位置"], ["空白票", "测评!F15"], ["给自己打分", "测评!D5"],
                                             ["重复打分", "测评!D9"], ["所有人同分", "测评!D2"]]
    notes = dict(row for row in read_back(result.output, "说明"))
    assert notes["责任扣分"] == "未提供指标表，未计入责任扣分"
    assert len(notes["输入文件 ratings.xlsx"]) == len("SHA-256：") + 64
