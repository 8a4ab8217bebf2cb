"""The indicators workbook read as the year's plan: before any grade is given.

`jxkh duty` posts the 责任分解 at the start of the year and `jxkh ledger` follows progress
month by month, when the 完成等次/得分 columns are still blank. So the plan is the indicator
rows with every reading check except those about grading (grade, score, ratio), and each
indicator's 完成时限 as a month of the year.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .cells import clean_text, is_blank, normalize
from .headers import INDICATOR_FIELDS
from .messages import Code
from .problems import Problem, Problems

if TYPE_CHECKING:
    from .indicator_book import IndicatorBook
    from .indicators import Indicator
    from .policy import Policy

# What a grade-less plan may leave out: the grading checks, which `jxkh score` makes at year end.
_GRADING = {
    Code.GRADE_MISSING, Code.GRADE_UNKNOWN, Code.GRADE_NEAR_MISS, Code.SCORE_OUTSIDE_BAND, Code.SCORE_ABOVE_POINTS,
    Code.SCORE_RATIO_MISMATCH, Code.BAND_DEFAULT_USED, Code.FAULT_WITHOUT_OWNER, Code.FAULT_WITHOUT_LOSS,
}
_GRADING_COLUMNS = {INDICATOR_FIELDS[name].label for name in ("grade", "score", "ratio")}


def _about_grading(problem: Problem) -> bool:
    if problem.code in _GRADING:
        return True
    if problem.code == Code.COLUMN_MISSING and problem.value in _GRADING_COLUMNS:
        return True
    if problem.code == Code.COLUMN_MISNAMED and problem.params.get("field") in _GRADING_COLUMNS:
        return True
    return problem.code == Code.VALUE_REQUIRED and problem.params.get("column") in _GRADING_COLUMNS


def load_plan(path: Path | str, policy: Policy) -> IndicatorBook:
    """The indicators workbook without its grading checks; raises DataError with every other problem.
    (`deadline` reads each 完成时限, reporting one that is not a month of the year.)"""
    from .indicator_book import read_indicators

    found = Problems()
    book = read_indicators(path, policy, found)
    problems = Problems(p for p in found if not _about_grading(p))
    problems.raise_if_errors()
    assert book is not None
    book.warnings = problems.warnings
    return book


# 完成时限 as offices write it: a date, 6月, 6月底, 2015年6月30日, 2015-06, 上半年, 第三季度, 年底/全年.
_NAMED = {
    "全年": 12, "年底": 12, "年末": 12, "年内": 12, "12月底": 12, "上半年": 6, "年中": 6, "下半年": 12,
    "第一季度": 3, "一季度": 3, "第二季度": 6, "二季度": 6, "第三季度": 9, "三季度": 9, "第四季度": 12, "四季度": 12,
}
_CHINESE_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
                   "十一": 11, "十二": 12}
_MONTH = re.compile(r"^(?:\d{4}(?:年|[-./]))?(\d{1,2})(?:月|[-./]\d{1,2}日?|$)")
_CHINESE_MONTH = re.compile(r"^(十[一二]?|[一二三四五六七八九])月")


def month_of(value: Any) -> int | None:
    """A 月份 or 完成时限 cell as a month 1–12; None when blank. Raises ValueError when unreadable."""
    if is_blank(value):
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.month
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)) and float(value).is_integer() and 1 <= int(value) <= 12:
        return int(value)
    text = normalize(clean_text(value))
    for name, month in _NAMED.items():
        if text.startswith(name):
            return month
    match = _MONTH.match(text) or None
    if match is not None and 1 <= int(match.group(1)) <= 12:
        return int(match.group(1))
    match = _CHINESE_MONTH.match(text)
    if match is not None:
        return _CHINESE_MONTHS[match.group(1)]
    raise ValueError(value)


def deadline(indicator: Indicator, problems: Problems | None = None, year: int | None = None) -> int | None:
    """The indicator's 完成时限 as the month of the plan's `year` it falls in; None when not set,
    unreadable (reported), or in a later year (2016年1月 for the 自评材料 of 2015: never overdue
    within the year's ledger)."""
    raw = indicator.values.get("deadline")
    try:
        month = month_of(raw)
    except ValueError:
        if problems is not None:
            problems.add(Code.DEADLINE_INVALID, **indicator.where("deadline"), value=raw)
        return None
    written = _year_of(raw)
    if month is not None and year is not None and written is not None and written > year:
        return None
    return month


_YEAR_WRITTEN = re.compile(r"^(\d{4})(?:年|[-./])")
_TITLE_YEAR = re.compile(r"^(.*?)(\d{4})\s*年")


def _year_of(value: Any) -> int | None:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year
    match = _YEAR_WRITTEN.match(normalize(clean_text(value)))
    return int(match.group(1)) if match else None


def unit_and_year(title: str) -> tuple[str, str]:
    """The policy's title as unit and year: "青溪市工商联2015年度绩效管理（示例）" → ("青溪市工商联", "2015");
    no year in it: (title, "")."""
    match = _TITLE_YEAR.match(title.strip())
    if match is None:
        return title.strip(), ""
    return match.group(1).strip() or title.strip(), match.group(2)


def plan_year(policy: Policy) -> int | None:
    year = unit_and_year(policy.title)[1]
    return int(year) if year else None



@dataclass
class Match:
    """What another workbook's row names: the indicator, else why not. `mismatch`: its 序号 names
    other indicators than its name; `ambiguous`: several indicators fit (规定指标 and 自选指标
    both numbered from 1) and nothing on the row tells them apart. Neither, no indicator: unknown."""

    indicator: Indicator | None = None
    mismatch: list[Indicator] = field(default_factory=list)
    ambiguous: list[Indicator] = field(default_factory=list)


class IndicatorIndex:
    """Finds the indicator another workbook's row means (the 台账, the city office's returned
    sheet): by 指标名称, which clerks recognise, else by 序号, narrowed by 类别 when the row gives
    one. A 序号 repeats when 规定指标 and 自选指标 are on two sheets each numbered from 1: then
    the name or the 类别 decides, and a row that gives neither is ambiguous, never guessed. A row
    whose 序号 names a different indicator than its name is a mismatch, never silently resolved."""

    def __init__(self, indicators: list[Indicator]):
        self.by_id: dict[str, list[Indicator]] = {}
        self.by_name: dict[str, list[Indicator]] = {}
        for indicator in indicators:
            if indicator.id:
                self.by_id.setdefault(normalize(indicator.id).lower(), []).append(indicator)
            self.by_name.setdefault(normalize(indicator.name), []).append(indicator)

    def find(self, ident: str | None, name: str, category: str | None = None) -> Match:
        numbered = self.by_id.get(normalize(ident).lower(), []) if ident else []
        if category:
            numbered = [i for i in numbered if i.category == category]
        if name:
            named = self.by_name.get(normalize(name), [])
            if category:
                named = [i for i in named if i.category == category]
            if not named:
                return Match(mismatch=numbered)  # the 序号 is known but the name is another
            if ident:
                both = [i for i in named if i in numbered]
                if not both:
                    return Match(mismatch=numbered)
                named = both
            candidates = named
        else:
            candidates = numbered
        if len(candidates) > 1:
            return Match(ambiguous=candidates)
        return Match(indicator=candidates[0] if candidates else None)

    @staticmethod
    def match(found: Match, where: Callable[[str], dict[str, Any]], ident: str | None, name: str,
              problems: Problems, indicators_file: str) -> Indicator | None:
        """The indicator found, else None with the problem added at the row's cell (`where(field)`):
        the 序号 for a mismatch, the name (else the 序号) otherwise."""
        if found.indicator is not None:
            return found.indicator
        at = where("name" if name else "id")
        if found.mismatch:
            problems.add(Code.LEDGER_INDICATOR_MISMATCH, **where("id"), value=name, id=ident,
                         expected="”或“".join(i.name for i in found.mismatch))
        elif found.ambiguous:
            problems.add(Code.LEDGER_INDICATOR_AMBIGUOUS, **at, value=name or ident, count=len(found.ambiguous),
                         matches="、".join(f"{i.category} {i.id or ''} {i.name}".replace("  ", " ") for i in found.ambiguous))
        else:
            problems.add(Code.LEDGER_INDICATOR_UNKNOWN, **at, value=name or ident, indicators=indicators_file)
        return None
