""""Send to PACS": choose what and where, watch the progress, read the per-instance report.

The send itself is a :class:`~workstation.net.SendJob` in the controller's JobQueue (so
it also shows in the jobs panel and can be retried there); this dialog follows that job
through the bridge's queued signals and, at the end, lists every instance with the
status the receiver answered (PS3.4 B.2.3) and the transfer syntax it was sent in.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydicom.uid import (
    JPEG2000,
    UID,
    ExplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.app.pacs.workers import JobBridge
from workstation.net import Job, JobQueue, JobState, NetworkConfig, SendJob

#: Transfer syntaxes offered ("" = as stored); lossless first, lossy ones say so.
SYNTAXES = (("", QT_TRANSLATE_NOOP("QtSendDialog", "As stored (transcode only if the receiver requires it)")),
            (ExplicitVRLittleEndian, QT_TRANSLATE_NOOP("QtSendDialog", "Uncompressed (Explicit VR Little Endian)")),
            (JPEG2000Lossless, QT_TRANSLATE_NOOP("QtSendDialog", "JPEG 2000 lossless")),
            (JPEGLSLossless, QT_TRANSLATE_NOOP("QtSendDialog", "JPEG-LS lossless")),
            (RLELossless, QT_TRANSLATE_NOOP("QtSendDialog", "RLE lossless")),
            (JPEG2000, QT_TRANSLATE_NOOP("QtSendDialog", "JPEG 2000 lossy (ratio 10, new SOP Instance UIDs)")),
            (JPEGLSNearLossless, QT_TRANSLATE_NOOP("QtSendDialog", "JPEG-LS near-lossless (new SOP Instance UIDs)")))
REPORT_COLUMNS = (QT_TRANSLATE_NOOP("QtSendDialog", "SOP Instance UID"),
                  QT_TRANSLATE_NOOP("QtSendDialog", "Status"),
                  QT_TRANSLATE_NOOP("QtSendDialog", "Meaning"),
                  QT_TRANSLATE_NOOP("QtSendDialog", "Transfer syntax sent"))


@dataclass(frozen=True)
class SendScope:
    """Something the user may send: its label, the files, the whole studies it makes up."""

    label: str
    paths: tuple[str, ...]
    study_uids: tuple[str, ...] = ()  #: confirmed on the node when every file is stored there


class QtSendDialog(QDialog):
    """Non-modal send dialog bound to one job at a time.

    Signals
    -------
    finished_job(SendJob)
        The send ended (done, failed or cancelled) and the report table is filled.
    """

    finished_job = Signal(object)

    def __init__(self, jobs: JobQueue, bridge: JobBridge, config: NetworkConfig, scopes: list[SendScope],
                 parent: QWidget | None = None, default_node: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send to PACS"))
        self.jobs, self.config = jobs, config
        self.job: SendJob | None = None
        self.scope = QComboBox()
        for scope in scopes:
            self.scope.addItem(self.tr("%1 (%2 instances)").replace("%1", scope.label).replace(
                "%2", str(len(scope.paths))), scope)
        self.node = QComboBox()
        self.node.addItems([n.name for n in config.nodes])
        self.node.setCurrentIndex(max(0, self.node.findText(default_node)))
        self.syntax = QComboBox()
        for uid, label in SYNTAXES:
            self.syntax.addItem(self.tr(label), uid)
        self.progress = QProgressBar()
        self.progress.setFormat("%v/%m")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.report = QTableWidget(0, len(REPORT_COLUMNS))
        self.report.setHorizontalHeaderLabels([self.tr(c) for c in REPORT_COLUMNS])
        self.report.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report.verticalHeader().hide()
        self.report.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.report.horizontalHeader().setStretchLastSection(True)
        self.send_button = QPushButton(self.tr("Send"))
        self.cancel_button = QPushButton(self.tr("Cancel sending"))
        self.close_button = QPushButton(self.tr("Close"))
        self.send_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)
        self.cancel_button.setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("Send"), self.scope)
        form.addRow(self.tr("To node"), self.node)
        form.addRow(self.tr("Transfer syntax"), self.syntax)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        self.resize(820, 480)
        if not scopes or not config.nodes:
            self.send_button.setEnabled(False)
            self.summary.setText(self.tr("Nothing to send: open or select a study.") if not scopes else
                                 self.tr("No node is configured: File > Network / PACS nodes..."))
        bridge.job_changed.connect(self._on_job_changed)

    def start(self) -> SendJob | None:
        """Queue the send of the chosen scope to the chosen node."""
        scope: SendScope = self.scope.currentData()
        try:
            node = self.config.node(self.node.currentText())
        except KeyError as exc:
            self.summary.setText(str(exc))
            return None
        syntax = self.syntax.currentData()
        title = self.tr("Send %1 to %2").replace("%1", scope.label).replace("%2", node.name)
        job = SendJob(node, scope.paths, confirm_study_uids=scope.study_uids, transfer_syntax=syntax, title=title)
        self.job = job
        self.report.setRowCount(0)
        self.progress.setRange(0, len(scope.paths))
        self.progress.setValue(0)
        self.summary.setText(self.tr("Sending %1 instance(s) to %2 ...").replace("%1", str(len(scope.paths)))
                             .replace("%2", node.describe()))
        self.send_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.jobs.submit(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_job_changed(self, job: Job) -> None:
        if job is not self.job:
            return
        if job.progress.total:
            self.progress.setRange(0, job.progress.total)
        self.progress.setValue(job.progress.done)
        if job.state.finished:
            self._show_report(job)

    def _show_report(self, job: SendJob) -> None:
        self.send_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        results = job.report.results if job.report is not None else []
        self.report.setRowCount(len(results))
        for row, result in enumerate(results):
            status = f"0x{result.status:04X}" if result.status is not None else "—"
            syntax = UID(result.transfer_syntax_uid).name if result.transfer_syntax_uid else ""
            for column, text in enumerate((result.sop_instance_uid, status, result.meaning, syntax)):
                self.report.setItem(row, column, QTableWidgetItem(text))
        ok = sum(1 for r in results if r.ok)
        if job.state is JobState.DONE:
            text = self.tr("All %1 instance(s) stored by %2.").replace("%1", str(ok)).replace("%2", job.node.name)
        elif job.state is JobState.CANCELLED:
            text = self.tr("Cancelled: %1 of %2 instance(s) stored by %3.").replace("%1", str(ok)).replace(
                "%2", str(len(job.paths))).replace("%3", job.node.name)
        else:
            text = self.tr("Failed: %1").replace("%1", job.error)
        self.summary.setText(text)
        self.summary.setStyleSheet("" if job.state is JobState.DONE else "color: #e05050;")
        self.finished_job.emit(job)
