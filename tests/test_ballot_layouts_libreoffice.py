"""The per-rater layouts saved by LibreOffice (as offices' files are: merged titles, 德（10分）
headers, a 合计 formula with its saved value, a signature footer, .xls beside .xlsx) appraise exactly as the long
layout. The files are committed under fixtures/libreoffice/ (made by its make.py from
tests/ballot_layouts.py), so CI needs no LibreOffice."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from appraise_fixtures import by_name
from ballot_layouts import write_long
from test_ballot_layouts import WEIGHTED

from jxkh.cycle import appraise_file
from jxkh.policy import Policy
from jxkh.reader import open_workbook

FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"
SAVED = {
    "per-sheet.xlsx": FIXTURES / "ratings-per-sheet.xlsx",
    "per-sheet.xls": FIXTURES / "ratings-per-sheet.xls",
    "folder": FIXTURES / "ratings-folder",
}


def test_the_files_really_come_from_libreoffice() -> None:
    with zipfile.ZipFile(SAVED["per-sheet.xlsx"]) as archive:
        assert b"<Application>LibreOffice" in archive.read("docProps/app.xml")
    assert b"Microsoft Excel 97-Tabelle" in SAVED["per-sheet.xls"].read_bytes()
    names = sorted(p.suffix for p in SAVED["folder"].iterdir())
    assert names.count(".xls") == 4 and names.count(".xlsx") == 9
    # The 合计 formula was calculated and saved: 王芳's 89 on 第1票, row 4.
    book = open_workbook(SAVED["per-sheet.xlsx"])
    assert book.rows("第1票")[3][8] == 89
    # Under each form, the signature footer as printed (row 15).
    assert book.rows("第1票")[14][:6] == ["测评人签名：", "", "", "", "", "日期：2015年12月"]


@pytest.mark.parametrize("policy", [Policy(), WEIGHTED], ids=["mean", "weighted"])
@pytest.mark.parametrize("saved", list(SAVED))
def test_libreoffice_saved_layouts_agree_with_the_long_one(tmp_path: Path, saved: str, policy: Policy) -> None:
    long = appraise_file(write_long(tmp_path / "long.xlsx"), policy, write=False)
    result = appraise_file(SAVED[saved], policy, output=tmp_path / "out.xlsx")
    assert result.to_json()["people"] == long.to_json()["people"]
    assert result.ballots_counted == 120
    wang = by_name(result)["王芳"]
    assert wang.rating == (Decimal("94.50") if policy is not WEIGHTED else Decimal("94.20"))
    assert (tmp_path / "out.xlsx").exists()
    # Each of the twelve forms' footers ended its table and was named (once for all), never read as a ballot.
    assert [(w.code, w.sheet, w.row, w.value) for w in result.warnings if w.code == "footer-rows"] == [
        ("footer-rows", "测评票" if saved == "folder" else "第1票…第12票（12）", 15, "测评人签名：")]
