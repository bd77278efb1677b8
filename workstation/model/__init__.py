"""Data model: records, volumes and patient geometry. No Qt, no VTK, no I/O."""

from workstation.model.display import OverlayPlane, Shutter, VoiFunction, VoiLut, Window
from workstation.model.errors import (
    DicomReadError,
    GeometryError,
    OperationCancelled,
    StorageFullError,
    WorkstationError,
    WorkstationWarning,
)
from workstation.model.events import Event
from workstation.model.geometry import orientation_label, plane_name, slice_normal
from workstation.model.pet import SuvParameters
from workstation.model.records import (
    InstanceRecord,
    PatientRecord,
    SeriesRecord,
    StudyRecord,
    format_person_name,
)
from workstation.model.volume import FrameInfo, SpacingKind, Volume, opposite_label

__all__ = [
    "DicomReadError", "Event", "OverlayPlane", "Shutter", "FrameInfo", "GeometryError", "InstanceRecord", "OperationCancelled",
    "PatientRecord", "SeriesRecord", "SpacingKind", "StorageFullError", "StudyRecord", "SuvParameters",
    "VoiFunction", "VoiLut", "Volume", "Window", "WorkstationError", "WorkstationWarning",
    "format_person_name", "opposite_label", "orientation_label", "plane_name", "slice_normal",
]
