"""Workbook → PDF through headless LibreOffice: what `--pdf` writes and what the print tests read.

Each conversion gets its own LibreOffice profile (a temporary folder), so it neither waits
for nor disturbs a LibreOffice the clerk has open, and several can run at once. The profile
maps the Windows fonts the outputs name (宋体, 黑体) to the Noto CJK fonts Linux has, so
Chinese text and digits print in one typeface instead of a Latin fallback.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .messages import Code
from .problems import FileSystemError, fail

TIMEOUT = 180  # seconds; a first start of LibreOffice on a slow machine takes a while
# Windows font → the font LibreOffice prints it with where the Windows font is absent.
SUBSTITUTES = {"宋体": "Noto Serif CJK SC", "SimSun": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC", "SimHei": "Noto Sans CJK SC"}


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(xlsx_path: Path | str, pdf_path: Path | str) -> Path:
    """Print every sheet of `xlsx_path` into `pdf_path` (replaced if present). Exit 3
    (`pdf-unavailable`) when LibreOffice is not installed, `pdf-failed` when it writes nothing."""
    xlsx_path, pdf_path = Path(xlsx_path), Path(pdf_path)
    binary = soffice()
    if binary is None:
        raise fail(Code.PDF_UNAVAILABLE, FileSystemError, file=str(xlsx_path), value=str(xlsx_path))
    with tempfile.TemporaryDirectory(prefix="jxkh-pdf-") as work:
        profile, outdir = Path(work) / "profile", Path(work) / "out"
        _write_profile(profile)
        command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx_path.resolve())]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
            detail = f"exit {done.returncode}"
        except subprocess.TimeoutExpired:
            detail = f"timeout {TIMEOUT}s"
        except OSError as exc:
            detail = exc.strerror or type(exc).__name__
        written = outdir / (xlsx_path.stem + ".pdf")
        if not written.is_file():
            raise fail(Code.PDF_FAILED, FileSystemError, file=str(xlsx_path), value=str(xlsx_path), detail=detail)
        try:
            shutil.move(written, pdf_path)
        except PermissionError:  # the PDF is open in a viewer that locks it (Windows)
            raise fail(Code.OUTPUT_LOCKED, FileSystemError, file=str(pdf_path), value=str(pdf_path)) from None
    return pdf_path


def pdf_beside(xlsx_path: Path | str) -> Path:
    """`bonus.xlsx` → `bonus.pdf`."""
    return Path(xlsx_path).with_suffix(".pdf")


def _write_profile(profile: Path) -> None:
    """A LibreOffice user profile whose font replacement table holds `SUBSTITUTES`."""
    from xml.sax.saxutils import escape

    pairs = "".join(
        f'<node oor:name="_{i}" oor:op="replace">'
        '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
        '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
        f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(name)}</value></prop>'
        f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(substitute)}</value></prop></node>'
        for i, (name, substitute) in enumerate(SUBSTITUTES.items())
    )
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>\n'
        f'<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">{pairs}</item>\n'
        "</oor:items>\n",
        encoding="utf-8",
    )
