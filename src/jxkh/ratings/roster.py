"""The 人员 sheet: who is appraised, with 岗位系数, 在岗月数, 上年度等次 and 违纪违法."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..headers import ROSTER_FIELDS, ROSTER_SHEETS
from ..messages import Code
from ..problems import Problems
from .model import Roster, RosterEntry
from .schema import RosterRow, problems_from

if TYPE_CHECKING:
    from ..policy import Policy
    from ..reader import Table, Workbook

TWELVE = Decimal(12)
ONE = Decimal(1)


def read_roster(path: Path | str, policy: Policy, problems: Problems) -> Roster | None:
    """The 人员 sheet of a workbook (a ratings workbook or a roster of its own); None without one."""
    from ..provenance import refuse_own_output
    from ..reader import open_workbook

    book = open_workbook(Path(path), policy.limits)
    refuse_own_output(book)
    problems.extend(book.problems)
    return roster_sheet(book, policy, problems)


def roster_sheet(book: Workbook, policy: Policy, problems: Problems, first_if_missing: bool = False) -> Roster | None:
    """The 人员 sheet (or, for a roster workbook of its own, `first_if_missing`: its first sheet)."""
    from ..reader import find_sheet, read_table

    if book.kind == "csv" and not first_if_missing:
        return None
    sheet = find_sheet(book, ROSTER_SHEETS, first_if_missing=first_if_missing, problems=Problems())
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
        header_row=table.header_row,
    )


def _roster_entry(table: Table, number: int, values: list[Any], problems: Problems) -> RosterEntry | None:
    """One roster row through `RosterRow`; None without a name. Bad values are reported and
    replaced by the default, so the person still counts (one typo, one message)."""
    cells = {name: values[col] for name, col in table.columns.items() if name in RosterRow.model_fields}
    try:
        row = RosterRow.model_validate(cells)
    except ValidationError as error:
        found = problems_from(error, cells, lambda name: table.where(number, name), lambda name: table.labels[name])
        for _, code, where in found:
            problems.add(code, **where)
        if any(name == "name" for name, _, _ in found):
            return None
        row = RosterRow.model_validate({k: v for k, v in cells.items() if k not in {name for name, _, _ in found}})
    return RosterEntry(
        row=number,
        id=row.id,
        name=row.name,
        department=row.department,
        coefficient=ONE if row.coefficient is None else row.coefficient,
        months=TWELVE if row.months is None else row.months,
        prior_grade=row.prior_grade,
        violation=bool(row.violation),
        values=values,
    )
