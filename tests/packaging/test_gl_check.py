"""Graphics start-up checks: OpenGL in a child process, Qt's platform plugin, the 2D-only mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.app import gl_check
from workstation.app.gl_check import (
    NO_3D_ENV,
    PROBE_FLAG,
    check_opengl,
    platform_candidates,
    probe_command,
    qt_platform_problem,
    vtk_messages,
    x_display_problem,
)

ROOT = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux loader and X11")


@pytest.fixture(autouse=True)
def fresh_opengl_cache(monkeypatch):
    """Each test probes for itself; a broken-driver answer must not leak into other tests."""
    monkeypatch.setattr(gl_check, "_cache", {})


def test_offscreen_opengl_renders_a_frame_here():
    status = check_opengl("offscreen")
    assert status.ok, status.detail
    assert status.window_class == "vtkOSOpenGLRenderWindow"  # what tests/conftest.py asks VTK for
    assert "OpenGL" in status.detail
    assert status.software == ("llvmpipe" in status.detail.lower())


def test_the_answer_is_cached_per_kind():
    first = check_opengl("offscreen")
    assert check_opengl("offscreen") is first


@linux_only
def test_a_crashing_driver_is_a_reason_not_a_crash(broken_gl_dir, monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", str(broken_gl_dir))
    status = check_opengl("offscreen")
    assert not status.ok
    assert "crashed the process" in status.detail or "failed" in status.detail
    assert "OSMesa" in status.detail  # VTK's own words about what is missing
    assert status.message().startswith("3D is off (no OpenGL:")
    assert "2D and MPR" in status.message()


def test_no_3d_variable_turns_3d_off_without_a_child(monkeypatch):
    monkeypatch.setenv(NO_3D_ENV, "1")
    status = check_opengl("screen")
    assert not status.ok and NO_3D_ENV in status.detail
    assert status.seconds == 0.0
    monkeypatch.setenv(NO_3D_ENV, "0")
    assert check_opengl("screen").ok


def test_unknown_window_kind_is_rejected():
    with pytest.raises(ValueError, match="kind must be one of"):
        check_opengl("vulkan")


def test_probe_command_from_source_and_from_the_bundle(monkeypatch):
    assert probe_command("screen") == [sys.executable, "-m", "workstation.app.gl_check", "screen"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert probe_command("offscreen") == [sys.executable, PROBE_FLAG, "offscreen"]


def test_vtk_log_lines_lose_their_colour_codes():
    stderr = ("\x1b[0m\x1b[33m2026-11-25 10:45:35.562 (   0.403s) [    7FDC99DF0B80]vtkOSOpenGLRenderWindow:150"
              "   WARN| libOSMesa not found.\x1b[0m\nSegmentation fault\n")
    assert vtk_messages(stderr) == ["libOSMesa not found."]


def test_platform_candidates_follow_qt_rules(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland;xcb:nograb")
    assert platform_candidates() == ["wayland", "xcb"]
    monkeypatch.delenv("QT_QPA_PLATFORM")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
        assert platform_candidates() == ["xcb"]


def test_offscreen_plugin_loads():
    assert qt_platform_problem(["offscreen"]) is None


def test_a_missing_plugin_says_the_installation_is_incomplete():
    problem = qt_platform_problem(["nosuchplatform"])
    assert "'nosuchplatform' is missing" in problem and "reinstall" in problem


@linux_only
def test_a_missing_system_library_names_the_debian_package(tmp_path):
    (tmp_path / "libxcb-cursor.so.0").write_bytes(b"")  # what Qt >= 6.5 needs and stock images lack
    code = "from workstation.app.gl_check import qt_platform_problem; print(qt_platform_problem(['xcb']))"
    env = dict(os.environ, LD_LIBRARY_PATH=str(tmp_path), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60,
                          cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    assert "Qt's display plugin 'xcb' cannot load" in done.stdout
    assert "sudo apt-get install libxcb-cursor0" in done.stdout


@linux_only
def test_an_unreachable_x_display_is_named(monkeypatch):
    free = next(n for n in range(71, 99) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    monkeypatch.setenv("DISPLAY", f":{free}")
    problem = x_display_problem()
    assert problem is not None and f"':{free}'" in problem
    assert qt_platform_problem(["xcb"]) == problem
