"""不定等次, 处分 and 上年度考核等次: what the roster's record does to a person's grade.

Each rule is a small pure function returning the `Ruling`s that apply (what, why, which
cell), so the output can name every rule that changed a grade. Effects (`[status]`):
cap (the highest grade allowed), none (不定等次, 2023 规定 §37 §41), pending (暂缓, §42),
force (a grade whatever the score: 违纪违法 → 不合格). Where several apply the heaviest wins:
force, then pending, then none, then cap; of two forces or two caps the lower grade.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..headers import PENDING, UNGRADED
from ..messages import Code, text

if TYPE_CHECKING:
    from ..policy import Effect, Policy
    from ..problems import Problems
    from ..standing import Standing

_ORDER = {"cap": 0, "none": 1, "pending": 2, "force": 3}


@dataclass(frozen=True)
class Ruling:
    """One rule acting on one person. `reason` is a TEXT key, `params` its values."""

    rule: str  # sanction | probation | new_hire | leave | investigation | violation | prior | quota
    effect: str  # cap | none | pending | force | demote (quota)
    grade: str | None  # the grade a cap or force names, resolved
    key: str  # the policy key that set it, e.g. status.sanctions.记过
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    cell: str | None = None  # the roster cell it comes from

    def text(self, lang: str = "zh") -> str:
        return text(self.reason, lang, **self.params)

    def outcome(self, lang: str = "zh") -> str:
        if self.effect == "none":
            return UNGRADED
        if self.effect == "pending":
            return PENDING
        return text(f"effect_{self.effect}", lang, grade=self.grade)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {"rule": self.rule, "effect": self.effect, "grade": self.grade, "key": self.key,
                "cell": self.cell, "reason": self.text(lang)}


def _ruling(rule: str, effect: Effect, key: str, reason: str, grades: list[str], cell: str | None = None, **params: Any) -> Ruling:
    grade = effect.grade
    if grade is None and effect.effect == "cap":
        grade = grades[1]  # 不得评为优秀: the grade below the top
    elif grade is None and effect.effect == "force":
        grade = grades[-1]
    return Ruling(rule, effect.effect, grade, key, reason, params, cell)


def months_served(hired: date, year: int) -> int:
    """Whole months in the unit by 31 December of `year`: hired 1 July → 6, 2 July → 5."""
    if hired.year < year:
        return 12
    if hired.year > year:
        return 0
    return 12 - hired.month + (1 if hired.day == 1 else 0)


def status_rulings(standing: Standing, policy: Policy, year: int | None, label: str, problems: Problems,
                   where: dict[str, Any]) -> list[Ruling]:
    """Every `[status]` rule that applies to one person, in the order of the policy file."""
    status, grades = policy.status, policy.staff.grades
    cells = standing.cells
    found: list[Ruling] = []
    since = standing.sanction_year
    for measure in standing.sanctions:
        effect = status.sanctions[measure]
        cell = cells.get("sanction")
        if since is not None and year is None:
            problems.add(Code.YEAR_UNKNOWN, **where, cell=cells.get("sanction_year"), value=label, column="处分年度")
            continue
        if since is not None and year is not None and not since <= year < since + effect.years:
            problems.add(Code.SANCTION_NOT_THIS_YEAR, **where, cell=cells.get("sanction_year"), value=label,
                         measure=measure, since=since, year=year, years=effect.years)
            continue
        found.append(_ruling("sanction", effect, f"status.sanctions.{measure}", "rule_sanction", grades, cell,
                             measure=measure, since=since if since is not None else year or ""))
    if standing.probation:
        found.append(_ruling("probation", status.probation, "status.probation", "rule_probation", grades, cells.get("probation")))
    if standing.hired is not None:
        if year is None:
            problems.add(Code.YEAR_UNKNOWN, **where, cell=cells.get("hired"), value=label, column="入职日期")
        elif (served := months_served(standing.hired, year)) < status.new_hire_months:
            found.append(_ruling("new_hire", status.probation, "status.new_hire_months", "rule_new_hire", grades,
                                 cells.get("hired"), hired=standing.hired.isoformat(), months=served,
                                 limit=status.new_hire_months))
    if standing.leave_months is not None and standing.leave_months > status.leave_months:
        found.append(_ruling("leave", status.leave, "status.leave_months", "rule_leave", grades, cells.get("leave_months"),
                             months=standing.leave_months, limit=status.leave_months))
    if standing.investigation:
        found.append(_ruling("investigation", status.investigation, "status.investigation", "rule_investigation", grades,
                             cells.get("investigation")))
    if standing.violation:
        found.append(_ruling("violation", status.violation, "status.violation", "rule_violation", grades, cells.get("violation")))
    return found


def prior_rulings(standing: Standing, policy: Policy) -> list[Ruling]:
    """上年度考核等次 with `prior.rule = "cap"`: the cap its grade sets (prior.caps)."""
    prior = policy.prior
    if prior.rule != "cap" or standing.prior_grade is None or standing.prior_grade not in prior.caps:
        return []
    cap = prior.caps[standing.prior_grade]
    return [Ruling("prior", "cap", cap, f"prior.caps.{standing.prior_grade}", "rule_prior_cap",
                   {"prior": standing.prior_grade}, standing.cells.get("prior_grade"))]


def prior_points(prior_grade: str | None, policy: Policy) -> Decimal:
    """上年度考核等次 with `prior.rule = "points"`: the points it adds (negative: takes away)."""
    if policy.prior.rule != "points" or prior_grade is None:
        return Decimal(0)
    return policy.prior.points.get(prior_grade, Decimal(0))


def heaviest(rulings: list[Ruling], grades: list[str]) -> Ruling | None:
    """The ruling that decides: force > pending > none > cap; the lower grade of two forces or caps;
    of equals the first (the policy file's order)."""
    if not rulings:
        return None

    def weight(r: Ruling) -> tuple[int, int]:
        return _ORDER[r.effect], grades.index(r.grade) if r.grade in grades else 0

    best = rulings[0]
    for r in rulings[1:]:
        if weight(r) > weight(best):
            best = r
    return best


def apply(score_grade: str, ruling: Ruling | None, grades: list[str]) -> str:
    """The grade after the deciding ruling: a cap lowers only a grade above it."""
    if ruling is None:
        return score_grade
    if ruling.effect == "none":
        return UNGRADED
    if ruling.effect == "pending":
        return PENDING
    assert ruling.grade is not None
    if ruling.effect == "cap":
        return ruling.grade if grades.index(score_grade) < grades.index(ruling.grade) else score_grade
    return ruling.grade


def is_graded(grade: str) -> bool:
    return grade not in (UNGRADED, PENDING)
