"""A large xlsx sheet's cells as typed columns: fastexcel (calamine's cells straight into Arrow)
into a polars frame, without a Python object per cell (issue 14: a city's million ballots).

fastexcel builds the sheet in a thread, with the GIL released, so the caller imports polars and
checks the head meanwhile. Each column gets one type, strictly: a column mixing numbers and
text (or dates) is refused, never coerced, and the row reader reads that sheet instead. Only
the reading is here; what counts as a plain ballot is `ratings.plain`.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from typing import Any


def available() -> bool:
    """fastexcel and polars are installed (without importing them: 0.4 s for a small file)."""
    return all(importlib.util.find_spec(name) is not None for name in ("fastexcel", "polars"))


class Reader:
    """One workbook's fastexcel reader (its shared strings read once), made by the first load."""

    def __init__(self, data: bytes):
        self.data = data
        self.fastexcel: Any = None

    def load(self, sheet: str, skip: int) -> Load:
        return Load(self, sheet, skip)


class Load:
    """The rows of `sheet` below `skip` rows of its used range, being built in a thread."""

    def __init__(self, reader: Reader, sheet: str, skip: int):
        self._sheet: Any = None
        self.failed: str | None = None
        self._thread = threading.Thread(target=self._run, args=(reader, sheet, skip), name="jxkh-columnar", daemon=True)
        self._thread.start()

    def _run(self, reader: Reader, sheet: str, skip: int) -> None:
        try:
            import fastexcel

            # Its notes ("Could not determine dtype for column 10, falling back to string") are
            # not the clerk's business: a column it cannot type sends the sheet to the row reader.
            logging.getLogger("fastexcel").setLevel(logging.ERROR)

            if reader.fastexcel is None:
                reader.fastexcel = fastexcel.read_excel(reader.data)
            self._sheet = reader.fastexcel.load_sheet(
                sheet, header_row=None, skip_rows=skip, dtype_coercion="strict", schema_sample_rows=None,
            )
        except Exception as exc:  # mixed types, a format its calamine cannot read…: the row reader's turn
            self.failed = f"{type(exc).__name__}: {exc}"[:200]

    def frame(self) -> Any:
        """The polars DataFrame (columns in sheet order from the range's first), or None."""
        self._thread.join()
        if self._sheet is None:
            return None
        sheet, self._sheet = self._sheet, None  # calamine's cells go as soon as polars has them
        try:
            return sheet.to_polars()
        except Exception as exc:
            self.failed = f"{type(exc).__name__}: {exc}"[:200]
            return None
