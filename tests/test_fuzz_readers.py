"""Fuzzing the workbook readers: whatever is in the cells, the outcome is a result or a
catalogued error, never another exception; and whatever text we write comes back the same.

Random values (text with control characters and invisible ones, full-width digits, huge
strings, formula-looking text, numbers including NaN and infinities, dates, times,
booleans, formulas with and without results) replace random cells of the good workbooks of
`hostile.builders`, headers included, written as real .xlsx or .csv files and read by the
same functions the commands call. 800 examples in all, a few seconds per test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hostile import builders
from jxkh.messages import CATALOGUE, Code
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError, FileSystemError, Problem, cell_ref

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text as it arrives from many hands: anything but lone surrogates (no file can hold them).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=24)
typed = st.sampled_from([
    "", " ", "\u3000", "\u200b", "1,000", "1,000.5", "9,99", "９０", "８５％", "85%", "0.85", "1e30", "-1e-30",
    "1e999999", "NaN", "-inf", "Infinity", "10分", "12.5元", "40 50", "=1+1", "+1", "-1", "@SUM(A1)", "#DIV/0!",
    "合计", "小计", "好", "良好", "一般", "差", "优", "是", "否", "√", "规定指标", "自选指标", "加分项", "扣分项",
    "柯雨桐", "柯雨\u200b桐", "柯\u3000雨桐", "Ｑ１", "Q1", "TRUE", "false", "0x1F", "½", "²", "٣", "Ⅻ",
    "\t", "\r\n", "a\x00b", "\x1f", "\ufffe", "_x000D_", "指标名称", "分值", "被测评人", "德", "姓名", "工号",
])
huge = st.builds(lambda n, ch: ch * n, st.integers(32_700, 32_800), st.sampled_from(["x", "字", " "]))
numbers = st.one_of(
    st.integers(-(10**17), 10**17),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -0.0, 0.1 + 0.2, 89.995, 1e-300, 5e-324, 1.7976931348623157e308, 10.000000000000002]),
)
moments = st.one_of(
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
    st.times(),
)
formulas = st.tuples(st.just("="), st.sampled_from(["1/0", "A1", "SUM(D2:H2)", '""']), st.one_of(
    st.none(), st.sampled_from(["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "7", "abc"]),
))
cell_values = st.one_of(st.none(), any_text, typed, typed, numbers, moments, st.booleans(), formulas, huge)


def changes(sheets: dict[str, list[list[Any]]]) -> st.SearchStrategy[dict[str, Any]]:
    """Up to 4 cells of `sheets` (headers included, and one row and column beyond) changed."""
    spots = []
    for name, rows in sheets.items():
        width = max(len(row) for row in rows) + 1
        spots += [f"{name}!{cell_ref(r, c)}" for r in range(1, len(rows) + 2) for c in range(width)]
    return st.dictionaries(st.sampled_from(spots), cell_values, min_size=1, max_size=4)


POLICIES = [
    Policy(),
    policy_from_dict({"staff": {"aggregate": "trimmed", "trim_min_ballots": 3, "excellent_quota": 0.3}}),
    policy_from_dict({"unit": {"bonus_cap": 10, "penalty_cap": 5}, "accountability": {"cap": 3}}),
]


def as_csv_value(value: Any) -> Any:
    if isinstance(value, tuple):  # a CSV holds no formulas, only what they showed
        return value[2]
    return value


@contextlib.contextmanager
def in_empty_folder() -> Iterator[Path]:
    """A fresh folder as the current directory (appraise looks for ./indicators.xlsx)."""
    old = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="jxkh-fuzz-") as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(old)


def write(folder: Path, sheets: dict[str, list[list[Any]]], fmt: str) -> Path:
    if fmt == "csv":
        first = next(iter(sheets.values()))
        return builders.csv_file(folder / "in.csv", [[as_csv_value(v) for v in row] for row in first])
    return builders.raw_xlsx(folder / "in.xlsx", sheets)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_catalogued(problems: list[Problem]) -> None:
    """Every problem is a catalogue code, located sensibly, and renders with all its placeholders."""
    assert problems, "an error with no problem in it"
    for problem in problems:
        assert isinstance(problem.code, Code) and problem.code in CATALOGUE
        if problem.cell is not None:
            assert problem.sheet, problem
            letters = problem.cell.rstrip(string.digits)
            assert letters.isalpha() and letters.isupper() and problem.cell[len(letters):].isdigit(), problem.cell
        entry = CATALOGUE[problem.code]
        for template in (entry.zh, entry.en):
            needed = {field for _, field, _, _ in string.Formatter().parse(template) if field}
            assert needed <= {"value", *problem.params}, (problem.code, needed - {"value", *problem.params})
        problem.render("zh")
        problem.render("en")


def outcome_of(action) -> Any:
    try:
        result = action()
    except (DataError, FileSystemError) as error:
        assert_catalogued(error.problems)
        event("refused: " + ", ".join(sorted({str(p.code) for p in error.problems if p.is_error})[:2]))
        return error
    event("result")
    return result


@settings(FUZZ, max_examples=300)
@given(change=changes(builders.INDICATORS), fmt=st.sampled_from(["xlsx", "xlsx", "csv"]), policy=st.sampled_from(POLICIES))
def test_indicators_reader_and_scoring(change, fmt, policy):
    from jxkh.cycle import score_file

    with in_empty_folder() as folder:
        path = write(folder, builders.changed(builders.INDICATORS, change), fmt)
        before = sha256(path)
        result = outcome_of(lambda: score_file(path, policy, write=False))
        assert sha256(path) == before
        if not isinstance(result, Exception):
            for row in result.rows:  # a graded indicator earns between nothing and its points
                if row.category in ("规定指标", "自选指标"):
                    assert 0 <= row.score <= row.points and row.score + row.lost == row.points
            assert not any(w.is_error for w in result.warnings)
            result.to_json("zh")
            if result.warnings:
                assert_catalogued(result.warnings)


@settings(FUZZ, max_examples=300)
@given(
    change=changes(builders.RATINGS),
    fmt=st.sampled_from(["xlsx", "xlsx", "csv"]),
    policy=st.sampled_from(POLICIES),
    pool=st.one_of(st.just("30000"), st.just("30000"), st.sampled_from(["30,000", "３００００", "0.01", "1e30", "nan", ""]), any_text),
)
def test_ratings_reader_appraisal_and_bonus(change, fmt, policy, pool):
    from jxkh.cycle import bonus_file

    with in_empty_folder() as folder:
        path = write(folder, builders.changed(builders.RATINGS, change), fmt)
        before = sha256(path)
        result = outcome_of(lambda: bonus_file(path, policy, pool, write=False))
        assert sha256(path) == before
        if not isinstance(result, Exception):
            assert sum(p.amount for p in result.people) == result.pool  # 扣差补优 loses no fen
            result.to_json("en")
            if result.warnings:
                assert_catalogued(result.warnings)


@settings(FUZZ, max_examples=100)
@given(rows=st.lists(st.lists(cell_values, max_size=8), max_size=8), fmt=st.sampled_from(["xlsx", "csv"]))
def test_read_table_on_any_grid(rows, fmt):
    """No good workbook underneath at all: any grid, header or not."""
    from jxkh.headers import INDICATOR_FIELDS
    from jxkh.problems import Problems
    from jxkh.reader import find_sheet, open_workbook, read_table

    with in_empty_folder() as folder:
        path = write(folder, {"指标": [list(row) for row in rows] or [[]]}, fmt)

        def read():
            problems = Problems()
            book = open_workbook(path)
            sheet = find_sheet(book, ("指标",), first_if_missing=True, problems=problems)
            table = read_table(book, sheet, INDICATOR_FIELDS, problems) if sheet else None
            if table is None:
                assert_catalogued(problems.errors)
            for number, values in table.rows if table else []:
                assert number > table.header_row and len(values) == len(table.headers)
            return table

        outcome_of(read)


@settings(FUZZ, max_examples=100)
@given(texts=st.lists(st.one_of(any_text, typed), min_size=1, max_size=20))
def test_any_text_written_comes_back_the_same(texts):
    """What `writer.set_cell` writes, Excel (read here by calamine) shows exactly: formula-looking
    text stays text, control characters and \\r survive as _xHHHH_, "_x0041_" stays literal."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    from jxkh.writer import save_atomic, set_cell

    with in_empty_folder() as folder:
        wb = openpyxl.Workbook()
        for r, text in enumerate(texts, start=1):
            assert set_cell(wb.active, r, 1, text).data_type == "s"
        out = save_atomic(wb, folder / "out.xlsx")
        shown = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python(skip_empty_area=False)
        expected = [t.replace("\ufffe", "").replace("\uffff", "") for t in texts]  # noncharacters are dropped
        assert [row[0] if row else "" for row in shown] + [""] * (len(texts) - len(shown)) == expected
        assert os.listdir(folder) == ["out.xlsx"]  # no temporary file left
