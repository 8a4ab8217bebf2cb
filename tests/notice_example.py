"""docs/公示示例.pdf and its picture in the README: the demo's 公示 sheet printed through
LibreOffice. `python tests/notice_example.py` writes both; tests/test_print.py checks that
the committed PDF reads as the demo prints it today."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "docs" / "公示示例.pdf"
PNG = ROOT / "docs" / "公示示例.png"


def notice_only(bonus_xlsx: Path, target: Path) -> Path:
    """bonus.xlsx reduced to its 公示 sheet (no chart on it, so openpyxl keeps all of it)."""
    import openpyxl

    from jxkh.output.bonus import NOTICE_SHEET

    wb = openpyxl.load_workbook(bonus_xlsx)
    for name in wb.sheetnames:
        if name != NOTICE_SHEET:
            wb.remove(wb[name])
    wb.save(target)
    return target


def make_notice_pdf(bonus_xlsx: Path, pdf: Path) -> Path:
    from jxkh.pdf import to_pdf

    with tempfile.TemporaryDirectory() as work:
        return to_pdf(notice_only(bonus_xlsx, Path(work) / "公示.xlsx"), pdf)


def pdf_text(pdf: Path) -> list[str]:
    """The PDF's words in reading order (spacing differs between poppler versions; words do not)."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split()


def main() -> int:
    from jxkh.cycle import run_demo

    with tempfile.TemporaryDirectory() as work:
        demo = run_demo(Path(work) / "demo")
        assert demo.bonus.output is not None
        make_notice_pdf(demo.bonus.output, PDF)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(PDF), str(PNG.with_suffix(""))], check=True)
    print(PDF, PNG, sep="\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
