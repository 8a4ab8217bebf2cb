"""The 公示 sheet prints as it is: A4 portrait, one page for a unit of 30, the header row on
every page of a longer list. Checked by printing to PDF in headless LibreOffice; skipped
where LibreOffice (or, for the text, poppler's pdftotext) is not installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from helpers import lo_convert, soffice
from jxkh.output.bonus import NOTICE_SHEET, notice_title, write_bonus
from jxkh.policy import Policy
from jxkh.rules.bonus import Staff, distribute

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")

POLICY = Policy()
GRADES = ["优秀", "良好", "良好", "合格", "良好", "不合格"]
DEPARTMENTS = ["办公室", "会员部", "经济联络部", "宣传调研部"]


def notice_pdf(folder: Path, count: int) -> Path:
    """bonus.xlsx for `count` people, reduced to its 公示 sheet, printed to PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    ratings = folder / "ratings.xlsx"
    ratings.write_bytes(b"ballots")
    people = [Staff(f"测试员{i:03d}", GRADES[i % len(GRADES)], department=DEPARTMENTS[i % 4], id=f"T{i:03d}")
              for i in range(count)]
    out = write_bonus(distribute(people, D(50000), POLICY), POLICY, folder / "bonus.xlsx", ratings)
    wb = openpyxl.load_workbook(out)
    for name in wb.sheetnames:
        if name != NOTICE_SHEET:
            wb.remove(wb[name])
    notice = folder / "notice.xlsx"
    wb.save(notice)
    return lo_convert(notice, "pdf", folder / "pdf")


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's MediaBox width and height in points (LibreOffice writes them uncompressed)."""
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", data)
    boxes = [tuple(float(v) for v in m.groups()) for m in
             re.finditer(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)]
    assert pages, "no pages found in the PDF"
    return boxes[: len(pages)] if len(boxes) >= len(pages) else [boxes[0]] * len(pages)


def page_text(pdf: Path, page: int) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                            check=True, capture_output=True, text=True)
    return result.stdout


@pytest.fixture(scope="module")
def thirty(tmp_path_factory) -> Path:
    return notice_pdf(tmp_path_factory.mktemp("thirty"), 30)


@pytest.fixture(scope="module")
def hundred(tmp_path_factory) -> Path:
    return notice_pdf(tmp_path_factory.mktemp("hundred"), 100)


def test_thirty_people_fit_one_a4_portrait_page(thirty):
    sizes = page_sizes(thirty)
    assert len(sizes) == 1
    width, height = sizes[0]
    assert (round(width), round(height)) == (595, 842)  # A4 portrait in points


def test_a_long_list_runs_to_more_a4_pages(hundred):
    sizes = page_sizes(hundred)
    assert len(sizes) >= 2
    assert all((round(w), round(h)) == (595, 842) for w, h in sizes)


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


@needs_pdftotext
def test_the_page_shows_title_header_everyone_and_the_posting_lines(thirty):
    text = page_text(thirty, 1)
    assert notice_title(POLICY.title) in text
    assert re.search(r"序号\s+科室\s+姓名\s+等次\s+金额（元）", text)
    assert all(f"测试员{i:03d}" in text for i in range(30))
    assert re.search(r"合计\s+30 人\s+50,000.00", text)
    assert "公示期" in text and "绩效办" in text


@needs_pdftotext
def test_the_header_row_repeats_on_every_page(hundred):
    pages = len(page_sizes(hundred))
    texts = [page_text(hundred, n) for n in range(1, pages + 1)]
    assert all(re.search(r"序号\s+科室\s+姓名\s+等次\s+金额（元）", t) for t in texts)
    assert notice_title(POLICY.title) in texts[0]
    # Every name is printed once, and none is cut off the width of the page.
    assert sum(t.count("测试员") for t in texts) == 100
