"""绩效奖金二次分配, 扣差补优法: split the unit's bonus pool by the year's grades.

附件1 四(3): 在单位绩效考评奖金总额的范围内，根据个人年度绩效考评结果，采取扣差补优法，将绩效
资金进行二次分配. The seed names the method but gives no figures; the policy's `bonus.*`
supplies them (SPEC §3):

1. base: the pool shared ∝ 岗位系数 × 在岗月数/12 (`bonus.base = "equal"`: equal shares);
2. deducted: each person loses `bonus.deduct[grade]` of their base (合格 20%, 不合格 100%);
3. awarded: the deducted total goes to the first grade of `bonus.award_to` that has anyone
   (优秀, then 良好), split ∝ base (or `equal`, or ∝ final `score`). When no such grade has
   anyone, the money goes back to those not deducted (if everyone was, to those deducted
   least) ∝ base: it never leaves the pool.

Money is counted in whole `bonus.unit`s (fen). Shares are exact fractions until they are
rounded, and a share that is split (base, award) is rounded by the largest-remainder method
so its parts add up exactly; each row then holds base − deducted + awarded = amount, and the
amounts add up to the pool to the fen. A remainder tie is broken by the better grade first
(so the same base and a better grade never gets less), then by name and 工号, never by row
order: shuffling the workbook's rows changes nobody's amount.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..cells import name_key, round_fraction
from ..messages import Code
from ..problems import DataError, Problem, Problems

if TYPE_CHECKING:
    from ..policy import Policy

TWELVE = Fraction(12)
# Excel holds 15 significant digits: a pool of more fen than that cannot be shown exactly.
MAX_UNITS = 10**15


class Person(Protocol):
    """What the split needs of each appraised person (an appraisal result's people fit)."""

    @property
    def id(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def department(self) -> str | None: ...
    @property
    def grade(self) -> str: ...
    @property
    def coefficient(self) -> Decimal: ...  # 岗位系数
    @property
    def months(self) -> Decimal: ...  # 在岗月数, 0–12
    @property
    def final(self) -> Decimal | None: ...  # final appraisal score (award_split = "score")


def _is_person(value: Any) -> bool:
    """What `Person` needs is there (a dict has keys, not attributes): `hasattr` of each, in one
    try (checked for every one of a city's people)."""
    try:
        value.id, value.name, value.department, value.grade, value.coefficient, value.months, value.final  # noqa: B018
    except AttributeError:
        return False
    return True


@dataclass(frozen=True)
class Staff:
    """A plain `Person`, for Python callers and tests."""

    name: str
    grade: str
    department: str | None = None
    id: str | None = None
    coefficient: Decimal = Decimal(1)
    months: Decimal = Decimal(12)
    final: Decimal | None = None


# A Share and an Allocation are made for each of a city's 66,706 people: not frozen, as a frozen
# dataclass sets each field through `object.__setattr__` (an Allocation took 7 µs to make, a third
# of the split's time). Nothing changes one once made.
@dataclass(slots=True)
class Share:
    """One part of a largest-remainder split, in whole units (fen), as the split computed it."""

    exact: Fraction  # total × weight ÷ Σ weights, in units
    whole: int  # its floor
    extra: bool  # got one of the units left after flooring
    place: int  # 1-based place of its remainder in the order the left units were given


@dataclass(frozen=True)
class Split:
    """A largest-remainder split: the total, the weights' sum, and the units left after flooring."""

    total: int
    weights: Fraction
    left: int
    shares: tuple[Share, ...]


@dataclass(slots=True)
class Allocation:
    """One person's line of the split; money in yuan, at `bonus.unit`."""

    id: str | None
    name: str
    department: str | None
    grade: str
    coefficient: Decimal
    months: Decimal
    final: Decimal | None
    rate: Decimal  # share of the base deducted for the grade
    recipient: bool  # shares in the deducted money
    base: Decimal
    deducted: Decimal
    awarded: Decimal
    amount: Decimal
    roster_row: int | None = None  # the person's row on the 人员 sheet, when there is one
    # How the amounts were computed (for `jxkh explain`): the weight, each split's share, the
    # deduction before rounding (units).
    weight: Fraction = Fraction(0)
    split_weight: Fraction | None = None  # the award split's weight, when a recipient
    base_share: Share | None = None
    award_share: Share | None = None
    deducted_exact: Fraction = Fraction(0)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "department": self.department,
            "grade": self.grade,
            "base": self.base,
            "deducted": self.deducted,
            "awarded": self.awarded,
            "amount": self.amount,
        }


@dataclass
class BonusResult:
    pool: Decimal
    people: list[Allocation]
    deducted_total: Decimal
    # The grade whose people received the deducted money; None when it went back (fallback).
    award_grade: str | None
    # The deducted money went back to those not deducted (or deducted least): nobody in award_to.
    returned: bool
    base_mode: str
    award_split: str
    award_to: list[str]
    unit: Decimal
    warnings: list[Problem] = field(default_factory=list)
    output: Path | None = None
    # The indicators workbook whose accountability deductions counted (set by `cycle.bonus_file`).
    indicators: Path | None = None
    base_split: Split | None = None  # the two largest-remainder splits, as computed
    award_split_steps: Split | None = None

    @property
    def recipients(self) -> list[Allocation]:
        return [a for a in self.people if a.recipient]

    @property
    def amount_total(self) -> Decimal:
        return sum((a.amount for a in self.people), Decimal(0))

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "pool": self.pool,
            "people": [a.to_json() for a in self.people],
            "deducted_total": self.deducted_total,
            "warnings": [w.to_json(lang) for w in self.warnings],
            "output": str(self.output) if self.output is not None else None,
        }


def distribute(people: Sequence[Person], pool: Decimal | int, policy: Policy) -> BonusResult:
    """Split `pool` (yuan, a Decimal: `cycle.parse_pool` reads one typed by a user) among
    `people` by 扣差补优 under `policy.bonus`. Raises DataError on bad values, UsageError on
    arguments of the wrong kind (a dict for a person, a str for the pool)."""
    from ..arguments import require, require_each
    from ..policy import Policy

    require(policy, Policy, "policy", "Policy")
    people = require_each(people, _is_person, "people", "Staff")
    require(pool, (Decimal, int), "pool", "Decimal")
    bonus = policy.bonus
    grades: list[str] = list(policy.staff.grades)
    problems = Problems()
    amount: Decimal | None = Decimal(pool)
    if not amount.is_finite() or amount <= 0:
        problems.add(Code.POOL_INVALID, value=str(pool))
        amount = None
    unit = Decimal(bonus.unit)
    if amount is not None and Fraction(amount) / Fraction(unit) > MAX_UNITS:
        problems.add(Code.POOL_INVALID, value=str(pool))
    elif amount is not None and Fraction(amount) % Fraction(unit) != 0:
        problems.add(Code.POOL_NOT_IN_UNITS, value=_money(amount), unit=_money(unit))
    checked: dict[tuple[Any, Any], bool] = {}  # (岗位系数, 在岗月数) → in range: once per distinct pair
    for person in people:
        key = (person.coefficient, person.months)
        fine = checked.get(key)
        if fine is None:
            fine = checked[key] = _person_fine(person)
        if not fine:
            _check_person(person, problems)
    problems.raise_if_errors()
    assert amount is not None

    # Most people share a 岗位系数 and 在岗月数, a grade, a 科室: each distinct one is worked out once.
    weight_of: dict[tuple[Any, Any], Fraction] = {}
    weights = []
    for p in people:
        key = (p.coefficient, p.months)
        weight = weight_of.get(key)
        if weight is None:
            weight = weight_of[key] = _weight(p, bonus.base)
        weights.append(weight)
    positive = [w.numerator > 0 for w in weights]  # a fraction's denominator is positive
    sharing = sum(positive)
    if sharing == 0:
        problems.add(Code.NO_BASE)
        raise DataError(problems)
    pool_units = int(Fraction(amount) / Fraction(unit))
    if pool_units < sharing:
        problems.add(Code.POOL_TOO_SMALL, value=_money(amount), unit=_money(unit), count=sharing)
        raise DataError(problems)

    rank = {g: i for i, g in enumerate(grades)}
    departments: dict[str, str] = {}
    keys = []
    for p in people:
        department = p.department or ""
        if department not in departments:
            departments[department] = name_key(department)
        keys.append((rank.get(p.grade, len(grades)), name_key(p.name), p.id or "", departments[department]))
    keys = _places(keys)  # (both splits then order integers, not tuples of names)
    # 不定等次 and 暂缓 are in no grade of the policy: `bonus.deduct_ungraded` is their share.
    rate_of = {g: Decimal(bonus.deduct.get(g, 0 if g in rank else bonus.deduct_ungraded)) for g in {p.grade for p in people}}
    rates = [rate_of[p.grade] for p in people]

    base_split = _split(pool_units, weights, keys)
    base = [s.whole + s.extra for s in base_split.shares]
    deduction_of: dict[tuple[int, Decimal], tuple[int, Fraction]] = {}  # (base, rate) → (deducted, exact)
    deductions = []
    for b, r in zip(base, rates):
        known = deduction_of.get((b, r))
        if known is None:
            exact = b * Fraction(r)
            known = deduction_of[b, r] = (_round(exact, policy.rounding), exact)
        deductions.append(known)
    deducted = [d for d, _ in deductions]
    deducted_total = sum(deducted)

    award_grade: str | None = None
    returned = False
    chosen: list[int] = []
    for grade in bonus.award_to:
        chosen = [i for i, p in enumerate(people) if p.grade == grade and positive[i]]
        if chosen:
            award_grade = grade
            break
    split = bonus.award_split
    if not chosen and deducted_total > 0:
        # Nobody to award: the money goes back, never out of the pool.
        lowest = min(r for r, w in zip(rates, weights) if w > 0)
        chosen = [i for i, (r, w) in enumerate(zip(rates, weights)) if w > 0 and r == lowest]
        returned, split = True, "base"
        problems.add(
            Code.NO_RECIPIENTS,
            groups="、".join(bonus.award_to),
            amount=_yuan(deducted_total, unit),
            count=len(chosen),
            who="、".join(dict.fromkeys(people[i].grade for i in chosen)),
        )
    split_weights = [_split_weight(people[i], weights[i], split) for i in chosen]
    if chosen and sum(split_weights) == 0:  # e.g. every recipient scored 0 under "score"
        split_weights = [weights[i] for i in chosen]
    award = _split(deducted_total, split_weights, [keys[i] for i in chosen]) if chosen else None
    awarded = [0] * len(people)
    award_of: dict[int, tuple[Share, Fraction]] = {}
    if award is not None:
        for i, share, w in zip(chosen, award.shares, split_weights):
            awarded[i] = share.whole + share.extra
            award_of[i] = (share, w)
    recipients = set(chosen)
    yuan_of: dict[int, Decimal] = {}

    def yuan(units: int) -> Decimal:
        known = yuan_of.get(units)
        if known is None:
            known = yuan_of[units] = _yuan(units, unit)
        return known

    allocations = [
        Allocation(
            id=p.id,
            name=p.name,
            department=p.department,
            grade=p.grade,
            coefficient=Decimal(p.coefficient),
            months=Decimal(p.months),
            final=p.final,
            rate=rates[i],
            recipient=i in recipients,
            base=yuan(base[i]),
            deducted=yuan(deducted[i]),
            awarded=yuan(awarded[i]),
            amount=yuan(base[i] - deducted[i] + awarded[i]),
            roster_row=getattr(p, "roster_row", None),
            weight=weights[i],
            split_weight=award_of[i][1] if i in award_of else None,
            base_share=base_split.shares[i],
            award_share=award_of[i][0] if i in award_of else None,
            deducted_exact=deductions[i][1],
        )
        for i, p in enumerate(people)
    ]
    return BonusResult(
        pool=_yuan(pool_units, unit),
        people=allocations,
        deducted_total=_yuan(deducted_total, unit),
        award_grade=award_grade,
        returned=returned,
        base_mode=bonus.base,
        award_split=split,
        award_to=list(bonus.award_to),
        unit=unit,
        warnings=problems.warnings,
        base_split=base_split,
        award_split_steps=award,
    )


def _person_fine(person: Person) -> bool:
    """No problem for `_check_person` to report."""
    return Decimal(person.coefficient) > 0 and 0 <= Decimal(person.months) <= 12


def _check_person(person: Person, problems: Problems) -> None:
    # The ratings loader reports these with their cells, so they never get here from a
    # workbook; a Python caller's own list gets them here.
    if Decimal(person.coefficient) <= 0:
        problems.add(Code.COEFFICIENT_NOT_POSITIVE, value=str(person.coefficient), name=person.name)
    if not 0 <= Decimal(person.months) <= 12:
        problems.add(Code.MONTHS_OUT_OF_RANGE, value=str(person.months), name=person.name)


def _weight(person: Person, mode: str) -> Fraction:
    if mode == "equal":
        return Fraction(1)
    return Fraction(Decimal(person.coefficient)) * Fraction(Decimal(person.months)) / TWELVE


def _split_weight(person: Person, weight: Fraction, split: str) -> Fraction:
    if split == "equal":
        return Fraction(1)
    if split == "score":
        return Fraction(Decimal(person.final or 0))
    return weight


def _split(total: int, weights: Sequence[Fraction], keys: Sequence[tuple[Any, ...]]) -> Split:
    """`total` whole units split ∝ weights; the units left after flooring go to the largest
    remainders, ties by `keys` (grade rank, name, 工号, 科室), so input order never matters."""
    # In integers: over the weights' common denominator d each weight is a whole number n_i,
    # and share i is total × n_i / Σn, its floor and remainder those of one integer division;
    # the remainders order as the fractions' would (same positive divisor). A city's 66,706
    # shares are then no fraction arithmetic but one fraction per distinct share.
    d = math.lcm(*(w.denominator for w in weights)) if weights else 1
    whole = [w.numerator * (d // w.denominator) for w in weights]
    divisor = sum(whole)
    scaled = [total * n for n in whole]
    floors, remainders = [], []
    for n in scaled:
        q, r = divmod(n, divisor)
        floors.append(q)
        remainders.append(r)
    left = total - sum(floors)
    # By remainder, largest first, ties by key: sorted by key, then (stably) by remainder.
    order = sorted(range(len(weights)), key=keys.__getitem__)
    order.sort(key=remainders.__getitem__, reverse=True)  # (a reversed sort is stable too)
    place = {i: n for n, i in enumerate(order, start=1)}
    fractions: dict[int, Fraction] = {}
    shares = []
    for i, n in enumerate(scaled):
        exact = fractions.get(n)
        if exact is None:
            exact = fractions[n] = Fraction(n, divisor)
        shares.append(Share(exact, floors[i], place[i] <= left, place[i]))
    return Split(total, Fraction(divisor, d), left, tuple(shares))


def _places(keys: Sequence[tuple[Any, ...]]) -> list[int]:
    """Each key's place among the distinct keys, in their order: equal keys, equal places."""
    place = {key: i for i, key in enumerate(sorted(set(keys)))}
    return [place[key] for key in keys]


def _round(value: Fraction, rounding: str) -> int:
    """A fraction of units to whole units: 四舍五入 (half_up), or half_even if the policy says so."""
    return int(round_fraction(value, 0, rounding))


def _yuan(units: int, unit: Decimal) -> Decimal:
    places = max(0, -unit.normalize().as_tuple().exponent)
    return (units * unit).quantize(Decimal(1).scaleb(-places))


def _money(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def grade_counts(allocations: Iterable[Allocation], grades: Sequence[str]) -> dict[str, int]:
    counts = dict.fromkeys(grades, 0)
    for a in allocations:
        counts[a.grade] = counts.get(a.grade, 0) + 1
    return counts
