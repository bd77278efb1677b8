"""A local store filled with the demo studies, shared by the app tests of a session."""

from __future__ import annotations

import shutil

import pytest

from workstation.phantoms import write_demo_studies


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    series = write_demo_studies(folder, size="small")
    return folder, series


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory, demo_files):
    """A WORKSTATION_HOME whose store holds the demo studies (imported once)."""
    from workstation.store import LocalStore

    home = tmp_path_factory.mktemp("demo-home")
    store = LocalStore(home / "data")
    report = store.import_paths([demo_files[0]])
    store.close()
    assert report.instances > 0, report.summary()
    return home


@pytest.fixture
def demo_store(demo_home, tmp_path, monkeypatch):
    """A private copy of the demo store for one test (tests may change it)."""
    home = tmp_path / "home"
    shutil.copytree(demo_home, home)
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    from workstation.store import LocalStore

    store = LocalStore(home / "data")
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _reading_room_theme(reading_room_theme):
    """Every test here sees the program's dark theme (see tests/conftest.py)."""
