"""Fixtures of the command tests: the network tests' Orthanc (preloaded, read-only), a
WORKSTATION_HOME whose node file points at it, and a way to run ``workstation`` as a
subprocess the way a script or a RIS does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.net.conftest import OUR_AET, _no_proxy, dimse_node, fill_disk_after, orthanc, scp_port, studies, web_node
from workstation.net import LocalAE, NetworkConfig, save_config

__all__ = ["_no_proxy", "fill_disk_after", "orthanc", "scp_port", "studies"]

ROOT = Path(__file__).resolve().parents[3]


def command_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, WORKSTATION_HOME=str(home), PYTHONPATH=str(ROOT), NO_PROXY="127.0.0.1,localhost")
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        env.pop(name, None)
    env.update(extra)
    return env


def run(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """``workstation ARGS`` to completion, output captured (not a terminal: no progress bar)."""
    return subprocess.run([sys.executable, "-m", "workstation", *args], capture_output=True, text=True,
                          env=command_env(home), timeout=timeout, cwd=ROOT, check=False)


def start(*args: str, home: Path, **extra: str) -> subprocess.Popen:
    """``workstation ARGS`` in the background (stdout/stderr piped)."""
    return subprocess.Popen([sys.executable, "-m", "workstation", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=command_env(home, **extra), cwd=ROOT)


def write_nodes(home: Path, *nodes, port: int) -> None:
    save_config(NetworkConfig(local=LocalAE(OUR_AET, port=port), nodes=tuple(nodes)), home / "config" / "nodes.json")


@pytest.fixture
def home(tmp_path, orthanc, scp_port) -> Path:
    """An empty archive whose node file knows the session Orthanc as ``pacs`` (C-GET) and ``web``."""
    folder = tmp_path / "home"
    write_nodes(folder, dimse_node(orthanc), web_node(orthanc), port=scp_port)
    return folder


def stored_count(home: Path, study_uid: str) -> int:
    from workstation.store import LocalStore

    store = LocalStore(home / "data")
    try:
        return len(store.study_instances(study_uid))
    finally:
        store.close()


@pytest.fixture
def cli(monkeypatch, capsys):
    """``cli(*args, home=...)``: the same command in this process -> (exit code, stdout, stderr).

    For the many small bad-input cases, where a new interpreter per case would cost more
    than the case; every command also runs as a subprocess in its own test.
    """
    import logging

    from workstation.app.cli import main

    netlog = logging.getLogger("pynetdicom")
    level = netlog.level
    root = logging.getLogger()  # a command may add its log file (listen): not for the rest of the session
    root_level, root_handlers = root.level, list(root.handlers)

    def call(*args: str, home: Path) -> tuple[int, str, str]:
        monkeypatch.setenv("WORKSTATION_HOME", str(home))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    yield call
    netlog.setLevel(level)
    for handler in root.handlers:
        if handler not in root_handlers:
            handler.close()
    root.handlers = root_handlers
    root.setLevel(root_level)
