"""The tally's integer arithmetic against a plain Decimal reference (issue 14): whatever the
fast paths do with the cells (whole and half points, scores with more decimals that rescale
the integers mid-sheet, the order of the rows), every person's dimension means and 测评得分
are the exact Decimal mean rounded half-up to the policy's places, to the hundredth."""

from __future__ import annotations

import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from appraise_fixtures import ballot, write_ratings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxkh.cycle import appraise_file
from jxkh.policy import policy_from_dict

NAMES = ["甲一", "乙二", "丙三", "丁四"]
MAXIMA = [10, 20, 30, 30, 10]
CUTOFFS = [("优秀", 90), ("良好", 80), ("合格", 70), ("不合格", 0)]


def score(maximum):
    """A score as a clerk types it: mostly whole or half points, sometimes two or three decimals."""
    places = st.sampled_from([0, 0, 0, 1, 2, 3])
    return places.flatmap(
        lambda p: st.integers(0, maximum * 10**p).map(lambda n: Decimal(n).scaleb(-p))
    )


ballots = st.lists(
    st.tuples(st.integers(0, len(NAMES) - 1), st.tuples(*(score(m) for m in MAXIMA))), min_size=1, max_size=30
)


def reference(specs):
    """Per person: (ballots, each dimension's mean, the total's mean), plain Decimal, half-up."""
    cent = Decimal("0.01")
    out = {}
    for who in sorted({p for p, _ in specs}):
        mine = [dims for p, dims in specs if p == who]
        n = Decimal(len(mine))
        means = [(sum(d[i] for d in mine) / n).quantize(cent, ROUND_HALF_UP) for i in range(len(MAXIMA))]
        # Exact: the sum of a few hundred scores of three decimals has far fewer than 28 digits.
        total = (sum(sum(d) for d in mine) / n).quantize(cent, ROUND_HALF_UP)
        grade = next(g for g, floor in CUTOFFS if total >= floor)
        out[NAMES[who]] = (len(mine), means, total, grade)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=ballots)
def test_means_are_the_decimal_reference_to_the_hundredth(specs):
    rows = [ballot(NAMES[p], [float(v) for v in dims]) for p, dims in specs]
    with tempfile.TemporaryDirectory() as folder:
        result = appraise_file(write_ratings(Path(folder) / "ratings.xlsx", rows), policy_from_dict({}), write=False)
    got = {
        p.name: (p.ballots, list(p.dimensions.values()), p.rating, p.score_grade)
        for p in result.people
    }
    assert got == reference(specs)
