"""Is a file whose header pydicom read actually whole? Checks before anything is stored.

pydicom stops quietly at the end of a file: a file cut inside its pixel data, or cut
between two elements, still "reads". The store must not archive such a file as if it
were good (it would be sent on to the PACS), so before import we check, from what the
header read already recorded (offsets and lengths of the raw elements), that:

* the last element ends within the file (a defined length, PS3.5 7.1.1), or is followed
  by its Sequence Delimitation Item (an undefined length, PS3.5 7.5 / A.4);
* the object has the UIDs that place it in the information model (PS3.3 C.12.1,
  C.7.2.1, C.7.3.1), which a file cut short after its first elements lacks;
* an object with an Image Pixel module (Rows and Columns, PS3.3 C.7.6.3) has its pixel
  data; SR, KOS and presentation states have neither and are whole as they are.

Nothing is decoded; the checks cost microseconds.
"""

from __future__ import annotations

from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.uid import DeflatedExplicitVRLittleEndian

from workstation.dicomio import has_pixels, transfer_syntax_of
from workstation.model.records import InstanceRecord

_UNDEFINED_LENGTH = 0xFFFFFFFF
_DELIMITER_BYTES = 8  # (FFFE,E0DD) tag + zero length


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def truncation_problem(ds: Dataset, file_size: int) -> str:
    """Why the file behind ``ds`` is cut short, or "" when its last element is whole.

    Only a last element still in raw form (not yet converted, which holds for pixel data
    and most trailing elements after a header read) carries its file offset; a converted
    one cannot be checked here and counts as whole. In a deflated data set (PS3.5 A.5)
    offsets count inflated bytes, so there is nothing to compare with the file size.
    """
    tags = list(ds.keys())
    if not tags:
        return "the file holds no data set after its meta information: truncated"
    if transfer_syntax_of(ds) == DeflatedExplicitVRLittleEndian:
        return ""
    last = ds.get_item(max(tags), keep_deferred=True)
    if not isinstance(last, RawDataElement) or last.value_tell is None:
        return ""
    if last.length == _UNDEFINED_LENGTH:
        if last.value is None:
            return ""
        end = last.value_tell + len(last.value) + _DELIMITER_BYTES
        if end > file_size:
            return f"file is truncated: element {_tag_text(last.tag)} has no sequence delimiter"
        return ""
    end = last.value_tell + last.length
    if end > file_size:
        return (f"file is truncated: element {_tag_text(last.tag)} needs {end} bytes, "
                f"the file has {file_size}")
    return ""


def identity_problem(instance: InstanceRecord) -> str:
    """Why the object cannot be placed in patient/study/series, or ""."""
    missing = [name for name, value in (
        ("SOP Class UID (0008,0016)", instance.sop_class_uid),
        ("SOP Instance UID (0008,0018)", instance.sop_instance_uid),
        ("Study Instance UID (0020,000D)", instance.study_instance_uid),
        ("Series Instance UID (0020,000E)", instance.series_instance_uid),
    ) if not value]
    if missing:
        return f"lacks {', '.join(missing)}: truncated or not a composite DICOM object"
    return ""


def pixel_problem(ds: Dataset) -> str:
    """An image header without its pixels: cut before Pixel Data, or stripped."""
    if "Rows" in ds and "Columns" in ds and not has_pixels(ds):
        return "image header (Rows, Columns) without Pixel Data: the file is truncated or its pixels were removed"
    return ""


def damage(ds: Dataset, instance: InstanceRecord, file_size: int) -> str:
    """The first reason not to store this object, or "" when it is whole."""
    return truncation_problem(ds, file_size) or identity_problem(instance) or pixel_problem(ds)
