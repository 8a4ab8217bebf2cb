"""Ballots read as columns (`ratings.plain`, issue 14) give exactly what the row reader gives.

A large plain sheet is read by fastexcel into polars columns; any sheet with a row the row reader
would drop or report goes to the row reader. Each test reads a workbook both ways (the size
threshold lowered so small fixtures qualify) and compares everything a command uses: people,
tallies, extremes, departments, per-ballot columns, problems, findings.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jxkh.cli import app
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import Problems
from jxkh.ratings import plain, read_ratings
from jxkh.ratings import tally as tally_module
from jxkh.reader import columnar
from jxkh.reader import book as book_module
from jxkh.reader.book import Workbook

pytest.importorskip("polars", reason="the columnar read needs polars and fastexcel (jxkh's dependencies)")
pytest.importorskip("fastexcel")

FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"
HEADER = ["工号", "被测评人", "科室", "测评人", "测评人类别", "德", "能", "勤", "绩", "廉", "备注"]
WEIGHTED = policy_from_dict({"staff": {"rater_weights": {"领导": 0.4, "同事": 0.6}}})
TRIMMED = policy_from_dict({"staff": {"aggregate": "trimmed", "trim_min_ballots": 3}})


def ballot_rows(count: int) -> list[list]:
    """`count` ballots for 7 people: whole, half and two-decimal points, a blank 科室 on some,
    a note now and then, the two groups."""
    rows = []
    for i in range(count):
        p = i % 7
        rows.append([
            f"G{p:03d}", f"张{'一二三四五六七'[p]}", "" if (i % 11 == 3) else f"科室{p % 3}", f"李{i % 13}",
            "领导" if i % 5 == 0 else "同事", 10 - (i % 3) * 0.5, 20 - (i % 4), 30 - (i % 7) * 0.25, 29.15 if i % 9 == 0 else 28,
            10 if i % 2 else 9.5, "请假" if i % 17 == 0 else None,
        ])
    return rows


def office_ballots(path: Path, rows: list[list] | None = None, *, extra: list[list] | None = None, merges: list[str] = (),
                   title_row: int = 1, first_col: int = 1, hidden: list[int] = (), xml: dict[bytes, bytes] | None = None) -> Path:
    """A 测评 sheet as an office types it: a merged title, a 填报单位 line, the header, the ballots."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "测评"
    pad = [None] * (first_col - 1)
    lines = [["2015年度干部职工民主测评汇总表"], ["填报单位：某某局办公室", None, None, None, None, None, None, "填报日期：2016年1月5日"], HEADER]
    lines += ballot_rows(60) if rows is None else rows
    lines += extra or []
    for r, values in enumerate(lines, title_row):
        for c, value in enumerate([*pad, *values], 1):
            if value is not None:
                ws.cell(r, c, value)
    last = openpyxl.utils.get_column_letter(first_col + len(HEADER) - 1)
    ws.merge_cells(f"{openpyxl.utils.get_column_letter(first_col)}{title_row}:{last}{title_row}")
    for ref in merges:
        ws.merge_cells(ref)
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    if xml:  # what openpyxl cannot write: a text over Excel's limit, an error cell
        with zipfile.ZipFile(path) as source:
            members = {i.filename: source.read(i) for i in source.infolist()}
        for old, new in xml.items():
            members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(old, new)
        with zipfile.ZipFile(path, "w") as target:
            for name, data in members.items():
                target.writestr(name, data)
    return path


def digest(ratings, problems):
    b = ratings.ballots if ratings is not None else None
    people = [] if b is None else [
        (p.label, p.id, p.department, p.blank, p.row, p.source,
         [(g, t.count, t.sums, t.high, t.low) for g, t in p.tallies.items()])
        for p in b.people
    ]
    columns = None if b is None or b.person is None else (
        list(b.person), list(b.group), list(b.rater), list(b.row), list(b.source), [list(s) for s in b.scores], b.raters,
    )
    return (people, columns, b and (b.count, b.scale, b.groups, [str(f) for f in b.findings]), [str(p) for p in problems])


def short(mp) -> None:
    """Small fixtures count as long sheets: cut, and tried as columns."""
    mp.setattr(plain, "MIN_ROWS", 1)
    mp.setattr(book_module, "CUT_BYTES", 0)
    mp.setattr(plain, "CUT_BYTES", 0)
    mp.setattr(plain, "LONG_ROWS", 1)


def both(path: Path, policy: Policy = Policy(), keep: bool = False) -> tuple[tuple, tuple, Any]:
    """(as columns where plain, by rows, whether the columns were used: a list, one per sheet
    tried, when several were)."""
    used = []
    original = plain.Candidate.columns

    def spied(self, *args):
        found = original(self, *args)
        used.append(found is not None)
        return found

    def setup(mp):
        short(mp)
        mp.setattr(plain.Candidate, "columns", spied)

    fast, rows = both_ways(path, policy, keep, setup)
    return fast, rows, used if len(used) > 1 else bool(used) and used[0]


def both_ways(path: Path, policy: Policy, keep: bool, setup: Any) -> tuple[tuple, tuple]:
    """(read with `setup(monkeypatch)` in force, read by rows only)."""
    with pytest.MonkeyPatch.context() as mp:
        setup(mp)
        problems = Problems()
        fast = digest(read_ratings(path, policy, problems, keep=keep), problems)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(plain, "candidates", lambda *args: {})
        problems = Problems()
        rows = digest(read_ratings(path, policy, problems, keep=keep), problems)
    return fast, rows


@pytest.mark.parametrize("policy", [Policy(), WEIGHTED, TRIMMED], ids=["mean", "weighted", "trimmed"])
@pytest.mark.parametrize("keep", [False, True], ids=["tallies", "kept"])
def test_a_plain_sheet_is_read_as_columns_with_the_row_readers_results(tmp_path, policy, keep):
    fast, rows, used = both(office_ballots(tmp_path / "b.xlsx"), policy, keep)
    assert used
    assert fast == rows
    people = fast[0]
    assert len(people) == 7 and fast[2][0] == 60
    # 张一: ballots 0, 7, 14 … 56 (9 of them); 德 = 10 − (i mod 3)·0.5 over i = 0, 7, …, 56.
    first = people[0]
    assert first[0] == "张一（G000）" and first[2] == "科室0"
    dims = [3 * (1000 + 950 + 900)]
    total = sum(t[1] for t in first[6])
    assert total == 9
    assert sum(t[2][0] for t in first[6]) == dims[0] == 8550


@pytest.mark.parametrize("blank_every", [0, 9], ids=["every 工号", "some left blank"])
def test_a_工号_typed_as_numbers_is_read_as_columns(tmp_path, blank_every):
    """Offices type 工号 as numbers (1001, shown without decimals): the key is the number, as
    the row reader has it, and a blank 工号 among them is blank."""
    rows = [[None if blank_every and i % blank_every == 4 else 1000 + (i % 7), *row[1:]] for i, row in enumerate(ballot_rows(60))]
    fast, slow, used = both(office_ballots(tmp_path / "b.xlsx", rows), WEIGHTED, True)
    assert used and fast == slow
    assert fast[0][0][:2] == ("张一（1000）", "1000")


def test_the_sheet_is_never_built_whole_and_no_row_is_read_one_by_one(tmp_path, monkeypatch):
    """The fast path, proven taken: the row tally refuses to run, and calamine builds only the head."""
    path = office_ballots(tmp_path / "b.xlsx")
    expected, _, _ = both(path, Policy(), True)
    short(monkeypatch)
    got, built = without_rows(monkeypatch, path, Policy())
    assert got == expected
    assert built and path.stat().st_size not in {size for size, _ in built}  # only the head's copy was built


def without_rows(mp, path: Path, policy: Policy) -> tuple[tuple, list[tuple[int, str]]]:
    """Read with the row tally made to fail: (the digest, (bytes of its workbook, sheet) of each
    sheet calamine built)."""
    built = []
    original = Workbook._sheet

    def counted(self, sheet):
        built.append((len(self.data), sheet))
        return original(self, sheet)

    def refused(*args, **kwargs):
        raise AssertionError("BallotTally.read ran on a plain sheet")

    mp.setattr(Workbook, "_sheet", counted)
    mp.setattr(tally_module.BallotTally, "read", refused)
    problems = Problems()
    return digest(read_ratings(path, policy, problems, keep=True), problems), built


def test_the_size_threshold_is_the_sheets_rows(tmp_path, monkeypatch):
    """At MIN_ROWS rows (title, line and header included) the columns are tried; one fewer, not."""
    path = office_ballots(tmp_path / "b.xlsx")  # 3 + 60 rows
    tried = []
    short(monkeypatch)
    monkeypatch.setattr(plain.Candidate, "columns", lambda self, *a: tried.append(1))
    for threshold, expected in ((63, [1]), (64, [])):
        tried.clear()
        monkeypatch.setattr(plain, "MIN_ROWS", threshold)
        read_ratings(path, Policy(), Problems())
        assert tried == expected, threshold


def test_a_sheet_is_cut_from_cut_bytes_of_xml(tmp_path, monkeypatch):
    """Below CUT_BYTES a sheet is built anyway: cutting it as well would be work lost."""
    from jxkh.reader import open_workbook

    path = office_ballots(tmp_path / "b.xlsx")
    size = open_workbook(path).xml_size(["测评"])
    monkeypatch.setattr(plain, "MIN_ROWS", 1)
    monkeypatch.setattr(plain, "LONG_ROWS", 1)
    for threshold, cut in ((size, True), (size + 1, False)):
        monkeypatch.setattr(book_module, "CUT_BYTES", threshold)
        monkeypatch.setattr(plain, "CUT_BYTES", threshold)
        book = open_workbook(path)
        book.first_rows("测评", 21)
        plain.candidates(book, ["测评"], Policy())
        assert bool(book._cut_xml) is cut, threshold


def test_the_real_thresholds():
    """Columns from 20,000 ballots: a sheet of 5,000 rows or more on its own, shorter ones as forms
    together; a sheet's first rows read from a cut from 5 MB of XML (about 20,000 ballot rows;
    10,000 are 3.3 MB)."""
    assert plain.MIN_ROWS == 20_000 and plain.LONG_ROWS == 5_000 and book_module.CUT_BYTES == 5_000_000


def test_without_fastexcel_or_polars_the_rows_are_read(tmp_path, monkeypatch):
    path = office_ballots(tmp_path / "b.xlsx")
    fast, rows, used = both(path)
    monkeypatch.setattr(columnar.importlib.util, "find_spec", lambda name: None)
    assert not columnar.available()
    short(monkeypatch)
    monkeypatch.setattr(plain.Candidate, "columns", lambda *a: pytest.fail("tried without fastexcel"))
    problems = Problems()
    assert digest(read_ratings(path, Policy(), problems), problems) == rows == fast


def _variant(rows: list[list], r: int, c: int, value) -> list[list]:
    rows = [list(x) for x in rows]
    rows[r][c] = value
    return rows


BASE = ballot_rows(60)
NOT_PLAIN = {
    "blank name": dict(rows=_variant(BASE, 10, 1, None)),
    "invisible name": dict(rows=_variant(BASE, 10, 1, "\u200b")),
    "blank score": dict(rows=_variant(BASE, 10, 6, None)),
    "every score blank": dict(rows=[*BASE[:10], [*BASE[10][:5], None, None, None, None, None, None], *BASE[11:]]),
    "score as text": dict(rows=_variant(BASE, 10, 6, "18")),
    "score above its maximum": dict(rows=_variant(BASE, 10, 5, 10.01)),
    "score at its maximum plus one hundredth of 勤": dict(rows=_variant(BASE, 10, 7, 30.01)),
    "negative score": dict(rows=_variant(BASE, 10, 5, -0.5)),
    "three decimals": dict(rows=_variant(BASE, 10, 5, 8.125)),
    "a date as score": dict(rows=_variant(BASE, 10, 5, __import__("datetime").datetime(2016, 1, 5))),
    "a number as 工号": dict(rows=_variant(BASE, 10, 0, 1001)),
    "a 合计 row": dict(extra=[["合计", None, None, None, None, 500, 1000, 1500, 1500, 500, None]]),
    "a 合计 in a note": dict(rows=_variant(BASE, 10, 10, "小计")),
    "the header again": dict(rows=[*BASE[:30], HEADER, *BASE[30:]]),
    "a footer": dict(extra=[["测评时间：2016年1月5日"], ["计票人：王五", None, None, "监票人：赵六"]]),
    "a blank row": dict(rows=[*BASE[:30], [None] * 11, *BASE[30:]]),
    "a merged 科室": dict(merges=["C10:C11"]),
    "a hidden row": dict(hidden=[20]),
    "a formula without value": dict(rows=_variant(BASE, 10, 6, "=10+8")),
    "an unknown group": dict(rows=_variant(BASE, 10, 4, "群众")),
    "a text too long": dict(rows=_variant(BASE, 50, 10, "LONG"), xml={b">LONG<": b">" + "长".encode() * 32768 + b"<"}),
    "an error cell": dict(rows=_variant(BASE, 50, 6, "ERR"), xml={b't="inlineStr"><is><t>ERR</t></is>': b't="e"><v>#DIV/0!</v>'}),
    "a blank score below the head": dict(rows=_variant(BASE, 50, 6, None)),
    "a 合计 below the head": dict(rows=_variant(BASE, 50, 1, "合计")),
}


@pytest.mark.parametrize("variant", list(NOT_PLAIN), ids=list(NOT_PLAIN))
def test_a_sheet_with_a_row_that_is_not_plain_is_read_by_rows(tmp_path, variant):
    fast, rows, used = both(office_ballots(tmp_path / "b.xlsx", **NOT_PLAIN[variant]), WEIGHTED, True)
    assert not used
    assert fast == rows


@pytest.mark.parametrize("group", ["同事", "群众"], ids=["known", "not the policy's"])
def test_a_sheets_测评人类别_line_is_read_as_columns_and_its_error_kept(tmp_path, group):
    """The group written once above the header (no 测评人类别 column): the sheet is plain either
    way, and a group the policy does not know is the error the row reader reports, naming the
    line's cell. (The columnar tally once added it to no sheet's problems: appraise then went on
    without the sheet's ballots and without a word.)"""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "测评"
    ws.append([f"测评人类别：{group}"])
    ws.append([h for h in HEADER if h != "测评人类别"])
    for row in ballot_rows(60):
        ws.append([*row[:4], *row[5:]])
    wb.save(tmp_path / "b.xlsx")
    fast, rows, used = both(tmp_path / "b.xlsx", WEIGHTED, True)
    assert used and fast == rows
    if group == "群众":
        assert [p.split(",")[0] for p in fast[3]] == ["Problem(code=<Code.RATER_GROUP_UNKNOWN: 'rater-group-unknown'>"]
        assert "cell='A1'" in fast[3][0] and "value='群众'" in fast[3][0]
    else:
        assert fast[3] == [] and fast[2][0] == 60


@pytest.mark.parametrize("layout", [dict(title_row=2), dict(first_col=2), dict(title_row=3, first_col=3)],
                         ids=["title on row 2", "table from column B", "from C3"])
def test_a_table_away_from_a1_lines_up_or_is_read_by_rows(tmp_path, layout):
    fast, rows, _ = both(office_ballots(tmp_path / "b.xlsx", **layout), WEIGHTED, True)
    assert fast == rows


def test_the_libreoffice_saved_plain_sheet(tmp_path):
    """Committed, saved by LibreOffice (tests/fixtures/libreoffice/make.py)."""
    fast, rows, used = both(FIXTURES / "ratings-plain.xlsx", WEIGHTED, True)
    assert used and fast == rows
    assert fast[2][0] == 60


@pytest.mark.parametrize("name", ["ratings-messy.xlsx", "ratings-per-sheet.xlsx"])
def test_the_libreoffice_saved_office_forms_read_alike(name):
    """The messy form (two-row header, merged names, a 合计) and the per-rater forms (each
    signed at its foot): not plain, read by rows, with the same result either way."""
    fast, rows, used = both(FIXTURES / name, WEIGHTED, True)
    assert not any(used) if isinstance(used, list) else not used
    assert fast == rows


def per_rater_forms(path: Path, raters: int = 6, footer_on: int | None = None) -> Path:
    """A form per rater (第1票 …): title, 测评人类别 line, 序号 · 被测评人 · 科室 · 德…廉, one row per ratee."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for r in range(raters):
        ws = wb.create_sheet(f"第{r + 1}票")
        ws.append(["2015年度民主测评票"])
        ws.merge_cells("A1:H1")
        ws.append([f"测评人类别：{'领导' if r < 2 else '同事'}"])
        ws.append(["序号", "被测评人", "科室", "德", "能", "勤", "绩", "廉"])
        for p in range(50):
            ws.append([p + 1, f"赵{p:02d}", f"科室{p % 4}", 10 - (p + r) % 3 * 0.5, 20 - (p * r) % 5, 30, 28.5 + (r % 2), 9])
        if r == footer_on:
            ws.append(["测评人签名："])
    wb.save(path)
    return path


@pytest.mark.parametrize("footer_on", [None, 3], ids=["plain sheets", "one signed"])
def test_several_long_sheets_are_read_as_columns_sheet_by_sheet(tmp_path, footer_on):
    """Each plain sheet is read as columns, one that is not (a signature line) by rows; the
    workbook's result is the row reader's either way. (Here a form per rater stands in for a
    city's ballots split by district: each counts as long.)"""
    path = per_rater_forms(tmp_path / "forms.xlsx", footer_on=footer_on)
    fast, rows, used = both(path, WEIGHTED, True)
    assert fast == rows
    assert used == [sheet != footer_on for sheet in range(6)]
    assert fast[2][0] == 300 and len(fast[0]) == 50


@pytest.mark.parametrize("where", ["one sheet", "two sheets", "two forms read together"])
def test_a_ratee_given_two_科室_is_reported_alike_both_ways(tmp_path, where):
    """Two 张七 of two 科室 without 工号 would be counted as one person: an error at the first
    ballot giving the other 科室, naming the first's cell, whether read as columns or by rows."""
    if where == "one sheet":
        rows = [[None, *row[1:]] for row in ballot_rows(60)]  # no 工号: the name alone is the ratee
        rows[20][2], rows[27][2], rows[34][2] = "科室 0", "科室9", "科室8"  # 张七 (科室0): a space is not another 科室
        # rows[i] is row i + 4; 张七's first ballot is rows[6], row 10
        path, expected = office_ballots(tmp_path / "b.xlsx", rows), ["cell='C31'", "'other': '测评!C10'", "value='科室9'"]
    else:
        path = per_rater_forms(tmp_path / "forms.xlsx")
        wb = openpyxl.load_workbook(path)
        wb["第4票"]["C10"] = "综合科"  # 赵06 (科室2) on the 4th form
        wb.save(path)
        expected = ["sheet='第4票', cell='C10'", "'other': '第1票!C10'", "value='综合科'"]
    if where == "two forms read together":
        fast, rows, used = both_forms(path)
        assert used == [SHEETS] and fast == rows
    else:
        fast, rows, used = both(path, WEIGHTED, True)
        assert used and fast == rows
    said = [p for p in fast[3] if "ratee-department-differs" in p]
    assert len(said) == 1 and all(part in said[0] for part in expected), said


def test_a_second_科室_on_a_later_pair_of_the_same_person_is_reported(tmp_path):
    """张伟 without 工号 and 张伟 (A1) are one person; A1's ballots agree with the first 科室 at first,
    then one gives another: said, both ways (the later pair's own other 科室 counts too)."""
    rows = [[None, "张伟", "办公室", "李", "同事", 9, 18, 27, 27, 9, None],
            ["A1", "张伟", "办公室", "李", "同事", 9, 18, 27, 27, 9, None],
            ["A1", "张伟", "财务科", "李", "同事", 6, 12, 18, 18, 6, None]] * 3
    fast, slow, used = both(office_ballots(tmp_path / "b.xlsx", rows))
    assert used and fast == slow
    said = [p for p in fast[3] if "ratee-department-differs" in p]
    assert len(said) == 1 and "cell='C6'" in said[0] and "'other': '测评!C4'" in said[0], said


def test_the_same_name_in_two_科室_with_工号_is_two_people(tmp_path):
    """With 工号 the two 张伟 are two people, each with their 科室: nothing to say."""
    rows = [[f"A{p % 2}", "张伟", f"科{p % 2}", "李", "同事", 9, 18, 27, 27, 9, None] for p in range(8)]
    problems = Problems()
    ratings = read_ratings(office_ballots(tmp_path / "b.xlsx", rows), Policy(), problems)
    assert [(p.label, p.department, p.ballots) for p in ratings.ballots.people] == [
        ("张伟（A0）", "科0", 4), ("张伟（A1）", "科1", 4)]
    assert not problems


def test_forms_per_rater_are_tried_together_below_long_rows(tmp_path, monkeypatch):
    """A sheet counts as long from LONG_ROWS rows and is tried on its own; a shorter one is a form
    per rater, tried with the others (`Batch`): about 30 polars operations per sheet are repaid
    only when the forms are checked and tallied as one."""
    path = per_rater_forms(tmp_path / "forms.xlsx")  # 6 forms of 53 rows
    alone, together = [], []
    short(monkeypatch)
    monkeypatch.setattr(plain.Candidate, "columns", lambda self, *a: alone.append(self.sheet))
    monkeypatch.setattr(plain.Form, "columns", lambda self, *a: together.append(self.sheet))
    for long, expected in ((53, (6, 0)), (54, (0, 6))):
        alone.clear(), together.clear()
        monkeypatch.setattr(plain, "LONG_ROWS", long)
        read_ratings(path, WEIGHTED, Problems())
        assert (len(alone), len(together)) == expected, long


def forms(mp) -> None:
    """Small fixtures count as many ballots in forms per rater."""
    short(mp)
    mp.setattr(plain, "LONG_ROWS", 10**9)


def both_forms(path: Path, policy: Policy = WEIGHTED, keep: bool = True) -> tuple[tuple, tuple, list[list[str]]]:
    """(forms read as columns where plain, by rows, the runs read as columns: each run's sheets)."""
    runs = []
    original = tally_module.BallotTally.read_plain

    def spied(self, indices, columns, problems):
        runs.append([self.sources[i].sheet for i in indices])
        return original(self, indices, columns, problems)

    def setup(mp):
        forms(mp)
        mp.setattr(tally_module.BallotTally, "read_plain", spied)

    return *both_ways(path, policy, keep, setup), runs


SHEETS = [f"第{r}票" for r in range(1, 7)]


@pytest.mark.parametrize("policy", [Policy(), WEIGHTED, TRIMMED], ids=["mean", "weighted", "trimmed"])
@pytest.mark.parametrize("keep", [False, True], ids=["tallies", "kept"])
def test_forms_per_rater_are_read_as_columns_together(tmp_path, policy, keep):
    fast, rows, runs = both_forms(per_rater_forms(tmp_path / "forms.xlsx"), policy, keep)
    assert runs == [SHEETS]
    assert fast == rows
    assert fast[2][0] == 300 and len(fast[0]) == 50
    # 赵00 (p = 0) on form r scores 德 10 − (r mod 3)·0.5: r = 0…5 gives 10, 9.5, 9, 10, 9.5, 9.
    assert sum(t[2][0] for t in fast[0][0][6]) == 2 * (1000 + 950 + 900)
    assert fast[1][6] == SHEETS  # each form its rater: the per-ballot columns for the rater checks
    assert fast[1][3][:2] == [4, 5] and fast[1][4][-1] == 5  # rows 4, 5… of the first form; the last ballot the sixth's


def test_forms_are_never_built_whole_and_no_row_is_read_one_by_one(tmp_path, monkeypatch):
    """The fast path, proven taken: the row tally refuses to run, and calamine builds only the heads."""
    path = per_rater_forms(tmp_path / "forms.xlsx")
    expected, _, _ = both_forms(path)
    forms(monkeypatch)
    got, built = without_rows(monkeypatch, path, WEIGHTED)
    assert got == expected
    assert {sheet for _, sheet in built} == set(SHEETS)
    assert path.stat().st_size not in {size for size, _ in built}  # each form's head only, in the cut copy


def signed_on(forms_: dict[int, list[Any]]):
    """A form per rater with a line appended to some forms (0-based form → its cells)."""

    def make(path: Path) -> Path:
        wb = openpyxl.load_workbook(per_rater_forms(path))
        for r, cells in forms_.items():
            wb.worksheets[r].append(cells)
        wb.save(path)
        return path

    return make


@pytest.mark.parametrize("case, runs", [
    ("a signature under form 4", [SHEETS[:3], SHEETS[4:]]),
    ("a 合计 under forms 1 and 6", [SHEETS[1:5]]),
    ("a note on form 2", [SHEETS[:1], SHEETS[2:]]),
    ("a score too high on form 3", [SHEETS[:2], SHEETS[3:]]),
])
def test_a_form_that_is_not_plain_and_only_it_is_read_by_rows(tmp_path, case, runs):
    """The others are read as columns in runs: the forms before it, then those after, so each
    ratee is met in the same order as reading form after form."""
    lines = {
        "a signature under form 4": {3: ["测评人签名：王五"]},
        "a 合计 under forms 1 and 6": {0: [None, "合计", None, 500, 1000, 1500, 1500, 500], 5: ["合计"]},
        "a note on form 2": {1: [51, "赵50", "科室2", 9, 18, 27, 27, 9, "小计"]},
        "a score too high on form 3": {2: [51, "赵50", "科室2", 10.5, 18, 27, 27, 9]},
    }[case]
    fast, rows, got = both_forms(signed_on(lines)(tmp_path / "forms.xlsx"))
    assert got == runs
    assert fast == rows


def test_forms_of_different_shapes_are_read_in_runs_of_one_shape(tmp_path):
    """工号 typed as numbers on some forms and as text on others, a 测评人 column on some: each
    run of forms alike is read at once, with the row reader's keys (1001.0 is not "1001")."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    shapes = [("text", False), ("text", False), ("number", False), ("number", True), ("number", True), ("text", False)]
    for r, (ids, rater) in enumerate(shapes):
        ws = wb.create_sheet(f"第{r + 1}票")
        ws.append([f"测评人类别：{'领导' if r < 2 else '同事'}"])
        ws.append(["工号", "被测评人", *(["测评人"] if rater else []), "德", "能", "勤", "绩", "廉"])
        for p in range(20):
            code = 1000 + p if ids == "number" else f"{1000 + p}"
            ws.append([code, f"钱{p:02d}", *([f"孙{r}"] if rater else []), 10 - p % 3, 18, 27, 27.5, 9])
    wb.save(tmp_path / "shapes.xlsx")
    fast, rows, runs = both_forms(tmp_path / "shapes.xlsx")
    assert runs == [SHEETS[:2], SHEETS[2:3], SHEETS[3:5], SHEETS[5:]]
    assert fast == rows
    assert len(fast[0]) == 20  # 1000 typed as a number and "1000" as text: one 工号, one person, as by rows


@pytest.mark.parametrize("group", ["同事", "群众"], ids=["known", "not the policy's"])
def test_a_forms_测评人类别_line_naming_no_group_sends_it_to_the_row_reader(tmp_path, group):
    path = per_rater_forms(tmp_path / "forms.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.worksheets[2]["A2"] = f"测评人类别：{group}"
    wb.save(path)
    fast, rows, runs = both_forms(path)
    assert fast == rows
    if group == "群众":
        assert runs == [SHEETS[:2], SHEETS[3:]]
        assert any("RATER_GROUP_UNKNOWN" in p and "第3票" in p and "cell='A2'" in p for p in fast[3])
    else:
        assert runs == [SHEETS]


def test_the_libreoffice_saved_forms_per_rater(tmp_path):
    """Committed, saved by LibreOffice (tests/fixtures/libreoffice/make.py): plain forms read as
    columns together; the office forms (each signed at its foot, a 说明 and a 人员 sheet) by rows."""
    fast, rows, runs = both_forms(FIXTURES / "ratings-per-rater-plain.xlsx")
    assert runs == [SHEETS] and fast == rows
    assert fast[2][0] == 300
    fast, rows, runs = both_forms(FIXTURES / "ratings-per-sheet.xlsx")
    assert runs == [] and fast == rows
    assert fast[2][0] > 0


def test_appraise_writes_the_same_workbook_either_way(tmp_path, monkeypatch):
    path = office_ballots(tmp_path / "b.xlsx")
    runner = CliRunner()
    outputs = {}
    short(monkeypatch)
    for label, threshold in (("columns", 1), ("rows", 10**9)):
        monkeypatch.setattr(plain, "MIN_ROWS", threshold)
        out = tmp_path / f"{label}.xlsx"
        result = runner.invoke(app, ["appraise", str(path), "-o", str(out)])
        assert result.exit_code == 0, result.output
        book = openpyxl.load_workbook(out)
        outputs[label] = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book if ws.title != "说明"}
    assert outputs["columns"] == outputs["rows"]


SCORES = st.one_of(
    st.integers(0, 10).map(float),
    st.integers(0, 1000).map(lambda i: i / 100),
    st.sampled_from([9.5, 8.15, 0.0, 10.0, 10.01, 8.125, -1.0, None, "9", "合计"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 5), st.sampled_from(["领导", "同事"]), SCORES), min_size=1, max_size=30))
def test_any_ballots_read_alike_both_ways(tmp_path, ballots):
    rows = []
    for person, rater, group, score in ballots:
        rows.append([f"G{person}", f"王{person}", "办公室", f"赵{rater}", group, score, 18, 27, 27, 9, None])
    path = office_ballots(tmp_path / "h.xlsx", rows)
    fast, slow, _ = both(path, WEIGHTED, True)
    assert fast == slow


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.tuples(st.integers(0, 3), SCORES), min_size=1, max_size=6), min_size=1, max_size=4),
       st.lists(st.sampled_from(["领导", "同事", "群众", ""]), min_size=4, max_size=4))
def test_any_forms_read_alike_both_ways(tmp_path, forms_, groups):
    """Forms per rater of random ballots (a score off the policy's now and then, a group line the
    policy does not know or none): whichever forms are read as columns, the result is the rows'."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for r, ballots in enumerate(forms_):
        ws = wb.create_sheet(f"第{r + 1}票")
        ws.append([f"测评人类别：{groups[r]}" if groups[r] else "民主测评票"])
        ws.append(["被测评人", "德", "能", "勤", "绩", "廉"])
        for person, score in ballots:
            ws.append([f"王{person}", score, 18, 27, 27, 9])
    wb.save(tmp_path / "h.xlsx")
    fast, slow, _ = both_forms(tmp_path / "h.xlsx")
    assert fast == slow


@pytest.mark.parametrize("layout", [{}, dict(title_row=3, first_col=2)], ids=["A1", "from B3"])
def test_a_long_sheets_first_rows_are_the_built_sheets(tmp_path, monkeypatch, layout):
    """Read from the sheet's cut (its first rows only), they are the rows of the whole sheet."""
    from itertools import islice

    from jxkh.reader import open_workbook

    path = office_ballots(tmp_path / "b.xlsx", **layout)
    _, rows = open_workbook(path).iter_rows("测评")
    expected = list(islice(rows, 21))
    monkeypatch.setattr(book_module, "CUT_BYTES", 0)
    book = open_workbook(path)
    assert book.first_rows("测评", 21) == expected
    assert "测评" not in book._sheets  # the sheet itself never built


def test_check_never_builds_a_long_ballot_sheet(tmp_path, monkeypatch):
    """`jxkh check` sniffs the sheet's kind from its cut and appraise reads it as columns."""
    path = office_ballots(tmp_path / "b.xlsx")
    short(monkeypatch)
    built = []
    original = Workbook._sheet

    def counted(self, sheet):
        built.append(len(self.data))
        return original(self, sheet)

    monkeypatch.setattr(Workbook, "_sheet", counted)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert built and path.stat().st_size not in built


def test_fastexcel_says_nothing_of_an_empty_column(tmp_path, caplog):
    """A column with nothing under its header (备注 never filled): fastexcel logs that it falls
    back to text, which Python prints on stderr when nothing else handles the log; never so."""
    rows = [[*row[:10], None] for row in ballot_rows(60)]
    with caplog.at_level(logging.DEBUG):
        fast, slow, used = both(office_ballots(tmp_path / "b.xlsx", rows), WEIGHTED, True)
    assert used and fast == slow
    assert not [r for r in caplog.records if r.name.startswith("fastexcel") and r.levelno >= logging.WARNING]


def test_fastexcel_reads_the_file_itself_only_while_it_is_the_file_read(tmp_path, monkeypatch):
    """Unchanged (size and modification time), fastexcel reads the file (no second copy of its
    bytes); changed since jxkh read it, fastexcel gets the bytes read; changed while fastexcel
    read it, the sheet goes to the row reader, on the bytes read. The result is the same."""
    import os

    from jxkh.reader import open_workbook, reusing

    path = office_ballots(tmp_path / "b.xlsx")
    expected, _, _ = both(path, WEIGHTED, True)
    sources = []
    original_open = columnar.Reader.open

    def spied(self):
        found = original_open(self)
        sources.append(self.from_file)
        return found

    short(monkeypatch)
    monkeypatch.setattr(columnar.Reader, "open", spied)
    problems = Problems()
    assert digest(read_ratings(path, WEIGHTED, problems, keep=True), problems) == expected
    assert sources == [True]

    # Read, then the file replaced on disk (another unit's ballots): the bytes read are used.
    book = open_workbook(path)
    other = office_ballots(tmp_path / "other.xlsx", ballot_rows(61))
    os.replace(other, path)
    sources.clear()
    problems = Problems()
    with reusing(book):  # as `jxkh check` hands the book it read to appraise
        assert digest(read_ratings(path, WEIGHTED, problems, keep=True), problems) == expected
    assert sources == [False]


def test_a_file_changed_while_fastexcel_reads_it_goes_to_the_row_reader(tmp_path, monkeypatch):
    path = office_ballots(tmp_path / "b.xlsx")
    expected, _, _ = both(path, WEIGHTED, True)
    stamps = iter([True, False])  # unchanged when opened, changed once read
    monkeypatch.setattr(columnar.Reader, "unchanged", lambda self: next(stamps))
    used = []
    original = plain.Candidate.columns
    monkeypatch.setattr(plain.Candidate, "columns", lambda self, *a: used.append(original(self, *a)) or used[-1])
    short(monkeypatch)
    problems = Problems()
    assert digest(read_ratings(path, WEIGHTED, problems, keep=True), problems) == expected
    assert used == [None]


def test_sheets_cut_one_after_another_are_each_read_once(tmp_path, monkeypatch):
    """`jxkh check` sniffs a city's district sheets one by one, then appraise asks for them all:
    each sheet's XML is unpacked and scanned once, the copy made again with them all."""
    from jxkh.reader import open_workbook

    book = open_workbook(per_rater_forms(tmp_path / "forms.xlsx", raters=3))
    read = []
    sheets = {member: sheet for sheet, member in book._sheet_xml.items()}
    unpacked, whole = Workbook._unpacked, Workbook.sheet_xml
    monkeypatch.setattr(Workbook, "_unpacked", lambda self, member: read.append(sheets[member]) or unpacked(self, member))
    monkeypatch.setattr(Workbook, "sheet_xml", lambda self, sheet: read.append(sheet) or whole(self, sheet))
    first = book.cut(["第1票"])
    second = book.cut(["第1票", "第2票"])
    assert book.cut(["第2票"]) is second is not first
    book.cut(["第3票", "第1票"])
    assert read == ["第1票", "第2票", "第3票"]
    for sheet in ("第1票", "第2票", "第3票"):
        assert book.first_rows(sheet, 3)[2][:2] == ["序号", "被测评人"]


def test_work_given_meanwhile_is_done_while_fastexcel_builds_the_sheet(tmp_path, monkeypatch):
    """`columnar.meanwhile`: the reading thread does the work (once) before it waits for
    fastexcel's frame; a sheet read by rows never calls it, nor does a read after the block."""
    path = office_ballots(tmp_path / "b.xlsx")
    short(monkeypatch)
    done: list[bool] = []
    original = columnar.Load.frame

    def frame(self):
        done.append(False)  # the frame is asked for: the work must already be done by then
        found = original(self)
        assert done.count(True) == 1
        return found

    monkeypatch.setattr(columnar.Load, "frame", frame)
    with columnar.meanwhile(lambda: done.append(True)):
        assert read_ratings(path, Policy(), Problems()) is not None
    assert done == [False, True]
    read_ratings(path, Policy(), Problems())
    assert done == [False, True, False]  # outside the block: not done again
    with monkeypatch.context() as mp, columnar.meanwhile(lambda: done.append(True)):
        mp.setattr(plain, "candidates", lambda *args: {})
        read_ratings(path, Policy(), Problems())
    assert done == [False, True, False] and not columnar._MEANWHILE


@pytest.mark.parametrize("command", ["appraise", "bonus"])
def test_a_command_that_writes_imports_openpyxl_while_the_ballots_are_built(tmp_path, monkeypatch, command):
    """appraise and bonus give the wait for fastexcel to importing the writer; check writes nothing."""
    from jxkh import cycle

    path = office_ballots(tmp_path / "b.xlsx")
    short(monkeypatch)
    calls: list[str] = []
    monkeypatch.setattr(cycle, "_import_writer", lambda: calls.append("writer"))
    extra = ["--pool", "10000"] if command == "bonus" else []
    result = CliRunner().invoke(app, [command, str(path), *extra, "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 0, result.output
    assert calls == ["writer"] and (tmp_path / "out.xlsx").is_file()
    calls.clear()
    assert CliRunner().invoke(app, ["check", str(path)]).exit_code == 0
    assert calls == []


@pytest.mark.parametrize("decimals", [3, 17, 20, 26], ids=lambda d: f"{d} decimals")
@pytest.mark.parametrize("together", [False, True], ids=["sheet by sheet", "forms together"])
def test_a_score_with_many_decimals_on_a_sheet_read_by_rows_before_columns(tmp_path, decimals, together):
    """A score typed with many decimals on the first form (read by rows: it is not plain) gives
    every ballot that many digits; the forms read as columns after it get them too, exactly:
    polars sums hundredths, which never overflow, and the digits are added to the sums after
    (at 10**18 a 64-bit product wraps round silently, at 10**26 it overflowed with a traceback)."""
    path = per_rater_forms(tmp_path / "forms.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["第1票"]["D4"] = "9." + "0" * (decimals - 1) + "1"  # 赵00's 德: text, so the form is read by rows
    wb.save(path)
    fast, rows, used = both_forms(path) if together else both(path, WEIGHTED, True)
    assert fast == rows
    assert used == ([SHEETS[1:]] if together else [False, True, True, True, True, True])
    people = dict((p[0], p[6]) for p in fast[0])
    # 赵01's 德 from the six forms: 10 − ((1 + r) mod 3)·0.5 for r = 0…5 = 9.5 9 10 9.5 9 10, by group
    # (领导: forms 1–2, 同事: 3–6), in units of 10**-decimals.
    unit = 10**decimals
    assert [(g, count, sums[0]) for g, count, sums, *_ in people["赵01"]] == [(0, 2, 185 * unit // 10), (1, 4, 385 * unit // 10)]
    assert fast[2][1] == decimals  # the scale
    trimmed, by_rows, _ = both_forms(path, TRIMMED) if together else both(path, TRIMMED, True)  # the extremes too
    assert trimmed == by_rows and trimmed[2][1] == decimals


def test_forms_are_built_two_at_a_time_each_thread_with_its_own_reader(tmp_path, monkeypatch):
    """fastexcel builds a form with the GIL released: two threads build two forms at once, each
    with its own fastexcel reader. The first two builds wait for each other, so with one thread
    (or one reader shared) the forms would not be read as columns."""
    import threading

    seen: list[tuple[str, int]] = []
    both_in = threading.Barrier(2, timeout=10)
    original = columnar._load

    def paired(reader, sheet, skip):
        seen.append((threading.current_thread().name, id(reader)))
        if len(seen) <= 2:
            both_in.wait()  # raises BrokenBarrierError unless a second thread comes
        return original(reader, sheet, skip)

    monkeypatch.setattr(columnar, "_load", paired)
    fast, rows, runs = both_forms(per_rater_forms(tmp_path / "forms.xlsx"))
    assert runs == [SHEETS] and fast == rows
    assert len(seen) == 6 and len({name for name, _ in seen}) == 2 and len({reader for _, reader in seen}) == 2
