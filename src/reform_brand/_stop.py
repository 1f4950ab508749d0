"""Whether Ctrl-C or SIGTERM asked this process to stop.

The command line's handlers note the request before they raise
``KeyboardInterrupt``: a library that swallows exceptions where the
interruption lands (lxml's module set-up does) would otherwise lose it, and
:func:`stop_if_requested` raises it again before each step that commits
something.  (Imports nothing: the command line's parser uses it.)
"""

from __future__ import annotations

__all__ = ["clear_stop", "request_stop", "stop_if_requested"]

#: Whether the process was asked to stop.
_stop: list[bool] = [False]


def request_stop() -> None:
    """Note that the process was asked to stop (a handler, before it raises
    ``KeyboardInterrupt``)."""
    _stop[0] = True


def clear_stop() -> None:
    """Forget an earlier request (a new command run in the same process)."""
    _stop[0] = False


def stop_if_requested() -> None:
    """Raise ``KeyboardInterrupt`` when the process was asked to stop: called
    before each step that commits something (a command started, a report
    swapped in, the next submission checked)."""
    if _stop[0]:
        raise KeyboardInterrupt
