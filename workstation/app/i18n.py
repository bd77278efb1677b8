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

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "vi": "Tiếng Việt"}


class TsTranslator(QTranslator):
    """A QTranslator backed by the finished messages of a ``.ts`` file."""

    def __init__(self, ts_text: str, parent=None) -> None:
        super().__init__(parent)
        self.messages: dict[tuple[str, str], str] = {}
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

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt override
        text = self.messages.get((context, source_text)) or self.messages.get(("", source_text))
        if text is None:
            return ""  # Qt then shows the source text
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
