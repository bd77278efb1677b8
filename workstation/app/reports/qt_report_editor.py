"""The report editor: template, language, title, author, one text box per section,
sign and amend, and the versions of the report (latest first).

It only edits a :class:`DiagnosticReport`; saving, signing and sending are the
controller's (:mod:`workstation.app.report_controller`). Every keystroke emits
``changed`` so the controller's autosave timer can keep a draft.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from export.sr.report_templates import ReportTemplate
from export.sr.sr_reader import SrDocument
from export.sr.text_report import SECTION_TITLES, SECTIONS, DiagnosticReport
from workstation.model.records import format_person_name

LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))


class QtReportEditor(QWidget):
    """Edits one study's report; read-only while it shows a signed version."""

    changed = Signal()
    sign_requested = Signal()
    amend_requested = Signal()

    def __init__(self, templates: list[ReportTemplate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.templates = templates
        self._report = DiagnosticReport("")
        self._loading = False
        self.template = QComboBox()
        self.apply_template = QPushButton(self.tr("Apply template"))
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.title = QLineEdit()
        self.author = QLineEdit()
        self.author.setPlaceholderText(self.tr("Family^Given, e.g. Nguyễn^Văn An"))
        self.institution = QLineEdit()
        self.labels: dict[str, QLabel] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.sign = QPushButton(self.tr("Sign report"))
        self.amend = QPushButton(self.tr("Amend"))
        self.history = QListWidget()
        self.history.setMaximumHeight(90)
        self._build()
        self._fill_templates()

    def _build(self) -> None:
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(self.apply_template)
        form.addRow(self.tr("Template"), row)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Author"), self.author)
        form.addRow(self.tr("Institution"), self.institution)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for key in SECTIONS:
            label, edit = QLabel(), QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(48 if key not in ("findings", "impression") else 110)
            edit.textChanged.connect(self._on_edited)
            self.labels[key], self.texts[key] = label, edit
            layout.addWidget(label)
            layout.addWidget(edit, 3 if key == "findings" else 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign)
        buttons.addWidget(self.amend)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(self.tr("Versions (latest first)")))
        layout.addWidget(self.history)
        for line in (self.title, self.author, self.institution):
            line.textChanged.connect(self._on_edited)
        self.language.currentIndexChanged.connect(self._on_language)
        self.apply_template.clicked.connect(self._on_apply_template)
        self.sign.clicked.connect(self.sign_requested)
        self.amend.clicked.connect(self.amend_requested)
        self._relabel()

    def _fill_templates(self) -> None:
        self.template.clear()
        language = self.language.currentData()
        for template in self.templates:
            self.template.addItem(template.name(language), template.id)

    def _relabel(self) -> None:
        titles = SECTION_TITLES[self.language.currentData()]
        for key, label in self.labels.items():
            label.setText(f"<b>{titles[key]}</b>")

    # -- model <-> widgets -----------------------------------------------------------------

    def set_report(self, report: DiagnosticReport) -> None:
        """Show ``report``; a signed one is read-only (amend it to change it)."""
        self._loading = True
        try:
            self._report = report
            self.language.setCurrentIndex(max(self.language.findData(report.language), 0))
            self.title.setText(report.title)
            self.author.setText(report.author)
            self.institution.setText(report.institution)
            for key, edit in self.texts.items():
                edit.setPlainText(report.sections.get(key, ""))
            index = self.template.findData(report.template_id)
            if index >= 0:
                self.template.setCurrentIndex(index)
        finally:
            self._loading = False
        editable = not report.signed
        for widget in (*self.texts.values(), self.title, self.author, self.institution):
            widget.setReadOnly(not editable)
        for widget in (self.language, self.template, self.apply_template, self.sign):
            widget.setEnabled(editable)
        self.amend.setEnabled(report.signed and report.document is not None)
        if report.signed:
            self.set_status(self.tr("Signed by %1 on %2 (version %3)").replace("%1", format_person_name(report.verifier))
                            .replace("%2", report.signed_at.replace("T", " ")).replace("%3", str(report.version)))
        elif report.predecessor is not None:
            self.set_status(self.tr("Amendment (version %1) of a signed report: not signed yet")
                            .replace("%1", str(report.version)))
        else:
            self.set_status(self.tr("Draft: not signed"))

    def report(self) -> DiagnosticReport:
        """The report as the widgets hold it."""
        sections = {k: e.toPlainText() for k, e in self.texts.items() if e.toPlainText().strip()}
        return replace(self._report, language=self.language.currentData(), title=self.title.text().strip(),
                       author=self.author.text().strip(), institution=self.institution.text().strip(),
                       sections=sections)

    def set_history(self, versions: list[SrDocument]) -> None:
        self.history.clear()
        for n, doc in enumerate(versions):
            state = self.tr("signed") if doc.signed else self.tr("preliminary")
            label = self.tr("latest") if n == 0 else self.tr("earlier")
            stamp = doc.content_datetime[:8] + " " + doc.content_datetime[8:14]
            self.history.addItem(f"{label}: {stamp} ({state}) {doc.sop_instance_uid}")

    def set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #ff8080;" if error else "")

    # -- slots ----------------------------------------------------------------------------------

    def _on_edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _on_language(self) -> None:
        self._relabel()
        current = self.template.currentData()
        self._fill_templates()
        index = self.template.findData(current)
        if index >= 0:
            self.template.setCurrentIndex(index)
        self._on_edited()

    def _on_apply_template(self) -> None:
        template = next((t for t in self.templates if t.id == self.template.currentData()), None)
        if template is not None and not self.report().signed:
            self.set_report(template.apply(self.report()))
            self.changed.emit()
