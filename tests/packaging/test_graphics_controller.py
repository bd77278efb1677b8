"""2D-only mode in the main window: 3D volume rendering is turned off, with the reason, when
OpenGL does not work; MPR and fusion stay on."""

from __future__ import annotations

import pytest

from workstation.app import gl_check
from workstation.app.graphics_controller import OPENGL_ACTIONS, GraphicsController
from workstation.app.main_window import MainWindow
from workstation.app.settings import Settings
from workstation.app.volume_controller import VolumeController
from workstation.store import LocalStore


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(gl_check, "_cache", {})
    monkeypatch.setattr("workstation.app.main_window.CONTROLLERS", (VolumeController, GraphicsController))
    store = LocalStore(tmp_path / "store")

    def build() -> tuple[MainWindow, GraphicsController]:
        window = MainWindow(store, Settings())
        qtbot.addWidget(window)
        window.show()
        controller = next(c for c in window.controllers if isinstance(c, GraphicsController))
        qtbot.waitUntil(lambda: controller.status is not None, timeout=60_000)
        return window, controller

    yield build
    store.close()


def test_without_opengl_3d_is_disabled_with_the_reason(window, broken_gl_dir, monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", str(broken_gl_dir))  # the probe's child finds no driver
    main, controller = window()
    assert not controller.status.ok
    for action_id in OPENGL_ACTIONS:
        action = main.actions_by_id[action_id]
        assert not action.isEnabled()
        assert "OpenGL does not work" in action.toolTip()
    assert main.actions_by_id["mpr"].isEnabled() and main.actions_by_id["fusion"].isEnabled()
    assert "3D is off" in main.message.text() and "OSMesa" in main.message.text()


def test_with_software_opengl_3d_stays_on_and_says_it_is_slow(window):
    main, controller = window()
    assert controller.status.ok, controller.status.detail
    assert main.actions_by_id["volume_3d"].isEnabled()
    if controller.status.software:  # llvmpipe on machines without a GPU
        assert "software rendering" in main.message.text()
    volumes = next(c for c in main.controllers if isinstance(c, VolumeController))
    # 3D opens with the ray casting this OpenGL suits: the CPU on a software rasteriser
    assert volumes._volume_mapper() == controller.status.volume_mapper
    assert volumes._volume_mapper() == ("cpu" if controller.status.software else "gpu")


@pytest.mark.parametrize("ok, software, mapper", [(True, False, "gpu"), (True, True, "cpu"), (False, False, "cpu")])
def test_a_graphics_card_gets_gpu_ray_casting(ok, software, mapper):
    status = gl_check.GlStatus(ok, "screen", "NVIDIA RTX A2000 / OpenGL 4.6" if ok else "no driver", software=software)
    assert status.volume_mapper == mapper
