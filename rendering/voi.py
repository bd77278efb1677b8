"""Grey-scale display pipeline: stored value -> modality value -> VOI -> 8-bit display.

Implements PS3.3 C.11.1 (Modality LUT as rescale slope/intercept), C.11.2.1.2 (VOI
window, LINEAR), C.11.2.1.3.1 (SIGMOID), C.11.2.1.3.2 (LINEAR_EXACT), C.11.2.1.1 (VOI
LUT Sequence) and the MONOCHROME1 inversion of C.7.6.3.1.2 (minimum shown white).

The ``voi_*`` functions are the reference formulas on modality values and are what the
tests check against the standard. :func:`to_display` is what viewers call per frame: for
8- and 16-bit integer stored data it builds one lookup table over *every* stored value
(65 536 entries at most, cached per window) and maps a 512x512 slice with a single
``np.take`` (~0.3 ms); other data (float PET, int32) go through the same formulas
vectorised on that slice only, never on a whole volume.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from workstation.model import VoiFunction, VoiLut, Volume, Window

#: What a frame's VOI can be: a window (centre/width/function) or a VOI LUT Sequence item.
Voi = Window | VoiLut

#: Display range of :func:`to_display`: 8-bit grey.
DISPLAY_MAX = 255.0

#: CT values at or below this (HU) are air or padding outside the patient; auto-window
#: ignores them so a body window is not dragged towards -1000.
CT_AIR_HU = -950.0

#: Stored dtypes displayed through a per-window lookup table of every possible value.
LUT_DTYPES = {np.dtype(t) for t in (np.int8, np.uint8, np.int16, np.uint16)}


# -- reference formulas on modality values ------------------------------------------------


def voi_window(x: np.ndarray, window: Window, ymin: float = 0.0, ymax: float = DISPLAY_MAX) -> np.ndarray:
    """Apply a VOI window to modality values, exactly as PS3.3 C.11.2.1.2/C.11.2.1.3 state.

    Parameters
    ----------
    x
        Modality values (output of the rescale).
    window
        Centre, width and VOI LUT Function (LINEAR, LINEAR_EXACT or SIGMOID).
    ymin, ymax
        Output range.

    Returns
    -------
    numpy.ndarray
        Values in ``[ymin, ymax]``, float32 for float32 input and float64 otherwise.
    """
    x = _as_float(x)
    c, w = float(window.center), float(window.width)
    span = ymax - ymin
    if window.function is VoiFunction.SIGMOID:
        # C.11.2.1.3.1: y = (ymax - ymin) / (1 + exp(-4 (x - c) / w)) + ymin
        with np.errstate(over="ignore"):
            return span / (1.0 + np.exp(-4.0 * (x - c) / w)) + ymin
    if window.function is VoiFunction.LINEAR_EXACT:
        # C.11.2.1.3.2: y = ymin for x <= c - w/2, ymax for x > c + w/2, else ((x - c)/w + 0.5) span + ymin.
        centre, scale = c, w
    else:
        # C.11.2.1.2.1: y = ymin for x <= c - 0.5 - (w-1)/2, ymax for x > c - 0.5 + (w-1)/2,
        # else ((x - (c - 0.5))/(w - 1) + 0.5) span + ymin.
        centre, scale = c - 0.5, w - 1.0
    if scale == 0.0:  # the ramp has no width: a threshold at the centre
        return np.where(x <= centre, ymin, ymax).astype(x.dtype)
    # The ramp is ymin at the lower threshold and ymax at the upper one and increases in
    # between, so clipping it to [ymin, ymax] is the standard's three cases at once.
    y = (x - centre) * (span / scale)
    y += 0.5 * span + ymin
    return np.clip(y, ymin, ymax, out=y)


def _as_float(x: np.ndarray) -> np.ndarray:
    """float32 stays float32 (a PET slice), everything else becomes float64."""
    x = np.asarray(x)
    return x if x.dtype in (np.float32, np.float64) else x.astype(np.float64)


def voi_lut(x: np.ndarray, lut: VoiLut, ymin: float = 0.0, ymax: float = DISPLAY_MAX) -> np.ndarray:
    """Apply a VOI LUT Sequence item (PS3.3 C.11.2.1.1) to modality values.

    Inputs below the first mapped value take the first entry, inputs past the last
    mapped value take the last entry; entries span ``0 .. 2**bits - 1`` (LUT Descriptor's
    third value) and are scaled to ``[ymin, ymax]``. Non-integer inputs (a fractional
    rescale) are rounded to the nearest LUT input.
    """
    x = _as_float(x)
    index = np.clip(np.rint(x) - lut.first_mapped, 0, lut.data.size - 1).astype(np.intp)
    entries = lut.data.astype(np.float64)[index]
    return entries * ((ymax - ymin) / (2.0 ** lut.bits - 1.0)) + ymin


def apply_voi(x: np.ndarray, voi: Voi, ymin: float = 0.0, ymax: float = DISPLAY_MAX) -> np.ndarray:
    """Dispatch to :func:`voi_window` or :func:`voi_lut`."""
    if isinstance(voi, Window):
        return voi_window(x, voi, ymin, ymax)
    if isinstance(voi, VoiLut):
        return voi_lut(x, voi, ymin, ymax)
    raise TypeError(f"voi must be a Window or a VoiLut, got {type(voi).__name__}")


def display_inverted(photometric: str, invert: bool) -> bool:
    """Whether the final grey is inverted: MONOCHROME1 shows its minimum white (C.7.6.3.1.2),
    and the user's invert toggles that again."""
    return (photometric.upper() == "MONOCHROME1") != bool(invert)


def _quantise(y: np.ndarray, inverted: bool) -> np.ndarray:
    """float display values in [0, 255] -> uint8, inverted for MONOCHROME1 / user invert."""
    out = np.rint(np.clip(y, 0.0, DISPLAY_MAX)).astype(np.uint8)
    if inverted:
        np.subtract(np.uint8(255), out, out=out)
    return out


# -- fast path --------------------------------------------------------------------------------


def _lut_offset(dtype: np.dtype) -> int:
    """Stored value of LUT entry 0: the dtype's minimum (signed data is XOR-shifted)."""
    return int(np.iinfo(dtype).min)


@lru_cache(maxsize=64)
def stored_value_lut(voi: Voi, slope: float, intercept: float, dtype: np.dtype, inverted: bool) -> np.ndarray:
    """The uint8 display value of every stored value of an 8/16-bit ``dtype``.

    Entry ``i`` is the display value of stored value ``i + dtype.min`` (so signed data is
    indexed by its bits XOR the sign bit). Built from the reference formulas, so the fast
    path cannot disagree with them; cached per (voi, rescale, dtype, inversion) because a
    viewer asks for the same table for every frame until the window changes.
    """
    dtype = np.dtype(dtype)
    if dtype not in LUT_DTYPES:
        raise ValueError(f"stored-value LUTs exist for 8/16-bit integers only, got {dtype}")
    info = np.iinfo(dtype)
    stored = np.arange(info.min, info.max + 1, dtype=np.float64)
    lut = _quantise(apply_voi(stored * slope + intercept, voi), inverted)
    lut.setflags(write=False)
    return lut


def lut_index(stored: np.ndarray) -> np.ndarray:
    """Unsigned LUT index of 8/16-bit stored values (two's complement with the sign bit flipped)."""
    if stored.dtype == np.int16:
        return stored.view(np.uint16) ^ np.uint16(0x8000)
    if stored.dtype == np.int8:
        return stored.view(np.uint8) ^ np.uint8(0x80)
    return stored


def to_display(
    stored: np.ndarray,
    voi: Voi,
    *,
    slope: float = 1.0,
    intercept: float = 0.0,
    photometric: str = "MONOCHROME2",
    invert: bool = False,
) -> np.ndarray:
    """Map stored grey values to 8-bit display grey: rescale, VOI, MONOCHROME1/user inversion.

    Parameters
    ----------
    stored
        Stored pixel values of any shape (a frame, a reslice, a slab).
    voi
        The window or VOI LUT to apply, in modality units.
    slope, intercept
        Modality rescale (PS3.3 C.11.1).
    photometric
        ``"MONOCHROME1"`` inverts the output.
    invert
        The user's invert toggle (applied on top of MONOCHROME1).

    Returns
    -------
    numpy.ndarray
        uint8 array of ``stored.shape``.
    """
    inverted = display_inverted(photometric, invert)
    if stored.dtype in LUT_DTYPES:
        lut = stored_value_lut(voi, float(slope), float(intercept), stored.dtype, inverted)
        return np.take(lut, lut_index(stored))
    x = _as_float(stored)
    if slope != 1.0 or intercept != 0.0:
        x = x * x.dtype.type(slope) + x.dtype.type(intercept)
    return _quantise(apply_voi(x, voi), inverted)


def volume_to_display(volume: Volume, stored: np.ndarray, voi: Voi, invert: bool = False) -> np.ndarray:
    """:func:`to_display` with the rescale and photometric interpretation of ``volume``."""
    if volume.is_colour:
        raise ValueError("colour volumes are displayed as they are, without a VOI")
    return to_display(stored, voi, slope=volume.rescale_slope, intercept=volume.rescale_intercept,
                      photometric=volume.photometric, invert=invert)


# -- choosing a window -----------------------------------------------------------------------


def sample_modality_values(volume: Volume, max_samples: int = 1 << 20) -> np.ndarray:
    """A strided sample of the loaded voxels in modality units (float32, 1-D).

    Strides over slices and rows so it never copies more than ``max_samples`` voxels,
    whatever the volume size; used for auto-window and transfer-function histograms.
    """
    if volume.is_colour:
        raise ValueError("colour volumes have no modality values")
    loaded = np.flatnonzero(volume.loaded) if volume.loaded.any() else np.arange(volume.shape[0])
    nz, ny, nx = len(loaded), volume.shape[1], volume.shape[2]
    stride = max(1, int(np.ceil((nz * ny * nx / max_samples) ** (1.0 / 3.0))))
    sample = volume.pixels[loaded[::stride], ::stride, ::stride]
    return np.asarray(volume.to_modality(np.ascontiguousarray(sample))).ravel()


def _window_between(low: float, high: float, integral: bool) -> Window:
    """The window whose LINEAR (integers) or LINEAR_EXACT (reals) ramp runs from low to high."""
    if integral:
        # C.11.2.1.2.1: low = c - 0.5 - (w-1)/2 and high = c - 0.5 + (w-1)/2.
        width = max(high - low + 1.0, 1.0)
        return Window(center=(low + high) / 2.0 + 0.5, width=width)
    return Window(center=(low + high) / 2.0, width=max(high - low, 0.0), function=VoiFunction.LINEAR_EXACT)


def _is_integral(values: np.ndarray) -> bool:
    return values.dtype.kind in "iub" or bool(np.all(values == np.round(values)))


def auto_window(values: np.ndarray, *, modality: str = "", percentiles: tuple[float, float] = (1.0, 99.0)) -> Window:
    """A window spanning the given percentiles of ``values`` (modality units).

    For CT, air and padding (<= :data:`CT_AIR_HU`) are ignored so the window fits the
    patient, not the room. Integer-valued data get a LINEAR window, real-valued data
    (PET, scaled MR) a LINEAR_EXACT one, so the ramp ends exactly at the percentiles.
    """
    values = np.asarray(values).ravel()
    values = values[np.isfinite(values)] if values.dtype.kind == "f" else values
    if modality.upper() == "CT":
        body = values[values > CT_AIR_HU]
        values = body if body.size else values
    if values.size == 0:
        return Window(center=0.0, width=1.0, explanation="auto")
    low, high = (float(v) for v in np.percentile(values, percentiles))
    window = _window_between(low, high, _is_integral(values))
    return Window(window.center, window.width, "auto", window.function)


def full_range_window(values: np.ndarray) -> Window:
    """A window mapping the minimum of ``values`` to black and the maximum to white."""
    values = np.asarray(values).ravel()
    values = values[np.isfinite(values)] if values.dtype.kind == "f" else values
    if values.size == 0:
        return Window(center=0.0, width=1.0, explanation="full range")
    window = _window_between(float(values.min()), float(values.max()), _is_integral(values))
    return Window(window.center, window.width, "full range", window.function)


def initial_voi(volume: Volume, k: int | None = None) -> Voi:
    """What to show first: the frame's own window, else its VOI LUT, else an auto window.

    PS3.3 C.11.2 lets a file carry several windows/LUTs; the first is the one the modality
    meant as default, as Horos and Weasis use it.
    """
    k = volume.shape[0] // 2 if k is None else k
    if volume.frames:
        frame = volume.frames[k]
        if frame.windows:
            return frame.windows[0]
        if frame.voi_luts:
            return frame.voi_luts[0]
    return auto_window(sample_modality_values(volume), modality=volume.modality)

