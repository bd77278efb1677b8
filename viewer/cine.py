"""Cine: play the frames of the active viewport at a chosen rate, looping or bouncing."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.qt_viewport import QtViewport


class CineMode(StrEnum):
    LOOP = "loop"
    BOUNCE = "bounce"


class CineController(QObject):
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._viewport: QtViewport | None = None
        self._direction = 1
        self.mode = CineMode.LOOP
        self._fps = 15.0

    @property
    def fps(self) -> float:
        return self._fps

    def set_fps(self, fps: float) -> None:
        if not 0.5 <= fps <= 120:
            raise ValueError(f"fps must be 0.5..120, got {fps}")
        self._fps = float(fps)
        self._timer.setInterval(int(round(1000.0 / self._fps)))

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, viewport: QtViewport) -> None:
        """Play ``viewport``; a multi-frame object's Frame Time / Cine Rate sets the rate."""
        self._viewport = viewport
        info = viewport.source.info(viewport.state.slice_index) if viewport.source is not None else None
        if info is not None:
            rate = info.attributes.get("CineRate") or ""
            frame_time = info.attributes.get("FrameTime") or ""
            try:
                if rate:
                    self.set_fps(float(rate))
                elif frame_time and float(frame_time) > 0:
                    self.set_fps(1000.0 / float(frame_time))
            except ValueError:
                pass
        self.set_fps(self._fps)
        self._timer.start()
        self.running_changed.emit(True)

    def stop(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.running_changed.emit(False)

    def toggle(self, viewport: QtViewport) -> None:
        self.stop() if self.running else self.start(viewport)

    def _tick(self) -> None:
        viewport = self._viewport
        if viewport is None or viewport.source is None or len(viewport.source) < 2:
            self.stop()
            return
        last = len(viewport.source) - 1
        k = viewport.state.slice_index + self._direction
        if k > last or k < 0:
            if self.mode is CineMode.BOUNCE:
                self._direction = -self._direction
                k = viewport.state.slice_index + self._direction
            else:
                k = 0 if k > last else last
        viewport.set_slice(k)
