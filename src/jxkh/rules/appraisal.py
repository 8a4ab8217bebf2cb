"""干部职工年度绩效考评 (附件1 四(2)): tallied ballots → each person's rating, deduction, final
score, grade and rank.

德10分，能20分，勤30分，绩30分，廉10分 (`staff.dimensions`); 90分以上为优秀、80—89为良好，
70—79为合格、70分以下为不合格 (`staff.cutoffs`, applied to the final score after rounding);
违纪违法 → 不合格 whatever the score (按岩绩效综[2015]4号); points the unit lost through a
person's fault come off their appraisal (附件1 四(1), `accountability.*`).

Arithmetic is exact (fractions of the integer tallies) until one rounding at `precision`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from fractions import Fraction
from math import lcm
from itertools import compress, repeat
from operator import add, attrgetter, floordiv, itemgetter, mul, sub
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import plain, ratio_rounder, round_to
from ..messages import Code, Phrase
from ..problems import Problem, Problems
from ..ratings import Ballots, Person, Roster, Tally
from ..ratings.identity import Directory
from .accountability import Charge
from .quota import Pool, apply_quota, quota_share
from .standing import Ruling, apply, heaviest, prior_points, prior_rulings, status_rulings

from ..standing import Standing
from .validity import invalid_ballots

if TYPE_CHECKING:
    from ..policy import Policy

ZERO = Decimal(0)
ONE = Fraction(1)
WHOLE = Decimal(1)  # 岗位系数 without a roster
YEAR = Decimal(12)  # 在岗月数 without a roster
# A rater is straight-lining when every one of at least this many ratees got the same scores
# from them; with fewer, identical scores are too likely to be honest.
STRAIGHT_LINE_MIN_RATEES = 3


# The steps a rating records for `jxkh explain` are made for every person and read for few: not
# frozen, as a frozen dataclass sets each field through `object.__setattr__` (a GroupStep took
# 3.8 µs to make, 0.7 µs now; ×66,706 people at 1M ballots). Nothing changes one once made.
@dataclass(slots=True)
class GroupStep:
    """One rater group's part of a rating, as `_dimensions` computed it (what `jxkh explain` shows).

    Sums are in ballot units (10**-scale); `high`/`low` are the trimmed ballots as (total,
    *dimensions), None when nothing was trimmed."""

    index: int  # the group's index in `Ballots.groups`
    name: str  # "" when unweighted
    weight: Fraction | None  # staff.rater_weights' value; None when unweighted
    share: Fraction  # the weight re-normalised over the groups present (1 when unweighted)
    count: int  # valid ballots in the group
    kept: int  # after trimming
    sums: tuple[int, ...]  # per dimension, over the kept ballots
    high: tuple[int, ...] | None
    low: tuple[int, ...] | None


@dataclass
class RatingSteps:
    """How a rating was reached: the groups, and the exact averages before their one rounding.

    The averages are kept as integers over one denominator; `exact` and `rating` make them
    fractions when asked (`jxkh explain`): a city's 66,706 people need six fractions each
    otherwise, which cost more than the rest of their appraisal."""

    groups: tuple[GroupStep, ...]
    unit: int  # ballot units per point
    names: tuple[str, ...]  # the dimensions
    sums: tuple[int, ...]  # each dimension's exact average × `denominator`
    denominator: int
    absent: tuple[str, ...]  # weighted groups with no ballot (their weight re-normalised away)
    # the person's ballots left out (indices into the per-ballot columns) and the problem that left each out
    excluded: tuple[tuple[int, Problem], ...] = ()
    person: int = 0  # the person's index in `Ballots.people`

    @cached_property
    def exact(self) -> dict[str, Fraction]:
        """Each dimension's exact average."""
        return {name: Fraction(n, self.denominator) for name, n in zip(self.names, self.sums)}

    @cached_property
    def rating(self) -> Fraction:
        """The averages' exact sum: 测评得分 before rounding."""
        return Fraction(sum(self.sums), self.denominator)


@dataclass(frozen=True)
class FinalSteps:
    """How the final score was reached from the rounded rating (what `jxkh explain` shows).

    Frozen: people with no charge and the same rating share one (`_Scorer`)."""

    charged: Decimal  # the charges' sum, before the cap
    cap: Decimal | None  # accountability.cap, when it applied
    unclamped: Decimal  # rating − deduction + prior points, before [0, full score]
    cutoff: Decimal | None  # the cut-off of the grade the score gives (None: the floor grade)


@dataclass
class PersonResult:
    """One appraised person. `coefficient`, `months`, `prior_grade` and `violation` come from
    the roster (defaults 1, 12, none, no) and are what `jxkh bonus` builds on."""

    id: str | None
    name: str
    department: str | None
    ballots: int  # valid ballots counted (those trimmed off included)
    dimensions: dict[str, Decimal]
    rating: Decimal  # 测评得分
    deduction: Decimal  # 责任扣分
    final: Decimal  # 最终得分 = rating − deduction, not below 0
    grade: str
    rank: int  # by final score; ties share a rank
    coefficient: Decimal = Decimal(1)
    months: Decimal = Decimal(12)
    prior_grade: str | None = None
    violation: bool = False
    score_grade: str = ""  # the grade the score alone gives (differs from `grade` under the veto)
    over_quota: bool = False  # 优秀 beyond `staff.excellent_quota`: listed, not changed
    quota_tie: bool = False  # tied at the quota boundary
    prior_points: Decimal = ZERO  # 上年度考核等次 points (prior.rule = "points"), in `final`
    rulings: list[Ruling] = field(default_factory=list)  # every rule that applies ([status], prior, quota)
    ruled_by: Ruling | None = None  # the one that changed the grade (the heaviest)
    confirm: bool | None = None  # 优秀确认 on the roster
    quota_confirmed: bool = False  # took a tied 优秀 place by 优秀确认 是
    pool: str | None = None  # the quota pool (staff.quota_pools' column)
    absent_groups: list[str] = field(default_factory=list)  # weighted rater groups with no ballot
    charges: list[Charge] = field(default_factory=list)
    roster_row: int | None = None
    steps: RatingSteps | None = None  # how the rating was computed
    final_steps: FinalSteps | None = None  # how the final score and grade were

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "department": self.department,
            "ballots": self.ballots,
            "dimensions": dict(self.dimensions),
            "rating": self.rating,
            "deduction": self.deduction,
            "final": self.final,
            "grade": self.grade,
            "rank": self.rank,
            # Only when a rule changed the grade: the shape of SPEC §6 otherwise (违纪违法, older
            # than the rules, keeps that shape too).
            **({"rule": self.ruled_by.to_json(lang)} if self.ruled_by is not None and self.ruled_by.rule != "violation" else {}),
        }


@dataclass
class AppraisalResult:
    people: list[PersonResult]  # by rank
    grades: dict[str, int]  # every grade of `staff.cutoffs`, in order
    warnings: list[Problem] = field(default_factory=list)
    findings: list[Problem] = field(default_factory=list)  # rater quality, for the 测评分析 sheet
    charges: list[Charge] = field(default_factory=list)  # the accountability charges applied
    ballots_read: int = 0  # ballot rows, blank ones included
    ballots_counted: int = 0
    ballots_excluded: int = 0  # flagged and left out (`staff.suspect_ballots = "exclude"`)
    quota_allowed: int | None = None
    quota_pools: list[Pool] = field(default_factory=list)
    quota_source: str | None = None  # the policy key the share came from
    level: str | None = None  # the unit's level, when the indicators were scored
    year: int | None = None  # the appraisal year the [status] rules used
    indicators: Path | None = None  # the workbook the deductions came from
    file: str | None = None  # the ratings workbook
    files: list[Path] = field(default_factory=list)  # every workbook the ballots were read from
    output: Path | None = None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "people": [p.to_json(lang) for p in self.people],
            "grades": dict(self.grades),
            "warnings": [w.to_json(lang) for w in self.warnings],
            "output": None if self.output is None else str(self.output),
        }


def appraise(
    ballots: Ballots, roster: Roster | None, charges: Sequence[Charge], policy: Policy,
    standings: dict[int, Standing] | None = None, level: str | None = None, year: int | None = None,
) -> AppraisalResult:
    """The appraisal of everyone on the ballots (and roster). Raises DataError when a charge
    names nobody on the staff, someone is left with no ballot to count, or a tie for the last
    优秀 place is undecided (`quota = "apply"`).

    `standings` are the roster's rule columns (`standing.read_standings`), keyed by roster row;
    without them only 违纪违法 is read. `level` is the unit's own level (for `quota_by_level`),
    `year` the appraisal year (for 处分年度 and 入职日期)."""
    from ..arguments import require, require_each
    from ..policy import Policy

    require(policy, Policy, "policy", "Policy")
    require(ballots, Ballots, "ballots", "Ballots (load_ratings(...).ballots)")
    if roster is not None:
        require(roster, Roster, "roster", "Roster | None")
    charges = require_each(charges, lambda c: isinstance(c, Charge), "charges", "Charge")
    staff = policy.staff
    problems = Problems()
    if standings is None:
        entries = roster.entries if roster is not None else []
        standings = {e.row: Standing(violation=e.violation, prior_grade=e.prior_grade,
                                     cells={n: roster.cell(e, n) for n in roster.columns}) for e in entries
                     } if roster is not None else {}
    findings = list(ballots.findings)
    selves = rater_identities(ballots) if ballots.has_raters else None
    rater_problems, flagged = rater_findings(ballots, policy, selves)
    problems.extend(p for p in rater_problems if p.is_error)
    findings += [p for p in rater_problems if not p.is_error]
    # Each excluded ballot with the problem that excluded it (`jxkh explain` gives the reason).
    notices, invalid = invalid_ballots(ballots, policy, selves)
    findings += notices
    reasons = {**invalid, **(flagged if staff.suspect_ballots == "exclude" else {})}
    excluded = set(reasons)
    tallies = retally(ballots, excluded, policy) if excluded else [p.tallies for p in ballots.people]
    linked = link_charges(charges, ballots.people, problems)

    scored = []
    for position, (person, groups) in enumerate(zip(ballots.people, tallies)):
        if not groups:
            problems.add(
                Code.RATEE_WITHOUT_VALID_BALLOTS, **_name_cell(ballots, person), value=person.label,
                count=person.ballots + person.blank,
            )
            continue
        dims, denominator, absent, steps = _dimensions(groups, ballots, policy)
        for group in absent:
            findings.append(Problem(Code.RATER_GROUP_ABSENT, **_name_cell(ballots, person), value=person.label,
                                    params={"group": group}))
        counted = next(iter(groups.values())).count if len(groups) == 1 else sum(t.count for t in groups.values())
        scored.append((position, person, dims, denominator, absent, counted, steps))
    problems.raise_if_errors()

    ranked = []
    names = tuple(ballots.dimensions)
    unit = ballots.unit
    scorer = _Scorer(policy)
    least = policy.validity.min_valid
    mine = _excluded_by_person(ballots, reasons)
    rounded = ratio_rounder(policy.precision, policy.rounding)
    for position, person, dims, denominator, absent, counted, steps in scored:
        averages = dict(zip(names, map(rounded, dims, repeat(denominator))))
        rating = rounded(sum(dims), denominator)
        entry = person.roster
        standing = standings.get(entry.row) if entry is not None else None
        result = scorer.score(person, averages, rating, absent, counted, linked.get(position, []), roster, problems)
        result.steps = RatingSteps(tuple(steps), unit, names, tuple(dims), denominator, tuple(absent),
                                   tuple(mine.get(position, ())), position)
        few = _too_few_ballots(counted, least) if counted < least else ()
        if standing is not None or few:
            apply_rules(result, standing or Standing(), roster, policy, year, problems, few)
        ranked.append(result)
    # Ties keep the roster's order (the people's); without a roster they go by name, so that
    # the order of the ballot rows does not matter.
    if roster is None:
        tiebreaks = [(person.key, person.id_key) for _, person, *_ in scored]
        ranked = [result for _, result in sorted(zip(tiebreaks, ranked), key=itemgetter(0))]
    people = rank_people(ranked)
    share, source = quota_share(policy, level, problems)
    pools = [] if share is None else apply_quota(people, {i: p.pool for i, p in enumerate(people)}, share, policy, problems)
    problems.raise_if_errors()
    decided = [p for p in people if p.confirm is not None]
    if decided and (share is None or staff.quota != "apply"):  # 优秀确认 only decides places in apply mode
        problems.add(Code.QUOTA_CONFIRM_IGNORED, value=None, names="、".join(p.name for p in decided))
    allowed = sum(pool.allowed for pool in pools) if share is not None else None
    grades = {grade: 0 for grade in staff.grades}
    for person in people:
        grades[person.grade] = grades.get(person.grade, 0) + 1
    return AppraisalResult(
        people=people,
        grades=grades,
        warnings=[*findings, *problems],
        findings=findings,
        charges=list(charges),  # all linked (else DataError above), in the indicators' order
        ballots_read=ballots.count,
        ballots_counted=sum(p.ballots for p in people),
        ballots_excluded=len(excluded),
        quota_allowed=allowed,
        quota_pools=pools,
        quota_source=source if share is not None else None,
        level=level,
        year=year,
        file=ballots.file,
    )


# --- rater quality ------------------------------------------------------------------------


def rater_findings(ballots: Ballots, policy: Policy, selves: list[set[int]] | None = None,
                   ) -> tuple[list[Problem], dict[int, Problem]]:
    """Straight-lining, self-rating and repeated ballots (where a 测评人 column exists).

    Returns the warnings and the ballots they flag, each with its warning. Of a rater's repeated ballots for one
    ratee all are flagged: which one is genuine cannot be told, and excluding only the later
    ones would make the result depend on the order of the rows. On a one-rater form (a sheet
    or file per 票) a name written twice is a misspelt other name, not a second opinion: an
    error, naming whom that form leaves out. `selves`: `rater_identities(ballots)`, when the
    caller has them.

    A million ballots are looked at as wholes (sets and counts of (rater, ratee) and of (rater,
    scores)); only the ballots those single out are then walked one by one.
    """
    if not ballots.has_raters:
        return [], {}
    assert ballots.raters is not None and ballots.person is not None and ballots.rater is not None
    assert ballots.row is not None and ballots.scores is not None
    exclude = policy.staff.suspect_ballots == "exclude"
    action = Phrase("ballot_excluded" if exclude else "ballot_counted")
    people, raters = ballots.people, ballots.raters
    rater_col, row_col = ballots.rater, ballots.row

    at = ballots.rater_where
    selves = rater_identities(ballots) if selves is None else selves
    forms = [s.rater is not None for s in ballots.sources]

    def on_form(i: int) -> bool:
        return forms[ballots.source[i] if ballots.source is not None else 0]

    person_col = ballots.person
    problems: list[Problem] = []
    flagged: dict[int, Problem] = {}
    repeated: list[tuple[int, int, int, int]] = []  # on one rater's form: ballot, its first, rater, ratee
    first_of: dict[tuple[int, int], int] = {}
    for i in _suspect_ballots(rater_col, person_col, selves, len(people)):
        r, p = rater_col[i], person_col[i]
        if p in selves[r]:
            problems.append(Problem(Code.RATER_SELF_RATING, **at(i),
                                    value=raters[r], params={"action": action}))
            flagged.setdefault(i, problems[-1])
        j = first_of.setdefault((r, p), i)
        if j != i and on_form(i):
            repeated.append((i, j, r, p))
        elif j != i:
            problems.append(Problem(Code.RATER_DUPLICATE, **at(i),
                                    value=raters[r], params={"ratee": people[p].label, "other": row_col[j], "action": action}))
            flagged.setdefault(i, problems[-1])
            flagged.setdefault(j, problems[-1])
    lines = _straight_liners(rater_col, person_col, ballots.scores)  # rater → (first ballot, ratees)
    straight: dict[int, Problem] = {}
    for r in sorted(lines, key=lambda r: row_col[lines[r][0]]):
        first = lines[r][0]
        problems.append(Problem(
            Code.RATER_STRAIGHT_LINING, **at(first),
            value=raters[r], params={"count": len(lines[r][1]), "action": Phrase("ballots_excluded" if exclude else "ballots_counted")},
        ))
        straight[r] = problems[-1]
    if straight:
        for i in range(len(rater_col)):
            if rater_col[i] in straight:
                flagged.setdefault(i, straight[rater_col[i]])
    rated: dict[int, set[int]] = {}  # rater → everyone they rated, for the forms that repeat a name
    for i, j, r, p in repeated:
        if r not in rated:
            rated[r] = {q for k, q in zip(rater_col, person_col) if k == r}
        left_out = [people[k].label for k in range(len(people)) if k not in rated[r]]
        missing = Phrase("form_left_out", (("names", "、".join(left_out)),)) if 0 < len(left_out) <= 3 else Phrase("no_hint")
        problems.append(Problem(Code.BALLOT_RATEE_REPEATED, **at(i), value=people[p].label,
                                params={"other": at(j)["cell"], "missing": missing}))
    return problems, flagged


def _suspect_ballots(rater_col: Sequence[int], person_col: Sequence[int], selves: list[set[int]], people: int,
                     ) -> list[int]:
    """The ballots, in order, whose rater rated themselves or rated that ratee more than once.

    Each (rater, ratee) is one integer, rater × people + ratee (negative: no rater), made and
    counted at C speed: a million ballots without a Python step each unless one is suspect."""
    n = max(people, 1)  # every ratee index is below it
    keys = list(map(add, map(mul, rater_col, repeat(n)), person_col))
    present = set(keys)
    suspect = {r * n + p for r, mine in enumerate(selves) for p in mine} & present
    if len(present) < len(keys):  # some (rater, ratee) twice, or blank raters
        suspect |= {key for key, count in Counter(keys).items() if count > 1}
    suspect = {key for key in suspect if key >= 0}
    return [i for i, key in enumerate(keys) if key in suspect] if suspect else []


def _straight_liners(rater_col: Sequence[int], person_col: Sequence[int], scores: Sequence[Sequence[int]],
                     ) -> dict[int, tuple[int, set[int]]]:
    """Raters who gave every one of at least `STRAIGHT_LINE_MIN_RATEES` ratees the same
    scores: rater → (their first ballot, the ratees)."""
    # A rater stays a candidate while one score of each dimension so far covers all their
    # ballots, and they have enough ballots; most are out after the first dimension. (rater,
    # score) is one integer, as above. Only the candidates' ballots (`rows`) are looked at in
    # the next dimension: one rater of two identical ballots among a million ballots used to
    # keep every dimension read in full.
    if not scores:
        return {}
    candidates: set[int] = set()
    rows: list[int] | None = None  # the ballots still looked at (None: all of them)
    raters = rater_col  # their raters
    for d, column in enumerate(scores):
        if rows is not None:
            column = list(map(column.__getitem__, rows))
        low = min(column, default=0)
        span = max(column, default=0) - low + 1
        shifted = map(sub, column, repeat(low)) if low else column
        distinct = set(map(add, map(mul, raters, repeat(span)), shifted))
        values = Counter(map(floordiv, distinct, repeat(span)))
        if d == 0:
            candidates = {r for r, count in values.items() if count == 1 and r >= 0}
            # (raters of one or two ballots agree with themselves: not worth another look)
            ballots_of = Counter(filter(candidates.__contains__, raters))
            candidates = {r for r in candidates if ballots_of[r] >= STRAIGHT_LINE_MIN_RATEES}
        else:
            candidates = {r for r in candidates if values[r] == 1}
        if not candidates:
            return {}
        kept = list(compress(range(len(raters)), map(candidates.__contains__, raters)))
        if len(kept) < len(raters):
            rows = kept if rows is None else list(map(rows.__getitem__, kept))
            raters = list(map(raters.__getitem__, kept))
    found: dict[int, tuple[int, set[int]]] = {}
    for i in range(len(rater_col)) if rows is None else rows:
        r, p = rater_col[i], person_col[i]
        if r in found:
            found[r][1].add(p)
        else:
            found[r] = (i, {p})
    return {r: line for r, line in found.items() if len(line[1]) >= STRAIGHT_LINE_MIN_RATEES}


def rater_identities(ballots: Ballots) -> list[set[int]]:
    """For each rater, the people they are (by name or 工号): what a self-rating is."""
    assert ballots.raters is not None
    directory = Directory(ballots.people)
    return [set(directory.lookup(r)) for r in ballots.raters]


def retally(ballots: Ballots, excluded: set[int], policy: Policy) -> list[dict[int, Tally]]:
    """Each person's tallies again from the per-ballot columns, leaving out `excluded` ballots."""
    assert ballots.person is not None and ballots.group is not None and ballots.scores is not None
    extremes = policy.staff.aggregate == "trimmed"
    tallies: list[dict[int, Tally]] = [{} for _ in ballots.people]
    ndim = len(ballots.dimensions)
    scores = ballots.scores
    for i in range(len(ballots.person)):
        if i in excluded:
            continue
        groups = tallies[ballots.person[i]]
        g = ballots.group[i]
        tally = groups.get(g)
        if tally is None:
            tally = groups[g] = Tally(ndim)
        tally.add([column[i] for column in scores], extremes)
    return tallies


# --- scores -------------------------------------------------------------------------------


def _dimensions(
    groups: dict[int, Tally], ballots: Ballots, policy: Policy,
) -> tuple[Sequence[int], int, list[str], list[GroupStep]]:
    """Each dimension's exact average as numerators over one denominator: `mean` or `trimmed`
    within each rater group, then the groups weighted by `staff.rater_weights` (re-normalised
    over the groups present). Also the weighted groups with no ballot, and each group's step."""
    staff = policy.staff
    trim = staff.trim_min_ballots if staff.aggregate == "trimmed" else None
    unit = ballots.unit
    if not staff.rater_weights:  # integers all the way: a city office has tens of thousands of people
        ((g, tally),) = groups.items()
        count, sums = tally.kept(trim)
        step = _group_step(g, "", None, ONE, tally, count, sums)
        return step.sums, count * unit, [], [step]  # (the step's tuple of sums: not copied again)
    weights = [Fraction(w) for w in staff.rater_weights.values()]
    present = sorted(groups)
    total = sum((weights[g] for g in present), Fraction(0))
    dims = [Fraction(0)] * len(ballots.dimensions)
    steps = []
    for g in present:
        count, sums = groups[g].kept(trim)
        share = weights[g] / (total * count * unit)
        dims = [d + share * s for d, s in zip(dims, sums)]
        steps.append(_group_step(g, ballots.groups[g], weights[g], weights[g] / total, groups[g], count, sums))
    denominator = lcm(*(d.denominator for d in dims))
    absent = [ballots.groups[g] for g in range(len(ballots.groups)) if g not in groups]
    return [d.numerator * (denominator // d.denominator) for d in dims], denominator, absent, steps


def _group_step(index: int, name: str, weight: Fraction | None, share: Fraction, tally: Tally, kept: int,
                sums: list[int]) -> GroupStep:
    trimmed = kept < tally.count
    return GroupStep(index, name, weight, share, tally.count, kept, tuple(sums),
                     tally.high if trimmed else None, tally.low if trimmed else None)


def _excluded_by_person(ballots: Ballots, excluded: dict[int, Problem]) -> dict[int, list[tuple[int, Problem]]]:
    """Each person's excluded ballots (indices into the per-ballot columns) and why, in row order."""
    mine: dict[int, list[tuple[int, Problem]]] = {}
    if excluded and ballots.person is not None:
        for i in sorted(excluded):
            mine.setdefault(ballots.person[i], []).append((i, excluded[i]))
    return mine


class _Scorer:
    """Each person's deduction, final score and grade from their rounded rating.

    What it needs of the policy is worked out once, and what many people share is kept: the
    points of each 上年度考核等次, the grade of each final score, and the steps to the final
    score of those with no charge (a city's 66,706 people have a few thousand distinct scores)."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.places, self.rounding = policy.precision, policy.rounding
        self.zero = round_to(ZERO, self.places, self.rounding)
        self.full = policy.staff.full_score  # (a sum of the dimensions' maxima at each asking)
        self.cap = policy.accountability.cap
        self.cutoffs = policy.staff.cutoffs
        self.prior: dict[str | None, Decimal] = {}  # 上年度考核等次 → its points, rounded
        self.graded: dict[Decimal, tuple[str, Decimal | None]] = {}  # final score → (grade, its cut-off)
        # unclamped score → its steps, for people with no charge. Every such score is the rounded
        # rating plus rounded points less the rounded zero: all at `places` decimals, so equal
        # scores are equal digits too, and the shared steps show each person's own figures.
        self.uncharged: dict[Decimal, FinalSteps] = {}

    def score(
        self, person: Person, dimensions: dict[str, Decimal], rating: Decimal, absent: list[str], ballots: int,
        charges: list[Charge], roster: Roster | None, problems: Problems,
    ) -> PersonResult:
        places, rounding, zero, cap = self.places, self.rounding, self.zero, self.cap
        deduction = charged = sum((c.deduction for c in charges), ZERO) if charges else ZERO
        capped = cap is not None and deduction > cap
        if capped:
            problems.add(
                Code.ACCOUNTABILITY_CAPPED, file=charges[0].file, sheet=charges[0].sheet, value=person.label,
                total=plain(deduction), limit=plain(cap),
            )
            deduction = cap
        deduction = round_to(deduction, places, rounding) if charges else zero
        # The final score is what the sheet shows: the rounded rating less the rounded deduction,
        # so the three columns add up for whoever checks them by hand.
        entry = person.roster
        grade = entry.prior_grade if entry else None
        points = self.prior.get(grade)
        if points is None:
            points = self.prior[grade] = round_to(prior_points(grade, self.policy), places, rounding)
        unclamped = rating - deduction + points
        final = min(max(unclamped, zero), self.full)
        graded = self.graded.get(final)
        if graded is None:
            graded = self.graded[final] = self._grade(final)
        score_grade, cutoff = graded
        if charges or capped:
            final_steps = FinalSteps(charged, cap if capped else None, unclamped, cutoff)
        else:
            final_steps = self.uncharged.get(unclamped)
            if final_steps is None:
                final_steps = self.uncharged[unclamped] = FinalSteps(charged, None, unclamped, cutoff)
        violation = bool(entry and entry.violation)
        if violation and roster is not None and entry is not None:
            problems.add(
                Code.VIOLATION_VETO, file=roster.file, sheet=roster.sheet, cell=roster.cell(entry, "violation"),
                row=entry.row, value=person.label, score=final,
            )
        return PersonResult(
            id=person.id,
            name=person.name,
            department=person.department,
            ballots=ballots,
            dimensions=dimensions,
            rating=rating,
            deduction=deduction,
            final=final,
            grade=score_grade,
            rank=0,
            coefficient=entry.coefficient if entry else WHOLE,
            months=entry.months if entry else YEAR,
            prior_grade=entry.prior_grade if entry else None,
            violation=violation,
            score_grade=score_grade,
            absent_groups=absent,
            charges=charges,
            roster_row=entry.row if entry else None,
            prior_points=points,
            final_steps=final_steps,
        )

    def _grade(self, final: Decimal) -> tuple[str, Decimal | None]:
        """The grade the score gives, and that grade's cut-off (None: the floor grade)."""
        grade = grade_for(final, self.policy)
        cutoff = self.cutoffs.get(grade)
        return grade, cutoff if cutoff is not None and final >= cutoff else None


def _too_few_ballots(count: int, least: int) -> list[Ruling]:
    """`validity.min_valid` (`least`): fewer valid ballots than that withholds the result (暂缓)."""
    if count >= least:
        return []
    return [Ruling("min_valid", "pending", None, "validity.min_valid", "rule_min_valid",
                   {"count": count, "least": least})]


def apply_rules(result: PersonResult, standing: Standing, roster: Roster | None, policy: Policy, year: int | None,
                problems: Problems, extra: Sequence[Ruling] = ()) -> None:
    """The roster's rules (and `extra` ones) on one person: every ruling that applies, the heaviest deciding."""
    grades = policy.staff.grades
    where = {"file": roster.file, "sheet": roster.sheet, "row": result.roster_row} if roster is not None else {}
    label = f"{result.name}（{result.id}）" if result.id else result.name
    rulings = [*status_rulings(standing, policy, year, label, problems, where), *prior_rulings(standing, policy), *extra]
    decisive = heaviest(rulings, grades)
    result.rulings = rulings
    result.grade = apply(result.score_grade, decisive, grades)
    result.confirm, result.pool = standing.confirm, standing.pool
    if result.grade != result.score_grade and decisive is not None:
        result.ruled_by = decisive
        if decisive.rule != "violation":  # 违纪违法 has its own notice (violation-veto)
            others = "、".join(r.text() for r in rulings if r is not decisive)
            problems.add(Code.GRADE_RULED, **where, cell=decisive.cell, value=label, rule=decisive.text(),
                         grade=result.grade, score_grade=result.score_grade, score=result.final,
                         others=others or "无")


def grade_for(score: Decimal, policy: Policy) -> str:
    """The first grade whose cut-off the score reaches (90分以上优秀 …); else the floor grade."""
    for grade, cutoff in policy.staff.cutoffs.items():
        if score >= cutoff:
            return grade
    return policy.staff.floor_grade


def rank_people(people: list[PersonResult]) -> list[PersonResult]:
    """The people by final score, highest first, ties in their order; each with their
    competition rank: 1, 2, 2, 4."""
    ranked = sorted(people, key=attrgetter("final"), reverse=True)  # (stable, reversed too)
    previous = None
    rank = 0
    for i, person in enumerate(ranked, start=1):
        if person.final != previous:
            rank, previous = i, person.final
        person.rank = rank
    return ranked


# --- accountability -----------------------------------------------------------------------


def link_charges(charges: Sequence[Charge], people: Sequence[Person], problems: Problems) -> dict[int, list[Charge]]:
    """Each charge's person among the staff (their index in `people`), by 工号 where the roster
    gives one, else by name. A name found nowhere, or on several people, is an error pointing
    at the indicator's 责任人/责任领导 cell.
    """
    linked: dict[int, list[Charge]] = {}
    if not charges:
        return linked
    directory = Directory(people)
    for charge in charges:
        matches = directory.lookup(charge.person)
        where = {"file": charge.file, "sheet": charge.sheet, "cell": charge.cell, "row": charge.indicator_row}
        role = Phrase("role_leader" if charge.role == "leader" else "role_owner")
        if len(matches) == 1:
            linked.setdefault(matches[0], []).append(charge)
        elif not matches:
            problems.add(Code.RESPONSIBLE_NOT_FOUND, **where, value=charge.person, indicator=charge.label, role=role,
                         hint=directory.hint(charge.person))
        else:
            problems.add(
                Code.RESPONSIBLE_AMBIGUOUS, **where, value=charge.person, indicator=charge.label, role=role,
                matches="、".join(people[i].label for i in matches),
            )
    return linked


def _name_cell(ballots: Ballots, person: Person) -> dict[str, Any]:
    if person.row:
        return ballots.where(person.source, person.row, "name")
    return {"file": ballots.file, "sheet": ballots.sheet}

