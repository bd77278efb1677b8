"""Reports through the main window, against a real PACS (Orthanc): mark key images, write
and sign a report, send, retrieve into a clean store and see it; amend and see the
history; a refusing PACS leaves a retry state; typed text survives a crash."""

from __future__ import annotations

import pydicom
import pytest

from export.sr.study_documents import read_study_documents
from tests.app.test_main_window import find_study, make_window, open_and_wait
from tests.net.conftest import OUR_AET, dimse_node
from tests.peers import start_orthanc
from workstation.app import report_controller
from workstation.app.report_controller import ReportController, current_ref
from workstation.app.reports.state import SendState
from workstation.net import (
    LocalAE,
    NetworkConfig,
    RetrieveTarget,
    default_config_path,
    retrieve,
    save_config,
)
from workstation.store import LocalStore

pytestmark = pytest.mark.peers

FINDING = "Hình ảnh tổn thương gan"


@pytest.fixture(autouse=True)
def reports_in_window(monkeypatch):
    monkeypatch.setattr("workstation.app.main_window.CONTROLLERS", (ReportController,))
    monkeypatch.setattr(report_controller, "AUTOSAVE_MS", 100)


def controller_of(window) -> ReportController:
    return next(c for c in window.controllers if isinstance(c, ReportController))


def use_pacs(node) -> None:
    save_config(NetworkConfig(local=LocalAE(OUR_AET), nodes=(node,)), default_config_path())


def demo_ct(demo_files, study_uid):
    """The demo files of one study (to put its images on the PACS)."""
    return [p for s in demo_files[1] for p in s.paths
            if pydicom.dcmread(p, stop_before_pixels=True, specific_tags=["StudyInstanceUID"]).StudyInstanceUID
            == study_uid]


def write_and_sign(qtbot, window, study_uid):
    reports = controller_of(window)
    study = reports.studies[study_uid]
    viewport = window.active_viewport()
    viewport.set_slice(2)
    window.actions_by_id["toggle_key_image"].trigger()
    assert study.keys.refs == [current_ref(viewport)]
    editor = study.editor
    editor.texts["findings"].setPlainText(FINDING)
    editor.texts["impression"].setPlainText("U gan, theo dõi.")
    editor.author.setText("Nguyễn^Văn An")
    editor.institution.setText("Bệnh viện Bạch Mai")
    window.actions_by_id["save_key_images"].trigger()
    window.actions_by_id["sign_report"].trigger()
    assert study.report.signed and study.report.document is not None, editor.status.text()
    return reports, study


def test_write_sign_send_retrieve_amend(demo_store, demo_files, fresh_orthanc, local_ae, qtbot, tmp_path):
    ct = find_study(demo_store, "CT ngực")
    uid = ct.study_instance_uid
    fresh_orthanc.upload(demo_ct(demo_files, uid))
    use_pacs(dimse_node(fresh_orthanc))
    window = make_window(qtbot, demo_store)
    open_and_wait(qtbot, window, uid)
    reports, study = write_and_sign(qtbot, window, uid)
    assert {"SR", "KO", "DOC"} <= {s.modality for s in demo_store.series(uid)}
    assert list(reports.export_folder().rglob("report_v1.pdf"))
    assert study.editor.texts["findings"].isReadOnly() and "Signed by" in study.editor.status.text()
    images = fresh_orthanc.instance_count()
    window.actions_by_id["send_reports"].trigger()
    qtbot.waitUntil(lambda: all(e.state is SendState.SENT for e in reports.outbox.for_study(uid)), timeout=30_000)
    assert fresh_orthanc.instance_count() == images + 3  # report SR, KOS, encapsulated PDF
    assert "stored by pacs" in window.message.text()

    clean = LocalStore(tmp_path / "clean")
    assert retrieve(dimse_node(fresh_orthanc), local_ae, clean, [RetrieveTarget(uid)]).ok
    again = make_window(qtbot, clean)
    open_and_wait(qtbot, again, uid)
    other = controller_of(again)
    shown = other.studies[uid]
    assert shown.report.signed and shown.report.sections["findings"] == FINDING
    assert shown.keys.refs and shown.keys.refs[0].sop_instance_uid == study.keys.refs[0].sop_instance_uid
    assert shown.viewer.choice.itemText(0).startswith("Report version 1")
    assert any("Finding: " + FINDING == shown.viewer.tree.topLevelItem(n).child(0).text(0)
               for n in range(shown.viewer.tree.topLevelItemCount())
               if shown.viewer.tree.topLevelItem(n).childCount())
    assert other.show_image(uid, shown.keys.refs[0]) and current_ref(again.active_viewport()) == shown.keys.refs[0]

    again.actions_by_id["amend_report"].trigger()
    assert not shown.editor.texts["impression"].isReadOnly()
    shown.editor.texts["impression"].setPlainText("U máu gan, theo dõi sau 6 tháng.")
    again.actions_by_id["sign_report"].trigger()
    assert shown.report.version == 2 and shown.report.signed
    chains = read_study_documents(clean, uid).report_versions()
    assert len(chains) == 1 and len(chains[0]) == 2
    assert chains[0][0].predecessors == [chains[0][1].sop_instance_uid]
    assert shown.editor.history.count() == 2 and shown.editor.history.item(0).text().startswith("latest")
    assert shown.viewer.choice.itemText(0).startswith("Report version 2")
    clean.close()


def test_a_refusing_pacs_leaves_a_retry_state(demo_store, tmp_path, scp_port, qtbot):
    strict = start_orthanc(tmp_path / "strict", extra={"DicomCheckCalledAet": True})
    try:
        ct = find_study(demo_store, "CT ngực")
        uid = ct.study_instance_uid
        good = dimse_node(strict)
        use_pacs(good.__class__(**{**vars(good), "ae_title": "NOT-ORTHANC"}))
        window = make_window(qtbot, demo_store)
        open_and_wait(qtbot, window, uid)
        reports, study = write_and_sign(qtbot, window, uid)
        window.actions_by_id["send_reports"].trigger()
        qtbot.waitUntil(lambda: all(e.state is SendState.FAILED for e in reports.outbox.for_study(uid)),
                        timeout=30_000)
        assert "NOT stored" in study.editor.status.text() and "retry" in study.editor.status.text()
        assert strict.instance_count() == 0 and {"SR", "KO"} <= {s.modality for s in demo_store.series(uid)}
        use_pacs(good)
        window.actions_by_id["send_reports"].trigger()  # the retry
        qtbot.waitUntil(lambda: all(e.state is SendState.SENT for e in reports.outbox.for_study(uid)),
                        timeout=30_000)
        assert strict.instance_count() == 3
        entry = reports.outbox.for_study(uid)[0]
        assert entry.attempts == 2 and entry.error == ""
    finally:
        strict.stop()


def test_typed_text_survives_a_crash_and_shortcuts_do_not_collide(demo_store, qtbot):
    ct = find_study(demo_store, "CT ngực")
    uid = ct.study_instance_uid
    window = make_window(qtbot, demo_store)
    open_and_wait(qtbot, window, uid)
    shortcuts = [a.shortcut().toString() for a in window.actions_by_id.values() if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)), sorted(s for s in shortcuts if shortcuts.count(s) > 1)
    study = controller_of(window).studies[uid]
    findings = study.editor.texts["findings"].toPlainText()
    assert study.report.template_id == "ct_chest" and findings.startswith("Lungs:")  # Settings().language is "en"
    study.editor.language.setCurrentIndex(study.editor.language.findData("vi"))
    assert study.editor.labels["findings"].text() == "<b>Mô tả</b>"
    study.editor.texts["impression"].setPlainText(FINDING)
    qtbot.waitUntil(lambda: uid not in controller_of(window)._dirty, timeout=5_000)  # autosaved, window still open
    survivor = make_window(qtbot, demo_store)  # a new process after a crash: the first window never closed
    open_and_wait(qtbot, survivor, uid)
    restored = controller_of(survivor).studies[uid]
    assert restored.editor.texts["impression"].toPlainText() == FINDING
    assert restored.editor.language.currentData() == "vi" and restored.editor.texts["findings"].toPlainText() == findings
