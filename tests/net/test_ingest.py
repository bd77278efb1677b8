"""How received instances are batched into the store while a retrieve runs."""

from __future__ import annotations

import time
from pathlib import Path

from workstation.net import ingest
from workstation.net.ingest import Ingestor
from workstation.phantoms import write_ct
from workstation.store import LocalStore


class _CountingStore(LocalStore):
    """A real store that remembers how many instances each ``import_many`` call got."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.batches: list[int] = []

    def import_many(self, items):
        items = list(items)
        self.batches.append(len(items))
        return super().import_many(items)


def test_first_instance_alone_then_arrivals_are_gathered_into_batches(tmp_path):
    """Instances arriving one at a time (as C-GET delivers them) are committed in
    batches, not one commit per instance; the first one is stored at once."""
    series = write_ct(tmp_path / "ct", shape=(12, 16, 16))
    store = _CountingStore(tmp_path / "store")
    arrivals = []
    ingestor = Ingestor(store, on_arrival=arrivals.append, workers=1)
    gap = ingest.GATHER_S / 10
    for path in series.paths:
        ingestor.put(Path(path).read_bytes())
        if not arrivals:  # the first is imported alone, before the next arrives
            deadline = time.monotonic() + 10
            while not arrivals and time.monotonic() < deadline:
                time.sleep(0.005)
        time.sleep(gap)
    stats = ingestor.close()
    store.close()
    assert stats.stored == len(series.paths)
    assert store.batches[0] == 1
    assert sum(store.batches) == len(series.paths)
    assert max(store.batches[1:]) > 1  # without gathering each of these would be its own batch
    assert len(store.batches) < len(series.paths) // 2
