"""The form editing one remote node: address, protocol, authentication, TLS, retrieve method."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from workstation.net import Auth, Protocol, RemoteNode, RetrieveMethod

_PROTOCOLS = ((Protocol.DIMSE, QT_TRANSLATE_NOOP("QtNodeForm", "DIMSE (C-FIND / C-GET / C-MOVE / C-STORE)")),
              (Protocol.DICOMWEB, QT_TRANSLATE_NOOP("QtNodeForm", "DICOMweb (QIDO-RS / WADO-RS / STOW-RS)")))
_AUTHS = ((Auth.NONE, QT_TRANSLATE_NOOP("QtNodeForm", "None")),
          (Auth.BASIC, QT_TRANSLATE_NOOP("QtNodeForm", "Basic (user name and password)")),
          (Auth.BEARER, QT_TRANSLATE_NOOP("QtNodeForm", "Bearer token")))
_METHODS = ((RetrieveMethod.GET, QT_TRANSLATE_NOOP("QtNodeForm", "C-GET (no port to open on this computer)")),
            (RetrieveMethod.MOVE, QT_TRANSLATE_NOOP("QtNodeForm", "C-MOVE to our storage SCP")),
            (RetrieveMethod.WADO, QT_TRANSLATE_NOOP("QtNodeForm", "WADO-RS")))


def _combo(items: tuple[tuple[object, str], ...], tr) -> QComboBox:
    box = QComboBox()
    for value, text in items:
        box.addItem(tr(text), str(value))  # Qt keeps a StrEnum as its plain string
    return box


def _select(box: QComboBox, value: object) -> None:
    index = box.findData(str(value))
    box.setCurrentIndex(max(index, 0))


class QtNodeForm(QWidget):
    """Edits the values of one node; :meth:`node` builds (and validates) the ``RemoteNode``.

    Signals
    -------
    edited()
        Any field changed (the dialog keeps the node list in step).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.protocol = _combo(_PROTOCOLS, self.tr)
        self.ae_title = QLineEdit()
        self.ae_title.setMaxLength(16)
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.base_url = QLineEdit(placeholderText="http://pacs:8042/dicom-web")
        self.auth = _combo(_AUTHS, self.tr)
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.token = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.tls = QCheckBox(self.tr("Use TLS (DICOM TLS for DIMSE, HTTPS for DICOMweb)"))
        self.ca_file, self.cert_file, self.key_file = QLineEdit(), QLineEdit(), QLineEdit()
        self.ca_file.setPlaceholderText(self.tr("empty: the system's trusted authorities"))
        self.retrieve_method = _combo(_METHODS, self.tr)
        self.prefetch = QCheckBox(self.tr("Prefetch prior studies of the patient after a retrieve"))
        self.web_viewer_url = QLineEdit(placeholderText="http://pacs/viewer?StudyInstanceUIDs={study_uid}")
        layout = QFormLayout(self)
        layout.addRow(self.tr("Name"), self.name)
        layout.addRow(self.tr("Protocol"), self.protocol)
        layout.addRow(self.tr("AE title"), self.ae_title)
        layout.addRow(self.tr("Host"), self.host)
        layout.addRow(self.tr("Port"), self.port)
        layout.addRow(self.tr("DICOMweb base URL"), self.base_url)
        layout.addRow(self.tr("Authentication"), self.auth)
        layout.addRow(self.tr("User name"), self.username)
        layout.addRow(self.tr("Password"), self.password)
        layout.addRow(self.tr("Token"), self.token)
        layout.addRow("", self.tls)
        for label, edit in ((self.tr("CA certificates"), self.ca_file), (self.tr("Client certificate"), self.cert_file),
                            (self.tr("Client key"), self.key_file)):
            layout.addRow(label, self._with_browse(edit))
        layout.addRow(self.tr("Retrieve with"), self.retrieve_method)
        layout.addRow("", self.prefetch)
        layout.addRow(self.tr("Web viewer link"), self.web_viewer_url)
        self._form = layout
        for edit in (self.name, self.ae_title, self.host, self.base_url, self.username, self.password, self.token,
                     self.ca_file, self.cert_file, self.key_file, self.web_viewer_url):
            edit.textChanged.connect(self.edited)
        for box in (self.protocol, self.auth, self.retrieve_method):
            box.currentIndexChanged.connect(self._update_enabled)
            box.currentIndexChanged.connect(self.edited)
        for check in (self.tls, self.prefetch):
            check.toggled.connect(self._update_enabled)
            check.toggled.connect(self.edited)
        self.port.valueChanged.connect(self.edited)
        self._update_enabled()

    def set_values(self, values: dict, prefetch: bool) -> None:
        """Show a node's values (``asdict(RemoteNode)`` or a draft of it) without emitting ``edited``."""
        self.blockSignals(True)
        try:
            for key in ("name", "ae_title", "host", "base_url", "username", "password", "token", "ca_file",
                        "cert_file", "key_file", "web_viewer_url"):
                getattr(self, key).setText(str(values.get(key, "")))
            self.port.setValue(int(values.get("port", 104)))
            _select(self.protocol, Protocol(values.get("protocol", Protocol.DIMSE)))
            _select(self.auth, Auth(values.get("auth", Auth.NONE)))
            _select(self.retrieve_method, RetrieveMethod(values.get("retrieve_method", RetrieveMethod.GET)))
            self.tls.setChecked(bool(values.get("tls", False)))
            self.prefetch.setChecked(prefetch)
        finally:
            self.blockSignals(False)
        self._update_enabled()

    def values(self) -> dict:
        """The fields as ``RemoteNode`` keyword arguments (not validated)."""
        return {
            "name": self.name.text().strip(), "ae_title": self.ae_title.text().strip(),
            "host": self.host.text().strip(), "port": self.port.value(),
            "protocol": Protocol(self.protocol.currentData()), "base_url": self.base_url.text().strip(),
            "auth": Auth(self.auth.currentData()), "username": self.username.text(), "password": self.password.text(),
            "token": self.token.text(), "tls": self.tls.isChecked(), "ca_file": self.ca_file.text().strip(),
            "cert_file": self.cert_file.text().strip(), "key_file": self.key_file.text().strip(),
            "retrieve_method": RetrieveMethod(self.retrieve_method.currentData()),
            "web_viewer_url": self.web_viewer_url.text().strip(),
        }

    def node(self) -> RemoteNode:
        """The node the form describes. Raises ``ValueError`` naming the wrong field."""
        return RemoteNode(**self.values())

    def _update_enabled(self, *_: object) -> None:
        web = self.protocol.currentData() == Protocol.DICOMWEB
        auth = self.auth.currentData()
        shown = {self.ae_title: not web, self.host: not web, self.port: not web, self.base_url: web,
                 self.auth: web, self.username: web and auth == Auth.BASIC,
                 self.password: web and auth == Auth.BASIC, self.token: web and auth == Auth.BEARER}
        for widget, visible in shown.items():
            self._form.setRowVisible(widget, visible)
        for edit in (self.ca_file, self.cert_file, self.key_file):
            edit.parentWidget().setEnabled(self.tls.isChecked())
        method = self.retrieve_method.model()
        wado = self.retrieve_method.findData(str(RetrieveMethod.WADO))
        for row in range(method.rowCount()):
            method.item(row).setEnabled((row == wado) == web)
        if web and self.retrieve_method.currentData() != RetrieveMethod.WADO:
            self.retrieve_method.setCurrentIndex(wado)
        elif not web and self.retrieve_method.currentData() == RetrieveMethod.WADO:
            self.retrieve_method.setCurrentIndex(self.retrieve_method.findData(str(RetrieveMethod.GET)))

    def _with_browse(self, edit: QLineEdit) -> QWidget:
        """A path field with a "..." button opening a file chooser."""
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton("...")
        button.setMaximumWidth(32)
        button.clicked.connect(partial(self._browse, edit))
        row.addWidget(button)
        return box

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a PEM file"), edit.text(),
                                              self.tr("PEM files (*.pem *.crt *.key);;All files (*)"))
        if path:
            edit.setText(path)
