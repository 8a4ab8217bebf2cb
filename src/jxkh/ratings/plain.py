"""Ballots read as columns when every row is plain (issue 14: a city's million ballots).

A plain row is one the row reader takes as it is and says nothing about: its ratee named, every
score a number from 0 to the dimension's maximum with at most two decimals, its 测评人类别 one
of the policy's, and no text that could be a total, a footer or the header again; nothing in
the sheet merged below the header, hidden, an error or a formula without its value.

The long ballot sheets of an xlsx holding at least `MIN_ROWS` rows together (one long sheet, or
a city's split by district) are tried so: each header is found by the row reader in the sheet's
first rows (cut out of its XML by `Workbook.cut`: calamine never builds the whole sheet), the
rest is read by fastexcel into polars columns and checked there. When any row is not plain, or
fastexcel or polars is missing, the row reader reads the sheet as before, so every message keeps
its cell. Both give the same tallies (tests/test_plain.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..cells import name_key, normalize
from ..headers import FOOTER_STARTS, TOTAL_MARKERS, is_footer_label, is_total_label
from ..reader import EXCEL_TEXT_LIMIT, columnar
from ..reader.book import CUT_BYTES
from ..reader.xmlscan import _sparse

if TYPE_CHECKING:
    from ..policy import Policy
    from ..problems import Problems
    from ..reader import Table, Workbook

MIN_ROWS = 20_000  # ballots below this: importing polars costs more than reading row by row
LONG_ROWS = 5_000  # a sheet shorter (a form per rater) costs more per sheet as columns than by rows
TEXT_FIELDS = ("name", "id", "department", "rater", "rater_group")


@dataclass
class Columns:
    """A plain sheet's ballots: polars Series, one value per data row from `first_row` (1-based)."""

    first_row: int
    height: int
    name: Any  # raw text; the key of a ratee as written, with id
    id: Any | None  # "" where blank, as the row reader gives an empty cell; or numbers (null where blank)
    department: Any | None  # the first non-blank per ratee is theirs (None where blank)
    rater: Any | None
    group: Any | None  # the 测评人类别's index in the policy's groups, when weighted from a column
    units: list[Any]  # per dimension: hundredths (Int64)


@dataclass
class Candidate:
    """A ballot sheet of a large xlsx whose rows may be plain: scanned, its first rows in `head`."""

    book: Workbook
    sheet: str
    head: Workbook  # the workbook with its ballot sheets cut short (`Workbook.cut`)
    reader: columnar.Reader

    def columns(self, table: Table | None, problems: Problems, policy: Policy) -> Columns | None:
        """The ballots as columns, when the head read without a problem and every row is plain."""
        if table is None or len(problems) or not table.rows:
            return None
        header = table.header_row  # 1-based; also the 0-based index of the first data row
        if any(r1 >= header and (r0, c0) != (r1, c1) for (r0, c0), (r1, c1) in self.head.merged_ranges(self.sheet)):
            return None
        start_row, start_col = self.head._sheet(self.sheet).start
        if header < start_row:
            return None
        load = self.reader.load(self.sheet, header - start_row)
        try:
            import polars  # noqa: F401  (while fastexcel builds the sheet)
        except ImportError:
            load.frame()
            return None
        frame = load.frame()
        if frame is None or not _lined_up(frame, table, start_col):
            return None
        return _plain(frame, table, start_col, policy)


def candidates(book: Workbook, sheets: list[str], policy: Policy) -> dict[str, Candidate]:
    """The ballot sheets to try as columns: the long ones (`LONG_ROWS` rows or more: not a form
    per rater, whose fixed cost per sheet the columns do not repay) of an xlsx whose long ballot
    sheets hold `MIN_ROWS` rows or more together, when nothing in a sheet's XML (errors, formulas
    without value, hidden rows or columns, a far stretch) rules it out."""
    if book.kind != "xlsx" or not columnar.available():
        return {}
    long = [sheet for sheet in sheets if book.xml_size([sheet]) >= LONG_ROWS * 100]  # ≥ 100 bytes a row
    if book.xml_size(long) < CUT_BYTES:
        return {}
    head = book.cut(long)
    if head is None:
        return {}
    facts = {sheet: book.facts(sheet) for sheet in long}
    facts = {sheet: f for sheet, f in facts.items() if f.rows >= LONG_ROWS}
    if sum(f.rows for f in facts.values()) < MIN_ROWS:
        return {}
    limits, reader = policy.limits, columnar.Reader(book)
    return {
        sheet: Candidate(book, sheet, head, reader) for sheet, f in facts.items()
        if f.rows <= limits.max_rows and f.rows * f.cols <= limits.max_cells and not _sparse(f.rows, f.cols, f.cells)
        and not (f.formulas or f.errors or f.hidden or f.hidden_cols)
    }


def _lined_up(frame: Any, table: Table, start_col: int) -> bool:
    """Whether the frame's first rows are the head's data rows, cell for cell (an empty cell is
    "" there and null here): the rows and columns were counted alike."""
    width = frame.width
    for number, values in table.rows:
        i = number - table.header_row - 1
        if i >= frame.height:
            return False
        row = frame.row(i)
        for c, value in enumerate(values):
            j = c - start_col
            got = row[j] if 0 <= j < width else None
            if not (value == got or (value == "" and got is None)):
                return False
        if any(v is not None for v in row[len(values) - start_col:]):
            return False
    return True


def _plain(frame: Any, table: Table, start_col: int, policy: Policy) -> Columns | None:
    import polars as pl

    from .tally import dimension_units, group_index, group_of

    def column(name: str) -> Any:
        c = table.columns.get(name)
        return None if c is None else frame.to_series(c - start_col)

    texts = {name: column(name) for name in TEXT_FIELDS}
    # Text, except 工号, which offices often type as numbers: a key as the row reader's (1001.0).
    if any(s is not None and s.dtype not in (pl.String, pl.Null) and not (name == "id" and s.dtype.is_numeric())
           for name, s in texts.items()):
        return None
    name = texts["name"]
    if name.dtype == pl.Null or name.null_count():
        return None
    strings = [frame.to_series(j) for j in range(frame.width) if frame.dtypes[j] == pl.String]
    distinct = pl.concat([s.drop_nulls() for s in strings]).unique().to_list() if strings else []
    header_keys = {normalize(str(table.headers[c])).lower() for c in table.columns.values()}
    starts = _STARTS | {key[:1] for key in header_keys}
    if any(_suspect(v, header_keys, starts) for v in distinct):
        return None
    if any(s.str.len_chars().max() > EXCEL_TEXT_LIMIT for s in strings if s.null_count() < len(s)):
        return None
    if not all(name_key(v) for v in name.unique().to_list()):
        return None

    units = []
    hundred = pl.Series([100.0]).new_from_index(0, frame.height)
    for dim, most in zip(policy.staff.dimensions, dimension_units(policy)):
        s = column(f"dim:{dim}")
        if s is None or not s.dtype.is_numeric() or s.null_count():
            return None
        v = s.cast(pl.Float64)
        i = (v * 100).round(0)
        # `i / 100 == v` as the row reader computes it: divided by a column, since polars
        # multiplies by 0.01 for a literal (29.15 would become 29.150000000000002).
        if not ((v >= 0) & (i / hundred == v) & (i <= most)).all():
            return None
        units.append(i.cast(pl.Int64))

    group = None
    if policy.staff.rater_weights and texts["rater_group"] is not None:
        raw = texts["rater_group"].fill_null("")
        keys = group_index(policy)
        found = {v: group_of(v, keys) for v in raw.unique().to_list()}
        if min(found.values()) < 0:
            return None
        group = raw.replace_strict(found, return_dtype=pl.Int32)

    def raw(name: str) -> Any:
        """The cells as the row reader keys them: text ("" where blank), or a 工号's number as
        calamine reads it (a float; a blank one null, made "" by the tally)."""
        s = texts[name]
        if s is None:
            return None
        return s.cast(pl.Float64) if s.dtype.is_numeric() else s.cast(pl.String).fill_null("")

    return Columns(
        first_row=table.header_row + 1, height=frame.height, name=name, id=raw("id"),
        department=texts["department"], rater=raw("rater"), group=group, units=units,
    )


_STARTS = frozenset(m[0] for m in TOTAL_MARKERS) | FOOTER_STARTS


def _suspect(value: str, header_keys: set[str], starts: frozenset[str]) -> bool:
    """Whether a text may make its row a total, a footer or the header printed again, or is too
    long: the row reader would drop or report that row. A superset of what it looks for: any
    cell of the row, not only the first texts, and any header, not only its own column's."""
    if len(value) > EXCEL_TEXT_LIMIT:
        return True
    first = value[:1]
    # ASCII (but space) and CJK ideographs are unchanged by normalising: a first character
    # that starts no marker and no header decides at once.
    if first and ("!" <= first <= "~" or "\u4e00" <= first <= "\u9fff"):
        if first.lower() not in starts:
            return False
    key = normalize(value).lower()
    if key in header_keys or is_total_label(value):
        return True
    text = value.strip()
    return bool(text) and is_footer_label(text)
