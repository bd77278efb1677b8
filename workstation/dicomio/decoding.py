"""Decode frames of any transfer syntax into numpy arrays.

Native (uncompressed) frames are read straight from the file into their slot of the
volume, with no intermediate copy. Compressed frames go through pydicom's decoders
(pylibjpeg, pyjpegls, gdcm, Pillow); if every plugin fails — some real 12-bit JPEG
Extended files defeat them all — DCMTK's ``dcmdjpeg`` is tried when installed.
Colour is always returned as RGB ``uint8`` (YBR converted, palettes applied).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence

import numpy as np
import pydicom
from pydicom.pixels import apply_color_lut, iter_pixels
from pydicom.pixels.decoders.base import get_decoder
from pydicom.uid import UID

from workstation.dicomio.frames import PixelLayout
from workstation.model.errors import DicomReadError

log = logging.getLogger(__name__)

DEFLATED = "1.2.840.10008.1.2.1.99"
_JPEG_FAMILY = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
                "1.2.840.10008.1.2.4.70"}
_NATIVE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", DEFLATED}


def decoder_problem(transfer_syntax_uid: str) -> str:
    """Why frames of this transfer syntax cannot be decoded here ("" when they can)."""
    if transfer_syntax_uid in _NATIVE:
        return ""
    uid = UID(transfer_syntax_uid)
    if not uid.is_transfer_syntax:
        return f"unknown transfer syntax {transfer_syntax_uid}"
    try:
        decoder = get_decoder(uid)
    except NotImplementedError:
        return f"no decoder for {uid.name}"
    if not decoder.is_available:
        return f"no decoder installed for {uid.name} ({', '.join(decoder.missing_dependencies)})"
    return ""


def read_native_frame(layout: PixelLayout, index: int, out: np.ndarray) -> None:
    """Read native frame ``index`` of a grey-scale file straight into ``out``.

    ``out`` must be a C-contiguous ``(rows, columns)`` array of the stored dtype.
    Bits above Bits Stored are masked (unsigned) or sign-extended (signed), since old
    files keep overlay bits there.
    """
    size = layout.frame_bytes
    if layout.pixel_length is not None and (index + 1) * size > layout.pixel_length:
        raise DicomReadError(layout.path, f"pixel data is shorter than {layout.number_of_frames} frame(s) of "
                                          f"{layout.rows}x{layout.columns}")
    with open(layout.path, "rb") as f:
        f.seek(layout.pixel_offset + index * size)  # type: ignore[operator]
        got = f.readinto(out.data.cast("B"))
    if got != size:
        raise DicomReadError(layout.path, f"file is truncated: frame {index + 1} has {got} of {size} bytes")
    if not layout.little_endian:
        out.byteswap(inplace=True)
    _fix_high_bits(layout, out)


def _fix_high_bits(layout: PixelLayout, values: np.ndarray) -> None:
    unused = layout.bits_allocated - layout.bits_stored
    if unused <= 0 or values.dtype.kind not in "iu":
        return
    if layout.pixel_representation == 1:
        values <<= unused
        values >>= unused  # arithmetic shift: sign-extends
    else:
        values &= (1 << layout.bits_stored) - 1


def can_read_natively(layout: PixelLayout) -> bool:
    return (layout.is_native and layout.transfer_syntax_uid != DEFLATED and layout.samples_per_pixel == 1
            and layout.photometric != "PALETTE COLOR" and layout.bits_allocated in (8, 16, 32)
            and not layout.float_pixels)


def iter_frames(layout: PixelLayout, indices: Sequence[int]) -> Iterator[tuple[int, np.ndarray]]:
    """Decode ``indices`` of one file, yielding ``(index, array)`` in that order.

    Grey-scale frames come in the stored dtype (masked to Bits Stored), colour frames as
    ``(rows, columns, 3)`` RGB ``uint8``.

    Raises
    ------
    DicomReadError
        The file cannot be decoded by any available decoder.
    """
    if can_read_natively(layout):
        for index in indices:
            out = np.empty((layout.rows, layout.columns), dtype=layout.stored_dtype)
            read_native_frame(layout, index, out)
            yield index, out
        return
    problem = decoder_problem(layout.transfer_syntax_uid)
    if problem:
        raise DicomReadError(layout.path, problem)
    try:
        yield from _pydicom_frames(layout, indices)
    except DicomReadError:
        raise
    except Exception as exc:  # decoders raise many types; the message is what matters
        if layout.transfer_syntax_uid in _JPEG_FAMILY and shutil.which("dcmdjpeg"):
            log.info("pydicom could not decode %s (%s); trying DCMTK dcmdjpeg", layout.path, exc)
            yield from _dcmtk_frames(layout, indices)
            return
        raise DicomReadError(layout.path, f"cannot decode {UID(layout.transfer_syntax_uid).name}: "
                                          f"{_short(exc)}") from exc


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return " ".join(text)[:300] if text else type(exc).__name__


def _pydicom_frames(layout: PixelLayout, indices: Sequence[int]) -> Iterator[tuple[int, np.ndarray]]:
    ds = pydicom.dcmread(layout.path, force=True)
    if "TransferSyntaxUID" not in ds.file_meta:  # no meta header: say what was parsed
        ds.file_meta.TransferSyntaxUID = layout.transfer_syntax_uid
    multi = layout.number_of_frames > 1
    frames = iter_pixels(ds, indices=list(indices), as_rgb=True) if multi else iter([ds.pixel_array])
    for index, frame in zip(indices, frames):
        yield index, _finish(layout, ds, frame)


def _finish(layout: PixelLayout, ds: pydicom.Dataset, frame: np.ndarray) -> np.ndarray:
    """Palette to RGB, colour to uint8, grey masked to Bits Stored."""
    if layout.photometric == "PALETTE COLOR":
        frame = apply_color_lut(frame, ds)
    if frame.ndim == 3:
        if frame.dtype != np.uint8:
            top = float(frame.max()) if frame.size else 0.0
            bits = layout.bits_stored if layout.photometric != "PALETTE COLOR" else (16 if top > 255 else 8)
            frame = (frame >> max(bits - 8, 0)).astype(np.uint8) if frame.dtype.kind in "iu" else \
                np.clip(frame * 255.0 / max(top, 1e-9), 0, 255).astype(np.uint8)
        return frame
    frame = np.ascontiguousarray(frame)
    if not frame.flags.writeable:
        frame = frame.copy()
    _fix_high_bits(layout, frame)
    return frame


def _dcmtk_frames(layout: PixelLayout, indices: Sequence[int]) -> Iterator[tuple[int, np.ndarray]]:
    with tempfile.TemporaryDirectory(prefix="ws-dcmdjpeg-") as tmp:
        out = os.path.join(tmp, "decoded.dcm")
        done = subprocess.run(["dcmdjpeg", layout.path, out], capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or not os.path.exists(out):
            raise DicomReadError(layout.path, f"cannot decode JPEG (pydicom and DCMTK failed: "
                                              f"{done.stderr.strip()[:200]})")
        ds = pydicom.dcmread(out)
        array = ds.pixel_array
        if layout.number_of_frames == 1:
            array = array[np.newaxis]
        for index in indices:
            yield index, _finish(layout, ds, np.asarray(array[index]))
