"""PACS screens against the real peers of tests/net: the session Orthanc with the Vietnamese
phantom studies, DCMTK storescu, and a main window running only the PacsController."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.net.conftest import (  # noqa: F401 - fixtures shared with the network tests
    OUR_AET,
    _no_proxy,
    dimse_node,
    fresh_orthanc,
    orthanc,
    scp_port,
    studies,
)
from tests.peers import free_port
from workstation.app.pacs.options import PacsOptions, options_path
from workstation.net import LocalAE, NetworkConfig, default_config_path, save_config

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def configure(config: NetworkConfig, options: PacsOptions | None = None) -> None:
    """Write the node file and the PACS options where the window will read them."""
    save_config(config, default_config_path())
    (options or PacsOptions()).save(options_path())


@pytest.fixture
def local_store(tmp_path):
    from workstation.store import LocalStore

    store = LocalStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture
def make_window(qtbot, monkeypatch, local_store):
    """``make_window(config, options)``: a shown main window with the PacsController installed."""
    from workstation.app.main_window import MainWindow
    from workstation.app.pacs_controller import PacsController
    from workstation.app.settings import Settings

    monkeypatch.setattr("workstation.app.main_window.CONTROLLERS", (PacsController,))
    windows = []

    def make(config: NetworkConfig | None = None, options: PacsOptions | None = None) -> MainWindow:
        if config is not None:
            configure(config, options)
        window = MainWindow(local_store, Settings())
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1500, 900)
        window.show()
        qtbot.waitExposed(window)
        pacs = controller(window)
        qtbot.waitUntil(lambda: window.tabs.indexOf(pacs.query_panel) >= 0)
        return window

    yield make
    for window in windows:
        window.close()  # save_all: stop the SCP and the jobs before the store closes


def controller(window):
    from workstation.app.pacs_controller import PacsController

    return next(c for c in window.controllers if isinstance(c, PacsController))


@pytest.fixture
def pacs_config(orthanc, scp_port) -> NetworkConfig:  # noqa: F811 - pytest fixtures by name
    """Our AE (title known to Orthanc) and the session Orthanc as node "pacs"."""
    return NetworkConfig(local=LocalAE(OUR_AET, port=scp_port), nodes=(dimse_node(orthanc),))


@pytest.fixture
def slow_store(local_store, monkeypatch):
    """The store takes ``delay`` s per imported instance, so a retrieve of a small phantom
    lasts long enough for the GUI to react while it runs (a slow disk, not a fake peer)."""
    delay = {"s": 0.03}
    real_one, real_many = local_store.import_bytes, local_store.import_many

    def import_bytes(data):
        time.sleep(delay["s"])
        return real_one(data)

    def import_many(items):
        items = list(items)
        time.sleep(delay["s"] * len(items))
        return real_many(items)

    monkeypatch.setattr(local_store, "import_bytes", import_bytes)
    monkeypatch.setattr(local_store, "import_many", import_many)
    return delay


__all__ = ["configure", "controller", "free_port", "replace"]
