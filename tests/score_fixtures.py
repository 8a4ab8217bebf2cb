"""A small fictional unit's indicators (600 points), as rows a test can change and write out.

Worked by hand from 附件1 三.2 and the default policy:

| 行 | 指标 | 类别 | 分值 | 等次 | given | 得分 | 失分 |
|---|---|---|---|---|---|---|---|
| 2 | 招商引资服务 | 规定 | 100 | 好 | — | 100.00 | 0 |
| 3 | 会员发展 | 规定 | 100 | 良好 | 得分 90 | 90.00 | 10 |
| 4 | 非公经济调研 | 规定 | 100 | 良好 | 得分率 85% | 85.00 | 15 |
| 5 | 光彩事业 | 规定 | 100 | 一般 | 得分 60, 个人原因 | 60.00 | 40 |
| 6 | 商会建设 | 自选 | 100 | 良好 | — (band_default 0.9) | 90.00 | 10 |
| 7 | =1+1 | 自选 | 100 | 差 | 得分 0, 个人原因 | 0.00 | 100 |
| 8 | 省级表彰 | 加分项 | 5 | | | +5.00 | |

Total 100 + 90 + 85 + 60 + 90 + 0 + 5 = 430.00 of 600 = 71.67% → 一般 (≥ 60%, < 80%).
Charges: row 5 黄晓明 and 刘洋 40.00 each, leader 邱大同 20.00; row 7 吴磊 100.00, leader 何建国 50.00.
The indicator named `=1+1` checks that text that looks like a formula stays text.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

HEADER = ["序号", "类别", "指标名称", "分值", "评分标准", "责任科室", "责任人", "责任领导",
          "完成等次", "得分", "得分率", "扣分原因", "个人原因", "备注", "联系电话"]


def clean_rows() -> list[list[Any]]:
    return [
        HEADER,
        [1, "规定指标", "招商引资服务", 100, "完成年度任务", "办公室", "林小红", "邱大同", "好", None, None, None, "否", None, "0597-1"],
        [2, "规定指标", "会员发展", 100, "新增会员50家", "会员科", "黄晓明", "邱大同", "良好", 90, None, None, "否", None, "0597-2"],
        [3, "规定指标", "非公经济调研", 100, "调研报告2篇", "调研科", "吴磊", "何建国", "良好", None, 0.85, None, None, None, None],
        [4, "规定指标", "光彩事业", 100, "项目落地", "会员科", "黄晓明、刘洋", "邱大同", "一般", 60, None, "进度滞后", "是", None, None],
        [5, "自选指标", "商会建设", 100, "新建商会2个", "办公室", "林小红", "何建国", "良好", None, None, None, None, None, None],
        [6, "自选指标", "=1+1", 100, "宣传报道", "调研科", "吴磊", "何建国", "差", 0, None, "未完成", "是", "名称像公式", None],
        [None, "加分项", "省级表彰", 5, None, None, None, None, None, None, None, None, None, None, None],
    ]


EXPECTED_TOTAL = Decimal("430.00")
EXPECTED_LEVEL = "一般"


def write_rows(path: Path, rows: list[list[Any]], sheet: str = "指标", merges: list[str] | None = None) -> Path:
    """Write rows with openpyxl; a str starting with '=' is a formula unless it is the =1+1 name."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if value == "=1+1":
                cell.data_type = "s"  # text, as a clerk typing '=1+1 would get
    for ref in merges or []:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def set_value(rows: list[list[Any]], row: int, header: str, value: Any) -> list[list[Any]]:
    """Change one cell, addressed by spreadsheet row (header is row 1) and column name."""
    rows[row - 1][rows[0].index(header)] = value
    return rows
