"""The pieces of a 公示 that any command's notice sheet shares (the bonus split's today; the
duty list and the report reuse them): its title and 文号, the 公示期 in working days with its
dates, who takes objections and on which numbers, and the 落款 with (盖章).

All of it comes from the policy's `[notice]` table; what is not set prints as a blank to fill
in by hand, so the printed page is never wrong, only incomplete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..messages import Code
from ..problems import Problem

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..policy import Policy

# What outputs say where the unit's name is not set (never another unit's name).
UNNAMED = "本单位"
BLANK = "________"  # a line to write on
BLANK_DATE = "      年    月    日"
# Title suffixes a policy title may end with: "…2015年度绩效管理" + "绩效奖金二次分配" → "…2015年度绩效奖金二次分配公示".
_TITLE_SUFFIXES = ("绩效管理实施方案", "绩效管理", "绩效考核", "绩效考评", "绩效评估", "绩效")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def unit_name(policy: Policy) -> str:
    """The unit as the 落款 names it: `[notice] unit`, else 本单位."""
    return policy.notice.unit.strip() or UNNAMED


def unnamed_warnings(policy: Policy) -> list[Problem]:
    """A 提示 when the unit's name is not set: outputs then say 本单位."""
    return [] if policy.notice.unit.strip() else [Problem(Code.UNIT_UNNAMED, value=UNNAMED)]


def notice_title(title: str, subject: str) -> str:
    """The heading from the policy's `title` and the subject of the 公示:
    ("…2015年度绩效管理（示例）", "绩效奖金二次分配") → "…2015年度绩效奖金二次分配公示（示例）"."""
    text, note = title.strip(), ""
    match = _TRAILING_NOTE.search(text)
    if match and match.start() > 0:
        text, note = text[: match.start()].rstrip(), match.group(0)
    for suffix in _TITLE_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text + subject + "公示" + note


def end_of_period(start: date, working_days: int) -> date:
    """The last day of a 公示期 of `working_days` working days beginning on `start` (counted
    when it is a working day). Only weekends are skipped: public holidays differ by year and
    by region, so a period across one is set by its start date."""
    day, left = start, working_days
    while day.weekday() >= 5:  # a period starting on a weekend starts on Monday
        day += timedelta(days=1)
    while True:
        if day.weekday() < 5:
            left -= 1
            if left == 0:
                return day
        day += timedelta(days=1)


def date_text(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else BLANK_DATE


@dataclass(frozen=True)
class Line:
    text: str
    align: str = "left"  # "left" | "right" | "center"


def period_line(policy: Policy, start: date | None) -> Line:
    """公示期：2016年4月20日至2016年4月26日（5个工作日）, or blanks for the dates."""
    days = policy.notice.days
    start = start or policy.notice.start
    end = end_of_period(start, days) if start else None
    return Line(f"公示期：{date_text(start)}至{date_text(end)}（{days}个工作日）")


def opening_line(policy: Policy, what: str) -> Line:
    """经…研究，现将<what>予以公示。 (the approval only when the policy gives one)."""
    approval = policy.notice.approval.strip().rstrip("，,")
    return Line(f"{approval}，现将{what}予以公示。" if approval else f"现将{what}予以公示。")


def closing_lines(policy: Policy, start: date | None) -> list[Line]:
    """公示期, where to object, 联系人 and 电话, then the 落款 (unit, 盖章, date)."""
    notice = policy.notice
    contact = (
        f"联系人：{notice.contact.strip() or BLANK}　　联系电话：{notice.phone.strip() or BLANK}"
        f"　　监督电话：{notice.supervision_phone.strip() or BLANK}"
    )
    return [
        period_line(policy, start),
        Line(f"公示期间如有异议，请以书面或当面形式向{notice.office.strip() or UNNAMED}反映。"),
        Line(contact),
        Line(""),
        Line(f"{unit_name(policy)}（盖章）", "right"),
        Line(date_text(start or notice.start), "right"),
    ]


def write_heading(ws: Worksheet, columns: int, title: str, policy: Policy, row: int = 1) -> int:
    """The title across `columns` (and the 文号 under it, when set); returns the next free row."""
    from openpyxl.styles import Alignment

    from ..writer import font, merge_line

    cell = merge_line(ws, row, columns, title, Alignment(horizontal="center", vertical="center", wrap_text=True))
    cell.font = font(size=18, bold=True)
    ws.row_dimensions[row].height = 40
    row += 1
    if notice_number := policy.notice.document_number.strip():
        merge_line(ws, row, columns, notice_number, Alignment(horizontal="center", vertical="center")).font = font(size=12)
        ws.row_dimensions[row].height = 20
        row += 1
    return row


def write_lines(ws: Worksheet, row: int, columns: int, lines: list[Line], *, size: int = 12) -> int:
    """Lines of text across `columns` from `row`, wrapped; returns the last row written."""
    from openpyxl.styles import Alignment

    from ..writer import font, merge_line

    from openpyxl.utils import get_column_letter

    from ..writer import display_width

    # A merged cell never grows to its text in Excel or LibreOffice: its height is set here.
    width = sum((ws.column_dimensions[get_column_letter(c)].width or 8.43) for c in range(1, columns + 1))
    for line in lines:
        cell = merge_line(ws, row, columns, line.text, Alignment(horizontal=line.align, vertical="center", wrap_text=True))
        cell.font = font(size=size)
        wraps = -(-display_width(line.text) * size // int(11 * max(width - 2, 1))) or 1
        ws.row_dimensions[row].height = round(size * 1.6 * wraps, 1)
        row += 1
    return row - 1
