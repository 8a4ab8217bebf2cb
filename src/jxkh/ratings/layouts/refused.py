"""Ballot layouts jxkh does not read, recognised so that one message names the layouts it does
read (and `jxkh template ratings`), instead of a column-missing error for every dimension."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...cells import normalize
from ...headers import RATING_FIELDS, TICK_BOX_WORDS, dimension_fields

if TYPE_CHECKING:
    from ...policy import Policy
    from ...reader import Workbook

HEADER_ROWS = 20


def refused_layout(book: Workbook, sheet: str, policy: Policy) -> str | None:
    """The TEXT key naming the sheet's layout when it is one jxkh refuses, else None.

    - tick-box: a header row with at least two grade words (优秀 称职 基本称职 不称职…), votes counted per grade;
    - wide: a header row naming the rater (测评人) but neither the ratee nor any dimension: the
      ratees are the columns.
    """
    def keys(field: str) -> set[str]:
        return {normalize(h).lower() for h in RATING_FIELDS[field].headers}

    ticks = {normalize(w).lower() for w in TICK_BOX_WORDS}
    ratee, rater = keys("name"), keys("rater")
    dims = {normalize(h).lower() for f in dimension_fields(policy.staff.dimensions).values() for h in f.headers}
    _, rows = book.iter_rows(sheet)
    for r, row in enumerate(rows):
        if r >= HEADER_ROWS:
            break
        texts = {normalize(v).lower() for v in row if isinstance(v, str) and v.strip()}
        if len(texts & ticks) >= 2 and not texts & dims:
            return "layout_tick_box"
        if texts & rater and not texts & ratee and not texts & dims and len(texts) >= 3:
            return "layout_wide"
    return None
