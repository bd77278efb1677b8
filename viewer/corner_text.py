"""The four-corner text of a viewport, built from records and per-frame header values.

Templates live in ``resources/overlays/corner_text.json`` per modality, so a site can
change what its radiologists see without touching code. A line whose fields are all
empty disappears, so a CR does not show an empty "Thk:" line.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from viewer.view_state import Voi
from workstation.model import FrameInfo, Volume, VoiLut, Window

CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")
_FIELD = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class CornerContext:
    """Everything a template may show, for one frame at one moment."""

    volume: Volume
    k: int
    voi: Voi | None
    zoom_percent: float | None
    date_format: str = "%d/%m/%Y"
    location_mm: float | None = None


def load_templates(user_file: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """Shipped templates, overridden per modality by ``user_file`` when it exists."""
    text = resources.files("resources").joinpath("overlays/corner_text.json").read_text(encoding="utf-8")
    templates = json.loads(text)
    if user_file is not None and user_file.exists():
        templates.update(json.loads(user_file.read_text(encoding="utf-8")))
    return templates


def template_for(templates: dict, modality: str) -> dict[str, list[str]]:
    entry = templates.get(modality, templates["default"])
    while isinstance(entry, str):  # an alias: "DX": "CR"
        entry = templates.get(entry, templates["default"])
    return entry


def _date(value: str | date | None, fmt: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.strftime(fmt)
    if len(value) >= 8 and value[:8].isdigit():
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).strftime(fmt)
    return value


def _time(value: str) -> str:
    value = value.replace(":", "")
    return f"{value[:2]}:{value[2:4]}" if len(value) >= 4 and value[:4].isdigit() else ""


def _number(value: str, digits: int = 1) -> str:
    """A header number with at most ``digits`` decimals and no trailing zeros ("2.50" -> "2.5")."""
    try:
        text = f"{float(value):.{digits}f}"
    except ValueError:
        return value
    return text.rstrip("0").rstrip(".") if "." in text else text


def window_text(voi: Voi | None, suv_factor: float | None = None) -> str:
    """"W: 400 L: 40"; PET windows in Bq/ml are shown in SUVbw when the header allows it."""
    if isinstance(voi, Window):
        name = f" ({voi.explanation})" if voi.explanation else ""
        if suv_factor:
            return f"W: {voi.width * suv_factor:.3g} L: {voi.center * suv_factor:.3g} SUV{name}"
        return f"W: {voi.width:g} L: {voi.center:g}{name}"
    if isinstance(voi, VoiLut):
        return f"VOI LUT{(': ' + voi.explanation) if voi.explanation else ''}"
    return ""


def fields(ctx: CornerContext) -> dict[str, str]:
    """Every field a template may use, as display text ("" when unknown)."""
    v, k = ctx.volume, ctx.k
    info: FrameInfo | None = v.frames[k] if v.frames else None
    a = dict(info.attributes) if info is not None else {}
    study, series = v.study, v.series
    patient = study.patient if study is not None else None
    sex, age = (patient.sex if patient else "") or a.get("PatientSex", ""), a.get("PatientAge", "")
    birth = _date(patient.birth_date if patient else a.get("PatientBirthDate"), ctx.date_format)
    study_dt = " ".join(x for x in (_date(study.study_date if study else None, ctx.date_format),
                                    _time(study.study_time if study else "")) if x)
    series_line = " ".join(x for x in (f"Se: {series.series_number}" if series and series.series_number is not None
                                       else "", series.description if series else "") if x)
    n = v.shape[0]
    image_line = f"Im: {k + 1}/{n}" if n > 1 else ""
    if info is not None and a.get("NumberOfFrames", "1") not in ("", "1"):  # a frame of a multi-frame object
        image_line = f"{image_line}  Fr: {info.frame_number}".strip()
    location = f"Loc: {ctx.location_mm:.1f} mm" if ctx.location_mm is not None else ""
    thickness = f"Thk: {_number(str(info.slice_thickness), 2)} mm" if info and info.slice_thickness else ""
    warnings = [w for w in (_lossy(a), "Burned-in annotation" if a.get("BurnedInAnnotation", "").upper() == "YES"
                            else "") if w]
    kvp, ma = a.get("KVP", ""), a.get("XRayTubeCurrent", "")
    mas = a.get("Exposure", "")
    tr, te = a.get("RepetitionTime", ""), a.get("EchoTime", "")
    return {
        "patient_name": patient.display_name if patient else "",
        "patient_id": f"ID: {patient.patient_id}" if patient and patient.patient_id else "",
        "birth_sex_age": " ".join(x for x in (birth, sex, age) if x),
        "institution": a.get("InstitutionName", ""),
        "weight": f"{_number(a['PatientWeight'])} kg" if a.get("PatientWeight") else "",
        "study_description": study.description if study else "",
        "study_date_time": study_dt,
        "accession": f"Acc: {study.accession_number}" if study and study.accession_number else "",
        "series_line": series_line,
        "modality": v.modality,
        "image_line": image_line,
        "location": location,
        "thickness": thickness,
        "acquisition": " ".join(x for x in (_date(a.get("AcquisitionDate", ""), ctx.date_format),
                                            _time(a.get("AcquisitionTime", ""))) if x),
        "ct_technique": " ".join(x for x in (f"{_number(kvp, 0)} kV" if kvp else "",
                                             f"{_number(ma, 0)} mA" if ma else "") if x),
        "kernel": a.get("ConvolutionKernel", ""),
        "tilt": f"Tilt: {v.tilt_degrees:.1f}°" if v.tilt_degrees >= 0.05 else "",
        "mr_technique": " ".join(x for x in (f"TR: {_number(tr)}" if tr else "", f"TE: {_number(te)}" if te else "",
                                             a.get("SequenceName", "")) if x),
        "field_strength": f"{_number(a['MagneticFieldStrength'])} T" if a.get("MagneticFieldStrength") else "",
        "suv_note": "SUVbw" if v.suv is not None and not v.suv.problems() else "",
        "view": " ".join(x for x in (a.get("ImageLaterality", "") or a.get("Laterality", ""),
                                     a.get("ViewPosition", "")) if x),
        "xray_technique": " ".join(x for x in (f"{_number(kvp, 0)} kV" if kvp else "",
                                               f"{_number(mas, 1)} mAs" if mas else "") if x),
        "spacing_note": f"Spacing: {v.spacing_kind.unit_note}" if v.spacing_kind.unit_note else "",
        "window": window_text(ctx.voi, _suv_factor(v)),
        "zoom": f"Zoom: {ctx.zoom_percent:.0f}%" if ctx.zoom_percent is not None else "",
        "warnings": "  ".join(warnings),
    }


def _suv_factor(volume: Volume) -> float | None:
    if volume.suv is None or volume.units.upper() != "BQML" or volume.suv.problems():
        return None
    return volume.suv.suv_bw_factor()


def _lossy(a: dict[str, str]) -> str:
    if a.get("LossyImageCompression", "") != "01":
        return ""
    ratio = a.get("LossyImageCompressionRatio", "")
    return f"LOSSY{(' ' + _number(ratio) + ':1') if ratio else ''}"


def corner_lines(ctx: CornerContext, templates: dict) -> dict[str, list[str]]:
    """The lines to draw in each corner for a frame."""
    values = fields(ctx)
    formatter = string.Formatter()
    result: dict[str, list[str]] = {}
    for corner in CORNERS:
        lines = []
        for template in template_for(templates, ctx.volume.modality).get(corner, []):
            names = _FIELD.findall(template)
            if names and not any(values.get(name, "") for name in names):
                continue
            lines.append(formatter.vformat(template, (), _Defaulting(values)).strip())
        result[corner] = [line for line in lines if line]
    return result


class _Defaulting(dict):
    """Unknown fields in a site's template show as empty rather than crashing."""

    def __missing__(self, key: str) -> str:
        return ""
