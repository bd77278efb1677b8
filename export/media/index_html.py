"""The human-readable files at the root of a patient disc: INDEX.HTM, README.TXT, AUTORUN.INF.

IHE PDI (RAD TF-3 4.47.4.1.2) asks for a README.TXT saying what is on the disc and how
to open it, and allows an INDEX.HTM that any browser opens; both name the patient
exactly (UTF-8, Vietnamese diacritics kept). README.TXT uses CRLF line ends so Windows
Notepad shows it correctly. AUTORUN.INF starts the portable viewer on Windows, which
looks for the DICOMDIR in the folder it is started in (``--media .``) and, failing that,
in the folder above its own.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

from tools.image_export import transliterate

VIEWER_FOLDER = "VIEWER"
WINDOWS_VIEWER = f"{VIEWER_FOLDER}\\workstation.exe"


@dataclass(frozen=True)
class SeriesEntry:
    number: int | None
    modality: str
    description: str
    images: int
    preview: str = ""  #: path of the JPEG preview relative to the disc root, "" if none


@dataclass(frozen=True)
class StudyEntry:
    """One study on the disc, as the index and the README describe it."""

    study_instance_uid: str
    patient_name: str  #: as people read it ("Nguyễn Văn An")
    patient_id: str
    birth_date: date | None
    sex: str
    study_date: date | None
    description: str
    accession_number: str
    series: list[SeriesEntry] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  #: HTML/PDF reports relative to the root
    key_images: list[str] = field(default_factory=list)  #: JPEGs relative to the root
    partial: bool = False  #: only part of the study is on this disc


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def _disc_text(number: int, count: int) -> str:
    return f"Disc {number} of {count}" if count > 1 else ""


def index_html(studies: list[StudyEntry], *, label: str, disc_number: int = 1, disc_count: int = 1,
               has_viewer: bool = False) -> str:
    """INDEX.HTM: every patient and study on the disc, linking previews and reports."""
    esc = html.escape
    out = ["<!DOCTYPE html>", "<html lang=\"vi\"><head><meta charset=\"utf-8\">",
           f"<title>{esc(label or 'DICOM images')}</title>",
           "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
           "td,th{border:1px solid #999;padding:4px 8px;vertical-align:top}img{max-width:160px}</style>",
           "</head><body>", f"<h1>{esc(label or 'DICOM images')}</h1>"]
    disc = _disc_text(disc_number, disc_count)
    if disc:
        out.append(f"<p><b>{esc(disc)}</b>: the other discs hold the rest of the images.</p>")
    if has_viewer:
        out.append(f"<p>To look at the images in full quality, start <code>{esc(WINDOWS_VIEWER)}</code> "
                   "(Windows) or <code>VIEWER/workstation --media .</code> (Linux) from this disc; "
                   "see README.TXT.</p>")
    for study in studies:
        out.append(f"<h2>{esc(study.patient_name)} — {esc(study.patient_id)}</h2>")
        facts = [f"Born {_day(study.birth_date)}" if study.birth_date else "", f"Sex {study.sex}" if study.sex else "",
                 f"Study date {_day(study.study_date)}" if study.study_date else "",
                 f"Accession {study.accession_number}" if study.accession_number else ""]
        out.append("<p>" + esc(" · ".join(f for f in facts if f)) + "</p>")
        out.append(f"<h3>{esc(study.description or 'Study')}</h3>")
        if study.partial:
            out.append("<p><i>Only part of this study is on this disc.</i></p>")
        for report in study.reports:
            out.append(f"<p><a href=\"{esc(report)}\">Report</a></p>")
        if study.key_images:
            out.append("<p>Key images: " + " ".join(
                f"<a href=\"{esc(k)}\"><img src=\"{esc(k)}\" alt=\"key image\"></a>" for k in study.key_images)
                + "</p>")
        out.append("<table><tr><th>Series</th><th>Modality</th><th>Description</th><th>Images</th>"
                   "<th>Preview</th></tr>")
        for s in study.series:
            preview = (f"<a href=\"{esc(s.preview)}\"><img src=\"{esc(s.preview)}\" alt=\"preview\"></a>"
                       if s.preview else "")
            out.append(f"<tr><td>{s.number if s.number is not None else ''}</td><td>{esc(s.modality)}</td>"
                       f"<td>{esc(s.description)}</td><td>{s.images}</td><td>{preview}</td></tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def readme_text(studies: list[StudyEntry], *, label: str, profile: str, disc_number: int = 1,
                disc_count: int = 1, has_viewer: bool = False, anonymized: bool = False) -> str:
    """README.TXT: what is on the disc and how to open it (CRLF line ends)."""
    lines = [label or "DICOM images", "=" * max(len(label or "DICOM images"), 12), ""]
    disc = _disc_text(disc_number, disc_count)
    if disc:
        lines += [disc + ". Each disc can be read on its own.", ""]
    lines += ["This disc holds medical images in DICOM format (IHE Portable Data for Imaging, "
              f"DICOM PS3.11 profile {profile}).", ""]
    if anonymized:
        lines += ["The images were de-identified (DICOM PS3.15 Annex E basic profile): names, IDs and dates "
                  "are replaced.", ""]
    for study in studies:
        lines.append(f"Patient: {study.patient_name}  ID: {study.patient_id}"
                     + (f"  born {_day(study.birth_date)}" if study.birth_date else ""))
        lines.append(f"  Study {_day(study.study_date)}  {study.description}"
                     + ("  (partly on this disc)" if study.partial else ""))
        for s in study.series:
            lines.append(f"    series {s.number if s.number is not None else '-'}  {s.modality}  "
                         f"{s.description}  ({s.images} images)")
    lines += ["", "What is where:", "  DICOMDIR      the index of the DICOM files (read it with any DICOM viewer)",
              "  DICOM\\        the images, reports and key images", "  INDEX.HTM     open in a web browser: "
              "the list of studies with previews and reports", "  IHE_PDI\\      the previews and reports the "
              "index shows", ""]
    if has_viewer:
        lines += ["How to open the images:",
                  f"  Windows: the viewer starts by itself when AutoPlay is on; otherwise double-click "
                  f"{WINDOWS_VIEWER}, or run it as \"{WINDOWS_VIEWER} --media .\" from the disc.",
                  "  Linux: open a terminal on the disc and run ./VIEWER/workstation --media .",
                  "  macOS: import the DICOMDIR into a DICOM viewer (Horos, OsiriX, Weasis).",
                  "  The viewer installs nothing and writes nothing on this disc or next to itself.", ""]
    else:
        lines += ["How to open the images: import the DICOMDIR into any DICOM viewer.", ""]
    return "\r\n".join(lines) + "\r\n"


def autorun_inf(label: str) -> str:
    """AUTORUN.INF for Windows AutoPlay: start the viewer on this disc's DICOMDIR."""
    safe = "".join(c for c in transliterate(label) if c.isprintable() and c not in "\"\r\n")[:32]
    return ("[autorun]\r\n"
            f"open={WINDOWS_VIEWER} --media .\r\n"
            f"icon={WINDOWS_VIEWER},0\r\n"
            f"label={safe or 'DICOM images'}\r\n"
            "action=Open the images with the viewer\r\n")
