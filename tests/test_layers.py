"""The dependency rule of DESIGN.md holds: no Qt below the viewer, nobody imports the app."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_import_breaks_the_dependency_rule():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_layers.py"), str(ROOT)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
