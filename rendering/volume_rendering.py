"""3D volume rendering of a :class:`~workstation.model.Volume` with VTK, Qt-free.

:class:`VolumeScene` owns the renderer, the volume actor and its transfer function; a Qt
viewport gives it a render window with :meth:`VolumeScene.attach` (QVTKRenderWindow-
Interactor's window), and :func:`snapshot` renders it offscreen for tests, the CLI and
key images. Two mappers, chosen by the caller (:data:`MAPPERS`):

* ``"cpu"``: ``vtkFixedPointVolumeRayCastMapper`` (multithreaded ray casting). Without a
  GPU it is 4-8x faster than the GPU mapper on llvmpipe (ENVIRONMENT.md); it needs 3
  bytes per voxel of shading gradients, computed on the first shaded frame (~3 s for a
  512x512x300 CT, on the thread that renders).
* ``"gpu"``: ``vtkGPUVolumeRayCastMapper``, for a reading station with a graphics card:
  the volume is a 3D texture, gradients are computed in the shader (no host memory, no
  wait before the first shaded frame), tens of frames per second at full quality.

World coordinates are patient LPS millimetres: the volume's voxels are given to VTK in
index space and placed by ``vtkVolume.SetUserMatrix(affine)``, which also holds a gantry
tilt's shear, so clipping planes, surfaces and the orientation cube all share the
patient's true axes.

Memory: the volume's own pixel array is shared with VTK without a copy. The CPU mapper
adds 3 bytes per voxel for shading (gradient normal and magnitude); the GPU mapper puts
the voxels in graphics memory. A copy is made only when the volume must be downsampled to
fit ``memory_budget`` (or, on the GPU, the largest 3D texture) (described by
:attr:`VolumeScene.downsampling`, which the viewer shows) or when it is first sculpted.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkPlane, vtkPlaneCollection, vtkPlanes, vtkPolyData
from vtkmodules.vtkRenderingCore import (
    vtkActor,
    vtkLight,
    vtkPolyDataMapper,
    vtkRenderer,
    vtkRenderWindow,
    vtkVolume,
    vtkVolumeProperty,
)
from vtkmodules.vtkRenderingVolume import vtkFixedPointVolumeRayCastMapper, vtkGPUVolumeRayCastMapper
import vtkmodules.vtkRenderingVolumeOpenGL2  # noqa: F401 - the OpenGL implementation of the GPU mapper

from rendering._vtk_image import index_image, volume_image, vtk_matrix
from rendering._vtk_window import OrientationCube, grab, offscreen_window
from rendering.planes import volume_corners
from rendering.sculpt import covered_voxels, polygon_mask
from rendering.transfer_functions import TransferFunction, VrPreset, default_preset
from workstation.model import Volume

#: Bytes the renderer may add for one volume (a downsampled copy and the shading gradients).
DEFAULT_MEMORY_BUDGET = 1536 * 2 ** 20

#: vtkFixedPointVolumeRayCastMapper stores a 2-byte encoded normal and a 1-byte gradient
#: magnitude per voxel when shading or gradient opacity is on.
GRADIENT_BYTES_PER_VOXEL = 3

MapperKind = Literal["cpu", "gpu"]
#: The volume mappers a scene can use (see the module docstring).
MAPPERS: tuple[str, ...] = ("cpu", "gpu")

#: Longest side the GPU mapper is given: GL_MAX_3D_TEXTURE_SIZE of common graphics cards.
MAX_TEXTURE_SIDE = 2048

Quality = Literal["interactive", "full", "auto"]

#: (image sample distance in pixels, ray sample distance in voxels) per fixed quality.
QUALITIES: dict[str, tuple[float, float]] = {"interactive": (2.0, 2.0), "full": (1.0, 1.0)}

#: Frame rate the mapper aims at while a user drags, when attached to an interactor.
INTERACTIVE_UPDATE_RATE = 10.0

#: Camera views: (direction from the patient to the camera, view-up) in LPS.
VIEWS: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "anterior": ((0.0, -1.0, 0.0), (0.0, 0.0, 1.0)),  # seen from the front, patient left on screen right
    "posterior": ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "left": ((1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    "right": ((-1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
    "superior": ((0.0, 0.0, 1.0), (0.0, -1.0, 0.0)),
    "inferior": ((0.0, 0.0, -1.0), (0.0, -1.0, 0.0)),  # as an axial slice: anterior up, left on the right
}

_BLEND = {"composite": "SetBlendModeToComposite", "mip": "SetBlendModeToMaximumIntensity",
          "minip": "SetBlendModeToMinimumIntensity"}


def downsample_factor(volume: Volume, memory_budget: int, mapper: MapperKind = "cpu") -> int:
    """Smallest integer step per axis so the renderer's own bytes fit ``memory_budget``.

    Without downsampling the CPU mapper adds only the shading gradients; with a step
    ``f`` it adds a copy of ``1/f**3`` of the voxels plus their gradients. The GPU mapper
    adds the voxels as a texture (graphics memory) no longer than :data:`MAX_TEXTURE_SIDE`.
    """
    voxels = int(np.prod(volume.shape))
    if mapper == "gpu":
        by_side = math.ceil(max(volume.shape) / MAX_TEXTURE_SIDE)
        by_bytes = math.ceil((voxels * volume.pixels.itemsize / memory_budget) ** (1.0 / 3.0) - 1e-9)
        return max(1, by_side, by_bytes)
    if voxels * GRADIENT_BYTES_PER_VOXEL <= memory_budget:
        return 1
    per_voxel = volume.pixels.itemsize + GRADIENT_BYTES_PER_VOXEL
    return max(2, math.ceil((voxels * per_voxel / memory_budget) ** (1.0 / 3.0) - 1e-9))


@dataclass(frozen=True)
class Downsampling:
    """How far 3D thins a volume out, and why: the reader must know that the 3D is
    coarser than the slices. Plain data, so the viewer can say it in the user's language;
    ``str()`` gives the English sentence for logs and the command line.
    """

    factor: int  #: one voxel in ``factor`` along each axis
    shape: tuple[int, int, int]  #: x, y, z voxels rendered
    full_shape: tuple[int, int, int]  #: x, y, z voxels of the volume
    budget_mb: int  #: the memory budget for 3D
    texture_side: int | None  #: the longest 3D texture side, when the GPU mapper's limit counts too

    def __str__(self) -> str:
        limit = f" or the {self.texture_side}-voxel side of a 3D texture" if self.texture_side else ""
        return (f"3D uses one voxel in {self.factor} along each axis ({'x'.join(map(str, self.shape))} of "
                f"{'x'.join(map(str, self.full_shape))}): the full volume exceeds the {self.budget_mb} MB "
                f"memory budget for 3D{limit}")


class VolumeScene:
    """A volume rendering scene: volume actor, transfer function, clipping, sculpting,
    surfaces and an orientation cube, rendered into any VTK render window.

    Parameters
    ----------
    volume
        A grey-scale volume (CT, MR, PET...); its affine may be oblique or sheared.
    preset
        Initial transfer function; by default CT bone / MR default / MIP by modality.
    memory_budget
        Bytes the scene may add; larger volumes are downsampled with a notice.
    mapper
        ``"cpu"`` or ``"gpu"`` (see the module docstring); the GPU mapper needs a real
        graphics card to be fast.
    """

    def __init__(self, volume: Volume, preset: VrPreset | None = None, *,
                 memory_budget: int = DEFAULT_MEMORY_BUDGET, mapper: MapperKind = "cpu") -> None:
        if volume.is_colour:
            raise ValueError("volume rendering needs a grey-scale volume")
        if mapper not in MAPPERS:
            raise ValueError(f"mapper must be one of {MAPPERS}, got {mapper!r}")
        self.volume = volume
        self.mapper_kind = mapper
        self._factor = downsample_factor(volume, memory_budget, mapper)
        self._affine = volume.affine @ np.diag([self._factor] * 3 + [1.0])
        self._pixels: np.ndarray | None = None  # our own copy, when downsampled or sculpted
        self._sculpted = False
        self._seen_loaded = -1
        #: Set when the volume is too large for 3D at full resolution (see :class:`Downsampling`).
        self.downsampling: Downsampling | None = None
        if self._factor > 1:
            self._pixels = self._source_pixels()
            self.downsampling = Downsampling(
                self._factor, tuple(self._pixels.shape[::-1]), tuple(volume.shape[::-1]),  # type: ignore[arg-type]
                round(memory_budget / 2 ** 20), MAX_TEXTURE_SIDE if mapper == "gpu" else None)
        self.mapper = vtkGPUVolumeRayCastMapper() if mapper == "gpu" else vtkFixedPointVolumeRayCastMapper()
        self.property = vtkVolumeProperty()
        self.actor = vtkVolume()
        self.actor.SetMapper(self.mapper)
        self.actor.SetProperty(self.property)
        # Voxel sizes go into the image spacing and only rotation/shear/translation into
        # the user matrix: the mapper's shading assumes an unscaled volume matrix.
        self._spacing = np.linalg.norm(self._affine[:3, :3], axis=0)
        self.actor.SetUserMatrix(vtk_matrix(self._affine @ np.diag([*(1.0 / self._spacing), 1.0])))
        self.renderer = vtkRenderer()
        self.renderer.SetBackground(0.0, 0.0, 0.0)
        self.renderer.AddVolume(self.actor)
        # The fixed-point mapper scales a preset's ambient term by the light's ambient colour,
        # which VTK's automatic headlight leaves black: make our own headlight.
        light = vtkLight()
        light.SetLightTypeToHeadlight()
        light.SetAmbientColor(1.0, 1.0, 1.0)
        self.renderer.AutomaticLightCreationOff()
        self.renderer.AddLight(light)
        self.cube = OrientationCube(self.renderer)
        self.surfaces: list[vtkActor] = []
        self._window: vtkRenderWindow | None = None
        self._own_window: vtkRenderWindow | None = None
        self._set_input()
        self.transfer_function = TransferFunction.from_preset(preset or default_preset(volume), volume)
        self.transfer_function.changed.connect(self._apply_transfer_function)
        self._apply_transfer_function()
        self.set_quality("full")
        self.reset_camera("anterior")

    # -- data ----------------------------------------------------------------------------

    def _source_pixels(self) -> np.ndarray:
        f = self._factor
        return np.ascontiguousarray(self.volume.pixels[::f, ::f, ::f])

    def _set_input(self) -> None:
        self._image = index_image(self._render_pixels(), tuple(self._spacing))
        self.mapper.SetInputData(self._image)
        self._minimum = float(self._render_pixels().min())

    def _render_pixels(self) -> np.ndarray:
        """The voxels VTK renders: the volume's own array (no copy) or the scene's copy."""
        return volume_image(self.volume).pixels if self._pixels is None else self._pixels

    def _refresh(self) -> None:
        """Pick up slices a progressive loader decoded since the last render."""
        loaded = int(self.volume.loaded.sum()) + len(self.volume.failed)
        if loaded == self._seen_loaded:
            return
        self._seen_loaded = loaded
        if self._pixels is not None and not self._sculpted:
            np.copyto(self._pixels, self._source_pixels())
        self._image.Modified()
        self._minimum = float(self._render_pixels().min())

    # -- appearance ----------------------------------------------------------------------

    def set_preset(self, preset: VrPreset) -> None:
        """Replace the transfer function by a preset (relative presets fit this volume)."""
        self.transfer_function.changed.disconnect(self._apply_transfer_function)
        self.transfer_function = TransferFunction.from_preset(preset, self.volume)
        self.transfer_function.changed.connect(self._apply_transfer_function)
        self._apply_transfer_function()

    def set_shading(self, shade: bool) -> None:
        self.transfer_function.set_shading(shade)

    def _apply_transfer_function(self) -> None:
        tf = self.transfer_function
        tf.apply_to(self.property, self.volume, transparent_value=self._minimum if self._sculpted else None)
        getattr(self.mapper, _BLEND[tf.blend_mode])()

    def set_quality(self, quality: Quality) -> None:
        """``"interactive"`` (half resolution, half the ray samples), ``"full"``, or ``"auto"``
        (VTK lowers the resolution while an interactor drags, to keep its update rate)."""
        if quality == "auto":
            self.mapper.AutoAdjustSampleDistancesOn()
            self.mapper.SetMinimumImageSampleDistance(1.0)
            self.mapper.SetMaximumImageSampleDistance(4.0)
            return
        if quality not in QUALITIES:
            raise ValueError(f"quality must be 'interactive', 'full' or 'auto', got {quality!r}")
        image_step, ray_step = QUALITIES[quality]
        self.mapper.AutoAdjustSampleDistancesOff()
        self.mapper.SetImageSampleDistance(image_step)
        voxel = float(np.linalg.norm(self._affine[:3, :3], axis=0).min())
        self.mapper.SetSampleDistance(ray_step * voxel)
        if self.mapper_kind == "cpu":  # the GPU mapper has no separate ray step while dragging
            self.mapper.SetInteractiveSampleDistance(QUALITIES["interactive"][1] * voxel)

    # -- clipping ------------------------------------------------------------------------

    def set_clipping_box(self, bounds: Sequence[float] | None) -> None:
        """Keep only ``(xmin, xmax, ymin, ymax, zmin, zmax)`` (LPS mm); ``None`` clears."""
        if bounds is None:
            self.set_clipping_planes(None)
            return
        x0, x1, y0, y1, z0, z1 = (float(b) for b in bounds)
        self.set_clipping_planes([
            ((x0, 0, 0), (1, 0, 0)), ((x1, 0, 0), (-1, 0, 0)),
            ((0, y0, 0), (0, 1, 0)), ((0, y1, 0), (0, -1, 0)),
            ((0, 0, z0), (0, 0, 1)), ((0, 0, z1), (0, 0, -1)),
        ])

    def set_clipping_planes(self, planes: vtkPlanes | Sequence[tuple[Sequence[float], Sequence[float]]] | None) -> None:
        """Clip by planes in LPS mm, each ``(origin, normal)`` with the normal pointing to the
        part kept, or a ``vtkPlanes`` as ``vtkBoxWidget.GetPlanes`` fills it; ``None`` clears."""
        if planes is None:
            self.mapper.RemoveAllClippingPlanes()
            return
        collection = vtkPlaneCollection()
        if isinstance(planes, vtkPlanes):
            for i in range(planes.GetNumberOfPlanes()):
                plane = vtkPlane()
                planes.GetPlane(i, plane)
                collection.AddItem(plane)
        else:
            for origin, normal in planes:
                plane = vtkPlane()
                plane.SetOrigin(*(float(v) for v in origin))
                plane.SetNormal(*(float(v) for v in normal))
                collection.AddItem(plane)
        self.mapper.SetClippingPlanes(collection)

    # -- sculpting -----------------------------------------------------------------------

    def sculpt(
        self,
        polygon: Sequence[tuple[float, float]] | np.ndarray,
        remove: Literal["inside", "outside"] = "inside",
        progress: Callable[[int, int, str], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """Cut away what a screen polygon covers, through the whole depth of the volume.

        ``polygon`` is in pixels of the current view (x right, y down, origin top-left, as
        in :func:`snapshot` images); ``remove="outside"`` keeps only what it covers. Removed
        voxels take the volume's minimum, which the transfer function is forced to keep
        transparent; the first sculpt makes the scene's one copy of the voxels.

        Returns
        -------
        int
            Number of voxels removed by this call.
        """
        window = self._window or self._own_window
        if window is None:
            raise RuntimeError("render the scene (attach or snapshot) before sculpting: the polygon is in view pixels")
        width, height = window.GetSize()
        mask = polygon_mask(polygon, (height, width))
        if remove == "outside":
            mask = ~mask
        elif remove != "inside":
            raise ValueError(f"remove must be 'inside' or 'outside', got {remove!r}")
        if self._pixels is None:
            self._pixels = self.volume.pixels.copy()
            self._set_input()
        to_ndc = self._world_to_ndc() @ self._affine
        removed = 0
        sentinel = self._pixels.dtype.type(self._minimum)
        for k, covered in covered_voxels(self._pixels.shape, to_ndc, mask, progress, cancel):
            self._pixels[k][covered] = sentinel
            removed += int(covered.sum())
        self._sculpted = True
        self._image.Modified()
        self._apply_transfer_function()
        return removed

    def _world_to_ndc(self) -> np.ndarray:
        """4x4 patient LPS -> the camera's normalised device coordinates (x, y in -1..1, y up)."""
        camera = self.renderer.GetActiveCamera()
        m = camera.GetCompositeProjectionTransformMatrix(self.renderer.GetTiledAspectRatio(), -1.0, 1.0)
        return np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])

    def project(self, points: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """``(n, 2)`` view pixel coordinates (x right, y down, as in snapshots) of LPS points.

        Uses the size of the window last rendered into; the viewer uses it to draw 2D
        markers (e.g. the MPR crosshair) over the 3D view.
        """
        window = self._window or self._own_window
        if window is None:
            raise RuntimeError("the scene has not been rendered yet")
        width, height = window.GetSize()
        pts = np.atleast_2d(np.asarray(points, dtype=float))
        hom = np.c_[pts, np.ones(len(pts))] @ self._world_to_ndc().T
        ndc = hom[:, :2] / hom[:, 3:4]
        return np.c_[(ndc[:, 0] + 1.0) * width / 2.0, height - (ndc[:, 1] + 1.0) * height / 2.0]

    def reset_sculpting(self) -> None:
        """Undo every sculpt (and free the copy when the scene did not need one before)."""
        if not self._sculpted:
            return
        self._sculpted = False
        self._pixels = self._source_pixels() if self._factor > 1 else None
        self._set_input()
        self._apply_transfer_function()

    # -- surfaces, camera, windows -------------------------------------------------------

    def set_orientation_cube_visible(self, visible: bool) -> None:
        self.cube.renderer.SetDraw(int(visible))

    def add_surface(self, surface: vtkPolyData, color: tuple[float, float, float] = (0.9, 0.85, 0.7),
                    opacity: float = 1.0) -> vtkActor:
        """Show a patient-space surface (e.g. :func:`rendering.surfaces.iso_surface`) in the scene."""
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(surface)
        mapper.ScalarVisibilityOff()
        actor = vtkActor()
        actor.SetMapper(mapper)
        actor.GetProperty().SetColor(*color)
        actor.GetProperty().SetOpacity(opacity)
        self.renderer.AddActor(actor)
        self.surfaces.append(actor)
        return actor

    def reset_camera(self, view: str = "anterior") -> None:
        """Look at the whole volume from a named side (see :data:`VIEWS`)."""
        if view not in VIEWS:
            raise ValueError(f"view must be one of {sorted(VIEWS)}, got {view!r}")
        side, up = VIEWS[view]
        centre = volume_corners(self.volume).mean(axis=0)
        camera = self.renderer.GetActiveCamera()
        camera.SetFocalPoint(*centre)
        camera.SetPosition(*(centre + 1000.0 * np.asarray(side)))
        camera.SetViewUp(*up)
        self.renderer.ResetCamera()
        self.renderer.ResetCameraClippingRange()

    def attach(self, window: vtkRenderWindow) -> None:
        """Render into ``window`` (e.g. a QVTKRenderWindowInteractor's) from now on."""
        self.detach()
        window.SetNumberOfLayers(max(2, window.GetNumberOfLayers()))
        window.AddRenderer(self.renderer)
        window.AddRenderer(self.cube.renderer)
        interactor = window.GetInteractor()
        if interactor is not None:
            interactor.SetDesiredUpdateRate(INTERACTIVE_UPDATE_RATE)
            self.set_quality("auto")
        self._window = window

    def detach(self) -> None:
        """Leave the attached window (the scene keeps its state)."""
        for window in (self._window, self._own_window):
            if window is not None:
                window.RemoveRenderer(self.renderer)
                window.RemoveRenderer(self.cube.renderer)
        self._window = None
        self._own_window = None

    def render(self) -> None:
        """Render the attached window (after picking up newly loaded slices)."""
        self._refresh()
        window = self._window or self._own_window
        if window is not None:
            window.Render()

    def _offscreen(self, size: tuple[int, int]) -> vtkRenderWindow:
        if self._own_window is None:
            self._own_window = offscreen_window(size)
            self._own_window.SetNumberOfLayers(2)
            self._own_window.AddRenderer(self.renderer)
            self._own_window.AddRenderer(self.cube.renderer)
        elif tuple(self._own_window.GetSize()) != tuple(size):
            self._own_window.SetSize(int(size[0]), int(size[1]))
        return self._own_window

    def snapshot(self, size: tuple[int, int] = (512, 512)) -> np.ndarray:
        """See :func:`snapshot`."""
        self._refresh()
        return grab(self._window if self._window is not None else self._offscreen(size))


def snapshot(scene: VolumeScene, size: tuple[int, int] = (512, 512)) -> np.ndarray:
    """Render ``scene`` and return ``(h, w, 3)`` uint8 pixels (``size`` is ``(w, h)``).

    An attached window is grabbed at its own size; otherwise the scene renders into
    its own offscreen window (OSMesa without a display).
    """
    return scene.snapshot(size)
