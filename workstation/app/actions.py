"""Every command of the main window with its shortcut, in one table.

The menus, the toolbar and the shortcuts dialog are all built from :data:`ACTIONS`, so
a shortcut is defined once and the dialog can never fall out of date.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from tools.qt_measure_tools import MEASURE_TOOLS


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark a literal for extraction into the translation files; translated when shown."""
    return text


def tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  #: English source text (translated when the action is built)
    shortcut: str
    menu: str
    checkable: bool = False
    toolbar: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("import", N_("Import files, folder or CD..."), "Ctrl+I", N_("File"), toolbar=True),
    ActionSpec("browser", N_("Study browser"), "F2", N_("File"), toolbar=True),
    ActionSpec("close_study", N_("Close study"), "Ctrl+W", N_("File")),
    ActionSpec("export_images", N_("Export images..."), "Ctrl+E", N_("File")),
    ActionSpec("export_cine", N_("Export cine (GIF/MP4)..."), "Ctrl+Shift+E", N_("File")),
    ActionSpec("save_gsps", N_("Save measurements as presentation state (GSPS)..."), "Ctrl+Shift+P", N_("File")),
    ActionSpec("load_gsps", N_("Load presentation state (GSPS)..."), "", N_("File")),
    ActionSpec("settings", N_("Settings..."), "Ctrl+,", N_("File")),
    ActionSpec("quit", N_("Quit"), "Ctrl+Q", N_("File")),
    ActionSpec("undo", N_("Undo"), "Ctrl+Z", N_("Edit")),
    ActionSpec("redo", N_("Redo"), "Ctrl+Y", N_("Edit")),
    ActionSpec("copy_image", N_("Copy image"), "Ctrl+C", N_("Edit")),
    ActionSpec("copy_image_plain", N_("Copy image without overlays"), "Ctrl+Alt+C", N_("Edit")),
    ActionSpec("copy_layout", N_("Copy the whole layout"), "Ctrl+Shift+C", N_("Edit")),
    ActionSpec("copy_measurement_table", N_("Copy measurement table"), "Ctrl+Alt+M", N_("Edit")),
    ActionSpec("copy_measurement", N_("Copy selected measurement"), "Ctrl+Shift+M", N_("Edit")),
    ActionSpec("paste_measurement", N_("Paste measurement on this image"), "Ctrl+V", N_("Edit")),
    ActionSpec("delete_measurement", N_("Delete measurement"), "Del", N_("Edit")),
    ActionSpec("show_measurements", N_("Show measurements"), "Ctrl+H", N_("Edit"), checkable=True),
    ActionSpec("measurement_panel", N_("Measurements panel"), "Ctrl+L", N_("Edit"), checkable=True),
    ActionSpec("remove_calibration", N_("Remove calibration of this series"), "", N_("Edit")),
    ActionSpec("browse", N_("Browse (drag to scroll)"), "B", N_("Tools"), checkable=True, toolbar=True),
    ActionSpec("window", N_("Window/level"), "W", N_("Tools"), checkable=True, toolbar=True),
    ActionSpec("pan", N_("Pan"), "P", N_("Tools"), checkable=True, toolbar=True),
    ActionSpec("zoom", N_("Zoom"), "Z", N_("Tools"), checkable=True, toolbar=True),
    ActionSpec("magnify", N_("Magnifying lens"), "M", N_("Tools"), checkable=True, toolbar=True),
    *(ActionSpec(t.name, t.text, t.shortcut, N_("Measure"), checkable=True, toolbar=t.name in ("length", "ellipse"))
      for t in MEASURE_TOOLS),
    ActionSpec("next_image", N_("Next image"), "Down", N_("Navigate")),
    ActionSpec("previous_image", N_("Previous image"), "Up", N_("Navigate")),
    ActionSpec("page_down", N_("Forward one page"), "PgDown", N_("Navigate")),
    ActionSpec("page_up", N_("Back one page"), "PgUp", N_("Navigate")),
    ActionSpec("first_image", N_("First image"), "Home", N_("Navigate")),
    ActionSpec("last_image", N_("Last image"), "End", N_("Navigate")),
    ActionSpec("go_to", N_("Go to image..."), "Ctrl+G", N_("Navigate")),
    ActionSpec("cine", N_("Play / stop cine"), "Space", N_("Navigate"), checkable=True, toolbar=True),
    ActionSpec("cine_bounce", N_("Cine bounces (instead of looping)"), "Shift+Space", N_("Navigate"), checkable=True),
    ActionSpec("compare_prior", N_("Compare with prior study"), "Ctrl+P", N_("Navigate"), toolbar=True),
    ActionSpec("invert", N_("Invert"), "I", N_("Image"), checkable=True, toolbar=True),
    ActionSpec("auto_window", N_("Automatic window"), "A", N_("Image")),
    ActionSpec("default_window", N_("Window from file"), "0", N_("Image")),
    ActionSpec("rotate_right", N_("Rotate 90° clockwise"), "R", N_("Image"), toolbar=True),
    ActionSpec("rotate_left", N_("Rotate 90° counter-clockwise"), "Shift+R", N_("Image")),
    ActionSpec("flip_horizontal", N_("Flip horizontally"), "H", N_("Image"), toolbar=True),
    ActionSpec("flip_vertical", N_("Flip vertically"), "V", N_("Image")),
    ActionSpec("fit", N_("Fit to viewport"), "F", N_("Image")),
    ActionSpec("one_to_one", N_("1:1 (one image pixel per screen pixel)"), "Ctrl+1", N_("Image")),
    ActionSpec("reset", N_("Reset view"), "Esc", N_("Image"), toolbar=True),
    ActionSpec("smooth", N_("Smooth interpolation"), "S", N_("Image"), checkable=True),
    ActionSpec("overlays", N_("Show overlays"), "O", N_("Image"), checkable=True),
    ActionSpec("tags", N_("DICOM tags..."), "Ctrl+T", N_("Image")),
    ActionSpec("sync_scroll", N_("Synchronise scrolling"), "Ctrl+Shift+S", N_("Layout"), checkable=True),
    ActionSpec("sync_zoom", N_("Synchronise zoom and pan"), "Ctrl+Shift+Z", N_("Layout"), checkable=True),
    ActionSpec("sync_window", N_("Synchronise window/level"), "Ctrl+Shift+W", N_("Layout"), checkable=True),
    ActionSpec("reference_lines", N_("Reference lines"), "Ctrl+Shift+R", N_("Layout"), checkable=True),
    ActionSpec("maximise", N_("Maximise viewport"), "Ctrl+M", N_("Layout")),
    ActionSpec("tile_2x2", N_("Tile images 2x2 in the viewport"), "Ctrl+Shift+2", N_("Layout")),
    ActionSpec("shortcuts", N_("Keyboard shortcuts"), "F1", N_("Help")),
    ActionSpec("log_folder", N_("Open the log folder"), "", N_("Help")),
    ActionSpec("about", N_("About"), "", N_("Help")),
)

#: Layouts offered in the Layout menu with their shortcuts (Alt+digit as Horos does).
LAYOUT_SHORTCUTS = {"1x1": "Alt+1", "1x2": "Alt+2", "2x1": "Alt+3", "2x2": "Alt+4", "1+2": "Alt+5",
                    "2x3": "Alt+6", "3x3": "Alt+7", "4x4": "Alt+8"}
