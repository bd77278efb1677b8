"""PACS connectivity in the main window: nodes, query/retrieve, jobs, storage SCP, send.

The network work is :mod:`workstation.net` (Qt-free, tested on its own); this controller
owns its long-lived pieces for one window (a :class:`~workstation.net.JobQueue`, the
:class:`~workstation.net.StorageSCP` and its :class:`~workstation.net.Forwarder`) and
the screens that drive them. Every event from a worker or association thread reaches
the widgets through :class:`~workstation.app.pacs.workers.JobBridge` signals.

A retrieved study opens as soon as its first instance is stored and fills in while the
rest arrives, in the same tab: arrivals are coalesced and the window re-plans the study
(:meth:`~workstation.app.main_window.MainWindow.grow_study`) at most once per
:data:`GROW_INTERVAL_MS`, and once more after the retrieve ends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from workstation.app.actions import N_, ActionSpec
from workstation.app.pacs.options import PacsOptions, options_path
from workstation.app.pacs.qt_jobs_panel import QtJobsPanel
from workstation.app.pacs.qt_nodes_dialog import QtNodesDialog
from workstation.app.pacs.qt_query_panel import QtQueryPanel
from workstation.app.pacs.qt_received_panel import QtReceivedPanel
from workstation.app.pacs.qt_send_dialog import QtSendDialog, SendScope
from workstation.app.pacs.workers import JobBridge
from workstation.model.records import StudyRecord
from workstation.net import (
    Forwarder,
    ForwardResult,
    Job,
    JobQueue,
    JobState,
    NetContext,
    NetworkConfig,
    PrefetchJob,
    RemoteNode,
    RetrieveJob,
    RetrieveTarget,
    SendJob,
    StorageSCP,
    default_config_path,
    load_config,
)

log = logging.getLogger(__name__)

#: Quiet time before the received list and the study browser are refreshed after arrivals.
REFRESH_DELAY_MS = 400
#: Least time between two re-plans of arriving studies: each reads the new headers and
#: swaps the grown stacks, so it runs per batch of arrivals, never per instance.
GROW_INTERVAL_MS = 1000


@dataclass
class _Retrieve:
    """A retrieve the user asked for (prefetches are not opened)."""

    node: RemoteNode
    study: StudyRecord


class PacsController(QObject):
    """Network features of one main window (see module docstring)."""

    ACTIONS: tuple[ActionSpec, ...] = (
        ActionSpec("pacs_query", N_("PACS query / retrieve"), "Ctrl+Shift+Q", N_("File"), toolbar=True),
        ActionSpec("pacs_send", N_("Send to PACS..."), "Ctrl+Alt+S", N_("File")),
        ActionSpec("pacs_jobs", N_("Network jobs"), "Ctrl+Shift+J", N_("File"), checkable=True),
        ActionSpec("pacs_received", N_("Received studies"), "", N_("File"), checkable=True),
        ActionSpec("pacs_nodes", N_("Network / PACS nodes..."), "Ctrl+Shift+N", N_("File")),
    )

    #: a study uid whose instance a retrieve stored (emitted on the network's ingest thread)
    study_instance_stored = Signal(str)

    def __init__(self, window, store) -> None:
        super().__init__(window)
        self.window, self.store = window, store
        self.config_path, self.options_path = default_config_path(), options_path()
        self.config, config_error = _load(self.config_path)
        self.options = PacsOptions.load(self.options_path)
        #: only the main window listens; other monitors' windows share its store
        self.primary = getattr(window, "monitor_index", 0) == 0
        self.scp: StorageSCP | None = None
        self.forwarder: Forwarder | None = None
        self.scp_error = ""
        self._closed = False  #: save_all ran: the window is going, the store may close
        self.context = NetContext(self.config.local, store)
        self.jobs = JobQueue(self.context)
        self.bridge = JobBridge(self)
        self.bridge.attach_queue(self.jobs)
        self.bridge.job_added.connect(self._on_job_changed)
        self.bridge.job_changed.connect(self._on_job_changed)
        self.bridge.first_instance.connect(self._on_first_instance)
        self.bridge.study_received.connect(self._schedule_refresh)
        self.bridge.instance_received.connect(self._schedule_refresh)
        self.bridge.instance_received.connect(lambda arrival: self._arrived(arrival.study_instance_uid))
        self.bridge.job_added.connect(self._watch_arrivals)
        self.study_instance_stored.connect(self._arrived)
        self.bridge.forwarded.connect(self._on_forwarded)
        self._retrieves: dict[int, _Retrieve] = {}
        self._ended: set[int] = set()  #: ids of jobs whose end was handled
        self._grow_due: set[str] = set()  #: open studies with arrivals not yet shown
        self.send_dialog: QtSendDialog | None = None
        self.query_panel = QtQueryPanel(lambda: self.config, window.settings.date_format,
                                        local_count=lambda uid: len(store.study_instances(uid)))
        self.query_panel.retrieve_requested.connect(self.retrieve)
        self.query_panel.node_changed.connect(self._on_node_changed)
        self.query_panel.set_nodes([n.name for n in self.config.nodes], self.options.last_node)
        self.jobs_panel = QtJobsPanel(self.jobs)
        self.bridge.job_added.connect(self.jobs_panel.add_job)
        self.bridge.job_changed.connect(self.jobs_panel.update_job)
        self.received_panel = QtReceivedPanel(store.study, window.settings.date_format)
        self.received_panel.open_requested.connect(window.open_study)
        self.jobs_dock = self._dock(self.jobs_panel, self.tr("Network jobs"), "pacs-jobs-dock", "pacs_jobs")
        self.received_dock = self._dock(self.received_panel, self.tr("Received studies"), "pacs-received-dock",
                                        "pacs_received")
        window.tabifyDockWidget(self.jobs_dock, self.received_dock)
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh_received)
        self._grow_timer = QTimer(self, singleShot=True, interval=GROW_INTERVAL_MS)
        self._grow_timer.timeout.connect(self._grow)
        self._startup_error = (self.tr("Network configuration not loaded: %1").replace("%1", config_error)
                               if config_error else "")
        # The window builds its tabs and status bar after its controllers: finish when it runs.
        QTimer.singleShot(0, self, self._install)  # not after the window is gone

    def _dock(self, widget, title: str, name: str, action_id: str) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        dock.visibilityChanged.connect(lambda shown, a=action_id: self._sync_action(a, shown))
        return dock

    def _sync_action(self, action_id: str, shown: bool) -> None:
        action = getattr(self.window, "actions_by_id", {}).get(action_id)
        if action is not None:
            action.setChecked(shown)

    def _install(self) -> None:
        """Add the PACS tab next to the study browser and start the storage SCP."""
        tabs = self.window.tabs
        index = tabs.indexOf(self.window.browser) + 1
        tabs.insertTab(index, self.query_panel, self.tr("PACS"))
        tabs.tabBar().setTabButton(index, tabs.tabBar().ButtonPosition.RightSide, None)
        if self._startup_error:
            self.window.show_message(self._startup_error, error=True)
        self.start_scp()

    # -- storage SCP ---------------------------------------------------------------------------

    def start_scp(self) -> bool:
        """Listen when the options say so (main window only); a taken port is a message, not a crash."""
        self.stop_scp()
        if not (self.options.scp_enabled and self.primary):
            self.received_panel.set_status(self.tr("The storage SCP is off (File > Network / PACS nodes...)."))
            return False
        local = self.config.local
        scp = StorageSCP(local, self.store, known_calling_aes=self.config.known_calling_aes())
        try:
            scp.start()
        except OSError as exc:
            self.scp_error = (self.tr("Storage SCP could not listen on port %1 (%2): receiving from the PACS "
                                      "and C-MOVE are off, everything else works. Choose another port in "
                                      "File > Network / PACS nodes.").replace("%1", str(local.port))
                              .replace("%2", exc.strerror or str(exc)))
            log.error("%s", self.scp_error)
            self.window.show_message(self.scp_error, error=True)
            self.received_panel.set_status(self.scp_error, error=True)
            return False
        self.scp, self.context.scp, self.scp_error = scp, scp, ""
        self.bridge.attach_scp(scp)
        if self.config.forward_rules:
            self.forwarder = Forwarder(self.config, scp, self.store)
            self.forwarder.forwarded.connect(self.bridge.on_forwarded)
            self.forwarder.start()
        host, port = scp.address
        self.received_panel.set_status(self.tr("Listening as %1 on %2:%3").replace("%1", local.ae_title)
                                       .replace("%2", host).replace("%3", str(port)))
        return True

    def stop_scp(self) -> None:
        if self.forwarder is not None:
            self.forwarder.stop()
            self.forwarder = None
        if self.scp is not None:
            self.bridge.detach_scp(self.scp)
            self.scp.stop()
            self.scp = self.context.scp = None

    def _schedule_refresh(self, *_: object) -> None:
        if not self._closed and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh_received(self) -> None:
        if self.scp is not None:
            self.received_panel.set_studies(self.scp.received_studies())
        self.window.browser.refresh()

    def _on_forwarded(self, result: ForwardResult) -> None:
        if result.ok and result.report is not None:
            text = self.tr("Forwarded %1 instance(s) of a received study to %2").replace(
                "%1", str(len(result.report.results))).replace("%2", result.rule.node)
        else:
            text = self.tr("Forwarding to %1 failed: %2").replace("%1", result.rule.node).replace(
                "%2", result.error or self.tr("%1 instance(s) refused").replace(
                    "%1", str(len(result.report.failed) if result.report is not None else 0)))
        self.window.show_message(text, error=not result.ok)

    # -- retrieve ------------------------------------------------------------------------------

    def retrieve(self, node: RemoteNode, study: StudyRecord, targets: tuple[RetrieveTarget, ...] = ()) -> RetrieveJob:
        """Queue a retrieve of ``study`` (or of ``targets``) from ``node``; it opens as it arrives."""
        name = study.patient.display_name or study.patient.patient_id
        wanted = tuple(targets) or (RetrieveTarget(study.study_instance_uid),)
        pending = next((j for j in self.jobs.jobs() if isinstance(j, RetrieveJob) and j.id in self._retrieves
                        and not j.state.finished and j.targets == wanted), None)
        if pending is not None:
            self.window.show_message(self.tr("%1 is already being retrieved").replace("%1", name))
            return pending
        title = self.tr("Retrieve %1 %2 from %3").replace("%1", name).replace(
            "%2", study.description or "/".join(study.modalities)).replace("%3", node.name)
        job = RetrieveJob(node, study.study_instance_uid, targets=targets,
                          expected=0 if targets else study.instance_count, title=title)
        self._retrieves[job.id] = _Retrieve(node, study)
        self.jobs.submit(job)
        self.window.show_message(self.tr("Retrieving %1 from %2 ...").replace("%1", name).replace("%2", node.name))
        return job

    def _on_first_instance(self, job: RetrieveJob) -> None:
        if job.id not in self._retrieves or job.study_uid in self.window.views:
            return
        reading = self.window.current_view()  # someone reading another study keeps it in front
        self.window.open_study(job.study_uid)
        if reading is not None and self.window.tabs.indexOf(reading) >= 0:
            self.window.tabs.setCurrentWidget(reading)
            self.window.show_message(self.tr("%1 is arriving: opened in its own tab").replace("%1", job.title))

    def _on_job_changed(self, job: Job) -> None:
        if self._closed:  # jobs cancelled by save_all end after the window (and maybe the store)
            return
        self._show_progress()
        # progress signals queued before the end are delivered after it: act on the end once
        if not job.state.finished or job.id in self._ended:
            return
        self._ended.add(job.id)
        if isinstance(job, RetrieveJob):
            self._retrieve_finished(job)
        elif isinstance(job, SendJob):
            self._message(job, self.tr("%1: done").replace("%1", job.title))
        elif isinstance(job, PrefetchJob) and job.state is JobState.FAILED:
            self._message(job, "")

    def _retrieve_finished(self, job: RetrieveJob) -> None:
        self.window.browser.refresh()
        self.query_panel.refresh_local()
        request = self._retrieves.pop(job.id, None)
        if request is None:  # a prefetch
            return
        uid = job.study_uid
        received = job.report.stats.received if job.report is not None else 0
        self._message(job, self.tr("Retrieved %1 instance(s) from %2").replace("%1", str(received))
                      .replace("%2", job.node.name))
        self._arrived(uid)  # the last arrivals since the previous growth step
        if (job.state is JobState.DONE and job.node.name in self.options.prefetch_nodes
                and self.window.settings.prefetch_priors > 0):
            self.jobs.prefetch_priors(request.node, request.study, self.window.settings.prefetch_priors)

    def _message(self, job: Job, done_text: str) -> None:
        if job.state is JobState.DONE:
            self.window.show_message(done_text)
        else:
            state = self.tr("cancelled") if job.state is JobState.CANCELLED else self.tr("failed")
            self.window.show_message(self.tr("%1 %2: %3").replace("%1", job.title).replace("%2", state)
                                     .replace("%3", job.error), error=job.state is JobState.FAILED)

    def _show_progress(self) -> None:
        """The status bar's progress follows the most recently started running job."""
        running = [j for j in self.jobs.jobs() if j.state is JobState.RUNNING and j.progress.total]
        bar = self.window.progress
        if not running:
            if bar.format().startswith(self.tr("Network")):
                bar.hide()
            return
        job = running[-1]
        bar.setMaximum(max(job.progress.total, 1))
        bar.setValue(min(job.progress.done, job.progress.total))
        bar.setFormat(self.tr("Network %v/%m"))
        bar.setToolTip(job.title)
        bar.show()

    # -- growth of open studies while they arrive -------------------------------------------

    def _watch_arrivals(self, job: Job) -> None:
        if isinstance(job, RetrieveJob) and job.id in self._retrieves:
            job.instance_arrived.connect(self._on_instance_stored)

    def _on_instance_stored(self, arrival) -> None:
        """Ingest thread: only a queued signal crosses to the GUI thread."""
        try:
            self.study_instance_stored.emit(arrival.study_instance_uid)
        except RuntimeError:  # the window closed while the job finished
            log.debug("arrival after the window closed: ignored")

    def _arrived(self, study_uid: str) -> None:
        """Instances of ``study_uid`` were stored: show them at the next growth step, in the
        viewer window that has the study open (the SCP runs in the main window; a retrieve
        may be started in another window than the one showing the study)."""
        if self._closed:
            return
        if study_uid not in self.window.views:
            owner = next((c for c in self._station() if study_uid in c.window.views), None)
            if owner is not None:  # never this one: its window does not have the study
                owner._arrived(study_uid)
            return
        self._grow_due.add(study_uid)
        if not self._grow_timer.isActive():
            self._grow_timer.start()

    def _grow(self) -> None:
        """One growth step per due study; one still being planned or re-planned waits
        for the next tick (so steps never overlap and never come closer than the interval)."""
        for uid in list(self._grow_due):
            if uid not in self.window.views or self.window.grow_study(uid):
                self._grow_due.discard(uid)
        if self._grow_due and not self._closed:
            self._grow_timer.start()

    # -- hooks ---------------------------------------------------------------------------------

    def study_closed(self, study_uid: str) -> None:
        self._grow_due.discard(study_uid)

    def save_all(self) -> None:
        """On quit: stop listening, stop the jobs (instances already stored stay)."""
        self._closed = True
        self._refresh_timer.stop()
        self._grow_timer.stop()
        self.stop_scp()
        self.jobs.shutdown(cancel_running=True, timeout=10.0)
        try:
            self.options.save(self.options_path)
        except OSError as exc:
            log.warning("could not save PACS options: %s", exc)

    # -- actions -------------------------------------------------------------------------------

    def on_pacs_query(self) -> None:
        self.window.tabs.setCurrentWidget(self.query_panel)
        self.query_panel.name.setFocus()

    def on_pacs_jobs(self) -> None:
        self.jobs_dock.setVisible(self.window.actions_by_id["pacs_jobs"].isChecked())

    def on_pacs_received(self) -> None:
        self.received_dock.setVisible(self.window.actions_by_id["pacs_received"].isChecked())

    def on_pacs_nodes(self) -> QtNodesDialog:
        dialog = QtNodesDialog(self.config, self.options, self.config_path, self.options_path, self.window)
        dialog.accepted.connect(lambda: self._apply_everywhere(dialog.config, dialog.options))
        dialog.open()
        return dialog

    def _station(self) -> list[PacsController]:
        """The controllers of every viewer window of this station (this one alone without
        a monitor manager)."""
        monitors = getattr(self.window, "monitors", None)
        viewers = monitors.viewers if monitors is not None else [self.window]
        return [c for v in viewers for c in v.controllers if isinstance(c, PacsController)]

    def _apply_everywhere(self, config: NetworkConfig, options: PacsOptions) -> None:
        """A configuration saved in any viewer window reaches them all: the storage SCP runs
        in the main window, and a window left with the old nodes would save them back."""
        for controller in self._station():
            controller.apply_config(config, options)
        self.window.show_message(self.tr("Network configuration saved"))

    def apply_config(self, config: NetworkConfig, options: PacsOptions) -> None:
        """Use a saved configuration: new nodes in the panel, the SCP restarted if it changed."""
        restart = (config.local != self.config.local or options.scp_enabled != self.options.scp_enabled
                   or config.forward_rules != self.config.forward_rules
                   or config.known_calling_aes() != self.config.known_calling_aes())
        self.config, self.options = config, options
        self.context.local = config.local
        self.query_panel.set_nodes([n.name for n in config.nodes], options.last_node)
        if restart:
            self.start_scp()

    def _on_node_changed(self, name: str) -> None:
        self.options.last_node = name

    def on_pacs_send(self) -> QtSendDialog:
        if self.send_dialog is not None:
            self.send_dialog.close()
            self.send_dialog.deleteLater()
        dialog = QtSendDialog(self.jobs, self.bridge, self.config, self.send_scopes(), self.window,
                              default_node=self.options.last_node)
        self.send_dialog = dialog
        dialog.show()
        return dialog

    def send_scopes(self) -> list[SendScope]:
        """What can be sent now: the browser's selected study, the current study, the current series."""
        window, store = self.window, self.store
        scopes: list[SendScope] = []

        def study_scope(label: str, uid: str) -> SendScope | None:
            study = store.study(uid)
            paths = tuple(i.path for i in store.study_instances(uid) if i.path)
            if study is None or not paths:
                return None
            name = f"{study.patient.display_name} {study.description}".strip()
            return SendScope(label.replace("%1", name), paths, (uid,))

        selected = window.browser.selected_study()
        current = window.current_study_uid()
        candidates = [(self.tr("Current study: %1"), current), (self.tr("Selected in the study browser: %1"),
                                                               selected)]
        if window.tabs.currentWidget() is window.browser:
            candidates.reverse()
        for label, uid in candidates:
            scope = study_scope(label, uid) if uid else None
            if scope is not None and all(s.study_uids != scope.study_uids for s in scopes):
                scopes.append(scope)
        viewport = window.active_viewport()
        series = viewport.source.volume.series if viewport is not None and viewport.source is not None else None
        if series is not None:
            paths = tuple(i.path for i in store.instances(series.series_instance_uid) if i.path)
            if paths:
                label = f"{series.series_number}: {series.description}" if series.series_number is not None else \
                    series.description
                scopes.insert(1 if scopes and candidates[0][1] == current else len(scopes),
                              SendScope(self.tr("Current series: %1").replace("%1", label), paths))
        return scopes


def _load(path) -> tuple[NetworkConfig, str]:
    """The node file, or an empty configuration and why the file could not be used."""
    try:
        return load_config(path), ""
    except (ValueError, OSError) as exc:
        log.error("%s", exc)
        return NetworkConfig(), str(exc)
