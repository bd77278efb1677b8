"""Opening the store: where it lives, and an index it cannot use."""

from __future__ import annotations

import os
import sqlite3

import pytest

from workstation.store import LocalStore, StoreError


def test_open_default_uses_workstation_home(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSTATION_HOME", str(tmp_path / "home"))
    with LocalStore.open_default() as store:
        assert store.root == tmp_path / "home" / "data"
        assert (store.root / "index.sqlite").is_file() and (store.root / "dicom").is_dir()


def test_index_is_in_wal_mode(store):
    with sqlite3.connect(store.root / "index.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_damaged_index_is_reported_not_overwritten(tmp_path):
    root = tmp_path / "s"
    root.mkdir()
    garbage = os.urandom(4096)
    (root / "index.sqlite").write_bytes(garbage)
    with pytest.raises(StoreError, match="index.sqlite"):
        LocalStore(root)
    assert (root / "index.sqlite").read_bytes() == garbage


def test_index_from_a_newer_version_is_refused(tmp_path):
    LocalStore(tmp_path / "s").close()
    with sqlite3.connect(tmp_path / "s" / "index.sqlite") as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer version"):
        LocalStore(tmp_path / "s")


def test_closed_store_refuses_use(tmp_path):
    store = LocalStore(tmp_path / "s")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query_studies()


def test_root_must_be_a_path():
    with pytest.raises(TypeError, match="root"):
        LocalStore(42)
