"""The print layout's arithmetic (writer.py): which orientation, how narrow, how many lines,
where a chart's page break goes. tests/test_print.py checks the printed result."""

from __future__ import annotations

from jxkh.writer import (
    LANDSCAPE_WIDTH,
    NARROWEST,
    PORTRAIT_WIDTH,
    add_bar_chart,
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
    assert lines_needed("一二三四五六七八九十", 20) == 1  # (20 − 2) × 2 × 6.15 / 10 = 22.1 ≥ 20 display units
    assert lines_needed("一二三四五六七八九十", 18) == 2  # 19.7 < 20
    assert lines_needed("一二三四五六七八", 8) == 3  # 7 display units a line
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
