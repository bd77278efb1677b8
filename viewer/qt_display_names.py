"""Names of colour maps, window presets and hanging protocols as the UI shows them, in the
UI language.

:mod:`rendering` names its colour maps with identifiers (``hot_iron``) and ships window
presets and hanging protocols with English names (``resources/``, referred to by name in
files); the reading window's menus, status line and the fusion view show them, so the
shown names are kept in one place for the translators. The overlay on the image keeps the
preset's own name, like the other corner-text tags.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: Colour map identifier -> its shown name, marked for translation.
COLORMAP_LABELS = {
    "grey": QT_TRANSLATE_NOOP("Colormaps", "Grey"),
    "inverted_grey": QT_TRANSLATE_NOOP("Colormaps", "Inverted grey"),
    "hot_iron": QT_TRANSLATE_NOOP("Colormaps", "Hot iron"),
    "pet": QT_TRANSLATE_NOOP("Colormaps", "PET"),
    "hot_metal_blue": QT_TRANSLATE_NOOP("Colormaps", "Hot metal blue"),
    "pet_20_step": QT_TRANSLATE_NOOP("Colormaps", "PET 20 step"),
    "rainbow": QT_TRANSLATE_NOOP("Colormaps", "Rainbow"),
}

#: The shipped window presets' names, marked for translation (a user's own presets show as named).
SHIPPED_PRESET_NAMES = frozenset({
    QT_TRANSLATE_NOOP("WindowPresets", "Brain"),
    QT_TRANSLATE_NOOP("WindowPresets", "Subdural"),
    QT_TRANSLATE_NOOP("WindowPresets", "Stroke"),
    QT_TRANSLATE_NOOP("WindowPresets", "Lung"),
    QT_TRANSLATE_NOOP("WindowPresets", "Mediastinum"),
    QT_TRANSLATE_NOOP("WindowPresets", "Abdomen"),
    QT_TRANSLATE_NOOP("WindowPresets", "Liver"),
    QT_TRANSLATE_NOOP("WindowPresets", "Bone"),
    QT_TRANSLATE_NOOP("WindowPresets", "SUV 0-5"),
    QT_TRANSLATE_NOOP("WindowPresets", "SUV 0-10"),
})


#: The shipped hanging protocols' names (and the engine's "default"), marked for translation.
SHIPPED_PROTOCOL_NAMES = frozenset({
    QT_TRANSLATE_NOOP("HangingProtocols", "CR/DX chest frontal"),
    QT_TRANSLATE_NOOP("HangingProtocols", "CR/DX chest PA + LAT"),
    QT_TRANSLATE_NOOP("HangingProtocols", "CT"),
    QT_TRANSLATE_NOOP("HangingProtocols", "CT axial + coronal"),
    QT_TRANSLATE_NOOP("HangingProtocols", "CT chest"),
    QT_TRANSLATE_NOOP("HangingProtocols", "CT chest with prior"),
    QT_TRANSLATE_NOOP("HangingProtocols", "CT with prior"),
    QT_TRANSLATE_NOOP("HangingProtocols", "Mammography 4-up"),
    QT_TRANSLATE_NOOP("HangingProtocols", "Mammography with prior"),
    QT_TRANSLATE_NOOP("HangingProtocols", "Mammography CC with prior"),
    QT_TRANSLATE_NOOP("HangingProtocols", "MR"),
    QT_TRANSLATE_NOOP("HangingProtocols", "MR brain"),
    QT_TRANSLATE_NOOP("HangingProtocols", "PET/CT"),
    QT_TRANSLATE_NOOP("HangingProtocols", "default"),
})


def colormap_label(name: str) -> str:
    """The shown name of colour map ``name``; a map added later without a label shows tidied."""
    if name in COLORMAP_LABELS:
        return QCoreApplication.translate("Colormaps", COLORMAP_LABELS[name])
    return name.replace("_", " ").capitalize()


def preset_label(name: str) -> str:
    """The shown name of window preset ``name`` (a shipped one translated, a user's as is)."""
    return QCoreApplication.translate("WindowPresets", name) if name in SHIPPED_PRESET_NAMES else name


def protocol_label(name: str) -> str:
    """The shown name of hanging protocol ``name`` (a shipped one translated, a user's as is)."""
    return QCoreApplication.translate("HangingProtocols", name) if name in SHIPPED_PROTOCOL_NAMES else name
