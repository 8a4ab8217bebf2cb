"""Ballot validity rules (`[validity]`): which ballots a unit's own rules make invalid.

A ballot paper is one rater's marks for everyone, so the rules need the 测评人 column to
tell papers apart: at most `top_cap` people at or above the top cut-off, not everyone full
marks, not everyone the same scores, no self-rating. An invalid paper's rows are all left
out, each with a notice naming the rater and the first row. `min_valid` (too few valid
ballots → 暂缓) acts on the people, in `rules.appraisal`. Trimming the highest and lowest
ballot is `staff.aggregate = "trimmed"` with `trim_min_ballots` (more than 5 → 6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..cells import plain
from ..messages import Code
from ..problems import Problem

if TYPE_CHECKING:
    from ..policy import Policy
    from ..ratings import Ballots


def active(policy: Policy) -> bool:
    v = policy.validity
    return v.top_cap is not None or v.full_marks or v.identical or v.self_rating


def invalid_ballots(ballots: Ballots, policy: Policy, selves: list[set[int]] | None) -> tuple[list[Problem], dict[int, Problem]]:
    """The notices and the ballot indices the `[validity]` rules make invalid, each with its notice.

    `selves[r]` are the people rater `r` is (from `rules.appraisal.rater_identities`)."""
    if not active(policy):
        return [], {}
    where = {"file": ballots.file, "sheet": ballots.sheet}
    if not ballots.has_raters or selves is None:
        return [Problem(Code.VALIDITY_NEEDS_RATER, **where, params={})], {}
    assert ballots.rater is not None and ballots.person is not None and ballots.row is not None
    assert ballots.scores is not None and ballots.raters is not None
    v, staff = policy.validity, policy.staff
    unit = ballots.unit
    full = int(staff.full_score * unit)
    top = staff.cutoffs[staff.top_grade] * unit
    papers: dict[int, list[int]] = {}
    for i, r in enumerate(ballots.rater):
        if r >= 0:
            papers.setdefault(r, []).append(i)
    problems: list[Problem] = []
    invalid: dict[int, Problem] = {}
    for r, rows in papers.items():
        at = {**ballots.rater_where(rows[0]), "value": ballots.raters[r]}
        lines = [tuple(column[i] for column in ballots.scores) for i in rows]
        totals = [sum(line) for line in lines]
        ratees = {ballots.person[i] for i in rows}
        reason = None
        if v.top_cap is not None and (high := sum(1 for t in totals if t >= top)) > v.top_cap:
            reason = Problem(Code.BALLOT_OVER_TOP_CAP, **at, params={
                "count": high, "cap": v.top_cap, "cutoff": plain(staff.cutoffs[staff.top_grade])})
        elif v.full_marks and len(ratees) > 1 and all(t == full for t in totals):
            reason = Problem(Code.BALLOT_ALL_FULL_MARKS, **at, params={"count": len(ratees)})
        elif v.identical and len(ratees) > 1 and len(set(lines)) == 1:
            reason = Problem(Code.BALLOT_IDENTICAL, **at, params={"count": len(ratees)})
        if reason is not None:
            problems.append(reason)
            invalid.update(dict.fromkeys(rows, reason))
            continue
        if v.self_rating:
            for i in rows:
                if ballots.person[i] in selves[r]:
                    problems.append(Problem(Code.BALLOT_SELF_EXCLUDED, **{**at, **ballots.rater_where(i)}, params={}))
                    invalid[i] = problems[-1]
    return problems, invalid
