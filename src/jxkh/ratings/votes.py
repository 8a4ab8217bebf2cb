"""Tick-box ballots (`staff.method = "votes"`): each ballot row ticks one grade box, worth
`staff.votes` points (e.g. Σ votes × 100/80/60/40 ÷ valid votes); the score is their mean.

A layout's table (read with `vote_fields`) becomes, row by row, a table of one dimension,
得票分: the points of the box ticked, in an extra column. So the tally and every rule after
it see ordinary scores, whatever layout the ballots came in. A row with no tick, or with
two, is a spoilt ballot: named with its cell, and not counted. A mark that is neither a tick
nor an empty box is an error at its cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..cells import clean_text, normalize
from ..headers import RATING_FIELDS, VOTE_EMPTY, VOTE_MARKS, Field, vote_fields
from ..messages import Code
from ..policy import VOTE_DIMENSION
from ..problems import cell_ref

if TYPE_CHECKING:
    from ..policy import Policy
    from ..problems import Problems
    from ..reader import Table


def ballot_vote_fields(policy: Policy) -> dict[str, Field]:
    """The columns of a tick-box 测评 sheet: the fixed ones and one per box."""
    return {**RATING_FIELDS, **vote_fields(policy.staff.votes)}


def is_tick(value: Any) -> bool | None:
    """True for a tick (√, ✓, 1, 是…), False for an empty box, None for anything else."""
    if value is True:
        return True
    if value is None or value is False:
        return False
    text = normalize(clean_text(value)).lower()
    if text in VOTE_MARKS or (isinstance(value, (int, float)) and value == 1):
        return True
    if text in VOTE_EMPTY or (isinstance(value, (int, float)) and value == 0):
        return False
    return None


def as_scores(table: Table, policy: Policy, problems: Problems) -> Table:
    """The same table with the points of each row's tick in an extra 得票分 column."""
    boxes = [(name, table.columns[f"vote:{name}"], points) for name, points in policy.staff.votes.items()]
    width = len(table.headers)
    key = f"dim:{VOTE_DIMENSION}"
    where = {"file": table.file, "sheet": table.sheet}

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, values in table.rows:
            ticked, bad = [], False
            for name, column, points in boxes:
                mark = is_tick(values[column])
                if mark is None:
                    problems.add(Code.VOTE_MARK_UNKNOWN, **where, cell=cell_ref(number, column), row=number,
                                 value=values[column], column=table.headers[column])
                    bad = True
                elif mark:
                    ticked.append((name, column, points))
            if bad:
                continue
            if len(ticked) != 1:
                first = boxes[0][1] if not ticked else ticked[1][1]
                problems.add(Code.VOTE_SPOILT, **where, cell=cell_ref(number, first), row=number,
                             value=clean_text(values[table.columns["name"]]),
                             ticks="、".join(name for name, _, _ in ticked) or "无", count=len(ticked))
                continue
            yield number, [*values, ticked[0][2]]

    return replace(
        table, headers=[*table.headers, VOTE_DIMENSION], columns={**table.columns, key: width},
        labels={**table.labels, key: VOTE_DIMENSION}, rows=rows(),
    )
