"""扣差补优 (附件1 四(3)): the split worked by hand, its validation, and its invariants.

Defaults (SPEC §3): base ∝ 岗位系数 × 在岗月数/12; 合格 loses 20% of the base, 不合格 100%;
the deducted money goes to 优秀, else 良好, ∝ base; money in fen, adding up to the pool.
"""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError, UsageError
from jxkh.cycle import parse_pool
from jxkh.rules.bonus import Staff, distribute

from helpers import read_back

POLICY = Policy()


def amounts(result) -> dict[str, D]:
    return {a.name: a.amount for a in result.people}


def column(result, field: str) -> dict[str, D]:
    return {a.name: getattr(a, field) for a in result.people}


def codes_of(excinfo) -> list[str]:
    return [str(p.code) for p in excinfo.value.problems]


def with_bonus(**bonus) -> Policy:
    return policy_from_dict({"bonus": bonus})


# --- worked by hand ---------------------------------------------------------------------


def test_equal_base_deducts_and_awards_to_excellent():
    # 10000 among 5 equal bases = 2000 each; 合格 loses 400, 不合格 2000; 2400 goes to the one 优秀.
    people = [Staff("甲一", "优秀"), Staff("乙二", "良好"), Staff("丙三", "良好"), Staff("丁四", "合格"), Staff("戊五", "不合格")]
    result = distribute(people, D(10000), POLICY)
    assert column(result, "base") == dict.fromkeys(["甲一", "乙二", "丙三", "丁四", "戊五"], D("2000.00"))
    assert column(result, "deducted") == {"甲一": D(0), "乙二": D(0), "丙三": D(0), "丁四": D("400.00"), "戊五": D("2000.00")}
    assert column(result, "awarded") == {"甲一": D("2400.00"), "乙二": D(0), "丙三": D(0), "丁四": D(0), "戊五": D(0)}
    assert amounts(result) == {"甲一": D("4400.00"), "乙二": D("2000.00"), "丙三": D("2000.00"), "丁四": D("1600.00"), "戊五": D("0.00")}
    assert result.deducted_total == D("2400.00")
    assert result.award_grade == "优秀" and not result.returned
    assert result.warnings == []


def test_coefficients_weight_the_base_and_the_award():
    # Σ 系数 = 1.5 + 1 + 1 + 0.5 = 4; 12000 → 4500, 3000, 3000, 1500. 合格 loses 600, which the
    # two 优秀 share ∝ base 4500 : 1500 → 450 and 150.
    people = [
        Staff("甲一", "优秀", coefficient=D("1.5")),
        Staff("乙二", "良好"),
        Staff("丙三", "合格"),
        Staff("丁四", "优秀", coefficient=D("0.5")),
    ]
    result = distribute(people, D("12000"), POLICY)
    assert column(result, "base") == {"甲一": D(4500), "乙二": D(3000), "丙三": D(3000), "丁四": D(1500)}
    assert column(result, "awarded") == {"甲一": D(450), "乙二": D(0), "丙三": D(0), "丁四": D(150)}
    assert amounts(result) == {"甲一": D(4950), "乙二": D(3000), "丙三": D(2400), "丁四": D(1650)}


def test_part_year_months_and_nobody_in_post():
    # Weights 12/12, 12/12, 6/12 (and 0 for someone not in post) → 9000 splits 3600, 3600, 1800.
    people = [
        Staff("甲一", "优秀"),
        Staff("乙二", "合格"),
        Staff("丙三", "良好", months=D(6)),
        Staff("丁四", "优秀", months=D(0)),
    ]
    result = distribute(people, D(9000), POLICY)
    assert column(result, "base") == {"甲一": D(3600), "乙二": D(3600), "丙三": D(1800), "丁四": D(0)}
    # 乙二 loses 720; 丁四 is 优秀 but had no time in post, so shares nothing.
    assert amounts(result) == {"甲一": D(4320), "乙二": D(2880), "丙三": D(1800), "丁四": D(0)}
    assert [a.name for a in result.recipients] == ["甲一"]


def test_no_excellent_falls_to_good():
    # Σ = 5: bases 1200, 2400, 1200, 1200; deducted 240 + 1200 = 1440 to 良好 ∝ 1200 : 2400.
    people = [
        Staff("甲一", "良好"),
        Staff("乙二", "良好", coefficient=D(2)),
        Staff("丙三", "合格"),
        Staff("丁四", "不合格"),
    ]
    result = distribute(people, D(6000), POLICY)
    assert result.award_grade == "良好"
    assert column(result, "awarded") == {"甲一": D(480), "乙二": D(960), "丙三": D(0), "丁四": D(0)}
    assert amounts(result) == {"甲一": D(1680), "乙二": D(3360), "丙三": D(960), "丁四": D(0)}
    assert result.warnings == []


def test_nobody_to_award_returns_the_money_to_those_deducted_least():
    # Nobody 优秀 or 良好: 200 + 200 + 1000 deducted goes back to the two 合格 ∝ base.
    people = [Staff("甲一", "合格"), Staff("乙二", "合格"), Staff("丙三", "不合格")]
    result = distribute(people, D(3000), POLICY)
    assert result.returned and result.award_grade is None
    assert column(result, "deducted") == {"甲一": D(200), "乙二": D(200), "丙三": D(1000)}
    assert amounts(result) == {"甲一": D(1500), "乙二": D(1500), "丙三": D(0)}
    (warning,) = result.warnings
    assert str(warning.code) == "no-recipients"
    assert warning.params == {"groups": "优秀、良好", "amount": D("1400.00"), "count": 2, "who": "合格"}
    assert warning.message() == "没有优秀、良好等次的人员，扣减的 1400.00 元按基数比例退还给扣减比例最低的合格等次 2 人"


def test_nobody_to_award_returns_the_money_to_those_not_deducted():
    policy = with_bonus(award_to=["优秀"])
    result = distribute([Staff("甲一", "良好"), Staff("乙二", "合格")], D(2000), policy)
    assert result.returned
    assert amounts(result) == {"甲一": D(1200), "乙二": D(800)}
    assert result.warnings[0].params["who"] == "良好"


def test_nobody_deducted_everyone_keeps_the_base():
    result = distribute([Staff("甲一", "优秀"), Staff("乙二", "良好")], D(1000), POLICY)
    assert amounts(result) == {"甲一": D(500), "乙二": D(500)}
    assert result.deducted_total == D(0) and result.warnings == []


def test_a_pool_that_does_not_divide_evenly():
    # 50000.00 / 7 = 7142.857…: each floors to 7142.85 and the 5 fen left go, remainders being
    # equal, to the better grades first: both 优秀, both 良好, then the 合格 whose name sorts first.
    people = [
        Staff("员工1", "优秀"), Staff("员工2", "优秀"), Staff("员工3", "良好"), Staff("员工4", "良好"),
        Staff("员工5", "合格"), Staff("员工6", "合格"), Staff("员工7", "不合格"),
    ]
    result = distribute(list(reversed(people)), D("50000.00"), POLICY)
    assert column(result, "base") == {
        "员工1": D("7142.86"), "员工2": D("7142.86"), "员工3": D("7142.86"), "员工4": D("7142.86"),
        "员工5": D("7142.86"), "员工6": D("7142.85"), "员工7": D("7142.85"),
    }
    # 合格: 20% of 7142.86 = 1428.572 → 1428.57; of 7142.85 = 1428.57. 不合格 loses it all.
    assert result.deducted_total == D("9999.99")
    # 999999 fen between two equal 优秀: 499999.5 each; the odd fen to the name sorting first.
    assert amounts(result) == {
        "员工1": D("12142.86"), "员工2": D("12142.85"), "员工3": D("7142.86"), "员工4": D("7142.86"),
        "员工5": D("5714.29"), "员工6": D("5714.28"), "员工7": D("0.00"),
    }
    assert sum(amounts(result).values()) == D("50000.00")
    assert result.to_json()["pool"] == D("50000.00")


def test_equal_grades_share_the_odd_fen_by_name_not_row_order():
    names = [f"员工{i}" for i in range(1, 8)]
    forward = distribute([Staff(n, "良好") for n in names], D(50000), POLICY)
    backward = distribute([Staff(n, "良好") for n in reversed(names)], D(50000), POLICY)
    expected = {n: D("7142.86") if i < 5 else D("7142.85") for i, n in enumerate(names)}
    assert amounts(forward) == amounts(backward) == expected


def test_award_split_equal_and_score():
    # Bases 2000, 1000, 1000, 1000 (Σ 系数 5 of 5000); 200 + 1000 = 1200 deducted.
    people = [
        Staff("甲一", "优秀", coefficient=D(2), final=D(96)),
        Staff("乙二", "优秀", final=D(92)),
        Staff("丙三", "合格", final=D(75)),
        Staff("丁四", "不合格", final=D(60)),
    ]
    by_base = distribute(people, D(5000), POLICY)
    assert column(by_base, "awarded")["甲一"] == D(800) and column(by_base, "awarded")["乙二"] == D(400)
    equal = distribute(people, D(5000), with_bonus(award_split="equal"))
    assert column(equal, "awarded")["甲一"] == D(600) and column(equal, "awarded")["乙二"] == D(600)
    # ∝ score: 1200 × 96/188 = 612.7659… and 1200 × 92/188 = 587.2340…; the fen left goes to
    # the larger remainder (.59 > .40).
    score = distribute(people, D(5000), with_bonus(award_split="score"))
    assert column(score, "awarded")["甲一"] == D("612.77") and column(score, "awarded")["乙二"] == D("587.23")


def test_equal_base_ignores_coefficients_and_months():
    people = [Staff("甲一", "良好", coefficient=D(3)), Staff("乙二", "良好", months=D(0))]
    result = distribute(people, D(1000), with_bonus(base="equal"))
    assert amounts(result) == {"甲一": D(500), "乙二": D(500)}


def test_whole_yuan_unit():
    result = distribute([Staff("甲一", "良好"), Staff("乙二", "良好"), Staff("丙三", "优秀")], D(1000), with_bonus(unit=1))
    # 333.33… each: the one yuan left goes to the better grade.
    assert amounts(result) == {"甲一": D(333), "乙二": D(333), "丙三": D(334)}
    assert result.to_json()["pool"] == D(1000)


@pytest.mark.parametrize(("rounding", "deducted"), [("half_up", D("0.51")), ("half_even", D("0.50"))])
def test_deduction_rounds_by_the_policy(rounding, deducted):
    # 2.02 → bases 1.01 each; half of 1.01 is 0.505: 四舍五入 0.51, half_even 0.50.
    policy = policy_from_dict({"rounding": rounding, "bonus": {"deduct": {"合格": 0.5}}})
    result = distribute([Staff("甲一", "优秀"), Staff("乙二", "合格")], D("2.02"), policy)
    assert column(result, "deducted")["乙二"] == deducted
    assert sum(amounts(result).values()) == D("2.02")


def test_to_json_is_the_spec_shape():
    result = distribute([Staff("甲一", "优秀", id="A01"), Staff("乙二", "合格", id="A02")], D(1000), POLICY)
    assert result.to_json() == {
        "pool": D("1000.00"),
        "people": [
            {"id": "A01", "name": "甲一", "department": None, "grade": "优秀", "base": D("500.00"), "deducted": D("0.00"),
             "awarded": D("100.00"), "amount": D("600.00")},
            {"id": "A02", "name": "乙二", "department": None, "grade": "合格", "base": D("500.00"), "deducted": D("100.00"),
             "awarded": D("0.00"), "amount": D("400.00")},
        ],
        "deducted_total": D("100.00"),
        "warnings": [],
        "output": None,
    }


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("pool", ["0", "-5", "abc", "nan", "inf", "1e999999", True, [50000]])
def test_bad_pool_as_typed(pool):
    from jxkh.problems import Problems

    problems = Problems()
    assert parse_pool(pool, problems) is None
    assert problems.codes() == ["pool-invalid"]


@pytest.mark.parametrize("pool", [D(0), D(-5), D("NaN"), D("Infinity"), 0])
def test_bad_pool(pool):
    with pytest.raises(DataError) as excinfo:
        distribute([Staff("甲一", "良好")], pool, POLICY)
    assert codes_of(excinfo) == ["pool-invalid"]


@pytest.mark.parametrize("pool", [None, "", "  "])
def test_missing_pool(pool):
    from jxkh.problems import Problems

    problems = Problems()
    assert parse_pool(pool, problems) is None
    assert problems.codes() == ["pool-missing"]


def test_the_rules_take_a_decimal_pool_not_text():
    """Text is read where the user typed it (cycle.parse_pool); the rules take validated values."""
    with pytest.raises(UsageError) as excinfo:
        distribute([Staff("甲一", "良好")], "50000", POLICY)
    assert codes_of(excinfo) == ["argument-invalid"]


def test_pool_typed_like_a_clerk():
    from jxkh.problems import Problems

    problems = Problems()
    assert parse_pool("５００００", problems) == D(50000)
    assert parse_pool("50,000.00元", problems) == D("50000.00")
    assert problems == []


def test_pool_not_in_units():
    with pytest.raises(DataError) as excinfo:
        distribute([Staff("甲一", "良好")], D("50000.005"), POLICY)
    assert codes_of(excinfo) == ["pool-not-in-units"]
    assert excinfo.value.problems[0].message() == (
        "奖金总额 50000.005 元不是 0.01 元的整数倍，请把金额精确到 0.01 元（或修改 jxkh.toml 的 bonus.unit）"
    )


def test_pool_smaller_than_a_fen_each():
    people = [Staff(f"员工{i}", "良好") for i in range(6)]
    with pytest.raises(DataError) as excinfo:
        distribute(people, D("0.05"), POLICY)
    assert codes_of(excinfo) == ["pool-too-small"]
    assert excinfo.value.problems[0].message() == "奖金总额 0.05 元不足每人 0.01 元（6 人）"
    assert sum(amounts(distribute(people, D("0.06"), POLICY)).values()) == D("0.06")


def test_bad_coefficients_and_months_are_all_reported():
    people = [
        Staff("甲一", "良好", coefficient=D(0)),
        Staff("乙二", "良好", months=D(13)),
        Staff("丙三", "良好", months=D(-1)),
    ]
    with pytest.raises(DataError) as excinfo:
        distribute(people, D(1000), POLICY)
    assert codes_of(excinfo) == ["coefficient-not-positive", "months-out-of-range", "months-out-of-range"]


def test_nobody_in_post():
    with pytest.raises(DataError) as excinfo:
        distribute([Staff("甲一", "良好", months=D(0)), Staff("乙二", "优秀", months=D(0))], D(1000), POLICY)
    assert codes_of(excinfo) == ["no-base"]


# --- invariants ---------------------------------------------------------------------------

GRADES = POLICY.staff.grades  # 优秀 良好 合格 不合格, best first

person = st.tuples(
    st.sampled_from(GRADES),
    st.one_of(  # 岗位系数: often shared, so that equal bases meet different grades
        st.sampled_from([D(1), D(1), D("1.2"), D("0.8"), D("1.5")]),
        st.decimals(min_value=D("0.1"), max_value=D("3"), places=2),
    ),
    st.sampled_from([D(0), D(1), D(3), D("5.5"), D(6), D(11), D(12), D(12), D(12)]),  # 在岗月数
    st.decimals(min_value=D(0), max_value=D(100), places=2),  # final score
)


@st.composite
def cases(draw):
    rows = draw(st.lists(person, min_size=1, max_size=25))
    if all(months == 0 for _, _, months, _ in rows):
        rows[0] = (rows[0][0], rows[0][1], D(12), rows[0][3])
    people = [Staff(f"员工{i:02d}", g, department=f"科{i % 3}", id=f"A{i:02d}", coefficient=c, months=m, final=f)
              for i, (g, c, m, f) in enumerate(rows)]
    # Deduction rates that never deduct a better grade more than a worse one.
    good = draw(st.sampled_from([D(0), D(0), D("0.1")]))
    passing = good + draw(st.sampled_from([D(0), D("0.2"), D("0.35")]))
    failing = min(D(1), passing + draw(st.sampled_from([D(0), D("0.5"), D(1)])))
    unit = draw(st.sampled_from([D("0.01"), D("0.01"), D(1), D("0.05")]))
    policy = policy_from_dict({
        "rounding": draw(st.sampled_from(["half_up", "half_even"])),
        "bonus": {
            "base": draw(st.sampled_from(["coefficient", "equal"])),
            "award_split": draw(st.sampled_from(["base", "equal", "score"])),
            "deduct": {"良好": good, "合格": passing, "不合格": failing},
            "unit": unit,
        },
    })
    units = draw(st.integers(min_value=len(people), max_value=10**9))
    return people, units * unit, policy, draw(st.randoms())


@settings(max_examples=300, deadline=None)
@given(cases())
def test_invariants(case):
    people, pool, policy, rng = case
    result = distribute(people, pool, policy)
    rows = {a.name: a for a in result.people}

    assert all(a.amount >= 0 and a.base >= 0 and a.deducted >= 0 and a.awarded >= 0 for a in result.people)
    assert sum(a.amount for a in result.people) == pool  # to the fen, no tolerance
    assert sum(a.base for a in result.people) == pool
    assert sum(a.awarded for a in result.people) == sum(a.deducted for a in result.people) == result.deducted_total
    assert all(a.base - a.deducted + a.awarded == a.amount for a in result.people)
    assert all(a.amount % policy.bonus.unit == 0 for a in result.people)

    # The same base and a better grade never gets less.
    rank = {g: i for i, g in enumerate(GRADES)}
    equal_base = policy.bonus.base == "equal"
    for p in people:
        for q in people:
            same_weight = equal_base or p.coefficient * p.months == q.coefficient * q.months
            if same_weight and rank[p.grade] < rank[q.grade]:
                assert rows[p.name].amount >= rows[q.name].amount, (p, q)

    # Shuffling the rows changes nobody's amount.
    shuffled = list(people)
    rng.shuffle(shuffled)
    again = distribute(shuffled, pool, policy)
    assert {a.name: a for a in again.people} == rows


# --- the workbook ------------------------------------------------------------------------


def test_bonus_workbook(tmp_path):
    from jxkh.output.bonus import write_bonus
    from jxkh.output.notice import notice_title

    ratings = tmp_path / "ratings.xlsx"
    ratings.write_bytes(b"ballots")  # only hashed here
    people = [
        Staff("甲一", "优秀", department="办公室", id="A01", final=D("93.50")),
        Staff("=乙二", "良好", department="会员部", id="A02", final=D("85.00"), coefficient=D("1.2"), months=D(6)),
        Staff("丙三", "合格", department="办公室", id="A03", final=D("72.00")),
        Staff("丁四", "不合格", department="会员部", id="A04", final=D("60.00")),
    ]
    # Weights 1, 0.6, 1, 1 → Σ 3.6; 9000 → 2500, 1500, 2500, 2500; 500 + 2500 to 甲一.
    result = distribute(people, D(9000), POLICY)
    out = write_bonus(result, POLICY, tmp_path / "bonus.xlsx", ratings)

    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["奖金分配", "公示", "汇总", "说明"]
    assert read_back(out, "奖金分配") == [
        ["工号", "科室", "姓名", "岗位系数", "在岗月数", "考评得分", "等次", "扣减比例", "基数", "扣减", "补增", "金额"],
        ["A01", "办公室", "甲一", 1, 12, 93.5, "优秀", 0, 2500, 0, 3000, 5500],
        ["A02", "会员部", "=乙二", 1.2, 6, 85, "良好", 0, 1500, 0, 0, 1500],
        ["A03", "办公室", "丙三", 1, 12, 72, "合格", 0.2, 2500, 500, 0, 2000],
        ["A04", "会员部", "丁四", 1, 12, 60, "不合格", 1, 2500, 2500, 0, 0],
        ["合计", None, "4 人", None, None, None, None, None, 9000, 3000, 3000, 9000],
    ]
    assert wb["奖金分配"]["L3"].number_format == "#,##0.00"  # row 1 is the title, row 2 the header
    assert wb["奖金分配"]["H6"].number_format == "0%"
    assert wb["奖金分配"].page_setup.orientation == "landscape"  # printed for sign-off

    notice = wb["公示"]
    title = notice_title(POLICY.title, "绩效奖金二次分配")
    assert title == "本单位2015年度绩效奖金二次分配公示"  # the built-in policy names no unit
    rows = [list(r) for r in notice.iter_rows(values_only=True)]
    assert rows[0][0] == title
    assert rows[1][0] == ("现将绩效奖金二次分配方案予以公示。"
                          "奖金总额 9,000.00 元，按扣差补优法分配：扣减合计 3,000.00 元，按基数比例补给优秀等次 1 人。")
    assert rows[2] == ["序号", "科室", "姓名", "等次", "金额（元）"]
    # Grouped by 科室 in order of first appearance.
    assert rows[3:8] == [
        [1, "办公室", "甲一", "优秀", 5500],
        [2, "办公室", "丙三", "合格", 2000],
        [3, "会员部", "=乙二", "良好", 1500],
        [4, "会员部", "丁四", "不合格", 0],
        ["合计", None, "4 人", None, 9000],
    ]
    # Blanks to fill in by hand where the policy sets nothing; the 落款 names no real unit.
    assert [r[0] for r in rows[9:15]] == [
        "公示期：      年    月    日至      年    月    日（5个工作日）",
        "公示期间如有异议，请以书面或当面形式向绩效评估工作小组办公室（绩效办）反映。",
        "联系人：________　　联系电话：________　　监督电话：________",
        None,
        "本单位（盖章）",
        "      年    月    日",
    ]
    assert notice.cell(row=6, column=3).value == "=乙二"
    assert notice.cell(row=6, column=3).data_type == "s"  # text, never a formula
    assert notice.page_setup.paperSize == 9  # A4 in OOXML
    assert notice.page_setup.orientation == "portrait"
    assert notice.page_setup.scale == 100  # never shrunk to fit: 11 pt on paper
    assert notice.print_title_rows == "$1:$3"  # title and header on every page

    assert read_back(out, "汇总")[:3] == [
        ["等次", "人数", "基数合计", "扣减合计", "补增合计", "金额合计", "人均金额"],
        ["优秀", 1, 2500, 0, 3000, 5500, 5500],
        ["良好", 1, 1500, 0, 0, 1500, 1500],
    ]
    notes = dict((r[0], r[1]) for r in read_back(out, "说明")[1:])
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（UTC[+-]\d\d:\d\d）", notes["生成时间"])  # local time
    assert notes["扣减"] == "合格等次扣减基数的20%，不合格等次扣减基数的100%；扣减合计 3,000.00 元（2 人）。"
    assert notes["补增"].startswith("扣减的 3,000.00 元按基数比例补给优秀等次 1 人")
    assert notes["考评依据"] == "等次由 ratings.xlsx 的测评票重新计算；未提供指标表，未计入责任扣分"
    import hashlib

    assert notes["输入文件 ratings.xlsx"] == "SHA-256：" + hashlib.sha256(b"ballots").hexdigest()
    assert notes["扣减金额补给（bonus.award_to）"] == "优秀，无人时良好"
    assert notes["奖金基数（bonus.base）"] == "按岗位系数 × 在岗月数/12 的比例"
    assert notes["舍入方法（rounding）"] == "四舍五入"


def test_notice_title_from_other_titles():
    from jxkh.output.notice import notice_title

    subject = "绩效奖金二次分配"
    assert notice_title("某市某局2016年度", subject) == "某市某局2016年度绩效奖金二次分配公示"
    assert notice_title("某市某局2016年度绩效考核", subject) == "某市某局2016年度绩效奖金二次分配公示"
    assert notice_title("青溪市工商联2015年度绩效管理（示例）", subject) == "青溪市工商联2015年度绩效奖金二次分配公示（示例）"


def test_returned_money_is_explained(tmp_path):
    from jxkh.output.bonus import write_bonus

    ratings = tmp_path / "ratings.xlsx"
    ratings.write_bytes(b"x")
    result = distribute([Staff("甲一", "合格"), Staff("乙二", "不合格")], D(2000), POLICY)
    out = write_bonus(result, POLICY, tmp_path / "bonus.xlsx", ratings)
    notes = dict((r[0], r[1]) for r in read_back(out, "说明")[1:])
    assert notes["补增"] == "没有优秀、良好等次的人员，扣减的 1,200.00 元按基数比例退还给扣减比例最低的合格等次 1 人。"
