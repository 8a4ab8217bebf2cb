"""The scoring rules (附件1 三.2), with values worked out by hand from the default policy.

Each test unit is 600 points: the indicator under test plus a 好 filler for the rest, so the
filler adds exactly its points and the totals below are easy to check.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxkh.indicator_book import load_indicators
from jxkh.indicators import Indicator
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError
from jxkh.rules.accountability import charges, split_names
from jxkh.rules.scoring import score, unit_level
from score_fixtures import clean_rows, set_value, write_rows

POLICY = Policy()


def ind(row: int = 2, *, points: str | int = 40, grade: str | None = "良好", score_: str | None = None,
        ratio: str | None = None, category: str = "规定指标", **kw) -> Indicator:
    cells = {"grade": f"I{row}", "score": f"J{row}", "ratio": f"K{row}", "owner": f"G{row}",
             "leader": f"H{row}", "personal_fault": f"M{row}", "points": f"D{row}"}
    return Indicator(
        row=row, name=kw.pop("name", f"指标{row}"), category=category,
        points=None if points is None else D(str(points)), grade=grade,
        score=None if score_ is None else D(score_), ratio=None if ratio is None else D(ratio),
        file="t.xlsx", sheet="指标", cells=cells, **kw,
    )


def unit(*rows: Indicator, policy: Policy = POLICY):
    """Score `rows` topped up to 600 points by a 好 filler in row 99."""
    graded = sum((r.points for r in rows if r.graded), D(0))
    filler = ind(99, points=str(600 - graded), grade="好", name="其余指标")
    return score([*rows, filler], policy)


def row_of(result, number: int):
    return next(r for r in result.rows if r.row == number)


def error_of(exc: pytest.ExceptionInfo[DataError]) -> list[tuple[str, str | None]]:
    return [(str(p.code), p.cell) for p in exc.value.problems]


# --- bands: 好 100%; 良好 80–100%; 一般 60–80%; 差 0; inclusive --------------------------


@pytest.mark.parametrize(
    ("grade", "given", "expected_score", "expected_lost"),
    [
        ("好", {}, "40.00", "0.00"),
        ("好", {"score_": "40"}, "40.00", "0.00"),
        ("良好", {"score_": "36"}, "36.00", "4.00"),  # 90% of 40
        ("良好", {"ratio": "0.9"}, "36.00", "4.00"),
        ("良好", {"ratio": "1"}, "40.00", "0.00"),  # top edge
        ("良好", {"ratio": "0.8"}, "32.00", "8.00"),  # bottom edge, shared with 一般
        ("一般", {"ratio": "0.8"}, "32.00", "8.00"),
        ("一般", {"score_": "24"}, "24.00", "16.00"),  # 60%: bottom edge of 一般
        ("一般", {"ratio": "0.75"}, "30.00", "10.00"),
        ("差", {}, "0.00", "40.00"),
        ("差", {"score_": "0"}, "0.00", "40.00"),
    ],
)
def test_band_scores(grade, given, expected_score, expected_lost):
    result = unit(ind(2, grade=grade, **given))
    row = row_of(result, 2)
    assert (str(row.score), str(row.lost)) == (expected_score, expected_lost)
    assert result.total == D(560) + D(expected_score)


@pytest.mark.parametrize(
    ("grade", "given", "cell"),
    [
        ("良好", {"ratio": "0.7999"}, "K2"),  # 79.99% is not 良好
        ("良好", {"score_": "31.99"}, "J2"),  # 79.975% of 40
        ("一般", {"ratio": "0.8001"}, "K2"),
        ("一般", {"score_": "23.99"}, "J2"),
        ("一般", {"ratio": "0.5999"}, "K2"),
        ("好", {"score_": "39.99"}, "J2"),
        ("差", {"score_": "0.01"}, "J2"),
        ("良好", {"score_": "-1"}, "J2"),
    ],
)
def test_outside_band_is_an_error_at_its_cell(grade, given, cell):
    with pytest.raises(DataError) as exc:
        unit(ind(2, grade=grade, **given))
    assert error_of(exc) == [("score-outside-band", cell)]


def test_outside_band_message_names_the_band():
    with pytest.raises(DataError) as exc:
        unit(ind(2, grade="良好", ratio="0.7999"))
    assert exc.value.problems[0].render() == (
        "指标!K2: 得分率“0.7999”（得分率 79.99%）与“良好”不符：应在 32–40 分之间（80%–100%），请核对得分或完成等次"
    )


def test_a_one_point_band_says_the_one_score():
    # 好 is exactly 100%: "应为 40 分", never "范围 40–40 分".
    with pytest.raises(DataError) as exc:
        unit(ind(2, grade="好", score_="39.99"))
    assert exc.value.problems[0].message("zh") == "得分“39.99”（得分率 99.98%）与“好”不符：应为 40 分（100%），请核对得分或完成等次"
    assert exc.value.problems[0].message("en") == (
        "得分 “39.99” (ratio 99.98%) does not fit “好”: it must be 40 (100%); check the score or the grade")


def test_score_above_points():
    with pytest.raises(DataError) as exc:
        unit(ind(2, grade="好", score_="41"))
    assert error_of(exc) == [("score-above-points", "J2")]


def test_ratio_above_one_is_above_points():
    with pytest.raises(DataError) as exc:
        unit(ind(2, grade="好", ratio="1.2"))
    assert error_of(exc) == [("score-above-points", "K2")]


@pytest.mark.parametrize(("points", "score_", "ratio"), [("40", "34", "0.85"), ("30", "26", "0.8667"), ("30", "26", "0.867")])
def test_score_and_ratio_that_agree(points, score_, ratio):
    result = unit(ind(2, points=points, grade="良好", score_=score_, ratio=ratio))
    assert row_of(result, 2).score == D(score_).quantize(D("0.01"))


def test_score_and_ratio_that_disagree():
    with pytest.raises(DataError) as exc:
        unit(ind(2, grade="良好", score_="33", ratio="0.8"))  # 33 is 82.5%
    assert error_of(exc) == [("score-ratio-mismatch", "J2")]
    assert exc.value.problems[0].message() == "得分 33 与得分率 80% 不一致（分值 40），请只填一项或改为一致"


def test_unknown_and_missing_grades():
    with pytest.raises(DataError) as exc:
        unit(ind(2, grade="优"), ind(3, grade=None))
    assert error_of(exc) == [("grade-unknown", "I2"), ("grade-missing", "I3")]
    assert exc.value.problems[0].render() == "指标!I2: 完成等次“优”无法识别，应为 好/良好/一般/差"


def test_every_problem_at_once():
    with pytest.raises(DataError) as exc:
        score([ind(2, grade="优"), ind(3, grade="良好", ratio="0.5"), ind(4, points=500, grade="好")], POLICY)
    assert error_of(exc) == [
        ("points-total-mismatch", None), ("grade-unknown", "I2"), ("score-outside-band", "K3"),
    ]


# --- band_default -----------------------------------------------------------------------


@pytest.mark.parametrize(("grade", "expected"), [("良好", "36.00"), ("一般", "28.00")])
def test_band_default_with_a_warning(grade, expected):
    result = unit(ind(2, grade=grade))
    row = row_of(result, 2)
    assert str(row.score) == expected
    assert [(str(w.code), w.cell) for w in result.warnings] == [("band-default-used", "I2")]
    assert result.warnings[0].message() == f"“{grade}”未填得分或得分率，按默认比例 {int(D(expected) / 40 * 100)}% 计 {D(expected).normalize()} 分"


def test_single_point_bands_need_no_default_warning():
    # 好 is 100% and 差 is 0 whatever is typed: nothing was guessed.
    result = unit(ind(2, grade="好"), ind(3, grade="差"))
    assert result.warnings == []
    assert (row_of(result, 2).score, row_of(result, 3).score) == (D("40.00"), D("0.00"))


def test_band_default_from_the_policy():
    policy = policy_from_dict({"unit": {"band_default": {"好": 1, "良好": 0.85, "一般": 0.6, "差": 0}}})
    result = unit(ind(2, grade="良好"), policy=policy)
    assert row_of(result, 2).score == D("34.00")


# --- points total, 加分项 / 扣分项 and their caps ----------------------------------------------


def test_points_must_add_up_to_600():
    with pytest.raises(DataError) as exc:
        score([ind(2, points=300, grade="好"), ind(3, points=290, grade="好")], POLICY)
    problem = exc.value.problems[0]
    assert (str(problem.code), problem.cell, problem.sheet) == ("points-total-mismatch", None, "指标")
    assert problem.message() == "规定指标与自选指标分值合计为 590 分（规定指标 590 分 + 自选指标 0 分），应为 600 分（相差 10 分），请核对分值"


def test_bonus_and_penalty_items_do_not_count_toward_600():
    result = unit(
        ind(2, grade="好"),
        ind(3, category="加分项", points=5, grade=None),
        ind(4, category="扣分项", points=None, grade=None, score_="-2"),
    )
    assert result.total == D("603.00")  # 600 + 5 − 2
    assert row_of(result, 3).score == D("5.00")
    assert (row_of(result, 4).score, row_of(result, 4).lost) == (D("-2.00"), D("2.00"))
    assert result.categories["加分项"] == {"points": D("5.00"), "score": D("5.00")}
    assert result.categories["扣分项"] == {"points": D("2.00"), "score": D("-2.00")}


def test_a_bonus_item_cannot_add_more_than_its_points():
    with pytest.raises(DataError) as exc:
        unit(ind(3, category="加分项", points=5, grade=None, score_="50"))
    assert [(str(p.code), p.cell, p.params["points"]) for p in exc.value.problems] == [("score-above-points", "J3", "5")]


def test_bonus_cap():
    policy = policy_from_dict({"unit": {"bonus_cap": 5}})
    result = unit(
        ind(3, category="加分项", points=3, grade=None), ind(4, category="加分项", points=4, grade=None), policy=policy
    )
    assert result.total == D("605.00")  # 3 + 4 = 7 capped at 5
    assert [(str(w.code), w.value, w.params["limit"]) for w in result.warnings] == [("bonus-capped", "7", "5")]


def test_penalty_cap():
    policy = policy_from_dict({"unit": {"penalty_cap": 5}})
    result = unit(
        ind(3, category="扣分项", points=4, grade=None), ind(4, category="扣分项", points=3, grade=None, score_="3"),
        policy=policy,
    )
    assert result.total == D("595.00")  # 4 + 3 = 7 capped at 5
    assert [(str(w.code), w.value) for w in result.warnings] == [("penalty-capped", "7")]


def test_caps_not_reached_give_no_warning():
    policy = policy_from_dict({"unit": {"bonus_cap": 5, "penalty_cap": 5}})
    result = unit(ind(3, category="加分项", points=5, grade=None), ind(4, category="扣分项", points=5, grade=None),
                  policy=policy)
    assert (result.total, result.warnings) == (D("600.00"), [])


# --- unit level: 好 ≥ 90%, 良好 ≥ 80%, 一般 ≥ 60%, else 差 ------------------------------------


@pytest.mark.parametrize(
    ("total", "level"),
    [("600", "好"), ("540", "好"), ("539.99", "良好"), ("480", "良好"), ("479.99", "一般"),
     ("360", "一般"), ("359.99", "差"), ("0", "差"), ("605", "好")],
)
def test_unit_level_at_thresholds(total, level):
    assert unit_level(D(total), POLICY) == level


def test_unit_level_of_a_scored_unit():
    # 560 + 一般 at 60% of 40 = 584 → 97.33% → 好; a 差 on a 100-point indicator: 500 → 83.33% → 良好
    assert unit(ind(2, grade="一般", score_="24")).level == "好"
    result = unit(ind(2, points=100, grade="差"))
    assert (result.total, result.level) == (D("500.00"), "良好")


# --- departments ----------------------------------------------------------------------------


def test_department_subtotals():
    result = score(
        [ind(2, points=300, grade="良好", score_="270", department="办公室"),
         ind(3, points=200, grade="一般", ratio="0.7", department="会员科"),
         ind(4, points=100, grade="好", department="办 公 室"),
         ind(5, category="加分项", points=5, grade=None, department="会员科")],
        POLICY,
    )
    assert result.departments == {
        "办公室": {"points": D(400), "score": D("370.00")},
        "会员科": {"points": D(200), "score": D("140.00")},
    }
    assert result.total == D("515.00")


# --- accountability (附件1 四(1)) ----------------------------------------------------------------


def test_accountability_owner_and_leader():
    result = unit(ind(2, grade="良好", ratio="0.8", owner="黄晓明", leader="邱大同", personal_fault=True))
    assert [(c.person, c.role, c.indicator_row, c.lost, c.deduction) for c in result.accountability] == [
        ("黄晓明", "owner", 2, D("8.00"), D("8.00")),
        ("邱大同", "leader", 2, D("8.00"), D("4.00")),  # 连带责任 0.5
    ]
    assert [(c.cell, c.sheet) for c in result.accountability] == [("G2", "指标"), ("H2", "指标")]


def test_accountability_factors_and_rounding():
    policy = policy_from_dict({"accountability": {"person_factor": 0.5, "leader_factor": 0.5}})
    result = unit(ind(2, grade="良好", score_="39.95", owner="黄晓明", leader="邱大同", personal_fault=True), policy=policy)
    # lost 0.05 → person 0.025 → 0.03 (四舍五入); leader 0.03 × 0.5 = 0.015 → 0.02
    assert [c.deduction for c in result.accountability] == [D("0.03"), D("0.02")]


def test_accountability_several_owners_each_charged():
    result = unit(ind(2, grade="一般", score_="24", owner="黄晓明、刘洋", leader="邱大同", personal_fault=True))
    assert [(c.person, c.deduction) for c in result.accountability] == [
        ("黄晓明", D("16.00")), ("刘洋", D("16.00")), ("邱大同", D("8.00")),
    ]


def test_no_charge_without_personal_fault_or_without_loss():
    result = unit(ind(2, grade="良好", ratio="0.8", owner="黄晓明"), ind(3, grade="好", owner="刘洋", personal_fault=True))
    assert result.accountability == []
    assert [(str(w.code), w.cell) for w in result.warnings] == [("fault-without-loss", "M3")]


def test_penalty_item_through_personal_fault_is_charged():
    result = unit(ind(3, category="扣分项", points=2, grade=None, owner="刘洋", leader="何建国", personal_fault=True))
    assert [(c.person, c.deduction) for c in result.accountability] == [("刘洋", D("2.00")), ("何建国", D("1.00"))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("黄晓明、刘洋", ["黄晓明", "刘洋"]),
        ("黄晓明，刘洋/吴磊;何建国", ["黄晓明", "刘洋", "吴磊", "何建国"]),
        ("黄晓明 刘洋", ["黄晓明", "刘洋"]),
        ("刘  洋", ["刘洋"]),  # padded to line up: one person
        ("刘洋、刘洋", ["刘洋"]),
        ("", []),
    ],
)
def test_split_names(text, names):
    assert split_names(text) == names


def test_charges_directly():
    found = charges(indicator_row=7, indicator="宣传", lost=D("100"), owners="吴磊", leaders="何建国", policy=POLICY,
                    file="f.xlsx", sheet="指标", owner_cell="G7", leader_cell="H7")
    assert [(c.person, c.role, c.deduction, c.cell) for c in found] == [
        ("吴磊", "owner", D("100.00"), "G7"), ("何建国", "leader", D("50.00"), "H7"),
    ]
    assert found[0].to_json() == {"person": "吴磊", "role": "owner", "indicator_row": 7, "indicator_id": None,
                                  "indicator": "宣传", "deduction": D("100.00")}


# --- through a workbook -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [85, 0.85, "85%", "８５％", "85"])
def test_ratio_typed_three_ways(tmp_path, typed):
    rows = set_value(clean_rows(), 4, "得分率", typed)
    _, indicators, _ = load_indicators(write_rows(tmp_path / "i.xlsx", rows), POLICY)
    result = score(indicators, POLICY)
    assert row_of(result, 4).score == D("85.00")


def test_fixture_unit_by_hand(tmp_path):
    sheet = load_indicators(write_rows(tmp_path / "i.xlsx", clean_rows()), POLICY)
    result = score(sheet.indicators, POLICY)
    assert [(r.row, r.score, r.lost) for r in result.rows] == [
        (2, D("100.00"), D("0.00")), (3, D("90.00"), D("10.00")), (4, D("85.00"), D("15.00")),
        (5, D("60.00"), D("40.00")), (6, D("90.00"), D("10.00")), (7, D("0.00"), D("100.00")), (8, D("5.00"), D("0.00")),
    ]
    assert (result.total, result.level) == (D("430.00"), "一般")
    assert [(c.person, c.role, c.deduction) for c in result.accountability] == [
        ("黄晓明", "owner", D("40.00")), ("刘洋", "owner", D("40.00")), ("邱大同", "leader", D("20.00")),
        ("吴磊", "owner", D("100.00")), ("何建国", "leader", D("50.00")),
    ]
    assert result.departments == {
        "办公室": {"points": D(200), "score": D("190.00")},
        "会员科": {"points": D(200), "score": D("150.00")},
        "调研科": {"points": D(200), "score": D("85.00")},
    }


# --- invariants ---------------------------------------------------------------------------------

GRADES = list(POLICY.unit.bands)
# 1.00 … 200.00: 80% of 0.33 is 0.264, which rounds out of its band unless kept inside.
points_st = st.integers(min_value=100, max_value=20_000).map(lambda n: D(n) / 100)


@settings(max_examples=300, deadline=None)
@given(grade=st.sampled_from(GRADES), points=points_st, share=st.integers(min_value=0, max_value=10_000),
       as_ratio=st.booleans())
def test_every_score_lies_inside_its_band(grade, points, share, as_ratio):
    low, high = POLICY.unit.bands[grade]
    fraction = low + (high - low) * D(share) / 10_000
    if as_ratio:
        given_ = {"ratio": str(fraction)}
    else:
        given_ = {"score_": str((points * fraction).quantize(D("0.01"), rounding="ROUND_DOWN"))}
        if not low * points <= D(given_["score_"]) <= high * points:
            given_ = {"score_": str(points * low)}
    result = unit(ind(2, points=str(points), grade=grade, **given_))
    row = row_of(result, 2)
    assert low * points <= row.score <= high * points
    assert row.score + row.lost == points
    assert row.score == row.score.quantize(D("0.01"))


def test_rounding_keeps_a_score_inside_its_band():
    # 80% of 1.33 = 1.064 → 1.06 would be 79.7%, below 良好; the band's lowest score in cents is 1.07.
    assert row_of(unit(ind(2, points="1.33", grade="良好", ratio="0.8")), 2).score == D("1.07")


@settings(max_examples=200, deadline=None)
@given(grade=st.sampled_from(GRADES), points=points_st, cents=st.integers(min_value=0, max_value=40_000))
def test_a_typed_score_is_accepted_exactly_when_inside_its_band(grade, points, cents):
    typed = D(cents) / 100
    if typed > points:
        return
    low, high = POLICY.unit.bands[grade]
    inside = low * points <= typed <= high * points
    try:
        result = unit(ind(2, points=str(points), grade=grade, score_=str(typed)))
    except DataError as exc:
        assert not inside
        # Below 1 and inside the band as a share (0.9 of 良好): a percentage cell's 90%, named so.
        as_share = 0 < typed < 1 < points and low <= typed <= high
        assert [str(p.code) for p in exc.problems] == ["score-looks-like-ratio" if as_share else "score-outside-band"]
    else:
        assert inside
        assert row_of(result, 2).score == typed.quantize(D("0.01"))


def test_json_shape(tmp_path):
    sheet = load_indicators(write_rows(tmp_path / "i.xlsx", clean_rows()), POLICY)
    data = score(sheet.indicators, POLICY).to_json()
    assert list(data) == ["total", "max", "level", "rows", "departments", "accountability", "warnings", "output"]
    assert list(data["rows"][0]) == ["row", "sheet", "name", "category", "points", "grade", "fraction", "score", "lost"]
    assert data["rows"][2]["fraction"] == D("0.8500")
    assert data["rows"][6]["fraction"] is None
    assert (data["total"], data["max"], data["output"]) == (D("430.00"), D("600.00"), None)
    assert [w["code"] for w in data["warnings"]] == ["band-default-used"]
    assert data["warnings"][0]["cell"] == "I6"
