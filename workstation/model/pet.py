"""SUV body-weight from PET header values (PS3.3 C.8.9.1, the QIBA/Vendor-neutral recipe)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SuvParameters:
    """What the SUVbw formula needs, as read from a PET series.

    ``units`` is Units (0054,1001); SUV needs ``"BQML"``. ``decay_correction`` is
    Decay Correction (0054,1102): ``"START"`` means pixel values are decay-corrected to
    the series start, so the injected dose is decayed from injection to that time.
    """

    units: str
    decay_correction: str
    injected_dose_bq: float
    half_life_s: float
    injection_time: datetime | None
    series_time: datetime | None
    patient_weight_kg: float

    def problems(self) -> list[str]:
        """Why SUVbw cannot be computed, empty when it can."""
        found = []
        if self.units.upper() != "BQML":
            found.append(f"units are {self.units!r}, SUV needs BQML")
        if self.decay_correction.upper() not in ("START", "ADMIN"):
            found.append(f"decay correction {self.decay_correction!r} is not supported")
        if not self.injected_dose_bq > 0:
            found.append("injected dose is missing")
        if not self.half_life_s > 0:
            found.append("radionuclide half-life is missing")
        if not self.patient_weight_kg > 0:
            found.append("patient weight is missing")
        if self.decay_correction.upper() == "START" and (self.injection_time is None or self.series_time is None):
            found.append("injection or series time is missing")
        return found

    def suv_bw_factor(self) -> float:
        """Multiply activity concentration (Bq/ml) by this to get SUVbw (g/ml).

        Raises
        ------
        ValueError
            If the header values do not allow SUV (see :meth:`problems`).
        """
        found = self.problems()
        if found:
            raise ValueError("; ".join(found))
        dose = self.injected_dose_bq
        if self.decay_correction.upper() == "START":
            assert self.series_time is not None and self.injection_time is not None
            elapsed = (self.series_time - self.injection_time).total_seconds()
            dose *= math.exp(-math.log(2.0) * elapsed / self.half_life_s)
        return self.patient_weight_kg * 1000.0 / dose
