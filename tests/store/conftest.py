"""A fresh local store per test, in the test's own folder."""

from __future__ import annotations

import pytest

from workstation.store import LocalStore


@pytest.fixture
def store(tmp_path):
    s = LocalStore(tmp_path / "store")
    yield s
    s.close()
