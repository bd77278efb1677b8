"""The Vietnamese UI: the .ts file is complete and consistent with the code, and the main
window shows Vietnamese when the settings say "vi" (MoH RIS-PACS criteria: the UI must be
fully usable in Vietnamese) and English otherwise."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPlainTextEdit

from workstation.app.gui import build_main_window
from workstation.app.i18n import install_translator
from workstation.app.main_window import MainWindow
from workstation.app.settings import Settings
from workstation.app.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "workstation_vi.ts"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
PLACEHOLDER = re.compile(r"%(?:\d|n|v|m)")


def _extractor():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(path: Path = TS) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation) of the messages in use (vanished ones are history)."""
    root = ET.parse(path).getroot()
    return [(context.findtext("name", ""), message.findtext("source", ""), message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")
            if message.find("translation") is None or message.find("translation").get("type") != "vanished"]


@pytest.fixture
def translated(qapp):
    """Install the Vietnamese translator for one test, and remove it afterwards."""
    translator = install_translator(qapp, "vi")
    yield translator
    qapp.removeTranslator(translator)


def test_every_message_is_translated_with_its_placeholders():
    messages = _messages()
    assert len(messages) > 500
    problems = []
    for context, source, translation in messages:
        text = translation.text if translation is not None else None
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
            problems.append((context, source, "unfinished"))
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append((context, source, text))
        elif text != unicodedata.normalize("NFC", text):
            problems.append((context, source, "not NFC"))
        elif source.endswith("...") != text.endswith("..."):  # "..." says a dialog follows
            problems.append((context, source, text))
        elif source.count("&") != text.count("&"):  # a keyboard accelerator kept (or none added)
            problems.append((context, source, text))
    assert problems == []


def test_every_string_in_the_code_is_in_the_ts_file():
    """Guards future code: run ``python scripts/update_translations.py vi`` and translate."""
    in_file = {(context, source) for context, source, _ in _messages()}
    in_code = {(context, source) for context, strings in _extractor().extract().items() for source in strings}
    assert in_code - in_file == set()


def test_update_keeps_a_translation_while_its_string_is_gone_and_revives_it(tmp_path, monkeypatch):
    module = _extractor()
    (tmp_path / "resources" / "translations").mkdir(parents=True)
    code = tmp_path / "workstation" / "panel.py"
    code.parent.mkdir()
    monkeypatch.setattr(module, "ROOT", tmp_path)
    ts = tmp_path / "resources" / "translations" / "workstation_vi.ts"

    def write(*texts):
        code.write_text("class Panel:\n    def build(self):\n" + "".join(f"        self.tr({t!r})\n" for t in texts))
        module.update("vi")
        return {source: (tr.text, tr.get("type")) for _, source, tr in
                [(c.findtext("name"), m.findtext("source"), m.find("translation"))
                 for c in ET.parse(ts).getroot().iter("context") for m in c.iter("message")]}

    assert write("Series") == {"Series": (None, "unfinished")}
    ts.write_text(ts.read_text(encoding="utf-8").replace('<translation type="unfinished" />',
                                                         "<translation>Loạt ảnh</translation>"), encoding="utf-8")
    assert write("Study") == {"Study": (None, "unfinished"), "Series": ("Loạt ảnh", "vanished")}
    assert module.untranslated("vi") == [("Panel", "Study")]
    assert write("Series")["Series"] == ("Loạt ảnh", None)


def test_extractor_finds_helpers_imported_from_another_module():
    found = _extractor().extract()
    assert "Report" in found["Actions"]  # report_controller: from workstation.app.actions import N_
    assert "Patient name" in found["StudyTableModel"]  # QT_TRANSLATE_NOOP in a class attribute
    assert "THE DISK IS FULL" in found["ImportJob"]  # a module's own tr() helper


def test_translator_uses_the_translation_of_another_context_for_a_subclass(translated):
    # PySide6's self.tr asks under the instance's class: QtFusionView for QtMprView's strings.
    assert QCoreApplication.translate("QtFusionView", "Crosshair") == "Tâm chữ thập"
    assert QCoreApplication.translate("Nowhere", "no such source text") == "no such source text"


def test_standard_dialog_buttons_are_vietnamese(translated, qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)}
    assert texts == {"OK", "Hủy"}


def test_text_field_context_menus_are_vietnamese(translated, qtbot):
    for field in (QLineEdit("abc"), QPlainTextEdit("abc")):
        qtbot.addWidget(field)
        texts = [action.text().split("\t")[0] for action in field.createStandardContextMenu().actions()]
        assert {"Sao &chép", "&Dán", "Chọn tất cả"} <= set(texts), texts


def _menu_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _choose_language_in_settings(code: str) -> bool:
    """What the user does: File > Settings, pick the language, OK (saved for the next start)."""
    settings = Settings.load()
    dialog = SettingsDialog(settings)
    dialog.language.setCurrentIndex(dialog.language.findData(code))
    changed = dialog.apply_to(settings)
    settings.save()
    dialog.deleteLater()
    return changed


def test_main_window_in_vietnamese_then_english(demo_store, qtbot, qapp):
    assert _choose_language_in_settings("vi")
    window = build_main_window()  # reads the saved settings and installs the translator, as the app does
    qtbot.addWidget(window)
    try:
        menus = _menu_texts(window)
        assert menus[:3] == ["Tệp", "Chỉnh sửa", "Công cụ"], menus
        assert "Kết quả" in menus and menus[-1] == "Trợ giúp", menus
        actions = window.actions_by_id
        assert actions["window"].text() == "Cửa sổ/Mức"
        assert actions["mpr"].text() == "Tái tạo đa mặt phẳng (MPR) / mặt chéo / MIP"
        assert actions["toggle_key_image"].text() == "Đánh dấu / bỏ đánh dấu ảnh chính"
        assert actions["import"].text() == "Nhập tệp, thư mục hoặc CD..."
        assert window.tabs.tabText(0) == "Ca chụp"
        headers = [window.browser.model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)]
        assert headers == ["Họ tên", "Mã bệnh nhân", "Ngày sinh"]
        study = next(s for s in window.store.query_studies() if "CT" in s.modalities)
        view = window.open_study(study.study_instance_uid)
        with qtbot.waitSignal(window.loadings[study.study_instance_uid].signals.finished, timeout=60_000):
            pass
        qtbot.wait(50)
        assert view is not None
        window.resize(1600, 1000)
        window.show()
        qtbot.waitExposed(window)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SCREENSHOTS / "main_window_vi.png"))
        window.tabs.setCurrentIndex(0)
        qtbot.wait(20)
        window.grab().save(str(SCREENSHOTS / "study_browser_vi.png"))
    finally:
        window.close()
        window.store.close()
        qapp.removeTranslator(qapp._translator)  # the app changes language at its next start

    assert _choose_language_in_settings("en")
    english = build_main_window()
    qtbot.addWidget(english)
    try:
        assert qapp._translator is None
        assert _menu_texts(english)[:3] == ["File", "Edit", "Tools"]
        assert english.actions_by_id["window"].text() == "Window/level"
        assert english.tabs.tabText(0) == "Studies"
    finally:
        english.close()
        english.store.close()


def test_every_measurement_kind_has_a_translatable_title():
    from tools.measure import Measurement
    from tools.qt_measure_words import MEASUREMENT_TITLES

    def kinds(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from kinds(sub)

    assert {kind.title for kind in kinds(Measurement) if kind.title} <= MEASUREMENT_TITLES


def test_every_quantity_name_and_note_the_models_print_is_translatable():
    from tools.qt_measure_words import MEASUREMENT_TITLES, MEASUREMENT_WORDS
    from workstation.model import SpacingKind

    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tools" / "measure").glob("*.py"))
    names = set(re.findall(r'Quantity\("([^"]+)"', sources))
    notes = {kind.unit_note for kind in SpacingKind if kind not in (SpacingKind.PATIENT, SpacingKind.UNKNOWN)}
    assert {"Length", "Mean", "SD"} <= names and "along the curve" in notes
    assert names | notes <= MEASUREMENT_TITLES | MEASUREMENT_WORDS


def test_measurement_labels_are_in_the_ui_language(translated):
    from tools.measure import EllipseRoi, Length
    from tools.measure.geometry import ImageGeometry
    from tools.measure.image import SliceImage
    from tools.qt_measure_layer import label_lines
    from tools.qt_measurement_panel import value_text
    from workstation.model import SpacingKind

    geometry = ImageGeometry((0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.5, 0.5), SpacingKind.DETECTOR)
    length = Length(points=((0.0, 0.0), (100.0, 0.0)), geometry=geometry)
    assert length.label() == "Length 50.0 mm (at detector)"  # the model stays English (SR, GSPS, CSV)
    assert value_text(length) == "Độ dài 50.0 mm (tại đầu thu)"
    assert label_lines(length) == ["Độ dài 50.0 mm (tại đầu thu)"]
    image = SliceImage(np.full((40, 40), 100, dtype=np.int16), geometry, None, units="HU")
    roi = EllipseRoi(points=((10.0, 10.0), (30.0, 30.0)), geometry=geometry, image=image)
    lines = label_lines(roi)
    assert lines[0].startswith("Diện tích ") and any(line.startswith("Trung bình 100.0") for line in lines)
    assert lines[-1] == "(tại đầu thu)"
    from tools.clipboard import measurements_mime

    table = measurements_mime([length, roi], lambda m: "Ảnh 1")  # what Ctrl+Shift+C puts in a report
    header, first = table.text().splitlines()[:2]
    assert header.startswith("STT\t") and "\tĐại lượng\t" in header and header.endswith("\tGhi chú")
    assert first.split("\t")[3:] == ["Độ dài", "50.0", "mm", "tại đầu thu"]
    assert "<th>Đơn vị</th>" in table.html()


def test_the_ui_font_has_every_vietnamese_letter(qapp):
    """Diacritics render (no empty boxes): the default UI font holds every character of the
    translations (needs a font with Vietnamese, fonts-dejavu-core in scripts/system-packages.sh)."""
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(qapp.font())
    letters = {ch for _, _, translation in _messages() for ch in (translation.text or "") if ord(ch) > 127}
    assert {"ệ", "ữ", "ặ", "ỏ", "đ", "Đ", "ơ", "ư"} <= letters
    missing = sorted(ch for ch in letters if not metrics.inFontUcs4(ord(ch)))
    assert missing == [], f"{qapp.font().family()} lacks {missing}"


def test_every_shipped_window_preset_and_colour_map_has_a_translatable_name(translated):
    from rendering.colormaps import COLORMAP_NAMES
    from rendering.window_presets import load_window_presets
    from viewer.qt_display_names import COLORMAP_LABELS, SHIPPED_PRESET_NAMES, colormap_label, preset_label

    assert {preset.name for preset in load_window_presets()} <= SHIPPED_PRESET_NAMES
    assert preset_label("Lung") == "Phổi" and preset_label("My own preset") == "My own preset"
    assert colormap_label("grey") == "Xám"
    assert set(COLORMAP_NAMES) <= set(COLORMAP_LABELS)


def test_the_corner_text_names_a_shipped_preset_in_the_ui_language(translated, qtbot):
    from viewer.qt_viewport import QtViewport
    from viewer.sources import StackSource
    from viewer.view_state import ViewState
    from workstation.model import Volume, Window

    volume = Volume(np.zeros((1, 8, 8), dtype=np.int16), np.eye(4), modality="CT")
    volume.mark_loaded(0)
    viewport = QtViewport()
    qtbot.addWidget(viewport)
    viewport.set_source(StackSource(volume), ViewState(voi=Window(-600.0, 1500.0, "Lung")))
    assert "W: 1500 L: -600 (Phổi)" in viewport.corner_text()["bottom_right"]
    viewport.set_voi(Window(40.0, 400.0, "WINDOW1"))  # the file's own name stays as written
    assert "W: 400 L: 40 (WINDOW1)" in viewport.corner_text()["bottom_right"]


def test_every_shipped_hanging_protocol_has_a_translatable_name(translated, tmp_path):
    from viewer.hanging_files import load_protocols
    from viewer.qt_display_names import SHIPPED_PROTOCOL_NAMES, protocol_label

    assert {protocol.name for protocol in load_protocols(tmp_path).protocols} <= SHIPPED_PROTOCOL_NAMES
    assert protocol_label("CT chest with prior") == "CT ngực so sánh ca trước"
