"""The network jobs panel: every retrieve, send and prefetch with its state and speed.

Rows are updated from :class:`~workstation.app.pacs.workers.JobBridge` signals, so they
only ever change on the GUI thread. Cancel asks the job to stop (a running retrieve
aborts its association, instances already stored are kept); Retry queues a new job that
fetches or sends only what is missing.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.net import Job, JobQueue, JobState

COLUMNS = (QT_TRANSLATE_NOOP("QtJobsPanel", "Job"),
           QT_TRANSLATE_NOOP("QtJobsPanel", "State"),
           QT_TRANSLATE_NOOP("QtJobsPanel", "Progress"),
           QT_TRANSLATE_NOOP("QtJobsPanel", "MB/s"),
           QT_TRANSLATE_NOOP("QtJobsPanel", "Elapsed"),
           QT_TRANSLATE_NOOP("QtJobsPanel", "Message"))
STATE_COLOURS = {JobState.FAILED: "#e05050", JobState.CANCELLED: "#d0a040", JobState.DONE: "#2e9d3a"}
STATE_TEXT = {JobState.QUEUED: QT_TRANSLATE_NOOP("QtJobsPanel", "Queued"),
              JobState.RUNNING: QT_TRANSLATE_NOOP("QtJobsPanel", "Running"),
              JobState.DONE: QT_TRANSLATE_NOOP("QtJobsPanel", "Done"),
              JobState.FAILED: QT_TRANSLATE_NOOP("QtJobsPanel", "Failed"),
              JobState.CANCELLED: QT_TRANSLATE_NOOP("QtJobsPanel", "Cancelled")}


class QtJobsPanel(QWidget):
    """A table of jobs with Cancel, Retry and Clear finished.

    Signals
    -------
    retried(Job)
        The new job a Retry queued.
    """

    retried = Signal(object)

    def __init__(self, jobs: JobQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self._rows: dict[int, Job] = {}  #: row order follows submission
        self._times: dict[int, list[float | None]] = {}  #: job id -> [started, ended] (monotonic)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 360)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.clear_button = QPushButton(self.tr("Clear finished"))
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.clear_button.clicked.connect(self.clear_finished)
        buttons = QHBoxLayout()
        for button in (self.cancel_button, self.retry_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._update_buttons()

    # -- updates (GUI thread) ------------------------------------------------------------------

    def add_job(self, job: Job) -> None:
        if job.id in self._rows:
            return
        self._rows[job.id] = job
        self._times[job.id] = [None, None]
        self.table.insertRow(self.table.rowCount())
        self.update_job(job)

    def update_job(self, job: Job) -> None:
        if job.id not in self._rows:
            self.add_job(job)
            return
        times = self._times[job.id]
        if job.state is not JobState.QUEUED and times[0] is None:
            times[0] = time.monotonic()
        if job.state.finished and times[1] is None:
            times[1] = time.monotonic()
        row = list(self._rows).index(job.id)
        p = job.progress
        progress = f"{p.done}/{p.total}" if p.total else (str(p.done) if p.done else "")
        if p.total:
            progress += f"  ({100 * p.done // max(p.total, 1)} %)"
        cells = (job.title, self.tr(STATE_TEXT[job.state]), progress,
                 f"{p.megabytes_per_s:.1f}" if p.megabytes_per_s else "", self._elapsed(job.id),
                 job.error or p.message)
        for column, text in enumerate(cells):
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, column, item)
            item.setText(text)
            if column == 5 and job.error:
                item.setToolTip(job.error)
        colour = STATE_COLOURS.get(job.state)
        self.table.item(row, 1).setForeground(QColor(colour) if colour else self.palette().text().color())
        self._update_buttons()

    def _elapsed(self, job_id: int) -> str:
        started, ended = self._times[job_id]
        if started is None:
            return ""
        seconds = int((ended or time.monotonic()) - started)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def _tick(self) -> None:
        for row, (job_id, job) in enumerate(self._rows.items()):
            if job.state is JobState.RUNNING and self.table.item(row, 4) is not None:
                self.table.item(row, 4).setText(self._elapsed(job_id))

    # -- commands -------------------------------------------------------------------------------

    def job_at(self, row: int) -> Job:
        return list(self._rows.values())[row]

    def selected_jobs(self) -> list[Job]:
        return [self.job_at(index.row()) for index in self.table.selectionModel().selectedRows()]

    def cancel_selected(self) -> None:
        for job in self.selected_jobs():
            if not job.state.finished:
                job.cancel()

    def retry_selected(self) -> None:
        for job in self.selected_jobs():
            if job.state in (JobState.FAILED, JobState.CANCELLED):
                self.retried.emit(self.jobs.retry(job))

    def clear_finished(self) -> None:
        for row in reversed(range(self.table.rowCount())):
            job = self.job_at(row)
            if job.state.finished:
                self.table.removeRow(row)
                del self._rows[job.id]
                del self._times[job.id]
        self._update_buttons()

    def _update_buttons(self) -> None:
        jobs = self.selected_jobs()
        self.cancel_button.setEnabled(any(not j.state.finished for j in jobs))
        self.retry_button.setEnabled(any(j.state in (JobState.FAILED, JobState.CANCELLED) for j in jobs))
        self.clear_button.setEnabled(any(j.state.finished for j in self._rows.values()))

    def row_of(self, job: Job) -> int:
        return list(self._rows).index(job.id)

    def cell(self, job: Job, column: str) -> str:
        """The text shown for ``job`` in ``column`` (one of :data:`COLUMNS`)."""
        item = self.table.item(self.row_of(job), COLUMNS.index(column))
        return item.text() if item is not None else ""


