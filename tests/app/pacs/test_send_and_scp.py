"""Send to Orthanc from the window, receive from DCMTK storescu, a taken port, forwarding."""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QItemSelectionModel

from tests.conftest import require_executable
from tests.net.conftest import dimse_node
from tests.peers import free_port, run_dcmtk
from workstation import phantoms as P
from workstation.app.pacs.options import PacsOptions
from workstation.net import ForwardRule, LocalAE, NetworkConfig

from .conftest import SCREENSHOTS, controller


def small_study(folder, seed: str, description: str = "CT sọ não"):
    study = replace(P.DEFAULT_STUDY, seed=seed, started=datetime(2025, 5, 20, 14, 30), accession_number=seed[:16],
                    description=description)
    return P.write_ct(folder, shape=(6, 32, 32), study=study)


def test_send_current_study_gives_an_all_ok_report_and_orthanc_holds_it(
        qtbot, make_window, fresh_orthanc, local_store, tmp_path):
    series = small_study(tmp_path / "send", "send-study")
    local_store.import_paths([str(tmp_path / "send")])
    config = NetworkConfig(local=LocalAE("WS", port=free_port()), nodes=(dimse_node(fresh_orthanc),))
    window = make_window(config)
    pacs = controller(window)
    view = window.open_study(series.study_instance_uid)
    qtbot.waitUntil(lambda: view.active is not None and view.active.source is not None, timeout=30_000)

    dialog = pacs.on_pacs_send()
    labels = [dialog.scope.itemText(i) for i in range(dialog.scope.count())]
    assert labels[0].startswith("Current study: Nguyễn Văn An CT sọ não (6 instances)")
    assert any(label.startswith("Current series: 2:") for label in labels)
    with qtbot.waitSignal(dialog.finished_job, timeout=60_000) as blocker:
        dialog.send_button.click()
    job = blocker.args[0]

    assert job.report.ok, job.error
    assert dialog.report.rowCount() == 6
    rows = [[dialog.report.item(r, c).text() for c in range(4)] for r in range(6)]
    assert {r[0] for r in rows} == {i.sop_instance_uid for i in local_store.study_instances(series.study_instance_uid)}
    assert all(r[1] == "0x0000" and r[2] == "Success" and r[3] == "Explicit VR Little Endian" for r in rows), rows
    assert dialog.summary.text() == "All 6 instance(s) stored by pacs."
    assert fresh_orthanc.instance_count() == 6
    assert "pacs" in local_store.study(series.study_instance_uid).confirmed_nodes
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "pacs_send.png"))


def test_storescu_into_our_scp_shows_the_study_in_the_browser_and_received_list(
        qtbot, make_window, local_store, tmp_path):
    require_executable("storescu")
    port = free_port()
    window = make_window(NetworkConfig(local=LocalAE("WS", port=port)), PacsOptions(scp_enabled=True))
    pacs = controller(window)
    assert pacs.scp is not None and pacs.scp.port == port
    window.actions_by_id["pacs_received"].trigger()
    series = small_study(tmp_path / "modality", "from-modality", "CT bụng")

    result = run_dcmtk("storescu", "-aet", "CT_PHONG2", "-aec", "WS", "127.0.0.1", str(port),
                       *[str(p) for p in series.paths])

    assert result.returncode == 0, result.stderr
    uid = series.study_instance_uid
    qtbot.waitUntil(lambda: pacs.received_panel.table.rowCount() == 1, timeout=10_000)
    cells = [pacs.received_panel.table.item(0, c).text() for c in range(6)]
    assert cells[1:4] == ["CT_PHONG2", "Nguyễn Văn An", "VN-000123"] and cells[5] == "6"
    assert "CT bụng" in cells[4]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "pacs_received.png"))
    qtbot.waitUntil(lambda: uid in {s.study_instance_uid for s in window.browser.model.studies})
    assert len(local_store.study_instances(uid)) == 6
    with qtbot.waitSignal(window.tabs.currentChanged, timeout=10_000):
        pacs.received_panel.open_requested.emit(uid)
    assert uid in window.views


def test_a_taken_port_is_a_clear_message_and_the_window_keeps_working(
        qtbot, make_window, local_store, tmp_path):
    series = small_study(tmp_path / "local", "local-study")
    local_store.import_paths([str(tmp_path / "local")])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        window = make_window(NetworkConfig(local=LocalAE("WS", port=port)), PacsOptions(scp_enabled=True))
        pacs = controller(window)

        assert pacs.scp is None
        text = window.message.text()
        assert f"port {port}" in text and "everything else works" in text, text
        assert window.message.styleSheet()  # shown as an error
        assert pacs.received_panel.status.text() == text
        window.browser.refresh()
        assert window.browser.model.rowCount() == 1
        view = window.open_study(series.study_instance_uid)
        qtbot.waitUntil(lambda: view.active is not None and view.active.source is not None, timeout=30_000)


def test_forward_rule_sends_what_a_modality_stored_here_on_to_the_pacs(
        qtbot, make_window, fresh_orthanc, local_store, tmp_path):
    require_executable("storescu")
    port = free_port()
    config = NetworkConfig(local=LocalAE("WS", port=port), nodes=(dimse_node(fresh_orthanc),),
                           forward_rules=(ForwardRule("CT_PHONG2", "pacs"),))
    window = make_window(config, PacsOptions(scp_enabled=True))
    pacs = controller(window)
    pacs.forwarder._settle_s = 1.0  # storescu's six instances are one batch even on a busy machine
    series = small_study(tmp_path / "fwd", "forwarded")
    with qtbot.waitSignal(pacs.bridge.forwarded, timeout=30_000) as blocker:
        result = run_dcmtk("storescu", "-aet", "CT_PHONG2", "-aec", "WS", "127.0.0.1", str(port),
                           *[str(p) for p in series.paths])
        assert result.returncode == 0, result.stderr
    assert blocker.args[0].ok
    assert fresh_orthanc.instance_count() == 6
    qtbot.waitUntil(lambda: "Forwarded 6 instance(s)" in window.message.text())


def test_send_dialog_offers_the_study_selected_in_the_browser(qtbot, make_window, local_store, tmp_path, orthanc):
    small_study(tmp_path / "a", "browser-a")
    local_store.import_paths([str(tmp_path / "a")])
    window = make_window(NetworkConfig(nodes=(dimse_node(orthanc),)))
    window.tabs.setCurrentWidget(window.browser)
    window.browser.refresh()
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    window.browser.table.selectionModel().select(window.browser.proxy.index(0, 0), flags)
    dialog = controller(window).on_pacs_send()
    assert dialog.scope.count() == 1
    assert dialog.scope.itemText(0).startswith("Selected in the study browser: Nguyễn Văn An CT sọ não")


def test_unknown_callers_are_refused_when_the_setting_says_so(qtbot, make_window, local_store, tmp_path):
    require_executable("storescu")
    port = free_port()
    local = LocalAE("WS", port=port, accept_unknown_callers=False, allowed_calling_aes=("CT_PHONG2",))
    window = make_window(NetworkConfig(local=local), PacsOptions(scp_enabled=True))
    assert controller(window).scp is not None
    series = small_study(tmp_path / "s", "stranger")
    files = [str(p) for p in series.paths]

    refused = run_dcmtk("storescu", "-aet", "STRANGER", "-aec", "WS", "127.0.0.1", str(port), *files)
    assert refused.returncode != 0
    assert "Rejected" in refused.stderr or "rejected" in refused.stderr.lower(), refused.stderr
    assert local_store.study(series.study_instance_uid) is None
    accepted = run_dcmtk("storescu", "-aet", "CT_PHONG2", "-aec", "WS", "127.0.0.1", str(port), *files)
    assert accepted.returncode == 0, accepted.stderr
    assert len(local_store.study_instances(series.study_instance_uid)) == 6


def test_nodes_dialog_ok_moves_the_running_scp_to_the_new_port(qtbot, make_window):
    first, second = free_port(), free_port()
    window = make_window(NetworkConfig(local=LocalAE("WS", port=first)), PacsOptions(scp_enabled=True))
    pacs = controller(window)
    assert pacs.scp.port == first
    dialog = pacs.on_pacs_nodes()
    qtbot.addWidget(dialog)
    dialog.local_port.setValue(second)
    dialog.accept()
    assert pacs.scp is not None and pacs.scp.port == second
    assert pacs.config.local.port == second and pacs.context.local.port == second
    with socket.socket() as probe:  # the old port is free again
        probe.bind(("127.0.0.1", first))
    assert pacs.received_panel.status.text() == f"Listening as WS on 127.0.0.1:{second}"
    dialog = pacs.on_pacs_nodes()
    qtbot.addWidget(dialog)
    dialog.scp_enabled.setChecked(False)
    dialog.accept()
    assert pacs.scp is None and "off" in pacs.received_panel.status.text()


def test_nodes_saved_in_a_second_monitors_window_reach_the_main_windows_scp(qtbot, make_window, local_store):
    """The storage SCP runs in the main window; a configuration saved from the window on
    another diagnostic monitor moves it too, and every window lists the new nodes."""
    from workstation.app.main_window import MainWindow
    from workstation.app.monitors import MonitorManager
    from workstation.app.settings import Settings

    first, second = free_port(), free_port()
    main = make_window(NetworkConfig(local=LocalAE("WS", port=first)), PacsOptions(scp_enabled=True))
    other = MainWindow(local_store, Settings(), monitor_index=1)
    qtbot.addWidget(other)
    manager = MonitorManager(main, make_viewer=None)
    manager.add_viewer(other)
    assert controller(other).scp is None and controller(main).scp.port == first
    dialog = controller(other).on_pacs_nodes()
    qtbot.addWidget(dialog)
    dialog.local_port.setValue(second)
    dialog.accept()
    assert controller(main).scp is not None and controller(main).scp.port == second
    assert controller(main).config.local.port == second and controller(other).scp is None
    other.close()


def test_instances_pushed_to_the_scp_fill_in_the_study_open_in_another_monitors_window(
        qtbot, make_window, local_store, tmp_path):
    """The SCP listens in the main window; a study open in the second diagnostic window
    still grows as its missing instances arrive (storescu pushes them)."""
    from workstation.app.main_window import MainWindow
    from workstation.app.monitors import MonitorManager
    from workstation.app.settings import Settings

    require_executable("storescu")
    port = free_port()
    series = small_study(tmp_path / "push", "push-study")
    paths = sorted(str(p) for p in series.paths)
    local_store.import_paths(paths[:3])
    main = make_window(NetworkConfig(local=LocalAE("WS", port=port)), PacsOptions(scp_enabled=True))
    other = MainWindow(local_store, Settings(), monitor_index=1)
    qtbot.addWidget(other)
    MonitorManager(main, make_viewer=None).add_viewer(other)
    view = other.open_study(series.study_instance_uid)
    qtbot.waitUntil(lambda: bool(view.stacks) and len(next(iter(view.stacks.values())).volume.frames) == 3,
                    timeout=30_000)
    pushed = run_dcmtk("storescu", "-aet", "CT_PHONG2", "-aec", "WS", "127.0.0.1", str(port), *paths[3:])
    assert pushed.returncode == 0, pushed.stderr
    qtbot.waitUntil(lambda: len(next(iter(view.stacks.values())).volume.frames) == 6, timeout=30_000)
    assert series.study_instance_uid not in main.views
    other.close()


def test_hand_edited_pacs_options_keep_what_is_valid(tmp_path):
    import json

    path = tmp_path / "pacs.json"
    path.write_text(json.dumps({"scp_enabled": "yes", "prefetch_nodes": ["pacs"], "last_node": "pacs"}))
    options = PacsOptions.load(path)
    assert options.scp_enabled is False and options.prefetch_nodes == ["pacs"] and options.last_node == "pacs"
    path.write_text('"pacs"')
    assert PacsOptions.load(path) == PacsOptions()
