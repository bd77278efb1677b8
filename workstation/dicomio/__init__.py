"""DICOM input/output: headers, every transfer syntax, series -> Volume, writing.

The one place that knows transfer syntaxes, pixel encodings and file layout.
"""

from workstation.dicomio.decoding import decoder_problem
from workstation.dicomio.loader import SeriesLoader, load_series
from workstation.dicomio.reading import has_pixels, looks_like_dicom, read_header, transfer_syntax_of
from workstation.dicomio.records import records_from_dataset
from workstation.dicomio.scanning import ScannedFile, ScanResult, Skipped, scan

__all__ = [
    "ScanResult", "ScannedFile", "SeriesLoader", "Skipped", "decoder_problem", "has_pixels",
    "load_series", "looks_like_dicom", "read_header", "records_from_dataset", "scan", "transfer_syntax_of",
]
