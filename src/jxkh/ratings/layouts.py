"""Where the ballots are in a workbook, and the entry points that read a ratings workbook."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..cells import normalize
from ..headers import RATING_FIELDS, RATING_SHEETS, ROSTER_SHEETS, Field, dimension_fields
from ..messages import Code
from ..problems import Problems
from .model import Ballots, Ratings, Roster
from .roster import roster_sheet
from .tally import tally_ballots
from .votes import as_scores, ballot_vote_fields

if TYPE_CHECKING:
    from ..policy import Policy
    from ..reader import Workbook


def load_ratings(path: Path | str, policy: Policy) -> Ratings:
    """Read and validate a ratings workbook; raise DataError listing every problem."""
    problems = Problems()
    ratings = read_ratings(path, policy, problems)
    problems.raise_if_errors()
    assert ratings is not None  # no errors means both sheets were read
    return ratings


def read_ratings(path: Path | str, policy: Policy, problems: Problems) -> Ratings | None:
    """Like `load_ratings`, but collect the problems (to report them with others); None when unusable.

    An unusable file (missing, corrupt, encrypted…) still raises at once.
    """
    from ..reader import open_workbook

    book = open_workbook(Path(path), policy.limits)
    problems.extend(book.problems)
    roster = roster_sheet(book, policy, problems)
    ballots = _read_ballots(book, policy, roster, problems)
    if ballots is None:
        return None
    return Ratings(ballots, roster, [p for p in problems if not p.is_error])


def _ballot_sheet(book: Workbook, problems: Problems) -> str | None:
    from ..reader import find_sheet

    sheet = find_sheet(book, RATING_SHEETS, first_if_missing=False, problems=Problems())
    if sheet is not None:
        return sheet
    roster_names = {normalize(n).lower() for n in ROSTER_SHEETS}
    others = [s for s in book.sheet_names if normalize(s).lower() not in roster_names]
    if others:
        return others[0]
    problems.add(Code.SHEET_MISSING, file=book.file, value=RATING_SHEETS[0], found="、".join(book.sheet_names) or "无")
    return None


def _read_ballots(book: Workbook, policy: Policy, roster: Roster | None, problems: Problems) -> Ballots | None:
    from ..reader import read_table

    sheet = _ballot_sheet(book, problems)
    if sheet is None:
        return None
    # Streamed: each row is checked and tallied as calamine hands it over, never all held.
    votes = policy.staff.method == "votes"
    fields = ballot_vote_fields(policy) if votes else ballot_fields(policy)
    table = read_table(book, sheet, fields, problems, limits=policy.limits, stream=True)
    if table is None:
        return None
    if votes:  # tick-box ballots: the tick's points become the one score column
        table = as_scores(table, policy, problems)
    # The reader adds its problems while the rows are tallied: the tally's go after them, in
    # the order they would have with the whole sheet read first.
    tallied = Problems()
    ballots = tally_ballots(table, policy, roster, tallied)
    problems.extend(tallied)
    return ballots


def ballot_fields(policy: Policy) -> dict[str, Field]:
    """The 测评 sheet's columns: the fixed ones and one per policy dimension."""
    fields = dict(RATING_FIELDS)
    if policy.staff.rater_weights:  # weights need every ballot's 测评人类别
        fields["rater_group"] = replace(fields["rater_group"], required=True)
    fields.update(dimension_fields(policy.staff.dimensions))
    return fields


