"""目标分解与责任追究: points a unit lost through a person's own fault are charged to that person,
and jointly to their leader (附件1 四(1): 追究责任人责任，责任领导负连带责任，在个人年度绩效考评中给予相应扣分).

`Charge` is what scoring produces and appraisal consumes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


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

    def to_json(self) -> dict[str, object]:
        return {"person": self.person, "role": self.role, "indicator_row": self.indicator_row, "deduction": self.deduction}
