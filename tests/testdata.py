"""Where the real-world test files are: pydicom's own and the pydicom-data package.

Listing them through ``pydicom.data.get_testdata_files`` tries to download extra files
first, which costs ~10 s of time-outs on machines without internet; these folders are
read directly instead.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pydicom.data


def data_dirs() -> list[Path]:
    dirs = [Path(pydicom.data.__file__).parent / "test_files"]
    spec = importlib.util.find_spec("data_store")  # the pydicom-data package
    if spec is not None and spec.origin:
        dirs.append(Path(spec.origin).parent / "data")
    return dirs


def all_files(pattern: str = "*.dcm") -> list[str]:
    return sorted(str(p) for d in data_dirs() for p in d.glob(pattern))


def data_file(name: str) -> str:
    for d in data_dirs():
        if (d / name).exists():
            return str(d / name)
    raise FileNotFoundError(f"{name} is in neither pydicom's test files nor pydicom-data (pip install pydicom-data)")
