"""`--pdf` on duty, ledger and report (as on bonus): the output's PDF beside it, through
LibreOffice (report: the Word document); without LibreOffice exit 3, the output kept."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import soffice
from jxkh.cli import app

ROOT = Path(__file__).resolve().parents[1]
# command line → (output, its PDF, a line the PDF must carry)
COMMANDS = {
    "duty": (["duty", "--pdf"], "责任分解公示.xlsx", "责任分解公示.pdf", "绩效目标责任分解公示"),
    "ledger": (["ledger", "--month", "6", "--pdf"], "台账汇总.xlsx", "台账汇总.pdf", "门户网站与新媒体宣传"),
    "report": (["report", "--assessed", "核定结果.xlsx", "--pdf"], "自评报告.docx", "自评报告.pdf", "自评报告"),
}


def _example(folder: Path) -> None:
    for path in (ROOT / "examples").iterdir():
        shutil.copy(path, folder / path.name)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_without_libreoffice_exit_3_says_how_to_install_and_keeps_the_output(name, runner, in_tmp, monkeypatch):
    import jxkh.pdf

    monkeypatch.setattr(jxkh.pdf, "soffice", lambda: None)
    _example(in_tmp)
    args, output, pdf, _ = COMMANDS[name]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert "未找到 LibreOffice" in result.output and "apt-get install libreoffice" in result.output
    assert (in_tmp / output).is_file() and not (in_tmp / pdf).exists()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("name", list(COMMANDS))
def test_pdf_is_written_beside_the_output(name, runner, in_tmp):
    _example(in_tmp)
    args, output, pdf, line = COMMANDS[name]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"已生成：{Path(pdf)}" in result.output and (in_tmp / output).is_file()
    text = subprocess.run(["pdftotext", str(in_tmp / pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert line in text
    info = subprocess.run(["pdfinfo", str(in_tmp / pdf)], capture_output=True, text=True, check=True).stdout
    size = next(s for s in info.splitlines() if s.startswith("Page size"))
    assert "(A4)" in size
