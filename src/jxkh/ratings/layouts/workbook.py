"""One workbook's ballots: one long sheet, or one sheet per rater.

Which sheets hold ballots: a sheet named 测评 (or an alias) alone; else every sheet that is not
the roster and not a 说明/汇总 sheet and has a ballot header. One such sheet is the long
layout (one row per ballot per ratee, today's); several are one ballot form per rater (第1票 …
第12票), each row a ratee. Every sheet left out is named in a notice.

A sheet's rater and 测评人类别 may be written once above its header (测评人：张三, 测评人类别：
同事); else the group comes from a column, or from the sheet's (or file's) name when that
contains one of the policy's groups; on a per-rater sheet without a 测评人 line the sheet
itself (第3票) is the rater, so one rater's repeated or identical ballots are still found.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...cells import clean_text, is_blank, normalize
from ...headers import RATING_FIELDS, RATING_SHEETS, ROSTER_SHEETS, not_data_sheet
from ...messages import Code, Phrase
from ...problems import Problems, cell_ref
from ..model import BallotSource, Roster
from ..roster import roster_sheet
from ..tally import group_index, source_of

if TYPE_CHECKING:
    from ...policy import Policy
    from ..plain import Columns, Pending
    from ...reader import Table, Workbook

LINE_ROWS = 20  # a 测评人类别 line sits above the header, itself within the first 20 rows


@dataclass
class Found:
    """A ballot sheet: its source, its (streamed) table, and the problems its reading adds."""

    source: BallotSource
    table: Table
    problems: Problems
    columns: Columns | Pending | None = None  # the ballots read as columns (`ratings.plain`): `table` then has no rows


def read_workbook(
    path: Path, policy: Policy, problems: Problems, roster_path: Path | str | None = None
) -> tuple[list[Found], Roster | None, list[Path]] | None:
    from ...provenance import refuse_own_output
    from ...reader import open_workbook

    book = open_workbook(path, policy.limits)
    refuse_own_output(book)
    problems.extend(book.problems)
    roster, files = None, [path]
    if roster_path is not None:
        roster, roster_file = roster_from(Path(roster_path), policy, problems)
        files.append(roster_file)
    else:
        roster = roster_sheet(book, policy, problems)
    found = ballot_sheets(book, policy, problems)
    return (found, roster, files) if found else None


def roster_from(path: Path, policy: Policy, problems: Problems) -> tuple[Roster | None, Path]:
    """`--roster F` (or a folder's 人员 file): its 人员 sheet, else its first. Like every input, a
    workbook jxkh wrote (a bonus.xlsx has a 人员-like sheet) is refused, naming its original."""
    from ...provenance import refuse_own_output
    from ...reader import open_workbook

    book = open_workbook(path, policy.limits)
    refuse_own_output(book)
    problems.extend(book.problems)
    return roster_sheet(book, policy, problems, first_if_missing=True), path


def _key(name: str) -> str:
    return normalize(name).lower()


def ballot_sheets(
    book: Workbook, policy: Policy, problems: Problems, *, roster: str | None = None, rater: str | None = None
) -> list[Found]:
    """The workbook's ballot sheets, read (rows streamed). In a folder, `rater` is the file's name
    (the file is one rater's) and `roster` the folder's roster file (the file's 人员 sheets are not it)."""
    skip_roster = roster is None
    from ...reader import find_sheet

    roster_keys = {_key(n) for n in ROSTER_SHEETS}
    named = find_sheet(book, RATING_SHEETS, first_if_missing=False, problems=Problems())
    candidates: list[str] = []
    for sheet in book.sheet_names:
        key = _key(sheet)
        if named is not None and sheet != named:
            if key not in roster_keys or not skip_roster:
                _not_read(problems, book, sheet, Phrase("not_read_named", (("sheet", named),)))
        elif key in roster_keys:
            if not skip_roster:
                _not_read(problems, book, sheet, Phrase("not_read_roster_in_folder", (("roster", roster),)))
        elif not_data_sheet(sheet) is not None:  # 说明, 汇总 (read too, it would double the ballots)
            _not_read(problems, book, sheet, Phrase(f"sheet_{not_data_sheet(sheet)}"))
        else:
            candidates.append(sheet)
    if book.kind == "csv":
        candidates = list(book.sheet_names)
    if not candidates:
        problems.add(Code.SHEET_MISSING, file=book.file, value=RATING_SHEETS[0], found="、".join(book.sheet_names) or "无")
        return []
    return _read_candidates(book, candidates, policy, problems, rater)


def _read_candidates(book: Workbook, candidates: list[str], policy: Policy, problems: Problems, rater: str | None) -> list[Found]:
    from ...reader import read_table
    from . import ballot_fields
    from .. import plain
    from ..votes import as_scores, ballot_vote_fields
    from .refused import refused_layout

    groups = list(policy.staff.rater_weights)
    votes = policy.staff.method == "votes"
    found: list[Found] = []
    failed: list[tuple[str, Problems]] = []
    lines: dict[str, dict[str, tuple[str, dict[str, Any]]]] = {}
    # Many ballots may be read as columns; then only the sheets' first rows are built here.
    large = {} if votes else plain.candidates(book, candidates, policy)

    def read(sheet: str, columns_too: bool) -> Found | None:
        """The sheet read (its first rows only, where it may be read as columns); None when it
        has no usable table (its problems in `failed`)."""
        if sheet not in lines:
            lines[sheet] = _lines(book, sheet)
        from_name = _group_in(sheet, groups) or (_group_in(Path(book.file).stem, groups) if rater else None)
        # The group column is required only where nothing else gives the group.
        fields = ballot_fields(policy, group_column="rater_group" not in lines[sheet] and from_name is None)
        if votes:
            fields = {**ballot_vote_fields(policy), **{k: v for k, v in fields.items() if k == "rater_group"}}
        sheet_problems = Problems()
        columns = None
        if columns_too and sheet in large:
            table = read_table(large[sheet].head, sheet, fields, sheet_problems, limits=policy.limits)
            columns = large[sheet].columns(table, sheet_problems, policy)
            if columns is not None:
                assert table is not None
                table.rows = []
        if columns is None:
            sheet_problems = Problems()
            table = read_table(book, sheet, fields, sheet_problems, limits=policy.limits, stream=True)
        if table is None:
            failed.append((sheet, sheet_problems))
            return None
        if votes:  # tick-box ballots: the tick's points become the one score column
            table = as_scores(table, policy, sheet_problems)
        group, group_where = lines[sheet].get("rater_group") or (from_name, {})
        return Found(source_of(table, None, group, group_where), table, sheet_problems, columns)

    try:
        for sheet in candidates:
            f = read(sheet, True)
            if f is not None:
                found.append(f)
    except BaseException:
        for candidate in large.values():
            if isinstance(candidate, plain.Form):  # its thread ends: no form will be added
                candidate.batch.loads.frames()
                break
        raise
    # Forms per rater read as columns together: settled once every head is read; any form
    # that is not plain is read by rows, in its place.
    queued = [i for i, f in enumerate(found) if isinstance(f.columns, plain.Pending)]
    if queued:
        batch = found[queued[0]].columns.batch
        settled = batch.settle(policy, [(i, found[i].source.sheet, _group_given(found[i].source, policy)) for i in queued])
        for i in reversed(queued):
            f = found[i]
            f.columns = settled.get(f.source.sheet)
            if f.columns is None:
                again = read(f.source.sheet, False)
                if again is None:
                    del found[i]
                else:
                    found[i] = again
    per_rater = rater is not None or len(found) > 1
    for f in found:
        written = lines[f.source.sheet].get("rater")
        if written:
            f.source.rater = written[0]
        elif per_rater and "rater" not in f.source.columns:
            f.source.rater = f"{rater} {f.source.sheet}" if rater and len(found) > 1 else rater or f.source.sheet
    dimensions = "、".join(policy.staff.dimensions)
    for sheet, sheet_problems in failed:
        # A sheet with some of a ballot header but not all is a ballot form with a mistake: its
        # errors stand. One with none of it is not a ballot sheet: named, left out.
        looks_like = any(p.code not in (Code.HEADER_NOT_FOUND, Code.SHEET_EMPTY, Code.HIDDEN_SHEET) for p in sheet_problems)
        if found and not looks_like:
            problems.extend(p for p in sheet_problems if p.code == Code.HIDDEN_SHEET)
            _not_read(problems, book, sheet, Phrase("not_read_no_header", (("dimensions", dimensions),)))
            continue
        layout = None if votes else refused_layout(book, sheet, policy)  # with votes, tick boxes are read
        if layout is not None:
            problems.add(Code.BALLOT_LAYOUT_UNSUPPORTED, file=book.file, sheet=sheet, layout=Phrase(layout))
        else:
            problems.extend(sheet_problems)
    return found


def _group_given(source: BallotSource, policy: Policy) -> bool:
    """Whether a sheet's ballots have their 测评人类别 from it: a column, or a group the policy
    knows written above the header or in its name (else the tally reports the sheet)."""
    if not policy.staff.rater_weights or "rater_group" in source.columns:
        return True
    return source.group is not None and normalize(source.group).lower() in group_index(policy)


def _not_read(problems: Problems, book: Workbook, sheet: str, reason: Phrase) -> None:
    problems.add(Code.SHEET_NOT_READ, file=book.file, sheet=sheet, value=sheet, reason=reason)


def _group_in(name: str, groups: list[str]) -> str | None:
    """The one policy group a sheet or file name contains (同事3, 第2票（领导）), else None."""
    key = _key(name)
    hits = [g for g in groups if _key(g) and _key(g) in key]
    return hits[0] if len(hits) == 1 else None


def _lines(book: Workbook, sheet: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """测评人：… and 测评人类别：… written in the first rows: field → (value, where)."""
    labels = [(name, _key(h)) for name in ("rater_group", "rater") for h in RATING_FIELDS[name].headers]
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for r, row in enumerate(book.first_rows(sheet, LINE_ROWS)):
        for c, value in enumerate(row):
            if not isinstance(value, str) or not (":" in value or "：" in value):
                continue  # every such line has its colon (the only cheap test: 600 forms × 20 rows)
            text = unicodedata.normalize("NFKC", clean_text(value))
            for name, label in labels:
                value_text = _after_label(text, label, row[c + 1:])
                if value_text is not None:
                    if value_text and name not in found:
                        found[name] = (value_text, {"cell": cell_ref(r + 1, c), "row": r + 1})
                    break
    return found


def _after_label(text: str, label: str, rest: list[Any]) -> str | None:
    """The value of "label：value" (or "label：" then the value in the next filled cell); None
    when the text is not such a line. Only the first word counts (测评人类别：同事 日期：…)."""
    squeezed = text.replace(" ", "")
    if not squeezed.lower().startswith(label):
        return None
    # Map the label's length in the squeezed text back to the text itself.
    seen, i = 0, 0
    while i < len(text) and seen < len(label):
        if text[i] != " ":
            seen += 1
        i += 1
    tail = text[i:].lstrip()
    if not tail or tail[0] not in ":：":
        return None
    words = tail[1:].split()
    if words:
        return words[0]
    nxt = next((clean_text(v) for v in rest if not is_blank(v)), "")
    return nxt.split()[0] if nxt else ""
