"""A folder of ballot files, one per rater, as collected by e-mail: `jxkh appraise 测评票/`.

Each workbook in it is one rater's ballot form (or several, one per sheet); the rater is its
测评人 line, else the file's name. The roster is `--roster F`, else the folder's 人员 workbook
(人员.xlsx, 人员名单.xls, 花名册.xlsx…). Files are taken in natural order (第2票 before 第10票);
every file not read (an output of jxkh, known by its name or by its 说明 sheet; not a
spreadsheet) is named in a notice. Excel's lock files (~$…) and hidden files are not the clerk's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ...cells import normalize
from ...headers import BONUS_FILE, ROSTER_SHEETS
from ...messages import Code, Phrase
from ...problems import DataError, Problems
from ..model import Roster
from .workbook import Found, ballot_sheets, roster_from

if TYPE_CHECKING:
    from ...policy import Policy

OUTPUT_SUFFIX = ".scored.xlsx"


def _natural(path: Path) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def is_output(path: Path) -> bool:
    """A workbook jxkh wrote (`*.scored.xlsx`, `bonus.xlsx`): never read back as ballots."""
    return path.name.endswith(OUTPUT_SUFFIX) or path.name == BONUS_FILE


def read_folder(
    folder: Path, policy: Policy, problems: Problems, roster_path: Path | str | None = None
) -> tuple[list[Found], Roster | None, list[Path]] | None:
    from ...provenance import originals, written_by_jxkh
    from ...reader import FORMATS, open_workbook

    roster_keys = {normalize(n).lower() for n in ROSTER_SHEETS}
    files = sorted((p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))), key=_natural)
    roster_file = Path(roster_path) if roster_path is not None else next(
        (p for p in files if p.suffix.lower() in FORMATS and normalize(p.stem).lower() in roster_keys), None
    )
    roster, read = None, []
    if roster_file is not None:
        roster, _ = roster_from(roster_file, policy, problems)
        read.append(roster_file)
    found: list[Found] = []
    for path in files:
        if roster_file is not None and path.resolve() == roster_file.resolve():
            continue
        reason = "not_read_output_name" if is_output(path) else None if path.suffix.lower() in FORMATS else "not_read_format"
        if reason is not None:
            _not_read(problems, path, Phrase(reason))
            continue
        try:
            book = open_workbook(path, policy.limits)
        except DataError as error:  # one bad file among many: report it with the rest
            problems.extend(error.problems)
            continue
        inputs = written_by_jxkh(book)
        if inputs is not None:  # an output saved in the folder under another name (-o 测评票/结果.xlsx)
            _not_read(problems, path, Phrase("not_read_output", (("original", originals(inputs)),)))
            continue
        problems.extend(book.problems)
        # A 人员 sheet in a rater's file is not the roster: the notice says which one is.
        roster_name = roster_file.name if roster_file is not None else "—"
        found.extend(ballot_sheets(book, policy, problems, roster=roster_name, rater=path.stem))
        read.append(path)
    if not found and not any(p.is_error for p in problems):
        problems.add(Code.SHEET_MISSING, file=str(folder), value="测评", found="、".join(p.name for p in files) or "无")
    return (found, roster, read) if found else None


def _not_read(problems: Problems, path: Path, reason: Phrase) -> None:
    problems.add(Code.FILE_NOT_READ, file=str(path), value=path.name, reason=reason)
