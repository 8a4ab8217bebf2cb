"""The 绩效情况分析会's material from the 目标工作台账 (附件1 二.4): progress per indicator and per
科室 month by month, and what to discuss: indicators behind schedule, past their 完成时限, not
reported this month, and the open 存在问题. Pure: entries and indicators in, the analysis out.

Behind schedule: at month m the share of the year gone is m/12; an indicator is behind when its
progress (the latest reported at or before m; none yet counts as 0) is below m/12 − tolerance
(`ledger.tolerance`). Exactly at the threshold is not behind. Past its 完成时限: the deadline's
month is m or earlier and the progress is below 100% (the June report is made at the end of
June, so a June deadline has come). Such an indicator is listed as overdue, not also as behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import normalize, round_to
from ..messages import Code
from ..problems import Problem, Problems
from ..ledger import Entry, is_open_issue

if TYPE_CHECKING:
    from ..indicators import Indicator, IndicatorKey

MONTHS = 12


@dataclass
class Track:
    """One indicator across the months."""

    id: str | None
    name: str
    department: str
    points: Decimal | None = None
    deadline: int | None = None
    owner: str = ""
    graded: bool = True  # a 规定/自选 indicator (or any, without an indicators workbook): expected every month
    row: int | None = None  # the indicator's row in the indicators workbook
    key: IndicatorKey | None = None  # its sheet and row there (`Indicator.key`)
    entries: dict[int, Entry] = field(default_factory=dict)

    def progress_at(self, month: int) -> Decimal | None:
        """The latest progress reported at or before `month`."""
        for m in range(month, 0, -1):
            entry = self.entries.get(m)
            if entry is not None and entry.progress is not None:
                return entry.progress
        return None

    @property
    def label(self) -> str:
        return f"{self.id} {self.name}" if self.id else self.name

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "department": self.department}


@dataclass
class Flag:
    track: Track
    progress: Decimal  # 0 when nothing was reported yet
    expected: Decimal | None = None  # behind: the threshold's share of the year, as a fraction
    gap: Decimal | None = None  # behind: expected share of the year − progress

    def to_json(self) -> dict[str, Any]:
        data = {**self.track.to_json(), "progress": self.progress}
        if self.expected is not None:
            data |= {"expected": self.expected, "gap": self.gap}
        else:
            data["deadline_month"] = self.track.deadline
        return data


@dataclass
class LedgerResult:
    month: int  # the month reported on
    months: list[int]  # the matrix's columns: 1 … the later of `month` and the last month entered
    elapsed: Decimal  # m/12, rounded for showing
    tolerance: Decimal
    tracks: list[Track]
    departments: dict[str, dict[int, Decimal]]  # 科室 → month → progress weighted by 分值
    behind: list[Flag]
    overdue: list[Flag]
    missing: list[Track]
    issues: list[tuple[Track, Entry]]
    precision: int = 2
    file: str | None = None
    indicators: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    output: Path | None = None

    def status(self, track: Track) -> str:
        if any(f.track is track for f in self.overdue):
            return "逾期未完成"
        if any(f.track is track for f in self.behind):
            return "进度滞后"
        if track in self.missing:
            return "本月未填报"
        return "正常"

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        def pct(value: Decimal | None) -> Decimal | None:
            return None if value is None else round_to(value * 100, self.precision)

        return {
            "month": self.month,
            "elapsed": pct(self.elapsed),
            "tolerance": pct(self.tolerance),
            "indicators": [
                {**t.to_json(), "progress": {str(m): pct(e.progress) for m, e in sorted(t.entries.items())},
                 "status": self.status(t)}
                for t in self.tracks
            ],
            "departments": {d: {str(m): pct(v) for m, v in by_month.items()} for d, by_month in self.departments.items()},
            "behind": [{**f.to_json(), "progress": pct(f.progress), "expected": pct(f.expected), "gap": pct(f.gap)}
                       for f in self.behind],
            "overdue": [{**f.to_json(), "progress": pct(f.progress)} for f in self.overdue],
            "missing": [{**t.to_json(), "last_month": max(t.entries, default=None)} for t in self.missing],
            "issues": [{**t.to_json(), "month": e.month, "issue": e.issues, "sheet": e.sheet, "row": e.row}
                       for t, e in self.issues],
            "indicators_file": None if self.indicators is None else str(self.indicators),
            "warnings": [w.to_json(lang) for w in self.warnings],
            "output": None if self.output is None else str(self.output),
        }


def link(
    entries: list[Entry], indicators: list[Indicator] | None, deadlines: dict[tuple[str | None, int], int | None], problems: Problems,
    indicators_file: str = "",
) -> list[Track]:
    """One track per indicator: every 规定/自选 indicator of the workbook (others once reported),
    else every indicator the ledger names. A row naming an unknown indicator, or a 序号 and a name
    that disagree, is an error; two rows for one indicator in one month likewise."""
    from ..plan import IndicatorIndex

    tracks: list[Track] = []
    by_key: dict[IndicatorKey, Track] = {}
    index = IndicatorIndex(indicators or [])
    by_id: dict[str, Track] = {}  # without an indicators workbook: the ledger's own indicators
    by_name: dict[str, Track] = {}
    for i in indicators or []:
        track = Track(i.id, i.name, i.department, i.points, deadlines.get(i.key), i.owner, i.graded, row=i.row, key=i.key)
        tracks.append(track)
        by_key[i.key] = track
    for entry in entries:
        if indicators is not None:
            indicator = index.match(index.find(entry.id, entry.name, entry.category), entry.where, entry.id, entry.name,
                                    problems, indicators_file)
            if indicator is None:
                continue
            track = by_key[indicator.key]
        else:
            # Without the indicators workbook, the 类别 keeps 规定 1 and 自选 1 apart.
            id_key = f"{entry.category or ''}|{normalize(entry.id).lower()}" if entry.id else ""
            name_key = normalize(entry.name)
            track = (by_name.get(name_key) if name_key else None) or (by_id.get(id_key) if id_key else None)
            if track is None:
                track = Track(entry.id, entry.name or entry.id or "", entry.department)
                tracks.append(track)
                if id_key:
                    by_id[id_key] = track
                if name_key:
                    by_name[name_key] = track
        if not track.department and entry.department:
            track.department = entry.department
        earlier = track.entries.get(entry.month)
        if earlier is not None:
            problems.add(Code.LEDGER_ENTRY_REPEATED, **entry.where("name" if entry.name else "id"),
                         value=track.label, month=entry.month, other=earlier.place)
            continue
        track.entries[entry.month] = entry
    return [t for t in tracks if t.graded or t.entries]


def analyse(tracks: list[Track], month: int, tolerance: Decimal, precision: int = 2) -> LedgerResult:
    """Flags at `month` and the progress matrix; see the module's text for the rules."""
    share = Fraction(month, MONTHS)
    threshold = share - Fraction(tolerance)
    behind, overdue, missing, issues = [], [], [], []
    for track in tracks:
        progress = track.progress_at(month) or Decimal(0)
        if track.graded:
            if track.deadline is not None and track.deadline <= month and progress < 1:
                overdue.append(Flag(track, progress))
            elif Fraction(progress) < threshold:
                expected = _decimal(share, precision + 2)
                behind.append(Flag(track, progress, expected, expected - progress))
            if month not in track.entries:
                missing.append(track)
        entry = track.entries.get(month)
        if entry is not None and is_open_issue(entry.issues):
            issues.append((track, entry))
    last = max((m for t in tracks for m in t.entries), default=month)
    months = list(range(1, max(month, last) + 1))
    return LedgerResult(
        month=month, months=months, elapsed=_decimal(share, precision + 2), tolerance=tolerance, tracks=tracks,
        departments=_departments(tracks, months, precision), behind=behind, overdue=overdue, missing=missing,
        issues=issues, precision=precision,
    )


def _departments(tracks: list[Track], months: list[int], precision: int) -> dict[str, dict[int, Decimal]]:
    """Each 科室's progress per month: its indicators' progress weighted by 分值 (each 1 without
    an indicators workbook); an indicator with nothing reported yet counts 0."""
    groups: dict[str, list[Track]] = {}
    spelling: dict[str, str] = {}
    for track in tracks:
        if track.graded:
            shown = spelling.setdefault(normalize(track.department), track.department)
            groups.setdefault(shown, []).append(track)
    result: dict[str, dict[int, Decimal]] = {}
    for department, members in groups.items():
        weights = [t.points or Decimal(1) for t in members]
        total = sum(weights, Decimal(0))
        result[department] = {
            m: round_to(sum(((t.progress_at(m) or Decimal(0)) * w for t, w in zip(members, weights)), Decimal(0)) / total,
                        precision + 2)
            for m in months
        }
    return result


def _decimal(value: Fraction, places: int) -> Decimal:
    return round_to(Decimal(value.numerator) / Decimal(value.denominator), places)
