"""Sharing studies out over discs when they do not fit on one.

Studies are kept whole whenever they fit on a disc, in the order the user chose them
(first fit, so a small study may fill the gap left on an earlier disc). A study larger
than a whole disc is either refused (:class:`DoesNotFitError`, so the caller can ask
the user for a bigger medium) or split at series boundaries, and a series larger than
a disc at instance boundaries. Every disc is self-contained: its own DICOMDIR, viewer
and index, so each can be read alone.

Sizes are what the files take on an ISO 9660 disc: each file rounded up to whole 2048-byte
sectors, plus a per-instance allowance for its directory records (DICOMDIR record and
ISO/Joliet/Rock Ridge entries).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from workstation.model.errors import WorkstationError

SECTOR = 2048
#: DICOMDIR leaf record (~300 bytes) + ISO 9660, Joliet and Rock Ridge directory entries.
PER_INSTANCE_OVERHEAD = 1024
#: Volume descriptors, path tables, root directories, README/INDEX, and a margin.
PER_DISC_OVERHEAD = 2 * 1024 * 1024

T = TypeVar("T")


class DoesNotFitError(WorkstationError):
    """A study is larger than one disc and splitting studies was not allowed."""

    def __init__(self, study_uid: str, size: int, capacity: int) -> None:
        super().__init__(f"study {study_uid} needs {size / 1e6:.0f} MB but a disc holds {capacity / 1e6:.0f} MB: "
                         "allow splitting it over several discs, or choose a larger medium")
        self.study_uid = study_uid
        self.size = size
        self.capacity = capacity


def on_disc(nbytes: int) -> int:
    """Bytes a file of ``nbytes`` takes on the disc, with its directory entries."""
    return -(-nbytes // SECTOR) * SECTOR + PER_INSTANCE_OVERHEAD


@dataclass
class Disc(Generic[T]):
    """Items planned for one disc and the bytes they take."""

    items: list[T]
    nbytes: int
    split_studies: set[str]  #: studies only partly on this disc


def plan_discs(items: Sequence[T], capacity: int | None, *, size: Callable[[T], int],
               study: Callable[[T], str], series: Callable[[T], str], fixed_bytes: int = 0,
               allow_split: bool = True) -> list[Disc[T]]:
    """Group ``items`` (instances, in disc order) into discs of ``capacity`` bytes.

    Parameters
    ----------
    capacity
        Bytes of one disc; ``None`` for unlimited media (a folder, a USB stick).
    size, study, series
        The item's bytes on the disc (see :func:`on_disc`) and its study / series key.
    fixed_bytes
        What every disc carries besides the instances (viewer, previews, overhead).
    allow_split
        Split a study larger than a disc over several discs instead of refusing.

    Raises
    ------
    DoesNotFitError
        A study does not fit on an empty disc and ``allow_split`` is false.
    ValueError
        ``capacity`` leaves no room after ``fixed_bytes``, or one instance is larger than a disc.
    """
    studies: dict[str, list[T]] = {}
    for item in items:
        studies.setdefault(study(item), []).append(item)
    if capacity is None:
        return [Disc(list(items), sum(size(i) for i in items) + fixed_bytes, set())] if items else []
    room = capacity - fixed_bytes - PER_DISC_OVERHEAD
    if room <= 0:
        raise ValueError(f"a disc of {capacity} bytes has no room left after {fixed_bytes} bytes of viewer and index")
    discs: list[Disc[T]] = []
    for uid, members in studies.items():
        total = sum(size(i) for i in members)
        if total <= room:
            target = next((d for d in discs if d.nbytes + total <= room), None)
            if target is None:
                target = Disc([], 0, set())
                discs.append(target)
            target.items.extend(members)
            target.nbytes += total
            continue
        if not allow_split:
            raise DoesNotFitError(uid, total + fixed_bytes + PER_DISC_OVERHEAD, capacity)
        _split_study(uid, members, room, discs, size, series)
    for disc in discs:
        disc.nbytes += fixed_bytes + PER_DISC_OVERHEAD
    return discs


def _split_study(uid: str, members: list[T], room: int, discs: list[Disc[T]], size: Callable[[T], int],
                 series: Callable[[T], str]) -> None:
    """Fill fresh discs with ``members``, a series at a time where a series fits."""
    groups: dict[str, list[T]] = {}
    for item in members:
        groups.setdefault(series(item), []).append(item)
    current = Disc([], 0, {uid})
    discs.append(current)
    for group in groups.values():
        group_size = sum(size(i) for i in group)
        if current.nbytes + group_size > room and current.items and group_size <= room:
            current = Disc([], 0, {uid})
            discs.append(current)
        for item in group:
            item_size = size(item)
            if item_size > room:
                raise ValueError(f"one instance of study {uid} ({item_size} bytes) is larger than a disc")
            if current.nbytes + item_size > room:
                current = Disc([], 0, {uid})
                discs.append(current)
            current.items.append(item)
            current.nbytes += item_size
