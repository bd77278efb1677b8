"""UI translations from Qt Linguist ``.ts`` files, loaded without a compile step.

Translators edit ``resources/translations/workstation_<lang>.ts`` with Qt Linguist (or
any XML editor); :class:`TsTranslator` reads it directly, so there is no ``.qm`` build
artefact to forget in a release. ``scripts/update_translations.py`` refreshes the
source strings from the code.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from importlib import resources

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTranslator

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "vi": "Tiếng Việt"}

#: Qt's own texts of standard dialog buttons (QDialogButtonBox, QMessageBox, QInputDialog) and
#: of the edit context menu of text fields (the report editor's included): Qt ships no
#: Vietnamese ``qtbase`` translation, so these are listed here for the extractor and
#: translated in our ``.ts`` under Qt's contexts (QTextEdit's menu, context
#: QWidgetTextControl, has the same texts and finds them through the source fallback).
QT_OWN_TEXTS = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"), QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"), QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"), QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Reset"), QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Discard"), QT_TRANSLATE_NOOP("QPlatformTheme", "Retry"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Ignore"), QT_TRANSLATE_NOOP("QPlatformTheme", "Abort"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"), QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Yes to &All"), QT_TRANSLATE_NOOP("QPlatformTheme", "N&o to All"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save All"), QT_TRANSLATE_NOOP("QPlatformTheme", "Restore Defaults"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Undo"), QT_TRANSLATE_NOOP("QLineEdit", "&Redo"),
    QT_TRANSLATE_NOOP("QLineEdit", "Cu&t"), QT_TRANSLATE_NOOP("QLineEdit", "&Copy"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Paste"), QT_TRANSLATE_NOOP("QLineEdit", "Delete"),
    QT_TRANSLATE_NOOP("QLineEdit", "Select All"),
)


class TsTranslator(QTranslator):
    """A QTranslator backed by the finished messages of a ``.ts`` file."""

    def __init__(self, ts_text: str, parent=None) -> None:
        super().__init__(parent)
        self.messages: dict[tuple[str, str], str] = {}
        #: Any context's translation of a source: PySide6's ``self.tr`` uses the class of the
        #: instance, so a subclass (QtFusionView of QtMprView) asks under its own name.
        self.by_source: dict[str, str] = {}
        root = ET.fromstring(ts_text)
        for context in root.iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                source = message.findtext("source", "")
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                    continue
                forms = translation.findall("numerusform")
                text = forms[0].text if forms else translation.text
                if text:
                    self.messages[(name, source)] = text
                    self.by_source.setdefault(source, text)

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt override
        text = self.messages.get((context, source_text)) or self.by_source.get(source_text)
        if text is None:
            return None  # a null QString: Qt then shows the source text ("" would show nothing)
        return text.replace("%n", str(n)) if n >= 0 else text

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return not self.messages


def install_translator(app: QCoreApplication, language: str) -> TsTranslator | None:
    """Install the translator for ``language`` ("en" needs none); returns it (keep a reference)."""
    if language == "en":
        return None
    name = f"translations/workstation_{language}.ts"
    try:
        text = resources.files("resources").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        log.warning("no translation file %s; the UI stays in English", name)
        return None
    translator = TsTranslator(text, app)
    app.installTranslator(translator)
    return translator
