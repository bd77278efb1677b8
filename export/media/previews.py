"""What a person without a DICOM viewer sees of a disc: JPEG previews and the report.

IHE PDI (IHE RAD TF-1 15, TF-3 4.47) lets a disc carry web content next to the DICOM
files so the patient or a GP can look at it in any browser. Each series gets a JPEG of
its middle image, windowed the way the file says (its first Window Center/Width, PS3.3
C.11.2.1.2; else a percentile window over the image), key images (KOS) get their own
JPEGs, and a structured report's text becomes an HTML page; an encapsulated PDF report is
put on the disc as the PDF it is.

No Qt: images go through :func:`rendering.voi.voi_window` (the standard's formula) and
Pillow.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset
from pydicom.pixels import pixel_array

from rendering.voi import auto_window, voi_window
from tools.image_export import write_image
from workstation.model import Window

#: Longest side of a preview, in pixels: enough to recognise the image, small on the disc.
PREVIEW_SIZE = 512
ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1"
KEY_OBJECT_SELECTION = "1.2.840.10008.5.1.4.1.1.88.59"


def _first(value) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        value = value[0] if len(value) else None
    return float(value) if value not in (None, "") else None


def render_rgb(path: str | os.PathLike[str], *, max_size: int = PREVIEW_SIZE) -> np.ndarray:
    """The middle frame of an image file as a ``(rows, columns, 3)`` uint8 RGB array.

    Raises
    ------
    ValueError
        The file has no pixel data, or no decoder can read it.
    """
    ds = pydicom.dcmread(os.fspath(path), defer_size=1024)
    if "PixelData" not in ds:
        raise ValueError(f"{path} has no pixel data")
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    try:
        pixels = pixel_array(os.fspath(path), index=frames // 2 if frames > 1 else None)
    except Exception as exc:  # decoder plugins raise many types
        raise ValueError(f"{path}: pixels cannot be decoded ({exc})") from exc
    if pixels.ndim == 3 and pixels.shape[-1] == 3:  # colour: already RGB (pydicom converts YBR)
        rgb = np.asarray(pixels, dtype=np.uint8)
    else:
        values = pixels * float(ds.get("RescaleSlope", 1) or 1) + float(ds.get("RescaleIntercept", 0) or 0)
        center, width = _first(ds.get("WindowCenter")), _first(ds.get("WindowWidth"))
        window = (Window(center, width, "file") if center is not None and width is not None and width >= 1
                  else auto_window(values, modality=str(ds.get("Modality", ""))))
        grey = voi_window(values, window, 0.0, 255.0)
        if str(ds.get("PhotometricInterpretation", "")) == "MONOCHROME1":
            grey = 255.0 - grey
        rgb = np.repeat(np.rint(grey).astype(np.uint8)[..., None], 3, axis=2)
    step = max(1, -(-max(rgb.shape[:2]) // max_size))
    return np.ascontiguousarray(rgb[::step, ::step])


def write_preview(path: str | os.PathLike[str], out: str | os.PathLike[str]) -> Path:
    """Write the JPEG preview of one image file to ``out``."""
    return write_image(out, render_rgb(path), "jpeg", quality=90)


def _code_meaning(item: Dataset, keyword: str) -> str:
    sequence = item.get(keyword)
    return str(sequence[0].get("CodeMeaning", "")) if sequence else ""


def _content_value(item: Dataset) -> str:
    kind = str(item.get("ValueType", ""))
    if kind == "TEXT":
        return str(item.get("TextValue", ""))
    if kind == "CODE":
        return _code_meaning(item, "ConceptCodeSequence")
    if kind == "NUM":
        measured = item.get("MeasuredValueSequence")
        if not measured:
            return ""
        units = _code_meaning(measured[0], "MeasurementUnitsCodeSequence")
        return f"{measured[0].get('NumericValue', '')} {units}".strip()
    if kind == "PNAME":
        return str(item.get("PersonName", "")).replace("^", " ")
    if kind in ("DATE", "TIME", "DATETIME", "UIDREF"):
        return str(item.get({"DATE": "Date", "TIME": "Time", "DATETIME": "DateTime", "UIDREF": "UID"}[kind], ""))
    return ""


def _content_html(items, depth: int) -> list[str]:
    lines = []
    for item in items or ():
        name = html.escape(_code_meaning(item, "ConceptNameCodeSequence"))
        if str(item.get("ValueType", "")) == "CONTAINER":
            level = min(depth + 2, 6)
            lines.append(f"<h{level}>{name}</h{level}>")
            lines.extend(_content_html(item.get("ContentSequence"), depth + 1))
            continue
        value = html.escape(_content_value(item))
        if value:
            lines.append(f"<p><b>{name}</b>: {value}</p>" if name else f"<p>{value}</p>")
        lines.extend(_content_html(item.get("ContentSequence"), depth + 1))
    return lines


def report_html(ds: Dataset, title: str) -> str:
    """A structured report's content tree (PS3.3 C.17.3) as a plain UTF-8 HTML page."""
    body = _content_html(ds.get("ContentSequence"), 0)
    if not body:
        body = ["<p>(no readable text in this report)</p>"]
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html.escape(title)
            + "</title></head><body>\n<h1>" + html.escape(title) + "</h1>\n" + "\n".join(body)
            + "\n</body></html>\n")


def encapsulated_pdf(ds: Dataset) -> bytes:
    """The PDF inside an Encapsulated PDF instance (PS3.3 A.45), without the pad byte."""
    data = bytes(ds.EncapsulatedDocument)
    length = int(ds.get("EncapsulatedDocumentLength", 0) or 0)
    return data[:length] if length else data.rstrip(b"\x00")


def key_image_uids(ds: Dataset) -> list[str]:
    """SOP Instance UIDs a Key Object Selection document (PS3.3 A.35.4) selects, in order."""
    uids = []
    for study in ds.get("CurrentRequestedProcedureEvidenceSequence", ()):
        for series in study.get("ReferencedSeriesSequence", ()):
            uids.extend(str(s.ReferencedSOPInstanceUID) for s in series.get("ReferencedSOPSequence", ()))
    return uids
