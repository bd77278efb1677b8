"""Names of colour maps and window presets as menus and combo boxes show them, in the UI
language.

:mod:`rendering` names its colour maps with identifiers (``hot_iron``) and ships window
presets with English names (``resources/window_presets.json``, which hanging protocols
refer to by name); the reading window's menus and the fusion view show both, so the shown
names are kept in one place for the translators. The overlay on the image keeps the
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


def colormap_label(name: str) -> str:
    """The shown name of colour map ``name``; a map added later without a label shows tidied."""
    if name in COLORMAP_LABELS:
        return QCoreApplication.translate("Colormaps", COLORMAP_LABELS[name])
    return name.replace("_", " ").capitalize()


def preset_label(name: str) -> str:
    """The shown name of window preset ``name`` (a shipped one translated, a user's as is)."""
    return QCoreApplication.translate("WindowPresets", name) if name in SHIPPED_PRESET_NAMES else name
