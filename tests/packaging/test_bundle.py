"""The installer bundle, built from build.spec on this machine and run as a user would.

Slow (a PyInstaller build: 1-2 minutes on 2 cores); ``.ci/run`` runs it. Every run of the
bundle gets a clean environment (no PYTHONPATH, no VTK/Qt variables of the test session), so
it can only use what is inside ``dist/workstation``. Prints the build time, the bundle size
and the start-up times it measured.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest
from pydicom.fileset import FileSet

from tests.conftest import IN_CI, require_executable
from workstation.phantoms import write_ct

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"),
                                                   reason="builds and runs the Linux bundle")]

ROOT = Path(__file__).resolve().parents[2]
MAX_BUNDLE_MB = 600
TARGET_COLD_START_S = 3.0  #: the issue's target: printed, not asserted (a shared machine is noisy)
HUNG_START_S = 15.0  #: a start this slow is a defect (a hang, a blocking probe), not noise
STARTED = re.compile(r"startup: first window shown after ([0-9.]+) s")


@dataclass(frozen=True)
class Bundle:
    folder: Path
    archive: Path
    build_seconds: float
    megabytes: float

    @property
    def workstation(self) -> str:
        return str(self.folder / "workstation")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Bundle:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        message = 'PyInstaller is not installed (pip install -e ".[build]")'
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("bundle")
    start = time.perf_counter()
    done = subprocess.run(["bash", "scripts/build_bundle.sh", "--dist", str(out / "dist"), "--work", str(out / "work"),
                           "--no-test"], cwd=ROOT, env=dict(os.environ, PYTHON=sys.executable), capture_output=True,
                          text=True, timeout=1800, check=False)
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    folder = out / "dist" / "workstation"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20
    archive = out / "dist" / f"workstation-{version('workstation')}-linux-{os.uname().machine}.tar.gz"
    shutil.rmtree(out / "work", ignore_errors=True)
    return Bundle(folder, archive, seconds, size)


def run(bundle_exe: str, *args: str, home: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    """Run a bundled executable with only the environment a desktop session would give it."""
    clean = {"HOME": os.environ.get("HOME", str(home)), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
             "WORKSTATION_HOME": str(home), **env}
    return subprocess.run([bundle_exe, *args], env=clean, capture_output=True, text=True, timeout=timeout,
                          cwd=home, check=False)


def evict_from_page_cache(folder: Path) -> None:
    """Make the next start read the bundle from disk, as the first start after boot does."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def startup_seconds(done: subprocess.CompletedProcess) -> float:
    match = STARTED.search(done.stdout)
    assert done.returncode == 0 and match, f"rc={done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return float(match.group(1))


def test_bundle_size_build_time_and_versioned_archive(bundle, capsys):
    with capsys.disabled():
        print(f"\n[bundle] built in {bundle.build_seconds:.0f} s (build script, archive included), "
              f"{bundle.megabytes:.0f} MB, archive {bundle.archive.stat().st_size / 2**20:.0f} MB")
    assert bundle.megabytes <= MAX_BUNDLE_MB
    with tarfile.open(bundle.archive) as tar:
        first = tar.next()
    assert first.name.split("/")[0] == bundle.archive.name.removesuffix(".tar.gz")
    for name in ("workstation", "media-viewer", "install.sh", "workstation.desktop"):
        assert (bundle.folder / name).is_file(), name


def test_bundle_version_is_the_package_version(bundle, tmp_path):
    done = run(bundle.workstation, "--version", home=tmp_path)
    assert done.stdout.strip() == f"workstation {version('workstation')}"


def test_bundle_self_test_passes(bundle, tmp_path, capsys):
    done = run(bundle.workstation, "--self-test", home=tmp_path, QT_QPA_PLATFORM="offscreen")
    with capsys.disabled():
        print("\n" + done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(bundle," in done.stdout.splitlines()[0]
    parts = done.stdout.splitlines()[1:-1]
    assert len(parts) == 7 and all(": PASS (" in line for line in parts), done.stdout
    assert done.stdout.splitlines()[-1].startswith("self-test: PASS")
    assert "worker processes)" in done.stdout, "compressed images decoded in the bundle's worker processes"


def test_bundled_gui_cold_start_to_first_window(bundle, tmp_path, capsys):
    cold = []
    for _ in range(2):  # the better of two cold starts: the machine is shared with other work
        evict_from_page_cache(bundle.folder)
        cold.append(startup_seconds(run(bundle.workstation, home=tmp_path, QT_QPA_PLATFORM="offscreen",
                                        WORKSTATION_STARTUP_TIMING="1")))
    warm = startup_seconds(run(bundle.workstation, home=tmp_path, QT_QPA_PLATFORM="offscreen",
                               WORKSTATION_STARTUP_TIMING="1"))
    with capsys.disabled():
        print(f"\n[bundle] process start -> main window shown: cold {', '.join(f'{c:.2f}' for c in cold)} s, "
              f"warm {warm:.2f} s (target <= {TARGET_COLD_START_S:g} s cold)")
    assert min(cold) <= HUNG_START_S


def test_bundled_gui_on_an_x_server_uses_the_xcb_plugin(bundle, tmp_path):
    xvfb = require_executable("xvfb-run")
    done = subprocess.run([xvfb, "-a", "-s", "-screen 0 1920x1080x24", bundle.workstation], capture_output=True,
                          text=True, timeout=300, cwd=tmp_path, check=False,
                          env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                               "WORKSTATION_HOME": str(tmp_path), "WORKSTATION_STARTUP_TIMING": "1"})
    assert startup_seconds(done) > 0


def test_missing_platform_plugin_is_a_sentence_not_an_abort(bundle, tmp_path):
    plugin = bundle.folder / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    hidden = plugin.with_suffix(".hidden")
    plugin.rename(hidden)
    try:
        done = run(bundle.workstation, home=tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=":0")
    finally:
        hidden.rename(plugin)
    assert done.returncode == 1, done.stderr  # not -6 (SIGABRT, Qt's own way out)
    assert "cannot open a window: Qt's display plugin 'xcb' is missing" in done.stderr
    assert "reinstall" in done.stderr


def test_unreachable_x_display_is_a_sentence_not_an_abort(bundle, tmp_path):
    free = next(n for n in range(71, 99) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    done = run(bundle.workstation, home=tmp_path, DISPLAY=f":{free}")
    assert done.returncode == 1, done.stderr
    assert f"cannot connect to the X display ':{free}'" in done.stderr


def test_without_opengl_the_bundle_reports_vr_and_keeps_2d(bundle, tmp_path, broken_gl_dir):
    done = run(bundle.workstation, "--self-test", home=tmp_path, QT_QPA_PLATFORM="offscreen",
               LD_LIBRARY_PATH=str(broken_gl_dir))
    assert done.returncode == 1, done.stdout + done.stderr  # a failure, not a crash
    vr = next(line for line in done.stdout.splitlines() if line.startswith("vr:"))
    assert vr.startswith("vr: FAIL (") and "no OpenGL:" in vr and "OSMesa" in vr
    assert done.stdout.count(": PASS (") == 6  # 2D, MPR, codecs, SR ... all still work
    gui = run(bundle.workstation, home=tmp_path, QT_QPA_PLATFORM="offscreen", LD_LIBRARY_PATH=str(broken_gl_dir),
              WORKSTATION_STARTUP_TIMING="1")
    assert startup_seconds(gui) > 0  # the reading window opens


def test_media_viewer_on_a_disc_opens_its_dicomdir(bundle, tmp_path):
    disc = tmp_path / "disc"
    series = write_ct(tmp_path / "ct", shape=(8, 32, 32), spacing=(8.0, 8.0, 8.0))
    file_set = FileSet()
    for path in series.paths:
        file_set.add(path)
    file_set.write(disc)
    shutil.copytree(bundle.folder, disc / "VIEWER", copy_function=os.link)  # the disc layout, hard-linked
    done = run(str(disc / "VIEWER" / "media-viewer"), home=tmp_path, QT_QPA_PLATFORM="offscreen",
               WORKSTATION_STARTUP_TIMING="1")
    assert startup_seconds(done) > 0
    elsewhere = run(str(bundle.folder / "media-viewer"), str(tmp_path / "ct"), home=tmp_path,
                    QT_QPA_PLATFORM="offscreen")
    assert elsewhere.returncode == 1 and "no DICOMDIR" in elsewhere.stderr
