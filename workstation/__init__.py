"""DICOM diagnostic reading workstation.

Sub-packages follow the dependency rule of DESIGN.md: ``model`` knows nothing of I/O,
``dicomio`` reads and writes DICOM, ``store`` is the local archive, ``net`` talks to
PACS nodes and ``app`` composes everything into the program.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("workstation")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
