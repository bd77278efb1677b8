"""Which transfer syntaxes go on a disc as they are, and rewriting the others.

PS3.11 general-purpose profiles: STD-GEN-CD allows only Explicit VR Little Endian;
STD-GEN-DVD-JPEG / STD-GEN-USB-JPEG add the JPEG processes (baseline, extended,
lossless 14 and 14 SV1) and STD-GEN-DVD-J2K / STD-GEN-USB-J2K add JPEG 2000. So
uncompressed and JPEG/JPEG 2000 files are copied byte for byte (a lossy file is never
recompressed), Implicit VR / big endian / deflated files are re-encoded as Explicit VR
Little Endian without touching pixel values, and any other compression (RLE, JPEG-LS,
HTJ2K, ...) is decompressed to Explicit VR Little Endian, which every reader of the disc
understands. A file whose pixels cannot be decoded here is copied as it is and reported.
"""

from __future__ import annotations

import enum
import os
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.uid import (
    JPEG2000,
    UID,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
)

from export.anonymize import Anonymizer
from workstation.dicomio import decoder_problem
from workstation.model.errors import DicomReadError

JPEG_SYNTAXES = frozenset({JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLossless, JPEGLosslessSV1})
J2K_SYNTAXES = frozenset({JPEG2000Lossless, JPEG2000})
_REENCODE = frozenset({ImplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian})


class Action(enum.Enum):
    """How one file goes onto the media."""

    COPY = "copy"  #: byte for byte
    REENCODE = "re-encode"  #: same values, Explicit VR Little Endian
    DECOMPRESS = "decompress"  #: pixels decoded, Explicit VR Little Endian


def action_for(transfer_syntax: str) -> Action:
    """What a file in ``transfer_syntax`` needs before it can go on a general-purpose disc."""
    if transfer_syntax == ExplicitVRLittleEndian or transfer_syntax in JPEG_SYNTAXES | J2K_SYNTAXES:
        return Action.COPY
    if transfer_syntax in _REENCODE or not transfer_syntax:
        return Action.REENCODE
    return Action.DECOMPRESS


def media_size(ds: Dataset, file_size: int, action: Action) -> int:
    """Bytes the file will take on the media: its size, plus the decoded pixels when
    it is decompressed (an upper bound: the compressed stream is replaced)."""
    if action is not Action.DECOMPRESS:
        return file_size
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    pixels = (int(ds.get("Rows", 0)) * int(ds.get("Columns", 0)) * frames * int(ds.get("SamplesPerPixel", 1))
              * int(ds.get("BitsAllocated", 8)) // 8)
    return file_size + pixels


def profile_name(transfer_syntaxes: set[str], usb: bool, optical_cd: bool) -> str:
    """The PS3.11 general-purpose Application Profile(s) the files conform to."""
    jpeg = bool(transfer_syntaxes & JPEG_SYNTAXES)
    j2k = bool(transfer_syntaxes & J2K_SYNTAXES)
    medium = "USB" if usb else "DVD"
    if not jpeg and not j2k:
        return "STD-GEN-CD" if optical_cd else f"STD-GEN-{medium}-JPEG"
    names = ([f"STD-GEN-{medium}-JPEG"] if jpeg else []) + ([f"STD-GEN-{medium}-J2K"] if j2k else [])
    return " + ".join(names)


def rewrite(src: str | os.PathLike[str], dst: str | os.PathLike[str], action: Action,
            anonymizer: Anonymizer | None = None) -> tuple[Dataset, str]:
    """Write ``src`` to ``dst`` as the media needs it; returns the written header (pixel
    data dropped from memory) and a warning ("" when none).

    Raises
    ------
    DicomReadError
        ``src`` cannot be read.
    """
    try:
        # force: a file without preamble / File Meta Information (REENCODE) was already
        # accepted by read_header, which checks it has a SOP Instance UID
        ds = pydicom.dcmread(os.fspath(src), force=True)
    except Exception as exc:  # pydicom raises many types for damaged files
        raise DicomReadError(os.fspath(src), f"cannot be read ({exc})") from exc
    warning = ""
    if action is Action.DECOMPRESS:
        syntax = UID(ds.file_meta.TransferSyntaxUID)
        problem = decoder_problem(str(syntax))
        if problem:
            warning = f"kept as {syntax.name}: {problem}; a viewer without that decoder cannot show it"
        else:
            ds.decompress(generate_instance_uid=False)  # a lossless re-encoding keeps the UID
    elif action is Action.REENCODE and "PixelData" in ds and ds.original_encoding[1] is False:
        # Big endian: words of OW pixel data must be swapped; the decoded array is exact.
        array = ds.pixel_array
        ds.PixelData = np.ascontiguousarray(array.astype(array.dtype.newbyteorder("<"))).tobytes()
    if not warning:
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    # a file without File Meta Information gets it from the dataset (PS3.10 7.1)
    if "MediaStorageSOPClassUID" not in ds.file_meta:
        ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    if "MediaStorageSOPInstanceUID" not in ds.file_meta:
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    if anonymizer is not None:
        anonymizer.anonymize(ds)
    dst = Path(dst)
    ds.save_as(dst, enforce_file_format=True)
    for tag in (0x7FE00010, 0x7FE00008, 0x7FE00009):
        if tag in ds:
            del ds[tag]
    return ds, warning
