"""``query NODE``: search a PACS (C-FIND, PS3.4 C.4.1, or QIDO-RS, PS3.18 10.6) for studies or series."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime

from workstation.app.cli import _net
from workstation.app.cli._output import CliError, print_json
from workstation.model.records import SeriesRecord, StudyRecord

_DAY = r"(\d{8}|\d{4}-\d{2}-\d{2})"
_RANGE = re.compile(rf"^{_DAY}?-{_DAY}?$")


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("query", help="search a node for studies or series")
    p.add_argument("node", metavar="NODE")
    p.add_argument("--name", default="", help="patient name as the PACS holds it (accents count on most PACS); '*' and '?' are wildcards, "
                        "spaces match name-part separators, a trailing '*' is implied")
    p.add_argument("--id", default="", dest="patient_id", help="patient ID")
    p.add_argument("--accession", default="", help="accession number")
    p.add_argument("--date", default="", metavar="FROM-TO",
                   help="study date or range: 20240315, 20240101-20240331, 2024-01-01-, -20231231")
    p.add_argument("--modality", default="", help="e.g. CT (modalities in study; series modality with --level series)")
    p.add_argument("--level", choices=("study", "series"), default="study")
    p.add_argument("--limit", type=int, default=500, help="at most this many studies (default 500)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_query)


def _day(text: str) -> date:
    return datetime.strptime(text.replace("-", ""), "%Y%m%d").date()


def parse_date_range(text: str) -> tuple[date | None, date | None]:
    """``FROM-TO`` with either end open, or one day; days as YYYYMMDD or YYYY-MM-DD."""
    if not text:
        return None, None
    try:
        match = _RANGE.match(text)
        if match:
            start, end = (_day(g) if g else None for g in match.groups())
            if start is None and end is None:
                raise ValueError("empty range")
            if start is not None and end is not None and start > end:
                raise CliError(f"--date: {start} is after {end}", 2)
            return start, end
        day = _day(text)
        return day, day
    except ValueError as exc:
        raise CliError(f"--date must be a day or FROM-TO (YYYYMMDD or YYYY-MM-DD), got {text!r}", 2) from exc


def name_pattern(text: str) -> str:
    """A PN matching value (PS3.4 C.2.2.2.4): spaces match the ``^`` between name parts
    (people type "Nguyễn Văn", the PACS holds "Nguyễn^Văn An"), and a trailing ``*`` is
    added when the user gave no wildcard (people type the start of a name).

    Matching case and accents are the peer's business: Orthanc, for one, is accent-sensitive.
    """
    words = text.split()
    if not words:
        return ""
    pattern = "*".join(words)
    return pattern if any(c in text for c in "*?") else pattern + "*"


def study_row(study: StudyRecord) -> dict:
    return {"study_instance_uid": study.study_instance_uid, "patient_name": study.patient.display_name,
            "patient_id": study.patient.patient_id, "birth_date": study.patient.birth_date,
            "sex": study.patient.sex, "study_date": study.study_date, "study_time": study.study_time,
            "accession_number": study.accession_number, "description": study.description,
            "modalities": list(study.modalities), "series": study.series_count, "images": study.instance_count}


def series_row(series: SeriesRecord, study: StudyRecord) -> dict:
    return {"series_instance_uid": series.series_instance_uid, "study_instance_uid": study.study_instance_uid,
            "patient_name": study.patient.display_name, "patient_id": study.patient.patient_id,
            "study_date": study.study_date, "accession_number": study.accession_number,
            "modality": series.modality, "series_number": series.series_number,
            "description": series.description, "images": series.instance_count}


def run_query(args: argparse.Namespace) -> int:
    from workstation.net import NetworkError, StudyQuery, find_series, find_studies

    cfg = _net.config()
    node = _net.node(cfg, args.node)
    date_from, date_to = parse_date_range(args.date)
    series_level = args.level == "series"
    query = StudyQuery(patient_name=name_pattern(args.name), patient_id=args.patient_id,
                       accession_number=args.accession, date_from=date_from, date_to=date_to,
                       modality="" if series_level else args.modality, limit=max(args.limit, 0))
    try:
        studies = find_studies(node, cfg.local, query)
        rows = ([series_row(s, study) for study in studies
                 for s in find_series(node, cfg.local, study.study_instance_uid, modality=args.modality)]
                if series_level else [study_row(s) for s in studies])
    except NetworkError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(f"no {args.level} on {node.name} matches")
        return 0
    for r in rows:
        day = r["study_date"].isoformat() if r["study_date"] else "----------"
        if series_level:
            print(f"{day}  {r['patient_name']:<28} {r['modality']:<4} #{r['series_number'] or '-':<4} "
                  f"{r['images']:>5} images  {r['description']}  {r['series_instance_uid']}")
        else:
            print(f"{day}  {r['patient_name']:<28} {r['patient_id']:<12} {r['accession_number']:<12} "
                  f"{'/'.join(r['modalities']):<8} {r['images']:>5} images  {r['description']}  "
                  f"{r['study_instance_uid']}")
    return 0
