"""The 优秀 quota (2023 规定 §15: 优秀一般不超过应参加年度考核人数的20%).

`staff.excellent_quota` is the share, or `staff.quota_by_level` by the unit's own level; its
base is everyone appraised or only those given a grade (`quota_base`), rounded down by default
(“不超过”). With `quota_pools` each value of a roster column (职务层次) is its own pool and no
place passes from one to another. `quota = "list"` (the default) names who is over and any
tie at the boundary, and changes nobody; `quota = "apply"` gives the places by final score
and lowers the rest one grade, a tie at the boundary decided by the roster's 优秀确认.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..cells import plain, round_to
from ..messages import Code
from .standing import Ruling, is_graded

if TYPE_CHECKING:
    from ..policy import Policy
    from ..problems import Problems
    from .appraisal import PersonResult


@dataclass
class Pool:
    """One quota pool: who is in it, its base, share and places, and who took them."""

    name: str | None  # the pool column's value; None: one pool for everyone
    people: list[PersonResult]  # by rank
    base: int
    share: Decimal
    allowed: int
    excellent: list[PersonResult] = field(default_factory=list)  # 优秀 after the rule
    tied: list[PersonResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"pool": self.name, "base": self.base, "share": self.share, "allowed": self.allowed,
                "excellent": len(self.excellent)}


def places(share: Decimal, base: int, rounding: str) -> int:
    """share × base as whole places: floor (不超过), round (四舍五入), ceil, or at_least_one
    (floor, but one place for a pool that has anyone)."""
    raw = share * base
    if rounding == "round":
        return int(round_to(raw, 0, "half_up"))
    if rounding == "ceil":
        return int(round_to(raw, 0, "ceil"))
    allowed = int(round_to(raw, 0, "floor"))
    if rounding == "at_least_one" and base > 0:
        return max(allowed, 1)
    return allowed


def quota_share(policy: Policy, level: str | None, problems: Problems) -> tuple[Decimal | None, str]:
    """The share and where it came from: `staff.quota_by_level[level]`, else `staff.excellent_quota`."""
    staff = policy.staff
    if staff.quota_by_level:
        if level is not None and level in staff.quota_by_level:
            return staff.quota_by_level[level], f"staff.quota_by_level.{level}"
        problems.add(Code.QUOTA_LEVEL_UNKNOWN, value=level or "", fallback=_percent(staff.excellent_quota))
    return staff.excellent_quota, "staff.excellent_quota"


def pools_of(people: list[PersonResult], pool_of: dict[int, str | None]) -> dict[str | None, list[PersonResult]]:
    """People by pool, in rank order, pools in order of first appearance."""
    pools: dict[str | None, list[PersonResult]] = {}
    for i, person in enumerate(people):
        pools.setdefault(pool_of.get(i), []).append(person)
    return pools


def apply_quota(people: list[PersonResult], pool_of: dict[int, str | None], share: Decimal, policy: Policy,
                problems: Problems) -> list[Pool]:
    """The quota over each pool. `people` are by rank; `pool_of` maps their index to a pool."""
    staff = policy.staff
    top = staff.top_grade
    result = []
    for name, members in pools_of(people, pool_of).items():
        base = len(members) if staff.quota_base == "all" else sum(1 for p in members if is_graded(p.grade))
        allowed = places(share, base, staff.quota_rounding)
        pool = Pool(name, members, base, share, allowed)
        label = _pool_label(name)
        if allowed == 0 and base > 0:
            problems.add(Code.QUOTA_ZERO, value=None, pool=label, base=base, quota=_percent(share),
                         raw=plain(share * base), rounding=staff.quota_rounding)
        excellent = [p for p in members if p.grade == top]
        if staff.quota == "apply":
            excellent = _decide(pool, excellent, policy, problems)
        else:
            _list(pool, excellent, problems)
        pool.excellent = excellent
        result.append(pool)
    return result


def _over(excellent: list[PersonResult], allowed: int) -> tuple[list[PersonResult], list[PersonResult]]:
    """Those ranked below the last place among the 优秀, and those tying for that place."""
    # A place is 1 + how many 优秀 scored more: one pass over them best first, not all pairs
    # (that took 21 s at 13,000 优秀).
    place: dict[Decimal, int] = {}
    for position, person in enumerate(sorted(excellent, key=lambda p: -p.final), start=1):
        place.setdefault(person.final, position)
    over = [p for p in excellent if place[p.final] > allowed]
    tied: list[PersonResult] = []
    if allowed and len(excellent) > allowed and excellent[allowed - 1].final == excellent[allowed].final:
        boundary = excellent[allowed].final
        tied = [p for p in excellent if p.final == boundary]
    return over, tied


def _list(pool: Pool, excellent: list[PersonResult], problems: Problems) -> None:
    """`quota = "list"`: name who is over and any tie; change nobody. Places are counted among
    the 优秀 only: a vetoed person ranked above them takes no 优秀 place."""
    if len(excellent) <= pool.allowed:
        return
    over, tied = _over(excellent, pool.allowed)
    for person in over:
        person.over_quota = True
    for person in tied:
        person.quota_tie = True
    pool.tied = tied
    problems.add(
        Code.EXCELLENT_QUOTA_EXCEEDED, value=None, count=len(excellent), quota=_percent(pool.share),
        allowed=pool.allowed, names="、".join(label(p) for p in over or tied), pool=_pool_label(pool.name),
    )
    if tied:
        problems.add(Code.QUOTA_TIE, value=None, score=tied[0].final, names="、".join(label(p) for p in tied),
                     pool=_pool_label(pool.name))


def _decide(pool: Pool, excellent: list[PersonResult], policy: Policy, problems: Problems) -> list[PersonResult]:
    """`quota = "apply"`: 否 in 优秀确认 first takes a person out; the places then go by final
    score; a tie for the last place needs 是 on as many of the tied as there are places left."""
    declined = [p for p in excellent if p.confirm is False]
    for person in declined:
        _demote(person, policy, "rule_quota_declined", {})
    candidates = [p for p in excellent if p.confirm is not False]
    if len(candidates) <= pool.allowed:
        return candidates
    over, tied = _over(candidates, pool.allowed)
    pool.tied = tied
    winners = [p for p in candidates if p not in over and p not in tied]
    if tied:
        left = pool.allowed - len(winners)
        chosen = [p for p in tied if p.confirm is True]
        names = "、".join(label(p) for p in tied)
        if len(chosen) > left:
            problems.add(Code.QUOTA_CONFIRM_EXCESS, value=None, pool=_pool_label(pool.name), names=names,
                         chosen=len(chosen), left=left, score=tied[0].final)
        elif len(chosen) < left:
            problems.add(Code.QUOTA_TIE_UNDECIDED, value=None, pool=_pool_label(pool.name), names=names,
                         left=left, score=tied[0].final)
        winners += chosen
        for person in chosen:
            person.quota_confirmed = True
        for person in tied:
            if person not in chosen:
                _demote(person, policy, "rule_quota_tie", {"score": person.final})
    for person in over:
        if person not in tied:
            _demote(person, policy, "rule_quota", {"pool": _pool_label(pool.name), "allowed": pool.allowed})
    lowered = [p for p in candidates if p not in winners]
    problems.add(Code.QUOTA_APPLIED, value=None, pool=_pool_label(pool.name), allowed=pool.allowed,
                 names="、".join(label(p) for p in winners) or "无", lowered="、".join(label(p) for p in lowered),
                 grade=policy.staff.grades[1])
    return winners


def _demote(person: PersonResult, policy: Policy, reason: str, params: dict[str, Any]) -> None:
    """One grade down from the top: the place went to someone else (or the unit said 否)."""
    grades = policy.staff.grades
    ruling = Ruling("quota", "demote", grades[1], "staff.quota", reason, params, None)
    person.rulings.append(ruling)
    person.ruled_by = ruling
    person.grade = grades[1]


def label(person: PersonResult) -> str:
    return f"{person.name}（{person.final}）"


def _pool_label(name: str | None) -> str:
    return f"“{name}”" if name else ""


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{plain(value * 100)}%"
