"""A minimal callback list, so model objects can announce changes without knowing Qt.

Callbacks run on the thread that emits (often a decoding worker); Qt code that listens
must hand the call to the GUI thread itself (a queued signal).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Event:
    """``connect`` a callable, ``emit`` calls every connected callable in order."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []
        self._lock = threading.Lock()

    def connect(self, callback: Callable[..., Any]) -> None:
        with self._lock:
            self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback(*args)
