"""The same workbook with its sheet XML spelt another legal way (attribute order, single
quotes, spaces, lower case, a leading zero, a namespace prefix, strict OOXML) reads the same:
error cells, formulas never calculated and hidden rows are seen, and a far cell is refused
before calamine allocates it (it once aborted the process from an 8 KB file)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from . import builders
from .expect import accepted, command, refused

SPELLINGS = builders.SPELLINGS


@pytest.mark.parametrize("how", SPELLINGS)
def test_error_cell_and_formula_without_value_in_any_spelling(how, work):
    builders.spelt(work / "in.xlsx", builders.RATINGS, how, {"测评!D2": ("=", "#REF!+1", "#REF!"), "测评!E3": ("=", "9+9", None)})
    refused(command("appraise", work, "in.xlsx"), ("formula-error", "测评", "D2"), ("formula-without-value", "测评", "E3"))


@pytest.mark.parametrize("how", SPELLINGS)
def test_score_error_cell_in_any_spelling(how, work):
    """Read as blank, #DIV/0! would score 一般's band default with exit 0."""
    builders.spelt(work / "in.xlsx", builders.INDICATORS, how, {"指标!I4": ("=", "D4*0.9/0", "#DIV/0!")})
    outcome = refused(command("score", work, "in.xlsx"), ("formula-error", "指标", "I4"))
    assert outcome.error("formula-error")["value"] == "#DIV/0!"


@pytest.mark.parametrize("how", SPELLINGS)
def test_hidden_row_in_any_spelling(how, work):
    builders.spelt(work / "in.xlsx", builders.RATINGS, how, hidden_rows=[3])
    outcome = accepted(command("appraise", work, "in.xlsx"), ("hidden-rows", "测评", None))
    assert outcome.warning("hidden-rows")["row"] == 3


@pytest.mark.parametrize("how", SPELLINGS)
@pytest.mark.parametrize("name", ["score", "appraise"])
def test_a_far_cell_in_any_spelling_is_refused(name, how, work):
    sheets = builders.INDICATORS if name == "score" else builders.RATINGS
    sheet = next(iter(sheets))
    far = builders.cell_xml("XFD1048576", "x")
    builders.spelt(work / "far.xlsx", sheets, how, tail=f'<row r="1048576">{far}</row>')
    outcome = refused(command(name, work, "far.xlsx"), ("workbook-too-large", sheet, None))
    assert f"{sheet}!A1:XFD1048576" in outcome.error("workbook-too-large")["message"]


def test_a_far_cell_spelt_otherwise_exits_1_as_a_process(work):
    """As the clerk runs it: exit 1 with the message, not SIGABRT (134) from calamine."""
    far = builders.cell_xml("XFD1048576", "x").replace('<c r="XFD1048576"', "<c r='xfd01048576'")
    builders.write_zip(work / "far.xlsx", builders.package(builders.sheets_xml(builders.RATINGS, tail=f"<row>{far}</row>")))
    assert (work / "far.xlsx").stat().st_size < 8192
    before = set(work.iterdir())
    done = subprocess.run([sys.executable, "-m", "jxkh", "appraise", "far.xlsx", "--json"], cwd=work,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert '"workbook-too-large"' in done.stdout and "Traceback" not in done.stderr
    assert set(work.iterdir()) == before


@pytest.mark.parametrize("how", ["single-quotes", "prefix"])
def test_an_ods_repeat_bomb_in_any_spelling_is_refused(how, work):
    """A row of 1,024 cells repeated 1,048,576 times, however it is spelt."""
    builders.ods_bomb_spelt(work / "bomb.ods", builders.RATINGS, how)
    outcome = refused(command("appraise", work, "bomb.ods"), ("workbook-too-large", "测评", None))
    assert "测评!A1:" in outcome.error("workbook-too-large")["message"]


@pytest.mark.parametrize("how", SPELLINGS)
def test_a_far_blank_cell_in_any_spelling_is_dropped_and_nothing_else(how, work):
    """A space in XFD1048576 makes the sheet sparse: its blank cells are cut away before
    calamine reads it, and every value, however spelt, stays (92.5 82.5 70.5 as read plainly)."""
    far = builders.cell_xml("XFD1048576", " ")
    builders.spelt(work / "far.xlsx", builders.RATINGS, how, tail=f'<row r="1048576">{far}</row>')
    outcome = accepted(command("appraise", work, "far.xlsx"))
    assert [p["rating"] for p in outcome.data["people"]] == [92.5, 82.5, 70.5]


@pytest.mark.parametrize("how", SPELLINGS)
def test_far_blank_cells_across_in_any_spelling(how, work):
    """Blank cells far to the right on every row (not only below): dropped cell by cell."""
    rows = [row + [None] * 3 for row in builders.RATINGS["测评"]]
    sheets = {"测评": rows, "人员": builders.RATINGS["人员"]}
    tail = "".join(f'<row r="{r}">{builders.cell_xml(f"XFD{r}", " ")}</row>' for r in range(100, 200))
    builders.spelt(work / "wide.xlsx", sheets, how, tail=tail)
    outcome = accepted(command("appraise", work, "wide.xlsx"))
    assert [p["rating"] for p in outcome.data["people"]] == [92.5, 82.5, 70.5]


@pytest.mark.parametrize("how", SPELLINGS)
def test_a_hidden_column_that_is_read_is_said(how, work):
    """能 (column E) hidden in Excel still counts: said, like hidden rows. A hidden column the
    command does not read (J, beyond the table) is no concern of it."""
    cols = "<cols><col hidden='1' max=\"5\" min='5'/><col min=\"10\" max=\"12\" hidden=\"true\"/></cols>"
    builders.spelt(work / "in.xlsx", builders.RATINGS, how, cols=cols)
    outcome = accepted(command("appraise", work, "in.xlsx"), ("hidden-columns", "测评", None))
    assert outcome.warning("hidden-columns")["value"] == "E"
    assert [p["rating"] for p in outcome.data["people"]] == [92.5, 82.5, 70.5]
