"""How tools (measurements, annotations, W/L, pan ...) plug into a viewport.

The viewport turns Qt mouse events into :class:`PointerEvent` (screen and image pixel
coordinates together) and hands them to the active :class:`ViewportTool`; layers paint
on top of the image in screen coordinates. The ``tools`` package implements these
protocols for measurements without the viewer knowing about measurements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter

    from viewer.qt_viewport import QtViewport


@dataclass(frozen=True)
class PointerEvent:
    screen: np.ndarray  #: (x, y) widget pixels
    image: np.ndarray  #: (x=column, y=row) image pixels, continuous
    button: Qt.MouseButton
    buttons: Qt.MouseButton
    modifiers: Qt.KeyboardModifier


@runtime_checkable
class ViewportTool(Protocol):
    """A left-button interaction. Return True from a handler when the event was used."""

    name: str

    def press(self, viewport: QtViewport, event: PointerEvent) -> bool: ...

    def move(self, viewport: QtViewport, event: PointerEvent) -> bool: ...

    def release(self, viewport: QtViewport, event: PointerEvent) -> bool: ...


@runtime_checkable
class ViewportLayer(Protocol):
    """Something drawn over the image (measurements, annotations), in screen coordinates."""

    def paint(self, viewport: QtViewport, painter: QPainter) -> None: ...
