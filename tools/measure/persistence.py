"""JSON form of measurements, versioned, and a loader that survives corrupt records.

A record is a plain ``dict`` (the store writes it as JSON next to the image)::

    {"schema": 1, "kind": "length", "id": "…", "points": [[x, y], …],
     "geometry": {…}, "ref": {…} | null, …kind-specific fields ("closed", "text")}

Pixel values are never stored: a loaded measurement is unbound until a viewer binds the
image (``MeasurementSet.bind``). One bad record must not cost the user the others, so
:func:`load_measurements` reports and skips it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tools.measure.base import MEASUREMENT_KINDS, Measurement
from tools.measure.geometry import ImageGeometry, ImageRef

#: Version of the record layout; bump it and convert old records in ``from_json``
#: when the layout changes. Records from a newer version are refused, not guessed at.
SCHEMA_VERSION = 1

#: Fields every measurement has; the rest are kind-specific and stored by name.
_COMMON_FIELDS = frozenset({"points", "geometry", "ref", "id", "image"})


def _extra_fields(cls: type[Measurement]) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if f.name not in _COMMON_FIELDS]


def to_json(measurement: Measurement) -> dict[str, Any]:
    """A JSON-ready record of ``measurement`` (no pixel data)."""
    record: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "kind": measurement.kind,
        "id": measurement.id,
        "points": [[x, y] for x, y in measurement.points],
        "geometry": measurement.geometry.to_dict(),
        "ref": None if measurement.ref is None else measurement.ref.to_dict(),
    }
    for f in _extra_fields(type(measurement)):
        record[f.name] = getattr(measurement, f.name)
    return record


def _describe(record: Any, index: int | None) -> str:
    where = f"measurement record {index}" if index is not None else "measurement record"
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        where += f" (id {record['id']})"
    return where


def from_json(record: Any, index: int | None = None) -> Measurement:
    """Rebuild a measurement from :func:`to_json` output.

    Raises
    ------
    ValueError
        Naming the record (``index`` and id when known) and what is wrong with it.
    """
    try:
        return _from_json(record)
    except (ValueError, TypeError, KeyError) as exc:
        reason = f"lacks {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)
        raise ValueError(f"{_describe(record, index)}: {reason}") from None


def _from_json(record: Any) -> Measurement:
    if not isinstance(record, dict):
        raise ValueError(f"expected an object, got {type(record).__name__}")
    schema = record["schema"]
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise ValueError(f"schema must be a positive integer, got {schema!r}")
    if schema > SCHEMA_VERSION:
        raise ValueError(f"schema {schema} is newer than this program understands ({SCHEMA_VERSION})")
    kind = record["kind"]
    cls = MEASUREMENT_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown kind {kind!r}")
    points = record["points"]
    if not isinstance(points, list):
        raise ValueError(f"points must be a list, got {type(points).__name__}")
    ref = record.get("ref")
    extras = {}
    for f in _extra_fields(cls):
        if f.name in record:
            value, default = record[f.name], f.default
            if type(value) is not type(default):
                raise ValueError(f"{f.name} must be {type(default).__name__}, got {value!r}")
            extras[f.name] = value
    return cls(points=tuple(points), geometry=ImageGeometry.from_dict(record["geometry"]),
               ref=None if ref is None else ImageRef.from_dict(ref), id=record["id"], **extras)


@dataclass(frozen=True)
class SkippedRecord:
    """A record :func:`load_measurements` could not load, and why (for the user)."""

    index: int
    record: Any
    reason: str


def load_measurements(records: Iterable[Any]) -> tuple[list[Measurement], list[SkippedRecord]]:
    """Load every record that can be loaded; return the measurements and the skipped ones.

    Each skipped record's ``reason`` names it (index and id) and says what is wrong. A
    record whose id repeats an earlier one is skipped too, because ids must be unique.
    """
    loaded: list[Measurement] = []
    skipped: list[SkippedRecord] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        try:
            measurement = from_json(record, index)
            if measurement.id in seen:
                raise ValueError(f"{_describe(record, index)}: the id repeats an earlier record")
        except ValueError as exc:
            skipped.append(SkippedRecord(index, record, str(exc)))
            continue
        seen.add(measurement.id)
        loaded.append(measurement)
    return loaded, skipped


def dump_measurements(measurements: Iterable[Measurement]) -> list[dict[str, Any]]:
    """Records for every measurement, in order (the inverse of :func:`load_measurements`)."""
    return [to_json(m) for m in measurements]
