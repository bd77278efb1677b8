"""A study retrieved from a real Orthanc fills in on screen while it arrives: same tab,
same view, the reader kept on the same image, at most one re-plan per second."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import datetime

import numpy as np
from PySide6.QtCore import QTimer

from workstation.net import JobState, LocalAE, NetworkConfig, RetrieveTarget

from .conftest import OUR_AET, SCREENSHOTS, controller, dimse_node
from .test_query_retrieve import search, shown_studies


def _write_study(folder):
    from workstation import phantoms as P

    info = replace(P.DEFAULT_STUDY, seed="growing", started=datetime(2025, 2, 3, 9, 0), accession_number="GROW1",
                   patient=P.PatientInfo(patient_id="VN-GROW", name="Lê^Thị Hoa"), description="CT ngực")
    first = P.write_ct(folder / "a", shape=(20, 64, 64), study=info, series_number=2,
                       series_description="CT ngực 5 mm")
    second = P.write_ct(folder / "b", shape=(40, 64, 64), spacing=(2.5, 2.5, 1.25), study=info, series_number=3,
                        series_description="CT ngực 1.25 mm")
    return first, second


def test_a_retrieved_study_grows_in_its_tab_while_it_arrives(
        qtbot, make_window, fresh_orthanc, scp_port, local_store, slow_store, monkeypatch, tmp_path):
    first, second = _write_study(tmp_path)
    for series in (first, second):  # in no slice order: slices arrive before and after the one on screen
        paths = list(series.paths)
        random.Random(7).shuffle(paths)
        fresh_orthanc.upload(paths)
    monkeypatch.setattr("workstation.net.ingest.BATCH", 4)  # arrivals in small batches, as from a busy PACS
    slow_store["s"] = 0.1  # ~3 s for the 60 instances on two import threads
    window = make_window(NetworkConfig(local=LocalAE(OUR_AET, port=scp_port), nodes=(dimse_node(fresh_orthanc),)))
    pacs = controller(window)
    assert search(qtbot, pacs.query_panel, accession="GROW1") == 1
    [study] = shown_studies(pacs.query_panel)
    uid = study.study_instance_uid
    replans: list[float] = []
    real_grow = window.grow_study
    window.grow_study = lambda study_uid: real_grow(study_uid) and (replans.append(time.monotonic()) or True)
    closed: list[int] = []
    window.tabs.tabCloseRequested.connect(closed.append)

    samples: list[tuple[bool, dict[str, int]]] = []  # (job running, image count per series) every 50 ms
    reader: dict = {}

    def sample() -> None:
        view = window.views.get(uid)
        if view is None or not view.stacks:
            return
        running = not job.state.finished
        counts = {s.volume.series.series_instance_uid: len(s.volume.frames) for s in view.stacks.values()}
        samples.append((running, counts))
        viewport = view.active
        if not reader and viewport is not None and viewport.source is not None and len(viewport.source) >= 4:
            # the reader scrolls to the middle of what has arrived and zooms in
            viewport.set_slice(len(viewport.source) // 2)
            viewport.zoom_by(1.5)
            reader.update(view=view, index=window.tabs.indexOf(view), viewport=viewport, state=viewport.state,
                          sop=viewport.source.volume.frames[viewport.state.slice_index].sop_instance_uid,
                          series=viewport.source.volume.series.series_instance_uid)
        if (running and "shot" not in reader and len(counts) == 2
                and 0 < counts.get(second.series_instance_uid, 0) < 40):
            reader["shot"] = True
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(SCREENSHOTS / "pacs_growing.png"))

    poll = QTimer(window, interval=50)
    poll.timeout.connect(sample)
    poll.start()
    job = pacs.retrieve(pacs.query_panel.searched_node, study,
                        targets=(RetrieveTarget(uid, first.series_instance_uid),
                                 RetrieveTarget(uid, second.series_instance_uid)))
    started = time.monotonic()
    qtbot.waitUntil(lambda: job.state.finished, timeout=60_000)
    ended = time.monotonic()
    assert job.state is JobState.DONE, job.error
    assert len(local_store.study_instances(uid)) == 60
    view = window.views[uid]
    qtbot.waitUntil(lambda: sorted(len(s.volume.frames) for s in view.stacks.values()) == [20, 40]
                    and all(s.volume.loaded.all() for s in view.stacks.values()), timeout=30_000)
    poll.stop()

    # the same view in the same tab all along
    assert reader, "the study never showed 4 images while it arrived"
    assert view is reader["view"] and window.tabs.indexOf(view) == reader["index"] and not closed
    # it showed part of the study first, then grew while the job ran
    running = [counts for is_running, counts in samples if is_running]
    totals = [sum(c.values()) for c in running]
    assert totals and min(totals) < 60 and len(set(totals)) >= 3, totals
    assert any(second.series_instance_uid not in c for c in running), "the second series was there from the start"
    assert any(0 < c.get(second.series_instance_uid, 0) for c in running), \
        "the second series' thumbnail must appear while the retrieve runs"
    assert view.strip.keys() == [f"{first.series_instance_uid}#0", f"{second.series_instance_uid}#0"]
    assert [view.strip.item(i).text().splitlines()[1] for i in range(2)] == ["20 image(s)", "40 image(s)"]
    # the reader is still on the same image, with the same window, zoom and pan
    viewport = reader["viewport"]
    assert viewport in view.grid.viewports and len(viewport.source) == 20
    assert viewport.source.volume.frames[viewport.state.slice_index].sop_instance_uid == reader["sop"]
    assert viewport.state.with_(slice_index=reader["state"].slice_index) == reader["state"]
    # every instance is on screen, decoded, with the values written
    volume = viewport.source.volume
    positions = [f.position[2] for f in volume.frames]
    assert positions == sorted(positions) or positions == sorted(positions, reverse=True)
    assert {f.sop_instance_uid for s in view.stacks.values() for f in s.volume.frames} == \
        _sops(first) | _sops(second)
    truth = _pixels(first)
    for k, frame in enumerate(volume.frames):
        assert np.array_equal(volume.pixels[k], truth[frame.sop_instance_uid]), k
    # no more than one re-plan per second (and one last after the end)
    gaps = np.diff(replans)
    assert len(replans) >= 2 and (gaps > 0.95).all(), (replans, gaps)
    assert len(replans) <= (ended - started) + 2


def _sops(series) -> set[str]:
    import pydicom

    return {pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID for p in series.paths}


def _pixels(series) -> dict[str, np.ndarray]:
    import pydicom

    return {ds.SOPInstanceUID: ds.pixel_array for ds in (pydicom.dcmread(p) for p in series.paths)}
