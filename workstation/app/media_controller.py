"""Patient media in the main window: export to CD/DVD/USB, web link, film printing.

The commands open their dialogs and hand the work to :class:`~workstation.app.media.jobs.MediaJob`
(a worker thread, with progress in the status bar and a Cancel button), so the reading
session goes on while a disc is written.

Other panels use one entry point: :meth:`MediaController.export_studies` offers any
study records (local store rows, or PACS query results that are not in the store yet)
in the export dialog. Studies missing from the store are brought in first by the
caller's ``fetch(study_uids, progress, cancel)``, run in the same background job, e.g.
the PACS query panel passes a function that C-GETs / C-MOVEs them into the store and
raises :class:`~workstation.model.errors.OperationCancelled` when ``cancel`` is set.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton

from export.media import MediaReport, export_media, study_paths
from export.media.burners import burn_image, default_burner
from export.media.print_scu import PrinterNode, PrintResult, print_images
from export.media.web_link import study_links
from tools.qt_image_export import render_frames
from viewer.images import from_qimage, to_qimage
from workstation.app.actions import N_, ActionSpec
from workstation.app.media.film_print import PAPER, PDF, FilmRequest, QtFilmPrintDialog, grey_levels, paint_film, \
    pdf_printer
from workstation.app.media.jobs import MediaJob
from workstation.app.media.qt_media_dialog import MediaRequest, QtMediaExportDialog
from workstation.app.media.qt_web_link import QtWebLinkDialog
from workstation.model.records import StudyRecord

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
#: ``fetch(study_uids, progress, cancel)`` brings studies from the PACS into the local store
#: (runs in the export's worker thread; raises OperationCancelled when ``cancel`` is set).
Fetch = Callable[[list[str], Progress, threading.Event], None]


def _network_config():
    from workstation.net import default_config_path, load_config

    return load_config(default_config_path())


class MediaController(QObject):
    """Owns the media jobs of a main window (``window``) on ``store``; one job at a time."""

    ACTIONS: tuple[ActionSpec, ...] = (
        ActionSpec("export_media", N_("Export to CD/DVD/USB..."), "Ctrl+Alt+D", N_("File")),
        ActionSpec("web_link", N_("Web link to this study..."), "", N_("File")),
        ActionSpec("print_film", N_("Print film (DICOM printer, paper, PDF)..."), "Ctrl+Alt+P", N_("File")),
    )

    def __init__(self, window, store) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.job: MediaJob | None = None
        self.dialog: QtMediaExportDialog | None = None
        self._scan: MediaJob | None = None
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        window.statusBar().addPermanentWidget(self.cancel_button)

    # -- jobs ----------------------------------------------------------------------------------

    def run(self, job: MediaJob, on_finished: Callable[[object], None]) -> MediaJob:
        """Start ``job`` with status-bar progress and the Cancel button."""
        if self.job is not None:
            raise RuntimeError(self.tr("another media job is running: wait for it or cancel it"))
        self.job = job
        bar = self.window.progress
        bar.setFormat(job.what + " %p%")
        job.signals.progress.connect(lambda done, total, _text: (bar.setMaximum(max(total, 1)),
                                                                  bar.setValue(done), bar.show()))
        job.signals.finished.connect(lambda result: (self._done(), on_finished(result)))
        job.signals.failed.connect(lambda text: (self._done(), self.window.show_message(text, error=True)))
        job.signals.cancelled.connect(lambda: (self._done(), self.window.show_message(
            self.tr("%1 cancelled; nothing half-written was kept").replace("%1", job.what))))
        self.cancel_button.show()
        job.start()
        return job

    def _done(self) -> None:
        self.job = None
        self.cancel_button.hide()
        self.window.progress.hide()

    def cancel(self) -> None:
        """Ask the running job to stop (it cleans up and reports ``cancelled``)."""
        if self.job is not None:
            self.job.cancel.set()

    # -- export to media -----------------------------------------------------------------------

    def viewer_bundle(self) -> str | None:
        """The portable viewer folder: ``settings.viewer_bundle`` if set, else this program's bundle."""
        from workstation.app.cli.media import default_viewer_bundle

        configured = getattr(self.window.settings, "viewer_bundle", "")
        bundle = Path(configured) if configured else default_viewer_bundle()
        return os.fspath(bundle) if bundle is not None and bundle.is_dir() else None

    def _chosen_studies(self) -> list[str]:
        """The open study and the rows selected in the study browser, in that order."""
        chosen = [self.window.current_study_uid()]
        browser = self.window.browser
        rows = browser.table.selectionModel().selectedRows()
        chosen += [browser.proxy.data(row, Qt.ItemDataRole.UserRole) for row in rows]
        return list(dict.fromkeys(uid for uid in chosen if uid))

    def on_export_media(self) -> None:
        chosen = self._chosen_studies()
        offered = {s.study_instance_uid: s for s in (self.store.study(uid) for uid in chosen) if s is not None}
        for study in self.store.query_studies():
            offered.setdefault(study.study_instance_uid, study)
        self.export_studies(list(offered.values()), chosen)

    def export_studies(self, studies: Iterable[StudyRecord], selected: Iterable[str],
                       fetch: Fetch | None = None) -> QtMediaExportDialog:
        """Open the export dialog (not blocking) on ``studies`` with ``selected`` ticked.

        Parameters
        ----------
        studies
            Store rows or PACS query results (``StudyRecord``).
        selected
            Study Instance UIDs ticked at first.
        fetch
            Retrieves the chosen studies that are not in the local store, in the export's
            background job, before the export; without it such studies make the export fail.

        Returns
        -------
        The dialog (also :attr:`dialog`); OK starts :meth:`export`.
        """
        studies = list(studies)
        remote = [s.study_instance_uid for s in studies if self.store.study(s.study_instance_uid) is None]
        dialog = QtMediaExportDialog(studies, selected, self.viewer_bundle(), self.window, remote=remote,
                                     date_format=self.window.settings.date_format)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._start_export(dialog.request(), fetch))
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        self._scan_burners(dialog)
        dialog.open()
        return dialog

    def _scan_burners(self, dialog: QtMediaExportDialog) -> None:
        """List the drives in the background (``xorriso -devices`` takes seconds) and tell ``dialog``."""
        scan = MediaJob(self.tr("Looking for burners"), lambda _progress, _cancel: default_burner().devices())

        def found(devices) -> None:
            if self.dialog is dialog:
                dialog.set_devices(devices)

        scan.signals.finished.connect(found)
        scan.signals.failed.connect(lambda _text: found([]))
        self._scan = scan
        scan.start()

    def _start_export(self, request: MediaRequest, fetch: Fetch | None) -> None:
        try:
            self.export(request, fetch)
        except Exception as exc:  # the dialog's OK is a user action: say what failed
            log.exception("media export did not start")
            self.window.show_message(self.tr("Export failed: %1").replace("%1", str(exc)), error=True)

    def export(self, request: MediaRequest, fetch: Fetch | None = None) -> MediaJob:
        """Run an export (and the burn, if a burner was chosen) in the background.

        Raises
        ------
        ValueError
            Burning a medium that is not a CD or DVD, no destination, or nothing chosen.
        """
        options = request.options
        if not request.study_uids:
            raise ValueError(self.tr("Choose at least one study"))
        if request.device and not options.media_type.capacity:
            raise ValueError(self.tr("Burning needs a CD or DVD medium"))
        if not request.device and not request.destination:
            raise ValueError(self.tr("Choose where to write the export"))
        work_dir = Path(tempfile.mkdtemp(prefix="workstation-burn-")) if request.device else None
        destination = os.fspath(work_dir / "disc.iso") if work_dir else request.destination

        def work(progress: Progress, cancel: threading.Event) -> MediaReport:
            missing = [u for u in request.study_uids if self.store.study(u) is None]
            if missing:
                if fetch is None:
                    raise ValueError(f"{len(missing)} stud(ies) are not in the local store")
                fetch(missing, progress, cancel)
            return export_media(study_paths(self.store, request.study_uids), destination, options,
                                progress=progress, cancel=cancel)

        def finished(report: MediaReport) -> None:
            if request.device:
                self._burn_next(request, list(report.outputs), 0, work_dir)
                return
            text = report.summary()
            if report.warnings:
                text += " — " + self.tr("%1 warning(s): %2").replace("%1", str(len(report.warnings))).replace(
                    "%2", report.warnings[0])
            self.window.show_message(text, error=bool(report.warnings))

        job = MediaJob(self.tr("Export"), work)
        if work_dir is not None:
            for signal in (job.signals.failed, job.signals.cancelled):
                signal.connect(lambda *_: shutil.rmtree(work_dir, ignore_errors=True))
        self.window.show_message(self.tr("Writing %1 stud(ies)...").replace("%1", str(len(request.study_uids))))
        return self.run(job, finished)

    def _burn_next(self, request: MediaRequest, images: list[Path], n: int, work_dir: Path) -> None:
        """Burn disc ``n`` of ``images``, asking for a blank disc before each one after the first."""
        if n >= len(images):
            shutil.rmtree(work_dir, ignore_errors=True)
            self.window.show_message(self.tr("%1 disc(s) burned").replace("%1", str(len(images))))
            return
        if n > 0 and QMessageBox.question(
                self.window, self.tr("Next disc"),
                self.tr("Insert a blank disc for disc %1 of %2.").replace("%1", str(n + 1)).replace(
                    "%2", str(len(images)))) != QMessageBox.StandardButton.Yes:
            shutil.rmtree(work_dir, ignore_errors=True)
            return
        job = MediaJob(self.tr("Burning"), lambda progress, cancel: burn_image(
            images[n], request.device, verify=request.verify, progress=progress, cancel=cancel))
        for signal in (job.signals.failed, job.signals.cancelled):
            signal.connect(lambda *_: shutil.rmtree(work_dir, ignore_errors=True))
        self.run(job, lambda _result: self._burn_next(request, images, n + 1, work_dir))

    # -- web link ------------------------------------------------------------------------------

    def on_web_link(self) -> QtWebLinkDialog | None:
        uid = self.window.current_study_uid() or self.window.browser.selected_study()
        study = self.store.study(uid) if uid else None
        if study is None:
            self.window.show_message(self.tr("Open or select a study first"), error=True)
            return None
        links = study_links(_network_config().nodes, uid, patient_id=study.patient.patient_id,
                            accession=study.accession_number)
        if not links:
            self.window.show_message(self.tr("No PACS with a web viewer is configured (set the web viewer URL of "
                                             "a node)"), error=True)
            return None
        dialog = QtWebLinkDialog(links, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- film printing -------------------------------------------------------------------------

    def on_print_film(self) -> None:
        printers = [n.name for n in _network_config().nodes if not n.is_dicomweb]
        dialog = QtFilmPrintDialog(printers, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        pdf = ""
        if request.target == PDF:
            pdf, _ = QFileDialog.getSaveFileName(self.window, self.tr("Print to PDF"), "", self.tr("PDF (*.pdf)"))
            if not pdf:
                return
        self.print_film(request, pdf)

    def film_images(self, request: FilmRequest) -> list:
        """RGB renderings to print: each viewport of the layout, or every image of the active series."""
        view = self.window.current_view()
        if view is None:
            raise ValueError(self.tr("Open a study first"))
        if request.whole_series:
            viewport = view.active
            if viewport is None or viewport.source is None:
                raise ValueError(self.tr("The active viewport shows no image"))
            return list(render_frames(viewport, range(len(viewport.source)), overlays=request.overlays,
                                      annotations=request.overlays))
        images = [from_qimage(v.render_image(overlays=request.overlays, annotations=request.overlays))
                  for v in view.grid.viewports if v.source is not None]
        if not images:
            raise ValueError(self.tr("No viewport shows an image"))
        return images

    def print_film(self, request: FilmRequest, pdf_path: str = "") -> MediaJob | int | None:
        """Print to a PDF file or the system printer (here; returns the pages), or to a DICOM
        printer node (in the background; returns the job)."""
        images = self.film_images(request)
        title = self.window.tabs.tabText(self.window.tabs.currentIndex())
        if request.target in (PDF, PAPER):
            if request.target == PDF:
                printer = pdf_printer(pdf_path, request.film.orientation)
            else:
                from PySide6.QtPrintSupport import QPrintDialog, QPrinter

                printer = QPrinter(QPrinter.PrinterMode.HighResolution)
                if QPrintDialog(printer, self.window).exec() != QDialog.DialogCode.Accepted:
                    return None
            pages = paint_film(printer, [to_qimage(im) for im in images], request.film.columns, request.film.rows,
                               title)
            self.window.show_message(self.tr("%1 page(s) printed").replace("%1", str(pages)))
            return pages
        config = _network_config()
        node = config.node(request.target)
        printer = PrinterNode(node.ae_title, node.host, node.port)
        greys = [grey_levels(im) for im in images]
        job = MediaJob(self.tr("DICOM print"), lambda progress, cancel: print_images(
            greys, printer, film=request.film, calling_ae=config.local.ae_title, progress=progress, cancel=cancel))

        def printed(result: PrintResult) -> None:
            if result.ok:
                self.window.show_message(self.tr("%1 film(s) printed on %2").replace("%1", str(result.films))
                                         .replace("%2", node.name))
            else:
                self.window.show_message("; ".join(result.problems), error=True)

        return self.run(job, printed)
