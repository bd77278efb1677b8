"""Several monitors: a viewer window per diagnostic screen and the patient list on the smallest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workstation.app.monitors import DIAGNOSTIC, PATIENT_LIST, ScreenInfo, plan_screens

ROOT = Path(__file__).resolve().parents[2]


def test_plan_for_one_two_and_three_screens():
    diag = ScreenInfo("A", 0, 0, 2048, 2560, primary=True)
    small = ScreenInfo("B", 2048, 0, 1920, 1080)
    second_diag = ScreenInfo("C", 3968, 0, 2048, 2560)
    assert plan_screens([diag]) == [DIAGNOSTIC]
    assert plan_screens([diag, small]) == [DIAGNOSTIC, PATIENT_LIST]
    assert plan_screens([diag, small, second_diag]) == [DIAGNOSTIC, PATIENT_LIST, DIAGNOSTIC]
    assert plan_screens([second_diag, diag, small]) == [DIAGNOSTIC, DIAGNOSTIC, PATIENT_LIST]


_CHILD = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from workstation.app.gui import build_main_window, create_application
app = create_application([])
window = build_main_window()
roles = window.monitors.arrange()
app.processEvents()
from PySide6.QtGui import QGuiApplication
print(json.dumps({
    "roles": {s.name(): role for s, role in zip(QGuiApplication.screens(), roles)},
    "viewers": [v.screen().name() for v in window.monitors.viewers],
    "patient_list": window.monitors.patient_list.screen().name(),
}))
"""


def test_three_screens_get_two_viewers_and_a_patient_list(tmp_path):
    config = tmp_path / "screens.json"
    screens = [{"name": n, "x": x, "y": 0, "width": w, "height": h, "logicalDpi": 96, "logicalBaseDpi": 96,
                "dpr": 1} for n, x, w, h in (("Diag-1", 0, 2048, 2560), ("List", 2048, 1280, 1024),
                                              ("Diag-2", 3328, 2048, 2560))]
    config.write_text(json.dumps({"screens": screens}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", WORKSTATION_HOME=str(tmp_path),
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["roles"] == {"Diag-1": DIAGNOSTIC, "List": PATIENT_LIST, "Diag-2": DIAGNOSTIC}
    assert sorted(result["viewers"]) == ["Diag-1", "Diag-2"]
    assert result["patient_list"] == "List"


def test_a_study_opens_in_one_viewer_window_only(demo_store, qtbot):
    """Double-clicking a study on the patient list while another diagnostic window shows
    it brings that window forward: two copies would be two measurement sessions, each
    saving its own measurements over the other's."""
    from tests.app.test_main_window import find_study, make_window, open_and_wait
    from workstation.app.monitors import MonitorManager

    first, second = make_window(qtbot, demo_store), make_window(qtbot, demo_store)
    manager = MonitorManager(first, make_viewer=None)
    manager.add_viewer(second)
    assert first.monitors is manager and second.monitors is manager
    ct = find_study(demo_store, "CT ngực")
    view = open_and_wait(qtbot, first, ct.study_instance_uid)
    assert manager.viewer_with(ct.study_instance_uid) is first
    assert second.open_study(ct.study_instance_uid) is view
    assert second.views == {} and list(first.views) == [ct.study_instance_uid]
    assert len(first.measure.sessions) == 1 and second.measure.sessions == {}
