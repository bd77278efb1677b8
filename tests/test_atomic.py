"""Atomic writes: a failure half-way leaves the old file whole and no temporary file behind."""

from __future__ import annotations

import json
import os
import stat

import pytest

from workstation import atomic


def test_json_round_trip_keeps_vietnamese_readable_and_sets_mode(tmp_path):
    path = atomic.write_json(tmp_path / "sub" / "nodes.json", {"tên": "Nguyễn Văn An"}, mode=0o600)
    assert "Nguyễn Văn An" in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == {"tên": "Nguyễn Văn An"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    atomic.write_atomic(path, "old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        atomic.write_atomic(path, "new and longer")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
