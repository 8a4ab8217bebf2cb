"""A ratings workbook as offices make them, saved by LibreOffice, appraises exactly as a clean one.

The messy form: a title row merged across the sheet, a two-row header with 测评得分 merged
over 德 能 勤 绩 廉, ballots of one person spread over the sheet, another person's name and
科室 merged down their three ballots, a blank row, a 合计 row, and a roster with a title.

The LibreOffice-saved form is checked as committed under fixtures/libreoffice/ (made by its
make.py, so CI needs no LibreOffice) and again freshly converted where LibreOffice is installed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from appraise_fixtures import ROSTER_HEADER, ballot, person, prop, write_ratings
from helpers import lo_convert, soffice

from jxkh.cycle import appraise_file
from jxkh.policy import policy_from_dict

needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"
COMMITTED = {"xlsx": FIXTURES / "ratings-messy.xlsx", "xls": FIXTURES / "ratings-messy.xls"}

POLICY = policy_from_dict({"staff": {"rater_weights": {"领导": 0.4, "同事": 0.6}}})

# (name, 科室, 测评人类别, total); 丁四's three are consecutive so the form merges their name.
BALLOTS = [
    ("甲一", "办公室", "领导", 95), ("乙二", "会员部", "同事", 85), ("甲一", "办公室", "同事", 88.5),
    ("丙三", "办公室", "同事", 72), ("乙二", "会员部", "领导", 90),
    None,  # a blank row between two blocks
    ("丁四", "调研科", "同事", 79.99), ("丁四", "调研科", "同事", 100), ("丁四", "调研科", "领导", 60),
    ("甲一", "办公室", "同事", 91), ("丙三", "办公室", "领导", 80.5), ("乙二", "会员部", "同事", 70),
]
ROSTER = [person("甲一", id="A1", dept="办公室", coefficient=1.2, prior="优秀"),
          person("乙二", id="A2", dept="会员部", months=9),
          person("丙三", id="A3", dept="办公室", violation="是"),
          person("丁四", id="A4", dept="调研科")]


def clean(path: Path) -> Path:
    rows = [ballot(name, total, dept=dept, group=group) for name, dept, group, total in filter(None, BALLOTS)]
    return write_ratings(path, rows, ROSTER)


def messy(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "测评"
    ws.append(["2015年度干部职工民主测评汇总表"])
    ws.merge_cells("A1:J1")
    ws.append(["序", "被测评人", "科室", "测评人类别", "测评得分", None, None, None, None, "备注"])
    ws.append([None, None, None, None, "德", "能", "勤", "绩", "廉", None])
    ws.merge_cells("E2:I2")
    for col in "ABCDJ":
        ws.merge_cells(f"{col}2:{col}3")
    r, first_ding = 3, 0
    for i, entry in enumerate(BALLOTS, start=1):
        r += 1
        if entry is None:
            continue  # the blank row
        name, dept, group, total = entry
        if name == "丁四":
            first_ding = first_ding or r
            if r > first_ding:
                name = dept = None  # under the merged cells
        for c, value in enumerate([i, name, dept, group, *prop(total), "第二轮补录" if i == 3 else None], start=1):
            ws.cell(row=r, column=c, value=value)
    ws.merge_cells(f"B{first_ding}:B{first_ding + 2}")
    ws.merge_cells(f"C{first_ding}:C{first_ding + 2}")
    ws.append([None, "合计", None, None, None, None, None, None, None, None])
    roster = wb.create_sheet("人员")
    roster.append(["人员名单（2015年）"])
    roster.merge_cells("A1:G1")
    roster.append(ROSTER_HEADER)
    for row in ROSTER:
        roster.append(row)
    wb.save(path)
    return path


def people(result):
    return result.to_json()["people"], result.grades


def test_hand_worked_clean_result(tmp_path):
    # 甲一: 领导 95; 同事 (88.5 + 91) / 2 = 89.75 → 0.4 × 95 + 0.6 × 89.75 = 91.85 优秀.
    # 丁四: 领导 60; 同事 (79.99 + 100) / 2 = 89.995 → 24 + 53.997 = 77.997 → 78.00 合格.
    # 乙二: 领导 90; 同事 (85 + 70) / 2 = 77.5 → 36 + 46.5 = 82.50 良好.
    # 丙三: 领导 80.5; 同事 72 → 32.2 + 43.2 = 75.40, 违纪违法 → 不合格.
    result = appraise_file(clean(tmp_path / "clean.xlsx"), POLICY, write=False)
    finals = {p.name: (str(p.final), p.grade) for p in result.people}
    assert finals == {"甲一": ("91.85", "优秀"), "乙二": ("82.50", "良好"), "丙三": ("75.40", "不合格"),
                      "丁四": ("78.00", "合格")}


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    return people(appraise_file(clean(tmp_path_factory.mktemp("clean") / "clean.xlsx"), POLICY, write=False))


@pytest.fixture(scope="module", params=["committed", pytest.param("live", marks=needs_lo)])
def saved(request, tmp_path_factory) -> dict[str, Path]:
    """The messy form saved by LibreOffice as .xlsx and .xls: the committed files, or converted here."""
    if request.param == "committed":
        return COMMITTED
    base = tmp_path_factory.mktemp("lo")
    source = messy(base / "messy.xlsx")
    return {fmt: lo_convert(source, fmt, base / fmt) for fmt in ("xlsx", "xls")}


def test_messy_form_appraises_as_the_clean_one(tmp_path, expected):
    assert people(appraise_file(messy(tmp_path / "messy.xlsx"), POLICY, write=False)) == expected


def test_the_saved_forms_really_come_from_libreoffice(saved):
    with zipfile.ZipFile(saved["xlsx"]) as archive:
        assert b"<Application>LibreOffice" in archive.read("docProps/app.xml")
    raw = saved["xls"].read_bytes()
    assert raw[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE2 compound file, i.e. real BIFF .xls
    assert "Workbook".encode("utf-16-le") in raw  # the BIFF8 stream
    assert b"Microsoft Excel 97-Tabelle" in raw  # the CompObj label LibreOffice (not Excel) writes


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_libreoffice_saved_form_appraises_as_the_clean_one(tmp_path, saved, expected, fmt):
    result = appraise_file(saved[fmt], POLICY, output=tmp_path / f"out-{fmt}.xlsx")
    assert people(result) == expected
    assert (tmp_path / f"out-{fmt}.xlsx").exists()
