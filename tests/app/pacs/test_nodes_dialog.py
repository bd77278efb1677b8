"""The nodes dialog: edit, validate, save atomically, reload equal; Verify against real peers."""

from __future__ import annotations

import re

from workstation.app.pacs.options import PacsOptions, options_path
from workstation.app.pacs.qt_nodes_dialog import QtNodesDialog
from workstation.net import (
    Auth,
    ForwardRule,
    LocalAE,
    NetworkConfig,
    Protocol,
    RemoteNode,
    RetrieveMethod,
    default_config_path,
    load_config,
)

from .conftest import SCREENSHOTS, free_port


def make_dialog(qtbot, config=None, options=None) -> QtNodesDialog:
    dialog = QtNodesDialog(config or NetworkConfig(), options or PacsOptions(), default_config_path(),
                           options_path())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_added_nodes_rules_and_our_ae_are_saved_and_reload_equal(qtbot):
    dialog = make_dialog(qtbot)
    dialog.add_node()
    form = dialog.form
    form.name.setText("PACS Bạch Mai")
    form.ae_title.setText("BMPACS")
    form.host.setText("10.1.2.3")
    form.port.setValue(4242)
    form.retrieve_method.setCurrentIndex(form.retrieve_method.findData("move"))
    form.tls.setChecked(True)
    form.ca_file.setText("/etc/ws/ca.pem")
    form.prefetch.setChecked(True)
    dialog.add_node()
    form.name.setText("web")
    form.protocol.setCurrentIndex(form.protocol.findData("DICOMWEB"))
    form.base_url.setText("https://pacs.example/dicom-web")
    form.auth.setCurrentIndex(form.auth.findData("bearer"))
    form.token.setText("s3cret")
    assert form.retrieve_method.currentData() == RetrieveMethod.WADO  # DICOMweb can only WADO
    dialog.local_title.setText("WS_KHOA_CDHA")
    dialog.local_port.setValue(11113)
    dialog.accept_unknown.setChecked(False)
    dialog.allowed.setText("CT1, MR2")
    dialog.scp_enabled.setChecked(True)
    dialog.add_rule(ForwardRule("CT1", "web"))
    dialog.node_list.setCurrentRow(0)  # switching nodes keeps what was typed
    assert dialog.form.name.text() == "PACS Bạch Mai" and dialog.form.prefetch.isChecked()

    dialog.accept()

    assert dialog.result() == QtNodesDialog.DialogCode.Accepted, dialog.error.text()
    expected = NetworkConfig(
        local=LocalAE("WS_KHOA_CDHA", 11113, accept_unknown_callers=False, allowed_calling_aes=("CT1", "MR2")),
        nodes=(RemoteNode("PACS Bạch Mai", "BMPACS", "10.1.2.3", 4242, retrieve_method=RetrieveMethod.MOVE,
                          tls=True, ca_file="/etc/ws/ca.pem"),
               RemoteNode("web", protocol=Protocol.DICOMWEB, base_url="https://pacs.example/dicom-web",
                          auth=Auth.BEARER, token="s3cret")),
        forward_rules=(ForwardRule("CT1", "web"),))
    assert load_config(default_config_path()) == expected
    assert default_config_path().stat().st_mode & 0o077 == 0  # the file holds a token
    options = PacsOptions.load(options_path())
    assert options.scp_enabled and options.prefetch_nodes == ["PACS Bạch Mai"]
    reopened = make_dialog(qtbot, expected, options)
    assert reopened.result_config() == expected
    assert reopened.result_options() == options


def test_invalid_values_are_named_and_nothing_is_saved(qtbot):
    dialog = make_dialog(qtbot)
    dialog.add_node()
    dialog.form.ae_title.setText("BAD\\TITLE")
    dialog.accept()
    assert dialog.result() != QtNodesDialog.DialogCode.Accepted
    assert "AE title" in dialog.error.text() and "BAD" in dialog.error.text()
    assert not default_config_path().exists()


def test_forward_rule_to_an_unknown_node_is_refused(qtbot):
    dialog = make_dialog(qtbot)
    dialog.add_rule(ForwardRule("*", "nowhere"))
    dialog.accept()
    assert "unknown node 'nowhere'" in dialog.error.text()


def test_verify_shows_round_trip_against_orthanc_and_reason_for_a_closed_port(qtbot, orthanc):
    pacs = RemoteNode("pacs", orthanc.aet, "127.0.0.1", orthanc.dicom_port)
    closed = RemoteNode("closed", "NOBODY", "127.0.0.1", free_port())
    web = RemoteNode("web", protocol=Protocol.DICOMWEB, base_url=orthanc.dicomweb_url)
    dialog = make_dialog(qtbot, NetworkConfig(nodes=(pacs, closed, web)))

    for row, ok, words in ((0, True, "C-ECHO"), (1, False, "closed"), (2, True, "QIDO-RS")):
        dialog.node_list.setCurrentRow(row)
        dialog.verify_current()
        qtbot.waitUntil(lambda: dialog.last_verify is not None and dialog.verify_button.isEnabled(), timeout=20_000)
        result, text = dialog.last_verify, dialog.verify_result.text()
        assert result.ok is ok, text
        assert words in text
        if ok:
            assert text.startswith("OK") and re.search(r"round trip \d+ ms$", text)
        else:
            assert text.startswith("Failed") and str(closed.port) in text
        dialog.last_verify = None

    dialog.tabs.setCurrentIndex(0)
    dialog.node_list.setCurrentRow(0)
    dialog.verify_current()
    qtbot.waitUntil(lambda: dialog.last_verify is not None, timeout=20_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "pacs_nodes.png"))
