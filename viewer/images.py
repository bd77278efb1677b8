"""numpy <-> QImage without surprises: the buffer stays alive as long as the image."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def to_qimage(array: np.ndarray) -> QImage:
    """An 8-bit grey ``(h, w)`` or RGB ``(h, w, 3)`` array as a QImage that owns a copy.

    The copy (0.4 ms for 512x512) keeps Qt from reading a numpy buffer that Python has
    already freed, which is the classic source of garbage pixels in PySide viewers.
    """
    array = np.ascontiguousarray(array)
    if array.dtype != np.uint8:
        raise TypeError(f"array must be uint8, got {array.dtype}")
    if array.ndim == 2:
        h, w = array.shape
        image = QImage(array.data, w, h, w, QImage.Format.Format_Grayscale8)
    elif array.ndim == 3 and array.shape[2] == 3:
        h, w, _ = array.shape
        image = QImage(array.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    else:
        raise ValueError(f"array must be (h, w) or (h, w, 3), got {array.shape}")
    return image.copy()


def from_qimage(image: QImage) -> np.ndarray:
    """An RGB ``(h, w, 3)`` uint8 copy of any QImage (for tests and exports)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = image.height(), image.width()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()


def save_image(array: np.ndarray, path: str) -> None:
    """Write an 8-bit grey or RGB array to PNG/JPEG/TIFF (format from the suffix)."""
    if not to_qimage(array).save(path):
        raise OSError(f"could not write image {path}")


# -- 32-bit display pixels -------------------------------------------------------------------
# Qt paints Format_RGB32 without converting it (Grayscale8 is converted to 32-bit on every
# draw, ~2 ms for 512x512), so viewports build 0xFFRRGGBB pixels with one table lookup.


def palette_rgb32(table: np.ndarray) -> np.ndarray:
    """A (256, 3) uint8 colour table as 256 opaque 0xFFRRGGBB values."""
    t = table.astype(np.uint32)
    return (0xFF000000 | (t[:, 0] << 16) | (t[:, 1] << 8) | t[:, 2]).astype(np.uint32)


def pack_rgb32(rgb: np.ndarray) -> np.ndarray:
    """(h, w, 3) uint8 RGB -> (h, w) uint32 0xFFRRGGBB."""
    c = rgb.astype(np.uint32)
    return 0xFF000000 | (c[..., 0] << 16) | (c[..., 1] << 8) | c[..., 2]


def rgb32_to_rgb(pixels: np.ndarray) -> np.ndarray:
    """(h, w) uint32 0xFFRRGGBB -> (h, w, 3) uint8 RGB (for tests and exports)."""
    return np.ascontiguousarray(pixels.view(np.uint8).reshape(pixels.shape + (4,))[..., 2::-1])


def rgb32_qimage(pixels: np.ndarray) -> QImage:
    """A Format_RGB32 QImage sharing ``pixels``; keep the array alive while it is used."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint32)
    h, w = pixels.shape
    return QImage(pixels.data, w, h, 4 * w, QImage.Format.Format_RGB32)


def block_mean(pixels: np.ndarray, factor: int) -> np.ndarray:
    """``pixels`` averaged over ``factor`` x ``factor`` blocks, rounded, in the same dtype.

    For 8/16-bit frames shown smaller than their size: averaging the stored values before
    the VOI LUT is what Qt's smooth scaling does after it, up to the LUT's curvature within
    one block. Rows and columns that do not fill a block are dropped (under one screen
    pixel at the scales this is used for). Strided adds, not ``reshape().sum()``: the
    latter is ~6x slower on a 3000x2500 frame.
    """
    if factor < 2:
        return pixels
    rows, cols = (n // factor * factor for n in pixels.shape[:2])
    total = np.zeros((rows // factor, cols // factor), np.int32)  # 8/16-bit x up to 64 samples fits
    for i in range(factor):
        for j in range(factor):
            total += pixels[i:rows:factor, j:cols:factor]
    total += factor * factor // 2
    total //= factor * factor
    return total.astype(pixels.dtype)
