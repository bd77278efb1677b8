"""The few domain exceptions and warnings shared by every package.

They live in ``model`` because every other package may import it.
"""

from __future__ import annotations


class WorkstationError(Exception):
    """Base class of errors the workstation reports to the user."""


class DicomReadError(WorkstationError, ValueError):
    """A file could not be read or decoded as DICOM.

    ``path`` names the file, ``reason`` says why in words a user can act on.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class GeometryError(WorkstationError, ValueError):
    """Images cannot be arranged into the requested geometry (e.g. not a volume)."""


class OperationCancelled(WorkstationError):
    """A long operation stopped because its ``cancel`` event was set."""


class StorageFullError(WorkstationError, OSError):
    """The disk ran out of space while writing; nothing half-written was kept."""


class WorkstationWarning(UserWarning):
    """Warnings the workstation raises itself; tests turn them into errors."""
