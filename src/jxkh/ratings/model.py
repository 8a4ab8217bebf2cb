"""The ratings workbook as validated data: the roster, the tallied ballots, the people."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import name_key
from .identity import id_key
from ..problems import Problem, cell_ref

if TYPE_CHECKING:
    from array import array


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

    @classmethod
    def of(cls, count: int, sums: list[int], high: tuple[int, ...] | None = None, low: tuple[int, ...] | None = None) -> Tally:
        """A tally made whole (`read_plain` has its ballots summed by polars)."""
        tally = cls.__new__(cls)
        tally.count, tally.sums, tally.high, tally.low = count, sums, high, low
        return tally

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
        return id_key(self.id) if self.id else ""


@dataclass
class Roster:
    file: str
    sheet: str
    headers: list[str]  # every column of the sheet, as in the file (the output keeps them)
    columns: dict[str, int]  # known field → 0-based column
    entries: list[RosterEntry]
    header_row: int = 1  # 1-based

    def cell(self, entry: RosterEntry, name: str) -> str:
        return cell_ref(entry.row, self.columns[name])


@dataclass
class BallotSource:
    """One sheet of ballots as a layout found it, and what holds for all of its rows.

    Every layout (one long sheet, one sheet per rater, a folder of per-rater files) becomes a
    list of these: a ballot record is (source, row) → ratee, rater, group and scores, with the
    rater and group either in a column or fixed for the whole sheet.
    """

    file: str
    sheet: str
    columns: dict[str, int]  # field → 0-based column
    labels: dict[str, str]  # field → header text in the file
    rater: str | None = None  # every row's rater, when the sheet is one rater's form
    group: str | None = None  # every row's 测评人类别, from a line above the header or the sheet name
    group_where: dict[str, Any] = field(default_factory=dict)  # where that group was written

    def where(self, row: int, name: str) -> dict[str, Any]:
        """Keyword arguments locating a field's cell (the sheet alone when it has no such column)."""
        col = self.columns.get(name)
        return {"file": self.file, "sheet": self.sheet, "cell": None if col is None else cell_ref(row, col), "row": row}


@dataclass
class Person:
    """Someone appraised: a roster entry, or (without a roster) a ratee found on the ballots."""

    id: str | None
    name: str
    department: str | None
    row: int  # first ballot row naming them (0 when none)
    roster: RosterEntry | None = None
    source: int = 0  # the `Ballots.sources` index of that row
    tallies: dict[int, Tally] = field(default_factory=dict)  # rater group index → tally
    blank: int = 0  # blank ballots for them (not counted)
    blank_rows: list[tuple[int, int]] = field(default_factory=list)  # their (source, row)

    @cached_property
    def key(self) -> str:
        return name_key(self.name)

    @cached_property
    def id_key(self) -> str:
        return id_key(self.id) if self.id else ""

    def keyed(self, key: str, id_key: str) -> Person:
        """This person, with `key` and `id_key` known already (those of the ballots' name and 工号
        they came from): not worked out again for each of a city's 66,706 people."""
        self.__dict__["key"], self.__dict__["id_key"] = key, id_key
        return self

    @property
    def ballots(self) -> int:
        return sum(t.count for t in self.tallies.values())

    @property
    def label(self) -> str:
        """The name as messages show it, with the 工号 when there is one."""
        return f"{self.name}（{self.id}）" if self.id else self.name


@dataclass
class Ballots:
    """The ballots of every source, tallied. Scores are integers in units of 10**-scale."""

    file: str  # the first source's (the ratings workbook, or a folder's first file)
    sheet: str
    dimensions: dict[str, Decimal]  # name → maximum, policy order
    scale: int
    groups: list[str]  # the weighted rater groups in policy order; [""] when unweighted
    people: list[Person]
    count: int  # ballot rows read, blank ones included
    columns: dict[str, int]  # field → 0-based column, for pointing at cells
    findings: list[Problem] = field(default_factory=list)  # blank ballots, for 测评分析
    sources: list[BallotSource] = field(default_factory=list)
    # Per-ballot columns, only where raters are known (a 测评人 column, or one rater per sheet),
    # or kept for `jxkh explain`:
    raters: list[str] | None = None  # rater display names; index = rater id
    person: array | None = None  # ballot → person index
    group: array | None = None  # ballot → group index
    rater: array | None = None  # ballot → rater index, -1 when blank
    row: array | None = None  # ballot → spreadsheet row
    source: array | None = None  # ballot → `sources` index
    scores: list[array | list[int]] | None = None  # per dimension, ballot → units

    @property
    def has_raters(self) -> bool:
        return self.raters is not None

    @property
    def unit(self) -> int:
        return 10**self.scale

    def cell(self, row: int, name: str) -> str:
        return cell_ref(row, self.columns[name])

    def where(self, source: int, row: int, name: str) -> dict[str, Any]:
        """Where a field of a ballot row is: file, sheet, cell and row."""
        return self.sources[source].where(row, name)

    def rater_where(self, i: int) -> dict[str, Any]:
        """Where kept ballot i names its rater: the 测评人 cell, else (one rater per sheet) its ratee's."""
        assert self.row is not None
        source = self.sources[self.source[i]] if self.source is not None else self.sources[0]
        return source.where(self.row[i], "rater" if "rater" in source.columns else "name")


@dataclass
class Ratings:
    ballots: Ballots
    roster: Roster | None
    warnings: list[Problem]
    files: list[Path] = field(default_factory=list)  # every workbook read (a folder's files)


