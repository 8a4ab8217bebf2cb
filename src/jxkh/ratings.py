"""Reading a ratings workbook (民主测评): the 测评 ballots and the optional 人员 roster, validated.

Ballots are many (a city office hands over a million rows), so a ballot never becomes an
object of its own: each row's dimension cells are checked with plain comparisons (only
text, blanks, dates and odd floats go through `cells.to_decimal`), and the ballot is added
to its ratee's running `Tally` as it is read. Scores are integers in units of 10**-scale,
exactly what `cells.to_decimal` reads (8.15 is 815 hundredths), so sums stay exact without
a Decimal per cell. Per-ballot columns (compact arrays) are kept only where a 测评人 column
exists, for the rater-quality checks of `rules.appraisal`.

Identity: a ratee is their name (`cells.name_key`), or their 工号 where one is given; with a
roster every ratee must be on it and everyone on it must have ballots.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import add
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cells import CellValueError, clean_text, is_blank, name_key, normalize, plain, to_decimal, to_yes_no
from .headers import RATING_FIELDS, RATING_SHEETS, ROSTER_FIELDS, ROSTER_SHEETS, Field, dimension_fields
from .messages import Code, Phrase
from .problems import Problem, Problems, cell_ref

if TYPE_CHECKING:
    from .policy import Policy
    from .reader import Table, Workbook

TWELVE = Decimal(12)
ONE = Decimal(1)


class Tally:
    """One ratee's ballots from one rater group: how many, the sum of each dimension, and
    (for `trimmed`) the highest and lowest ballot as (total, *dimensions).

    The extremes compare whole tuples, so of two ballots with the same total the one
    dropped does not depend on the order of the rows.
    """

    __slots__ = ("count", "sums", "high", "low")

    def __init__(self, dimensions: int):
        self.count = 0
        self.sums = [0] * dimensions
        self.high: tuple[int, ...] | None = None
        self.low: tuple[int, ...] | None = None

    def add(self, units: list[int], extremes: bool) -> None:
        self.count += 1
        sums = self.sums
        for d, u in enumerate(units):
            sums[d] += u
        if extremes:
            key = (sum(units), *units)
            if self.high is None or key > self.high:
                self.high = key
            if self.low is None or key < self.low:
                self.low = key

    def merge(self, other: Tally) -> None:
        self.count += other.count
        self.sums = [a + b for a, b in zip(self.sums, other.sums)]
        for key in (other.high, other.low):
            if key is not None:
                self.high = key if self.high is None or key > self.high else self.high
                self.low = key if self.low is None or key < self.low else self.low

    def scale(self, factor: int) -> None:
        self.sums = [s * factor for s in self.sums]
        if self.high is not None:
            self.high = tuple(v * factor for v in self.high)
        if self.low is not None:
            self.low = tuple(v * factor for v in self.low)

    def kept(self, trim_min: int | None) -> tuple[int, list[int]]:
        """(ballots, dimension sums) after dropping the highest and lowest ballot, when trimming applies."""
        if trim_min is None or self.count < trim_min or self.high is None or self.low is None:
            return self.count, list(self.sums)
        sums = [s - h - lo for s, h, lo in zip(self.sums, self.high[1:], self.low[1:])]
        return self.count - 2, sums


@dataclass
class RosterEntry:
    """One row of the 人员 sheet."""

    row: int
    id: str | None  # 工号 as shown
    name: str
    department: str | None
    coefficient: Decimal  # 岗位系数, default 1
    months: Decimal  # 在岗月数 0–12, default 12
    prior_grade: str | None  # 上年度考核等次, shown only
    violation: bool  # 违纪违法 → 不合格
    values: list[Any] = field(default_factory=list, repr=False)  # the row as read, for the output copy

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def id_key(self) -> str:
        return name_key(self.id) if self.id else ""


@dataclass
class Roster:
    file: str
    sheet: str
    headers: list[str]  # every column of the sheet, as in the file (the output keeps them)
    columns: dict[str, int]  # known field → 0-based column
    entries: list[RosterEntry]

    def cell(self, entry: RosterEntry, name: str) -> str:
        return cell_ref(entry.row, self.columns[name])


@dataclass
class Person:
    """Someone appraised: a roster entry, or (without a roster) a ratee found on the ballots."""

    id: str | None
    name: str
    department: str | None
    row: int  # first ballot row naming them (0 when none)
    roster: RosterEntry | None = None
    tallies: dict[int, Tally] = field(default_factory=dict)  # rater group index → tally
    blank: int = 0  # blank ballots for them (not counted)

    @cached_property
    def key(self) -> str:
        return name_key(self.name)

    @cached_property
    def id_key(self) -> str:
        return name_key(self.id) if self.id else ""

    @property
    def ballots(self) -> int:
        return sum(t.count for t in self.tallies.values())

    @property
    def label(self) -> str:
        """The name as messages show it, with the 工号 when there is one."""
        return f"{self.name}（{self.id}）" if self.id else self.name


@dataclass
class Ballots:
    """The 测评 sheet, tallied. Scores are integers in units of 10**-scale."""

    file: str
    sheet: str
    dimensions: dict[str, Decimal]  # name → maximum, policy order
    scale: int
    groups: list[str]  # the weighted rater groups in policy order; [""] when unweighted
    people: list[Person]
    count: int  # ballot rows read, blank ones included
    columns: dict[str, int]  # field → 0-based column, for pointing at cells
    findings: list[Problem] = field(default_factory=list)  # blank ballots, for 测评分析
    # Per-ballot columns, only where a 测评人 column exists (rater-quality checks):
    raters: list[str] | None = None  # rater display names; index = rater id
    person: array | None = None  # ballot → person index
    group: array | None = None  # ballot → group index
    rater: array | None = None  # ballot → rater index, -1 when blank
    row: array | None = None  # ballot → spreadsheet row
    scores: list[array | list[int]] | None = None  # per dimension, ballot → units

    @property
    def has_raters(self) -> bool:
        return self.raters is not None

    @property
    def unit(self) -> int:
        return 10**self.scale

    def cell(self, row: int, name: str) -> str:
        return cell_ref(row, self.columns[name])


@dataclass
class Ratings:
    ballots: Ballots
    roster: Roster | None
    warnings: list[Problem]


def load_ratings(path: Path | str, policy: Policy) -> Ratings:
    """Read and validate a ratings workbook; raise DataError listing every problem."""
    problems = Problems()
    ratings = read_ratings(path, policy, problems)
    problems.raise_if_errors()
    assert ratings is not None  # no errors means both sheets were read
    return ratings


def read_ratings(path: Path | str, policy: Policy, problems: Problems) -> Ratings | None:
    """Like `load_ratings`, but collect the problems (to report them with others); None when unusable.

    An unusable file (missing, corrupt, encrypted…) still raises at once.
    """
    from .reader import open_workbook

    book = open_workbook(Path(path), policy.limits)
    problems.extend(book.problems)
    roster = _read_roster(book, policy, problems)
    ballots = _read_ballots(book, policy, roster, problems)
    if ballots is None:
        return None
    return Ratings(ballots, roster, [p for p in problems if not p.is_error])


# --- the roster ---------------------------------------------------------------------------


def read_roster(path: Path | str, policy: Policy, problems: Problems) -> Roster | None:
    """The 人员 sheet of a workbook (a ratings workbook or a roster of its own); None without one."""
    from .reader import open_workbook

    book = open_workbook(Path(path), policy.limits)
    problems.extend(book.problems)
    return _read_roster(book, policy, problems)


def _read_roster(book: Workbook, policy: Policy, problems: Problems) -> Roster | None:
    from .reader import find_sheet, read_table

    if book.kind == "csv":
        return None
    sheet = find_sheet(book, ROSTER_SHEETS, first_if_missing=False, problems=Problems())
    if sheet is None:
        return None
    table = read_table(book, sheet, ROSTER_FIELDS, problems, limits=policy.limits, require_rows=False)
    if table is None or not table.rows:  # a template's empty 人员 sheet means no roster
        return None
    entries: list[RosterEntry] = []
    by_id: dict[str, RosterEntry] = {}
    by_name: dict[str, list[RosterEntry]] = {}
    for number, values in table.rows:
        # A row with a bad value still counts as someone (with the default in its place), so
        # one typo is reported once and not again as a ratee missing from the roster.
        entry = _roster_entry(table, number, values, problems)
        if entry is None:
            continue
        if entry.id_key:
            first = by_id.get(entry.id_key)
            if first is not None:  # two people, one 工号: still both on the roster, found by name
                problems.add(
                    Code.DUPLICATE_ID, **table.where(number, "id"), value=entry.id, column=table.labels["id"], other=first.row
                )
            else:
                by_id[entry.id_key] = entry
        twins = by_name.setdefault(entry.key, [])
        # The same name twice is two people only when 工号 tells them apart.
        clash = next((t for t in twins if not (t.id_key and entry.id_key)), None)
        if clash is not None:
            if entry.name == clash.name:
                problems.add(
                    Code.DUPLICATE_ID, **table.where(number, "name"), value=entry.name, column=table.labels["name"],
                    other=clash.row,
                )
            else:
                problems.add(Code.NAME_LOOKALIKE, **table.where(number, "name"), value=entry.name, twin=clash.name, other=clash.row)
            continue
        twins.append(entry)
        entries.append(entry)
    return Roster(
        file=table.file, sheet=table.sheet, headers=table.headers, columns=table.columns, entries=entries,
    )


def _roster_entry(table: Table, number: int, values: list[Any], problems: Problems) -> RosterEntry | None:
    """One roster row; None without a name. Bad values are reported and replaced by the default."""
    name = clean_text(table.value(values, "name"))
    if not name_key(name):
        problems.add(Code.VALUE_REQUIRED, **table.where(number, "name"), column=table.labels["name"])
    coefficient = _roster_number(table, number, values, "coefficient", ONE, problems)
    if coefficient <= 0:
        problems.add(Code.COEFFICIENT_NOT_POSITIVE, **table.where(number, "coefficient"), value=table.value(values, "coefficient"))
        coefficient = ONE
    months = _roster_number(table, number, values, "months", TWELVE, problems)
    if not 0 <= months <= TWELVE:
        problems.add(Code.MONTHS_OUT_OF_RANGE, **table.where(number, "months"), value=table.value(values, "months"))
        months = TWELVE
    violation = False
    if "violation" in table.columns:
        try:
            violation = bool(to_yes_no(table.value(values, "violation")))
        except CellValueError as exc:
            problems.add(exc.code, **table.where(number, "violation"), value=table.value(values, "violation"), column=table.labels["violation"])
    if not name_key(name):
        return None
    return RosterEntry(
        row=number,
        id=clean_text(table.value(values, "id")) or None,
        name=name,
        department=clean_text(table.value(values, "department")) or None,
        coefficient=coefficient,
        months=months,
        prior_grade=clean_text(table.value(values, "prior_grade")) or None,
        violation=violation,
        values=values,
    )


def _roster_number(
    table: Table, number: int, values: list[Any], name: str, default: Decimal, problems: Problems
) -> Decimal:
    raw = table.value(values, name)
    try:
        value = to_decimal(raw)
    except CellValueError as exc:
        problems.add(exc.code, **table.where(number, name), value=raw, column=table.labels[name])
        return default
    return default if value is None else value


# --- the ballots --------------------------------------------------------------------------


def _ballot_sheet(book: Workbook, problems: Problems) -> str | None:
    from .reader import find_sheet

    sheet = find_sheet(book, RATING_SHEETS, first_if_missing=False, problems=Problems())
    if sheet is not None:
        return sheet
    roster_names = {normalize(n).lower() for n in ROSTER_SHEETS}
    others = [s for s in book.sheet_names if normalize(s).lower() not in roster_names]
    if others:
        return others[0]
    problems.add(Code.SHEET_MISSING, file=book.file, value=RATING_SHEETS[0], found="、".join(book.sheet_names) or "无")
    return None


def _read_ballots(book: Workbook, policy: Policy, roster: Roster | None, problems: Problems) -> Ballots | None:
    from .reader import read_table

    sheet = _ballot_sheet(book, problems)
    if sheet is None:
        return None
    # Streamed: each row is checked and tallied as calamine hands it over, never all held.
    table = read_table(book, sheet, ballot_fields(policy), problems, limits=policy.limits, stream=True)
    if table is None:
        return None
    # The reader adds its problems while the rows are tallied: the tally's go after them, in
    # the order they would have with the whole sheet read first.
    tallied = Problems()
    ballots = tally_ballots(table, policy, roster, tallied)
    problems.extend(tallied)
    return ballots


def ballot_fields(policy: Policy) -> dict[str, Field]:
    """The 测评 sheet's columns: the fixed ones and one per policy dimension."""
    fields = dict(RATING_FIELDS)
    if policy.staff.rater_weights:  # weights need every ballot's 测评人类别
        fields["rater_group"] = replace(fields["rater_group"], required=True)
    fields.update(dimension_fields(policy.staff.dimensions))
    return fields


def tally_ballots(table: Table, policy: Policy, roster: Roster | None, problems: Problems) -> Ballots:
    """A 测评 table (read with `ballot_fields`) → the tallied ballots, problems collected."""
    reader = _BallotReader(table, policy, problems)
    reader.read()
    return reader.finish(roster)


_BLANK_NAME = -1  # pair index of a row whose ratee cell is blank


class _Pair:
    """A distinct (name, 工号) as written on the ballots; several pairs can be one person."""

    __slots__ = ("name", "key", "id", "id_key", "row", "department", "tallies", "blank")

    def __init__(self, name: str, id_text: str, row: int):
        self.name = name
        self.key = name_key(name)
        self.id = id_text or None
        self.id_key = name_key(id_text)
        self.row = row
        self.department: str | None = None
        self.tallies: dict[int, Tally] = {}
        self.blank = 0


class _BallotReader:
    """One pass over the 测评 rows: validate, tally, and (with a 测评人 column) keep compact columns."""

    def __init__(self, table: Table, policy: Policy, problems: Problems):
        staff = policy.staff
        self.table = table
        self.problems = problems
        self.dimensions = dict(staff.dimensions)
        self.names = list(self.dimensions)
        self.maxima = list(self.dimensions.values())
        self.dim_cols = [table.columns[f"dim:{d}"] for d in self.names]
        self.dim_labels = [table.labels[f"dim:{d}"] for d in self.names]
        # Fast path bounds: a float is taken as it is when it is a whole number of hundredths
        # (`i / 100 == v` holds exactly then, and `to_decimal` would read the same value).
        self.max_hundredths = [int((m * 100).to_integral_value(rounding="ROUND_FLOOR")) for m in self.maxima]
        self.ceilings = [float(m) + 1 for m in self.maxima]
        self.scale = 2
        self.weighted = bool(staff.rater_weights)
        self.groups = list(staff.rater_weights) if self.weighted else [""]
        self.group_keys = {normalize(g).lower(): i for i, g in enumerate(self.groups)}
        self.extremes = staff.aggregate == "trimmed"
        self.keep_columns = "rater" in table.columns
        self.pairs: list[_Pair] = []
        self.pair_of: dict[tuple[Any, Any], int] = {}
        self.group_of: dict[Any, int] = {}
        self.rater_of: dict[Any, int] = {}
        self.raters: list[str] = []
        self.rater_index: dict[str, int] = {}
        self.count = 0
        self.findings: list[Problem] = []
        if self.keep_columns:
            self.c_person, self.c_group, self.c_rater, self.c_row = array("i"), array("i"), array("i"), array("i")
            self.c_flat = array("q")  # every kept ballot's units, row after row: split by dimension in finish()

    # The loop below is the hot path of `jxkh appraise` on a large file: locals, no per-row objects.
    def read(self) -> None:
        table, problems = self.table, self.problems
        cols = table.columns
        c_name = cols["name"]
        c_id = cols.get("id")
        c_dept = cols.get("department")
        c_group = cols.get("rater_group") if self.weighted else None
        c_rater = cols.get("rater")
        reported = table.reported
        dim_cols = self.dim_cols
        ndim = len(dim_cols)
        specs = list(zip(range(ndim), dim_cols, self.ceilings, self.max_hundredths))
        pair_of, pairs = self.pair_of, self.pairs
        extremes, keep = self.extremes, self.keep_columns
        mul = 10 ** (self.scale - 2)
        count = 0
        rater_of = self.rater_of
        if keep:
            keep_person, keep_group, keep_rater, keep_row = (
                self.c_person.append, self.c_group.append, self.c_rater.append, self.c_row.append
            )
            keep_flat = self.c_flat.extend
        for number, values in table.rows:
            count += 1
            units: list[int] = []
            blanks = 0
            bad = False
            for d, c, ceiling, most in specs:
                v = values[c]
                t = type(v)
                if (t is float or t is int) and 0 <= v <= ceiling:
                    i = round(v * 100)
                    if i / 100 == v and i <= most:
                        units.append(i * mul)
                        continue
                elif v is None or v == "":
                    blanks += 1
                    units.append(-1)
                    continue
                elif t is str and v.isascii() and v.replace(".", "", 1).isdigit():  # CSV's "8.5"
                    whole, _, fraction = v.partition(".")
                    if len(fraction) <= 2:
                        i = int(whole or 0) * 100 + int(fraction.ljust(2, "0"))
                        if i <= most:
                            units.append(i * mul)
                            continue
                exact = self._slow(v, d, number)
                if exact is None:
                    blanks += 1
                    units.append(-1)
                elif exact is False:
                    bad = True
                    units.append(-1)
                else:
                    need = max(0, -exact.as_tuple().exponent)
                    if need > self.scale:
                        factor = self._rescale(need)
                        units = [u * factor if u >= 0 else u for u in units]
                        mul = 10 ** (self.scale - 2)
                        if keep:
                            keep_flat = self.c_flat.extend
                    units.append(int(exact.scaleb(self.scale)))

            key = (values[c_name], None if c_id is None else values[c_id])
            p = pair_of.get(key)
            if p is None:
                p = self._new_pair(key, number)
            if blanks == ndim and not bad:
                self.findings.append(Problem(
                    Code.BALLOT_BLANK, file=table.file, sheet=table.sheet, cell=cell_ref(number, dim_cols[0]),
                    row=number, params={"action": Phrase("ballot_blank_skipped")},
                ))
                if p >= 0:
                    pairs[p].blank += 1
                continue
            if p == _BLANK_NAME:
                problems.add(Code.VALUE_REQUIRED, **table.where(number, "name"), column=table.labels["name"])
                bad = True
            if blanks:
                for d in range(ndim):
                    if units[d] < 0 and not _is_error_cell(values[dim_cols[d]]) and (number, dim_cols[d]) not in reported:
                        problems.add(
                            Code.BALLOT_INCOMPLETE, file=table.file, sheet=table.sheet,
                            cell=cell_ref(number, dim_cols[d]), row=number, column=self.dim_labels[d],
                        )
                bad = True
            g = 0
            if c_group is not None:
                g = self._group(values[c_group], number)
                if g < 0:
                    bad = True
            if bad:
                continue
            pair = pairs[p]
            if pair.department is None and c_dept is not None and not is_blank(values[c_dept]):
                pair.department = clean_text(values[c_dept])
            tally = pair.tallies.get(g)
            if tally is None:
                tally = pair.tallies[g] = Tally(ndim)
            if extremes:
                tally.add(units, True)
            else:  # Tally.add inlined: this runs once per ballot
                tally.count += 1
                tally.sums = list(map(add, tally.sums, units))
            if keep:
                keep_person(p)
                keep_group(g)
                if c_rater is None:
                    keep_rater(-1)
                else:
                    r = rater_of.get(values[c_rater])
                    keep_rater(self._rater(values[c_rater]) if r is None else r)
                keep_row(number)
                keep_flat(units)
        self.count = count

    def _slow(self, value: Any, d: int, number: int) -> Decimal | None | bool:
        """A dimension cell off the fast path: its exact value, None when blank, False on error."""
        table = self.table
        where = {"file": table.file, "sheet": table.sheet, "cell": cell_ref(number, self.dim_cols[d]), "row": number}
        try:
            exact = to_decimal(value)
        except CellValueError as exc:
            self.problems.add(exc.code, **where, value=value, column=self.dim_labels[d])
            return False
        if exact is None:
            return None
        if exact < 0:
            self.problems.add(Code.DIMENSION_NEGATIVE, **where, value=value, column=self.dim_labels[d])
            return False
        if exact > self.maxima[d]:
            self.problems.add(
                Code.DIMENSION_ABOVE_MAX, **where, value=value, column=self.dim_labels[d], limit=plain(self.maxima[d])
            )
            return False
        return exact.normalize() if exact else Decimal(0)

    def _rescale(self, need: int) -> int:
        """A score with more decimals than seen so far: every stored integer gains the digits."""
        factor = 10 ** (need - self.scale)
        self.scale = need
        for pair in self.pairs:
            for tally in pair.tallies.values():
                tally.scale(factor)
        if self.keep_columns:
            # 64-bit columns while the largest score fits (always, for scores typed by hand);
            # Python ints for a number typed with twenty decimals.
            fits = max(self.maxima) * 10**need < 2**63
            self.c_flat = array("q", (u * factor for u in self.c_flat)) if fits else [u * factor for u in self.c_flat]
        return factor

    def _new_pair(self, key: tuple[Any, Any], number: int) -> int:
        name = clean_text(key[0])
        if not name_key(name):
            index = _BLANK_NAME
        else:
            index = len(self.pairs)
            self.pairs.append(_Pair(name, clean_text(key[1]), number))
        self.pair_of[key] = index
        return index

    def _group(self, value: Any, number: int) -> int:
        g = self.group_of.get(value)
        if g is None:
            if is_blank(value):
                g = -1
            else:
                g = self.group_keys.get(normalize(clean_text(value)).lower(), -2)
            self.group_of[value] = g
        if g == -1:
            self.problems.add(Code.VALUE_REQUIRED, **self.table.where(number, "rater_group"), column=self.table.labels["rater_group"])
        elif g == -2:
            self.problems.add(
                Code.RATER_GROUP_UNKNOWN, **self.table.where(number, "rater_group"), value=clean_text(value),
                expected="、".join(self.groups),
            )
        return g

    def _rater(self, value: Any) -> int:
        r = self.rater_of.get(value)
        if r is None:
            key = name_key(value)
            if not key:
                r = -1
            else:
                r = self.rater_index.get(key)
                if r is None:
                    r = self.rater_index[key] = len(self.raters)
                    self.raters.append(clean_text(value))
            self.rater_of[value] = r
        return r

    # --- who is who --------------------------------------------------------------------

    def finish(self, roster: Roster | None) -> Ballots:
        people, person_of_pair = (
            self._link_roster(roster) if roster is not None else self._people_from_ballots()
        )
        for p, pair in enumerate(self.pairs):
            target = person_of_pair[p]
            if target < 0:
                continue
            person = people[target]
            person.blank += pair.blank
            if person.row == 0 or pair.row < person.row:
                person.row = pair.row
            if person.department is None:
                person.department = pair.department
            for g, tally in pair.tallies.items():
                if g in person.tallies:
                    person.tallies[g].merge(tally)
                else:
                    person.tallies[g] = tally
        self._check_counted(people, roster)
        ballots = Ballots(
            file=self.table.file, sheet=self.table.sheet, dimensions=self.dimensions, scale=self.scale,
            groups=self.groups, people=people, count=self.count, columns=dict(self.table.columns),
            findings=self.findings,
        )
        if self.keep_columns and self.raters:  # a 测评人 column left blank (anonymous ballots) needs none
            ballots.raters = self.raters
            ballots.person = array("i", (person_of_pair[p] for p in self.c_person))
            ballots.group, ballots.rater, ballots.row = self.c_group, self.c_rater, self.c_row
            ndim = len(self.names)
            ballots.scores = [self.c_flat[d::ndim] for d in range(ndim)]
        return ballots

    def _where_name(self, pair: _Pair) -> dict[str, Any]:
        return self.table.where(pair.row, "name")

    def _people_from_ballots(self) -> tuple[list[Person], list[int]]:
        """Without a roster: one person per name, or per 工号 where one name carries several."""
        by_name: dict[str, list[int]] = {}
        for p, pair in enumerate(self.pairs):
            by_name.setdefault(pair.key, []).append(p)
        people: list[Person] = []
        person_of_pair = [-1] * len(self.pairs)
        by_id: dict[str, Person] = {}
        for indices in sorted(by_name.values(), key=lambda ix: self.pairs[ix[0]].row):
            ids = {self.pairs[p].id_key: self.pairs[p] for p in indices if self.pairs[p].id_key}
            if len(ids) <= 1:
                first = self.pairs[indices[0]]
                with_id = next(iter(ids.values()), None)
                chosen = [Person(id=with_id.id if with_id else None, name=first.name, department=None, row=first.row)]
                owner = {p: 0 for p in indices}
            else:
                chosen = [Person(id=pair.id, name=pair.name, department=None, row=pair.row) for pair in ids.values()]
                slot = {k: i for i, k in enumerate(ids)}
                owner = {}
                for p in indices:
                    pair = self.pairs[p]
                    if pair.id_key:
                        owner[p] = slot[pair.id_key]
                    else:
                        self.problems.add(
                            Code.RATEE_AMBIGUOUS, **self._where_name(pair), value=pair.name,
                            matches="、".join(person.label for person in chosen),
                        )
            base = len(people)
            for person in chosen:
                twin = by_id.get(person.id_key) if person.id_key else None
                if twin is not None:
                    self.problems.add(
                        Code.DUPLICATE_ID, **self.table.where(person.row, "id"), value=person.id,
                        column=self.table.labels["id"], other=twin.row,
                    )
                elif person.id_key:
                    by_id[person.id_key] = person
            people.extend(chosen)
            for p, i in owner.items():
                person_of_pair[p] = base + i
        return people, person_of_pair

    def _link_roster(self, roster: Roster) -> tuple[list[Person], list[int]]:
        """With a roster: each ratee is found on it by 工号 (where both give one) or by name."""
        people = [
            Person(id=e.id, name=e.name, department=e.department, row=0, roster=e) for e in roster.entries
        ]
        by_id: dict[str, int] = {}
        for i, e in enumerate(roster.entries):
            if e.id_key:
                by_id.setdefault(e.id_key, i)
        by_name: dict[str, list[int]] = {}
        for i, e in enumerate(roster.entries):
            by_name.setdefault(e.key, []).append(i)
        person_of_pair = [-1] * len(self.pairs)
        for p, pair in enumerate(self.pairs):
            if pair.id_key and by_id:
                i = by_id.get(pair.id_key)
                if i is not None and roster.entries[i].key == pair.key:
                    person_of_pair[p] = i
                    continue
                self.problems.add(Code.RATEE_NOT_ON_ROSTER, **self._where_name(pair), value=f"{pair.name}（{pair.id}）")
                continue
            matches = by_name.get(pair.key, [])
            if len(matches) == 1:
                person_of_pair[p] = matches[0]
            elif not matches:
                self.problems.add(Code.RATEE_NOT_ON_ROSTER, **self._where_name(pair), value=pair.name)
            else:
                self.problems.add(
                    Code.RATEE_AMBIGUOUS, **self._where_name(pair), value=pair.name,
                    matches="、".join(people[i].label for i in matches),
                )
        linked = set(person_of_pair)
        for i, entry in enumerate(roster.entries):
            if i not in linked:
                self.problems.add(
                    Code.ROSTER_WITHOUT_BALLOTS, file=roster.file, sheet=roster.sheet,
                    cell=roster.cell(entry, "name"), row=entry.row, value=entry.name,
                )
        return people, person_of_pair

    def _check_counted(self, people: list[Person], roster: Roster | None) -> None:
        """Someone whose every ballot was blank has no score at all."""
        for person in people:
            if not person.tallies and person.blank:
                where = (
                    {"file": roster.file, "sheet": roster.sheet, "cell": roster.cell(person.roster, "name"), "row": person.roster.row}
                    if roster is not None and person.roster is not None
                    else self.table.where(person.row, "name")
                )
                self.problems.add(Code.RATEE_WITHOUT_VALID_BALLOTS, **where, value=person.label, count=person.blank)


def _is_error_cell(value: Any) -> bool:
    """A cell already reported (a non-number), as opposed to one left blank."""
    return not (value is None or (isinstance(value, str) and not value.strip()))

