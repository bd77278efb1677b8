"""Query a real Orthanc from the PACS tab, expand series, retrieve while reading, cancel, retry."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pydicom
from PySide6.QtCore import QItemSelectionModel

from workstation.net import JobState, RetrieveJob

from .conftest import SCREENSHOTS, controller


def search(qtbot, panel, **fields) -> int:
    for name, value in fields.items():
        getattr(panel, name).setText(value)
    with qtbot.waitSignal(panel.searched, timeout=20_000) as blocker:
        panel.search()
    return blocker.args[0]


def shown_studies(panel) -> list:
    from workstation.app.pacs.qt_query_panel import RECORD_ROLE

    return [panel.proxy.index(row, 0).data(RECORD_ROLE) for row in range(panel.proxy.rowCount())]


def select_row(panel, row: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    panel.tree.selectionModel().select(panel.proxy.index(row, 0), flags)


def test_vietnamese_wildcard_and_date_preset_find_the_study_and_series_list_lazily(
        qtbot, make_window, pacs_config, studies):
    window = make_window(pacs_config)
    panel = controller(window).query_panel
    assert panel.node.currentText() == "pacs"
    assert panel.modality.currentText() == "" and panel.modality.lineEdit().placeholderText() == "Modality"
    panel.today = lambda: date(2024, 3, 15)

    assert search(qtbot, panel, name="Nguyễn*") == 3  # the study and its two priors, any date
    assert {s.accession_number for s in shown_studies(panel)} == {"A24031501", "A23011001", "A21060101"}
    panel.dates.setCurrentIndex(panel.dates.findData("today"))
    assert search(qtbot, panel, name="Nguyễn*") == 1
    [study] = shown_studies(panel)
    assert study.patient.display_name == "Nguyễn Văn An"
    assert study.study_instance_uid == studies["an_ct"][0].study_instance_uid
    assert (study.series_count, study.instance_count) == (2, 20)
    panel.dates.setCurrentIndex(panel.dates.findData("yesterday"))
    assert search(qtbot, panel) == 0
    panel.dates.setCurrentIndex(panel.dates.findData("any"))
    assert search(qtbot, panel, name="Trần*") == 1
    assert shown_studies(panel)[0].description == "MRI sọ não"

    panel.dates.setCurrentIndex(panel.dates.findData("today"))
    search(qtbot, panel, name="nguyễn*")
    study_item = panel.study_item(study.study_instance_uid)
    assert study_item.rowCount() == 1  # the placeholder: nothing asked yet
    with qtbot.waitSignal(panel.series_listed, timeout=20_000):
        panel.tree.expand(panel.proxy.index(0, 0))
    assert study_item.rowCount() == 2
    study_index = panel.proxy.index(0, 0)
    shown = [[panel.proxy.index(r, c, study_index).data() for c in (0, 3, 4, 7)] for r in range(2)]
    assert shown == [["Series 2", "CT", "CT ngực bụng 2.5 mm", "12"], ["Series 3", "CT", "CT ngực 5 mm", "8"]]
    window.tabs.setCurrentWidget(panel)
    qtbot.wait(50)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "pacs_query.png"))


def test_retrieve_opens_the_study_while_it_arrives_and_shows_every_series_at_the_end(
        qtbot, make_window, pacs_config, studies, local_store, slow_store):
    window = make_window(pacs_config)
    pacs = controller(window)
    panel = pacs.query_panel
    uid = studies["an_ct"][0].study_instance_uid
    assert search(qtbot, panel, accession="A24031501") == 1
    opened, finished = [], []
    real_open = window.open_study
    window.open_study = lambda study_uid: (opened.append((study_uid, time.monotonic())), real_open(study_uid))[1]
    pacs.bridge.job_added.connect(
        lambda job: job.changed.connect(lambda j: j.state.finished and finished.append(time.monotonic())))
    added = []
    pacs.bridge.job_added.connect(added.append)
    select_row(panel, 0)
    panel.retrieve_button.click()

    [job] = added
    qtbot.waitUntil(lambda: job.state.finished, timeout=60_000)
    assert job.state is JobState.DONE, job.error
    assert len(local_store.study_instances(uid)) == 20
    assert opened and opened[0][0] == uid
    assert opened[0][1] < finished[0], "the study must open before the retrieve ends"
    qtbot.waitUntil(lambda: pacs.jobs_panel.cell(job, "State") == "Done")
    assert pacs.jobs_panel.cell(job, "Progress").startswith("20/20")
    # the study was opened early; it grows to every series and slice in the same tab
    qtbot.waitUntil(lambda: uid in window.views and
                    sum(len(s.volume.frames) for s in window.views[uid].stacks.values()) == 20, timeout=30_000)
    assert sorted(len(s.volume.frames) for s in window.views[uid].stacks.values()) == [8, 12]
    assert window.tabs.currentWidget() is window.views[uid]
    qtbot.waitUntil(lambda: "Retrieved 20 instance(s) from pacs" in window.message.text())
    assert panel.proxy.index(0, 8).data() == "all"  # the "Here" column
    window.actions_by_id["pacs_jobs"].trigger()
    qtbot.waitUntil(pacs.jobs_dock.isVisible)
    qtbot.wait(100)
    window.grab().save(str(SCREENSHOTS / "pacs_jobs.png"))


def test_growth_keeps_the_image_the_reader_was_on(qtbot, make_window, pacs_config, studies, local_store):
    window = make_window(pacs_config)
    series = studies["an_ct"][0]
    order = sorted(series.paths)[1::2] + sorted(series.paths)[::2]  # every other slice first: later ones interleave
    local_store.import_paths([str(p) for p in order[:5]])  # part of a series, as when it opened early
    uid = series.study_instance_uid
    view = window.open_study(uid)
    qtbot.waitUntil(lambda: view.active is not None and view.active.source is not None, timeout=30_000)
    viewport = view.active
    viewport.set_slice(1)
    viewport.zoom_by(2.0)
    state = viewport.state
    sop = viewport.source.volume.frames[1].sop_instance_uid
    local_store.import_paths([str(p) for p in order[5:]])

    assert window.grow_study(uid)
    assert not window.grow_study(uid), "one re-plan at a time"

    stack = next(iter(view.stacks.values()))
    qtbot.waitUntil(lambda: len(view.active.source) == 12 and view.active.source.volume.loaded.all(), timeout=30_000)
    assert window.views[uid] is view
    active = view.active
    assert active.source is view.stacks[stack.key].source
    assert active.source.volume.frames[active.state.slice_index].sop_instance_uid == sop
    assert active.state.slice_index != 1, "slices arrived before it: its index moved"
    assert active.state.with_(slice_index=1) == state, "window, zoom, pan kept"


def test_cancel_keeps_complete_instances_and_retry_fetches_the_rest(
        qtbot, make_window, fresh_orthanc, scp_port, local_store, tmp_path):
    from datetime import datetime

    from workstation import phantoms as P
    from workstation.net import LocalAE, NetworkConfig

    from .conftest import OUR_AET, dimse_node

    # enough instances that the peer is still sending when the cancel is seen
    info = replace(P.DEFAULT_STUDY, seed="cancel-me", started=datetime(2025, 1, 2, 8, 0), accession_number="CANCEL1")
    series = P.write_ct(tmp_path / "big", shape=(120, 16, 16), study=info)
    fresh_orthanc.upload(series.paths)
    window = make_window(NetworkConfig(local=LocalAE(OUR_AET, port=scp_port), nodes=(dimse_node(fresh_orthanc),)))
    pacs = controller(window)
    assert search(qtbot, pacs.query_panel, accession="CANCEL1") == 1
    [study] = shown_studies(pacs.query_panel)
    assert study.instance_count == 120

    def first_job_cancels_on_arrival(job):  # cancel from the network thread, mid-transfer
        if not jobs:
            job.instance_arrived.connect(lambda _arrival: job.cancel())
        jobs.append(job)

    jobs: list[RetrieveJob] = []
    pacs.bridge.job_added.connect(first_job_cancels_on_arrival)
    job = pacs.retrieve(pacs.query_panel.searched_node, study)
    qtbot.waitUntil(lambda: job.state.finished, timeout=60_000)
    assert job.state is JobState.CANCELLED, (job.state, job.error)
    qtbot.waitUntil(lambda: pacs.jobs_panel.cell(job, "State") == "Cancelled")
    kept = local_store.study_instances(study.study_instance_uid)
    assert 1 <= len(kept) < 120
    for record in kept:
        assert pydicom.dcmread(record.path).pixel_array.shape == (16, 16)

    pacs.jobs_panel.table.selectRow(pacs.jobs_panel.row_of(job))
    with qtbot.waitSignal(pacs.jobs_panel.retried) as blocker:
        pacs.jobs_panel.retry_button.click()
    retry = blocker.args[0]
    qtbot.waitUntil(lambda: retry.state.finished, timeout=60_000)
    assert retry.state is JobState.DONE, retry.error
    assert len(local_store.study_instances(study.study_instance_uid)) == 120


def test_priors_are_prefetched_after_a_retrieve_when_the_node_allows_it(
        qtbot, make_window, pacs_config, studies, local_store):
    from workstation.app.pacs.options import PacsOptions
    from workstation.net import PrefetchJob

    window = make_window(pacs_config, PacsOptions(prefetch_nodes=["pacs"]))
    pacs = controller(window)
    panel = pacs.query_panel
    assert search(qtbot, panel, accession="A24031501") == 1
    added = []
    pacs.bridge.job_added.connect(added.append)
    select_row(panel, 0)
    panel.retrieve_selected()

    qtbot.waitUntil(lambda: any(isinstance(j, PrefetchJob) for j in added), timeout=60_000)
    qtbot.waitUntil(lambda: len(added) == 4 and all(j.state.finished for j in added), timeout=60_000)
    assert all(j.state is JobState.DONE for j in added), [(j.title, j.error) for j in added]
    priors = {studies[k][0].study_instance_uid for k in ("an_prior", "an_prior_old")}
    assert {j.study_uid for j in added if isinstance(j, RetrieveJob)} - {studies["an_ct"][0].study_instance_uid} \
        == priors
    assert all(local_store.study(uid) is not None for uid in priors)
    assert not priors & set(window.views), "prefetched priors are stored, not opened"


def test_no_prefetch_from_a_node_that_does_not_allow_it(qtbot, make_window, pacs_config, studies):
    window = make_window(pacs_config)
    pacs = controller(window)
    assert search(qtbot, pacs.query_panel, accession="A24031501") == 1
    [study] = shown_studies(pacs.query_panel)
    job = pacs.retrieve(pacs.query_panel.searched_node, study)
    qtbot.waitUntil(lambda: job.state.finished, timeout=60_000)
    qtbot.wait(200)
    assert [type(j).__name__ for j in pacs.jobs.jobs()] == ["RetrieveJob"]


def test_double_click_retrieves_once_and_enter_does_not_queue_the_same_study_twice(
        qtbot, make_window, pacs_config, studies, slow_store):
    from PySide6.QtCore import Qt

    window = make_window(pacs_config)
    pacs = controller(window)
    panel = pacs.query_panel
    window.tabs.setCurrentWidget(panel)
    assert search(qtbot, panel, accession="A24031501") == 1
    added = []
    pacs.bridge.job_added.connect(added.append)
    rect = panel.tree.visualRect(panel.proxy.index(0, 2))
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a real
    qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # double-click
    assert len(added) == 1
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert len(added) == 1 and "already being retrieved" in window.message.text()
    qtbot.waitUntil(lambda: added[0].state.finished, timeout=60_000)


def test_a_study_arriving_while_another_is_read_opens_behind_it(
        qtbot, make_window, pacs_config, studies, local_store):
    window = make_window(pacs_config)
    pacs = controller(window)
    local_store.import_paths([str(p) for p in studies["ngoc_mr"][0].paths])
    reading = window.open_study(studies["ngoc_mr"][0].study_instance_uid)
    assert search(qtbot, pacs.query_panel, accession="A24031501") == 1
    [study] = shown_studies(pacs.query_panel)
    job = pacs.retrieve(pacs.query_panel.searched_node, study)
    qtbot.waitUntil(lambda: job.state.finished and study.study_instance_uid in window.views, timeout=60_000)
    assert window.tabs.currentWidget() is reading


def test_c_move_retrieve_through_our_running_scp(qtbot, make_window, orthanc, scp_port, studies, local_store):
    from workstation.app.pacs.options import PacsOptions
    from workstation.net import LocalAE, NetworkConfig, RetrieveMethod

    from .conftest import OUR_AET, dimse_node

    config = NetworkConfig(local=LocalAE(OUR_AET, port=scp_port),
                           nodes=(dimse_node(orthanc, RetrieveMethod.MOVE),))
    window = make_window(config, PacsOptions(scp_enabled=True))
    pacs = controller(window)
    assert pacs.scp is not None
    assert search(qtbot, pacs.query_panel, name="Trần*") == 1
    [study] = shown_studies(pacs.query_panel)
    job = pacs.retrieve(pacs.query_panel.searched_node, study)
    qtbot.waitUntil(lambda: job.state.finished, timeout=60_000)
    assert job.state is JobState.DONE, job.error
    assert len(local_store.study_instances(study.study_instance_uid)) == 6
    qtbot.waitUntil(lambda: study.study_instance_uid in window.views)


def test_dicomweb_node_is_searched_with_qido(qtbot, make_window, orthanc, scp_port, studies):
    from tests.net.conftest import web_node
    from workstation.net import LocalAE, NetworkConfig

    from .conftest import OUR_AET

    window = make_window(NetworkConfig(local=LocalAE(OUR_AET, port=scp_port), nodes=(web_node(orthanc),)))
    panel = controller(window).query_panel
    assert panel.node.currentText() == "web"
    # Orthanc's DICOMweb plugin 1.7 matches no PatientName in QIDO-RS (see tests/net/test_query.py)
    assert search(qtbot, panel, patient_id="VN-000123") == 3
    assert {s.patient.name for s in shown_studies(panel)} == {"Nguyễn^Văn An"}
    with qtbot.waitSignal(panel.series_listed, timeout=20_000):
        panel.tree.expand(panel.proxy.index(0, 0))
    assert panel.model.item(0, 0).rowCount() >= 1


def test_cancel_button_cancels_a_queued_job(qtbot, make_window, pacs_config, studies, slow_store):
    window = make_window(pacs_config)
    pacs = controller(window)
    panel = pacs.query_panel
    assert search(qtbot, panel, name="Nguyễn*") == 3
    records = shown_studies(panel)
    jobs = [pacs.retrieve(panel.searched_node, record) for record in records]  # two workers: one waits
    queued = jobs[2]
    qtbot.waitUntil(lambda: pacs.jobs_panel.cell(queued, "State") in ("Queued", "Running"))
    if queued.state is JobState.QUEUED:
        pacs.jobs_panel.table.selectRow(pacs.jobs_panel.row_of(queued))
        assert pacs.jobs_panel.cancel_button.isEnabled()
        pacs.jobs_panel.cancel_button.click()
    else:  # the machine was quicker than the slow store: cancel it while it runs
        queued.cancel()
    qtbot.waitUntil(lambda: all(j.state.finished for j in jobs), timeout=60_000)
    assert queued.state is JobState.CANCELLED
    qtbot.waitUntil(lambda: pacs.jobs_panel.cell(queued, "State") == "Cancelled")
    assert [j.state for j in jobs[:2]] == [JobState.DONE, JobState.DONE]
