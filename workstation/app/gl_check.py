"""Start-up checks of the graphics stack: Qt's display plugin and VTK's OpenGL.

Both fail by killing the process, which a radiologist sees as "the program does not start"
(or closes when 3D is opened) with nothing on screen:

* Qt aborts when its platform plugin cannot load ("could not load the Qt platform plugin
  'xcb'"), typically because a system library such as ``libxcb-cursor0`` is missing; the
  message goes to a terminal nobody is looking at. :func:`qt_platform_problem` loads the
  plugin library itself first, so the loader names the missing library and we can say
  which package to install.
* VTK without a working OpenGL library says ``SupportsOpenGL() == True`` and then crashes
  with SIGSEGV on the first ``Render()`` (measured with VTK 9.7 and no libOSMesa/libEGL).
  A crash cannot be caught in-process, so :func:`check_opengl` renders one frame in a
  child process and turns a crash into a :class:`GlStatus` whose message says why; the
  shell then runs in 2D-only mode (MPR uses ``vtkImageReslice`` and needs no OpenGL).

The child is ``python -m workstation.app.gl_check KIND`` from a source install and
``<bundle executable> --probe-opengl KIND`` in the PyInstaller bundle (the bundle's
launcher, ``packaging/launcher.py``, answers that flag before anything else).
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: Hidden command-line flag of the bundled executable that runs :func:`probe_main`.
PROBE_FLAG = "--probe-opengl"

#: Environment variable that turns 3D off without probing (a driver that hangs or crashes
#: in a way the probe does not catch); any non-empty value but "0".
NO_3D_ENV = "WORKSTATION_NO_3D"

#: ``screen``: the render window class 3D viewports get (``vtkRenderWindow()``: GLX/WGL/Cocoa
#: on a desktop, EGL or OSMesa without one); ``offscreen``: the window of snapshots and
#: the self-test (:func:`rendering._vtk_window.offscreen_window`).
WindowKind = Literal["screen", "offscreen"]
WINDOW_KINDS: tuple[str, ...] = ("screen", "offscreen")

#: OpenGL renderers that are software rasterisers: 3D works but volume rendering is slow.
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "swiftshader", "microsoft basic render", "gdi generic")

#: Shared libraries Qt's xcb/wayland plugins need -> the Debian/Ubuntu package providing them.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0", "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0", "libwayland-cursor.so.0": "libwayland-cursor0",
}

_PLUGIN_FILES = {"linux": "libq{}.so", "darwin": "libq{}.dylib", "win32": "q{}.dll"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_VTK_LOG = re.compile(r"(?:WARN|ERR)\|\s*(.*)$")


# -- Qt platform plugin ------------------------------------------------------------------------

def platform_candidates() -> list[str]:
    """Platform plugins Qt will try, in order, as ``QGuiApplication`` chooses them.

    ``QT_QPA_PLATFORM`` may list several (``"wayland;xcb"``) and carry options
    (``"offscreen:fontengine=freetype"``); without it Qt 6 takes wayland in a Wayland
    session and xcb otherwise on Linux, cocoa on macOS, windows on Windows.
    """
    value = os.environ.get("QT_QPA_PLATFORM", "")
    if value:
        return [part.split(":", 1)[0] for part in value.split(";") if part]
    if sys.platform == "darwin":
        return ["cocoa"]
    if sys.platform == "win32":
        return ["windows"]
    if os.environ.get("XDG_SESSION_TYPE") == "wayland" and os.environ.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def plugin_folders() -> list[Path]:
    """Folders Qt searches for platform plugins: the environment's first, then PySide6's own."""
    from PySide6.QtCore import QLibraryInfo

    folders = [Path(p) for p in os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [Path(p) / "platforms" for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms")
    return list(dict.fromkeys(f.resolve() for f in folders))  # PyInstaller sets QT_PLUGIN_PATH to the same one


def qt_platform_problem(platforms: list[str] | None = None) -> str | None:
    """Why no window can open, in words a user can act on; ``None`` when one can.

    Each candidate platform plugin (default :func:`platform_candidates`) is looked for in
    :func:`plugin_folders` and loaded with the system loader, which names a missing
    dependency. The first one that loads means Qt will start.
    """
    platforms = platforms or platform_candidates()
    pattern = _PLUGIN_FILES.get("linux" if sys.platform.startswith("linux") else sys.platform, "libq{}.so")
    folders = plugin_folders()
    problems = []
    for name in platforms:
        found = [f / pattern.format(name) for f in folders if (f / pattern.format(name)).is_file()]
        if not found:
            problems.append(f"Qt's display plugin {name!r} is missing (looked in "
                            f"{', '.join(str(f) for f in folders)}): the installation is incomplete, "
                            "reinstall the workstation")
            continue
        try:
            ctypes.CDLL(str(found[0]))
        except OSError as exc:
            problems.append(_plugin_load_problem(name, str(exc)))
            continue
        problem = x_display_problem() if name == "xcb" else None
        if problem:
            problems.append(problem)
            continue
        return None
    return "; ".join(problems)


def x_display_problem() -> str | None:
    """Why the X server in ``DISPLAY`` cannot be reached (Qt's xcb plugin aborts then too)."""
    display = os.environ.get("DISPLAY", "")
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError as exc:
        return f"the X11 client library cannot load ({exc})"
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode() or None, None)
    try:
        error = xcb.xcb_connection_has_error(connection)
    finally:
        xcb.xcb_disconnect(connection)
    if error:
        return (f"cannot connect to the X display {display!r} (no X server there, or no permission: check "
                "DISPLAY and xauth; over ssh use `ssh -X`)")
    return None


def _plugin_load_problem(name: str, error: str) -> str:
    missing = next((lib for lib in DEBIAN_PACKAGES if lib in error), None)
    text = f"Qt's display plugin {name!r} cannot load ({error.strip()})"
    if missing:
        text += (f". A system library is missing: on Debian/Ubuntu install it with "
                 f"`sudo apt-get install {DEBIAN_PACKAGES[missing]}`")
    return text


# -- OpenGL ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GlStatus:
    """Outcome of rendering one frame with VTK in a child process."""

    ok: bool
    kind: str  #: "screen" or "offscreen"
    detail: str  #: renderer and OpenGL version when ok, otherwise the reason
    window_class: str = ""  #: VTK render window class that was tried
    software: bool = False  #: a software rasteriser (works, but volume rendering is slow)
    seconds: float = 0.0  #: time the check took, child start-up included

    def message(self) -> str:
        """One sentence for the status bar, the log or the self-test."""
        if not self.ok:
            return f"3D is off (no OpenGL: {self.detail}); 2D and MPR reading work as usual"
        if self.software:
            return f"3D uses software rendering ({self.detail}): volume rendering is slow; a GPU is recommended"
        return f"OpenGL: {self.detail}"

    @property
    def volume_mapper(self) -> str:
        """The volume rendering that suits this OpenGL: GPU ray casting on a graphics card,
        CPU ray casting on a software rasteriser (4-8x faster there, ENVIRONMENT.md)."""
        return "gpu" if self.ok and not self.software else "cpu"


def probe_command(kind: WindowKind) -> list[str]:
    """The command line of the child process that probes ``kind``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, PROBE_FLAG, kind]
    return [sys.executable, "-m", "workstation.app.gl_check", kind]


_cache: dict[str, GlStatus] = {}
_lock = threading.Lock()


def check_opengl(kind: WindowKind = "screen", timeout: float = 60.0, *, refresh: bool = False) -> GlStatus:
    """Whether VTK can render with the ``kind`` of window, checked once per process.

    Blocks for the child's run (about 0.5 s, mostly importing VTK); call it from a worker
    thread at start-up (see :class:`workstation.app.graphics_controller.GraphicsController`)
    and later callers get the cached answer at once. A concurrent caller waits for the
    first check instead of starting a second child.
    """
    if kind not in WINDOW_KINDS:
        raise ValueError(f"kind must be one of {WINDOW_KINDS}, got {kind!r}")
    if os.environ.get(NO_3D_ENV, "0") not in ("", "0"):
        return GlStatus(False, kind, f"turned off by {NO_3D_ENV}")
    with _lock:
        if refresh or kind not in _cache:
            _cache[kind] = _run_probe(kind, timeout)
        return _cache[kind]


def _run_probe(kind: WindowKind, timeout: float) -> GlStatus:
    start = time.perf_counter()
    try:
        done = subprocess.run(probe_command(kind), check=False, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return GlStatus(False, kind, f"the OpenGL check did not finish in {timeout:.0f} s (a hung driver?)",
                        seconds=time.perf_counter() - start)
    except OSError as exc:
        return GlStatus(False, kind, f"the OpenGL check could not start ({exc})", seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    answer = _last_json(done.stdout)
    if done.returncode == 0 and answer is not None:
        return GlStatus(bool(answer["ok"]), kind, str(answer["detail"]), str(answer.get("window_class", "")),
                        bool(answer.get("software", False)), seconds)
    return GlStatus(False, kind, _crash_reason(done.returncode, done.stderr, answer), seconds=seconds)


def _last_json(stdout: str) -> dict | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def vtk_messages(stderr: str) -> list[str]:
    """VTK's warning and error texts from a child's stderr, without colour codes."""
    messages = []
    for line in _ANSI.sub("", stderr).splitlines():
        match = _VTK_LOG.search(line)
        if match and match.group(1).strip() not in messages:
            messages.append(match.group(1).strip())
    return messages


def _crash_reason(returncode: int, stderr: str, answer: dict | None) -> str:
    if returncode < 0:
        how = f"rendering a test frame crashed the process (signal {-returncode})"
    else:
        how = f"rendering a test frame failed (exit code {returncode})"
    said = vtk_messages(stderr)[-3:]  # VTK's last fallback's complaint is the telling one
    if answer is not None and answer.get("detail"):
        said.insert(0, str(answer["detail"]))
    if not said:
        lines = [line for line in _ANSI.sub("", stderr).splitlines() if line.strip()]
        said = lines[-1:]
    return how + (": " + " ".join(said) if said else "")


def probe_main(argv: list[str]) -> int:
    """Child process: render one 16x16 frame, read it back, print a JSON line.

    The clear colour is read back because a broken context can "render" without error
    and return black; exit code 0 with ``ok`` true only when the pixel is right.
    """
    kind = argv[0] if argv else "screen"
    if kind not in WINDOW_KINDS:
        print(f"usage: {PROBE_FLAG} {{{','.join(WINDOW_KINDS)}}}", file=sys.stderr)
        return 2
    from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow

    from rendering._vtk_window import grab, offscreen_window

    if kind == "offscreen":
        window = offscreen_window((16, 16))
    else:
        window = vtkRenderWindow()
        window.SetOffScreenRendering(1)
        window.SetSize(16, 16)
    renderer = vtkRenderer()
    renderer.SetBackground(1.0, 0.0, 0.0)
    window.AddRenderer(renderer)
    pixel = grab(window)[8, 8]
    report = window.ReportCapabilities() or ""
    strings = dict(re.findall(r"OpenGL (renderer|version) string:\s*(.*)", report))
    renderer_name = strings.get("renderer", "unknown renderer")
    detail = f"{renderer_name}, OpenGL {strings.get('version', '?')}"
    ok = bool(pixel[0] > 200 and pixel[1] < 50 and pixel[2] < 50)
    if not ok:
        detail = f"a test frame came back wrong (pixel {pixel.tolist()} instead of red) with {detail}"
    software = any(name in renderer_name.lower() for name in SOFTWARE_RENDERERS)
    print(json.dumps({"ok": ok, "detail": detail, "window_class": window.GetClassName(), "software": software}))
    window.Finalize()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(probe_main(sys.argv[1:]))
