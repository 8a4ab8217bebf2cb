"""Tick-box ballots (`staff.method = "votes"`) as offices print them, in each layout jxkh reads
(for tests/test_vote_layouts.py and the LibreOffice fixtures' make.py).

Six raters (第1–2票 领导, 第3–6票 同事) tick one box per person: 优秀 100, 称职 80, 基本称职 60,
不称职 40 (`POLICY`). Each form: a merged title, the 测评人类别 line, a two-row header (测评等次
merged over the four boxes), and a 填表人 footer. Rater j ticks with √, ✓, 1 or 是 (`MARK`);
李强 on 第5票 has two ticks and 张伟 on 第3票 none: spoilt, not counted.

By hand (mean of the valid ticks; weighted: 领导 0.4, 同事 0.6):

| ratee | 第1–6票 | mean | weighted |
|---|---|---|---|
| 王芳 | 优 优 优 称 优 优 | 580/6 = 96.67 | 0.4 × 100 + 0.6 × 95 = 97.00 |
| 李强 | 称 优 称 称 ✗✗ 称 | 420/5 = 84.00 | 0.4 × 90 + 0.6 × 80 = 84.00 |
| 张伟 | 基 称 — 称 基 称 | 360/5 = 72.00 | 0.4 × 70 + 0.6 × 220/3 = 72.00 |
| 刘洋 | 不 基 基 不 基 称 | 340/6 = 56.67 | 0.4 × 50 + 0.6 × 60 = 56.00 |
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from ballot_layouts import form_folder, per_sheet_book, with_roster

from jxkh.policy import policy_from_dict

BOXES = ["优秀", "称职", "基本称职", "不称职"]
VOTES = {"staff": {"method": "votes", "votes": dict(zip(BOXES, [100, 80, 60, 40])),
                   "cutoffs": {"优秀": 90, "称职": 70, "基本称职": 50, "不称职": 0}},
         "bonus": {"deduct": {"不称职": 1}, "award_to": ["优秀", "称职"]}}
POLICY = policy_from_dict(VOTES)
WEIGHTED = policy_from_dict({**VOTES, "staff": {**VOTES["staff"], "rater_weights": {"领导": 0.4, "同事": 0.6}}})

RATEES = [("001", "王芳"), ("002", "李强"), ("003", "张伟"), ("004", "刘洋")]
RATERS = [f"第{j}票" for j in range(1, 7)]
ROSTER = [["工号", "姓名", "科室"], *[[id_, name, "综合科"] for id_, name in RATEES]]
# The box each rater ticked for each ratee: a grade, two grades (spoilt), or none (spoilt).
TICKS: dict[str, list[tuple[str, ...]]] = {
    "王芳": [("优秀",), ("优秀",), ("优秀",), ("称职",), ("优秀",), ("优秀",)],
    "李强": [("称职",), ("优秀",), ("称职",), ("称职",), ("优秀", "称职"), ("称职",)],
    "张伟": [("基本称职",), ("称职",), (), ("称职",), ("基本称职",), ("称职",)],
    "刘洋": [("不称职",), ("基本称职",), ("基本称职",), ("不称职",), ("基本称职",), ("称职",)],
}
MEAN = {"王芳": "96.67", "李强": "84.00", "张伟": "72.00", "刘洋": "56.67"}
WEIGHTED_MEAN = {"王芳": "97.00", "李强": "84.00", "张伟": "72.00", "刘洋": "56.00"}
GRADES = {"王芳": "优秀", "李强": "称职", "张伟": "称职", "刘洋": "基本称职"}
COUNTED = {"王芳": 6, "李强": 5, "张伟": 5, "刘洋": 6}


def group(j: int) -> str:
    return "领导" if j <= 2 else "同事"


def mark(j: int) -> Any:
    """How rater j ticks: √, ✓, the number 1 or 是 (the tick a clerk's font lacks)."""
    return ["√", "✓", 1, "是"][(j - 1) % 4]


def boxes(j: int, name: str) -> list[Any]:
    ticked = TICKS[name][j - 1]
    return [mark(j) if box in ticked else None for box in BOXES]


def form(ws: Any, j: int) -> None:
    """One rater's tick-box ballot as an office prints it."""
    ws.append(["2015年度公务员年度考核民主测评票"])
    ws.merge_cells("A1:G1")
    ws.append([f"测评人类别：{group(j)}", None, None, None, "填表日期：2015年12月"])
    ws.append(["序号", "被测评人", "职务", "测评等次"])
    ws.append([None, None, None, *BOXES])
    for ref in ("A3:A4", "B3:B4", "C3:C4", "D3:G3"):
        ws.merge_cells(ref)
    for i, (_, name) in enumerate(RATEES, 1):
        ws.append([i, name, "科员", *boxes(j, name)])
    ws.append([])
    ws.append(["填表人：", None, None, "审核人："])


def write_long(path: Path) -> Path:
    """One row per ballot per ratee, the boxes as columns: the layout the others must agree with."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "测评"
    ws.append(["被测评人", "测评人", "测评人类别", *BOXES])
    for j, rater in enumerate(RATERS, 1):
        for _, name in RATEES:
            ws.append([name, rater, group(j), *boxes(j, name)])
    return with_roster(wb, path, ROSTER)


def write_per_sheet(path: Path) -> Path:
    """One tick-box form per rater (第1票 … 第6票), after a 说明 sheet, with the 人员 roster."""
    return per_sheet_book(path, RATERS, form, "每位测评人在每名被测评人的一个等次下打“√”，测评结束后交绩效办汇总。", ROSTER)


def write_folder(folder: Path) -> Path:
    """A folder of per-rater files (第1票.xlsx …) and 人员.xlsx."""
    return form_folder(folder, RATERS, form, ROSTER)
