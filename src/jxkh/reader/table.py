"""A sheet as a `Table`: its header row found by name in the first 20 rows, data rows with
their spreadsheet row numbers, blank and total rows dropped, merged cells filled."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import length_hint
from typing import TYPE_CHECKING, Any

from ..cells import is_blank, normalize
from ..headers import FOOTER_STARTS, TOTAL_MARKERS, Field, header_index, is_footer_label, is_total_label
from ..messages import Code
from ..policy import Limits
from ..problems import Problems, cell_ref, column_letter
from ..progress import EVERY, activity
from .book import Workbook

if TYPE_CHECKING:
    from ..progress import Activity

HEADER_SEARCH_ROWS = 20
EXCEL_TEXT_LIMIT = 32767  # characters in one cell


@dataclass
class Table:
    """One sheet's data: header found, data rows kept with their spreadsheet row numbers."""

    file: str
    sheet: str
    header_row: int  # 1-based, the (last) header row
    headers: list[str]  # the header text of every column, as in the file
    columns: dict[str, int]  # field name → 0-based column
    rows: list[tuple[int, list[Any]]]  # (1-based row number, values padded to the width)
    labels: dict[str, str] = field(default_factory=dict)  # field name → header text in the file
    # (1-based row, 0-based column) of cells the reader already reported (#DIV/0!, formulas
    # never calculated): they read as blank, and a loader must not call them blank again.
    reported: set[tuple[int, int]] = field(default_factory=set)
    # The lines above the header (the form's title, 填报单位 and date), each row's texts joined:
    # outputs carry them over above their table.
    preamble: list[str] = field(default_factory=list)

    def cell(self, row: int, name: str) -> str:
        return cell_ref(row, self.columns[name])

    def where(self, row: int, name: str) -> dict[str, Any]:
        """Keyword arguments locating a field's cell, for `Problems.add`."""
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell(row, name), "row": row}

    def value(self, values: list[Any], name: str) -> Any:
        col = self.columns.get(name)
        return None if col is None else values[col]

    @property
    def extra_columns(self) -> list[int]:
        """Columns the tool does not know, kept in outputs."""
        known = set(self.columns.values())
        return [i for i, h in enumerate(self.headers) if h and i not in known]


def find_sheet(book: Workbook, names: Iterable[str], *, first_if_missing: bool, problems: Problems) -> str | None:
    """The first sheet whose name matches one of `names` (normalised), else the first sheet."""
    wanted = [normalize(n).lower() for n in names]
    by_key = {normalize(s).lower(): s for s in book.sheet_names}
    for key in wanted:
        if key in by_key:
            return by_key[key]
    if book.kind == "csv" or (first_if_missing and book.sheet_names):
        return book.sheet_names[0] if book.sheet_names else None
    problems.add(
        Code.SHEET_MISSING, file=book.file, value=next(iter(names)), found="、".join(book.sheet_names) or "无"
    )
    return None


def read_table(
    book: Workbook,
    sheet: str,
    fields: dict[str, Field],
    problems: Problems,
    *,
    limits: Limits | None = None,
    require_rows: bool = True,
    stream: bool = False,
) -> Table | None:
    """Find the header, map columns to fields, collect data rows. None when unusable (problems say why).

    With `stream=True` the table's `rows` is an iterator: each row is read, checked and handed
    over one at a time, never all held (a million ballots as Python lists is most of a
    gigabyte). The rows' problems (repeated headers, merged and hidden rows, error cells…) are
    added as the rows are read and when the last one has been; `reported` holds every error
    cell and formula without a value of the used columns from the start, so a loader asking
    about the row it is reading gets the same answer as with the whole list.
    """
    shown = activity("progress_read", file=book.path.name)
    try:
        table = _read_table(book, sheet, fields, problems, limits or book.limits, require_rows, stream, shown)
    except BaseException:
        shown.finish()
        raise
    if table is None:
        shown.finish()
    return table


def _read_table(
    book: Workbook, sheet: str, fields: dict[str, Field], problems: Problems, limits: Limits, require_rows: bool,
    stream: bool, shown: Activity,
) -> Table | None:
    file = book.file
    if sheet in book.hidden_sheets:
        problems.add(Code.HIDDEN_SHEET, file=file, sheet=sheet, value=sheet)
    if stream:
        count, source = book.iter_rows(sheet)
    else:
        grid = book.rows(sheet)
        count, source = len(grid), iter(grid)
    shown.update(0, count)
    if count > limits.max_rows:
        problems.add(Code.WORKBOOK_TOO_LARGE, file=file, sheet=sheet, detail=f"{count} 行 / rows", limit=f"{limits.max_rows}")
        return None
    fill = _MergedFill(book.merged_ranges(sheet))
    # The header is looked for in the first 20 rows, and a two-row header may end on the 21st.
    head = []
    for r, values in enumerate(source):
        fill(r, values)
        head.append(values)
        if len(head) > HEADER_SEARCH_ROWS:
            break

    index = header_index(fields)
    required = [f.name for f in fields.values() if f.required]
    found = _find_header(head, index, required)
    if found is None:
        if not any(not is_blank(v) for row in head[:HEADER_SEARCH_ROWS] for v in row):
            problems.add(Code.SHEET_EMPTY, file=file, sheet=sheet)
        else:
            expected = "、".join(fields[name].label for name in required)
            problems.add(Code.HEADER_NOT_FOUND, file=file, sheet=sheet, expected=expected)
        return None
    header_rows, headers = found
    header_row = header_rows[-1] + 1
    columns = {name: c for name, (c, _) in _map_row(headers, index).items()}
    labels = {name: headers[c] for name, c in columns.items()}
    for name, col in _duplicates(headers, index):
        problems.add(
            Code.COLUMN_DUPLICATE, file=file, sheet=sheet, cell=cell_ref(header_row, col), row=header_row,
            value=headers[col], other=cell_ref(header_row, columns[name]),
        )
    missing = [name for name in required if name not in columns]
    for name in missing:
        problems.add(Code.COLUMN_MISSING, file=file, sheet=sheet, row=header_row, value=fields[name].label)
    if missing:
        return None

    used = set(columns.values())
    # Error cells and formulas without a value in the used columns, whatever their row: a
    # loader asks only about rows it was given, so the rows dropped below make no difference.
    reported = {(r + 1, c) for r, c in book.error_cells(sheet) if c in used}
    reported |= {(r + 1, c) for r, c in book.formulas_without_value(sheet) if c in used}
    table = Table(
        file=file, sheet=sheet, header_row=header_row, headers=headers, columns=columns, rows=[], labels=labels,
        reported=reported, preamble=_preamble(head[: header_rows[0]]),
    )
    rows = _data_rows(book, table, head, source, fill, header_rows[-1] + 1, used, problems, require_rows, shown)
    table.rows = rows if stream else list(rows)
    return table


def _preamble(rows: list[list[Any]]) -> list[str]:
    """Each non-blank row above the header as one line; a merged title (filled into every
    cell of its range) counts once."""
    lines = []
    for values in rows:
        texts = [str(v).strip() for v in values if not is_blank(v)]
        kept = [t for i, t in enumerate(texts) if t and (i == 0 or t != texts[i - 1])]
        if kept:
            lines.append("　".join(kept))
    return lines


class _Kept:
    """Which rows `_data_rows` kept: every row from the first after the header to the last kept,
    except the few dropped (blank, total and repeated-header rows). 1-based."""

    def __init__(self, first: int):
        self.first = first
        self.last = 0
        self.dropped: set[int] = set()

    def __contains__(self, row: object) -> bool:
        return isinstance(row, int) and self.first <= row <= self.last and row not in self.dropped


def _data_rows(
    book: Workbook, table: Table, head: list[list[Any]], source: Iterator[list[Any]], fill: _MergedFill,
    first: int, used: set[int], problems: Problems, require_rows: bool, shown: Activity,
) -> Iterator[tuple[int, list[Any]]]:
    """The data rows below the header as (1-based row, values); the sheet's problems as found."""
    try:
        yield from _checked_rows(book, table, head, source, fill, first, used, problems, require_rows, shown)
    finally:
        shown.finish()


def _checked_rows(
    book: Workbook, table: Table, head: list[list[Any]], source: Iterator[list[Any]], fill: _MergedFill,
    first: int, used: set[int], problems: Problems, require_rows: bool, shown: Activity,
) -> Iterator[tuple[int, list[Any]]]:
    file, sheet = table.file, table.sheet
    header_keys = _HeaderKeys(table.headers, used)
    kept = _Kept(first + 1)
    dropped = kept.dropped
    limit = EXCEL_TEXT_LIMIT
    too_long: set[tuple[int, int]] = set()
    r = first - 1
    every = EVERY - 1
    totals: list[tuple[int, list[Any]]] = []  # (0-based row, values): a few, named in one notice
    plain = _PlainValues(key for _, key in header_keys.keys)
    known, learn = plain.known, plain.learn
    rows = _chain_rows(head, source, first, fill)
    for r, values in rows:
        if not r & every:
            shown.update(r)
        # Most rows repeat values already seen in plain rows (names, 科室, scores): one C-level
        # test passes them, with the answer the checks below would give (`_PlainValues`).
        if known.issuperset(values):
            if _BLANKS.issuperset(values):
                dropped.add(r + 1)
                continue
            kept.last = r + 1
            yield r + 1, values
            continue
        if _is_blank_row(values):
            dropped.add(r + 1)
            continue
        if header_keys.repeated(values):
            problems.add(Code.HEADER_REPEATED, file=file, sheet=sheet, row=r + 1)
            dropped.add(r + 1)
            continue
        if _is_total_row(values):
            dropped.add(r + 1)
            totals.append((r, values))
            continue
        footer = _footer_text(values)
        if footer is not None:  # 填表人：… under the table: the data has ended
            _skip_footer(r, footer, rows, table, problems)
            break
        kept.last = r + 1
        # length_hint is a string's length and 0 for a number: the whole row in one C call.
        if max(map(length_hint, values), default=0) > limit:
            for c, v in enumerate(values):
                if type(v) is str and len(v) > limit:
                    problems.add(
                        Code.TEXT_TOO_LONG, file=file, sheet=sheet, cell=cell_ref(r + 1, c), row=r + 1,
                        value=v[:20] + "…", length=len(v),
                    )
                    too_long.add((r + 1, c))
                    table.reported.add((r + 1, c))  # as it streams: the tally reads it row by row
        else:
            learn(values)
        yield r + 1, values
    if totals:
        _report_totals(totals, table, problems)
    reported = _report_sheet_quirks(book, sheet, table.header_row, kept, used, problems)
    for r, c in sorted(book.formulas_without_value(sheet)):
        if c in used and r + 1 in kept:
            problems.add(Code.FORMULA_WITHOUT_VALUE, file=file, sheet=sheet, cell=cell_ref(r + 1, c), row=r + 1)
            reported.add((r + 1, c))
    table.reported.clear()
    table.reported.update(reported | too_long)
    if require_rows and not kept.last:
        problems.add(Code.SHEET_EMPTY, file=file, sheet=sheet)


def _report_totals(totals: list[tuple[int, list[Any]]], table: Table, problems: Problems) -> None:
    """The 合计/小计 rows dropped, in one notice naming the first one's label (0-based rows)."""
    r, values = totals[0]
    col, label = next((c, v.strip()) for c, v in enumerate(values) if isinstance(v, str) and is_total_label(v))
    numbers = [str(n + 1) for n, _ in totals]
    rows = "、".join(numbers[:20]) + (f" … ({len(numbers)})" if len(numbers) > 20 else "")
    problems.add(
        Code.TOTAL_ROWS, file=table.file, sheet=table.sheet, row=r + 1, cell=cell_ref(r + 1, col),
        value=label if len(label) <= 20 else label[:20] + "…", count=len(totals), rows=rows,
    )


def _footer_text(values: list[Any]) -> tuple[int, str] | None:
    """(column, text) of the row's first text when it is a form's footer (填表人：…). Cheap for data rows."""
    for c, value in enumerate(values):
        if isinstance(value, str):
            text = value.strip()
            if not text:
                continue
            if text[0] in FOOTER_STARTS and is_footer_label(text):
                return c, text
            return None
        if value is not None and value != "":
            return None
    return None


def _skip_footer(
    r: int, footer: tuple[int, str], rest: Iterator[tuple[int, list[Any]]], table: Table, problems: Problems
) -> None:
    """The footer and whatever follows it are not data: named in one notice (0-based `r`)."""
    col, footer_text = footer
    skipped = [r + 1, *(n + 1 for n, values in rest if not _is_blank_row(values))]
    rows = str(skipped[0]) if len(skipped) == 1 else f"{skipped[0]}–{skipped[-1]}"
    problems.add(
        Code.FOOTER_ROWS, file=table.file, sheet=table.sheet, row=r + 1, cell=cell_ref(r + 1, col),
        value=footer_text if len(footer_text) <= 20 else footer_text[:20] + "…", count=len(skipped), rows=rows,
    )


def _chain_rows(
    head: list[list[Any]], source: Iterator[list[Any]], first: int, fill: _MergedFill
) -> Iterator[tuple[int, list[Any]]]:
    """(0-based row, values) from `first` on: the rows already read, then the rest, filled as they come."""
    yield from enumerate(head[first:], first)
    if fill.pending(len(head)):
        for r, values in enumerate(source, len(head)):
            fill(r, values)
            yield r, values
    else:
        yield from enumerate(source, len(head))


def _report_sheet_quirks(
    book: Workbook, sheet: str, header_row: int, kept: _Kept, used: set[int], problems: Problems
) -> set[tuple[int, int]]:
    """What Excel shows differently from what is read: merged and hidden rows (warnings), error
    cells (errors, returned as (row, column) so loaders do not report them again)."""
    file = book.file
    last = kept.last
    for (r0, c0), (r1, c1) in book.merged_ranges(sheet):
        # Titles and two-row headers are merged by design; a signature line below the data too.
        if (r0, c0) != (r1, c1) and any(r in kept for r in range(max(r0 + 1, header_row + 1), min(r1 + 1, last) + 1)):
            ref = f"{cell_ref(r0 + 1, c0)}:{cell_ref(r1 + 1, c1)}"
            problems.add(Code.MERGED_CELLS, file=file, sheet=sheet, cell=cell_ref(r0 + 1, c0), row=r0 + 1, value=ref)
    hidden = sorted(r for r in book.hidden_rows(sheet) if r in kept)
    if hidden:
        shown = ", ".join(map(str, hidden[:20])) + (f" … ({len(hidden)})" if len(hidden) > 20 else "")
        problems.add(Code.HIDDEN_ROWS, file=file, sheet=sheet, row=hidden[0] if len(hidden) == 1 else None, value=shown)
    hidden_columns = sorted(c for c in used if book.column_hidden(sheet, c))
    if hidden_columns:
        problems.add(Code.HIDDEN_COLUMNS, file=file, sheet=sheet, value=", ".join(map(column_letter, hidden_columns)))
    reported = set()
    for (r, c), error in sorted(book.error_cells(sheet).items()):
        if r + 1 in kept and c in used:
            problems.add(Code.FORMULA_ERROR, file=file, sheet=sheet, cell=cell_ref(r + 1, c), row=r + 1, value=error)
            reported.add((r + 1, c))
    return reported


class _MergedFill:
    """Gives every cell of a merged range the value of its top-left cell (how a reader sees it),
    row by row: `fill(r, values)` for r = 0, 1, 2… in order. The ranges apply in their order,
    each taking its value when its first row passes, as if each were applied to the whole sheet
    in turn."""

    def __init__(self, ranges: list[tuple[tuple[int, int], tuple[int, int]]]):
        self.ranges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
        self.values: list[Any] = [None] * len(self.ranges)
        self.order = sorted((i for i, (r0, _, r1, _) in enumerate(self.ranges) if r1 >= r0), key=lambda i: self.ranges[i][0])
        self.next = 0  # in `order`: the first range not yet started
        self.active: list[int] = []  # ranges covering the current row, in their own order
        self.last = max((self.ranges[i][2] for i in self.order), default=-1)

    def pending(self, r: int) -> bool:
        """Whether any range reaches row `r` or below."""
        return self.last >= r

    def __call__(self, r: int, row: list[Any]) -> None:
        if r > self.last:
            return
        ranges, order = self.ranges, self.order
        active = [i for i in self.active if ranges[i][2] >= r]
        started = False
        while self.next < len(order) and ranges[order[self.next]][0] <= r:
            active.append(order[self.next])
            self.next += 1
            started = True
        if started:
            active.sort()
        self.active = active
        for i in active:
            r0, c0, _, c1 = ranges[i]
            if r == r0:
                self.values[i] = row[c0] if c0 < len(row) else ""
            value = self.values[i]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


def _find_header(grid: list[list[Any]], index: dict[str, str], required: list[str]) -> tuple[list[int], list[str]] | None:
    """The header row(s) and the header text of every column; None when no row looks like one."""
    best: tuple[int, int] | None = None  # (score, row)
    maps: dict[int, dict[str, tuple[int, str]]] = {}  # each row mapped once, though looked at twice

    def mapped_row(r: int) -> dict[str, tuple[int, str]]:
        if r not in maps:
            maps[r] = _map_row(grid[r], index)
        return maps[r]

    for r in range(min(len(grid), HEADER_SEARCH_ROWS)):
        mapped = mapped_row(r)
        if r + 1 < len(grid) and not all(name in mapped for name in required):
            # A two-row header whose rows each lack a required column (被测评人 above, 德…廉
            # under a merged 测评得分): the pair counts as one header starting here.
            below = mapped_row(r + 1)
            together = {**below, **mapped}
            if not all(name in below for name in required) and all(name in together for name in required):
                mapped = together
        score = len(mapped) + (100 if all(name in mapped for name in required) else 0)
        if mapped and (best is None or score > best[0]):
            best = (score, r)
    if best is None or best[0] < 2:
        return None
    r = best[1]
    header_rows = [r]
    headers = [_header_text(v) for v in grid[r]]
    # A two-row header: a merged group title ("测评得分") above the dimension names.
    if r + 1 < len(grid):
        above = mapped_row(r)
        below = {name: c for name, (c, _) in mapped_row(r + 1).items() if name not in above}
        if below and all(normalize(headers[c]).lower() not in index for c in below.values()):
            header_rows.append(r + 1)
            for c, text in enumerate(_header_text(v) for v in grid[r + 1]):
                if text and (not headers[c] or normalize(headers[c]).lower() not in index):
                    headers[c] = text
    return header_rows, headers


def _map_row(row: list[Any], index: dict[str, str]) -> dict[str, tuple[int, str]]:
    mapped: dict[str, tuple[int, str]] = {}
    for c, value in enumerate(row):
        if isinstance(value, str) and value:
            name = index.get(_key(value))
            if name and name not in mapped:
                mapped[name] = (c, value)
    return mapped


@lru_cache(maxsize=1 << 14)
def _short_key(text: str) -> str:
    return normalize(text).lower()


def _key(text: str) -> str:
    """A cell's text as `header_index` keys it. Cached when short: a workbook of forms per rater
    shows the same headers and names in each form's first rows (600 forms, 60 texts each)."""
    return _short_key(text) if len(text) <= 64 else normalize(text).lower()


def _duplicates(headers: list[str], index: dict[str, str]) -> list[tuple[str, int]]:
    """(field, column) of every header cell naming a field an earlier column already names."""
    seen: set[str] = set()
    dups = []
    for c, text in enumerate(headers):
        name = index.get(normalize(text).lower()) if text else None
        if name:
            if name in seen:
                dups.append((name, c))
            seen.add(name)
    return dups


def _header_text(value: Any) -> str:
    return "" if is_blank(value) else str(value).strip()


def _is_blank_row(values: list[Any]) -> bool:
    for v in values:  # a data row stops at its first cell
        if v is None or v == "" or (isinstance(v, str) and not v.strip()):
            continue
        return False
    return True


# The characters a total label can start with after `normalize(...).lower()` (合 总 小 共 t s).
_TOTAL_STARTS = frozenset(m[0] for m in TOTAL_MARKERS) | frozenset(m[0].upper() for m in TOTAL_MARKERS)


def _is_total_row(values: list[Any]) -> bool:
    """Whether one of the row's first three texts is a total label (合计, 小计, Total…)."""
    seen = 0
    for value in values:
        if isinstance(value, str):
            ch = value[:1]
            if not ch or ch.isspace():
                stripped = value.strip()
                if not stripped:
                    continue
                ch = stripped[0]
            # Normalising every text is the slow part: a text starting with ASCII or a CJK
            # ideograph (both unchanged by NFKC, never invisible) that cannot start a marker is
            # no total label.
            maybe = ch in _TOTAL_STARTS if ch < "\x80" or "\u4e00" <= ch <= "\u9fff" else True
            if maybe and is_total_label(value):
                return True
            seen += 1
            if seen == 3:
                return False
    return False


_BLANKS = frozenset(("", None))
# Texts NFKC leaves as they are and `normalize` drops nothing from: printable ASCII but the
# space, and CJK ideographs. Their `normalize(...).lower()` is their `.lower()`.
_STABLE_TEXT = re.compile("[!-~\u4e00-\u9fff]+")


class _PlainValues:
    """The values seen in plain data rows that none of `_checked_rows`'s checks can be about,
    wherever in a row they stand: every non-text value, and each text that is not blank-looking,
    too long, a total or footer label, nor the normalised header of a used column.

    A row made only of such values, and not only of "" and None (a blank row), is one the
    checks keep as it is, saying nothing: no header to repeat (no cell matches one), no total
    label among its first texts, no footer label first, no text too long. `known.issuperset(row)`
    says so in one C-level pass. Each distinct text is judged once, in `learn`, by the same
    functions the checks use (`normalize` only for texts it could change)."""

    def __init__(self, keys: Iterable[str]):
        self.keys = frozenset(keys)
        self.known: set[Any] = set(_BLANKS)

    def learn(self, values: list[Any]) -> None:
        """Add a kept row's harmless values (called only for rows the checks kept, saying nothing)."""
        known = self.known
        for v in values:  # calamine's and the CSV reader's cells: str, numbers, dates, None
            if v in known:
                continue
            if type(v) is not str or self._harmless(v):
                known.add(v)

    def _harmless(self, v: str) -> bool:
        text = v.strip()
        if not text or len(v) > EXCEL_TEXT_LIMIT:
            return False
        if text[0] in FOOTER_STARTS and is_footer_label(text):
            return False
        if _STABLE_TEXT.fullmatch(v):
            # The total check's own shortcut (`_is_total_row`): no marker starts otherwise.
            if v[0] in _TOTAL_STARTS and is_total_label(v):
                return False
            return v.lower() not in self.keys
        return not is_total_label(v) and normalize(v).lower() not in self.keys


class _HeaderKeys:
    """The used columns' header text, normalised: a data row repeating at least half of them
    (and two) is the header printed again (a sheet pasted page by page)."""

    def __init__(self, headers: list[str], used: set[int]):
        self.keys = sorted((c, normalize(str(headers[c])).lower()) for c in used)
        self.need = max(2, (len(self.keys) + 1) // 2)
        self.misses = len(self.keys) - self.need  # more misses than this: not a header
        self.ordered = False

    def repeated(self, values: list[Any]) -> bool:
        if not self.ordered:
            # The columns the first data row shows to be cheap misses go first (the scores:
            # numbers), so most rows are decided after a few comparisons.
            width = len(values)

            def cheap(item: tuple[int, str]) -> bool:
                c, key = item
                v = values[c] if c < width else None
                return not isinstance(v, str) or (v.isascii() and not key.isascii())

            self.keys.sort(key=cheap, reverse=True)
            self.ordered = True
        # Cheap misses first (numbers, blanks, ASCII text under a Chinese header); stop as soon
        # as the header can no longer be reached. Same answer as normalising every cell.
        misses, hits = 0, 0
        texts = []
        width = len(values)
        for c, key in self.keys:
            v = values[c] if c < width else None
            if isinstance(v, str) and not (v.isascii() and not key.isascii()):
                texts.append((v, key))
                continue
            misses += 1
            if misses > self.misses:
                return False
        for v, key in texts:
            if _key(v) == key:
                hits += 1
            else:
                misses += 1
                if misses > self.misses:
                    return False
        return hits >= self.need
