"""责任分解 (附件1 四(1)): every indicator broken down to a 科室, a 责任人 and a 责任领导, posted
for the whole unit. Pure: indicators (and a roster's names) in, the breakdown and its problems out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import normalize, round_to
from ..headers import INDICATOR_FIELDS
from ..messages import Code, Phrase
from ..problems import Problem, Problems
from ..ratings.identity import Directory, Known
from .accountability import split_names

if TYPE_CHECKING:
    from ..indicators import Indicator

REQUIRED = ("department", "owner", "leader")


@dataclass
class Duty:
    """One indicator's line on the 公示."""

    indicator: Indicator
    deadline: int | None  # month of 完成时限

    @property
    def deadline_text(self) -> str:
        """The 完成时限 as the clerk wrote it (a date as 2015-06-30)."""
        raw = self.indicator.values.get("deadline")
        if raw is None:
            return ""
        if hasattr(raw, "strftime"):
            return raw.strftime("%Y-%m-%d")
        return str(raw).strip()

    def to_json(self, precision: int = 2) -> dict[str, Any]:
        i = self.indicator
        points = None if i.points is None else round_to(i.points, precision)
        return {
            "row": i.row, "id": i.id, "name": i.name, "category": i.category, "points": points,
            "criteria": i.criteria, "owner": i.owner, "leader": i.leader, "deadline": self.deadline_text or None,
            "deadline_month": self.deadline,
        }


@dataclass
class DutyResult:
    """`jxkh duty`: the indicators grouped by 科室, in the order the 科室 first appear."""

    departments: dict[str, list[Duty]]
    precision: int = 2  # the policy's: points in JSON are written at it, as every command's numbers
    file: str | None = None
    roster: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    output: Path | None = None

    @property
    def count(self) -> int:
        return sum(len(d) for d in self.departments.values())

    def points(self, department: str) -> Decimal:
        """The 规定/自选 points of a 科室 (加分项/扣分项 are outside `unit.total`)."""
        duties = self.departments[department]
        return sum((d.indicator.points or Decimal(0) for d in duties if d.indicator.graded), Decimal(0))

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "departments": [
                {"name": name, "points": round_to(self.points(name), self.precision),
                 "indicators": [d.to_json(self.precision) for d in duties]}
                for name, duties in self.departments.items()
            ],
            "roster": None if self.roster is None else str(self.roster),
            "warnings": [w.to_json(lang) for w in self.warnings],
            "output": None if self.output is None else str(self.output),
        }


def break_down(
    indicators: list[Indicator], deadlines: dict[tuple[str | None, int], int | None], roster: Sequence[Known] | None, problems: Problems,
    roster_label: str = "",
) -> DutyResult:
    """Group by 科室; every 规定/自选 indicator must name its 科室, 责任人 and 责任领导, and with a
    roster each named person must be on it (by 工号 or name, as `ratings.identity` matches
    everywhere; a near miss is suggested). `deadlines`: row → month of 完成时限."""
    on_roster = None if roster is None else Directory(roster)
    groups: dict[str, list[Duty]] = {}
    spelling: dict[str, str] = {}  # "办公室" and "办 公 室" are one 科室, shown as first written
    for indicator in indicators:
        if indicator.graded:
            for name in REQUIRED:
                if not getattr(indicator, name):
                    problems.add(
                        Code.DUTY_MISSING, **indicator.where(name), category=indicator.category, name=indicator.name,
                        column=INDICATOR_FIELDS[name].label,
                    )
        if on_roster is not None:
            for role in ("owner", "leader"):
                for person in split_names(getattr(indicator, role)):
                    if not on_roster.lookup(person):
                        problems.add(
                            Code.DUTY_NOT_ON_ROSTER, **indicator.where(role), value=person,
                            role=Phrase(f"role_{role}"), roster=roster_label, hint=on_roster.hint(person),
                        )
        key = normalize(indicator.department)
        shown = spelling.setdefault(key, indicator.department)
        groups.setdefault(shown, []).append(Duty(indicator, deadlines.get(indicator.key)))
    return DutyResult(groups)
