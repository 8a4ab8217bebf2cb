"""The rules' fast paths (issue 14) give exactly what the plain definitions give, and run.

`rater_findings` looks at a million ballots as wholes (sets and counts of integers) and walks
only the ballots those single out; here it is compared with the ballot-by-ballot definition
it replaced, on ballots hypothesis makes up with self-ratings, repeats, straight-liners, blank
raters and one-rater forms, and shown not to walk clean ballots at all."""

from __future__ import annotations

from array import array
from decimal import Decimal as D
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jxkh.messages import Code, Phrase
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import Problem
from jxkh.ratings import Ballots, Person
from jxkh.ratings.model import BallotSource
from jxkh.rules import appraisal
from jxkh.rules.appraisal import STRAIGHT_LINE_MIN_RATEES, rater_findings, rater_identities

NAMES = ["甲一", "乙二", "丙三", "丁四", "戊五"]
DIMS = {"德": 10, "能": 20, "勤": 30, "绩": 30, "廉": 10}
COLUMNS = {"name": 0, "rater": 1, **{d: 2 + i for i, d in enumerate(DIMS)}}


def plain_rater_findings(ballots: Ballots, policy: Policy) -> tuple[list[Problem], dict[int, Problem]]:
    """The ballot-by-ballot definition (jxkh before issue 14), kept as the reference."""
    if not ballots.has_raters:
        return [], {}
    exclude = policy.staff.suspect_ballots == "exclude"
    action = Phrase("ballot_excluded" if exclude else "ballot_counted")
    people, raters = ballots.people, ballots.raters
    person_col, rater_col, row_col, scores = ballots.person, ballots.rater, ballots.row, ballots.scores
    at = ballots.rater_where
    selves = rater_identities(ballots)
    forms = [s.rater is not None for s in ballots.sources]

    def on_form(i: int) -> bool:
        return forms[ballots.source[i] if ballots.source is not None else 0]

    problems: list[Problem] = []
    flagged: dict[int, Problem] = {}
    repeated = []
    first_of: dict[tuple[int, int], int] = {}
    lines: dict[int, list[Any]] = {}
    for i, (r, p, dims) in enumerate(zip(rater_col, person_col, zip(*scores))):
        if r < 0:
            continue
        if p in selves[r]:
            problems.append(Problem(Code.RATER_SELF_RATING, **at(i), value=raters[r], params={"action": action}))
            flagged.setdefault(i, problems[-1])
        j = first_of.setdefault((r, p), i)
        if j != i and on_form(i):
            repeated.append((i, j, r, p))
        elif j != i:
            problems.append(Problem(Code.RATER_DUPLICATE, **at(i), value=raters[r],
                                    params={"ratee": people[p].label, "other": row_col[j], "action": action}))
            flagged.setdefault(i, problems[-1])
            flagged.setdefault(j, problems[-1])
        line = lines.get(r)
        if line is None:
            lines[r] = [dims, True, {p}, i]
        else:
            if line[1] and dims != line[0]:
                line[1] = False
            line[2].add(p)
    straight = {}
    for r in sorted((r for r, line in lines.items() if line[1] and len(line[2]) >= STRAIGHT_LINE_MIN_RATEES),
                    key=lambda r: row_col[lines[r][3]]):
        problems.append(Problem(Code.RATER_STRAIGHT_LINING, **at(lines[r][3]), value=raters[r], params={
            "count": len(lines[r][2]), "action": Phrase("ballots_excluded" if exclude else "ballots_counted")}))
        straight[r] = problems[-1]
    for i in range(len(rater_col)):
        if rater_col[i] in straight:
            flagged.setdefault(i, straight[rater_col[i]])
    for i, j, r, p in repeated:
        left_out = [people[k].label for k in range(len(people)) if k not in lines[r][2]]
        missing = Phrase("form_left_out", (("names", "、".join(left_out)),)) if 0 < len(left_out) <= 3 else Phrase("no_hint")
        problems.append(Problem(Code.BALLOT_RATEE_REPEATED, **at(i), value=people[p].label,
                                params={"other": at(j)["cell"], "missing": missing}))
    return problems, flagged


def make_ballots(specs, raters, forms: bool) -> Ballots:
    """specs: (ratee, rater or -1, scores); `forms`: each rater's ballots on their own sheet."""
    people = [Person(id=None, name=n, department=None, row=2) for n in NAMES]
    if forms:  # one sheet per rater: the rater is the sheet's, the ballots sorted by it
        specs = sorted((s for s in specs if s[1] >= 0), key=lambda s: s[1])
        sources = [BallotSource("r.xlsx", raters[r], {k: v for k, v in COLUMNS.items() if k != "rater"}, {}, rater=raters[r])
                   for r in range(len(raters))]
        source = array("l", [s[1] for s in specs])
    else:
        sources = [BallotSource("r.xlsx", "测评", dict(COLUMNS), {})]
        source = None
    return Ballots(
        file="r.xlsx", sheet="测评", dimensions=dict.fromkeys(DIMS, 0), scale=0, groups=[""], people=people,
        count=len(specs), columns=dict(COLUMNS), sources=sources, raters=list(raters),
        person=array("l", [s[0] for s in specs]), group=array("l", [0] * len(specs)),
        rater=array("l", [s[1] for s in specs]), row=array("l", range(2, 2 + len(specs))), source=source,
        scores=[array("l", [s[2][d] for s in specs]) for d in range(len(DIMS))],
    )


# A few score patterns, so that straight-lining (the same scores for everyone) happens often.
scores_ = st.sampled_from([(9, 18, 27, 27, 9), (10, 20, 30, 30, 10), (8, 18, 27, 27, 9), (9, 18, 27, 26, 9)])
# Raters named like the ratees (a self-rating), or not; a rater -1 is a blank 测评人 cell.
raters_ = st.lists(st.sampled_from(["甲一", "乙二", "张三", "李四", "王五", "赵六"]), min_size=1, max_size=5, unique=True)


@st.composite
def unit(draw):
    raters = draw(raters_)
    specs = draw(st.lists(st.tuples(st.integers(0, len(NAMES) - 1), st.integers(-1, len(raters) - 1), scores_), max_size=40))
    return raters, specs


def as_data(found):
    problems, flagged = found
    return ([(p.code, p.cell, p.row, p.value, p.params) for p in problems],
            [(i, (p.code, p.cell)) for i, p in flagged.items()])


@settings(max_examples=300, deadline=None)
@given(unit(), st.booleans(), st.sampled_from(["count", "exclude"]))
def test_rater_findings_are_the_ballot_by_ballot_ones(drawn, forms, suspect):
    raters, specs = drawn
    ballots = make_ballots(specs, raters, forms)
    policy = policy_from_dict({"staff": {"suspect_ballots": suspect}})
    assert as_data(rater_findings(ballots, policy)) == as_data(plain_rater_findings(ballots, policy))


def test_rater_findings_by_hand():
    """甲一 rates themselves; 张三 rates 乙二 twice; 李四 gives three people the same scores."""
    same = (9, 18, 27, 27, 9)
    specs = [(0, 0, (10, 20, 30, 30, 10)), (1, 1, same), (1, 1, (8, 18, 27, 27, 9)),
             (0, 2, same), (1, 2, same), (2, 2, same), (3, -1, same)]
    ballots = make_ballots(specs, ["甲一", "张三", "李四"], forms=False)
    problems, flagged = rater_findings(ballots, Policy())
    assert [(p.code, p.cell, p.value) for p in problems] == [
        (Code.RATER_SELF_RATING, "B2", "甲一"),
        (Code.RATER_DUPLICATE, "B4", "张三"),
        (Code.RATER_STRAIGHT_LINING, "B5", "李四"),
    ]
    assert problems[1].params["other"] == 3
    assert problems[2].params["count"] == 3
    assert sorted(flagged) == [0, 1, 2, 3, 4, 5]


def test_clean_ballots_are_not_walked_one_by_one(monkeypatch):
    """On ballots with nothing to report no ballot is singled out, and the straight-lining
    look stops after the first dimension: with the fast paths removed these count every ballot."""
    walked = []
    suspects = appraisal._suspect_ballots

    def counted(*args):
        found = suspects(*args)
        walked.extend(found)
        return found

    monkeypatch.setattr(appraisal, "_suspect_ballots", counted)
    columns_read = []

    class Column(list):
        def __iter__(self):
            columns_read.append(id(self))
            return super().__iter__()

    specs = [(p, r, ((p + r) % 10, 18, 27, 27, 9)) for r in range(5) for p in range(5) if p != r]
    ballots = make_ballots(specs, ["张三", "李四", "王五", "赵六", "钱七"], forms=False)
    ballots.scores = [Column(column) for column in ballots.scores]
    assert rater_findings(ballots, Policy()) == ([], {})
    assert walked == []
    # 德 differs for every rater: 能 … 廉 (all alike) are never looked at.
    assert set(columns_read) <= {id(ballots.scores[0])}


class CountedColumn(list):
    """A score column that counts the scores read from it, one by one or by iterating."""

    def __init__(self, values, reads: list[int]):
        super().__init__(values)
        self.reads = reads

    def __iter__(self):
        for value in super().__iter__():
            self.reads[0] += 1
            yield value

    def __getitem__(self, i):
        self.reads[0] += 1
        return super().__getitem__(i)


def test_straight_lining_reads_only_the_candidates_ballots_after_the_first_dimension():
    """Linear in the ballots, whatever they hold: 50 ballots of varied 德, one rater who gave
    their two ratees the same scores (too few to be straight-lining) and one who gave three.
    Only the last one's three ballots are read in 能 … 廉; before, one rater of two identical
    ballots among a million kept every dimension read in full, several times."""
    raters = [f"评{r}" for r in range(12)]
    specs = [(p, r, ((p + r) % 10, 18, 27, 27, 9)) for r in range(10) for p in range(5)]
    specs += [(0, 10, (9, 18, 27, 27, 9)), (1, 10, (9, 18, 27, 27, 9))]  # two alike: not enough
    specs += [(p, 11, (8, 17, 26, 25, 8)) for p in (2, 3, 4)]  # straight-lining
    ballots = make_ballots(specs, raters, forms=False)
    reads = [[0] for _ in DIMS]
    ballots.scores = [CountedColumn(column, count) for column, count in zip(ballots.scores, reads)]
    problems, flagged = rater_findings(ballots, Policy())
    assert [(p.code, p.value, p.params["count"]) for p in problems] == [(Code.RATER_STRAIGHT_LINING, "评11", 3)]
    assert sorted(flagged) == [len(specs) - 3, len(specs) - 2, len(specs) - 1]
    assert [count[0] for count in reads[1:]] == [3, 3, 3, 3]
    assert reads[0][0] <= 3 * len(specs)  # its least, its greatest, then each (rater, score)


# --- who is who ---------------------------------------------------------------------------------


def test_plain_names_are_their_own_keys_through_reading_and_rating(tmp_path, monkeypatch):
    """Ratees and raters named in ideographs, letters and digits are never cleaned: each name is
    its own key (`cells.name_key`), a person keeps the key and 工号 key of the ballots' pair they
    came from (`Person.keyed`), and when each pair is its own person the ballots' person column
    is the tally's own. Each of these fails here without its fast path."""
    from appraise_fixtures import ballot, write_ratings

    from jxkh import cells
    from jxkh.cycle import appraise_file
    from jxkh.ratings import model, tally

    names = ["张三", "李四", "欧阳明2"]
    raters = ["王五", "赵六", "Li7"]
    rows = [ballot(n, 90 - 5 * i, id=f"G00{i}", dept="办公室", rater=r) for i, n in enumerate(names) for r in raters]
    path = write_ratings(tmp_path / "r.xlsx", rows)
    cleaned = []
    for module in (cells, tally):
        original = module.clean_text
        monkeypatch.setattr(module, "clean_text", lambda value, original=original: cleaned.append(value) or original(value))
    keys = []
    monkeypatch.setattr(model, "name_key", lambda value: keys.append(value) or cells.name_key(value))
    kept = []
    finish = tally.BallotTally.finish

    def spied(self, roster, problems):
        kept.append((self, finish(self, roster, problems)))
        return kept[-1][1]

    monkeypatch.setattr(tally.BallotTally, "finish", spied)
    result = appraise_file(path, Policy(), write=False)
    assert [p.rating for p in sorted(result.people, key=lambda p: p.name)] == [D("90.00"), D("85.00"), D("80.00")]
    assert not set(cleaned) & {*names, *raters}
    assert keys == []  # the people's keys were known from the ballots
    counter, ballots = kept[0]
    assert ballots.person is counter.c_person
    assert list(ballots.person) == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert [(p.key, p.id_key) for p in ballots.people] == [("张三", "G000"), ("李四", "G001"), ("欧阳明2", "G002")]


# --- the bonus split in integers ---------------------------------------------------------------


def plain_split(total, weights, keys):
    """The largest-remainder split in fractions (jxkh before issue 14), kept as the reference."""
    import math
    from fractions import Fraction

    from jxkh.rules.bonus import Share, Split

    whole = sum(weights, Fraction(0))
    exact = [total * w / whole for w in weights]
    floors = [math.floor(e) for e in exact]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), keys[i]))
    place = {i: n for n, i in enumerate(order, start=1)}
    shares = tuple(Share(exact[i], floors[i], place[i] <= left, place[i]) for i in range(len(weights)))
    return Split(total, whole, left, shares)


weights_ = st.lists(st.fractions(min_value=0, max_value=3, max_denominator=24), min_size=1, max_size=30).filter(any)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**9), weights_, st.data())
def test_integer_split_is_the_fraction_split(total, weights, data):
    from jxkh.rules.bonus import _split

    keys = [data.draw(st.tuples(st.integers(0, 2), st.sampled_from("甲乙丙"))) for _ in weights]
    got, want = _split(total, weights, keys), plain_split(total, weights, keys)
    assert got == want
    assert sum(s.whole + s.extra for s in got.shares) == total


def test_split_by_hand():
    """100 fen in thirds: 33 each and the one left to the first by key; weights 1/2 and 1/3
    are 3 and 2 over their denominator 6: 60 and 40."""
    from fractions import Fraction

    from jxkh.rules.bonus import _split

    thirds = _split(100, [Fraction(1)] * 3, [(0, "b"), (0, "a"), (0, "c")])
    assert [(s.exact, s.whole, s.extra, s.place) for s in thirds.shares] == [
        (Fraction(100, 3), 33, False, 2), (Fraction(100, 3), 33, True, 1), (Fraction(100, 3), 33, False, 3)]
    assert (thirds.weights, thirds.left) == (3, 1)
    halves = _split(100, [Fraction(1, 2), Fraction(1, 3)], [(0, "甲"), (0, "乙")])
    assert [(s.exact, s.whole) for s in halves.shares] == [(60, 60), (40, 40)]
    assert halves.weights == Fraction(5, 6)


def test_distribute_works_out_each_distinct_weight_and_deduction_once(monkeypatch):
    """300 people of two 岗位系数 and three grades: two weights and a handful of deductions are
    computed, not 300 of each; removing the caches fails here."""
    from decimal import Decimal

    from jxkh.rules import bonus
    from jxkh.rules.bonus import Staff, distribute

    calls = {"weight": 0, "round": 0}
    weight, round_ = bonus._weight, bonus._round

    def counted_weight(*args):
        calls["weight"] += 1
        return weight(*args)

    def counted_round(*args):
        calls["round"] += 1
        return round_(*args)

    monkeypatch.setattr(bonus, "_weight", counted_weight)
    monkeypatch.setattr(bonus, "_round", counted_round)
    grades = ["优秀", "良好", "合格"]
    people = [Staff(f"人{i}", grades[i % 3], department="办公室", coefficient=Decimal("1.2") if i % 2 else Decimal(1))
              for i in range(300)]
    result = distribute(people, Decimal(300000), Policy())
    assert calls["weight"] == 2
    assert calls["round"] <= 2 * 3 * 2  # (base, rate): two weights, each base ±1 fen, three grades
    assert sum(a.amount for a in result.people) == Decimal(300000)


def test_distribute_checks_each_distinct_coefficient_and_months_once(monkeypatch):
    """300 people of two 岗位系数: two checks, not 300; a bad pair is still reported for each
    person holding it, in their order."""
    from decimal import Decimal

    from jxkh.problems import DataError
    from jxkh.rules import bonus
    from jxkh.rules.bonus import Staff, distribute

    checks = []
    fine = bonus._person_fine
    monkeypatch.setattr(bonus, "_person_fine", lambda person: checks.append(person.name) or fine(person))
    people = [Staff(f"人{i}", "良好", coefficient=Decimal("1.2") if i % 2 else Decimal(1)) for i in range(300)]
    distribute(people, Decimal(300000), Policy())
    assert checks == ["人0", "人1"]
    bad = [Staff("甲", "良好", months=Decimal(13)), Staff("乙", "良好"), Staff("丙", "良好", months=Decimal(13))]
    try:
        distribute(bad, Decimal(300000), Policy())
    except DataError as error:
        assert [(p.code, p.params["name"]) for p in error.problems] == [
            (Code.MONTHS_OUT_OF_RANGE, "甲"), (Code.MONTHS_OUT_OF_RANGE, "丙")]
    else:
        raise AssertionError("months of 13 passed")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**9), weights_, st.data())
def test_split_by_key_places_is_the_split_by_keys(total, weights, data):
    """`distribute` hands `_split` each key's place among the keys, not the key: the same split."""
    from jxkh.rules.bonus import _places, _split

    keys = [data.draw(st.tuples(st.integers(0, 2), st.sampled_from(["甲", "乙", "丙", "甲乙"]), st.sampled_from("ab")))
            for _ in weights]
    assert _split(total, weights, _places(keys)) == plain_split(total, weights, keys)


# --- rounding, grading and ranking each person ------------------------------------------------


def reference_rounded(numerator: int, denominator: int, places: int, rounding: str):
    """numerator / denominator rounded as a clerk rounds it: the exact quotient, half away from
    zero (四舍五入), or half to even (`round` of a Fraction is exact and rounds half to even)."""
    import math
    from fractions import Fraction

    exact = Fraction(numerator, denominator) * 10**places
    if rounding == "half_even":
        units = round(exact)
    else:
        units = math.floor(abs(exact) + Fraction(1, 2)) * (1 if exact >= 0 else -1)
    return D(units).scaleb(-places)


@settings(max_examples=500, deadline=None)
@given(st.integers(-10**12, 10**12), st.integers(1, 10**9), st.integers(0, 4), st.sampled_from(["half_up", "half_even"]))
def test_ratio_rounder_is_the_exact_rounding(numerator, denominator, places, rounding):
    from jxkh.cells import ratio_rounder

    rounded = ratio_rounder(places, rounding)
    got = rounded(numerator, denominator)
    want = reference_rounded(numerator, denominator, places, rounding)
    assert (got, str(got)) == (want, str(want))
    assert rounded(numerator, denominator) is got  # each distinct value made once


def test_ratio_rounder_rounds_a_mean_half_up_in_one_division(monkeypatch):
    """A mean (never below 0) rounded half up takes one integer division, not the general
    divmod-and-compare (`_rounded_units`): removing the fast path fails here; a negative quotient,
    or half_even, still takes the general way."""
    from jxkh import cells

    general = cells._rounded_units
    calls = []
    monkeypatch.setattr(cells, "_rounded_units", lambda *args: calls.append(args) or general(*args))
    rounded = cells.ratio_rounder(2)
    assert [str(rounded(n, d)) for n, d in [(89995, 1000), (2, 3), (1, 8), (0, 7)]] == ["90.00", "0.67", "0.13", "0.00"]
    assert calls == []
    assert str(rounded(-1, 8)) == "-0.13"
    assert str(cells.ratio_rounder(2, "half_even")(1, 8)) == "0.12"
    assert len(calls) == 2


def test_people_of_one_score_share_its_grade_and_steps(tmp_path, monkeypatch):
    """30 people of three ratings: each final score is graded once and the steps to it, with no
    charge, made once; removing either cache fails here. Each person's steps still show their
    own figures."""
    from appraise_fixtures import ballot, write_ratings

    from jxkh.cycle import appraise_file

    graded = []
    grade_for = appraisal.grade_for
    monkeypatch.setattr(appraisal, "grade_for", lambda score, policy: graded.append(score) or grade_for(score, policy))
    rows = [ballot(f"人{i}", (95, 85, 65)[i % 3]) for i in range(30) for _ in range(2)]
    result = appraise_file(write_ratings(tmp_path / "r.xlsx", rows), Policy(), write=False)
    assert sorted(graded) == [D("65.00"), D("85.00"), D("95.00")]
    steps = {p.final: set() for p in result.people}
    for p in result.people:
        steps[p.final].add(id(p.final_steps))
        assert (p.final_steps.unclamped, p.final_steps.charged, p.final_steps.cap) == (p.final, 0, None)
        assert p.final_steps.cutoff == {"优秀": 90, "良好": 80, "不合格": 0}[p.grade]
    assert [len(ids) for ids in steps.values()] == [1, 1, 1]
    assert [(p.rank, p.grade) for p in result.people][::10] == [(1, "优秀"), (11, "良好"), (21, "不合格")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.booleans()), max_size=40))
def test_rank_people_is_competition_ranking_ties_in_order(scores):
    """By final score, highest first, ties in the order given; rank = 1 + how many scored more
    (100 and 100.00 tie)."""
    from types import SimpleNamespace

    from jxkh.rules.appraisal import rank_people

    people = [SimpleNamespace(final=D(s) if whole else D(s).quantize(D("0.01")), rank=0, i=i)
              for i, (s, whole) in enumerate(scores)]
    ranked = rank_people(list(people))
    assert [p.i for p in ranked] == sorted(range(len(people)), key=lambda i: (-people[i].final, i))
    assert [p.rank for p in people] == [1 + sum(q.final > p.final for q in people) for p in people]
