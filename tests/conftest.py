"""Shared pytest setup: headless Qt/VTK, and peers that must exist when CI=true."""

from __future__ import annotations

import os
import shutil

import pytest

# Headless defaults before anything imports Qt or VTK (see ENVIRONMENT.md).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkOSOpenGLRenderWindow")

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_executable(name: str) -> str:
    """Path of a peer program; a test failure under CI=true, a skip elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (install the test peers: see README)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own config/data dirs, so nothing touches the real user's store."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("WORKSTATION_HOME", str(base))
    yield


@pytest.fixture(autouse=True)
def _no_worker_processes_after():
    """A test that runs the program's entry point in-process (the bundle launcher) turns
    worker processes on; later tests must not inherit that, nor a running pool."""
    yield
    from workstation.dicomio import decode_processes

    decode_processes.use_worker_processes(False)
    decode_processes.shutdown()


@pytest.fixture
def processes():
    """Worker processes on for one test (as the ``workstation`` program runs); the autouse
    fixture above turns them off and stops the pool afterwards."""
    from workstation.dicomio import decode_processes

    decode_processes.use_worker_processes(True)


@pytest.fixture(scope="session")
def reading_room_theme(qapp):
    """The program's dark theme, applied as ``workstation.app.gui.create_application`` does at
    start-up, so Qt tests and their screenshots see the widgets as a user does."""
    from workstation.app.theme import apply_dark_theme

    apply_dark_theme(qapp)
