"""Invariants of the appraisal, over ballots hypothesis makes up (written to .xlsx and read back).

- The order of the ballot rows changes nothing.
- A higher score in one dimension of one ballot, all else equal, never lowers that person's
  final score or grade (mean, trimmed and rater-weighted alike).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from appraise_fixtures import ballot, write_ratings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxkh.cycle import appraise_file
from jxkh.policy import policy_from_dict

NAMES = ["甲一", "乙二", "丙三", "丁四", "戊五"]
MAXIMA = [10, 20, 30, 30, 10]  # hundredths below are 0 … 100 × maximum
GROUPS = ["领导", "同事"]
POLICIES = {
    "mean": policy_from_dict({}),
    "trimmed": policy_from_dict({"staff": {"aggregate": "trimmed", "trim_min_ballots": 3}}),
    "weighted": policy_from_dict({"staff": {"rater_weights": {"领导": 0.4, "同事": 0.6}}}),
    "weighted-trimmed": policy_from_dict(
        {"staff": {"aggregate": "trimmed", "trim_min_ballots": 3, "rater_weights": {"领导": 0.3, "同事": 0.7}}}
    ),
}

dims = st.tuples(*(st.integers(0, 100 * m) for m in MAXIMA))  # hundredths, as a clerk types 8.75
ballot_specs = st.tuples(st.integers(0, len(NAMES) - 1), dims, st.sampled_from(GROUPS))


@st.composite
def unit(draw):
    people = draw(st.integers(2, len(NAMES)))
    specs = draw(st.lists(ballot_specs.filter(lambda b: b[0] < people), min_size=0, max_size=24))
    # everyone has at least one ballot
    specs += [(p, draw(dims), draw(st.sampled_from(GROUPS))) for p in range(people)]
    return specs


def rows(specs):
    return [ballot(NAMES[p], [h / 100 for h in hundredths], group=group) for p, hundredths, group in specs]


def appraise(specs, policy):
    with tempfile.TemporaryDirectory() as folder:
        path = write_ratings(Path(folder) / "ratings.xlsx", rows(specs))
        return appraise_file(path, policy, write=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=unit(), kind=st.sampled_from(sorted(POLICIES)), data=st.data())
def test_permuting_ballots_changes_nothing(specs, kind, data):
    policy = POLICIES[kind]
    shuffled = data.draw(st.permutations(specs))
    first, second = appraise(specs, policy), appraise(shuffled, policy)
    assert first.to_json()["people"] == second.to_json()["people"]
    assert first.grades == second.grades
    # the same findings, though they point at whichever row now comes first
    assert sorted(w.message() for w in first.warnings) == sorted(w.message() for w in second.warnings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=unit(), kind=st.sampled_from(sorted(POLICIES)), data=st.data())
def test_a_higher_dimension_score_never_lowers_the_grade(specs, kind, data):
    policy = POLICIES[kind]
    i = data.draw(st.integers(0, len(specs) - 1))
    d = data.draw(st.integers(0, len(MAXIMA) - 1))
    p, hundredths, group = specs[i]
    room = 100 * MAXIMA[d] - hundredths[d]
    step = data.draw(st.integers(0, room))
    raised = list(hundredths)
    raised[d] += step
    better = [*specs[:i], (p, tuple(raised), group), *specs[i + 1:]]
    before = {r.name: r for r in appraise(specs, policy).people}[NAMES[p]]
    after = {r.name: r for r in appraise(better, policy).people}[NAMES[p]]
    order = list(policy.staff.cutoffs)
    assert after.final >= before.final
    assert order.index(after.grade) <= order.index(before.grade)
