"""Fixtures of the packaging tests: a computer whose OpenGL is broken, the launcher module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: OpenGL libraries VTK opens at run time (Mesa on Debian); empty files of these names first
#: on LD_LIBRARY_PATH make the loader fail as it does on a machine with a broken driver.
GL_DRIVER_LIBRARIES = ("libOSMesa.so.6", "libOSMesa.so.8", "libEGL_mesa.so.0", "libGLX_mesa.so.0")


@pytest.fixture(scope="session")
def broken_gl_dir(tmp_path_factory) -> Path:
    """A folder to put first on ``LD_LIBRARY_PATH`` so that no OpenGL driver loads.

    Qt itself still starts (it needs only the glvnd dispatch libraries, left alone), which is
    the case the 2D-only mode is for: a remote desktop or a broken driver, not a broken system.
    """
    if not sys.platform.startswith("linux"):
        pytest.skip("simulating a broken OpenGL driver needs the Linux loader")
    folder = tmp_path_factory.mktemp("broken-gl")
    for name in GL_DRIVER_LIBRARIES:
        (folder / name).write_bytes(b"")
    return folder


@pytest.fixture(scope="session")
def launcher():
    """``packaging/launcher.py`` (the bundle's entry point; not a package) as a module."""
    spec = importlib.util.spec_from_file_location("workstation_launcher", ROOT / "packaging" / "launcher.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
