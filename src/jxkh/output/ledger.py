"""`台账汇总.xlsx`: the material for the 绩效情况分析会 (附件1 二.4).

进度矩阵 (indicator × month, with each indicator's status at the month reported), 科室进度 (per
科室 and month, against the share of the year gone, with a line chart), then one sheet per
thing to discuss — 进度滞后, 逾期未完成, 本月未填报, 存在问题 — and 台账明细 with every row read,
so nothing of the ledger is left out. Then 说明.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import plain, round_to
from ..writer import fit_a4, new_workbook, place_chart, save_atomic, set_cell, write_table, write_title
from .explanation import add_explanation_sheet

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..ledger import Ledger
    from ..policy import Policy
    from ..rules.ledger import LedgerResult, Track

PERCENT = "0%"
ELAPSED = "时间进度"


def write_ledger(result: LedgerResult, ledger: Ledger, policy: Policy, output: Path, inputs: list[Path]) -> Path:
    wb = new_workbook()
    ws = wb.active
    ws.title = "进度矩阵"
    m = result.month
    # Each sheet's title: the unit and year, the month reported, the sheet.
    title = f"{policy.title}　{m}月目标工作台账"
    _matrix(ws, result, title)
    _departments(wb.create_sheet("科室进度"), result, title)
    _list(wb.create_sheet("进度滞后"), title, ["序号", "指标名称", "责任科室", "责任人", f"{m}月进度", "时间进度", "落后"],
          [[f.track.id, f.track.name, f.track.department, f.track.owner, f.progress, f.expected, f.gap]
           for f in result.behind], percent={5, 6, 7})
    _list(wb.create_sheet("逾期未完成"), title, ["序号", "指标名称", "责任科室", "责任人", "完成时限", f"{m}月进度"],
          [[f.track.id, f.track.name, f.track.department, f.track.owner, f"{f.track.deadline}月", f.progress]
           for f in result.overdue], percent={6})
    _list(wb.create_sheet("本月未填报"), title, ["序号", "指标名称", "责任科室", "责任人", "最近填报月份"],
          [[t.id, t.name, t.department, t.owner, _last(t)] for t in result.missing])
    _list(wb.create_sheet("存在问题"), title, ["序号", "指标名称", "责任科室", "月份", "存在问题", "下月计划", "填报人", "位置"],
          [[t.id, t.name, t.department, f"{e.month}月", e.issues, e.next_plan, e.reporter, e.place]
           for t, e in result.issues])
    _list(wb.create_sheet("台账明细"), title,
          ["工作表", "行号", "月份", "序号", "指标", "科室", "本月计划", "完成情况", "进度（%）", "存在问题", "下月计划",
           "佐证材料", "填报人"],
          [[e.sheet, e.row, e.month, e.id, e.name, e.department, e.plan, e.done, e.progress, e.issues, e.next_plan,
            e.evidence, e.reporter] for e in ledger.entries], percent={9})
    tolerance = plain(round_to(result.tolerance * 100, result.precision))
    notes = [
        ("汇报月份", f"{m} 月（时间进度 {m}/12 = {plain(round_to(result.elapsed * 100, result.precision))}%）"),
        ("进度滞后", f"截至本月最近一次填报的进度低于时间进度减去容差 ledger.tolerance（{tolerance}%）；恰好等于不算滞后；从未填报按 0 计。"),
        ("逾期未完成", "完成时限所在月份不晚于汇报月份，且进度未达 100%（6月的台账在6月底填报，6月到期的指标此时应已完成）；逾期的指标不再重复列入进度滞后。"),
        ("本月未填报", "规定指标、自选指标在汇报月份没有台账记录。"),
        ("科室进度", "科室内各指标进度按分值加权平均（无指标表时各指标权重相同）；未填报的月份沿用此前最近一次进度。"),
        ("读取的工作表", "、".join(ledger.sheets)),
    ]
    add_explanation_sheet(wb, policy, inputs, notes)
    return save_atomic(wb, output)


def _last(track: Track) -> str | None:
    return f"{max(track.entries)}月" if track.entries else None


def _matrix(ws: Worksheet, result: LedgerResult, title: str) -> None:
    months = result.months
    headers = ["序号", "指标名称", "责任科室", "分值", "完成时限", *(f"{m}月" for m in months), f"状态（{result.month}月）"]
    rows: list[list[Any]] = []
    for t in result.tracks:
        progress = [t.entries[m].progress if m in t.entries else None for m in months]
        deadline = f"{t.deadline}月" if t.deadline else None
        rows.append([t.id, t.name, t.department, t.points, deadline, *progress, result.status(t)])
    header_row = write_title(ws, f"{title}　进度矩阵", len(headers))
    write_table(ws, headers, rows, start_row=header_row, number_formats={c: PERCENT for c in range(6, 6 + len(months))})
    fit_a4(ws, landscape=True, header_row=header_row, key_columns=2)


def _departments(ws: Worksheet, result: LedgerResult, title: str) -> None:
    from openpyxl.chart import LineChart, Reference

    months = result.months
    rows: list[list[Any]] = [[name, *(by_month[m] for m in months)] for name, by_month in result.departments.items()]
    rows.append([ELAPSED, *(round_to(Decimal(m) / 12, result.precision + 2) for m in months)])
    headers = ["科室", *(f"{m}月" for m in months)]
    header_row = write_title(ws, f"{title}　科室进度", len(headers))
    last = write_table(ws, headers, rows, start_row=header_row, number_formats={c: PERCENT for c in range(2, 2 + len(months))})
    chart = LineChart()
    chart.height, chart.width = 8, 16
    chart.y_axis.number_format = PERCENT
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides both axes by default
    data = Reference(ws, min_col=1, max_col=1 + len(months), min_row=header_row + 1, max_row=last)
    chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + len(months), min_row=header_row, max_row=header_row))
    place_chart(ws, chart, "各科室目标进度（%）", f"A{last + 3}")
    fit_a4(ws, header_row=header_row)


def _list(ws: Worksheet, title: str, headers: list[str], rows: list[list[Any]], percent: set[int] = frozenset()) -> None:
    header_row = write_title(ws, f"{title}　{ws.title}", len(headers))
    write_table(ws, headers, rows, start_row=header_row, number_formats={c: PERCENT for c in percent}, max_width=40)
    fit_a4(ws, landscape=True, header_row=header_row, key_columns=2 if headers[:2] == ["序号", "指标名称"] else 1)
    if not rows:
        set_cell(ws, header_row + 1, 1, "（无）")
