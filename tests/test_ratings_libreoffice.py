"""A ratings workbook as offices make them, saved by LibreOffice, appraises exactly as a clean one.

The messy form: a title row merged across the sheet, a two-row header with 测评得分 merged
over 德 能 勤 绩 廉, ballots of one person spread over the sheet, another person's name and
科室 merged down their three ballots, a blank row, a 合计 row, and a roster with a title.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from appraise_fixtures import ROSTER_HEADER, ballot, person, prop, write_ratings
from helpers import lo_convert, soffice

from jxkh.cycle import appraise_file
from jxkh.policy import policy_from_dict

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")

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


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_libreoffice_saved_form_appraises_as_the_clean_one(tmp_path, fmt):
    expected = people(appraise_file(clean(tmp_path / "clean.xlsx"), POLICY, write=False))
    source = messy(tmp_path / "messy.xlsx")
    assert people(appraise_file(source, POLICY, write=False)) == expected
    saved = lo_convert(source, fmt, tmp_path / "lo")
    result = appraise_file(saved, POLICY, output=tmp_path / f"out-{fmt}.xlsx")
    assert people(result) == expected
    assert (tmp_path / f"out-{fmt}.xlsx").exists()
