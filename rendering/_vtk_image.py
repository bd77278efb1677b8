"""Zero-copy bridge from a :class:`~workstation.model.Volume` to ``vtkImageData``.

The image is given to VTK in *index* space (spacing 1, origin 0, identity direction) and
every consumer maps patient space to it through ``inv(volume.affine)``: this keeps a
gantry tilt's shear exact, which VTK's own direction matrix (orthonormal) cannot express.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np
from vtkmodules.util import numpy_support
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkImagingCore import vtkImageReslice

from workstation.model import Volume


def vtk_matrix(m: np.ndarray) -> vtkMatrix4x4:
    """A ``vtkMatrix4x4`` with the elements of a 4x4 numpy array."""
    out = vtkMatrix4x4()
    for i in range(4):
        for j in range(4):
            out.SetElement(i, j, float(m[i, j]))
    return out


def index_image(pixels: np.ndarray, spacing: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> vtkImageData:
    """A ``vtkImageData`` sharing the memory of a C-contiguous ``(z, y, x[, c])`` array.

    ``spacing`` other than 1 is for the volume mapper, whose shading is wrong under a
    scaling user matrix (it would have to renormalise the light in voxel space).

    The caller must keep ``pixels`` alive as long as the image (numpy_support keeps a
    reference on the VTK array too, but only while its Python wrapper exists).
    """
    if not pixels.flags.c_contiguous:
        raise ValueError("pixels must be C-contiguous to be shared with VTK")
    nz, ny, nx = pixels.shape[:3]
    components = pixels.shape[3] if pixels.ndim == 4 else 1
    image = vtkImageData()
    image.SetDimensions(nx, ny, nz)
    image.SetSpacing(*(float(s) for s in spacing))
    image.SetOrigin(0.0, 0.0, 0.0)
    scalars = numpy_support.numpy_to_vtk(pixels.reshape(-1, components) if components > 1 else pixels.reshape(-1),
                                         deep=False)
    scalars.SetName("pixels")
    image.GetPointData().SetScalars(scalars)
    return image


class VolumeImage:
    """A volume's shared ``vtkImageData`` plus the facts every VTK consumer needs.

    One per volume (see :func:`volume_image`); it notices slices decoded since the last
    use and marks the image modified so VTK pipelines re-execute.
    """

    def __init__(self, volume: Volume) -> None:
        pixels = volume.pixels
        if not pixels.flags.c_contiguous:  # loaders allocate contiguous arrays; this is the rare fallback
            pixels = np.ascontiguousarray(pixels)
        self.pixels = pixels
        self.image = index_image(pixels)
        self.lock = threading.Lock()
        #: The vtkImageReslice that rendering.reslice reuses for this volume (under ``lock``).
        self.reslicer: vtkImageReslice | None = None
        self._volume = weakref.ref(volume)
        self._seen_loaded = -1
        self._minimum = 0.0

    def refresh(self) -> None:
        """Re-read what a progressive loader has added since the last call."""
        volume = self._volume()
        if volume is None:
            return
        loaded = int(volume.loaded.sum()) + len(volume.failed)
        if loaded == self._seen_loaded:
            return
        self._seen_loaded = loaded
        if self.pixels is not volume.pixels:  # a non-contiguous source: copy again
            np.copyto(self.pixels, volume.pixels)
        self.image.Modified()
        if volume.is_colour:
            self._minimum = 0.0
        elif volume.loaded.all() or not volume.loaded.any():
            self._minimum = float(self.pixels.min())
        else:  # slice by slice: a boolean index would copy every loaded slice
            self._minimum = min(float(self.pixels[k].min()) for k in np.flatnonzero(volume.loaded))

    @property
    def minimum(self) -> float:
        """Smallest stored value of the loaded slices: what "outside the volume" shows."""
        return self._minimum


_IMAGES: weakref.WeakKeyDictionary[Volume, VolumeImage] = weakref.WeakKeyDictionary()
_IMAGES_LOCK = threading.Lock()


def volume_image(volume: Volume) -> VolumeImage:
    """The shared, refreshed :class:`VolumeImage` of ``volume`` (created on first use)."""
    with _IMAGES_LOCK:
        entry = _IMAGES.get(volume)
        if entry is None or entry.pixels.shape != volume.pixels.shape:
            entry = VolumeImage(volume)
            _IMAGES[volume] = entry
    with entry.lock:
        entry.refresh()
    return entry
