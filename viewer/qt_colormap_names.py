"""Colour map names as menus and combo boxes show them, in the UI language.

:mod:`rendering.colormaps` names its maps with identifiers (``hot_iron``); the reading
window's Colour map menu and the fusion view's overlay colours both show them, so the
shown names are kept in one place for the translators.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_LABELS = {
    "grey": QT_TRANSLATE_NOOP("Colormaps", "Grey"),
    "inverted_grey": QT_TRANSLATE_NOOP("Colormaps", "Inverted grey"),
    "hot_iron": QT_TRANSLATE_NOOP("Colormaps", "Hot iron"),
    "pet": QT_TRANSLATE_NOOP("Colormaps", "PET"),
    "hot_metal_blue": QT_TRANSLATE_NOOP("Colormaps", "Hot metal blue"),
    "pet_20_step": QT_TRANSLATE_NOOP("Colormaps", "PET 20 step"),
    "rainbow": QT_TRANSLATE_NOOP("Colormaps", "Rainbow"),
}


def colormap_label(name: str) -> str:
    """The shown name of colour map ``name``; a map added later without a label shows tidied."""
    if name in _LABELS:
        return QCoreApplication.translate("Colormaps", _LABELS[name])
    return name.replace("_", " ").capitalize()
