"""Mammography phantoms: the four screening views R/L CC and MLO, for hanging protocols.

Each view is its own series with one Digital Mammography X-Ray Image For Presentation
(PS3.3 A.26.2). Patient Orientation is mirrored the way mammograms are hung back to back
(PS3.3 C.8.11.7 and Annex "Mammography Image Orientation"): right-breast views point the
row direction Posterior (chest wall at the image right), left-breast views Anterior
(chest wall at the image left):

===== ======================= ==========================
view  Patient Orientation     chest wall at
===== ======================= ==========================
R CC  P\\L                     image right
L CC  A\\R                     image left
R MLO P\\FL                    image right
L MLO A\\FR                    image left
===== ======================= ==========================

Only the left breast holds a "mass" (a dense disc), seen in both left views, so a
protocol that swaps sides shows it on the wrong side. Each image also carries a lead
marker block labelled with its view (e.g. "L MLO") near the top corner on the nipple side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydicom.sr.codedict import codes
from pydicom.uid import DigitalMammographyXRayImageStorageForPresentation, ExplicitVRLittleEndian

from workstation.model.display import Window
from workstation.model.volume import SpacingKind
from workstation.phantoms._dicom import check_transfer_syntax, decimal_string
from workstation.phantoms.projection import (
    dx_modules,
    inverted,
    projection_dataset,
    write_projection_series,
)
from workstation.phantoms.scene import Box, Cylinder, Scene, Sphere
from workstation.phantoms.study import PATIENT_NGOC, StudyInfo
from workstation.phantoms.truth import PhantomSeries, ProjectionTruth

#: The default mammography study: "Trần^Thị Bích Ngọc", a screening mammogram.
MAMMO_STUDY = StudyInfo(
    patient=PATIENT_NGOC,
    seed="phantom-mammo", started=datetime(2024, 3, 20, 8, 30, 0), description="Chụp nhũ ảnh sàng lọc 2 bên",
    accession_number="A24032001", study_id="4")


@dataclass(frozen=True)
class MammoView:
    """One screening view and how it is oriented."""

    laterality: str  #: "R" or "L"
    view: str  #: "CC" or "MLO"
    patient_orientation: tuple[str, str]

    @property
    def name(self) -> str:
        return f"{self.laterality} {self.view}"


SCREENING_VIEWS = (
    MammoView("R", "CC", ("P", "L")),
    MammoView("L", "CC", ("A", "R")),
    MammoView("R", "MLO", ("P", "FL")),
    MammoView("L", "MLO", ("A", "FR")),
)
_VIEW_CODES = {"CC": codes.SCT.CranioCaudal, "MLO": codes.SCT.MedioLateralObliqueProjection}


def mammo_scene(view: MammoView, width_mm: float, height_mm: float) -> Scene:
    """Scene of one view in mm around the detector centre: breast from the chest wall,
    glandular tissue, (MLO) pectoral muscle, (left) mass, and the view's marker."""
    toward_nipple = -1.0 if view.patient_orientation[0] == "P" else 1.0
    chest_x = -toward_nipple * width_mm / 2
    shapes = [Cylinder((chest_x, 0.0, 0.0), (0.8 * width_mm, 0.42 * height_mm), 1400.0, label="breast"),
              Cylinder((chest_x + toward_nipple * 0.25 * width_mm, 0.0, 0.0), (0.35 * width_mm, 0.22 * height_mm),
                       2000.0, label="glandular")]
    if view.view == "MLO":
        shapes.append(Cylinder((chest_x, -height_mm / 2, 0.0), (0.25 * width_mm, 0.35 * height_mm), 2200.0,
                               label="pectoral"))
    if view.laterality == "L":
        y = 15.0 if view.view == "CC" else -20.0
        shapes.append(Sphere((chest_x + toward_nipple * 0.45 * width_mm, y, 0.0), 6.0, 3000.0, "mass"))
    marker_x = -chest_x - toward_nipple * 0.12 * width_mm  # near the edge opposite the chest wall
    shapes.append(Box((marker_x, -0.4 * height_mm, 0.0), (6.0, 6.0, 1.0), 4000.0, view.name))
    return Scene(100.0, tuple(shapes))


def write_mammography(
    out_dir: str | Path,
    *,
    size: tuple[int, int] = (320, 256),
    imager_pixel_spacing: tuple[float, float] = (0.8, 0.8),
    monochrome1: bool = False,
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = MAMMO_STUDY,
    first_series_number: int = 1,
) -> tuple[PhantomSeries, ...]:
    """Write the four screening views, one series each, in :data:`SCREENING_VIEWS` order.

    ``size`` is ``(rows, columns)``; ``imager_pixel_spacing`` ``(row, column)`` mm.
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    rows, columns = size
    written = []
    for n, view in enumerate(SCREENING_VIEWS):
        number = first_series_number + n
        photometric = "MONOCHROME1" if monochrome1 else "MONOCHROME2"
        ds = projection_dataset(study, sop_class_uid=DigitalMammographyXRayImageStorageForPresentation,
                                modality="MG", series_number=number, series_description=f"Nhũ ảnh {view.name}",
                                kind="mg", rows=rows, columns=columns, photometric=photometric, bits_stored=12,
                                patient_orientation=view.patient_orientation, body_part="BREAST")
        ds.ImagerPixelSpacing = [decimal_string(v) for v in imager_pixel_spacing]
        ds.ViewPosition = view.view
        dx_modules(ds, image_laterality=view.laterality, monochrome1=monochrome1, anatomy=codes.SCT.Breast,
                   view=_VIEW_CODES[view.view], positioner="MAMMOGRAPHIC")
        ds.BreastImplantPresent = "NO"
        ds.OrganExposed = "BREAST"
        ds.KVP = "28"
        ds.BodyPartThickness = "45"
        ds.CompressionForce = "110"
        scene = mammo_scene(view, columns * imager_pixel_spacing[1], rows * imager_pixel_spacing[0])
        truth = ProjectionTruth(imager_pixel_spacing=tuple(imager_pixel_spacing), pixel_spacing=None,
                                magnification=None, patient_orientation=view.patient_orientation,
                                image_laterality=view.laterality, view_position=view.view)
        written.append(write_projection_series(
            ds, inverted(scene) if monochrome1 else scene, tuple(imager_pixel_spacing), SpacingKind.DETECTOR,
            Path(out_dir) / f"MG{number:03d}_00001.dcm", transfer_syntax, series_kind="mg", study=study,
            windows=(Window(2048.0, 4096.0, "Toàn dải"),), projection=truth,
            notes=f"{view.name} screening view"))
    return tuple(written)
