"""The media export dialog: which studies, on what, with what, where.

It only collects the choices (:class:`MediaRequest`); the controller runs the export. The
size line says how many discs the chosen studies need, so the user can switch to a DVD
before starting rather than be asked to split afterwards. The burners are looked for in
the background (a drive scan takes seconds) and filled in with :meth:`set_devices`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from export.media import MediaOptions, MediaType
from export.media.burners import BurnDevice
from workstation.model.records import StudyRecord

#: Media in the order offered, with their labels (translated when shown).
MEDIA_CHOICES = (
    (MediaType.CD, QT_TRANSLATE_NOOP("QtMediaExportDialog", "CD (700 MB)")),
    (MediaType.DVD, QT_TRANSLATE_NOOP("QtMediaExportDialog", "DVD (4.7 GB)")),
    (MediaType.DVD_DL, QT_TRANSLATE_NOOP("QtMediaExportDialog", "DVD DL (8.5 GB)")),
    (MediaType.USB, QT_TRANSLATE_NOOP("QtMediaExportDialog", "USB stick / folder")),
    (MediaType.ISO, QT_TRANSLATE_NOOP("QtMediaExportDialog", "ISO file only")),
)
#: Share of a disc the size line counts as usable (directories, index and previews take the rest).
USABLE_SHARE = 0.97


@dataclass
class MediaRequest:
    """The user's choices: the studies, the options and where the result goes."""

    study_uids: list[str]
    options: MediaOptions
    destination: str = ""  #: folder (USB) or ISO file; "" when burning
    device: str = ""  #: burner device when burning a CD/DVD
    verify: bool = True


class QtMediaExportDialog(QDialog):
    """Choose studies and media.

    Parameters
    ----------
    studies
        The studies to offer (local store rows or PACS query results).
    selected
        Study Instance UIDs ticked at first.
    viewer_bundle
        The portable viewer folder, None when this installation has none.
    remote
        UIDs of ``studies`` not in the local store: marked, they are retrieved first.
    date_format
        How study dates are shown (the settings' format).
    """

    def __init__(self, studies: Iterable[StudyRecord], selected: Iterable[str], viewer_bundle: str | None,
                 parent: QWidget | None = None, *, remote: Iterable[str] = (), date_format: str = "%d/%m/%Y") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export to CD/DVD/USB"))
        studies = list(studies)
        selected, remote = set(selected), set(remote)
        self.studies = {s.study_instance_uid: s for s in studies}
        self.viewer_bundle = viewer_bundle
        self._label_edited = False
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Patient"), self.tr("Patient ID"), self.tr("Date"), self.tr("Modality"),
                                   self.tr("Description"), self.tr("Size")])
        for study in studies:
            day = study.study_date.strftime(date_format) if study.study_date else ""
            nbytes = getattr(study, "nbytes", 0) or 0
            size = (self.tr("on the PACS: retrieved first") if study.study_instance_uid in remote
                    else f"{nbytes / 1e6:.0f} MB")
            item = QTreeWidgetItem([study.patient.display_name, study.patient.patient_id, day,
                                    "/".join(study.modalities), study.description, size])
            item.setData(0, Qt.ItemDataRole.UserRole, study.study_instance_uid)
            item.setCheckState(0, Qt.CheckState.Checked if study.study_instance_uid in selected
                               else Qt.CheckState.Unchecked)
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        self.list.setColumnWidth(0, self.list.columnWidth(0) + 24)  # room for the check box
        self.list.setMinimumWidth(min(1000, sum(self.list.columnWidth(c) for c in range(6)) + 30))
        self.media = QComboBox()
        for media_type, text in MEDIA_CHOICES:
            self.media.addItem(self.tr(text), media_type)
        self.device = QComboBox()
        self.device.addItem(self.tr("looking for burners..."), "")
        self.destination = QLineEdit()
        self.destination.setPlaceholderText(self.tr("ISO file or folder to write"))
        self.browse = QPushButton(self.tr("Choose..."))
        self.browse.clicked.connect(self._choose_destination)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.browse)
        self.viewer = QCheckBox(self.tr("Include the portable viewer") if viewer_bundle is not None else
                                self.tr("Include the portable viewer (not installed with this program)"))
        self.viewer.setEnabled(viewer_bundle is not None)
        self.viewer.setChecked(viewer_bundle is not None)
        self.anonymize = QCheckBox(self.tr("De-identify (remove names, IDs, dates)"))
        self.previews = QCheckBox(self.tr("Include previews, key images and reports (JPEG/PDF/HTML)"))
        self.previews.setChecked(True)
        self.split = QCheckBox(self.tr("Split over several discs when it does not fit"))
        self.split.setChecked(True)
        self.verify = QCheckBox(self.tr("Verify the disc after burning"))
        self.verify.setChecked(True)
        self.label = QLineEdit()
        self.label.setMaxLength(64)
        self.label.textEdited.connect(self._on_label_edited)
        self.size = QLabel()
        self.size.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Studies"), self.list)
        form.addRow(self.tr("Medium"), self.media)
        form.addRow(self.tr("Burner"), self.device)
        form.addRow(self.tr("Destination"), where)
        form.addRow(self.tr("Label"), self.label)
        for box in (self.viewer, self.anonymize, self.previews, self.split, self.verify):
            form.addRow("", box)
        form.addRow("", self.size)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Export"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.media.currentIndexChanged.connect(self._update)
        self.list.itemChanged.connect(self._update)
        self.list.itemChanged.connect(self._update_label)
        self.list.setMinimumHeight(150)
        self.destination.textChanged.connect(self._update)
        self.anonymize.toggled.connect(self._update_label)
        self._devices: list[BurnDevice] = []
        self._update_label()
        self._update()

    # -- state ------------------------------------------------------------------------------

    def set_devices(self, devices: list[BurnDevice]) -> None:
        """The burners found (called when the background scan is done)."""
        self._devices = list(devices)
        self.device.clear()
        for device in devices:
            self.device.addItem(str(device), device.device)
        if not devices:
            self.device.addItem(self.tr("no burner found"), "")
        self._update()

    def media_type(self) -> MediaType:
        return self.media.currentData()

    def set_media_type(self, media_type: MediaType) -> None:
        self.media.setCurrentIndex(self.media.findData(media_type))

    def burning(self) -> bool:
        """CD/DVD with a burner: burn; without one, the disc is written as an ISO file."""
        return self.media_type() in (MediaType.CD, MediaType.DVD, MediaType.DVD_DL) and bool(self._devices)

    def selected_uids(self) -> list[str]:
        items = (self.list.topLevelItem(n) for n in range(self.list.topLevelItemCount()))
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in items if item.checkState(0) == Qt.CheckState.Checked]

    def _on_label_edited(self, _text: str) -> None:
        self._label_edited = True

    def _update_label(self, *_args) -> None:
        """The patient's name (or "Anonymised images") until the user types a label."""
        if self._label_edited:
            return
        uids = self.selected_uids()
        if self.anonymize.isChecked():
            self.label.setText(self.tr("Anonymised images"))
        else:
            self.label.setText(self.studies[uids[0]].patient.display_name if uids else "")

    def _update(self, *_args) -> None:
        burning = self.burning()
        self.device.setEnabled(burning)
        self.verify.setEnabled(burning)
        self.destination.setEnabled(not burning)
        self.browse.setEnabled(not burning)
        uids = self.selected_uids()
        nbytes = sum(getattr(self.studies[u], "nbytes", 0) or 0 for u in uids)
        capacity = self.media_type().capacity
        text = self.tr("%1 stud(ies), %2 MB").replace("%1", str(len(uids))).replace("%2", f"{nbytes / 1e6:.0f}")
        if capacity and nbytes:
            discs = -(-nbytes // int(capacity * USABLE_SHARE))
            text += " — " + (self.tr("fits on one disc") if discs == 1 else
                             self.tr("needs about %1 discs").replace("%1", str(discs)))
        if self.media_type().makes_iso and self.media_type() is not MediaType.ISO and not burning:
            text += " — " + self.tr("no burner: the disc is written as an ISO file")
        self.size.setText(text)
        self.ok.setEnabled(bool(uids) and (burning or bool(self.destination.text().strip())))

    def _choose_destination(self) -> None:
        if self.media_type() is MediaType.USB:
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder or USB stick"))
        else:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("ISO image"), "", self.tr("ISO images (*.iso)"))
            if path and not path.lower().endswith(".iso"):
                path += ".iso"
        if path:
            self.destination.setText(path)

    def request(self) -> MediaRequest:
        """The choices as the controller needs them."""
        options = MediaOptions(media_type=self.media_type(), label=self.label.text().strip(),
                               viewer_bundle=self.viewer_bundle if self.viewer.isChecked() else None,
                               anonymize=self.anonymize.isChecked(), previews=self.previews.isChecked(),
                               allow_split=self.split.isChecked())
        burning = self.burning()
        return MediaRequest(self.selected_uids(), options,
                            destination="" if burning else os.fspath(self.destination.text().strip()),
                            device=self.device.currentData() if burning else "",
                            verify=self.verify.isChecked())
