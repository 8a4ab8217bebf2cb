"""The ballot model (pydantic, `ratings.schema`) is the one definition of a ballot; the tally's
fast path must say exactly what the model says, cell for cell, on any row (issue #9).

And the roster: its rows go through `RosterRow`, with pydantic's errors in the catalogue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from appraise_fixtures import ROSTER_HEADER
from helpers import make_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from jxkh.problems import cell_ref
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError, Problems
from jxkh.ratings import load_ratings
from jxkh.ratings.model import BallotSource
from jxkh.ratings.schema import ballot_model, dimension_bounds, problems_from
from jxkh.ratings.tally import BallotTally

POLICY = Policy()
ODD = policy_from_dict({"staff": {"dimensions": {"德": 7.5, "才": 12.25}, "cutoffs": {"优秀": 18, "良好": 15, "合格": 10, "不合格": 0}}})
COLUMNS = ["被测评人", "工号", "德", "能", "勤", "绩", "廉"]

cell = st.one_of(
    st.none(), st.just(""), st.just("   "),
    st.integers(-3, 35),
    st.floats(-2, 33, allow_nan=False).map(lambda f: round(f, 2)),
    st.floats(-2, 33, allow_nan=False, allow_infinity=False),
    st.decimals(-2, 33, places=3).map(lambda d: f"{d}"),
    st.sampled_from(["8.5", "８", "9分", "85%", "abc", "10.0", "1,000", "九", "  7 ", "0.125", "nan", "-0"]),
    st.booleans(),
    st.just(dt.datetime(2015, 12, 1)),
)
name = st.sampled_from(["王芳", "李 强", "", "  ", None, 42])


def fast(row: list[object], policy: Policy) -> tuple[set[tuple[str, str]], list[Decimal] | None, bool]:
    """The tally on one row: its problems (code, cell), the scores it counted, whether it was blank."""
    ndim = len(policy.staff.dimensions)
    names = ["name", "id", *(f"dim:{d}" for d in policy.staff.dimensions)]
    columns = {n: c for c, n in enumerate(names)}
    labels = {n: n for n in names}
    tally = BallotTally([BallotSource("b.xlsx", "测评", columns, labels)], policy)
    problems = Problems()
    tally.read(0, [(2, row)], set(), problems)
    blank = any(f.code == "ballot-blank" for f in tally.findings)
    scores = None
    counted = [t for p in tally.pairs for t in p.tallies.values()]
    if counted:
        scores = [Decimal(s).scaleb(-tally.scale) for s in counted[0].sums]
        assert len(scores) == ndim
    return {(str(p.code), p.cell) for p in problems}, scores, blank


def model(row: list[object], policy: Policy) -> tuple[set[tuple[str, str]], list[Decimal] | None]:
    ballot = ballot_model(policy)
    fields = ["ratee", "ratee_id", *(f"dim_{d}" for d in range(len(policy.staff.dimensions)))]
    values = dict(zip(fields, row))
    cells = {f: cell_ref(2, c) for c, f in enumerate(fields)}
    try:
        record = ballot.model_validate(values)
    except ValidationError as error:
        found = problems_from(error, values, lambda f: {"cell": cells[f]}, lambda f: f)
        return {(str(code), where["cell"]) for _, code, where in found}, None
    return set(), list(record.scores())


@settings(max_examples=400, deadline=None)
@given(ratee=name, scores=st.lists(cell, min_size=5, max_size=5), policy=st.just(POLICY))
def test_fast_path_agrees_with_the_model(ratee: object, scores: list[object], policy: Policy) -> None:
    _check([ratee, "001", *scores], policy)


@settings(max_examples=200, deadline=None)
@given(ratee=name, scores=st.lists(cell, min_size=2, max_size=2))
def test_fast_path_agrees_with_the_model_under_odd_maxima(ratee: object, scores: list[object]) -> None:
    _check([ratee, None, *scores], ODD)


def _check(row: list[object], policy: Policy) -> None:
    got, counted, blank = fast(list(row), policy)
    want, valid = model(list(row), policy)
    if blank:  # every score blank: a blank ballot, noted and not counted (the model has nothing to check)
        assert all(s is None for s in valid or [None]) and not got
        return
    assert got == want, row
    if not want:
        assert counted == [Decimal(v) for v in valid], row


def test_the_tally_takes_its_bounds_from_the_model() -> None:
    assert dimension_bounds(ballot_model(ODD)) == [("德", Decimal(0), Decimal("7.5")), ("才", Decimal(0), Decimal("12.25"))]
    assert ballot_model(ODD).model_validate({"被测评人": "王芳", "德(7.5分)": "7.5", "才": 12.25}).scores() == [
        Decimal("7.5"), Decimal("12.25"),
    ]


def test_roster_errors_come_from_the_model_with_their_cells(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", {
        "测评": [["被测评人", "德", "能", "勤", "绩", "廉"], ["王芳", 9, 18, 27, 27, 9]],
        "人员": [ROSTER_HEADER, ["001", "王芳", None, 0, 13, None, "也许"], ["002", " ", None, None, None, None, None]],
    })
    try:
        load_ratings(path, POLICY)
    except DataError as error:
        found = [(str(p.code), p.cell, p.message()) for p in error.problems]
    assert found == [
        ("coefficient-not-positive", "D2", "岗位系数“0”应为大于 0 的数字"),
        ("months-out-of-range", "E2", "在岗月数“13”应在 0–12 之间"),
        ("yes-no-invalid", "G2", "“违纪违法”应为 是 或 否，实际为“也许”"),
        ("value-required", "B3", "“姓名”不能为空"),
    ]
