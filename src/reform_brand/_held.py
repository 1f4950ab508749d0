"""Steps that Ctrl-C and SIGTERM do not cut in two.

:func:`uninterrupted` holds the two signals while a step runs and lets them
act when it is done: a report folder made and known, a finished report
swapped in.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Final

__all__ = ["HELD", "uninterrupted"]

#: The signals :func:`uninterrupted` holds: Ctrl-C, SIGTERM and, where
#: there is one, SIGHUP (the terminal closed).
HELD: Final = (signal.SIGINT, signal.SIGTERM, *filter(None, [getattr(signal, "SIGHUP", None)]))


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, then act as they
    would have.  They are held where Python handles them, in the main
    thread, whatever thread the system gave them to (a process reading a
    scan runs the OCR engine's threads); outside the main thread nothing
    interrupts the block."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[signal.Signals] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        held.append(signal.Signals(signum))

    previous = {sig: signal.signal(sig, hold) for sig in HELD}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if held:
            _act(held[0], previous[held[0]])


def _act(signum: int, handler: object) -> None:
    """What ``handler`` (as :func:`signal.signal` gave it) does with
    ``signum``: a Python handler is called (Ctrl-C's raises
    ``KeyboardInterrupt``), the default action is taken, an ignored signal
    is dropped."""
    if callable(handler):
        handler(signum, None)
    elif handler != signal.SIG_IGN:
        signal.raise_signal(signum)
