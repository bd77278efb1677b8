"""The main window with the media controller on the demo store, a real DICOM print SCP
(DCMTK ``dcmprscp``), and helpers to wait for media jobs."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require_executable
from tests.peers import _stop, _wait_port, free_port, peer_env
from workstation.app.media_controller import MediaController
from workstation.app.settings import Settings

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CT_DESCRIPTION = "CT"  #: the demo CT study (the browser's first CT without a prior in its description)


def make_window(qtbot, store, monkeypatch, size=(1280, 860)):
    """A shown MainWindow with :class:`MediaController` registered (as CONTROLLERS will)."""
    monkeypatch.setattr("workstation.app.main_window.CONTROLLERS", (MediaController,))
    from workstation.app.main_window import MainWindow

    window = MainWindow(store, Settings())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def media_controller(window) -> MediaController:
    return next(c for c in window.controllers if isinstance(c, MediaController))


def open_and_wait(qtbot, window, study_uid: str):
    view = window.open_study(study_uid)
    with qtbot.waitSignal(window.loadings[study_uid].signals.finished, timeout=60_000):
        pass
    qtbot.wait(50)
    return view


def wait_job(qtbot, controller: MediaController, timeout: int = 60_000) -> None:
    """Wait until the controller's running job has reported (finished, failed or cancelled)."""
    qtbot.waitUntil(lambda: controller.job is None, timeout=timeout)


def demo_ct(store):
    """The demo CT of Nguyễn Văn An (the current study, with a prior)."""
    studies = [s for s in store.query_studies() if s.modalities == ("CT",)]
    return max(studies, key=lambda s: s.study_date)


@dataclass
class PrintScp:
    """A running ``dcmprscp``: print jobs land in :attr:`database` as Stored Print (``SP_*``)
    and Hardcopy Grayscale Image (``HG_*``) objects."""

    ae_title: str
    port: int
    database: Path
    log: Path

    def stored_prints(self) -> list[Path]:
        return sorted(self.database.glob("SP_*.dcm"))

    def hardcopies(self) -> list[Path]:
        return sorted(self.database.glob("HG_*.dcm"))


_PRINTER_CONFIG = """[[GENERAL]]
[APPLICATION]
LogDirectory = {root}/log
LogLevel = INFO
[PRINT]
Directory = {root}/spool
DetailedLog = false
BinaryLog = false
DeletePrintJobs = true
[DATABASE]
Directory = {root}/db
[[COMMUNICATION]]
[PRINTER]
Aetitle = {aet}
Description = test film printer
Hostname = localhost
Port = {port}
Type = LOCALPRINTER
DisplayFormat = 1,1\\1,2\\2,1\\2,2\\2,3\\3,3\\3,4\\4,5
FilmSizeID = 8INX10IN\\14INX17IN
MediumType = PAPER\\CLEAR FILM\\BLUE FILM
FilmDestination = MAGAZINE\\PROCESSOR
MagnificationType = REPLICATE\\BILINEAR\\CUBIC\\NONE
MaxDensity = 320
MinDensity = 20
ImplicitOnly = false
DisableNewVRs = false
MaxPDU = 32768
OmitSOPClassUIDFromCreateResponse = false
PresentationLUTMatchRequired = false
PresentationLUTinFilmSession = false
Supports12Bit = true
SupportsPresentationLUT = true
"""


@pytest.fixture
def print_scp(tmp_path):
    """DCMTK's Print Management SCP (``dcmprscp``) on a free port, with its own database."""
    binary = require_executable("dcmprscp")
    root = tmp_path / "printer"
    for folder in ("log", "spool", "db"):
        (root / folder).mkdir(parents=True)
    port = free_port()
    config = root / "printer.cfg"
    config.write_text(_PRINTER_CONFIG.format(root=root, aet="FILMPRINTER", port=port), encoding="ascii")
    log = root / "dcmprscp.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, "-c", str(config), "-p", "PRINTER"], stdout=out,
                                   stderr=subprocess.STDOUT, env=peer_env(), cwd=root)
    try:
        _wait_port(port, process)
        yield PrintScp("FILMPRINTER", port, root / "db", log)
    finally:
        _stop(process)
