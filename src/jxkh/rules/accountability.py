"""目标分解与责任追究: points a unit lost through a person's own fault are charged to that person,
and jointly to their leader (附件1 四(1): 追究责任人责任，责任领导负连带责任，在个人年度绩效考评中给予相应扣分).

`Charge` is what scoring produces and appraisal consumes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..cells import round_to

if TYPE_CHECKING:
    from ..policy import Policy


@dataclass(frozen=True)
class Charge:
    person: str  # the name as written in the indicators workbook
    role: str  # "owner" (责任人) or "leader" (责任领导)
    indicator_row: int  # spreadsheet row of the indicator
    indicator: str  # the indicator's name
    lost: Decimal  # points the unit lost on the indicator
    deduction: Decimal  # points taken from the person's appraisal for it
    file: str  # where the name was written, for errors that point back at it
    sheet: str
    cell: str
    indicator_id: str | None = None  # the indicator's 序号, as people call it
    # How the deduction was computed (for `jxkh explain`): basis × factor, rounded at precision.
    # The 责任人's basis is the points lost; the 责任领导's is the 责任人's rounded deduction.
    basis: Decimal | None = None
    factor: Decimal | None = None

    @property
    def label(self) -> str:
        """How a person reads which indicator: 序号 and name ("4 依法行政"); the row stays in JSON."""
        return f"{self.indicator_id} {self.indicator}" if self.indicator_id else self.indicator

    @property
    def id_cell(self) -> int | str | None:
        """The 序号 for a sheet: a whole number as a number (no "stored as text" flag in Excel)."""
        return int(self.indicator_id) if self.indicator_id and self.indicator_id.isdigit() else self.indicator_id

    def to_json(self) -> dict[str, object]:
        return {"person": self.person, "role": self.role, "indicator_row": self.indicator_row,
                "indicator_id": self.indicator_id, "indicator": self.indicator, "deduction": self.deduction}


# Several people can share an indicator: "张三、李四", "张三/李四", "张三，李四", "张三 李四".
# NFKC folds ，；／ to , ; / first. Spaces separate names only when every part is at least two
# characters: forms pad two-character names to line up ("张  三" is one person, 附件2's layout).
_NAME_SEPARATORS = re.compile(r"[、,;/|\n]+")


def split_names(text: str) -> list[str]:
    """The people named in one 责任人/责任领导 cell, in order, without repeats."""
    names: list[str] = []
    for part in _NAME_SEPARATORS.split(unicodedata.normalize("NFKC", text or "")):
        words = part.split()
        if len(words) > 1 and all(len(word) >= 2 for word in words):
            candidates = words
        else:
            candidates = ["".join(words)] if words else []
        for name in candidates:
            if name and name not in names:
                names.append(name)
    return names


def charges(
    *,
    indicator_row: int,
    indicator: str,
    lost: Decimal,
    owners: str,
    leaders: str,
    policy: Policy,
    file: str,
    sheet: str,
    owner_cell: str,
    leader_cell: str,
    indicator_id: str | None = None,
) -> list[Charge]:
    """The charges for one indicator lost through a person's own fault (个人原因 = 是).

    Each named 责任人 is charged lost × person_factor; each 责任领导 that × leader_factor
    (连带责任), both rounded at `precision`. The yearly `accountability.cap` is per person over
    all indicators, so appraisal applies it when it sums the charges.
    """
    if lost <= 0:
        return []
    rule = policy.accountability
    person = round_to(lost * rule.person_factor, policy.precision, policy.rounding)
    leader = round_to(person * rule.leader_factor, policy.precision, policy.rounding)
    result = [
        Charge(name, "owner", indicator_row, indicator, lost, person, file, sheet, owner_cell, indicator_id,
               lost, rule.person_factor)
        for name in split_names(owners)
    ]
    if result:
        result += [
            Charge(name, "leader", indicator_row, indicator, lost, leader, file, sheet, leader_cell, indicator_id,
                   person, rule.leader_factor)
            for name in split_names(leaders)
        ]
    return result
