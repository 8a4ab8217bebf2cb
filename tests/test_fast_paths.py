"""The fast paths of issue 6 give exactly what the plain ones give: the streamed read against the
list read, the cheap row checks against the obvious definitions, rows written as sheet XML
against openpyxl's own cells."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import make_xlsx
from jxkh.cells import normalize
from jxkh.headers import RATING_FIELDS, is_total_label
from jxkh.messages import Code
from jxkh.policy import Policy
from jxkh.problems import Problems
from jxkh.ratings import ballot_fields, read_ratings
from jxkh.reader import _extent, _extent_bound, _HeaderKeys, _is_total_row, _MergedFill, open_workbook, read_table
from jxkh.reader.xmlscan import _exact
from jxkh.writer import save_atomic, set_cell, write_rows, write_table

HEADER = ["工号", "被测评人", "科室", "测评人", "测评人类别", "德", "能", "勤", "绩", "廉", "备注"]
LONG = "长" * 32768


def awkward_ballots(path):
    """Every row the reader drops or reports: a merged title, a blank row, a 合计 row, a repeated
    header, a hidden row, a merged data cell, a formula without value, an error cell, a text too long."""
    rows = [
        ["2015年度民主测评汇总表", *[None] * 10],                                          # 1 merged title
        HEADER,                                                                              # 2
        ["G1", "张一", "办公室", "李甲", "同事", 9, 18, 27, 27, 9, None],                     # 3
        ["G1", "张一", "办公室", "李乙", "同事", 8, 18, 27, "=F3+1", 9, None],                # 4 formula, no value
        [None] * 11,                                                                         # 5 blank
        ["G2", "王二", "科室甲", "李甲", "同事", 9, 19, 28, 28, 10, None],                    # 6 科室 merged C6:C7
        ["G2", "王二", None, "李丙", "领导", 10, 20, 30, 30, "#DIV/0!", None],               # 7 error cell
        HEADER,                                                                              # 8 repeated header
        ["G3", "赵三", "办公室", "李甲", "同事", 7, 15, 25, 25, 8, "LONG"],                     # 9 hidden, too long
        ["合计", None, None, None, None, 43, 90, 137, 110, 36, None],                       # 10 total
        [" ", "", None, "\u3000", None, None, None, None, None, None, None],                # 11 blank (spaces)
        ["G3", "赵三", "办公室", "李乙", "同事", 11, 16, 26, 26, 9, "  "],                    # 12 德 above 10
    ]
    make_xlsx(path, {"测评": rows}, merges={"测评": ["A1:K1", "C6:C7"]})
    wb = openpyxl.load_workbook(path)
    wb["测评"].row_dimensions[9].hidden = True
    wb.save(path)
    # openpyxl cuts text at Excel's limit; other programs write longer: put it in the XML.
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(b"LONG", LONG.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for name, data in members.items():
            copy.writestr(name, data)
    return path


def read_both(path, fields):
    results = []
    for stream in (False, True):
        problems = Problems()
        table = read_table(open_workbook(path), "测评", fields, problems, stream=stream)
        rows = list(table.rows)
        results.append((rows, [(p.code, p.cell, p.row, p.params) for p in problems], set(table.reported), table))
    return results


def test_streamed_read_gives_the_list_read_rows_and_problems(tmp_path):
    path = awkward_ballots(tmp_path / "in.xlsx")
    (rows, problems, reported, table), (s_rows, s_problems, s_reported, s_table) = read_both(
        path, ballot_fields(Policy())
    )
    assert [number for number, _ in rows] == [3, 4, 6, 7, 9, 12]
    assert rows[3][1][2] == "科室甲"  # the merged 科室 filled down into row 7
    assert [(code, cell) for code, cell, _, _ in problems] == [
        (Code.HEADER_REPEATED, None),
        (Code.TEXT_TOO_LONG, "K9"),
        (Code.TOTAL_ROWS, "A10"),
        (Code.MERGED_CELLS, "C6"),
        (Code.HIDDEN_ROWS, None),
        (Code.FORMULA_ERROR, "J7"),
        (Code.FORMULA_WITHOUT_VALUE, "I4"),
    ]
    assert reported == {(7, 9), (4, 8), (9, 10)}  # the error, the formula without value, the text too long (K9)
    assert s_rows == rows
    assert s_problems == problems
    assert s_reported == reported
    assert (s_table.header_row, s_table.columns, s_table.headers) == (table.header_row, table.columns, table.headers)


def test_streamed_ballots_report_in_the_order_of_the_list_read(tmp_path):
    path = awkward_ballots(tmp_path / "in.xlsx")
    problems = Problems()
    ratings = read_ratings(path, Policy(), problems)
    assert ratings is not None
    assert ratings.ballots.count == 6
    # The reader's problems first, then the ballots' own (row 4's 绩 and row 7's 廉 are already
    # reported as a formula without value and an error cell, so not again as incomplete ballots).
    assert [(p.code, p.cell) for p in problems] == [
        (Code.HEADER_REPEATED, None), (Code.TEXT_TOO_LONG, "K9"), (Code.TOTAL_ROWS, "A10"), (Code.MERGED_CELLS, "C6"),
        (Code.HIDDEN_ROWS, None),
        (Code.FORMULA_ERROR, "J7"), (Code.FORMULA_WITHOUT_VALUE, "I4"), (Code.DIMENSION_ABOVE_MAX, "F12"),
    ]
    assert {p.name: p.ballots for p in ratings.ballots.people} == {"张一": 1, "王二": 1, "赵三": 1}


def test_a_sheet_whose_data_starts_right_of_column_a_streams_from_a1(tmp_path):
    path = make_xlsx(tmp_path / "in.xlsx", {"测评": [
        [],
        [None, None, "被测评人", "科室"],
        [None, None, "张一", "办公室"],
    ]})
    fields = {name: RATING_FIELDS[name] for name in ("name", "department")}
    (rows, problems, _, table), (s_rows, s_problems, _, _) = read_both(path, fields)
    assert rows == [(3, ["", "", "张一", "办公室"])] == s_rows
    assert (table.header_row, table.columns) == (2, {"name": 2, "department": 3})
    assert s_problems == problems == []


# --- the cheap row checks against their plain definitions -----------------------------------


def plain_is_total_row(values):
    texts = [v for v in values if isinstance(v, str) and v.strip()][:3]
    return any(is_total_label(v) for v in texts)


def plain_is_repeated_header(values, header_keys):
    hits = sum(
        1 for c, key in header_keys.items()
        if c < len(values) and isinstance(values[c], str) and normalize(values[c]).lower() == key
    )
    return hits >= max(2, (len(header_keys) + 1) // 2)


texts = st.sampled_from([
    "合计", " 合 计", "\u200b合计", "ＴＯＴＡＬ", "Total:", "subtotal", "SubTotal", "ｓubtotal", "小计（元）", "⼩计", "總計", "共计", "张三",
    "办公室", "G0001", "t", "T", "", " ", "\u3000", "德", "能", "被测评人", "被 测评人", "ｔotal", "工号", "x合计",
]) | st.text(max_size=6)
cells = st.one_of(texts, st.none(), st.floats(allow_nan=False), st.integers(-5, 100), st.booleans())


@settings(max_examples=400, deadline=None)
@given(st.lists(cells, max_size=8))
def test_total_row_check_is_the_plain_one(values):
    assert _is_total_row(values) == plain_is_total_row(values)


@settings(max_examples=400, deadline=None)
@given(st.lists(cells, min_size=1, max_size=8), st.lists(cells, min_size=1, max_size=8), st.data())
def test_repeated_header_check_is_the_plain_one(headers, first, data):
    headers = [h if isinstance(h, str) else "德" for h in headers]
    used = set(data.draw(st.lists(st.integers(0, len(headers) - 1), min_size=1, max_size=len(headers))))
    keys = _HeaderKeys(headers, used)
    plain_keys = {c: normalize(str(headers[c])).lower() for c in used}
    for values in [first, *data.draw(st.lists(st.lists(cells, max_size=8), max_size=5))]:
        assert keys.repeated(values) == plain_is_repeated_header(values, plain_keys)


def plain_fill_merged(ranges, grid):
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


corners = st.tuples(st.integers(0, 7), st.integers(0, 4))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(corners, corners), max_size=5), st.integers(0, 8))
def test_merged_fill_row_by_row_is_the_whole_grid_fill(ranges, height):
    """Overlapping ranges (only a hostile file has them) included: each applies in its turn."""
    grid = [[f"{r},{c}" for c in range(4)] for r in range(height)]
    expected = [row[:] for row in grid]
    plain_fill_merged(ranges, expected)
    fill = _MergedFill(ranges)
    for r, row in enumerate(grid):
        fill(r, row)
    assert grid == expected


refs = st.tuples(st.sampled_from(["A", "B", "K", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]),
                 st.sampled_from(["1", "2", "9", "10", "99", "100", "101", "999", "1000", "1048576", "0", "007"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(refs, min_size=1, max_size=8))
def test_extent_bound_is_the_extent(cells_):
    """Cells as Excel spells them, all within reach of the fast path: it must prove their
    extent (not give way to the exact scan), and find the same."""
    xml = ("<sheetData><row>" + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c, r in cells_) + "</row></sheetData>").encode()
    bound = _extent_bound(xml)
    assert bound is not None
    exact = _exact(xml)
    assert bound == _extent(xml) == (exact.rows, exact.cols)


# --- rows written as sheet XML against openpyxl's cells ---------------------------------------


values_ = st.one_of(
    st.text(max_size=12), st.sampled_from(["=1+1", "+宋\r知远", "-鲁\t青禾", "@办公室", "  a ", "\x01", "_x0041_", "\ufffe", "a&b<c>"]),
    st.none(), st.integers(-(10**17), 10**17), st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000), st.booleans(),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(values_, min_size=1, max_size=4), min_size=1, max_size=4))
def test_write_rows_reads_back_as_set_cell(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("rows")
    fast, slow = openpyxl.Workbook(), openpyxl.Workbook()
    write_table(fast.active, ["甲", "乙", "丙", "丁"], rows, number_formats={2: "0.00"})
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            set_cell(slow.active, r, c, value)
    save_atomic(fast, folder / "fast.xlsx")
    slow.save(folder / "slow.xlsx")
    got = openpyxl.load_workbook(folder / "fast.xlsx").active
    want = openpyxl.load_workbook(folder / "slow.xlsx").active
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            a, b = got.cell(row=r, column=c), want.cell(row=r, column=c)
            assert (a.value, a.data_type if a.value is not None else None) == (b.value, b.data_type if b.value is not None else None)
            if c == 2 and isinstance(value, (int, Decimal)):
                assert a.number_format == "0.00"
    assert got.freeze_panes == "A2"


def test_write_rows_with_a_date_falls_back_to_openpyxl(tmp_path):
    wb = openpyxl.Workbook()
    last = write_table(wb.active, ["姓名", "日期", "分"], [["=张一", dt.date(2015, 12, 31), Decimal("36.00")]],
                       number_formats={3: "0.00"})
    assert last == 2
    save_atomic(wb, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert (ws["A2"].value, ws["A2"].data_type) == ("=张一", "s")
    assert ws["B2"].value == dt.datetime(2015, 12, 31)
    assert (ws["C2"].value, ws["C2"].number_format) == (36, "0.00")


def test_write_rows_styles_every_cell_of_a_styled_column_and_sets_heights(tmp_path):
    from openpyxl.styles import Font

    from jxkh.writer import style_id

    wb = openpyxl.Workbook()
    ws = wb.active
    set_cell(ws, 1, 1, "标题")
    bold = style_id(ws, font=Font(bold=True))
    last, widths = write_rows(ws, 2, [["张一", None], ["欧阳二", 12]], styles=[bold, bold], height=18)
    set_cell(ws, 4, 1, "合计")
    assert (last, widths) == (3, [6, 2])
    save_atomic(wb, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["标题", None], ["张一", None], ["欧阳二", 12], ["合计", None]]
    assert ws["B2"].font.b and ws["A3"].font.b and not ws["A4"].font.b
    assert ws.row_dimensions[2].height == 18 and ws.row_dimensions[4].height is None
    assert ws.dimensions == "A1:B4"


@pytest.mark.parametrize("rows", [[], [[None]]])
def test_write_table_without_data_rows(tmp_path, rows):
    wb = openpyxl.Workbook()
    last = write_table(wb.active, ["姓名"], rows)
    save_atomic(wb, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert ws["A1"].value == "姓名"
    assert last == 1 + len(rows)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab _x0041F\t\n\r\x01\x1f\ufffe\uffff\u3000张")), max_size=12))
def test_cell_text_is_what_set_cell_stores(text):
    from jxkh.writer import _cell_text

    ws = openpyxl.Workbook().active
    assert _cell_text(text) == set_cell(ws, 1, 1, text).value


# --- the terminal: progress bars and long lists -----------------------------------------------


def test_progress_bar_on_a_terminal_names_the_file_and_goes_away(tmp_path):
    import io

    from rich.console import Console

    from jxkh import progress

    path = awkward_ballots(tmp_path / "ballots.xlsx")
    screen = io.StringIO()
    progress.configure(enabled=True, console=Console(file=screen, force_terminal=True, width=100), delay=0)
    try:
        shown = progress.activity("progress_read", file="ballots.xlsx")
        shown._timer.join()  # the bar starts on the timer's thread
        table = read_table(open_workbook(path), "测评", ballot_fields(Policy()), Problems(), stream=True)
        rows = list(table.rows)
        shown.update(3, 10)
        shown.finish()
    finally:
        progress.configure(enabled=False)
    assert len(rows) == 6
    assert "读取 ballots.xlsx" in screen.getvalue()
    assert "3/10" in screen.getvalue()
    assert shown._bar is None


def test_no_progress_bar_off_a_terminal_or_with_json():
    import io

    from jxkh import progress
    from jxkh.cli.common import Options, show_progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert show_progress(Options(), Terminal()) is True
    assert show_progress(Options(json=True), Terminal()) is False
    assert show_progress(Options(), io.StringIO()) is False
    quiet = progress.activity("progress_read", file="x.xlsx")  # off by default: no timer, no bar
    assert quiet._timer is None
    quiet.finish()


def test_bonus_lists_the_first_hundred_people_with_everyone_in_the_totals(runner, tmp_path):
    from jxkh.cli import app

    names = [f"{chr(0x4E00 + i)}{chr(0x4E80 + i)}" for i in range(101)]
    ballots = [[name, "办公室", 9, 18, 27, 27, 9] for name in names]
    make_xlsx(tmp_path / "ratings.xlsx", {"测评": [["被测评人", "科室", "德", "能", "勤", "绩", "廉"], *ballots]})
    result = runner.invoke(app, ["bonus", "--pool", "10100", str(tmp_path / "ratings.xlsx")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert names[99] in result.stdout and names[100] not in result.stdout
    assert "以上为前 100 人，合计为全部 101 人" in result.stdout
    assert "10,100.00" in result.stdout  # the pool, everyone's


# --- each fast path is taken: removing one fails here (issue 14) -------------------------------
# The tests above prove the fast paths give the plain answers; these prove they run at all on
# the files they are for, by making the plain path raise (or counting it).


def usual_ballots(path, rows=40):
    """Ballots as a unit types them: a merged title, whole and half points, a note column."""
    data = [["2015年度民主测评汇总表", *[None] * 10], HEADER]
    for i in range(rows):
        half = 0.5 if i % 7 == 0 else 0
        data.append([f"G{i % 5}", f"张{i % 5}", "办公室", f"李{i}", "同事", 9 - half, 18, 27 + half, 27, 9, None])
    return make_xlsx(path, {"测评": data}, merges={"测评": ["A1:K1"]})


def refuse(name):
    def plain(*args, **kwargs):
        raise AssertionError(f"the plain path ({name}) ran where the fast path should have")

    return plain


def test_ballots_take_every_fast_path(tmp_path, monkeypatch):
    """The sheet-XML scan proves its answer by C-level searches (the exact tokenizer never runs),
    the rows stream (never the whole grid as lists), the scores are read without `cells.to_decimal`,
    no data row is normalised for the total and repeated-header checks, and the merged title
    is not filled into rows it cannot reach."""
    from jxkh.cells import normalize as plain_normalize
    from jxkh.headers import is_total_label as plain_total
    from jxkh.ratings import tally
    from jxkh.reader import table, xmlscan
    from jxkh.reader.book import Workbook

    expected = {n: read_ratings(usual_ballots(tmp_path / f"{n}.xlsx", n), Policy(), Problems()) for n in (40, 80)}
    calls = {"normalize": 0, "total": 0, "fill": 0}

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(xmlscan, "_exact", refuse("xmlscan._exact"))
    monkeypatch.setattr(Workbook, "rows", refuse("Workbook.rows"))
    monkeypatch.setattr(tally.BallotTally, "_slow", refuse("BallotTally._slow"))
    monkeypatch.setattr(table, "normalize", counted("normalize", plain_normalize))
    monkeypatch.setattr(table, "is_total_label", counted("total", plain_total))
    monkeypatch.setattr(_MergedFill, "__call__", counted("fill", _MergedFill.__call__))
    seen = {}
    for n in (40, 80):
        calls.update(normalize=0, total=0, fill=0)
        problems = Problems()
        ratings = read_ratings(tmp_path / f"{n}.xlsx", Policy(), problems)
        assert ratings is not None and not problems.errors
        assert ratings.ballots.count == n
        assert [(p.name, p.tallies[0].sums) for p in ratings.ballots.people] == [
            (p.name, p.tallies[0].sums) for p in expected[n].ballots.people
        ]
        seen[n] = dict(calls)
    # Only the header search normalises texts: twice the rows, not one call more.
    assert seen[40]["normalize"] == seen[80]["normalize"]
    assert seen[40]["total"] == seen[80]["total"] == 0
    # The title's range ends on row 1: only the 21 rows read for the header search are filled.
    assert seen[40]["fill"] == seen[80]["fill"] == 21


def test_csv_scores_typed_as_text_take_the_fast_path(tmp_path, monkeypatch):
    """A CSV's "8.5" is read by plain string arithmetic, not `cells.to_decimal`."""
    from jxkh.ratings import tally

    path = tmp_path / "ballots.csv"
    path.write_text(
        ",".join(HEADER) + "\n" + "".join(f"G{i},张{i},办公室,李{i},同事,8.5,18,27.25,27,9,\n" for i in range(5)),
        encoding="utf-8",
    )
    monkeypatch.setattr(tally.BallotTally, "_slow", refuse("BallotTally._slow"))
    problems = Problems()
    ratings = read_ratings(path, Policy(), problems)
    assert ratings is not None and not problems.errors
    assert ratings.ballots.people[0].tallies[0].sums == [850, 1800, 2725, 2700, 900]


def test_the_usual_sheet_is_scanned_without_the_exact_tokenizer(monkeypatch):
    """`scan` itself takes the fast path (the extent from the sheet's two ends, proven by one
    search): with `_fast_extent` or `_extent_bound` giving way, the exact scan would run."""
    from jxkh.reader import xmlscan

    xml = ("<worksheet><sheetData>" + "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDEFGHIJK") + "</row>"
        for r in range(1, 3001)
    ) + "</sheetData></worksheet>").encode()
    assert _extent_bound(xml) == (3000, 11)
    monkeypatch.setattr(xmlscan, "_exact", refuse("xmlscan._exact"))
    found = xmlscan.scan(xml)
    assert (found.rows, found.cols) == (3000, 11)


def form_xml(rows: int = 440, middle: str = "") -> bytes:
    """A ballot form's sheet XML as Excel writes it (about 130 KB for 440 ratees, 9 columns)."""
    return ("<worksheet><sheetData>" + "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="1"><v>{r % 30}</v></c>' for c in "ABCDEFGHI")
        + (middle if r == rows // 2 else "") + "</row>" for r in range(1, rows + 1)
    ) + "</sheetData></worksheet>").encode()


@pytest.mark.parametrize("middle, extent", [("", (440, 9)), ('<c r="L220"><v>1</v></c>', (440, 12))],
                         ids=["usual", "a wider cell mid-form"])
def test_a_forms_extent_is_proven_from_its_narrow_ends(monkeypatch, middle, extent):
    """A form (130 KB) fits within the two wide 64 KB ends, and converting its every cell reference
    was most of the scan of 600 forms: narrow 8 KB ends are tried first (at most about 600 of its
    4,000 references), the wide ones only when a cell lies beyond them, never the exact scan."""
    from jxkh.reader import xmlscan

    seen = []
    real = xmlscan._CANONICAL_REF

    class Counted:
        def findall(self, *args):
            found = real.findall(*args)
            seen.append(len(found))
            return found

    xml = form_xml(middle=middle)
    assert 120_000 < len(xml) < 2 * xmlscan._SAMPLE
    monkeypatch.setattr(xmlscan, "_CANONICAL_REF", Counted())
    monkeypatch.setattr(xmlscan, "_exact", refuse("xmlscan._exact"))
    found = xmlscan.scan(xml)
    assert (found.rows, found.cols) == extent
    assert sum(seen[:2]) < 700  # the narrow ends first
    assert (sum(seen) > 3000) == bool(middle)  # the wide ones only for the wider cell


def test_check_reads_a_ballots_workbook_once_and_sniffs_only_its_first_rows(tmp_path, monkeypatch):
    """`jxkh check` decides the kind from the first rows (not the whole sheet as lists), and
    the appraise it runs reuses the book it opened: the file is read once, each sheet built once."""
    from jxkh.checking import check_file
    from jxkh.reader import intake
    from jxkh.reader.book import Workbook

    path = usual_ballots(tmp_path / "ballots.xlsx")
    book = openpyxl.load_workbook(path)  # a sheet name that says nothing: the header decides
    book["测评"].title = "Sheet1"
    book.save(path)
    reads, builds = [], []
    read_bounded, build = intake.read_bounded, Workbook._sheet

    def counted_read(*args, **kwargs):
        reads.append(args[0])
        return read_bounded(*args, **kwargs)

    def counted_build(self, sheet):
        if sheet not in self._sheets:
            builds.append(sheet)
        return build(self, sheet)

    monkeypatch.setattr(intake, "read_bounded", counted_read)
    monkeypatch.setattr(Workbook, "_sheet", counted_build)
    monkeypatch.setattr(Workbook, "rows", refuse("Workbook.rows"))
    monkeypatch.chdir(tmp_path)
    result = check_file(path, Policy())
    assert result.kind == "ratings"
    assert reads == [path]
    assert builds == ["Sheet1"]


def test_a_long_sheet_is_cut_and_scanned_without_holding_its_xml(tmp_path, monkeypatch):
    """`Workbook.cut` scans a long sheet and cuts its first rows chunk by chunk, each chunk unpacked
    on a thread while the one before is scanned: with the whole-sheet reads made to raise and
    chunks of 4 KB, the cut and the facts are those of the whole sheet, read from many chunks
    unpacked off the main thread."""
    import threading

    from jxkh.reader import book as book_module
    from jxkh.reader.book import Workbook
    from jxkh.reader.xmlscan import first_rows, scan

    path = usual_ballots(tmp_path / "ballots.xlsx", rows=400)
    book = open_workbook(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    threads, unpacked = [], Workbook._unpacked

    def counted(self, member):
        for chunk in unpacked(self, member):
            threads.append(threading.current_thread().name)
            yield chunk

    monkeypatch.setattr(book_module, "CHUNK", 4096)
    monkeypatch.setattr(Workbook, "_unpacked", counted)
    monkeypatch.setattr(Workbook, "sheet_xml", refuse("Workbook.sheet_xml"))
    monkeypatch.setattr(book_module, "first_rows", refuse("xmlscan.first_rows"), raising=False)
    monkeypatch.setattr(book_module, "scan", refuse("xmlscan.scan"))
    assert book.cut(["测评"]) is not None
    assert book._cut_xml["测评"] == first_rows(xml, 40)
    assert book.facts("测评") == scan(xml)
    assert len(threads) > 10 and set(threads) == {"jxkh-unpack"}


def test_an_appraisal_writes_its_rows_as_sheet_xml(tmp_path, monkeypatch):
    """The output's data rows (every sheet of `jxkh appraise`) go through the sheet-XML path,
    never openpyxl's cells: with the fallback made to raise, the whole output is still written."""
    from jxkh import writer
    from jxkh.cycle import appraise_file

    path = usual_ballots(tmp_path / "in.xlsx")
    monkeypatch.setattr(writer, "_write_rows_openpyxl", refuse("writer._write_rows_openpyxl"))
    result = appraise_file(path, Policy(), output=tmp_path / "out.xlsx")
    people = openpyxl.load_workbook(result.output)["测评结果"]
    assert [people.cell(r, 3).value for r in range(3, 8)] == [p.name for p in result.people]


# --- the writing of big tables (issue 14): each distinct value looked at once ------------------


def test_write_rows_escapes_and_measures_each_distinct_value_once(monkeypatch):
    """A 科室 on a thousand rows is escaped and measured once, a score once per digits: with the
    caches removed, `_text_cell` and openpyxl's `safe_string` run once per cell."""
    import openpyxl.compat

    from jxkh import writer

    calls = {"text": 0, "number": 0}
    text_cell, safe_string = writer._text_cell, openpyxl.compat.safe_string

    def counted_text(value):
        calls["text"] += 1
        return text_cell(value)

    def counted_number(value):
        calls["number"] += 1
        return safe_string(value)

    monkeypatch.setattr(writer, "_text_cell", counted_text)
    monkeypatch.setattr(openpyxl.compat, "safe_string", counted_number)
    ws = openpyxl.Workbook().active
    rows = [["综合办公室很长的科室名称", "良好", Decimal("85.50") if i % 2 else Decimal("85.5")] for i in range(1000)]
    long_texts = []
    last, widths = write_rows(ws, 2, rows, long_texts=long_texts)
    assert calls == {"text": 2, "number": 2}
    # Equal Decimals of other digits are not one: 85.50 is a column wider than 85.5.
    assert (last, widths) == (1001, [24, 4, 5])
    assert long_texts == [(r, 0, "综合办公室很长的科室名称") for r in range(2, 1002)]


def test_short_word_columns_measure_each_distinct_text_once(monkeypatch):
    """A column of names and grades is measured once per distinct text; a number column stops
    at its first number."""
    from jxkh import writer

    measured = []

    def counted(value):
        measured.append(value)
        return display_width(value)

    display_width = writer.display_width
    monkeypatch.setattr(writer, "display_width", counted)
    rows = [[f"张{i % 3}", 90 + i, "优秀" if i % 2 else "合格", None, "很长很长的一句说明文字" if i == 500 else "短"] for i in range(1000)]
    assert writer._short_word_columns(rows, 5) == [0, 2]
    assert sorted(measured) == sorted(["张0", "张1", "张2", "合格", "优秀", "短", "很长很长的一句说明文字"])


def test_grow_rows_measures_a_repeated_long_text_once(monkeypatch):
    """The wrapped lines of a 科室 repeated on every row are counted once per column width."""
    from jxkh import writer

    calls = []
    lines_needed = writer.lines_needed
    monkeypatch.setattr(writer, "lines_needed", lambda text, width: calls.append(text) or lines_needed(text, width))
    ws = openpyxl.Workbook().active
    rows = [[f"人{i}", "党政综合办公室（人事科）"] for i in range(300)]
    write_table(ws, ["姓名", "科室"], rows, widths=[8, 12])
    assert calls == ["党政综合办公室（人事科）", "姓名", "科室"]  # the headers' lines are counted apart
    # …and every one of those rows still gets the height of its two lines.
    xml = "".join("".join(block[3]) for block in ws.__dict__["_jxkh_rows"])
    assert xml.count('customHeight="1"') == 300


def test_the_header_search_normalises_each_text_once_over_forms_per_rater(tmp_path, monkeypatch):
    """600 forms show the same header and names in their first rows: the header words
    (`header_index`) and the cells' texts are normalised once each, not once per form."""
    from jxkh import headers
    from jxkh.reader import table
    from test_plain import WEIGHTED, per_rater_forms

    counts = []
    for forms in (1, 6):
        path = per_rater_forms(tmp_path / f"forms{forms}.xlsx", raters=forms)
        table._short_key.cache_clear(), headers._header_key.cache_clear()
        calls = [0]

        def counted(text, calls=calls):
            calls[0] += 1
            return normalize(text)

        monkeypatch.setattr(table, "normalize", counted)
        monkeypatch.setattr(headers, "normalize", counted)
        read_ratings(path, WEIGHTED, Problems())
        counts.append(calls[0])
    one, six = counts
    # Each further form: its few own texts (the used headers' keys, its 测评人类别 line), about 18;
    # without the caches about 130 (every header word, every text of its first rows).
    assert six - one < 5 * 30, counts


# --- the writing of big tables, column by column (session 6) -----------------------------------


def _read_back(path, rows):
    """Each row's cells, as far as the row goes (past its end the openpyxl path styles the
    cells of a styled column, the sheet-XML path has always written none)."""
    ws = openpyxl.load_workbook(path).active
    return [
        [(ws.cell(r, c).value, ws.cell(r, c).data_type if ws.cell(r, c).value is not None else None,
          ws.cell(r, c).number_format, ws.cell(r, c).font.b, ws.cell(r, c).has_style)
         for c in range(1, len(row) + 1)]
        for r, row in enumerate(rows, start=2)
    ]


mixed_values = st.one_of(
    values_, st.sampled_from([0.0, -0.0, Decimal("-0"), Decimal("0.00"), Decimal("85.5"), Decimal("85.50"), 1, True, 1.0,
                              Decimal("1"), "1", "", float("nan"), 10**16, "  ", "长长长长长长长长长长长", "a\nb"]))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(mixed_values, max_size=5), min_size=1, max_size=6),
    st.lists(st.booleans(), max_size=5),
)
def test_write_rows_is_its_plain_openpyxl_path(tmp_path_factory, rows, styled):
    """Ragged rows, unstyled columns, columns mixing 1, True, 1.0, Decimal("1") and "1", -0.0
    beside 0.0, 85.5 beside 85.50: the column-by-column writer gives the cells, styles, widths
    and long texts that `_write_rows_openpyxl` gives through `set_cell`."""
    from openpyxl.styles import Font

    from jxkh import writer
    from jxkh.writer import style_id

    folder = tmp_path_factory.mktemp("rows")
    results = []
    for fast in (True, False):
        wb = openpyxl.Workbook()
        ws = wb.active
        styles = [style_id(ws, font=Font(bold=True)) if on else None for on in styled]
        numeric = {1: style_id(ws, number_format="0.00")}
        long_texts = []
        if fast:
            last, widths = write_rows(ws, 2, rows, styles=styles, numeric_styles=numeric, long_texts=long_texts)
        else:
            last, widths = writer._write_rows_openpyxl(ws, 2, rows, styles, numeric, None, long_texts)
        save_atomic(wb, folder / f"{fast}.xlsx")
        width = max([len(styles), *map(len, rows)])
        results.append((last, widths + [0] * (width - len(widths)), long_texts, _read_back(folder / f"{fast}.xlsx", rows)))
    assert results[0] == results[1]


def test_text_columns_are_written_without_looking_at_each_value(monkeypatch):
    """A column of texts (names, 科室) is looked up in C: `_cell_xml`, the one-by-one path, never runs."""
    from jxkh import writer

    monkeypatch.setattr(writer, "_cell_xml", refuse("writer._cell_xml"))
    ws = openpyxl.Workbook().active
    rows = [[f"张{i}", "党政综合办公室（人事科）", None if i % 3 else "优秀"] for i in range(500)]
    long_texts = []
    last, widths = write_rows(ws, 2, rows, styles=[1, 1, None], long_texts=long_texts)
    assert (last, widths) == (501, [5, 24, 4])
    assert long_texts == [(r, 1, "党政综合办公室（人事科）") for r in range(2, 502)]
    xml = "".join("".join(block[3]) for block in ws.__dict__["_jxkh_rows"])
    assert xml.count("<c ") == 500 * 2 + 167  # the third column's blanks write no cell: it is not styled


def test_a_workbook_makes_each_texts_cell_once_across_its_sheets(monkeypatch):
    """The 公示 lists the people of the results sheet again: their names' cells are made once."""
    from jxkh import writer

    made = []
    text_cell = writer._text_cell
    monkeypatch.setattr(writer, "_text_cell", lambda text: made.append(text) or text_cell(text))
    wb = openpyxl.Workbook()
    rows = [[f"张{i}", "办公室"] for i in range(100)]
    write_table(wb.active, ["姓名", "科室"], rows)
    write_table(wb.create_sheet("公示"), ["科室", "姓名"], [row[::-1] for row in rows])
    assert sorted(made) == sorted(["办公室", *(f"张{i}" for i in range(100))])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab _x0041F&<>\t\n\r\x01\x1f\x85\ufffe\uffff\u3000\u00a0张")), max_size=12))
def test_text_cell_is_the_plain_escape_and_element(text):
    """`_text_cell`'s one look for a plain text gives what escaping and `_text_element` give."""
    from jxkh.writer import _cell_text, _text_cell, _text_element, display_width

    escaped = _cell_text(text) if text else ""
    body = f' t="inlineStr"><is>{_text_element(escaped)}</is></c>' if escaped else ""
    assert _text_cell(text) == (body, display_width(text), display_width(text) > 10 or "\n" in text)


def test_a_plain_text_is_looked_at_once(monkeypatch):
    from jxkh import writer

    monkeypatch.setattr(writer, "_cell_text", refuse("writer._cell_text"))
    monkeypatch.setattr(writer, "_text_element", refuse("writer._text_element"))
    assert writer._text_cell("张三=1+1") == (' t="inlineStr"><is><t>张三=1+1</t></is></c>', 8, False)


def test_a_name_in_chinese_is_measured_without_looking_up_each_character(monkeypatch):
    import unicodedata

    from jxkh import writer

    monkeypatch.setattr(unicodedata, "east_asian_width", refuse("unicodedata.east_asian_width"))
    assert writer.display_width("欧阳修远") == 8
    assert writer.display_width("（人事科）　") == 12


def test_every_character_counted_wide_without_a_look_is_wide():
    import unicodedata

    from jxkh.writer import _ALL_WIDE

    chars = [chr(c) for c in range(0x3000, 0x10000) if _ALL_WIDE.fullmatch(chr(c))]
    assert len(chars) > 20000
    assert all(unicodedata.east_asian_width(ch) in "WF" for ch in chars)


def test_short_word_columns_skip_a_number_column_at_its_first_row():
    """A column whose first value is a number is not looked at further (the rows below it are
    never read)."""
    from jxkh import writer

    class FirstColumnUnread(list):
        def __getitem__(self, index):
            if index == 0:
                raise AssertionError("column A read below its first row")
            return super().__getitem__(index)

    rows = [[90, "优秀"], *(FirstColumnUnread([91 + i, "合格"]) for i in range(5))]
    assert writer._short_word_columns(rows, 2) == [1]


def test_rows_sheets_are_deflated_fast_and_written_in_parts(tmp_path, monkeypatch):
    """The sheets holding write_rows' rows are deflated at `ROWS_COMPRESSION`, not zlib's
    default, and their XML is joined a few thousand rows at a time."""
    import zipfile as zipfile_module

    from jxkh import writer

    levels, writes = [], []

    class Recording(zipfile_module.ZipFile):
        def __init__(self, *args, **kwargs):
            levels.append(kwargs.get("compresslevel"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(zipfile_module, "ZipFile", Recording)
    wb = openpyxl.Workbook()
    write_rows(wb.active, 1, [[f"人{i}", i] for i in range(10)])
    block = wb.active.__dict__["_jxkh_rows"][0]

    class Member:
        def write(self, data):
            writes.append(data)

    writer._write_block(Member(), block, rows=4)
    assert len(writes) == 3 and b"".join(writes).decode() == "".join(block.pieces)
    save_atomic(wb, tmp_path / "out.xlsx")
    assert writer.ROWS_COMPRESSION in levels and writer.ROWS_COMPRESSION < 6
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert [ws.cell(r, 2).value for r in range(1, 11)] == list(range(10))
