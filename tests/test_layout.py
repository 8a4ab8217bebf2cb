"""The print layout's arithmetic (writer.py): which orientation, how narrow, how many lines,
where a chart's page break goes. tests/test_print.py checks the printed result."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jxkh.writer import (
    BAND_FLOOR,
    COMFORTABLE,
    KEY_WIDEST,
    LANDSCAPE_WIDTH,
    NARROWEST,
    PORTRAIT_WIDTH,
    add_bar_chart,
    column_bands,
    fit_a4,
    lines_needed,
    new_workbook,
    write_table,
)
from jxkh.writer import _narrowed as narrowed


def test_the_widest_columns_narrow_to_one_width_and_never_below_the_floor():
    assert narrowed([6, 40, 30, 8], 60) == [6, 23, 23, 8]
    assert narrowed([6, 40, 30, 8], 84) == [6, 40, 30, 8]  # it fits: untouched
    assert narrowed([6, 40, 30, 8], 20) == [6, NARROWEST, NARROWEST, 8]  # the floor holds


def test_lines_count_wide_characters_twice():
    assert lines_needed("", 10) == 1
    assert lines_needed("一二三四五六七八九十", 18) == 1  # (18 − 1.2) × 2 × 6.15 / 10 = 20.7 ≥ 20 display units
    assert lines_needed("一二三四五六七八九十", 17) == 2  # 19.4 < 20
    assert lines_needed("一二三四五六七八", 7.5) == 3  # 7 display units a line: three characters
    # a Latin run moves whole to the next line; one longer than a line is cut where it ends
    assert lines_needed("SHA-256：" + "0" * 64, 48) == 3  # 9 units, then 57 of the 64, then 7
    assert lines_needed("共 12 项", 7.5) == 2
    assert lines_needed("第一行\n第二行", 20) == 2


def _sheet(widths: list[int]):
    wb = new_workbook()
    ws = wb.active
    write_table(ws, [f"列{i}" for i in range(len(widths))], [["x" * w for w in widths]], widths=[w + 2 for w in widths])
    return ws


def test_portrait_when_it_fits_else_landscape_never_below_90_percent():
    ws = _sheet([20, 30, 20])
    fit_a4(ws, header_row=1, title_row=None)
    assert (ws.page_setup.orientation, ws.page_setup.scale) == ("portrait", 100)
    ws = _sheet([40, 40, 20])
    fit_a4(ws, header_row=1, title_row=None)
    assert sum(w + 2 for w in [40, 40, 20]) > PORTRAIT_WIDTH
    assert (ws.page_setup.orientation, ws.page_setup.scale) == ("landscape", 100)
    ws = _sheet([10] * 14)  # 168 units: too wide even narrowed, so the first column repeats
    fit_a4(ws, header_row=1, title_row=None, key_columns=2)
    assert ws.page_setup.scale == 90
    assert ws.print_title_cols == "$A:$B"
    assert sum(w for w in [12] * 14) > LANDSCAPE_WIDTH * 100 / 90


def test_a_chart_that_would_cross_the_page_starts_the_next():
    wb = new_workbook()
    ws = wb.active
    add_bar_chart(ws, "前", label_col=1, value_col=2, first_row=2, last_row=5, anchor="A8")
    assert ws.row_breaks.brk == []
    add_bar_chart(ws, "后", label_col=1, value_col=2, first_row=2, last_row=40, anchor="A42")
    assert [b.id for b in ws.row_breaks.brk] == [41]


@given(st.lists(st.floats(min_value=4, max_value=50, allow_nan=False), min_size=2, max_size=40), st.integers(1, 3),
       st.sampled_from([LANDSCAPE_WIDTH * 100 / 90, PORTRAIT_WIDTH * 100 / 90]))
def test_bands_of_columns_each_fit_the_page_beside_the_names(natural, keys, reach):
    keys = min(keys, len(natural) - 1)
    widths, starts = column_bands(natural, keys, reach)
    assert len(widths) == len(natural)
    assert starts == sorted(set(starts)) and all(keys < s < len(natural) for s in starts)
    names = sum(widths[:keys])
    for first, end in zip([keys, *starts], [*starts, len(natural)]):
        # a band fits beside the repeated names (a band of one column too wide for any page aside)
        assert names + sum(widths[first:end]) <= max(reach, names + COMFORTABLE) + 0.01 or end - first == 1
    for w, own in zip(widths, natural):
        assert w <= own + 0.01  # never wider than its text
        assert w >= min(own, BAND_FLOOR) - 0.1 or w >= KEY_WIDEST - 0.1  # never below the floor


def test_a_form_too_wide_for_one_page_prints_in_bands_with_the_title_above_each():
    ws = _sheet([30] * 16)  # 16 × 32 units: even at the narrowest (10) 160 > 137.8, one landscape page at 90%
    fit_a4(ws, header_row=1, title_row=None, key_columns=1)
    assert ws.print_title_cols == "$A:$A"
    # A at 18 on every page; B–I at 14 (8 × 14 = 112 ≤ 137.8 − 18), J–P next, each band's spare shared out
    assert [b.id for b in ws.col_breaks.brk] == [9]
    assert ws.page_setup.scale == 90
    widths = [ws.column_dimensions[chr(65 + c)].width for c in range(16)]
    assert widths[0] == 18 and sum(widths[:9]) <= 137.8 and widths[0] + sum(widths[9:]) <= 137.8


def _notice_like(foot_rows: int) -> "openpyxl.Workbook":
    """Title (40 pt) and header (20 pt) over 40 rows of 16 pt, a 合计 (16), then `foot_rows` lines
    of 17.6 pt: A4 portrait at 0.6-inch margins holds 842 − 86.4 = 755.6 pt."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.row_dimensions[1].height, ws.row_dimensions[2].height = 40, 20
    ws.row_dimensions[43].height = 16  # 合计
    for r in range(44, 44 + foot_rows):
        ws.row_dimensions[r].height = 17.6
    return wb


def test_a_notice_foot_never_starts_a_page_under_an_empty_header():
    from jxkh.writer import keep_with_foot

    # 60 + 640 + 16 = 716 pt: the list and 合计 fit; two foot lines (35.2) end at 751.2: all on one page.
    wb = _notice_like(2)
    keep_with_foot(wb.active, header_row=2, last=42, end=45, row_height=16)
    assert list(wb.active.row_breaks.brk) == []
    # A third line ends at 768.8 > 755.6: it would start page 2 under the repeated header alone,
    # so the last three people go over with it (break after row 39).
    wb = _notice_like(3)
    keep_with_foot(wb.active, header_row=2, last=42, end=46, row_height=16)
    assert [b.id for b in wb.active.row_breaks.brk] == [39]
    # Exactly full (716 + 17.6 + 22.0 = 755.6 pt) still fits: no break.
    wb = _notice_like(2)
    wb.active.row_dimensions[45].height = 22.0
    keep_with_foot(wb.active, header_row=2, last=42, end=45, row_height=16)
    assert list(wb.active.row_breaks.brk) == []


def test_no_row_is_taller_than_excel_allows(tmp_path):
    """A 720-character 完成情况说明 once gave its row 2,032 pt; Excel refuses a row over 409 pt
    as corrupt, so the row stops there (the cell's text is still whole in the cell)."""
    import shutil
    from pathlib import Path

    import openpyxl

    from jxkh.cycle import score_file
    from jxkh.policy import Policy

    source = Path(__file__).resolve().parent.parent / "examples" / "indicators.xlsx"
    path = tmp_path / "indicators.xlsx"
    shutil.copy(source, path)
    wb = openpyxl.load_workbook(path)
    long = "全年召开党员大会4次，" * 72  # 720 characters
    wb["指标"]["O3"] = long
    wb.save(path)
    result = score_file(path, Policy(), output=tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(result.output)["指标"]
    heights = {r: ws.row_dimensions[r].height for r in range(1, ws.max_row + 1) if ws.row_dimensions[r].height}
    assert max(heights.values()) == 409.0
    assert long in [c.value for row in ws.iter_rows() for c in row]
