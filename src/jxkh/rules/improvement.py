"""改进 analysis (附件1 二.5 结合总结自评以及市绩效办评估结果反馈，进行深度分析，认真查找自身薄弱环节，
制定切实可行的整改措施): where the city office assessed an indicator below the unit's own score.
Pure: the self-assessed rows and the assessed scores in, the shortfalls and their totals out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..cells import normalize

if TYPE_CHECKING:
    from ..assessed import Assessed
    from .scoring import ScoredRow


@dataclass
class Shortfall:
    """An indicator the office scored below the self-assessment."""

    row: ScoredRow
    assessed: Assessed

    @property
    def gap(self) -> Decimal:
        return self.row.score - self.assessed.score

    @property
    def reason(self) -> str:
        """The office's reason, else the unit's own 扣分原因."""
        return self.assessed.reason or self.row.indicator.reason

    def to_json(self) -> dict[str, Any]:
        i = self.row.indicator
        return {
            "row": i.row, "id": i.id, "name": i.name, "category": i.category, "department": i.department,
            "points": i.points, "self_score": self.row.score, "assessed_score": self.assessed.score, "gap": self.gap,
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

    def to_json(self) -> dict[str, Any]:
        return {
            "self_total": self.self_total, "assessed_total": self.assessed_total, "gap": self.gap,
            "shortfalls": [s.to_json() for s in self.shortfalls],
            "departments": self.by_department, "categories": self.by_category,
        }


def compare(rows: list[ScoredRow], assessed: dict[int, Assessed]) -> Improvement:
    """Every indicator the office scored below the unit, largest gap first (then in the form's order)."""
    compared = [(r, assessed[r.indicator.row]) for r in rows if r.indicator.row in assessed]
    shortfalls = [Shortfall(r, a) for r, a in compared if a.score < r.score]
    shortfalls.sort(key=lambda s: -s.gap)
    by_department: dict[str, Decimal] = {}
    by_category: dict[str, Decimal] = {}
    spelling: dict[str, str] = {}
    for s in shortfalls:
        department = spelling.setdefault(normalize(s.row.indicator.department), s.row.indicator.department)
        by_department[department] = by_department.get(department, Decimal(0)) + s.gap
        by_category[s.row.indicator.category] = by_category.get(s.row.indicator.category, Decimal(0)) + s.gap
    return Improvement(
        shortfalls=shortfalls,
        self_total=sum((r.score for r, _ in compared), Decimal(0)),
        assessed_total=sum((a.score for _, a in compared), Decimal(0)),
        by_department=by_department, by_category=by_category,
    )
