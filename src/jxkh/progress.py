"""A progress bar on stderr for reads and writes that take more than a second (issue 6).

Off unless the CLI turns it on (`configure`), which it does only when stderr is a terminal and
the output is not `--json`: a library caller, a pipe or a test sees nothing. The bar appears
only once an activity has run for `DELAY` seconds (a timer thread starts it, so it also
shows while calamine parses a sheet, which releases the GIL), and is removed when it ends.
Callers update it every few thousand rows: cheap enough for the hot loops.
"""

from __future__ import annotations

import threading
from typing import Any

DELAY = 1.0  # seconds before a bar is shown
EVERY = 4096  # rows between updates, for callers

_settings: dict[str, Any] = {"enabled": False, "lang": "zh", "console": None, "delay": DELAY}


def configure(enabled: bool, lang: str = "zh", console: Any = None, delay: float = DELAY) -> None:
    """Turn bars on or off; `console` (a rich Console) defaults to one on stderr."""
    _settings.update(enabled=enabled, lang=lang, console=console, delay=delay)


class Activity:
    """One read or write: `update(done, total)` as it goes, `finish()` at the end (also on errors)."""

    def __init__(self, key: str, **params: Any):
        self.key, self.params = key, params
        self.total: int | None = None
        self.done = 0
        self._bar: Any = None
        self._task: Any = None
        self._finished = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        if _settings["enabled"]:
            self._timer = threading.Timer(_settings["delay"], self._show)
            self._timer.daemon = True
            self._timer.start()

    def update(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        if self._bar is not None:
            with self._lock:
                if self._bar is not None:
                    self._bar.update(self._task, completed=done, total=self.total)

    def finish(self) -> None:
        with self._lock:
            self._finished = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()
                self._bar = None

    def __enter__(self) -> Activity:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from .messages import text

        with self._lock:
            if self._finished:
                return
            console = _settings["console"] or Console(stderr=True)
            bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=console, transient=True,
            )
            self._task = bar.add_task(text(self.key, _settings["lang"], **self.params), total=self.total, completed=self.done)
            bar.start()
            self._bar = bar


def activity(key: str, **params: Any) -> Activity:
    """An `Activity`; a do-nothing one costs a few attribute sets when bars are off."""
    return Activity(key, **params)
