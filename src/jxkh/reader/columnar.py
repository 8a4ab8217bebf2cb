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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .book import Workbook

_MEANWHILE: list[Callable[[], object]] = []


@contextmanager
def meanwhile(work: Callable[[], object]) -> Iterator[None]:
    """Do `work` (once) while fastexcel builds a sheet read within, on the thread that would
    otherwise wait for it; not at all when no sheet is read as columns. A command that writes a
    workbook imports openpyxl so (0.1–0.3 s of the wait at 100,000 ballots)."""
    _MEANWHILE.append(work)
    try:
        yield
    finally:
        if work in _MEANWHILE:
            _MEANWHILE.remove(work)


def _wait(thread: threading.Thread) -> None:
    while _MEANWHILE:
        _MEANWHILE.pop(0)()
    thread.join()


def available() -> bool:
    """fastexcel and polars are installed (without importing them: 0.4 s for a small file)."""
    return all(importlib.util.find_spec(name) is not None for name in ("fastexcel", "polars"))


class Reader:
    """One workbook's fastexcel reader (its shared strings read once), made by the first load.

    fastexcel reads the file itself, parts at a time, when it is the file jxkh read (the same
    size and modification time, checked again after each load): given the bytes, it would hold
    a second copy of them (40 MB at a million ballots; the peak is held within 1.2× the polars
    script's). Else it is given the bytes read, as everything else is."""

    def __init__(self, book: Workbook):
        self.book = book
        self.fastexcel: Any = None
        self.from_file = False

    def open(self) -> Any:
        import fastexcel

        if self.fastexcel is None:
            self.from_file = self.unchanged()
            self.fastexcel = fastexcel.read_excel(str(self.book.path) if self.from_file else self.book.data)
        return self.fastexcel

    def unchanged(self) -> bool:
        from .intake import file_stamp

        book = self.book
        return book.stamp is not None and file_stamp(book.path, len(book.data)) == book.stamp

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
        self._sheet, self.failed = _load(reader, sheet, skip)

    def frame(self) -> Any:
        """The polars DataFrame (columns in sheet order from the range's first), or None."""
        _wait(self._thread)
        if self._sheet is None:
            return None
        sheet, self._sheet = self._sheet, None  # calamine's cells go as soon as polars has them
        try:
            return sheet.to_polars()
        except Exception as exc:
            self.failed = f"{type(exc).__name__}: {exc}"[:200]
            return None


def _load(reader: Reader, sheet: str, skip: int) -> tuple[Any, str | None]:
    """(fastexcel's sheet, None), or (None, why not)."""
    try:
        # Its notes ("Could not determine dtype for column 10, falling back to string") are
        # not the clerk's business: a column it cannot type sends the sheet to the row reader.
        logging.getLogger("fastexcel").setLevel(logging.ERROR)
        sheet_ = reader.open().load_sheet(
            sheet, header_row=None, skip_rows=skip, dtype_coercion="strict", schema_sample_rows=None,
        )
        if reader.from_file and not reader.unchanged():  # changed meanwhile: the row reader, on the bytes read
            return None, "the file changed while it was read"
        return sheet_, None
    except Exception as exc:  # mixed types, a format its calamine cannot read…: the row reader's turn
        return None, f"{type(exc).__name__}: {exc}"[:200]


class Loads:
    """Many small sheets (a form per rater), built by `WORKERS` threads while the caller reads
    the next one's head: `add` in order, then `frames` in the same order (a frame, or None where
    fastexcel could not build the sheet). fastexcel builds with the GIL released, so two forms
    are built at once on two cores; each thread opens its own fastexcel reader (one is not to be
    used by two threads at once, nor shared with a long sheet's `Load` of the same workbook)."""

    WORKERS = 2

    def __init__(self, reader: Reader):
        import queue

        self.book = reader.book
        self._todo: queue.SimpleQueue[tuple[int, str, int] | None] = queue.SimpleQueue()
        self._done: dict[int, Any] = {}
        self._threads: list[threading.Thread] = []
        self._count = 0

    def add(self, sheet: str, skip: int) -> None:
        if not self._threads:
            for n in range(self.WORKERS):
                own = Reader(self.book)  # (opened by its first load, on its thread)
                self._threads.append(threading.Thread(target=self._run, args=(own,), name=f"jxkh-columnar-forms-{n}", daemon=True))
                self._threads[-1].start()
        self._todo.put((self._count, sheet, skip))
        self._count += 1

    def _run(self, reader: Reader) -> None:
        while (job := self._todo.get()) is not None:
            k, sheet, skip = job
            built, _ = _load(reader, sheet, skip)
            try:
                self._done[k] = None if built is None else built.to_polars()
            except Exception:
                self._done[k] = None

    def frames(self) -> list[Any]:
        for _ in self._threads:
            self._todo.put(None)
        for thread in self._threads:
            _wait(thread)
        return [self._done.get(k) for k in range(self._count)] if self._threads else []
