"""Every boundary and tolerance pinned by an equality case, so a constant nudged (0.0005 →
0.0006, 0.5 → 0.6, > → >=) fails a test; and rounding everywhere in the policy's mode."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jxkh.cells import round_to

from . import builders
from .expect import command, refused, run


def policy_file(work, text: str):
    return builders.write_bytes(work / "jxkh.toml", text.encode("utf-8"))


# --- rounding ----------------------------------------------------------------------------------


def test_round_to_rounds_half_up_by_default():
    """四舍五入 unless told otherwise: 0.125 → 0.13 (half_even would give 0.12)."""
    assert round_to(D("0.125"), 2) == D("0.13")
    assert round_to(D("89.995"), 2) == D("90.00")
    assert round_to(D("2.5"), 0) == D("3")
    assert round_to(D("0.125"), 2, "half_even") == D("0.12")


@pytest.mark.parametrize("rounding, fraction", [("half_up", "0.8001"), ("half_even", "0.8000")])
def test_json_fraction_rounds_in_the_policys_mode(rounding, fraction, work):
    """160.01 of 200 is 0.80005: at precision 2 the share has four places, rounded as the policy says."""
    policy_file(work, f'rounding = "{rounding}"\n')
    builders.indicators(work / "in.xlsx", {"指标!I4": 160.01, "指标!H4": "良好"})
    outcome = command("score", work, "in.xlsx")
    assert outcome.exit_code == 0, outcome.output
    row = next(r for r in outcome.data["rows"] if r["row"] == 4)
    assert (D(str(row["fraction"])), D(str(row["score"]))) == (D(fraction), D("160.01"))


@pytest.mark.parametrize("rounding, mean", [("half_up", 500.01), ("half_even", 500.00)])
def test_mean_amount_rounds_in_the_policys_mode(rounding, mean, work):
    """Two 良好 share 1000.01 yuan: 500.01 and 500.00, a mean of 500.005 on the 汇总 sheet."""
    from tests.helpers import read_back

    policy_file(work, f'rounding = "{rounding}"\n')
    ballots = [["被测评人", "德", "能", "勤", "绩", "廉"], ["甲一", 9, 17, 25, 25, 9], ["乙二", 9, 17, 25, 25, 9]]
    builders.xlsx(work / "in.xlsx", {"测评": ballots})
    outcome = run(work, "bonus", "in.xlsx", "--pool", "1000.01")
    assert outcome.exit_code == 0, outcome.output
    assert sorted(p["amount"] for p in outcome.data["people"]) == [500.00, 500.01]
    summary = read_back(work / "bonus.xlsx", "汇总")
    header = next(r for r in summary if r and r[0] == "等次")
    good = next(r for r in summary if r and r[0] == "良好")
    assert good[header.index("人均金额")] == mean


@pytest.mark.parametrize("base, rate, rounding, deducted", [
    (12, "0.2", "half_up", "0.02"),   # 2.4 fen → 2 (a 0.6 in place of 0.5 would give 3)
    (10, "0.25", "half_up", "0.03"),  # 2.5 fen → 3 (四舍五入)
    (10, "0.25", "half_even", "0.02"),
    (14, "0.25", "half_even", "0.04"),  # 3.5 → 4
])
def test_bonus_deduction_rounds_half_a_fen(base, rate, rounding, deducted):
    from jxkh.policy import Policy
    from jxkh.rules.bonus import Staff, distribute

    policy = Policy(rounding=rounding, bonus={"deduct": {"合格": D(rate)}, "award_to": ["优秀"]})
    result = distribute([Staff("甲一", "合格")], D(base) / 100, policy)
    assert str(result.people[0].deducted) == deducted


# --- number size --------------------------------------------------------------------------------


def test_a_number_of_1e15_is_refused(work):
    """Excel keeps 15 digits: 10^15 is a slip (refused), 10^15 - 1 is still a number."""
    builders.indicators(work / "in.xlsx", {"指标!D3": 10**15})
    outcome = command("score", work, "in.xlsx")
    assert outcome.exit_code == 1 and outcome.new_files == set()
    assert ("number-not-finite", "指标", "D3") in outcome.errors
    builders.indicators(work / "in.xlsx", {"指标!D3": 10**15 - 1})
    outcome = command("score", work, "in.xlsx")
    assert outcome.exit_code == 1 and ("number-not-finite", "指标", "D3") not in outcome.errors
    assert ("points-total-mismatch", "指标", None) in outcome.errors


# --- 得分 and 得分率 both typed -------------------------------------------------------------------


def with_ratio(work, ratio):
    """Row 4: 良好, 分值 200, 得分 180 (90%), and a 得分率 column."""
    return builders.indicators(work / "in.xlsx", {"指标!K2": "得分率", "指标!K4": ratio})


def test_score_and_ratio_agree_at_the_tolerance(work):
    """0.9005 against 180/200 = 0.9: off by exactly 0.0005, which still agrees (<=)."""
    with_ratio(work, 0.9005)
    assert command("score", work, "in.xlsx").exit_code == 0


def test_score_and_ratio_disagree_past_the_tolerance(work):
    """0.90055: off by 0.00055, and 180.11 ≠ 180.00 at precision 2: a mismatch."""
    with_ratio(work, 0.90055)
    refused(command("score", work, "in.xlsx"), ("score-ratio-mismatch", "指标", "I4"))


# --- caps at equality ----------------------------------------------------------------------------


EXTRA_ROWS = {
    "指标!A6": 4, "指标!B6": "加分项", "指标!C6": "获评先进单位", "指标!D6": 10, "指标!I6": 10,
    "指标!A7": 5, "指标!B7": "扣分项", "指标!C7": "信息迟报", "指标!D7": 5, "指标!I7": 3,
}


@pytest.mark.parametrize("key, cap, code, warned", [
    ("bonus_cap", "10", "bonus-capped", False), ("bonus_cap", "9.99", "bonus-capped", True),
    ("penalty_cap", "3", "penalty-capped", False), ("penalty_cap", "2.99", "penalty-capped", True),
])
def test_unit_caps_at_equality(key, cap, code, warned, work):
    """加分项 add 10, 扣分项 take 3: a cap of exactly that is reached, not passed (no warning)."""
    policy_file(work, f"[unit]\n{key} = {cap}\n")
    builders.indicators(work / "in.xlsx", EXTRA_ROWS)
    outcome = command("score", work, "in.xlsx")
    assert outcome.exit_code == 0, outcome.output
    assert ((code, "指标", None) in outcome.warnings) is warned
    bonus, penalty = (D(cap), D(3)) if key == "bonus_cap" else (D(10), D(cap))
    assert D(str(outcome.data["total"])) == D(550) + (bonus if warned else D(10)) - (penalty if warned else D(3))


@pytest.mark.parametrize("cap, warned", [("20", False), ("19.99", True)])
def test_accountability_cap_at_equality(cap, warned, work):
    """鲁青禾 is 责任人 of the 良好 row that lost 20 (个人原因 是): a cap of exactly 20 is not passed."""
    policy_file(work, f"[accountability]\ncap = {cap}\n")
    builders.indicators(work / "indicators.xlsx", {"指标!J4": "是", "指标!F4": "鲁青禾"})
    builders.ratings(work / "in.xlsx")
    outcome = run(work, "appraise", "in.xlsx", "--indicators", "indicators.xlsx")
    assert outcome.exit_code == 0, outcome.output
    assert any(w[0] == "accountability-capped" for w in outcome.warnings) is warned
