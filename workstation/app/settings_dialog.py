"""The settings dialog: language, date format, viewer defaults, local retention."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QSpinBox, QWidget)

from workstation.app.i18n import LANGUAGES
from workstation.app.settings import Settings

DATE_FORMATS = {"%d/%m/%Y": "25/11/2026", "%Y-%m-%d": "2026-11-25", "%d.%m.%Y": "25.11.2026", "%m/%d/%Y": "11/25/2026"}


class SettingsDialog(QDialog):
    """Edits a copy of the settings; :meth:`apply_to` writes the choices back."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.date_format = QComboBox()
        for fmt, example in DATE_FORMATS.items():
            self.date_format.addItem(example, fmt)
        self.date_format.setCurrentIndex(max(0, self.date_format.findData(settings.date_format)))
        self.smooth = QCheckBox(self.tr("Smooth (bilinear) interpolation"))
        self.smooth.setChecked(settings.smooth_interpolation)
        self.sync_scroll = QCheckBox(self.tr("Synchronise scrolling"))
        self.sync_scroll.setChecked(settings.sync_scroll)
        self.reference_lines = QCheckBox(self.tr("Reference lines"))
        self.reference_lines.setChecked(settings.reference_lines)
        self.cine_fps = QDoubleSpinBox(minimum=0.5, maximum=120.0, value=settings.cine_fps, suffix=" fps")
        self.retention = QSpinBox(minimum=1, maximum=3650, value=settings.retention_days,
                                  suffix=self.tr(" days"))
        self.retention.setToolTip(self.tr("Studies older than this are offered for purging; only studies confirmed "
                                          "on the PACS and not locked are ever deleted."))
        self.prefetch = QSpinBox(minimum=0, maximum=10, value=settings.prefetch_priors)
        form = QFormLayout(self)
        form.addRow(self.tr("Language (after restart)"), self.language)
        form.addRow(self.tr("Date format"), self.date_format)
        form.addRow(self.smooth)
        form.addRow(self.sync_scroll)
        form.addRow(self.reference_lines)
        form.addRow(self.tr("Cine speed"), self.cine_fps)
        form.addRow(self.tr("Keep local images"), self.retention)
        form.addRow(self.tr("Prior studies to prefetch"), self.prefetch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def apply_to(self, settings: Settings) -> bool:
        """Copy the choices into ``settings``; True when the language changed (restart needed)."""
        language_changed = settings.language != self.language.currentData()
        settings.language = self.language.currentData()
        settings.date_format = self.date_format.currentData()
        settings.smooth_interpolation = self.smooth.isChecked()
        settings.sync_scroll = self.sync_scroll.isChecked()
        settings.reference_lines = self.reference_lines.isChecked()
        settings.cine_fps = self.cine_fps.value()
        settings.retention_days = self.retention.value()
        settings.prefetch_priors = self.prefetch.value()
        return language_changed
