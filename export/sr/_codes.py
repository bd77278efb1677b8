"""Coded concepts the SR writers share: units (UCUM), anatomy, procedures, languages.

Codes come from pydicom's copy of PS3.16 wherever the standard has one, so a typo cannot
invent a code. The few concepts PS3.16 lacks (cardiothoracic ratio, a raw pixel value)
use the private coding scheme ``99WS``, declared in the Coding Scheme Identification
Sequence (PS3.3 C.12.1.1.2) of every document that uses it.
"""

from __future__ import annotations

from highdicom.coding_schemes import CodingSchemeIdentificationItem
from highdicom.sr import CodedConcept
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

#: Our private coding scheme (PS3.16 8.2: designators starting with "99" are local).
LOCAL_SCHEME = "99WS"
LOCAL_SCHEME_ITEM = CodingSchemeIdentificationItem(designator=LOCAL_SCHEME,
                                                   name="Workstation local concepts")


def local(value: str, meaning: str) -> CodedConcept:
    return CodedConcept(value, LOCAL_SCHEME, meaning)


CARDIOTHORACIC_RATIO = local("CTR", "Cardiothoracic ratio")
HEART_WIDTH = local("CTR-HEART", "Transverse cardiac diameter")
THORAX_WIDTH = local("CTR-THORAX", "Transverse thoracic diameter")
PIXEL_VALUE = local("PIXVAL", "Pixel value")

#: Our unit strings (``Quantity.unit``, ``SliceImage.value_unit``) -> UCUM (CID 7181 and friends).
UNITS: dict[str, Code | CodedConcept] = {
    "mm": codes.UCUM.Millimeter,
    "mm\u00b2": codes.UCUM.SquareMillimeter,
    "px": CodedConcept("{pixels}", "UCUM", "pixels"),
    "px\u00b2": CodedConcept("{pixels}2", "UCUM", "square pixels"),
    "\u00b0": codes.UCUM.Degree,
    "HU": codes.UCUM.HounsfieldUnit,
    "SUVbw": codes.UCUM.StandardizedUptakeValueBodyWeight,
    "Bq/ml": codes.UCUM.BecquerelsPerMilliliter,
    "counts": codes.UCUM.Counts,
    "": codes.UCUM.NoUnits,
}


def unit_code(unit: str) -> Code | CodedConcept:
    """The UCUM code of one of our unit strings; an unknown unit becomes a UCUM
    annotation (``{g/ml}``), which says what it is without claiming a UCUM meaning."""
    return UNITS.get(unit) or CodedConcept("{" + unit.replace("{", "(").replace("}", ")") + "}", "UCUM", unit)


#: Body Part Examined defined terms (PS3.16 Annex L) -> SNOMED anatomy, for finding sites.
BODY_PART_SITES: dict[str, Code] = {
    "ABDOMEN": codes.SCT.Abdomen, "ABDOMENPELVIS": codes.SCT.AbdomenAndPelvis, "BRAIN": codes.SCT.Brain,
    "BREAST": codes.SCT.Breast, "CHEST": codes.SCT.Chest, "CHESTABDOMEN": codes.SCT.ChestAndAbdomen,
    "CHESTABDPELVIS": codes.SCT.ChestAbdomenAndPelvis, "CSPINE": codes.SCT.CervicalSpine,
    "EXTREMITY": codes.SCT.Extremity, "HEAD": codes.SCT.Head, "HEADNECK": codes.SCT.HeadAndNeck,
    "HEART": codes.SCT.Heart, "HIP": codes.SCT.Hip, "KIDNEY": codes.SCT.Kidney, "KNEE": codes.SCT.Knee,
    "LIVER": codes.SCT.Liver, "LSPINE": codes.SCT.LumbarSpine, "LUNG": codes.SCT.Lung, "NECK": codes.SCT.Neck,
    "PELVIS": codes.SCT.Pelvis, "SHOULDER": codes.SCT.Shoulder, "SKULL": codes.SCT.Skull,
    "SPINE": codes.SCT.Spine, "TSPINE": codes.SCT.ThoracicSpine, "WHOLEBODY": codes.SCT.EntireBody,
}

#: Modality -> procedure reported (TID 1500 row 2, CID 100).
PROCEDURES: dict[str, Code] = {
    "CT": codes.LN.CTUnspecifiedBodyRegion, "MR": codes.LN.MRIUnspecifiedBodyRegion,
    "PT": codes.LN.PETUnspecifiedBodyRegion, "CR": codes.LN.XRUnspecifiedBodyRegion,
    "DX": codes.LN.XRUnspecifiedBodyRegion,
}


def procedure_code(modality: str) -> Code:
    return PROCEDURES.get(modality.upper(), codes.SCT.ImagingProcedure)


#: Report languages (TID 1204, RFC 5646 tags).
LANGUAGES: dict[str, CodedConcept] = {
    "vi": CodedConcept("vi", "RFC5646", "Vietnamese"),
    "en": CodedConcept("en", "RFC5646", "English"),
}
