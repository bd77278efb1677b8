"""Small VTK window helpers shared by 3D scenes: offscreen windows, grabbing pixels, the
orientation cube."""

from __future__ import annotations

import os

import numpy as np
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401  (registers the OpenGL render window classes)
import vtkmodules.vtkRenderingVolumeOpenGL2  # noqa: F401  (registers the volume mapper factories)
from vtkmodules.util import numpy_support
from vtkmodules.vtkCommonCore import vtkCommand
from vtkmodules.vtkRenderingAnnotation import vtkAnnotatedCubeActor
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow, vtkWindowToImageFilter

from workstation.model import orientation_label

#: Part of the window (bottom-left corner) the orientation cube occupies.
CUBE_VIEWPORT = (0.0, 0.0, 0.18, 0.18)


def offscreen_window(size: tuple[int, int]) -> vtkRenderWindow:
    """An offscreen render window that works without a display.

    Honours ``VTK_DEFAULT_OPENGL_WINDOW`` when set; otherwise prefers OSMesa, which
    renders correctly on machines without a GPU (ENVIRONMENT.md), then VTK's default.
    """
    window: vtkRenderWindow
    if os.environ.get("VTK_DEFAULT_OPENGL_WINDOW"):
        window = vtkRenderWindow()
    else:
        try:
            from vtkmodules.vtkRenderingOpenGL2 import vtkOSOpenGLRenderWindow
            window = vtkOSOpenGLRenderWindow()
        except ImportError:
            window = vtkRenderWindow()
    window.SetOffScreenRendering(1)
    window.SetSize(int(size[0]), int(size[1]))
    window.SetMultiSamples(0)
    return window


def grab(window: vtkRenderWindow) -> np.ndarray:
    """Render ``window`` and return its pixels as ``(h, w, 3)`` uint8, top row first."""
    window.Render()
    grabber = vtkWindowToImageFilter()
    grabber.SetInput(window)
    grabber.SetInputBufferTypeToRGB()
    grabber.ReadFrontBufferOff()
    grabber.Update()
    image = grabber.GetOutput()
    w, h, _ = image.GetDimensions()
    pixels = numpy_support.vtk_to_numpy(image.GetPointData().GetScalars()).reshape(h, w, -1)
    return np.ascontiguousarray(pixels[::-1, :, :3])


def cube_labels() -> dict[str, str]:
    """Face letters of a cube whose axes are the patient LPS axes (PS3.3 C.7.6.1.1.1)."""
    axes = {"x": (1.0, 0.0, 0.0), "y": (0.0, 1.0, 0.0), "z": (0.0, 0.0, 1.0)}
    labels = {}
    for name, axis in axes.items():
        labels[f"{name}+"] = orientation_label(axis)
        labels[f"{name}-"] = orientation_label(tuple(-c for c in axis))
    return labels


class OrientationCube:
    """An annotated cube in a corner renderer that turns with the main camera.

    The scene's world coordinates are patient LPS, so a cube with L/P/H on its +x/+y/+z
    faces shows the patient's true orientation; it follows the main renderer's camera on
    every render, with or without an interactor (offscreen snapshots included).
    """

    def __init__(self, main: vtkRenderer) -> None:
        labels = cube_labels()
        self.actor = vtkAnnotatedCubeActor()
        self.actor.SetXPlusFaceText(labels["x+"])
        self.actor.SetXMinusFaceText(labels["x-"])
        self.actor.SetYPlusFaceText(labels["y+"])
        self.actor.SetYMinusFaceText(labels["y-"])
        self.actor.SetZPlusFaceText(labels["z+"])
        self.actor.SetZMinusFaceText(labels["z-"])
        self.actor.SetFaceTextScale(0.65)
        self.actor.GetCubeProperty().SetColor(0.55, 0.6, 0.7)
        self.actor.GetTextEdgesProperty().SetColor(0.9, 0.9, 0.9)
        # keep the letters unrotated on their faces as seen from outside the cube
        self.actor.SetXFaceTextRotation(0)
        self.actor.SetZFaceTextRotation(0)
        self.renderer = vtkRenderer()
        self.renderer.SetViewport(*CUBE_VIEWPORT)
        self.renderer.SetLayer(1)
        self.renderer.InteractiveOff()
        self.renderer.AddActor(self.actor)
        self._main = main
        self._observer = main.AddObserver(vtkCommand.StartEvent, self._follow)

    def _follow(self, *_: object) -> None:
        source = self._main.GetActiveCamera()
        camera = self.renderer.GetActiveCamera()
        direction = np.asarray(source.GetDirectionOfProjection())
        camera.SetFocalPoint(0.0, 0.0, 0.0)
        camera.SetPosition(*(-5.0 * direction))
        camera.SetViewUp(*source.GetViewUp())
        camera.SetParallelProjection(source.GetParallelProjection())
        self.renderer.ResetCamera()
