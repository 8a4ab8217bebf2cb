"""Reading workbooks (xlsx, xlsm, xls, ods via calamine; csv in UTF-8 or GBK) into tables.

Every command reads through here, in four steps, one module each:

- `intake`: a file is checked before calamine sees it (size, zip members, XML declarations,
  encryption, what it really is), then opened (`open_workbook`);
- `xmlscan`: the sheet XML, scanned for what calamine cannot report (error cells, formulas
  without a value, hidden rows, the sheet's extent);
- `book`: the `Workbook`, calamine's workbook with those facts;
- `table`: a sheet becomes a `Table` (`find_sheet`, `read_table`): its header row found by
  name in the first 20 rows, data rows with their spreadsheet row numbers, blank and total
  rows dropped, merged cells filled.
"""

from __future__ import annotations

from .book import Workbook
from .intake import FORMATS, MB, READ_DIGESTS, open_workbook, reusing
from .table import (
    EXCEL_TEXT_LIMIT,
    HEADER_SEARCH_ROWS,
    Table,
    _HeaderKeys,
    _is_blank_row,
    _is_total_row,
    _MergedFill,
    find_sheet,
    read_table,
)
from .xmlscan import _extent, _extent_bound

__all__ = [
    "EXCEL_TEXT_LIMIT", "FORMATS", "HEADER_SEARCH_ROWS", "MB", "READ_DIGESTS", "Table", "Workbook", "find_sheet", "open_workbook",
    "read_table", "reusing", "_HeaderKeys", "_MergedFill", "_extent", "_extent_bound", "_is_blank_row", "_is_total_row",
]
