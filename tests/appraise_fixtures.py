"""Small builders for ratings workbooks, so an appraisal test shows its ballots.

`prop(total)` splits a ballot total over 德 能 勤 绩 廉 in the policy's proportions
(10:20:30:30:10), so a ballot of 90 is 9, 18, 27, 27, 9 and each dimension's average is
the total's average times 0.1, 0.2, 0.3, 0.3, 0.1: a test can be worked by hand from totals.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from helpers import make_xlsx

HEADER = ["工号", "被测评人", "科室", "测评人", "测评人类别", "德", "能", "勤", "绩", "廉"]
ROSTER_HEADER = ["工号", "姓名", "科室", "岗位系数", "在岗月数", "上年度考核等次", "违纪违法"]
SHARES = [Decimal("0.1"), Decimal("0.2"), Decimal("0.3"), Decimal("0.3"), Decimal("0.1")]


def prop(total: Any) -> list[float | int]:
    """A ballot totalling `total`, split 10:20:30:30:10 (as the numbers a clerk types)."""
    values = [Decimal(str(total)) * share for share in SHARES]
    return [int(v) if v == v.to_integral_value() else float(v) for v in values]


def ballot(name: Any, scores: Any, *, id: Any = None, dept: Any = None, rater: Any = None, group: Any = None) -> list[Any]:
    """One 测评 row; `scores` is a total (split by `prop`) or the five dimension cells."""
    dims = prop(scores) if isinstance(scores, (int, float, str, Decimal)) and not isinstance(scores, bool) else list(scores)
    return [id, name, dept, rater, group, *dims]


def person(name: str, *, id: Any = None, dept: Any = None, coefficient: Any = None, months: Any = None,
           prior: Any = None, violation: Any = None) -> list[Any]:
    return [id, name, dept, coefficient, months, prior, violation]


def write_ratings(path: Path, ballots: list[list[Any]], roster: list[list[Any]] | None = None,
                  header: list[str] | None = None) -> Path:
    sheets: dict[str, list[list[Any]]] = {"测评": [header or HEADER, *ballots]}
    if roster is not None:
        sheets["人员"] = [ROSTER_HEADER, *roster]
    return make_xlsx(path, sheets)


def by_name(result: Any) -> dict[str, Any]:
    return {p.name: p for p in result.people}


def codes(problems: Any) -> list[str]:
    return [str(p.code) for p in problems]
