"""Stopping a long command cleanly on Ctrl-C (SIGINT) or `kill` (SIGTERM).

    with stop_on_signals():          # the command: a signal now raises Interrupted
        for item in work:
            with finishing():        # a signal here waits until the block is done
                write(item)

The document being written when the signal arrives is finished (its transaction commits), then the
run stops, records itself as interrupted and exits 128 + the signal number (130, 143). Outside
stop_on_signals (a library caller, the crawler's process) the handlers are left alone.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """A stop signal arrived. A BaseException, so that no `except Exception` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


class _State(threading.local):
    depth = 0
    pending: int | None = None


_state = _State()


def _handle(signum: int, _frame) -> None:
    if _state.depth:
        _state.pending = signum
        return
    raise Interrupted(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise Interrupted in this (main) thread while the block runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _handle) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _state.pending = None


@contextmanager
def finishing() -> Iterator[None]:
    """Work that a signal must not cut in half: the signal is acted on when the block ends."""
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
    if not _state.depth and _state.pending is not None:
        signum, _state.pending = _state.pending, None
        raise Interrupted(signum)


def ignore_interrupts() -> None:
    """Worker processes ignore Ctrl-C (it reaches the whole process group): the parent decides."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
