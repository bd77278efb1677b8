"""SUV inputs from a PET header (PS3.3 C.8.9.1 PET Series / Isotope modules)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from pydicom.dataset import Dataset

from workstation.dicomio.records import combine_datetime, text
from workstation.model.pet import SuvParameters


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _injection_time(item: Dataset, series_time: datetime) -> datetime | None:
    """Radiopharmaceutical Start DateTime, else Start Time on the series day.

    An injection time later than the series time (a start time read on the wrong day
    across midnight) is moved to the previous day.
    """
    start_dt = text(item, "RadiopharmaceuticalStartDateTime")
    if start_dt:
        when = combine_datetime(start_dt[:8], start_dt[8:].split("+")[0].split("-")[0])
        if when is not None:
            return when
    start = text(item, "RadiopharmaceuticalStartTime")
    if not start:
        return None
    when = combine_datetime(series_time.strftime("%Y%m%d"), start)
    if when is not None and when > series_time:
        when -= timedelta(days=1)
    return when


def suv_parameters(ds: Dataset, acquisition_headers: Iterable[Dataset] = ()) -> SuvParameters | None:
    """The :class:`SuvParameters` of a PET series, or None if it is not PET.

    The reference time for decay correction START is the Series Date/Time; when a
    scanner wrote a series time later than the earliest acquisition (some re-processed
    series do), the earliest acquisition time is used instead, as QIBA recommends.
    """
    if text(ds, "Modality") != "PT":
        return None
    series_time = combine_datetime(text(ds, "SeriesDate") or text(ds, "StudyDate"), text(ds, "SeriesTime"))
    acquisitions = [combine_datetime(text(h, "AcquisitionDate") or text(ds, "SeriesDate"), text(h, "AcquisitionTime"))
                    for h in acquisition_headers]
    acquisitions = [a for a in acquisitions if a is not None]
    if acquisitions and (series_time is None or min(acquisitions) < series_time):
        series_time = min(acquisitions)
    seq = ds.get("RadiopharmaceuticalInformationSequence")
    item = seq[0] if seq else Dataset()
    injection = _injection_time(item, series_time) if series_time is not None else None
    return SuvParameters(
        units=text(ds, "Units"),
        decay_correction=text(ds, "DecayCorrection"),
        injected_dose_bq=_number(item.get("RadionuclideTotalDose")),
        half_life_s=_number(item.get("RadionuclideHalfLife")),
        injection_time=injection,
        series_time=series_time,
        patient_weight_kg=_number(ds.get("PatientWeight")),
    )
