"""The city office's returned assessment (市绩效办评估结果反馈, 附件1 二.5): its 核定得分 per
indicator, matched to the unit's own indicators by 指标名称/序号.

The sheet is the first with a 核定得分 (or 考核得分/评估得分/得分) column; every row must name an
indicator of the unit's workbook; an indicator it leaves out is named in a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .cells import CellValueError, clean_text, is_blank, to_decimal
from .headers import ASSESSED_FIELDS, CATEGORIES
from .indicators import category_of
from .messages import Code
from .plan import IndicatorIndex
from .problems import Problems

if TYPE_CHECKING:
    from .indicators import Indicator, IndicatorKey
    from .policy import Policy


_CONTENT = ("name", "points", "grade", "score", "reason")


@dataclass(frozen=True)
class Assessed:
    """The office's verdict on one indicator."""

    row: int  # the indicator's row in the unit's workbook (with its sheet: the key it is filed under)
    score: Decimal
    grade: str = ""
    reason: str = ""  # the office's 扣分原因/核定意见


def read_assessed(
    path: Path | str, indicators: list[Indicator], policy: Policy, problems: Problems,
) -> dict[IndicatorKey, Assessed]:
    """indicator row → the office's score; problems added (rows that cannot be matched are errors)."""
    from .provenance import refuse_own_output
    from .reader import open_workbook, read_table

    book = open_workbook(Path(path), policy.limits)
    refuse_own_output(book)  # a *.scored.xlsx given as --assessed: its 计算得分 would pass for 核定得分
    problems.extend(book.problems)
    table = None
    for sheet in book.sheet_names:
        found = Problems()
        table = read_table(book, sheet, ASSESSED_FIELDS, found, limits=policy.limits)
        if table is not None and ("id" in table.columns or "name" in table.columns):
            problems.extend(found)
            break
        if sheet == book.sheet_names[-1]:
            problems.extend(found if found.errors else [])
            if not found.errors:
                problems.add(Code.COLUMN_MISSING, file=book.file, sheet=sheet, value=ASSESSED_FIELDS["name"].label)
            return {}
        table = None
    if table is None:  # pragma: no cover - a workbook has at least one sheet
        return {}
    index = IndicatorIndex(indicators)
    result: dict[IndicatorKey, Assessed] = {}
    for number, values in table.rows:
        ident = clean_text(table.value(values, "id")) or None
        name = clean_text(table.value(values, "name"))
        raw = table.value(values, "score")
        if all(is_blank(table.value(values, f)) for f in _CONTENT):
            continue  # a signature line under the table (市绩效办（盖章）) or an unused numbered row
        try:
            score = to_decimal(raw)
        except CellValueError as exc:
            problems.add(exc.code, **table.where(number, "score"), value=raw, column=table.labels["score"])
            continue
        if score is None:
            if not is_blank(raw) or (number, table.columns["score"]) in table.reported:
                continue
            problems.add(Code.VALUE_REQUIRED, **table.where(number, "score"), column=table.labels["score"])
            continue
        category = category_of(table.value(values, "category"))
        if category is None and not is_blank(table.value(values, "category")):
            problems.add(Code.CATEGORY_UNKNOWN, **table.where(number, "category"), value=table.value(values, "category"),
                         expected="/".join(CATEGORIES))
            continue
        indicator = index.match(index.find(ident, name, category), lambda f: table.where(number, f), ident, name,
                                problems, Path(indicators[0].file or "").name if indicators else "")
        if indicator is None:
            continue
        result[indicator.key] = Assessed(
            indicator.row, score, clean_text(table.value(values, "grade")), clean_text(table.value(values, "reason")),
        )
    for indicator in indicators:
        if indicator.graded and indicator.key not in result:
            problems.add(Code.ASSESSED_MISSING, file=book.file, sheet=table.sheet, value=indicator.name)
    return result
