"""Terminal output shared by every command: progress bars, JSON, one-line failures."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any


class CliError(Exception):
    """A failure the command reports as one line on stderr with a non-zero exit code."""

    def __init__(self, reason: str, exit_code: int = 1) -> None:
        super().__init__(reason)
        self.exit_code = exit_code


class ProgressBar:
    """A one-line progress bar on stderr, shown only on a terminal and after 1 s.

    Pass an instance as the ``progress`` callback of any long function.
    """

    def __init__(self, label: str, *, stream=None, delay: float = 1.0) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.delay = delay
        self.drawn = False

    def __call__(self, done: int, total: int, detail: str = "") -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        width = 30
        fraction = done / total if total else 0.0
        bar = "#" * int(fraction * width)
        self.stream.write(f"\r{self.label} [{bar:<{width}}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def _default(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def print_json(value: Any) -> None:
    """Machine-readable output: UTF-8 JSON, Vietnamese kept as characters."""
    sys.stdout.write(json.dumps(value, default=_default, ensure_ascii=False, indent=2) + "\n")
