"""Scoring the unit's indicators (附件1 三.2): what each completion grade is worth, the unit total
and level, subtotals, and who answers for points lost through their own fault.

完成任务好的按该项分值100%得分；良好按80%—100%得分；一般按60—80%得分；差的不得分 — the
bands are `unit.bands`, inclusive at both ends, so 80% is valid for 良好 and for 一般.
Pure: validated `Indicator`s in, a `ScoreResult` out; bad rows raise `DataError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import name_key, plain, quantum, round_to
from ..headers import BONUS_ITEM, INDICATOR_FIELDS, MANDATED, PENALTY_ITEM, SELF_CHOSEN
from ..indicators import Indicator, ParsedRows
from ..messages import Code, Phrase
from ..problems import Problem, Problems
from .accountability import Charge, charges

if TYPE_CHECKING:
    from ..policy import Policy
    from .improvement import Improvement

ZERO = Decimal(0)

# A 得分 and a 得分率 typed on one row agree when the ratio is right to 0.05 percentage points
# (a percentage typed with one decimal, 86.7% for 26/30) or gives the same rounded score.
RATIO_TOLERANCE = Decimal("0.0005")


@dataclass(frozen=True)
class ScoredRow:
    indicator: Indicator
    fraction: Decimal | None  # share of the points earned; None for 加分项/扣分项
    score: Decimal  # points counted; negative for a 扣分项 (before the unit's caps)
    lost: Decimal  # points the unit lost on it (a 扣分项's deduction; 0 for a 加分项)
    default_used: bool = False  # scored at unit.band_default
    # How the score was reached (for `jxkh explain`): from the typed 得分 ("score"), the 得分率
    # ("ratio"), the band default ("default") or, for 加分项/扣分项 without either, the 分值
    # ("points"); `exact` is the value before rounding and the band's bounds.
    source: str = "score"
    exact: Decimal | None = None

    @property
    def row(self) -> int:
        return self.indicator.row

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def category(self) -> str:
        return self.indicator.category

    @property
    def points(self) -> Decimal | None:
        return self.indicator.points

    @property
    def grade(self) -> str | None:
        return self.indicator.grade

    @property
    def department(self) -> str:
        return self.indicator.department

    @property
    def owner(self) -> str:
        return self.indicator.owner

    @property
    def leader(self) -> str:
        return self.indicator.leader


@dataclass
class ScoreResult:
    total: Decimal
    max: Decimal
    level: str
    rows: list[ScoredRow]
    departments: dict[str, dict[str, Decimal]]  # 责任科室 → {points, score} over 规定/自选 rows
    accountability: list[Charge]
    warnings: list[Problem] = field(default_factory=list)
    output: Path | None = None
    # 类别 → {points, score}: 加分项/扣分项 score is what counted after the caps (扣分项 negative).
    categories: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    # 加分项/扣分项 whose sum passed unit.bonus_cap/penalty_cap: 类别 → (sum, cap).
    capped: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    precision: int = 2
    rounding: str = "half_up"  # the policy's: JSON and the terminal round as the workbook does
    file: str | None = None
    sheet: str | None = None
    # With the city office's assessment (`score --assessed`): where it is below the self-assessment.
    improvement: Improvement | None = None
    layout: list[Any] = field(default_factory=list)  # indicator_book.SheetUse: how each sheet was read
    fault_column: bool = True  # whether the workbook has 个人原因 (else nobody could be charged)

    @property
    def ratio(self) -> Decimal:
        """total ÷ unit.total, what the level is read from."""
        return self.total / self.max if self.max else ZERO

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        p = self.precision

        def num(value: Decimal | None, places: int = p) -> Decimal | None:
            return None if value is None else round_to(value, places, self.rounding)

        return {
            "total": num(self.total),
            "max": num(self.max),
            "level": self.level,
            "rows": [
                {
                    "row": r.row,
                    "sheet": r.indicator.sheet,
                    "name": r.name,
                    "category": r.category,
                    "points": num(r.points),
                    "grade": r.grade,
                    # A share, so two more places: 86.67% at precision 2 is 0.8667.
                    "fraction": num(r.fraction, p + 2),
                    "score": num(r.score),
                    "lost": num(r.lost),
                }
                for r in self.rows
            ],
            "departments": {
                name: {"points": num(v["points"]), "score": num(v["score"])} for name, v in self.departments.items()
            },
            "accountability": [c.to_json() for c in self.accountability],
            **({} if self.improvement is None else {"improvement": self.improvement.to_json()}),
            "warnings": [w.to_json(lang) for w in self.warnings],
            "output": None if self.output is None else str(self.output),
        }


# --- checks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Assessment:
    fraction: Decimal
    score: Decimal
    default_used: bool
    source: str = "score"
    exact: Decimal | None = None


def check_rows(indicators: list[Indicator], policy: Policy) -> Problems:
    """Every row's grade, 得分 and 得分率 against the policy's bands (errors only)."""
    problems = Problems()
    for indicator in indicators:
        if indicator.graded:
            _assess(indicator, policy, problems)
    return problems


def check_total(
    indicators: list[Indicator], policy: Policy, *, file: str | None = None, sheet: str | None = None,
    uncounted: list[int] | tuple[int, ...] = (),
) -> Problems:
    """规定 + 自选 points must add up to unit.total (附件1 三.2: 绩效评估总分值600分).

    The message gives the 规定/自选 breakdown; rows whose 类别 or 分值 could not be read are
    named rather than hiding the check (`uncounted`).
    """
    problems = Problems()
    mandated = sum((i.points or ZERO for i in indicators if i.category == MANDATED), ZERO)
    chosen = sum((i.points or ZERO for i in indicators if i.category == SELF_CHOSEN), ZERO)
    total, expected = mandated + chosen, policy.unit.total
    if total != expected:
        note = Phrase("total_uncounted", (("rows", "、".join(map(str, uncounted))),)) if uncounted else ""
        problems.add(
            Code.POINTS_TOTAL_MISMATCH, file=file, sheet=sheet, value=plain(total), mandated=plain(mandated),
            chosen=plain(chosen), expected=plain(expected), diff=plain(abs(total - expected)), note=note,
        )
    return problems


def validate(parsed: ParsedRows, policy: Policy, *, file: str | None = None, sheet: str | None = None) -> Problems:
    """The one validation step over parsed rows: every clean row against its band, and the points total."""
    problems = check_rows(parsed.clean, policy)
    if parsed:  # no rows at all is reported as an empty sheet
        problems.extend(check_total(parsed, policy, file=file, sheet=sheet, uncounted=parsed.uncounted))
    return problems


def _assess(indicator: Indicator, policy: Policy, problems: Problems) -> _Assessment | None:
    """A graded row's fraction and score; None (with a problem added) when it is wrong."""
    bands = policy.unit.bands
    expected = "/".join(bands)
    grade = indicator.grade
    if grade is None:
        problems.add(Code.GRADE_MISSING, **indicator.where("grade"), category=indicator.category, expected=expected)
        return None
    if grade not in bands:
        problems.add(Code.GRADE_UNKNOWN, **indicator.where("grade"), value=indicator.values.get("grade", grade), expected=expected)
        return None
    points = indicator.points
    if points is None:  # the reader reported it
        return None
    low, high = bands[grade]
    score, ratio = indicator.score, indicator.ratio
    shown_score = indicator.values.get("score", score)
    shown_ratio = indicator.values.get("ratio", ratio)
    if score is not None and score > points:
        problems.add(Code.SCORE_ABOVE_POINTS, **indicator.where("score"), value=shown_score, points=plain(points))
        return None
    if ratio is not None and ratio > 1:
        problems.add(Code.SCORE_ABOVE_POINTS, **indicator.where("ratio"), value=shown_ratio, points=plain(points))
        return None
    if score is not None and ratio is not None and not _agree(score, ratio, points, policy):
        problems.add(
            Code.SCORE_RATIO_MISMATCH, **indicator.where("score"), value=shown_score, ratio=_percent(ratio),
            points=plain(points),
        )
        return None
    if score is not None:
        fraction, cell, shown = score / points, "score", shown_score
    elif ratio is not None:
        fraction, cell, shown = ratio, "ratio", shown_ratio
    else:
        default = policy.unit.band_default.get(grade)
        if default is None and low != high:
            problems.add(Code.VALUE_REQUIRED, **indicator.where("score"), column=INDICATOR_FIELDS["score"].label)
            return None
        fraction = low if default is None else default
        return _Assessment(fraction, _in_band(fraction * points, points, low, high, policy), default_used=low != high,
                           source="default", exact=fraction * points)
    if not low <= fraction <= high:
        if cell == "score" and score is not None and 0 < score < 1 < points and low <= score <= high:
            # 90% typed into a 得分 cell Excel formats as a percentage is saved as 0.9: name it.
            problems.add(
                Code.SCORE_LOOKS_LIKE_RATIO, **indicator.where(cell), value=shown, ratio=_percent(score),
                score=plain(round_to(score * points, policy.precision, policy.rounding)),
            )
            return None
        problems.add(
            Code.SCORE_OUTSIDE_BAND, **indicator.where(cell), value=shown, column=INDICATOR_FIELDS[cell].label,
            ratio=_percent(fraction), grade=grade, band=_band(low, high),
            expected=Phrase("band_exact", (("low", plain(points * low)),)) if low == high else Phrase(
                "band_range", (("low", plain(points * low)), ("high", plain(points * high)))),
        )
        return None
    exact = score if score is not None else fraction * points
    return _Assessment(fraction, _in_band(exact, points, low, high, policy), False, cell, exact)


def _agree(score: Decimal, ratio: Decimal, points: Decimal, policy: Policy) -> bool:
    if abs(score / points - ratio) <= RATIO_TOLERANCE:
        return True
    return round_to(score, policy.precision, policy.rounding) == round_to(ratio * points, policy.precision, policy.rounding)


def _in_band(value: Decimal, points: Decimal, low: Decimal, high: Decimal, policy: Policy) -> Decimal:
    """The score rounded at `precision`, kept inside its band: 80% of 1.33 is 1.064, and 1.06
    would be below 80%, so 1.07 (only points with more decimals than `precision` need this)."""
    q = quantum(policy.precision)
    score = round_to(value, policy.precision, policy.rounding)
    floor = (points * low).quantize(q, rounding=ROUND_CEILING)
    ceiling = (points * high).quantize(q, rounding=ROUND_FLOOR)
    if floor <= ceiling:
        score = min(max(score, floor), ceiling)
    return score


# --- scoring ------------------------------------------------------------------------------


def score(indicators: list[Indicator], policy: Policy) -> ScoreResult:
    """Score validated indicators; raise DataError when any row or the points total is wrong."""
    from ..arguments import require, require_each
    from ..policy import Policy

    require(policy, Policy, "policy", "Policy")
    indicators = require_each(indicators, lambda i: isinstance(i, Indicator), "indicators", "Indicator")
    unit = policy.unit
    problems = Problems()
    precision, rounding = policy.precision, policy.rounding
    file = next((i.file for i in indicators), None)
    sheets = list(dict.fromkeys(i.sheet for i in indicators))
    sheet = sheets[0] if len(sheets) == 1 else None  # several sheets read as one list: a total is the file's
    problems.extend(check_total(indicators, policy, file=file, sheet=sheet))

    rows: list[ScoredRow] = []
    for indicator in indicators:
        if indicator.graded:
            assessed = _assess(indicator, policy, problems)
            if assessed is None:
                continue
            points = indicator.points or ZERO
            row = ScoredRow(indicator, assessed.fraction, assessed.score, points - assessed.score, assessed.default_used,
                            assessed.source, assessed.exact)
            if assessed.default_used:
                problems.add(
                    Code.BAND_DEFAULT_USED, **indicator.where("grade"), value=indicator.grade, grade=indicator.grade,
                    fraction=_percent(assessed.fraction), score=plain(assessed.score),
                )
        else:
            amount, source, exact = _adjustment(indicator, policy)
            if indicator.points is not None and amount > indicator.points:
                # A 加分项 worth 5 cannot add 50: its 分值 is its ceiling, as for any indicator.
                cell = "score" if indicator.score is not None else "ratio"
                problems.add(
                    Code.SCORE_ABOVE_POINTS, **indicator.where(cell), value=indicator.values.get(cell, amount),
                    points=plain(indicator.points),
                )
                continue
            if indicator.category == PENALTY_ITEM:
                row = ScoredRow(indicator, None, -amount, amount, source=source, exact=exact)
            else:
                row = ScoredRow(indicator, None, amount, ZERO, source=source, exact=exact)
        rows.append(row)
    problems.raise_if_errors()

    graded = [r for r in rows if r.indicator.graded]
    earned = sum((r.score for r in graded), ZERO)
    capped: dict[str, tuple[Decimal, Decimal]] = {}
    for name, cap, key in ((BONUS_ITEM, unit.bonus_cap, "score"), (PENALTY_ITEM, unit.penalty_cap, "lost")):
        raw = sum((getattr(r, key) for r in rows if r.category == name), ZERO)
        if cap is not None and raw > cap:
            capped[name] = (raw, cap)
    bonus = _capped(sum((r.score for r in rows if r.category == BONUS_ITEM), ZERO), unit.bonus_cap,
                    Code.BONUS_CAPPED, problems, file, sheet)
    penalty = _capped(sum((r.lost for r in rows if r.category == PENALTY_ITEM), ZERO), unit.penalty_cap,
                      Code.PENALTY_CAPPED, problems, file, sheet)
    total = round_to(earned + bonus - penalty, precision, rounding)

    categories: dict[str, dict[str, Decimal]] = {}
    for name in (MANDATED, SELF_CHOSEN):
        members = [r for r in graded if r.category == name]
        if members:
            categories[name] = {"points": sum((r.points or ZERO for r in members), ZERO),
                                "score": sum((r.score for r in members), ZERO)}
    for name, counted in ((BONUS_ITEM, bonus), (PENALTY_ITEM, -penalty)):
        members = [r for r in rows if r.category == name]
        if members:
            points = sum((abs(r.score) if r.points is None else r.points for r in members), ZERO)
            categories[name] = {"points": points, "score": counted}

    # Departments are judged on what they were given (规定/自选); 加分/扣分 are the unit's, shown by 类别.
    departments: dict[str, dict[str, Decimal]] = {}
    spelling: dict[str, str] = {}  # "办公室" and "办 公 室" are one department, shown as first written
    for r in graded:
        name = spelling.setdefault(name_key(r.department), r.department)
        entry = departments.setdefault(name, {"points": ZERO, "score": ZERO})
        entry["points"] += r.points or ZERO
        entry["score"] += r.score

    accountability: list[Charge] = []
    for r in rows:
        indicator = r.indicator
        if not indicator.personal_fault:
            continue
        if r.lost <= 0:
            problems.add(Code.FAULT_WITHOUT_LOSS, **indicator.where("personal_fault"), value=indicator.values.get("personal_fault"))
            continue
        # A 扣分项 due to someone's fault is points the unit lost too (附件1 四(1): 单位考核指标被扣分).
        # Charged at the row's amount; a unit-wide penalty_cap is not shared out among rows.
        accountability += charges(
            indicator_row=indicator.row, indicator=indicator.name, lost=r.lost, owners=indicator.owner,
            leaders=indicator.leader, policy=policy, file=indicator.file or "", sheet=indicator.sheet or "",
            owner_cell=indicator.cells.get("owner", ""), leader_cell=indicator.cells.get("leader", ""),
            indicator_id=indicator.id,
        )

    return ScoreResult(
        total=total,
        max=unit.total,
        level=unit_level(total, policy),
        rows=rows,
        departments=departments,
        accountability=accountability,
        warnings=problems.warnings,
        categories=categories,
        capped=capped,
        precision=precision,
        rounding=policy.rounding,
        file=file,
        sheet=sheet,
    )


def unit_level(total: Decimal, policy: Policy) -> str:
    """The unit's year: the first level whose threshold total ÷ unit.total reaches (levels run high to low)."""
    levels = policy.unit.levels
    ratio = total / policy.unit.total
    for level, threshold in levels.items():
        if ratio >= threshold:
            return level
    return list(levels)[-1]


def _adjustment(indicator: Indicator, policy: Policy) -> tuple[Decimal, str, Decimal]:
    """A 加分项/扣分项's amount: its 得分, else 得分率 × 分值, else its 分值. A 扣分项 typed as −2 is 2.
    Also where it came from and its value before rounding."""
    if indicator.score is not None:
        amount, source = indicator.score, "score"
    elif indicator.ratio is not None and indicator.points is not None:
        amount, source = indicator.ratio * indicator.points, "ratio"
    else:
        amount, source = indicator.points or ZERO, "points"
    return round_to(abs(amount), policy.precision, policy.rounding), source, abs(amount)


def _capped(amount: Decimal, cap: Decimal | None, code: Code, problems: Problems, file: str | None, sheet: str | None) -> Decimal:
    if cap is not None and amount > cap:
        problems.add(code, file=file, sheet=sheet, value=plain(amount), limit=plain(cap))
        return cap
    return amount


def _percent(fraction: Decimal) -> str:
    """85.71%, not 85.71428571428571428571428571% (a message, so two places whatever the policy)."""
    return plain(round_to(fraction * 100, 2)) + "%"


def _band(low: Decimal, high: Decimal) -> str:
    return _percent(low) if low == high else f"{_percent(low)}–{_percent(high)}"

