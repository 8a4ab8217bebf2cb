"""The same twelve raters' ballots for ten people, in each layout jxkh reads (for the layout tests
and the LibreOffice fixtures' make.py).

Rater j (第1票 … 第12票; 第1–3票 are 领导, the rest 同事) gives ratee i the total `total(j, i)`,
split 10:20:30:30:10 (`prop`), so every average is the total's average times those shares:

- 王芳 (i = 0): 89 from 第1票, 95 from the other eleven;
- ratee i = 1…9: 78 + i from odd-numbered 票, 80 + i from even ones.

Every layout ends as printed forms do, with a signature footer under the table (测评人签名：… 日期：…
under a ballot form, 填表人：… 审核人：… under the long sheet): it is not a ballot, and a notice says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from appraise_fixtures import ROSTER_HEADER, prop

RATEES = [("001", "王芳"), ("002", "李强"), ("003", "张伟"), ("004", "刘洋"), ("005", "陈静"),
          ("006", "杨磊"), ("007", "赵敏"), ("008", "黄勇"), ("009", "周杰"), ("010", "吴娟")]
RATERS = [f"第{j}票" for j in range(1, 13)]
DEPT = "办公室"


def total(j: int, i: int) -> int:
    if i == 0:
        return 89 if j == 1 else 95
    return 78 + i if j % 2 else 80 + i


def group(j: int) -> str:
    return "领导" if j <= 3 else "同事"


def roster_rows() -> list[list[Any]]:
    return [[id_, name, DEPT, None, None, None, None] for id_, name in RATEES]


# The rows under a ballot form (as offices print it): a blank row, then who signed it and when.
FORM_FOOTER = ["测评人签名：", None, None, None, None, "日期：2015年12月"]
LONG_FOOTER = ["填表人：张三", None, None, None, "审核人：李四", None, "联系电话：0597-1234567"]
FORM_HEADER = ["序号", "工号", "被测评人", "德（10分）", "能（20分）", "勤（30分）", "绩（30分）", "廉（10分）", "合计"]


def form(ws: Any, j: int) -> None:
    """One rater's ballot form as an office prints it: a merged title, the 测评人类别 line, a header
    with the maxima, a 合计 formula per row, and the signature footer (row 15)."""
    ws.append(["2015年度干部职工民主测评表"])
    ws.merge_cells("A1:I1")
    ws.append([f"测评人类别：{group(j)}", None, None, None, None, "填表日期：2015年12月"])
    ws.append(FORM_HEADER)
    for i, (id_, name) in enumerate(RATEES):
        r = ws.max_row + 1
        # 工号 typed as a number on some forms (Excel drops the zeros): 1 is still 001.
        ws.append([i + 1, int(id_) if j % 4 == 0 else id_, name, *prop(total(j, i)), f"=SUM(D{r}:H{r})"])
    ws.append([])
    ws.append(FORM_FOOTER)


def write_long(path: Path) -> Path:
    """One row per ballot per ratee (today's layout), with the 人员 roster."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "测评"
    ws.append(["工号", "被测评人", "科室", "测评人", "测评人类别", "德", "能", "勤", "绩", "廉"])
    for j, rater in enumerate(RATERS, 1):
        for i, (id_, name) in enumerate(RATEES):
            ws.append([id_, name, DEPT, rater, group(j), *prop(total(j, i))])
    ws.append([])
    ws.append(LONG_FOOTER)  # rows 122–123
    return with_roster(wb, path, [ROSTER_HEADER, *roster_rows()])


def write_per_sheet(path: Path) -> Path:
    """One ballot form per rater (第1票 … 第12票), with a 说明 sheet first and the 人员 roster."""
    return per_sheet_book(path, RATERS, form, "每位测评人填写一张工作表，测评结束后交绩效办汇总。", [ROSTER_HEADER, *roster_rows()])


def write_folder(folder: Path) -> Path:
    """A folder of per-rater files as collected by e-mail (第1票.xlsx …), and 人员.xlsx."""
    return form_folder(folder, RATERS, form, [ROSTER_HEADER, *roster_rows()])


# The per-sheet and folder layouts of any form (scores here, tick boxes in vote_layouts.py).

def per_sheet_book(path: Path, raters: list[str], fill: Any, note: str, roster: list[list[Any]]) -> Path:
    """A 说明 sheet with `note`, one sheet per rater filled by `fill(ws, j)`, and the 人员 roster."""
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes.append([note])
    for j, rater in enumerate(raters, 1):
        fill(wb.create_sheet(rater), j)
    return with_roster(wb, path, roster)


def form_folder(folder: Path, raters: list[str], fill: Any, roster: list[list[Any]]) -> Path:
    """One file per rater (第1票.xlsx …, its sheet 测评票) and 人员.xlsx, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for j, rater in enumerate(raters, 1):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "测评票"
        fill(ws, j)
        wb.save(folder / f"{rater}.xlsx")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    with_roster(wb, folder / "人员.xlsx", roster)
    return folder


def with_roster(wb: Any, path: Path, rows: list[list[Any]]) -> Path:
    roster = wb.create_sheet("人员")
    for row in rows:
        roster.append(row)
    wb.save(path)
    return path
