"""Ballots read as columns when every row is plain (issue 14: a city's million ballots).

A plain row is one the row reader takes as it is and says nothing about: its ratee named, every
score a number from 0 to the dimension's maximum with at most two decimals, its 测评人类别 one
of the policy's, and no text that could be a total, a footer or the header again; nothing in
the sheet merged below the header, hidden, an error or a formula without its value.

The ballot sheets of an xlsx holding at least `MIN_ROWS` rows together (one long sheet, a city's
split by district, or 600 forms per rater) are tried so: each header is found by the row reader
in the sheet's first rows (cut out of its XML by `Workbook.cut`: calamine never builds the whole
sheet), the rest is read by fastexcel into polars columns and checked there: a long sheet on its
own, the forms together as one frame (`Batch`). When any row is not plain, or fastexcel or polars
is missing, the row reader reads that sheet as before, so every message keeps its cell. Both give
the same tallies (tests/test_plain.py).
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
LONG_ROWS = 5_000  # a sheet shorter (a form per rater) is read with the other forms: alone, its polars operations cost more than its rows
TEXT_FIELDS = ("name", "id", "department", "rater", "rater_group")


@dataclass
class Columns:
    """Plain ballots as polars Series, one value per data row: of one sheet, or of forms per
    rater one after another. `parts`: each sheet's first data row (1-based) and its rows."""

    parts: list[tuple[int, int]]
    name: Any  # raw text; the key of a ratee as written, with id
    id: Any | None  # "" where blank, as the row reader gives an empty cell; or numbers (null where blank)
    department: Any | None  # the first non-blank per ratee is theirs (None where blank)
    rater: Any | None
    group: Any | None  # the 测评人类别's index in the policy's groups, when weighted from a column
    units: list[Any]  # per dimension: hundredths (Int64)

    @property
    def height(self) -> int:
        return sum(height for _, height in self.parts)


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


def candidates(book: Workbook, sheets: list[str], policy: Policy) -> dict[str, Candidate | Form]:
    """The ballot sheets to try as columns, in an xlsx whose ballot sheets hold `MIN_ROWS` rows
    or more together, when nothing in a sheet's XML (errors, formulas without value, hidden rows
    or columns, a far stretch) rules it out: a long sheet (`LONG_ROWS` rows or more) on its own,
    the forms per rater together (`Batch`: a form's fixed cost as columns, about 30 polars
    operations, is repaid only when the forms are checked and tallied as one)."""
    if book.kind != "xlsx" or not columnar.available():
        return {}
    if book.xml_size(sheets) < CUT_BYTES:
        return {}
    head = book.cut(sheets)
    if head is None:
        return {}
    facts = {sheet: book.facts(sheet) for sheet in sheets}
    if sum(f.rows for f in facts.values()) < MIN_ROWS:
        return {}
    limits, reader = policy.limits, columnar.Reader(book)
    batch = Batch(head, reader)
    return {
        sheet: Candidate(book, sheet, head, reader) if f.rows >= LONG_ROWS else Form(head, sheet, batch)
        for sheet, f in facts.items()
        if f.rows <= limits.max_rows and f.rows * f.cols <= limits.max_cells and not _sparse(f.rows, f.cols, f.cells)
        and not (f.formulas or f.errors or f.hidden or f.hidden_cols)
    }


@dataclass
class Pending:
    """A form queued in its batch: its columns are known once every sheet's head is read."""

    batch: Batch


@dataclass
class Form:
    """A form per rater of a large xlsx, read as columns with the other forms of its `batch`."""

    head: Workbook
    sheet: str
    batch: Batch

    def columns(self, table: Table | None, problems: Problems, policy: Policy) -> Pending | None:
        """Queued (its sheet being built meanwhile), when the head read without a problem."""
        return self.batch.add(self.sheet, table, problems)


class Batch:
    """Forms per rater, each built by fastexcel in one thread as its head is read (`add`), then
    checked as one frame and tallied in runs (`settle`). A form with a row that is not plain,
    and only that form, is read by rows."""

    def __init__(self, head: Workbook, reader: columnar.Reader):
        self.head = head
        self.loads = columnar.Loads(reader)
        self.forms: list[tuple[str, Table, int]] = []  # (sheet, its head's table, its range's first column)

    def add(self, sheet: str, table: Table | None, problems: Problems) -> Pending | None:
        if table is None or len(problems) or not table.rows:
            return None
        header = table.header_row
        if any(r1 >= header and (r0, c0) != (r1, c1) for (r0, c0), (r1, c1) in self.head.merged_ranges(sheet)):
            return None
        start_row, start_col = self.head._sheet(sheet).start
        if header < start_row:
            return None
        self.loads.add(sheet, header - start_row)
        self.forms.append((sheet, table, start_col))
        return Pending(self)

    def settle(self, policy: Policy, queued: list[tuple[int, str, bool]]) -> dict[str, Columns]:
        """Each plain form's columns: those of its run, the plain forms found one after another
        (`queued`: each form's place among the sheets read, its name, and whether the sheet
        itself gives it a group the policy knows, where it has no 测评人类别 column)."""
        import polars as pl

        from .tally import dimension_units, group_index, group_of

        frames = self.loads.frames()
        ok = {sheet: fine for _, sheet, fine in queued}
        place = {sheet: at for at, sheet, _ in queued}
        dims = list(policy.staff.dimensions)
        weighted = bool(policy.staff.rater_weights)
        shaped = []  # (sheet, table, frame with the fields' names, its shape)
        header_keys: set[str] = set()
        for (sheet, table, start_col), frame in zip(self.forms, frames):
            if frame is None or not ok.get(sheet) or not frame.height or not _lined_up(frame, table, start_col):
                continue
            form = _form_frame(frame, table, start_col, dims)
            if form is not None:
                shaped.append((sheet, table, *form))
                header_keys |= {normalize(str(table.headers[c])).lower() for c in table.columns.values()}
        if not shaped:
            return {}
        heights = [len(f) for _, _, f, _ in shaped]
        parts = pl.DataFrame({"k": range(len(shaped)), "h": heights}, schema={"k": pl.Int32, "h": pl.Int32})
        src = parts.select(pl.col("k").repeat_by("h").explode())["k"]
        frame = pl.concat([f for _, _, f, _ in shaped], how="diagonal")
        n = frame.height

        # Every row of every form checked at once: `_plain`'s checks, row by row, to tell which forms are not plain.
        bad = frame["name"].is_null()
        strings = [c for c, t in frame.schema.items() if t == pl.String]
        suspect = _suspects(pl.concat([frame[c].drop_nulls() for c in strings]).unique(), header_keys)
        if suspect:
            bad = bad | frame.select(pl.any_horizontal(pl.col(c).is_in(suspect) for c in strings)).to_series()
        unnamed = [v for v in frame["name"].unique().drop_nulls().to_list() if not name_key(v)]
        if unnamed:
            bad = bad | frame["name"].is_in(unnamed)
        units = []
        hundred = pl.Series([100.0]).new_from_index(0, n)
        for d, most in enumerate(dimension_units(policy)):
            v = frame[f"d{d}"]
            i = (v * 100).round(0)
            # As in `_plain`: divided by a column, since polars multiplies by 0.01 for a literal.
            bad = bad | ~((v >= 0) & (i / hundred == v) & (i <= most)).fill_null(False)
            units.append(i.cast(pl.Int64))
        group = None
        if weighted and "rater_group" in frame.columns:
            raw = frame["rater_group"].fill_null("")
            keys = group_index(policy)
            found = {v: group_of(v, keys) for v in raw.unique().to_list()}
            has = [k for k, (_, _, _, shape) in enumerate(shaped) if "rater_group" in shape]
            unknown = [v for v, g in found.items() if g < 0]
            if unknown:
                bad = bad | (src.is_in(has) & raw.is_in(unknown))
            group = raw.replace_strict(found, return_dtype=pl.Int32)
        not_plain = set(src.filter(bad).unique().to_list()) if bad.any() else set()

        settled: dict[str, Columns] = {}
        offset, run = 0, None
        runs: list[tuple[int, list[int]]] = []  # (first row in `frame`, the forms)
        for k, (sheet, _, _, shape) in enumerate(shaped):
            if k in not_plain:
                run = None
            elif run is not None and shaped[run[-1]][3] == shape and place[shaped[run[-1]][0]] + 1 == place[sheet]:
                run.append(k)
            else:
                run = [k]
                runs.append((offset, run))
            offset += heights[k]
        for first, forms in runs:
            length = sum(heights[k] for k in forms)
            shape = shaped[forms[0]][3]

            def cut(series: Any) -> Any:
                return series.slice(first, length)

            ids = None
            if "id" in shape:
                ids = cut(frame["id"]).fill_null("")
            elif "idn" in shape:
                ids = cut(frame["idn"])
            columns = Columns(
                parts=[(shaped[k][1].header_row + 1, heights[k]) for k in forms], name=cut(frame["name"]), id=ids,
                department=cut(frame["department"]) if "department" in shape else None,
                rater=cut(frame["rater"]).fill_null("") if "rater" in shape else None,
                group=cut(group) if group is not None and "rater_group" in shape else None,
                units=[cut(u) for u in units],
            )
            for k in forms:
                settled[shaped[k][0]] = columns
        return settled


def _form_frame(frame: Any, table: Table, start_col: int, dims: list[str]) -> tuple[Any, tuple[str, ...]] | None:
    """A form's columns under the fields' names (dimensions `d0`…, a numeric 工号 `idn`, other
    text columns `x0`…) and its shape (the names); None when a column's type rules the form out,
    as `_plain` rules out a sheet."""
    import polars as pl

    width = frame.width
    columns: dict[str, Any] = {}
    used = set()
    for name in TEXT_FIELDS:
        c = table.columns.get(name)
        if c is None:
            continue
        j = c - start_col
        if not 0 <= j < width:
            return None
        s = frame.to_series(j)
        used.add(j)
        if s.dtype == pl.Null:
            if name == "name":
                return None
            s = s.cast(pl.String)
        if s.dtype == pl.String:
            columns[name] = s
        elif name == "id" and s.dtype.is_numeric():
            columns["idn"] = s.cast(pl.Float64)
        else:
            return None
    for d, dim in enumerate(dims):
        j = table.columns[f"dim:{dim}"] - start_col
        if not 0 <= j < width:
            return None
        s = frame.to_series(j)
        used.add(j)
        if not s.dtype.is_numeric():
            return None
        columns[f"d{d}"] = s.cast(pl.Float64)
    extra = (frame.to_series(j) for j in range(width) if j not in used and frame.dtypes[j] == pl.String)
    columns.update((f"x{x}", s) for x, s in enumerate(extra))
    shape = tuple(name for name in columns if name in TEXT_FIELDS or name == "idn")
    return pl.DataFrame(columns), shape


def _lined_up(frame: Any, table: Table, start_col: int) -> bool:
    """Whether the frame's first rows are the head's data rows, cell for cell (an empty cell is
    "" there and null here): the rows and columns were counted alike."""
    width = frame.width
    rows = frame.head(max(0, max((number for number, _ in table.rows), default=0) - table.header_row)).rows()
    for number, values in table.rows:
        i = number - table.header_row - 1
        if i >= len(rows):
            return False
        row = rows[i]
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
    header_keys = {normalize(str(table.headers[c])).lower() for c in table.columns.values()}
    if strings and _suspects(pl.concat([s.drop_nulls() for s in strings]).unique(), header_keys):
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
        parts=[(table.header_row + 1, frame.height)], name=name, id=raw("id"),
        department=texts["department"], rater=raw("rater"), group=group, units=units,
    )


_STARTS = frozenset(m[0] for m in TOTAL_MARKERS) | FOOTER_STARTS


def _suspects(distinct: Any, header_keys: set[str]) -> list[str]:
    """The texts of a polars column of distinct texts that `_suspect` finds suspect. Its first
    test is made on the column at once: the 135,040 texts of a million ballots (names, 工号,
    raters) start with a character that decides, and only the few others are looked at one by one."""
    import polars as pl

    starts = _STARTS | {key[:1] for key in header_keys}
    first = distinct.str.slice(0, 1)
    decided = (first.str.contains("^[!-~\u4e00-\u9fff]") & ~first.str.to_lowercase().is_in(list(starts))
               & (distinct.str.len_chars() <= EXCEL_TEXT_LIMIT))
    return [v for v in distinct.filter(~decided).to_list() if _suspect(v, header_keys, starts)]


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
