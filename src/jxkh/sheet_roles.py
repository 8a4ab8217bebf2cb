"""How a workbook was read: each sheet's role and each column's field (what `jxkh check` shows).

A sheet's role comes from its header (the first 20 rows), else its name: indicators, ballots,
roster or ignored. A clerk sees that 自评得分 was taken as 得分 before trusting a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .cells import clean_text, is_blank, normalize
from .headers import (
    INDICATOR_FIELDS,
    RATING_FIELDS,
    RATING_SHEETS,
    ROSTER_FIELDS,
    ROSTER_SHEETS,
    SELF_FIELDS,
    Field,
    dimension_fields,
    header_index,
    not_data_sheet,
)
from .messages import Phrase, text
from .problems import cell_ref

if TYPE_CHECKING:
    from .policy import Policy
    from .reader import Table, Workbook

INDICATORS, BALLOTS, ROSTER, IGNORED = "indicators", "ballots", "roster", "ignored"
HEAD_ROWS = 21  # the reader looks for the header in the first 20 rows; a two-row one may end on the 21st


@dataclass(frozen=True)
class ColumnUse:
    """One header cell and the field it was read as (None: not used)."""

    header: str
    cell: str
    field: str | None = None
    label: str | None = None  # the field's Chinese name, e.g. 得分（自评） for 自评得分

    def to_json(self) -> dict[str, Any]:
        return {"header": self.header, "cell": self.cell, "field": self.field, "label": self.label}


@dataclass
class SheetUse:
    """How one sheet was taken: its role and its columns; `reason` says why a sheet was not read."""

    sheet: str
    role: str
    header_row: int | None = None
    columns: list[ColumnUse] = field(default_factory=list)
    reason: Phrase | None = None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "role": self.role,
            "header_row": self.header_row,
            "columns": [c.to_json() for c in self.columns],
            "reason": None if self.reason is None else self.reason.text(lang),
        }

    def describe(self, lang: str = "zh") -> str:
        """工作表“规定指标” → 指标表（表头第 3 行）：自评得分 → 得分（自评）；未使用：联系电话."""
        role = text(f"role_{self.role}", lang)
        if self.role == IGNORED or self.header_row is None:
            reason = text("layout_blank", lang) if self.reason is None else self.reason.text(lang)
            return text("layout_ignored", lang, sheet=self.sheet, role=role, reason=reason)
        sep = text("layout_sep", lang)
        # A column read under its own name is listed as is; the others say what they were taken as.
        # The columns not used follow apart, so that none reads as if the whole list were unused.
        columns = sep.join(
            c.header if normalize(c.header) == normalize(c.label) else f"{c.header} → {c.label}"
            for c in self.columns if c.label is not None
        )
        unused = [c.header for c in self.columns if c.label is None]
        if unused:
            columns += text("layout_unused", lang, columns=sep.join(unused))
        return text("layout_sheet", lang, sheet=self.sheet, role=role, row=self.header_row, columns=columns)


def head(book: Workbook, sheet: str) -> list[list[Any]]:
    """The first rows of a sheet, where its header is (without reading the rest)."""
    return book.first_rows(sheet, HEAD_ROWS)


def has_header(grid: list[list[Any]], fields: dict[str, Field]) -> bool:
    """Whether a row (or two adjacent rows) names every required field."""
    return header_row(grid, fields) is not None


def header_row(grid: list[list[Any]], fields: dict[str, Field]) -> int | None:
    """0-based row of the header naming every required field; of a two-row header (德…廉 under a
    merged 测评得分), its second row, as the reader counts it."""
    index = header_index(fields)
    required = {f.name for f in fields.values() if f.required}
    named = [{index.get(normalize(v).lower()) for v in row if isinstance(v, str) and v.strip()} for row in grid]
    single = next((r for r, names in enumerate(named) if required <= names), None)
    if single is not None:
        return single
    return next((r + 1 for r in range(len(named) - 1) if required <= named[r] | named[r + 1]), None)


def classify(book: Workbook, sheet: str, policy: Policy | None = None) -> SheetUse:
    """A sheet's role from its header, else from its name; columns mapped for ballots and roster."""
    grid = head(book, sheet)
    if all(is_blank(v) for row in grid for v in row):
        return SheetUse(sheet, IGNORED)  # a blank Sheet2: nothing left out, nothing to say
    if has_header(grid, INDICATOR_FIELDS):
        return SheetUse(sheet, INDICATORS)  # even 汇总: it is left out only beside other indicator sheets
    kind = not_data_sheet(sheet)
    if kind is not None:
        return SheetUse(sheet, IGNORED, reason=Phrase(f"sheet_{kind}"))
    key = normalize(sheet).lower()
    ballots = {**RATING_FIELDS, **(dimension_fields(policy.staff.dimensions) if policy is not None else {})}
    is_roster = has_header(grid, ROSTER_FIELDS) and (key in _keys(ROSTER_SHEETS) or not has_header(grid, ballots))
    if is_roster:
        return _mapped(SheetUse(sheet, ROSTER, reason=Phrase("sheet_roster")), grid, ROSTER_FIELDS)
    if has_header(grid, ballots) or key in _keys(RATING_SHEETS):
        return _mapped(SheetUse(sheet, BALLOTS, reason=Phrase("sheet_ballots")), grid, ballots)
    return SheetUse(sheet, IGNORED, reason=Phrase("sheet_no_header"))


def _keys(names: tuple[str, ...]) -> set[str]:
    return {normalize(n).lower() for n in names}


def _mapped(use: SheetUse, grid: list[list[Any]], fields: dict[str, Field]) -> SheetUse:
    r = header_row(grid, fields)
    if r is None:
        return use
    index = header_index(fields)
    use.header_row = r + 1
    for c, value in enumerate(grid[r]):
        header = clean_text(value)
        if header:
            name = index.get(normalize(header).lower())
            use.columns.append(ColumnUse(header, cell_ref(r + 1, c), name, None if name is None else fields[name].label))
    return use


def table_columns(table: Table) -> list[ColumnUse]:
    """An indicator table's columns as read; a 自评 column is labelled with the field it stands in for."""
    by_column = {c: name for name, c in table.columns.items()}
    columns = []
    for c, header in enumerate(table.headers):
        name = by_column.get(c)
        if not header and name is None:
            continue
        if name in SELF_FIELDS:
            label = text("layout_self", "zh", field=INDICATOR_FIELDS[SELF_FIELDS[name]].label)
        else:
            label = None if name is None else INDICATOR_FIELDS[name].label
        columns.append(ColumnUse(header, cell_ref(table.header_row, c), name, label))
    return columns
