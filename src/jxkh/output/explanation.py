"""The 说明 sheet every output ends with, as a page of Chinese: what was done, the tool and the
local time, each input's name and SHA-256, and every policy value with its meaning, in words
(四舍五入, 按岗位系数) and with its key in jxkh.toml for whoever wants to change it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..headers import EXPLANATION_SHEET as SHEET, INPUT_LABEL, TOOL_LABEL
from ..writer import fit_a4, sha256, write_table, write_title

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..policy import Policy

WIDTHS = (22, 60)  # one A4 portrait width at 10 pt; long texts wrap


def percent(value: Any) -> str:
    return f"{(Decimal(value) * 100).normalize():f}%"


def _number(value: Any) -> str:
    return f"{Decimal(value).normalize():f}"


def _each(unit: str = "", show: Callable[[Any], str] = _number) -> Callable[[dict[str, Any]], str]:
    return lambda values: "，".join(f"{k} {show(v)}{unit}" for k, v in values.items()) or "无"


def _optional(show: Callable[[Any], str], none: str = "不限") -> Callable[[Any], str]:
    return lambda value: none if value is None or value == "" else show(value)


def _text(value: str) -> str:
    return value.strip() or "（未设置）"


def _cutoffs(cutoffs: dict[str, Any]) -> str:
    items = list(cutoffs.items())
    parts = [f"{g} {_number(v)} 分以上" for g, v in items[:-1]]
    if len(items) > 1:
        parts.append(f"{items[-1][0]} {_number(items[-2][1])} 分以下")
    return "，".join(parts)


def _bands(bands: dict[str, Any]) -> str:
    return "，".join(f"{g} {percent(low)}" if low == high else f"{g} {percent(low)}–{percent(high)}"
                     for g, (low, high) in bands.items())


def _award_to(grades: list[str]) -> str:
    return "，无人时".join(grades) if grades else "无"


# (key in jxkh.toml, meaning, value in words). Keys not listed are shown as they are.
WORDS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "title": ("标题", _text),
    "precision": ("分数保留小数位数", lambda v: f"{v} 位"),
    "rounding": ("舍入方法", {"half_up": "四舍五入", "half_even": "四舍六入五成双"}.get),
    "unit.total": ("规定指标与自选指标总分值", lambda v: f"{_number(v)} 分"),
    "unit.bands": ("各完成等次的得分比例", _bands),
    "unit.band_default": ("只填完成等次、未填得分时的得分比例", _each(show=percent)),
    "unit.levels": ("单位年度等次：总分 ÷ 总分值不低于", _each(show=percent)),
    "unit.bonus_cap": ("加分项上限", _optional(lambda v: f"{_number(v)} 分")),
    "unit.penalty_cap": ("扣分项上限", _optional(lambda v: f"{_number(v)} 分")),
    "staff.dimensions": ("测评维度及满分", _each(" 分")),
    "staff.cutoffs": ("考评等次分数线", _cutoffs),
    "staff.aggregate": ("测评票汇总方法", {"mean": "平均分", "trimmed": "去掉一个最高分和一个最低分后平均"}.get),
    "staff.trim_min_ballots": ("去高去低所需最少票数", lambda v: f"{v} 票"),
    "staff.rater_weights": ("测评人类别权重", lambda v: _each(show=percent)(v) if v else "不分类别"),
    "staff.excellent_quota": ("优秀比例上限", _optional(percent)),
    "staff.suspect_ballots": ("可疑测评票", {"count": "照常计入并提示", "exclude": "剔除并提示"}.get),
    "accountability.person_factor": ("责任人扣分", lambda v: f"失分 × {_number(v)}"),
    "accountability.leader_factor": ("责任领导连带扣分", lambda v: f"责任人扣分 × {_number(v)}"),
    "accountability.cap": ("每人每年责任扣分上限", _optional(lambda v: f"{_number(v)} 分")),
    "bonus.base": ("奖金基数", {"coefficient": "按岗位系数 × 在岗月数/12 的比例", "equal": "平均"}.get),
    "bonus.deduct": ("各等次扣减基数的比例", _each(show=percent)),
    "bonus.award_to": ("扣减金额补给", _award_to),
    "bonus.award_split": ("补增金额分配", {"base": "按基数比例", "equal": "平均", "score": "按考评得分比例"}.get),
    "bonus.unit": ("金额精确到", lambda v: f"{_number(v)} 元"),
    "notice.unit": ("落款单位名称", _text),
    "notice.office": ("受理异议的部门", _text),
    "notice.contact": ("联系人", _text),
    "notice.phone": ("联系电话", _text),
    "notice.supervision_phone": ("监督电话", _text),
    "notice.days": ("公示期", lambda v: f"{v} 个工作日"),
    "notice.start": ("公示开始日期", _optional(lambda v: f"{v.year}年{v.month}月{v.day}日", "未设置（手填）")),
    "notice.approval": ("审批依据", _text),
    "notice.document_number": ("文号", _text),
    "notice.show_score": ("公示列出考评得分", lambda v: "是" if v else "否"),
    "limits.max_file_mb": ("文件大小上限", lambda v: f"{_number(v)} MB"),
    "limits.max_unpacked_mb": ("解压后大小上限", lambda v: f"{_number(v)} MB"),
    "limits.max_ratio": ("压缩比上限", lambda v: f"{_number(v)} : 1"),
    "limits.max_rows": ("行数上限", lambda v: f"{int(v):,}"),
    "limits.max_cells": ("单元格数上限", lambda v: f"{int(v):,}"),
}


def policy_lines(policy: Policy) -> list[tuple[str, str]]:
    """Every policy value as (meaning（key）, value in words)."""
    rows = []

    def walk(prefix: str, model: Any) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            key = f"{prefix}.{name}" if prefix else name
            if hasattr(type(value), "model_fields"):
                walk(key, value)
                continue
            meaning, show = WORDS.get(key, (key, str))
            rows.append((f"{meaning}（{key}）", show(value) or str(value)))

    walk("", policy)
    return rows


def local_time(now: datetime | None = None) -> str:
    now = (now or datetime.now()).astimezone()
    offset = now.strftime("%z")
    return f"{now.year}年{now.month}月{now.day}日 {now:%H:%M}（UTC{offset[:3]}:{offset[3:]}）"


def add_explanation_sheet(
    wb: Workbook, policy: Policy, inputs: Sequence[Path], notes: Sequence[tuple[str, str]] = ()
) -> Worksheet:
    """说明: what was done (notes), the tool and time, each input's SHA-256, the policy used."""
    ws = wb.create_sheet(SHEET)
    rows: list[tuple[str, str]] = [*notes]
    rows.append((TOOL_LABEL, f"jxkh {__version__}"))
    rows.append(("生成时间", local_time()))
    for path in inputs:
        rows.append((INPUT_LABEL.format(name=Path(path).name), f"SHA-256：{sha256(path)}"))
    rows.extend(policy_lines(policy))
    header_row = write_title(ws, f"{policy.title}　说明", 2)
    write_table(ws, ["项目", "内容"], rows, start_row=header_row, widths=WIDTHS)
    ws.auto_filter.ref = None
    fit_a4(ws, header_row=header_row, landscape=False)
    return ws



