"""The "Network / PACS nodes" dialog: remote nodes, our own AE, forward rules, Verify.

It edits a copy of the :class:`~workstation.net.NetworkConfig` and the
:class:`~workstation.app.pacs.options.PacsOptions`; nothing is written until OK, and
then both files are saved atomically. Verify runs C-ECHO (PS3.4 Annex A) or a QIDO-RS
ping on the thread pool and shows the round-trip time or the reason it failed.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.app.pacs.options import PacsOptions
from workstation.app.pacs.qt_node_form import QtNodeForm
from workstation.app.pacs.workers import run_in_worker
from workstation.net import (
    ForwardRule,
    LocalAE,
    NetworkConfig,
    RemoteNode,
    Result,
    Timeouts,
    save_config,
    verify,
)

#: Verify should answer quickly: a node that does not connect in 5 s is as good as down.
VERIFY_TIMEOUTS = Timeouts(connect=5.0, acse=10.0, dimse=10.0, network=10.0)
OK_STYLE = "color: #2e9d3a; font-weight: bold;"
ERROR_STYLE = "color: #e05050;"


class QtNodesDialog(QDialog):
    """Edit nodes, our AE and forward rules; :meth:`accept` validates and saves.

    Parameters
    ----------
    config, options
        What is configured now (not changed in place).
    config_path, options_path
        Where OK saves them.
    """

    def __init__(self, config: NetworkConfig, options: PacsOptions, config_path: Path, options_path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Network / PACS nodes"))
        self.config, self.options = config, options
        self._config_path, self._options_path = config_path, options_path
        self._drafts: list[dict] = [asdict(n) for n in config.nodes]
        self._prefetch = {n.name: n.name in options.prefetch_nodes for n in config.nodes}
        self._row = -1
        self.last_verify: Result | None = None
        tabs = QTabWidget()
        tabs.addTab(self._build_nodes_tab(), self.tr("Remote nodes"))
        tabs.addTab(self._build_local_tab(config.local, options), self.tr("This workstation"))
        tabs.addTab(self._build_rules_tab(config.forward_rules), self.tr("Forward rules"))
        self.tabs = tabs
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 620)
        self.node_list.setCurrentRow(0 if self._drafts else -1)

    # -- remote nodes ----------------------------------------------------------------------

    def _build_nodes_tab(self) -> QWidget:
        self.node_list = QListWidget()
        self.node_list.addItems([d["name"] for d in self._drafts])
        self.node_list.currentRowChanged.connect(self._on_node_selected)
        add, remove = QPushButton(self.tr("Add")), QPushButton(self.tr("Remove"))
        add.clicked.connect(self.add_node)
        remove.clicked.connect(self.remove_node)
        self.form = QtNodeForm()
        self.form.edited.connect(self._on_form_edited)
        self.verify_button = QPushButton(self.tr("Verify (C-ECHO / QIDO-RS)"))
        self.verify_button.clicked.connect(self.verify_current)
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.node_list, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        left.addLayout(row)
        right = QVBoxLayout()
        right.addWidget(self.form)
        check = QHBoxLayout()
        check.addWidget(self.verify_button)
        check.addWidget(self.verify_result, 1)
        right.addLayout(check)
        right.addStretch(1)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addLayout(left, 1)
        layout.addLayout(right, 3)
        return page

    def add_node(self) -> None:
        """A new DIMSE node with a unique name, selected for editing."""
        names = {d["name"] for d in self._drafts}
        name = next(f"PACS {n}" for n in range(1, len(names) + 2) if f"PACS {n}" not in names)
        self._drafts.append(asdict(RemoteNode(name)))
        self._prefetch[name] = False
        self.node_list.addItem(name)
        self.node_list.setCurrentRow(len(self._drafts) - 1)
        self.form.name.setFocus()
        self.form.name.selectAll()

    def remove_node(self) -> None:
        row = self.node_list.currentRow()
        if row < 0:
            return
        self._row = -1  # the form's values belong to the removed node: do not store them back
        del self._drafts[row]
        self.node_list.takeItem(row)
        self._on_node_selected(self.node_list.currentRow())

    def _on_node_selected(self, row: int) -> None:
        self._row = row
        self.verify_result.clear()
        self.form.setEnabled(row >= 0)
        self.verify_button.setEnabled(row >= 0)
        if row >= 0:
            draft = self._drafts[row]
            self.form.set_values(draft, self._prefetch.get(draft["name"], False))

    def _on_form_edited(self) -> None:
        if self._row < 0:
            return
        values = self.form.values()
        old = self._drafts[self._row]["name"]
        self._prefetch.pop(old, None)
        self._prefetch[values["name"]] = self.form.prefetch.isChecked()
        self._drafts[self._row] = values
        self.node_list.item(self._row).setText(values["name"] or self.tr("(no name)"))
        self.verify_result.clear()

    def verify_current(self) -> None:
        """C-ECHO / QIDO ping the node in the form, in a worker; the label shows the outcome."""
        try:
            node = self.form.node()
            local = self.local_ae()
        except (ValueError, TypeError) as exc:
            self._show_verify(Result(False, str(exc)))
            return
        self.verify_button.setEnabled(False)
        self.verify_result.setStyleSheet("")
        self.verify_result.setText(self.tr("Verifying %1 ...").replace("%1", node.describe()))
        run_in_worker(lambda: verify(node, local, timeouts=VERIFY_TIMEOUTS),
                      lambda result: self._show_verify(result, node),
                      lambda text: self._show_verify(Result(False, text)), self)

    def _show_verify(self, result: Result, node: RemoteNode | None = None) -> None:
        self.verify_button.setEnabled(self._row >= 0)
        if result.ok and node is not None:
            text = self.tr("OK: %1 answered %2, round trip %3 ms").replace("%1", node.describe()).replace(
                "%2", "QIDO-RS" if node.is_dicomweb else "C-ECHO").replace("%3", f"{result.elapsed_s * 1000:.0f}")
        else:
            text = self.tr("Failed: %1").replace("%1", result.message)
        self.verify_result.setStyleSheet(OK_STYLE if result.ok else ERROR_STYLE)
        self.verify_result.setText(text)
        self.last_verify = result

    # -- our AE ----------------------------------------------------------------------------

    def _build_local_tab(self, local: LocalAE, options: PacsOptions) -> QWidget:
        self.local_title = QLineEdit(local.ae_title)
        self.local_title.setMaxLength(16)
        self.local_port = QSpinBox()
        self.local_port.setRange(1, 65535)
        self.local_port.setValue(local.port or 11112)
        self.scp_enabled = QCheckBox(self.tr("Run the storage SCP while the program is open"))
        self.scp_enabled.setChecked(options.scp_enabled)
        self.bind_all = QCheckBox(self.tr("Accept connections from other computers (all network interfaces)"))
        self.bind_all.setChecked(local.bind_all)
        self.accept_unknown = QCheckBox(self.tr("Accept any calling AE title"))
        self.accept_unknown.setChecked(local.accept_unknown_callers)
        self.allowed = QLineEdit(" ".join(local.allowed_calling_aes))
        self.allowed.setPlaceholderText(self.tr("besides the configured nodes, e.g. CT1 MR2"))
        self.local_tls = QCheckBox(self.tr("DICOM TLS"))
        self.local_tls.setChecked(local.tls)
        self.local_ca, self.local_cert, self.local_key = (QLineEdit(local.ca_file), QLineEdit(local.cert_file),
                                                         QLineEdit(local.key_file))
        self.local_ca.setPlaceholderText(self.tr("set: callers must present a certificate signed by it"))
        self.accept_unknown.toggled.connect(lambda on: self.allowed.setEnabled(not on))
        self.allowed.setEnabled(not local.accept_unknown_callers)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.tr("Our AE title"), self.local_title)
        form.addRow(self.tr("Storage SCP port"), self.local_port)
        form.addRow("", self.scp_enabled)
        form.addRow("", self.bind_all)
        form.addRow("", self.accept_unknown)
        form.addRow(self.tr("Allowed calling AE titles"), self.allowed)
        form.addRow("", self.local_tls)
        form.addRow(self.tr("CA certificates"), self.local_ca)
        form.addRow(self.tr("Server certificate"), self.local_cert)
        form.addRow(self.tr("Server key"), self.local_key)
        note = QLabel(self.tr("The PACS must know this AE title, host and port to answer C-MOVE requests "
                              "and to send studies here."))
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def local_ae(self) -> LocalAE:
        """Our AE from the tab's fields. Raises ``ValueError`` naming the wrong field."""
        return LocalAE(ae_title=self.local_title.text(), port=self.local_port.value(),
                       bind_all=self.bind_all.isChecked(), accept_unknown_callers=self.accept_unknown.isChecked(),
                       allowed_calling_aes=tuple(self.allowed.text().replace(",", " ").split()),
                       tls=self.local_tls.isChecked(), ca_file=self.local_ca.text().strip(),
                       cert_file=self.local_cert.text().strip(), key_file=self.local_key.text().strip())

    # -- forward rules -----------------------------------------------------------------------

    def _build_rules_tab(self, rules: tuple[ForwardRule, ...]) -> QWidget:
        self.rules = QTableWidget(0, 3)
        self.rules.setHorizontalHeaderLabels([self.tr("Received from calling AE (* = any)"),
                                              self.tr("Also send to node"),
                                              self.tr("Transfer syntax UID (empty = as stored)")])
        self.rules.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rules.verticalHeader().hide()
        for rule in rules:
            self.add_rule(rule)
        add, remove = QPushButton(self.tr("Add rule")), QPushButton(self.tr("Remove rule"))
        add.clicked.connect(lambda: self.add_rule())
        remove.clicked.connect(lambda: self.rules.removeRow(self.rules.currentRow()))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Instances our storage SCP receives from a calling AE are also sent "
                                        "to another node (for example a second PACS).")))
        layout.addWidget(self.rules, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def add_rule(self, rule: ForwardRule | None = None) -> None:
        row = self.rules.rowCount()
        self.rules.insertRow(row)
        self.rules.setItem(row, 0, QTableWidgetItem(rule.calling_ae if rule else "*"))
        nodes = QComboBox()
        nodes.setEditable(True)  # the node may be added on the other tab after the rule
        nodes.addItems([d["name"] for d in self._drafts])
        nodes.setCurrentText(rule.node if rule else (self._drafts[0]["name"] if self._drafts else ""))
        self.rules.setCellWidget(row, 1, nodes)
        self.rules.setItem(row, 2, QTableWidgetItem(rule.transfer_syntax if rule else ""))

    def forward_rules(self) -> tuple[ForwardRule, ...]:
        rules = []
        for row in range(self.rules.rowCount()):
            calling = (self.rules.item(row, 0).text() if self.rules.item(row, 0) else "").strip()
            node = self.rules.cellWidget(row, 1).currentText().strip()
            syntax = (self.rules.item(row, 2).text() if self.rules.item(row, 2) else "").strip()
            if calling or node:
                rules.append(ForwardRule(calling or "*", node, syntax))
        return tuple(rules)

    # -- result ------------------------------------------------------------------------------

    def result_config(self) -> NetworkConfig:
        """The edited configuration. Raises ``ValueError`` naming what is wrong."""
        nodes = tuple(RemoteNode(**d) for d in self._drafts)
        return NetworkConfig(local=self.local_ae(), nodes=nodes, forward_rules=self.forward_rules())

    def result_options(self) -> PacsOptions:
        names = {d["name"] for d in self._drafts}
        last = self.options.last_node if self.options.last_node in names else ""
        return replace(self.options, scp_enabled=self.scp_enabled.isChecked(), last_node=last,
                       prefetch_nodes=sorted(n for n, on in self._prefetch.items() if on and n in names))

    def accept(self) -> None:
        try:
            config = self.result_config()
            options = self.result_options()
        except (ValueError, TypeError) as exc:
            self.error.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
            return
        try:
            save_config(config, self._config_path)
            options.save(self._options_path)
        except OSError as exc:
            self.error.setText(self.tr("Could not save: %1").replace("%1", str(exc)))
            return
        self.config, self.options = config, options
        super().accept()
