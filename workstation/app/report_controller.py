"""Reports and key images in the main window: flag key images, write and sign the report,
save KOS / TID 1500 / report SR / PDF into the local store, send them to the PACS from
the job queue (with a retry state when it refuses), export key images as JPEG, and show
every SR/KOS of the study (latest report version first, with its history).

Drafts (report text and key images) are saved a few seconds after each change and when
a study closes, and restored when it opens again, so a crash loses nothing typed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QDockWidget, QStackedWidget, QWidget

from export.gsps import referenced_headers
from export.sr._common import image_headers
from export.sr.key_objects import KeyImages, build_kos
from export.sr.measurement_report import build_measurement_report
from export.sr.report_pdf import build_encapsulated_pdf, render_pdf
from export.sr.report_templates import best_template, load_report_templates
from export.sr.study_documents import StudyDocuments, read_study_documents
from export.sr.text_report import (
    DiagnosticReport,
    DocumentRef,
    build_text_report,
    report_from_document,
)
from tools.image_export import study_folder_name
from tools.measure import ImageRef
from tools.qt_image_export import export_key_images, render_frames
from viewer.qt_viewport import QtViewport
from viewer.view_state import ViewState
from workstation.app.actions import N_, ActionSpec
from workstation.app.paths import config_dir, data_dir
from workstation.app.reports.qt_document_panels import QtKeyImagePanel, QtSrViewer
from workstation.app.reports.qt_report_editor import QtReportEditor
from workstation.app.reports.state import DraftStore, Outbox, OutboxEntry, SendState
from workstation.net import (
    JobQueue,
    JobState,
    NetContext,
    SendJob,
    default_config_path,
    load_config,
)
from workstation.store import ImportStatus

log = logging.getLogger(__name__)

AUTOSAVE_MS = 3000  #: a draft is written this long after the last change
MENU = N_("Report")


@dataclass
class _Study:
    keys: KeyImages
    report: DiagnosticReport
    editor: QtReportEditor
    key_panel: QtKeyImagePanel
    viewer: QtSrViewer
    view: object
    documents: StudyDocuments | None = None


class _KeyImageMarker:
    """A viewport layer: "KEY" in the top right corner of a flagged image."""

    def __init__(self, controller: ReportController) -> None:
        self.controller = controller

    def paint(self, viewport: QtViewport, painter: QPainter) -> None:
        ref = current_ref(viewport)
        if ref is not None and self.controller.is_key_image(ref):
            painter.setPen(QColor("#ffd000"))  # centred under the top orientation label
            painter.drawText(viewport.rect().adjusted(0, 26, 0, 0),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), "\u2605 KEY")


def current_ref(viewport: QtViewport | None) -> ImageRef | None:
    """The stored image (and frame) a viewport shows; ``None`` for reconstructions."""
    volume = getattr(getattr(viewport, "source", None), "volume", None)
    if viewport is None or volume is None or not getattr(volume, "frames", None):
        return None
    k = viewport.state.slice_index
    return ImageRef.from_volume_slice(volume, k) if 0 <= k < len(volume.frames) else None


class ReportController(QObject):
    """Owns key images, reports and the send outbox of a main window."""

    ACTIONS = (
        ActionSpec("toggle_key_image", N_("Mark / unmark key image"), "Ctrl+K", MENU, toolbar=True),
        ActionSpec("key_image_panel", N_("Key images panel"), "Ctrl+Shift+K", MENU, checkable=True),
        ActionSpec("report_editor", N_("Report editor"), "Ctrl+Shift+D", MENU, checkable=True),
        ActionSpec("sr_viewer", N_("Structured reports of the study"), "Ctrl+Shift+V", MENU, checkable=True),
        ActionSpec("sign_report", N_("Sign report"), "", MENU),
        ActionSpec("amend_report", N_("Amend signed report"), "", MENU),
        ActionSpec("save_key_images", N_("Save key images (KOS)"), "", MENU),
        ActionSpec("save_measurement_report", N_("Save measurements as SR (TID 1500)"), "", MENU),
        ActionSpec("send_reports", N_("Send report, key images and measurements to the PACS"), "Ctrl+Shift+U", MENU),
        ActionSpec("export_key_images_jpeg", N_("Export key images as JPEG for HIS/EMR"), "", MENU),
    )

    #: job updates arrive on worker threads; this signal brings them to the GUI thread
    _job_changed = Signal(object)

    def __init__(self, window, store) -> None:
        super().__init__(window)
        self.window, self.store = window, store
        self.studies: dict[str, _Study] = {}
        self.drafts = DraftStore(config_dir() / "report_drafts")
        self.outbox = Outbox(config_dir() / "report_outbox.json")
        self.templates, problems = load_report_templates(config_dir() / "report_templates")
        for problem in problems:
            log.warning("report template skipped: %s", problem)
        self.jobs: JobQueue | None = getattr(window, "jobs", None)
        self._own_jobs = False  #: the queue is ours (the window has none): shut it down on quit
        self.marker = _KeyImageMarker(self)
        self._dirty: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_drafts)
        self._job_changed.connect(self._on_job_changed, Qt.ConnectionType.QueuedConnection)
        self.docks = {}
        self.stacks = {}
        for key, title, area in (("report_editor", self.tr("Report"), Qt.DockWidgetArea.RightDockWidgetArea),
                                 ("key_image_panel", self.tr("Key images"), Qt.DockWidgetArea.LeftDockWidgetArea),
                                 ("sr_viewer", self.tr("Structured reports"), Qt.DockWidgetArea.RightDockWidgetArea)):
            stack = QStackedWidget()
            stack.addWidget(QWidget())
            dock = QDockWidget(title, window)
            dock.setObjectName(f"{key}-dock")
            dock.setWidget(stack)
            window.addDockWidget(area, dock)
            dock.hide()
            self.docks[key], self.stacks[key] = dock, stack

    # -- study lifecycle ------------------------------------------------------------------------

    def study_opened(self, study_uid: str, view) -> None:
        draft = self.drafts.load(study_uid)
        keys = draft.key_images if draft and draft.key_images else KeyImages(study_uid)
        language = self.window.settings.language if self.window.settings.language in ("vi", "en") else "vi"
        report = draft.report if draft and draft.report else DiagnosticReport(study_uid, language=language)
        editor = QtReportEditor(self.templates)
        editor.set_report(report)
        panel = QtKeyImagePanel(keys, lambda ref, uid=study_uid: self.image_label(uid, ref))
        viewer = QtSrViewer()
        study = _Study(keys, report, editor, panel, viewer, view)
        self.studies[study_uid] = study
        editor.changed.connect(lambda uid=study_uid: self._on_edited(uid))
        editor.sign_requested.connect(self.on_sign_report)
        editor.amend_requested.connect(self.on_amend_report)
        keys.changed.connect(lambda uid=study_uid: self._on_keys_changed(uid))
        panel.image_activated.connect(lambda ref, uid=study_uid: self.show_image(uid, ref))
        panel.save_requested.connect(self.on_save_key_images)
        panel.export_requested.connect(self.on_export_key_images_jpeg)
        viewer.image_requested.connect(lambda ref, uid=study_uid: self.show_image(uid, ref))
        for key, widget in (("report_editor", editor), ("key_image_panel", panel), ("sr_viewer", viewer)):
            self.stacks[key].addWidget(widget)
        view.grid.viewports_changed.connect(lambda v=view: self._attach(v))
        self._attach(view)
        if draft is not None and draft.report is not None and not draft.report.is_empty:
            self.window.show_message(self.tr("The unsaved report draft of this study was restored"))

    def _attach(self, view) -> None:
        for viewport in view.grid.viewports:
            if self.marker not in viewport.layers:
                viewport.layers.append(self.marker)

    def study_planned(self, study_uid: str, view) -> None:
        """Read what the study already holds (reports and KOS from the PACS or earlier
        sessions); without a draft, show the latest report version and key images."""
        study = self.studies.get(study_uid)
        if study is None:
            return
        self.refresh_documents(study_uid)
        draft = self.drafts.load(study_uid)
        documents = study.documents
        if (draft is None or draft.key_images is None) and documents is not None:
            latest = documents.latest_key_images()
            if latest is not None and not len(study.keys):
                study.keys.replace(latest.refs, latest.title_key, latest.description)
        if draft is None or draft.report is None:
            chains = documents.report_versions() if documents is not None else []
            if chains:
                study.report = report_from_document(chains[0][0], version=len(chains[0]))
            elif study.report.is_empty:
                study.report = self._templated(study_uid, study.report)
            study.editor.set_report(study.report)
        self._dirty.discard(study_uid)

    def _templated(self, study_uid: str, report: DiagnosticReport) -> DiagnosticReport:
        images = [s for s in self.store.series(study_uid) if s.modality not in ("SR", "KO", "PR", "DOC")]
        modality = images[0].modality if images else ""
        body_part = next((s.body_part for s in images if s.body_part), "")
        template = best_template(self.templates, modality, body_part)
        return template.apply(report) if template is not None else report

    def study_shown(self, study_uid: str | None) -> None:
        study = self.studies.get(study_uid) if study_uid else None
        for key, stack in self.stacks.items():
            widget = {"report_editor": "editor", "key_image_panel": "key_panel", "sr_viewer": "viewer"}[key]
            stack.setCurrentWidget(getattr(study, widget) if study is not None else stack.widget(0))

    def study_closed(self, study_uid: str) -> None:
        self._save_draft(study_uid)
        study = self.studies.pop(study_uid, None)
        if study is not None:
            for key, widget in (("report_editor", study.editor), ("key_image_panel", study.key_panel),
                                ("sr_viewer", study.viewer)):
                self.stacks[key].removeWidget(widget)
                widget.deleteLater()

    def save_all(self) -> None:
        self.save_drafts()
        if self._own_jobs and self.jobs is not None:
            self.jobs.shutdown(cancel_running=False, timeout=10.0)
            self.jobs = None

    # -- drafts ---------------------------------------------------------------------------------

    def _on_edited(self, study_uid: str) -> None:
        study = self.studies.get(study_uid)
        if study is not None and not study.report.signed:
            study.report = study.editor.report()
            self._mark_dirty(study_uid)

    def _on_keys_changed(self, study_uid: str) -> None:
        self._mark_dirty(study_uid)
        for viewport in self.studies[study_uid].view.grid.viewports:
            viewport.update()

    def _mark_dirty(self, study_uid: str) -> None:
        self._dirty.add(study_uid)
        if not self._timer.isActive():
            self._timer.start()

    def save_drafts(self) -> None:
        for uid in list(self._dirty):
            self._save_draft(uid)

    def _save_draft(self, study_uid: str) -> None:
        study = self.studies.get(study_uid)
        if study is None:
            return
        try:
            self.drafts.save(study_uid, study.report, study.keys)
            self._dirty.discard(study_uid)
        except OSError as exc:  # keep it dirty: the next change tries again
            self.window.show_message(self.tr("The report draft could not be saved: %1").replace("%1", str(exc)),
                                     error=True)

    # -- helpers --------------------------------------------------------------------------------

    def current(self) -> tuple[str | None, _Study | None]:
        uid = self.window.current_study_uid()
        return uid, self.studies.get(uid) if uid else None

    def is_key_image(self, ref: ImageRef) -> bool:
        return any(ref in study.keys for study in self.studies.values())

    def _volumes(self, study: _Study) -> list:
        return [stack.volume for stack in study.view.stacks.values()]

    def _locate(self, study: _Study, ref: ImageRef):
        for key, stack in study.view.stacks.items():
            for k, frame in enumerate(stack.volume.frames):
                if (frame.sop_instance_uid, frame.frame_number) == (ref.sop_instance_uid, ref.frame_number):
                    return key, stack, k
        return None

    def image_label(self, study_uid: str, ref: ImageRef) -> str:
        study = self.studies.get(study_uid)
        found = self._locate(study, ref) if study is not None else None
        if found is None:
            return ref.sop_instance_uid
        _, stack, k = found
        return self.tr("%1, image %2").replace("%1", stack.title).replace("%2", str(k + 1))

    def show_image(self, study_uid: str, ref: ImageRef) -> bool:
        """Show the image ``ref`` in the active viewport of the study."""
        study = self.studies.get(study_uid)
        found = self._locate(study, ref) if study is not None else None
        if found is None:
            self.window.show_message(self.tr("Image %1 is not in this study's open series")
                                     .replace("%1", ref.sop_instance_uid), error=True)
            return False
        key, _, k = found
        view = study.view
        viewport = view.active if view.active is not None else view.grid.viewports[0]
        view.show_stack(key, viewport)
        viewport.set_slice(k)
        return True

    def _evidence(self, study_uid: str, study: _Study, refs: list[ImageRef]):
        headers = image_headers(refs, self._volumes(study))
        if not headers:  # a report without key images still needs its study's modules
            frame = next((f for v in self._volumes(study) for f in v.frames if f.source), None)
            if frame is None:
                raise ValueError(self.tr("no image of the study is open to take the patient and study from"))
            headers = image_headers([ImageRef(frame.sop_instance_uid)], self._volumes(study))
        return headers

    def _keep(self, study_uid: str, dataset, kind: str) -> str:
        """Put a document made here into the local store and the outbox; its path."""
        outcome = self.store.import_dataset(dataset)
        if outcome.status is ImportStatus.SKIPPED:
            raise ValueError(self.tr("the local store refused the document: %1").replace("%1", str(outcome.reason)))
        self.outbox.add(OutboxEntry(str(dataset.SOPInstanceUID), study_uid, outcome.path, kind))
        return outcome.path

    def refresh_documents(self, study_uid: str) -> None:
        study = self.studies.get(study_uid)
        if study is None:
            return
        study.documents = read_study_documents(self.store, study_uid)
        chains = study.documents.report_versions()
        shown = []
        for c, chain in enumerate(chains):
            for n, doc in enumerate(chain):
                version = len(chain) - n
                label = self.tr("Report version %1").replace("%1", str(version))
                if n == 0:
                    label += " — " + (self.tr("latest") if c == 0 else self.tr("another report"))
                shown.append((label, doc))
        for _, doc in study.documents.documents:
            if doc.kind != "report":
                kinds = {"measurements": self.tr("Measurements"), "key_images": self.tr("Key images")}
                shown.append((f"{kinds.get(doc.kind, doc.title)} {doc.content_datetime[:8]}", doc))
        study.viewer.set_documents(shown)
        study.editor.set_history(chains[0] if chains else [])

    # -- commands ------------------------------------------------------------------------------

    def _dock(self, key: str) -> None:
        self.docks[key].setVisible(self.window.actions_by_id[key].isChecked())

    def on_key_image_panel(self) -> None:
        self._dock("key_image_panel")

    def on_report_editor(self) -> None:
        self._dock("report_editor")

    def on_sr_viewer(self) -> None:
        self._dock("sr_viewer")

    def on_toggle_key_image(self) -> None:
        _, study = self.current()
        ref = current_ref(self.window.active_viewport())
        if study is None or ref is None:
            self.window.show_message(self.tr("Only an acquired image can be a key image"), error=True)
            return
        flagged = study.keys.toggle(ref)
        text = self.tr("Key image marked (%1 in this study)") if flagged else \
            self.tr("Key image unmarked (%1 in this study)")
        self.window.show_message(text.replace("%1", str(len(study.keys))))

    def on_save_key_images(self) -> None:
        uid, study = self.current()
        if study is None or not len(study.keys):
            self.window.show_message(self.tr("No key image marked in this study"), error=True)
            return
        kos = build_kos(study.keys.refs, image_headers(study.keys.refs, self._volumes(study)),
                        title=study.keys.title, description=study.keys.description,
                        observer_name=study.report.author or None)
        self._keep(uid, kos, "key_images")
        self.refresh_documents(uid)
        self.window.show_message(self.tr("%1 key image(s) saved as a Key Object Selection; send them with "
                                         "Report ▸ Send").replace("%1", str(len(study.keys))))

    def on_save_measurement_report(self) -> None:
        uid, study = self.current()
        session = getattr(getattr(self.window, "measure", None), "sessions", {}).get(uid) if uid else None
        if study is None or session is None or not len(session.measurements):
            self.window.show_message(self.tr("No measurement in this study"), error=True)
            return
        measurements = list(session.measurements)
        volumes = self._volumes(study)
        headers = referenced_headers(measurements, volumes) or self._evidence(uid, study, [])
        frame_of_reference = next((v.series.frame_of_reference_uid for v in volumes
                                   if v.series is not None and v.series.frame_of_reference_uid), "")
        export = build_measurement_report(measurements, headers, frame_of_reference_uid=frame_of_reference,
                                          observer_name=study.report.author or None)
        self._keep(uid, export.dataset, "measurements")
        self.refresh_documents(uid)
        text = self.tr("Measurement report saved (%1 measurement(s))").replace(
            "%1", str(len(measurements) - len(export.skipped)))
        if export.skipped:
            text += " — " + self.tr("%1 left out: %2").replace("%1", str(len(export.skipped))).replace(
                "%2", export.skipped[0][1])
        self.window.show_message(text)

    def on_sign_report(self) -> None:
        uid, study = self.current()
        if study is None:
            return
        report = study.editor.report()
        try:
            signed = report.signed_by(report.author, report.institution)
        except ValueError as exc:
            study.editor.set_status(self.tr("Cannot sign: %1 (fill in Author and Institution)")
                                    .replace("%1", str(exc)), error=True)
            return
        evidence = self._evidence(uid, study, signed.key_images)
        dataset = build_text_report(signed, evidence)
        self._keep(uid, dataset, "report")
        signed = replace(signed, document=DocumentRef.of(dataset))
        study.report = signed
        self._save_draft(uid)
        pdf_note = self._write_pdf(uid, study, signed, evidence[0])
        study.editor.set_report(signed)
        self.refresh_documents(uid)
        self.window.show_message(self.tr("Report signed and saved in the local store") + pdf_note)

    def _write_pdf(self, uid: str, study: _Study, report: DiagnosticReport, header) -> str:
        """The PDF next to the key-image JPEGs, and as Encapsulated PDF when configured."""
        try:
            pdf = render_pdf(report, header, self._key_image_pixels(study, report.key_images))
            folder = self.export_folder() / study_folder_name(self._volumes(study)[0].study
                                                              if self._volumes(study) else None)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"report_v{report.version}.pdf"
            path.write_bytes(pdf)
            if getattr(self.window.settings, "report_encapsulated_pdf", True):
                self._keep(uid, build_encapsulated_pdf(pdf, header, title=report.title), "pdf")
            return " — " + self.tr("PDF: %1").replace("%1", str(path))
        except (OSError, RuntimeError, ValueError) as exc:
            log.exception("report PDF failed")
            return " — " + self.tr("the PDF could not be written: %1").replace("%1", str(exc))

    def _key_image_pixels(self, study: _Study, refs: list[ImageRef]) -> list:
        pixels = []
        active = self.window.active_viewport()
        for ref in refs:
            found = self._locate(study, ref)
            if found is None:
                continue
            _, stack, k = found
            holder = QtViewport()
            try:
                holder.set_source(stack.source, ViewState(slice_index=k))
                holder.layers = list(active.layers) if active is not None else []
                pixels.append(next(render_frames(holder, [k], size=(512, 512))))
            finally:
                holder.deleteLater()
        return pixels

    def on_amend_report(self) -> None:
        uid, study = self.current()
        if study is None:
            return
        try:
            amended = study.report.amended()
        except ValueError as exc:
            study.editor.set_status(str(exc), error=True)
            return
        study.report = amended
        study.editor.set_report(amended)
        self._mark_dirty(uid)

    def export_folder(self) -> Path:
        """Where key-image JPEGs and report PDFs go for the HIS/EMR (a setting, else the data dir)."""
        folder = getattr(self.window.settings, "key_image_folder", "")
        return Path(folder) if folder else data_dir() / "his_export"

    def on_export_key_images_jpeg(self) -> None:
        _, study = self.current()
        viewport = self.window.active_viewport()
        if study is None or viewport is None or not len(study.keys):
            self.window.show_message(self.tr("No key image marked in this study"), error=True)
            return
        images = [(stack.source, k) for ref in study.keys.refs
                  for found in [self._locate(study, ref)] if found is not None for _, stack, k in [found]]
        written = export_key_images(viewport, images, self.export_folder())
        self.window.show_message(self.tr("%1 key image(s) exported to %2").replace("%1", str(len(written)))
                                 .replace("%2", str(written[0].parent if written else self.export_folder())))

    # -- sending ---------------------------------------------------------------------------------

    def _node(self):
        config = load_config(default_config_path())
        wanted = getattr(self.window.settings, "report_node", "")
        if wanted:
            return config, config.node(wanted)
        if not config.nodes:
            raise ValueError(self.tr("no PACS is configured (add a DICOM node first)"))
        return config, config.nodes[0]

    def on_send_reports(self) -> None:
        uid, study = self.current()
        if study is None:
            return
        for series in self.store.series(uid):  # presentation states saved by the measurement tools
            if series.modality == "PR":
                for record in self.store.instances(series.series_instance_uid):
                    if record.sop_instance_uid not in self.outbox.entries:
                        self.outbox.add(OutboxEntry(record.sop_instance_uid, uid, record.path, "gsps"))
        entries = self.outbox.unsent(uid)
        if not entries:
            self.window.show_message(self.tr("Nothing to send: every document of this study is on the PACS"))
            return
        try:
            config, node = self._node()
        except (ValueError, KeyError) as exc:
            study.editor.set_status(self.tr("Not sent: %1").replace("%1", str(exc)), error=True)
            self.window.show_message(self.tr("Not sent: %1").replace("%1", str(exc)), error=True)
            return
        if self.jobs is None:
            self.jobs = JobQueue(NetContext(config.local, self.store), workers=1)
            self._own_jobs = True
        job = SendJob(node, [e.path for e in entries],
                      title=self.tr("Send reports of %1 to %2").replace("%1", uid).replace("%2", node.name))
        job.study_uid = uid  # type: ignore[attr-defined]
        job.entry_uids = [e.sop_instance_uid for e in entries]  # type: ignore[attr-defined]
        self.outbox.mark(job.entry_uids, SendState.SENDING, node.name)  # type: ignore[attr-defined]
        job.changed.connect(self._job_changed.emit)
        self.jobs.submit(job)
        study.editor.set_status(self.tr("Sending %1 document(s) to %2 ...").replace("%1", str(len(entries)))
                                .replace("%2", node.name))

    def _on_job_changed(self, job) -> None:
        uids = getattr(job, "entry_uids", None)
        if uids is None or not job.state.finished:
            return
        ok = {r.sop_instance_uid for r in job.report.results if r.ok} if job.report is not None else set()
        sent = [u for u in uids if u in ok] if job.state is not JobState.DONE else list(uids)
        failed = [u for u in uids if u not in sent]
        self.outbox.mark(sent, SendState.SENT)
        self.outbox.mark(failed, SendState.FAILED, error=job.error or job.state.value)
        study = self.studies.get(job.study_uid)
        if failed:
            text = self.tr("%1 document(s) NOT stored by %2: %3 — they stay in the local store; "
                           "use Report ▸ Send again to retry").replace("%1", str(len(failed))) \
                .replace("%2", job.node.name).replace("%3", job.error)
        else:
            text = self.tr("%1 document(s) stored by %2").replace("%1", str(len(sent))).replace("%2", job.node.name)
        if study is not None:
            study.editor.set_status(text, error=bool(failed))
        self.window.show_message(text, error=bool(failed))
