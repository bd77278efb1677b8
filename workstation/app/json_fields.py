"""Reading a settings dataclass back from a JSON file that a person may have edited.

IT staff edit ``settings.json`` and ``pacs.json`` by hand. A value of the wrong type, or
a file that is not an object at all, must cost only that value (it keeps its default,
with a log line), never the program's start or a crash later where the value is used.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def load_fields(cls: type[T], path: Path) -> T:
    """An instance of the dataclass ``cls`` from ``path``: defaults for a missing, damaged
    or non-object file, and for each value whose type does not match its default's."""
    if not path.exists():
        return cls()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring damaged file %s: %s", path, exc)
        return cls()
    if not isinstance(data, dict):
        log.warning("ignoring %s: not a JSON object", path)
        return cls()
    defaults = asdict(cls())  # type: ignore[call-overload]
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name in defaults and _same_kind(value, defaults[name]):
            values[name] = value
        elif name in defaults:
            log.warning("ignoring %s=%r in %s: expected %s", name, value, path, type(defaults[name]).__name__)
    return cls(**values)


def _same_kind(value: object, default: object) -> bool:
    """Whether a value read from the file can stand in for ``default`` (an int for a
    float, never a bool for a number or a number for a bool)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))
