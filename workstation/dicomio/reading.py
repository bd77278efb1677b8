"""Reading DICOM headers and recognising DICOM files, with errors a user can act on."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from workstation.model.errors import DicomReadError

log = logging.getLogger(__name__)

#: Elements longer than this stay on disk while the header is parsed; pixel data is read
#: later straight into the volume, so a header read costs the header only.
DEFER_SIZE = 16 * 1024

PIXEL_DATA_TAGS = (0x7FE00010, 0x7FE00008, 0x7FE00009)  # Pixel Data, Float, Double Float


def looks_like_dicom(path: str | os.PathLike[str]) -> bool:
    """Cheap test for the Part 10 preamble ("DICM" at byte 128).

    Files without a preamble (old ACR-NEMA style, some exports) fail this test;
    :func:`read_header` still reads them when asked directly.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(132)
    except OSError:
        return False
    return len(head) == 132 and head[128:132] == b"DICM"


def read_header(path: str | os.PathLike[str], *, force_without_preamble: bool = True) -> Dataset:
    """Read a DICOM file's elements, leaving large values (pixel data) on disk.

    Parameters
    ----------
    path
        The file.
    force_without_preamble
        Also accept files without the Part 10 preamble, as long as they parse into a
        dataset that has a SOP Instance UID (so random files are not taken for DICOM).

    Raises
    ------
    DicomReadError
        Not DICOM, truncated inside the header, unreadable, or no SOP Instance UID.
    """
    name = os.fspath(path)
    try:
        ds = pydicom.dcmread(name, defer_size=DEFER_SIZE)
    except InvalidDicomError:
        if not force_without_preamble:
            raise DicomReadError(name, "not a DICOM file (no DICM preamble)") from None
        ds = _read_forced(name)
    except (EOFError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise DicomReadError(name, f"damaged or truncated DICOM header ({exc})") from exc
    except IsADirectoryError:
        raise DicomReadError(name, "is a folder, not a file") from None
    except PermissionError:
        raise DicomReadError(name, "permission denied") from None
    except OSError as exc:
        raise DicomReadError(name, f"cannot read file ({exc.strerror or exc})") from exc
    try:
        uid = ds.get("SOPInstanceUID") or ds.file_meta.get("MediaStorageSOPInstanceUID")
    except Exception as exc:  # a damaged element only shows when its value is converted
        raise DicomReadError(name, f"damaged DICOM header ({exc})") from exc
    if not uid:
        raise DicomReadError(name, "no SOP Instance UID: not a DICOM composite object")
    return ds


def _read_forced(name: str) -> Dataset:
    try:
        ds = pydicom.dcmread(name, defer_size=DEFER_SIZE, force=True)
        ok = bool(ds.get("SOPInstanceUID")) and ("SOPClassUID" in ds or "Modality" in ds)
    except Exception:  # any parse failure of a forced read means "not DICOM"
        ok = False
    if not ok:
        raise DicomReadError(name, "not a DICOM file")
    return ds


def has_pixels(ds: Dataset) -> bool:
    """True when the dataset carries an image (any of the pixel data elements)."""
    return any(tag in ds for tag in PIXEL_DATA_TAGS)


def transfer_syntax_of(ds: Dataset) -> str:
    """Transfer Syntax UID of a dataset read from a file, or "" when unknown."""
    meta = getattr(ds, "file_meta", None)
    uid = meta.get("TransferSyntaxUID", "") if meta is not None else ""
    if uid:
        return str(uid)
    # No meta information: pydicom guessed the encoding while parsing.
    implicit, little = ds.original_encoding
    if implicit:
        return pydicom.uid.ImplicitVRLittleEndian
    return pydicom.uid.ExplicitVRLittleEndian if little else pydicom.uid.ExplicitVRBigEndian


def file_size(path: str | os.PathLike[str]) -> int:
    return Path(path).stat().st_size
