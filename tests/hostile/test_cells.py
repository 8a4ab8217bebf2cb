"""Messy cells: the wrong kind of value where a number belongs, odd but valid numbers,
names that only look different, names that look like formulas, text too long for Excel,
and sheets with merged, hidden or repeated parts.

Each case changes one cell of a good workbook (`builders.INDICATORS`, `builders.RATINGS`)
and states the outcome: the error's code and cell, or the values read and the warning.
"""

from __future__ import annotations

import datetime as dt

import pytest

from . import builders
from .expect import accepted, command, refused

RATINGS_COMMANDS = ["appraise", "bonus"]  # bonus recomputes the appraisal from the same ballots


def ratings_values(outcome, name: str):
    """What the good ballots give: appraise's ratings or bonus's amounts (see builders)."""
    if name == "appraise":
        return [p["rating"] for p in outcome.data["people"]]
    return [p["amount"] for p in outcome.data["people"]]


GOOD = {"appraise": [92.5, 82.5, 70.5], "bonus": [11250, 11250, 7500]}


# --- the wrong kind of value where a number belongs -----------------------------------------


WRONG_NUMBERS = [
    (dt.date(2015, 12, 31), "number-is-date"),  # Excel turned 12.31 into a date
    (dt.datetime(2015, 9, 1, 8, 30), "number-is-date"),
    (True, "number-is-bool"),
    ("inf", "number-not-finite"),
    ("NaN", "number-not-finite"),
    ("1e30", "number-not-finite"),  # no score is 10^15 or more: a slip (and Decimal would overflow)
    ("九十", "number-invalid"),
    ("#N/A", "number-invalid"),  # typed as text, not an error value
]


@pytest.mark.parametrize(("value", "code"), WRONG_NUMBERS, ids=[c + "-" + str(v) for v, c in WRONG_NUMBERS])
def test_score_wrong_number(value, code, work):
    builders.indicators(work / "in.xlsx", {"指标!I4": value})
    refused(command("score", work, "in.xlsx"), (code, "指标", "I4"))


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
@pytest.mark.parametrize(("value", "code"), WRONG_NUMBERS, ids=[c + "-" + str(v) for v, c in WRONG_NUMBERS])
def test_ballot_wrong_number(name, value, code, work):
    builders.ratings(work / "in.xlsx", {"测评!D2": value})
    refused(command(name, work, "in.xlsx"), (code, "测评", "D2"))


@pytest.mark.parametrize(
    ("cell", "value", "code"),
    [("人员!D3", dt.date(2015, 1, 2), "number-is-date"), ("人员!E2", False, "number-is-bool"), ("人员!E4", "nan", "number-not-finite")],
)
def test_roster_wrong_number(cell, value, code, work):
    builders.ratings(work / "in.xlsx", {cell: value})
    sheet, ref = cell.split("!")
    refused(command("bonus", work, "in.xlsx"), (code, sheet, ref))


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity"])
def test_nan_and_infinity_in_a_csv(value, work):
    """A CSV is where NaN and inf arrive as numbers' spelling (exported by scripts)."""
    rows = builders.changed(builders.RATINGS, {"测评!F3": value})["测评"]
    builders.csv_file(work / "ballots.csv", rows)
    refused(command("appraise", work, "ballots.csv"), ("number-not-finite", "ballots", "F3"))


def test_nan_and_infinity_as_stored_numbers(work):
    """<v>NaN</v> and <v>INF</v>: what a careless exporter writes into sheet XML."""
    builders.raw_xlsx(work / "in.xlsx", builders.INDICATORS, {"指标!I4": float("nan"), "指标!I5": float("inf")})
    refused(command("score", work, "in.xlsx"), ("number-not-finite", "指标", "I4"), ("number-not-finite", "指标", "I5"))


def test_error_values_of_formulas(work):
    """#DIV/0! saved by Excel reads as an empty cell in calamine; it must not count as "not filled in"."""
    builders.raw_xlsx(work / "in.xlsx", builders.INDICATORS, {"指标!I4": ("=", "D4*0.9/0", "#DIV/0!")})
    refused(command("score", work, "in.xlsx"), ("formula-error", "指标", "I4"))


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
def test_ballot_formula_error_and_formula_never_calculated(name, work):
    builders.raw_xlsx(work / "in.xlsx", builders.RATINGS, {"测评!D2": ("=", "#REF!+1", "#REF!"), "测评!E3": ("=", "9+9", None)})
    outcome = command(name, work, "in.xlsx")
    # Each cell is reported once: not again as an incomplete ballot.
    refused(outcome, ("formula-error", "测评", "D2"), ("formula-without-value", "测评", "E3"))


# --- odd but valid numbers ------------------------------------------------------------------


def test_thousands_separators_are_numbers(work):
    """"1,000" is one thousand (with unit.total 1200 so such a figure can be right)."""
    builders.indicators(work / "in.xlsx", {"指标!D3": "1,000", "指标!I3": "1,000", "指标!D4": 100, "指标!I4": "90"})
    builders.write_text(work / "jxkh.toml", "[unit]\ntotal = 1200\n")
    outcome = accepted(command("score", work, "in.xlsx"))
    assert outcome.data["total"] == 1160  # 1000 (好) + 90 (良好) + 70 (一般)
    assert outcome.data["rows"][0]["points"] == 1000


@pytest.mark.parametrize("pool", ["30,000", "３００００", "30000元", " 30000.00 "])
def test_pool_spelt_as_people_write_it(pool, work):
    builders.ratings(work / "in.xlsx")
    outcome = accepted(command("bonus", work, "in.xlsx", "--pool", pool))
    assert outcome.data["pool"] == 30000 and ratings_values(outcome, "bonus") == GOOD["bonus"]


@pytest.mark.parametrize("pool", ["abc", "nan", "inf", "1e30", "-30000", "0", "3万"])
def test_pool_that_is_no_amount(pool, work):
    builders.ratings(work / "in.xlsx")
    refused(command("bonus", work, "in.xlsx", "--pool", pool), ("pool-invalid", None, None))


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
def test_full_width_digits_and_units_in_ballots(name, work):
    """"９" is 9 and "10分" is 10: 柯雨桐's first ballot 9+19+28+28+10 = 94, so (94 + 90)/2 = 92."""
    builders.ratings(work / "in.xlsx", {"测评!D2": "９", "测评!H2": "10分"})
    outcome = accepted(command(name, work, "in.xlsx"))
    if name == "appraise":
        assert ratings_values(outcome, name) == [92, 82.5, 70.5]
    else:
        assert ratings_values(outcome, name) == GOOD["bonus"]  # 92 is still 优秀


# --- names that only look different, names that look like formulas --------------------------


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
@pytest.mark.parametrize(
    "spelling",
    ["柯雨\u200b桐", "柯\u3000雨桐", " 柯雨桐 ", "\ufeff柯雨桐", "柯雨桐\u00a0"],
    ids=["zero-width-space", "ideographic-space", "padded", "bom", "nbsp"],
)
def test_a_name_spelt_with_invisible_characters_is_the_same_person(name, spelling, work):
    """Decision: names are compared by `cells.name_key` (NFKC, no spaces or invisible
    characters), so one ballot written "柯雨\u200b桐" still belongs to 柯雨桐 on the roster."""
    builders.ratings(work / "in.xlsx", {"测评!B3": spelling})
    outcome = accepted(command(name, work, "in.xlsx"))
    assert ratings_values(outcome, name) == GOOD[name]
    assert outcome.data["people"][0]["name"] == "柯雨桐"
    if name == "appraise":
        assert outcome.data["people"][0]["ballots"] == 2


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
def test_full_width_latin_in_ids_and_names(name, work):
    """Ｑ１ is Q1 and "ＡＢＣ" is "ABC" after NFKC: the same person, not two."""
    changes = {"测评!A2": "Ｑ１", "测评!B2": "Ａｌｉｃｅ柯", "测评!B3": "Alice柯", "人员!B2": "Alice柯"}
    builders.ratings(work / "in.xlsx", changes)
    outcome = accepted(command(name, work, "in.xlsx"))
    assert ratings_values(outcome, name) == GOOD[name]


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
@pytest.mark.parametrize(
    ("twin", "code"),
    [
        ("柯 雨桐", "name-lookalike"),
        ("柯\u3000雨桐", "name-lookalike"),
        ("柯雨\u200b桐", "duplicate-id"),  # looks exactly the same: simply the same name twice
        ("柯雨桐\u2060", "duplicate-id"),
    ],
    ids=["space", "ideographic-space", "zero-width-space", "word-joiner"],
)
def test_two_roster_rows_that_are_one_name(name, twin, code, work):
    """On the roster one name twice, without 工号 to tell them apart, is an error: which of
    the two did the ballots mean? Visibly different spellings are name-lookalike, invisible
    differences the same name twice (duplicate-id), both pointing at the first row."""
    builders.ratings(work / "in.xlsx", {"人员!A5": None, "人员!B5": twin, "人员!C5": "办公室", "人员!D5": 1, "人员!E5": 12})
    outcome = refused(command(name, work, "in.xlsx"), (code, "人员", "B5"))
    assert "第 2 行" in outcome.error(code)["message"]


FORMULA_LOOKING = {
    "测评!B2": "=1+柯雨桐", "测评!B3": "=1+柯雨桐", "人员!B2": "=1+柯雨桐",
    "测评!B4": "+宋\r知远", "测评!B5": "+宋\r知远", "人员!B3": "+宋\r知远",
    "测评!B6": "-鲁\t青禾", "测评!B7": "-鲁\t青禾", "人员!B4": "-鲁\t青禾",
    "测评!C2": "@办公室", "测评!C3": "@办公室", "人员!C2": "@办公室",
}


def cells_holding(path, texts):
    """{text: [(sheet, cell, data_type)]} of every output cell whose text is exactly one of `texts`,
    read by openpyxl (data types) and checked against calamine (what Excel shows: _x000D_ is \\r)."""
    import openpyxl
    from openpyxl.utils.escape import unescape
    from python_calamine import CalamineWorkbook

    found = {text: [] for text in texts}
    wb = openpyxl.load_workbook(path)
    shown = CalamineWorkbook.from_path(str(path))
    for ws in wb:
        grid = shown.get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and unescape(cell.value) in found:
                    assert grid[cell.row - 1][cell.column - 1] == unescape(cell.value)
                    found[unescape(cell.value)].append((ws.title, cell.coordinate, cell.data_type))
                elif cell.data_type == "f":
                    assert not any(t in str(cell.value) for t in texts), (ws.title, cell.coordinate, cell.value)
    return found


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
def test_names_that_look_like_formulas_stay_text(name, work):
    builders.ratings(work / "in.xlsx", FORMULA_LOOKING)
    outcome = accepted(command(name, work, "in.xlsx"))
    assert [p["name"] for p in outcome.data["people"]] == ["=1+柯雨桐", "+宋\r知远", "-鲁\t青禾"]
    found = cells_holding(work / outcome.data["output"], ["=1+柯雨桐", "+宋\r知远", "-鲁\t青禾", "@办公室"])
    for text in ["=1+柯雨桐", "+宋\r知远", "-鲁\t青禾"]:
        assert found[text], f"{text!r} not in the output"
        assert {data_type for _, _, data_type in found[text]} == {"s"}, found[text]
    if name == "appraise":
        assert found["@办公室"] and {t for _, _, t in found["@办公室"]} == {"s"}


def test_indicator_names_that_look_like_formulas_stay_text(work):
    texts = {
        "指标!C3": '=HYPERLINK("http://example.invalid","点击")',
        "指标!C4": "+信息\r报送",
        "指标!C5": "-服务\t会员",
        "指标!F3": "@柯雨桐",
    }
    builders.indicators(work / "in.xlsx", texts)
    outcome = accepted(command("score", work, "in.xlsx"))
    assert [r["name"] for r in outcome.data["rows"]] == [texts["指标!C3"], texts["指标!C4"], texts["指标!C5"]]
    found = cells_holding(work / outcome.data["output"], list(texts.values()))
    for text in texts.values():
        assert found[text] and {t for _, _, t in found[text]} == {"s"}, (text, found[text])


# --- text Excel cannot hold ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["score", "appraise", "bonus"])
def test_text_longer_than_an_excel_cell(name, work):
    """A CSV can carry 40,000 characters in a cell; the output workbook could not."""
    long = "很长的说明" * 8000
    if name == "score":
        rows = builders.changed(builders.INDICATORS, {"指标!C4": long})["指标"]
        where = ("text-too-long", "in", "C4")
    else:
        rows = builders.changed(builders.RATINGS, {"测评!C3": long})["测评"]
        where = ("text-too-long", "in", "C3")
    builders.csv_file(work / "in.csv", rows)
    outcome = refused(command(name, work, "in.csv"), where)
    assert "40000" in outcome.error("text-too-long")["message"]


def test_text_longer_than_an_excel_cell_in_sheet_xml(work):
    """Excel refuses to type it, but sheet XML written by another program can hold it."""
    builders.raw_xlsx(work / "in.xlsx", builders.RATINGS, {"人员!C3": "很长" * 20000})
    refused(command("bonus", work, "in.xlsx"), ("text-too-long", "人员", "C3"))


def test_text_longer_than_the_csv_modules_default_field_limit(work):
    """Python's csv refuses fields over 131,072 characters by default: still a cell error, not a crash."""
    rows = builders.changed(builders.RATINGS, {"测评!C3": "x" * 200_000})["测评"]
    builders.csv_file(work / "in.csv", rows)
    refused(command("appraise", work, "in.csv"), ("text-too-long", "in", "C3"))


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8"])
def test_csv_in_the_encodings_excel_saves(encoding, work):
    builders.csv_file(work / "in.csv", builders.RATINGS["测评"], encoding=encoding)
    outcome = accepted(command("appraise", work, "in.csv"))
    assert ratings_values(outcome, "appraise") == GOOD["appraise"]


# --- merged, hidden, repeated: read, counted, and said -------------------------------------------


def test_merged_department_cells_in_the_indicators(work):
    builders.indicators(work / "in.xlsx", merges={"指标": ["E3:E4"]})
    outcome = accepted(command("score", work, "in.xlsx"), ("merged-cells", "指标", "E3"))
    assert outcome.data["departments"]["办公室"] == {"points": 500, "score": 480}
    assert outcome.warning("merged-cells")["value"] == "E3:E4"


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
def test_merged_cells_in_the_ballots(name, work):
    """A department merged down its people (C2:C3) is a common form layout: filled in, counted, said."""
    builders.ratings(work / "in.xlsx", {"测评!C3": None}, merges={"测评": ["C2:C3"]})
    outcome = accepted(command(name, work, "in.xlsx"), ("merged-cells", "测评", "C2"))
    assert ratings_values(outcome, name) == GOOD[name]


def test_merged_title_above_the_header_is_no_warning(work):
    builders.indicators(work / "in.xlsx", merges={"指标": ["A1:J1"]})
    accepted(command("score", work, "in.xlsx"))


def test_hidden_indicator_rows_count(work):
    builders.indicators(work / "in.xlsx", hidden_rows={"指标": [4, 5]})
    outcome = accepted(command("score", work, "in.xlsx"), ("hidden-rows", "指标", None))
    assert outcome.data["total"] == 550
    assert outcome.warning("hidden-rows")["value"] == "4, 5"


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
def test_hidden_ballot_rows_count(name, work):
    builders.ratings(work / "in.xlsx", hidden_rows={"测评": [3]})
    outcome = accepted(command(name, work, "in.xlsx"), ("hidden-rows", "测评", None))
    assert outcome.warning("hidden-rows")["row"] == 3
    assert ratings_values(outcome, name) == GOOD[name]


def test_hidden_indicator_sheet_counts(work):
    """A visible 填表说明 sheet in front, the 指标 sheet hidden behind it."""
    builders.xlsx(work / "in.xlsx", {"填表说明": [["请在指标表中填写"]], **builders.INDICATORS}, hidden_sheets=["指标"])
    outcome = accepted(
        command("score", work, "in.xlsx"), ("hidden-sheet", "指标", None), ("sheet-not-read", "填表说明", None),
    )
    assert outcome.data["total"] == 550


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
def test_hidden_roster_sheet_counts(name, work):
    """The hidden 人员 sheet still gives 宋知远 his 岗位系数 1.2 (bonus base 11250)."""
    builders.ratings(work / "in.xlsx", hidden_sheets=["人员"])
    outcome = accepted(command(name, work, "in.xlsx"), ("hidden-sheet", "人员", None))
    assert ratings_values(outcome, name) == GOOD[name]


def test_header_repeated_mid_sheet_in_the_indicators(work):
    sheets = builders.changed(builders.INDICATORS, {})
    sheets["指标"].insert(3, list(builders.INDICATOR_HEADER))  # a printed form's header on page 2
    builders.xlsx(work / "in.xlsx", sheets)
    outcome = accepted(command("score", work, "in.xlsx"), ("header-repeated", "指标", None))
    assert outcome.warning("header-repeated")["row"] == 4
    assert outcome.data["total"] == 550


@pytest.mark.parametrize("name", RATINGS_COMMANDS)
def test_header_repeated_mid_sheet_in_the_ballots(name, work):
    sheets = builders.changed(builders.RATINGS, {})
    sheets["测评"].insert(3, list(builders.RATING_HEADER))
    builders.xlsx(work / "in.xlsx", sheets)
    outcome = accepted(command(name, work, "in.xlsx"), ("header-repeated", "测评", None))
    assert outcome.warning("header-repeated")["row"] == 4
    assert ratings_values(outcome, name) == GOOD[name]


@pytest.mark.parametrize("name", ["score", "appraise", "bonus"])
def test_workbook_with_macros_is_read_and_the_macros_are_not_run(name, work):
    """An .xlsm whose VBA would run calc.exe on open: only cell values are read."""
    content = builders.INDICATORS if name == "score" else builders.RATINGS
    builders.raw_xlsx(work / "in.xlsm", content, macros=True)
    outcome = accepted(command(name, work, "in.xlsm"), ("macros-ignored", None, None))
    if name == "score":
        assert outcome.data["total"] == 550
    else:
        assert ratings_values(outcome, name) == GOOD[name]
