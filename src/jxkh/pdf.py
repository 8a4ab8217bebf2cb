"""Workbook → PDF through headless LibreOffice: what `--pdf` writes and what the print tests read.

Each conversion gets its own LibreOffice profile (a temporary folder), so it neither waits
for nor disturbs a LibreOffice the clerk has open, and several can run at once. The profile
maps the Windows fonts the outputs name (宋体, 黑体) to the Noto CJK fonts Linux has, so
Chinese text and digits print in one typeface instead of a Latin fallback.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
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
    (`pdf-unavailable`) when LibreOffice is not installed, `pdf-failed` when it writes nothing.

    Each sheet's footer says 第 N 页 共 M 页 of that sheet. LibreOffice's &N counts the pages
    of the whole file, so a first run prints each sheet alone (the others hidden) to count its
    pages, and the printed copy carries each sheet's count in place of &N. The workbook
    itself keeps &N, which Excel counts per sheet."""
    xlsx_path, pdf_path = Path(xlsx_path), Path(pdf_path)
    binary = soffice()
    if binary is None:
        raise fail(Code.PDF_UNAVAILABLE, FileSystemError, file=str(xlsx_path), value=str(xlsx_path))
    with tempfile.TemporaryDirectory(prefix="jxkh-pdf-") as work:
        profile, outdir = Path(work) / "profile", Path(work) / "out"
        _write_profile(profile)
        source = xlsx_path.resolve()
        counted = _count_pages(binary, profile, source, Path(work))
        if counted:
            source = Path(work) / "numbered" / xlsx_path.name
            source.parent.mkdir()
            _rewrite(xlsx_path, source, sheet_parts=counted)
        detail = _convert(binary, profile, [source], outdir)
        written = outdir / (xlsx_path.stem + ".pdf")
        if not written.is_file():
            raise fail(Code.PDF_FAILED, FileSystemError, file=str(xlsx_path), value=str(xlsx_path), detail=detail)
        try:
            shutil.move(written, pdf_path)
        except PermissionError:  # the PDF is open in a viewer that locks it (Windows)
            raise fail(Code.OUTPUT_LOCKED, FileSystemError, file=str(pdf_path), value=str(pdf_path)) from None
    return pdf_path


def _convert(binary: str, profile: Path, sources: list[Path], outdir: Path) -> str:
    """One LibreOffice run printing `sources` to PDF in `outdir`; how it ended, for a message."""
    command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        return f"exit {done.returncode}"
    except subprocess.TimeoutExpired:
        return f"timeout {TIMEOUT}s"
    except OSError as exc:
        return exc.strerror or type(exc).__name__


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_SHEET = re.compile(r"<sheet\b[^>]*/>")
_HEADER_FOOTER = re.compile(r"<((?:odd|even|first)(?:Header|Footer))>(.*?)</\1>", re.S)


def _count_pages(binary: str, profile: Path, xlsx: Path, work: Path) -> dict[str, int]:
    """{sheet part in the package: its printed pages} for the visible sheets whose header or
    footer counts pages (&N), each printed alone; {} when none does or the count failed, and
    for a document that is no workbook (the Word report)."""
    if xlsx.suffix.lower() != ".xlsx":
        return {}
    parts = _sheet_parts(xlsx)
    with zipfile.ZipFile(xlsx) as archive:
        wanted = [(i, part) for i, (part, visible) in enumerate(parts)
                  if visible and any("&amp;N" in m.group(2) for m in _HEADER_FOOTER.finditer(archive.read(part).decode("utf-8")))]
    if not wanted:
        return {}
    alone, outdir = work / "alone", work / "counted"
    alone.mkdir()
    sources = []
    for i, _ in wanted:
        sources.append(alone / f"{i}.xlsx")
        _rewrite(xlsx, sources[-1], only=i)
    _convert(binary, profile, sources, outdir)
    counts = {}
    for i, part in wanted:
        printed = outdir / f"{i}.pdf"
        if not printed.is_file():
            return {}
        counts[part] = len(_PAGE.findall(printed.read_bytes()))
    return counts


def _sheet_parts(xlsx: Path) -> list[tuple[str, bool]]:
    """Each sheet's part in the package, in tab order, and whether it is visible."""
    from defusedxml.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(xlsx) as archive:
        book = fromstring(archive.read("xl/workbook.xml"))
        links = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {link.get("Id"): link.get("Target", "") for link in links}
    parts = []
    for sheet in book.iter(f"{main}sheet"):
        target = targets.get(sheet.get(rel), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts.append((part, sheet.get("state", "visible") == "visible"))
    return parts


def _rewrite(xlsx: Path, copy: Path, *, only: int | None = None, sheet_parts: dict[str, int] | None = None) -> None:
    """A copy of the workbook to print: with `only`, every other sheet hidden (that sheet
    active); with `sheet_parts`, each listed sheet's &N replaced by its page count."""
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if only is not None and info.filename == "xl/workbook.xml":
                sheets = iter(range(1 << 30))
                text = _SHEET.sub(lambda m: _shown(m.group(0), next(sheets) == only), data.decode("utf-8"))
                # a hidden sheet with a print range still prints in LibreOffice: the others' go
                text = re.sub(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)"[^>]*>[^<]*</definedName>',
                              lambda m: m.group(0) if int(m.group(1)) == only else "", text)
                text = re.sub(r'activeTab="\d+"', f'activeTab="{only}"', text)
                text = re.sub(r'firstSheet="\d+"', f'firstSheet="{only}"', text)
                data = text.encode("utf-8")
            elif sheet_parts and info.filename in sheet_parts:
                count = str(sheet_parts[info.filename])
                text = _HEADER_FOOTER.sub(lambda m: f"<{m.group(1)}>{m.group(2).replace('&amp;N', count)}</{m.group(1)}>",
                                          data.decode("utf-8"))
                data = text.encode("utf-8")
            target.writestr(info, data)


def _shown(sheet: str, visible: bool) -> str:
    sheet = re.sub(r'\sstate="[^"]*"', "", sheet)
    return sheet if visible else sheet.replace("<sheet ", '<sheet state="hidden" ', 1)


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
