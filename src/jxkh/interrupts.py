"""Signals while jxkh works: Ctrl-C, SIGTERM and SIGHUP (the terminal window closed) end the
command through the ordinary exception path, so every `finally` removes its temporary files.

The first signal raises; any further one is ignored, so a second Ctrl-C cannot cut the
clean-up short (or print a traceback). SIGTERM and SIGHUP end with exit 128 + the signal's
number, as a shell reports a process killed by it. Only the main thread can set handlers:
elsewhere (a library user's worker thread) the block runs with the handlers as they are.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived: exit 128 + its number once the clean-up has run."""

    def __init__(self, signum: int):
        super().__init__(128 + signum)
        self.signum = signum


_NAMES = ("SIGINT", "SIGTERM", "SIGHUP")


def _ignore(signum: int, frame: Any) -> None:
    """A later signal, while the first one's clean-up runs."""


# Set by the `jxkh` process (cli.main), which ends after an interrupted command: later signals
# stay ignored on its way out instead of the handlers before being restored (a SIGHUP sent
# just after a SIGTERM would kill it mid-exit, with another exit code and no message). A
# library user's handlers are restored as ever.
exit_after_interrupt = False
_depth = 0  # nested blocks (the command, then its save) share the outermost block's handlers
_held = False  # `hold`: a signal now is kept in `_pending` and raised by `release`
_pending: int | None = None


@contextmanager
def signals_end_cleanly() -> Iterator[None]:
    """Within the block, the first Ctrl-C/SIGTERM/SIGHUP raises and the later ones are ignored;
    the handlers in place before are restored when the outermost block ends."""
    global _depth
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    numbers = [getattr(signal, name) for name in _NAMES if hasattr(signal, name)]
    previous: dict[int, Any] = {}

    fired = False

    def handler(signum: int, frame: Any) -> None:
        # The first signal ends the command; the rest must not interrupt the clean-up. They are
        # ignored by a handler that does nothing, not by SIG_IGN: a signal already pending when
        # its handler became SIG_IGN makes Python raise "Signal N ignored due to race condition".
        global _pending
        nonlocal fired
        fired = True
        for number in numbers:
            signal.signal(number, _ignore)
        if _held:
            _pending = signum
            return
        _raise(signum)

    for number in numbers:
        current = signal.getsignal(number)
        if current is signal.SIG_IGN:  # started with the signal ignored (nohup): keep it so
            continue
        previous[number] = signal.signal(number, handler)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not (fired and exit_after_interrupt):
            for number, old in previous.items():
                signal.signal(number, old if old is not None else signal.SIG_DFL)



def hold() -> None:
    """Keep a Ctrl-C/SIGTERM/SIGHUP pending until `release`: for the moment a temporary file
    exists on disk and its name is not yet known to the `finally` that removes it. (Blocking
    the signals would not do: another thread may take them, and Python runs the handler in
    the main thread all the same.)"""
    global _held
    _held = threading.current_thread() is threading.main_thread()


def release() -> None:
    """End `hold`; a signal that came meanwhile is raised here."""
    global _held, _pending
    _held = False
    if _pending is not None:
        signum, _pending = _pending, None
        _raise(signum)


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)
