"""改进 analysis (附件1 二.5 结合总结自评以及市绩效办评估结果反馈，进行深度分析，认真查找自身薄弱环节，
制定切实可行的整改措施): where the city office assessed an indicator below the unit's own score.
Pure: the self-assessed rows and the assessed scores in, the shortfalls and their totals out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..cells import normalize, round_to

if TYPE_CHECKING:
    from ..assessed import Assessed
    from ..indicators import Indicator, IndicatorKey
    from ..policy import Policy
    from .scoring import ScoredRow


@dataclass
class Shortfall:
    """An indicator the office scored below the self-assessment."""

    indicator: Indicator
    self_score: Decimal
    assessed_score: Decimal
    reason: str  # the office's reason, else the unit's own 扣分原因

    @property
    def gap(self) -> Decimal:
        return self.self_score - self.assessed_score

    def to_json(self, precision: int = 2) -> dict[str, Any]:
        i = self.indicator
        points = None if i.points is None else round_to(i.points, precision)
        return {
            "row": i.row, "id": i.id, "name": i.name, "category": i.category, "department": i.department,
            "points": points, "self_score": round_to(self.self_score, precision),
            "assessed_score": round_to(self.assessed_score, precision), "gap": round_to(self.gap, precision),
            "reason": self.reason, "owner": i.owner,
        }


@dataclass
class Improvement:
    shortfalls: list[Shortfall]
    self_total: Decimal  # over the indicators compared
    assessed_total: Decimal
    by_department: dict[str, Decimal] = field(default_factory=dict)  # 科室 → points below the self-assessment
    by_category: dict[str, Decimal] = field(default_factory=dict)

    @property
    def gap(self) -> Decimal:
        return sum((s.gap for s in self.shortfalls), Decimal(0))

    def to_json(self, precision: int = 2) -> dict[str, Any]:
        def num(value: Decimal) -> Decimal:  # at the policy's precision, as every command's JSON
            return round_to(value, precision)

        return {
            "self_total": num(self.self_total), "assessed_total": num(self.assessed_total), "gap": num(self.gap),
            "shortfalls": [s.to_json(precision) for s in self.shortfalls],
            "departments": {k: num(v) for k, v in self.by_department.items()},
            "categories": {k: num(v) for k, v in self.by_category.items()},
        }


def compare(rows: list[ScoredRow], assessed: dict[IndicatorKey, Assessed]) -> Improvement:
    """The unit's scores (`rows`) against the office's returned sheet (indicator sheet and row → its score)."""
    pairs = [
        (r.indicator, r.score, assessed[r.indicator.key].score, assessed[r.indicator.key].reason or r.indicator.reason)
        for r in rows if r.indicator.key in assessed
    ]
    return summarise(pairs)


def against_self(rows: list[ScoredRow], policy: Policy) -> Improvement | None:
    """One workbook carrying both the unit's 自评 columns and the office's 核定/考核 ones (the
    latter scored): each such row's self-assessed score against the score counted. None when no
    row has both. A 自评等次 without a 自评得分 counts at `unit.band_default`, as scoring does."""
    pairs = []
    for r in rows:
        i = r.indicator
        own = self_score(i, policy)
        if own is not None and assessed_apart(i):
            pairs.append((i, own, r.score, i.reason))
    return summarise(pairs) if pairs else None


def self_score(indicator: Indicator, policy: Policy) -> Decimal | None:
    if indicator.self_score is not None:
        return indicator.self_score
    bands = policy.unit.bands
    if indicator.self_grade not in bands or indicator.points is None or not indicator.graded:
        return None
    low, _ = bands[indicator.self_grade]
    fraction = policy.unit.band_default.get(indicator.self_grade, low)
    return round_to(fraction * indicator.points, policy.precision, policy.rounding)


def assessed_apart(indicator: Indicator) -> bool:
    """The counted grade or score came from a column of its own (核定/考核), not the 自评 one."""
    cells = indicator.cells
    return any(cells.get(field) not in (None, cells.get(own)) for field, own in (("grade", "self_grade"), ("score", "self_score")))


def summarise(pairs: list[tuple[Indicator, Decimal, Decimal, str]]) -> Improvement:
    """(indicator, self-assessed score, assessed score, reason) of every indicator compared →
    those assessed below the self-assessment, largest gap first (then in the form's order),
    and the gaps by 科室 and by category."""
    shortfalls = [Shortfall(i, own, theirs, reason) for i, own, theirs, reason in pairs if theirs < own]
    shortfalls.sort(key=lambda s: -s.gap)
    by_department: dict[str, Decimal] = {}
    by_category: dict[str, Decimal] = {}
    spelling: dict[str, str] = {}
    for s in shortfalls:
        department = spelling.setdefault(normalize(s.indicator.department), s.indicator.department)
        by_department[department] = by_department.get(department, Decimal(0)) + s.gap
        by_category[s.indicator.category] = by_category.get(s.indicator.category, Decimal(0)) + s.gap
    return Improvement(
        shortfalls=shortfalls,
        self_total=sum((own for _, own, _, _ in pairs), Decimal(0)),
        assessed_total=sum((theirs for _, _, theirs, _ in pairs), Decimal(0)),
        by_department=by_department, by_category=by_category,
    )
