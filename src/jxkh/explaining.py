"""`jxkh explain`: how one person's (or one indicator row's) figures were reached, step by step,
each figure with the cell it comes from.

Nothing here computes a figure. The rules record their steps as they compute (`RatingSteps`,
`FinalSteps`, `Charge.basis/factor`, `Share`, `ScoredRow.source/exact`); this module puts them
in order and names their sources, so every figure equals the workbook's to the fen. A step is a
TEXT key (`explain_<key>`, zh/en in messages.py) and its values; the terminal, the JSON and the
explain.xlsx sheet all show the same steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .cells import name_key, plain, round_fraction, round_to, rounding_gap
from .messages import Code, Phrase, text

if TYPE_CHECKING:
    from .cycle import AppraisalRun
    from .policy import Policy
    from .problems import Problem
    from .ratings import Ballots
    from .rules.appraisal import PersonResult
    from .rules.bonus import Allocation, BonusResult, Share
    from .rules.scoring import ScoredRow, ScoreResult

# An exact value whose decimals do not end within this many places is shown as a fraction too.
SHOWN_PLACES = 6


@dataclass(frozen=True)
class Where:
    """Where a figure comes from: file, sheet, cell (A1) and row, as far as known."""

    file: str | None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None

    def text(self, lang: str = "zh") -> str:
        name = Path(self.file).name if self.file else ""
        if self.cell:
            return f"{name} {self.sheet}!{self.cell}".strip()
        if self.row is not None:
            return text("explain_where_row", lang, file=name, sheet=self.sheet or "", row=self.row).strip()
        return f"{name} {self.sheet or ''}".strip()

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell, "row": self.row}


@dataclass(frozen=True)
class Step:
    """One line of a derivation: the TEXT key `explain_<key>`, its figures, and their source."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    where: Where | None = None
    depth: int = 0  # 1: a detail under the step before (a ballot under its group)

    def text(self, lang: str = "zh") -> str:
        return text(f"explain_{self.key}", lang, **{k: shown(v, lang) for k, v in self.values.items()})

    def to_json(self, lang: str, places: int) -> dict[str, Any]:
        return {"step": self.key, **{k: json_value(v, places, lang) for k, v in self.values.items()},
                "where": None if self.where is None else self.where.to_json(), "text": self.text(lang)}


@dataclass
class Section:
    key: str  # TEXT key explain_section_<key>
    steps: list[Step] = field(default_factory=list)

    def add(self, step: str, where: Where | None = None, /, depth: int = 0, **values: Any) -> None:
        self.steps.append(Step(step, values, where, depth))

    def title(self, lang: str = "zh") -> str:
        return text(f"explain_section_{self.key}", lang)


@dataclass
class Explanation:
    """One person's or one indicator row's derivation."""

    subject: str  # "person" | "indicator"
    name: str  # the person's name, or the indicator's 序号 and name
    id: str | None
    sections: list[Section]
    precision: int = 2

    def title(self, lang: str = "zh") -> str:
        return text(f"explain_title_{self.subject}", lang, name=self.name, id=f"（{self.id}）" if self.id else "")

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "subject": self.subject, "id": self.id, "name": self.name,
            "sections": [{"section": s.key, "title": s.title(lang),
                          "steps": [step.to_json(lang, self.precision) for step in s.steps]} for s in self.sections],
        }


@dataclass
class ExplainResult:
    """What `jxkh explain` prints: one explanation, or everyone's (`--all`)."""

    explanations: list[Explanation]
    warnings: list[Problem] = field(default_factory=list)
    output: Path | None = None
    everyone: bool = False

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        body: dict[str, Any] = (
            {"people": [e.to_json(lang) for e in self.explanations]} if self.everyone
            else self.explanations[0].to_json(lang)
        )
        return {**body, "warnings": [w.to_json(lang) for w in self.warnings],
                "output": None if self.output is None else str(self.output)}


# --- showing figures ----------------------------------------------------------------------


def exact_text(value: Fraction) -> str:
    """An exact value as a person reads it: 9.275 when its decimals end, else 2599/30（≈86.6333）."""
    for places in range(SHOWN_PLACES + 1):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return plain(Decimal(scaled.numerator).scaleb(-places))
    return f"{value.numerator}/{value.denominator}（≈{plain(round_fraction(value, 4))}）"


def shown(value: Any, lang: str) -> str:
    if isinstance(value, Fraction):
        return exact_text(value)
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, Where):
        return value.text(lang)
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(shown(v, lang) for v in value)
    if hasattr(value, "text"):
        return value.text(lang)
    return str(value)


def json_value(value: Any, places: int, lang: str) -> Any:
    """Rounded figures as numbers at the policy's places, integers as integers; an exact value as
    a number when it has no more places than that, else as a string ("51.064", "12000/47"): JSON
    has no fractions, and an exact value must not pass for a rounded one."""
    if isinstance(value, Fraction):
        text_ = exact_text(value)
        if "/" in text_:
            return f"{value.numerator}/{value.denominator}"
        if len(text_.partition(".")[2]) > places:
            return text_
        value = Decimal(text_)
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return value.quantize(Decimal(1).scaleb(-places)) if isinstance(exponent, int) and -exponent <= places else value
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Pair) for v in value):
        return {v.name: json_value(v.value, places, lang) for v in value}
    if isinstance(value, (list, tuple)):
        return [json_value(v, places, lang) for v in value]
    if isinstance(value, Pair):
        return {"name": value.name, "value": json_value(value.value, places, lang)}
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    return shown(value, lang)


# --- finding who or what ------------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    key: str
    id_key: str


def find_people(people: list[PersonResult], query: str) -> list[int]:
    """Who `query` names: a 工号, else a name (the one identity rule, `ratings.identity`)."""
    from .ratings.identity import Directory, id_key

    return Directory([_Known(name_key(p.name), id_key(p.id) if p.id else "") for p in people]).lookup(query)


def find_rows(rows: list[ScoredRow], query: str) -> list[int]:
    """The indicator rows `query` names: by 序号, else by name."""
    wanted = name_key(query)
    by_id = [i for i, r in enumerate(rows) if r.indicator.id and name_key(r.indicator.id) == wanted]
    return by_id or [i for i, r in enumerate(rows) if name_key(r.name) == wanted]


# --- a person -----------------------------------------------------------------------------


def explain_person(index: int, run: AppraisalRun, policy: Policy, bonus: BonusResult | None,
                   ballot_rows: dict[int, list[int]] | None = None) -> Explanation:
    """Ballots → rating → deductions → final score and grade → (with a pool) the bonus, for
    `run.result.people[index]` (`bonus.people[index]`: the split keeps the appraisal's order)."""
    person = run.result.people[index]
    sections = [_ballots(person, run, policy, ballot_rows), _deductions(person, run, policy),
                _final(person, run, policy)]
    sections.append(_bonus(bonus.people[index] if bonus is not None else None, bonus))
    return Explanation("person", person.name, person.id, sections, policy.precision)


def ballot_index(ballots: Ballots) -> dict[int, list[int]]:
    """Each person's kept ballots (indices into the per-ballot columns), in reading order."""
    rows: dict[int, list[int]] = {}
    if ballots.person is not None:
        for i, p in enumerate(ballots.person):
            rows.setdefault(p, []).append(i)
    return rows


def _ballots(person: PersonResult, run: AppraisalRun, policy: Policy, ballot_rows: dict[int, list[int]] | None) -> Section:
    section = Section("ballots")
    steps = person.steps
    assert steps is not None
    ballots = run.ratings.ballots
    who = ballots.people[steps.person]
    names = list(ballots.dimensions)
    unit = steps.unit
    mine = (ballot_rows if ballot_rows is not None else ballot_index(ballots)).get(steps.person, [])
    excluded = {i for i, _ in steps.excluded}
    section.add("ballots_total", None, read=person.ballots + who.blank + len(excluded), counted=person.ballots,
                blank=who.blank, excluded=len(excluded))
    for source, row in who.blank_rows:
        src = ballots.sources[source]
        section.add("ballot_blank", Where(src.file, src.sheet, None, row), depth=1)
    for i, problem in steps.excluded:
        section.add("ballot_excluded", _ballot_where(ballots, i), depth=1, reason=Said(problem.message))
    weighted = bool(policy.staff.rater_weights)
    for group in steps.groups:
        kept = [i for i in mine if i not in excluded and ballots.group is not None and ballots.group[i] == group.index]
        high, low = _trimmed(ballots, kept, group.high, group.low)
        if weighted:
            section.add("group", None, group=group.name, count=group.count)
        for i in kept:
            where = _ballot_where(ballots, i)
            scores = [Fraction(ballots.scores[d][i], unit) for d in range(len(names))] if ballots.scores else []
            key = "ballot_trimmed_high" if i == high else "ballot_trimmed_low" if i == low else "ballot_counted"
            section.add(key, where, depth=1, scores=_pairs(names, scores), total=sum(scores, Fraction(0)))
        means = [Fraction(s, group.kept * unit) for s in group.sums]
        section.add("group_mean" if weighted else "mean", None, group=group.name, kept=group.kept,
                    means=_pairs(names, means), total=sum(means, Fraction(0)))
    if weighted:
        present = [g.name for g in steps.groups]
        weights = policy.staff.rater_weights
        section.add("weights", None, weights=_pairs(list(weights), [_exact(Decimal(str(w))) for w in weights.values()]))
        for name in steps.absent:
            section.add("group_absent", None, group=name,
                        shares=_pairs(present, [g.share for g in steps.groups]))
        for d, name in enumerate(names):
            parts = [f"{exact_text(Fraction(g.sums[d], g.kept * unit))} × {exact_text(g.share)}" for g in steps.groups]
            section.add("dimension_weighted", None, dimension=name, parts=" + ".join(parts),
                        exact=steps.exact[name], rounded=person.dimensions[name])
    else:
        for name in names:
            section.add("dimension", None, dimension=name, exact=steps.exact[name], rounded=person.dimensions[name])
    section.add("rating", None, exact=steps.rating, rounded=person.rating, places=policy.precision,
                rounding=_rounding(policy))
    shown_sum = sum(person.dimensions.values(), Decimal(0))
    if shown_sum != person.rating:
        section.add("rating_vs_sum", None, sum=shown_sum, rating=person.rating, diff=abs(shown_sum - person.rating),
                    most=rounding_gap(len(names), policy.precision, policy.rounding))
    return section


def _exact(value: Decimal | None) -> Fraction:
    """A policy value or a product as an exact number: 1.0 shows as 1, 6.000 as 6."""
    return Fraction(value) if value is not None else Fraction(0)


def _pairs(names: list[str], values: list[Any]) -> list[Pair]:
    return [Pair(n, v) for n, v in zip(names, values)]


@dataclass(frozen=True)
class Pair:
    """A dimension (or group) and its figure: 德 9.5."""

    name: str
    value: Any

    def text(self, lang: str = "zh") -> str:
        return f"{self.name} {shown(self.value, lang)}"


def _ballot_where(ballots: Ballots, i: int) -> Where:
    assert ballots.row is not None
    source = ballots.sources[ballots.source[i]] if ballots.source is not None else ballots.sources[0]
    return Where(source.file, source.sheet, None, ballots.row[i])


def _trimmed(ballots: Ballots, kept: list[int], high: tuple[int, ...] | None,
             low: tuple[int, ...] | None) -> tuple[int | None, int | None]:
    """The ballots the tally dropped: the first of the group whose (total, *scores) is its
    highest, and the first other one that is its lowest (equal ballots drop alike)."""
    if high is None or low is None or ballots.scores is None:
        return None, None

    def key(i: int) -> tuple[int, ...]:
        units = [column[i] for column in ballots.scores]
        return (sum(units), *units)

    top = next((i for i in kept if key(i) == high), None)
    bottom = next((i for i in kept if i != top and key(i) == low), None)
    return top, bottom


def _rounding(policy: Policy) -> Phrase:
    return Phrase(f"explain_rounding_{policy.rounding}")


@dataclass(frozen=True)
class Said:
    """A value worded in the reader's language when it is shown (a rule's reason, its outcome)."""

    say: Callable[[str], str]

    def text(self, lang: str = "zh") -> str:
        return self.say(lang)


def _deductions(person: PersonResult, run: AppraisalRun, policy: Policy) -> Section:
    section = Section("deductions")
    if run.result.indicators is None:
        section.add("no_indicators")
        return section
    if any(w.code == Code.INDICATORS_NOT_FILLED for w in run.result.warnings):
        section.add("indicators_not_filled", None, file=Path(str(run.result.indicators)).name)
        return section
    if not person.charges:
        section.add("no_charges", None, file=Path(str(run.result.indicators)).name)
        return section
    rows = {(r.indicator.sheet, r.row): r for r in run.scored.rows} if run.scored is not None else {}
    for charge in person.charges:
        scored = rows.get((charge.sheet, charge.indicator_row))
        section.add(
            "charge_indicator", Where(charge.file, charge.sheet, None, charge.indicator_row),
            indicator=charge.label, points=scored.points if scored else None, grade=(scored.grade or "") if scored else "",
            score=scored.score if scored else None, lost=charge.lost,
        )
        section.add(
            "charge_owner" if charge.role == "owner" else "charge_leader", Where(charge.file, charge.sheet, charge.cell),
            name=charge.person, basis=charge.basis, factor=_exact(charge.factor),
            exact=_exact(charge.basis) * _exact(charge.factor), deduction=charge.deduction,
        )
    steps = person.final_steps
    assert steps is not None
    section.add("charges_total", None, total=steps.charged)
    if steps.cap is not None:
        section.add("charges_capped", None, total=steps.charged, cap=steps.cap)
    section.add("deduction", None, deduction=person.deduction)
    return section


def _final(person: PersonResult, run: AppraisalRun, policy: Policy) -> Section:
    section = Section("final")
    steps = person.final_steps
    assert steps is not None
    roster = run.ratings.roster
    entry_row = person.roster_row
    if person.prior_points:
        section.add("final_prior", None, rating=person.rating, deduction=person.deduction, prior=person.prior_points,
                    final=steps.unclamped)
    else:
        section.add("final", None, rating=person.rating, deduction=person.deduction, final=steps.unclamped)
    if steps.unclamped != person.final:
        section.add("final_clamped", None, raw=steps.unclamped, final=person.final)
    if steps.cutoff is not None:
        section.add("cutoff", None, final=person.final, cutoff=steps.cutoff, grade=person.score_grade)
    else:
        section.add("cutoff_floor", None, final=person.final, lowest=list(policy.staff.cutoffs.values())[-2],
                    grade=person.score_grade)
    if person.violation and roster is not None and entry_row is not None:
        cell = roster.cell(next(e for e in roster.entries if e.row == entry_row), "violation")
        section.add("veto", Where(roster.file, roster.sheet, cell, entry_row), grade=person.grade)
    for ruling in person.rulings:
        if ruling.rule == "violation":
            continue
        where = Where(roster.file, roster.sheet, ruling.cell, entry_row) if roster is not None and ruling.cell else None
        section.add("ruling_decides" if ruling is person.ruled_by else "ruling", where, rule=Said(ruling.text),
                    outcome=Said(ruling.outcome), setting=ruling.key)
    section.add("rank", None, rank=person.rank, count=len(run.result.people))
    pool = next((p for p in run.result.quota_pools if any(m is person for m in p.people)), None)
    if pool is not None:
        section.add("quota", None, people=pool.base, share=pool.share, allowed=pool.allowed,
                    setting=run.result.quota_source or "", top=policy.staff.top_grade)
        if person.quota_tie or (pool.tied and any(t is person for t in pool.tied)):
            others = [t.name for t in pool.tied if t is not person]
            section.add("quota_tie", None, score=person.final, names=others)
        if person.quota_confirmed:
            section.add("quota_confirmed")
        elif person.over_quota:
            section.add("quota_over", None, allowed=pool.allowed)
    section.add("grade", None, grade=person.grade)
    return section


def _bonus(a: Allocation | None, bonus: BonusResult | None) -> Section:
    section = Section("bonus")
    if a is None or bonus is None:
        section.add("bonus_needs_pool")
        return section
    assert bonus.base_split is not None and a.base_share is not None
    unit = bonus.unit
    if bonus.base_mode == "equal":
        section.add("bonus_weight_equal", None, weight=a.weight)
    else:
        section.add("bonus_weight", None, coefficient=_exact(a.coefficient),
                    months=int(a.months) if a.months == a.months.to_integral_value() else _exact(a.months), weight=a.weight)
    section.add("bonus_base_exact", None, pool=bonus.pool, weight=a.weight, total=bonus.base_split.weights,
                exact=a.base_share.exact * Fraction(unit))
    _fen(section, a.base_share, bonus.base_split.left, unit, len(bonus.people), a.base)
    section.add("bonus_deducted" if a.rate else "bonus_not_deducted", None, base=a.base, rate=_exact(a.rate), grade=a.grade,
                exact=a.deducted_exact * Fraction(unit), deducted=a.deducted)
    split = bonus.award_split_steps
    if bonus.returned:  # nobody in award_to: the money goes back, never out of the pool
        section.add("bonus_returned", None, groups=list(bonus.award_to), total=bonus.deducted_total)
    if a.award_share is not None and split is not None:
        section.add("bonus_award_exact", None, total=bonus.deducted_total, weight=a.split_weight, weights=split.weights,
                    exact=a.award_share.exact * Fraction(unit), split=Phrase(f"split_{bonus.award_split}"))
        _fen(section, a.award_share, split.left, unit, len(split.shares), a.awarded)
    elif bonus.deducted_total:
        section.add("bonus_no_award", None, to=bonus.award_grade or "")
    section.add("bonus_amount", None, base=a.base, deducted=a.deducted, awarded=a.awarded, amount=a.amount)
    return section


def _fen(section: Section, share: Share, left: int, unit: Decimal, count: int, result: Decimal) -> None:
    """The largest-remainder step for one share: floor, what was left, this share's place."""
    floor = share.whole * unit
    remainder = share.exact - share.whole
    if not left:
        section.add("fen_none", None, floor=floor, result=result)
    elif share.extra:
        section.add("fen_extra", None, floor=floor, left=left, count=count, remainder=remainder, place=share.place,
                    unit=unit, result=result)
    else:
        section.add("fen_no_extra", None, floor=floor, left=left, count=count, remainder=remainder, place=share.place,
                    result=result)


# --- an indicator row ---------------------------------------------------------------------


def explain_indicator(row: ScoredRow, scored: ScoreResult, policy: Policy) -> Explanation:
    """Grade → band → score (typed, from the 得分率, or the band default) → rounding and the band's
    bounds → the category, department and unit totals it feeds → who was charged for it."""
    from .headers import BONUS_ITEM, PENALTY_ITEM

    indicator = row.indicator
    section = Section("indicator")

    def at(name: str) -> Where:
        return Where(indicator.file, indicator.sheet, indicator.cells.get(name), row.row)

    section.add("indicator_row" if indicator.id else "indicator_row_unnumbered",
                Where(indicator.file, indicator.sheet, None, row.row), id=indicator.id or "", name=row.name,
                category=row.category, points=row.points, department=row.department or "—")
    if row.fraction is not None:
        low, high = policy.unit.bands[row.grade or ""]
        section.add("indicator_grade", at("grade"), grade=row.grade, low=_exact(low * 100), high=_exact(high * 100))
        if row.source == "score":
            section.add("indicator_score_typed", at("score"), exact=_exact(row.exact))
        elif row.source == "ratio":
            section.add("indicator_ratio_typed", at("ratio"), ratio=_exact((indicator.ratio or 0) * 100), points=row.points,
                        exact=_exact(row.exact))
        else:
            section.add("indicator_default", at("grade"), percent=_exact(row.fraction * 100), points=row.points,
                        exact=_exact(row.exact))
        rounded = round_to(row.exact or Decimal(0), policy.precision, policy.rounding)
        section.add("indicator_rounded" if rounded == row.score else "indicator_clamped", None, exact=_exact(row.exact),
                    score=row.score, places=policy.precision)
        section.add("indicator_lost", None, points=row.points, score=row.score, lost=row.lost)
    else:
        key = {"score": "indicator_adjust_score", "ratio": "indicator_adjust_ratio"}.get(row.source, "indicator_adjust_points")
        section.add(key, at(row.source), exact=_exact(row.exact), amount=abs(row.score))
    feeds = Section("feeds")

    def shown_(value: Decimal) -> Decimal:  # subtotals as the scored workbook shows them
        return round_to(value, policy.precision, policy.rounding)

    category = scored.categories.get(row.category)
    if category is not None:
        capped = scored.capped.get(row.category)
        if capped is not None and row.category in (BONUS_ITEM, PENALTY_ITEM):
            feeds.add("category_capped", None, category=row.category, raw=shown_(capped[0]), cap=shown_(capped[1]))
        feeds.add("category", None, category=row.category, score=shown_(category["score"]),
                  points=shown_(category["points"]))
    if row.fraction is not None:
        department = next((v | {"name": k} for k, v in scored.departments.items()
                           if name_key(k) == name_key(row.department)), None)
        if department is not None:
            feeds.add("department", None, department=department["name"], score=shown_(department["score"]),
                      points=shown_(department["points"]))
    feeds.add("unit_total", None, total=scored.total, max=scored.max, level=scored.level)
    for charge in scored.accountability:
        if charge.indicator_row == row.row and charge.sheet == indicator.sheet:
            feeds.add("charged_owner" if charge.role == "owner" else "charged_leader",
                      Where(charge.file, charge.sheet, charge.cell), name=charge.person, deduction=charge.deduction)
    label = f"{indicator.id} {row.name}" if indicator.id else row.name
    return Explanation("indicator", label, None, [section, feeds], policy.precision)
