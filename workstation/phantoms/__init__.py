"""Synthetic DICOM phantoms with analytic ground truth, for tests and ``workstation demo``.

Every generator writes valid DICOM (``dciodvfy`` reports no errors) in UTF-8
(``ISO_IR 192``) with Vietnamese names, UIDs reproducible from the study seed, and
returns a :class:`PhantomSeries` saying what a correct reader must produce: stacks in
ascending position along the slice normal, each with its index -> patient affine, the
files and frames in that order, and the analytic :class:`Scene` every voxel was sampled
from (no anti-aliasing: a voxel whose centre is inside a sphere holds its exact value).
See :mod:`workstation.phantoms.truth` for the conventions.

Needs only numpy and pydicom (plus the codec plugins for compressed transfer syntaxes);
imports nothing but :mod:`workstation.model` from the project.
"""

from __future__ import annotations

from workstation.phantoms._dicom import TRANSFER_SYNTAXES
from workstation.phantoms.ct import AXIAL, CORONAL, CT_WINDOWS, SAGITTAL, ct_scene, oblique_orientation, write_ct
from workstation.phantoms.demo import write_demo_studies
from workstation.phantoms.mammography import SCREENING_VIEWS, MammoView, write_mammography
from workstation.phantoms.mr import mr_scene, write_mr
from workstation.phantoms.multiframe import write_enhanced_ct, write_us_cine
from workstation.phantoms.pet import F18_HALF_LIFE_S, write_pet
from workstation.phantoms.projection import chest_scene, write_radiograph, write_secondary_capture
from workstation.phantoms.scene import Box, Cylinder, Ellipsoid, Ruler, Scene, Sphere
from workstation.phantoms.split import write_mixed_size_ct, write_two_stack_ct
from workstation.phantoms.study import (
    DEFAULT_STUDY,
    PATIENT_DUC,
    PATIENT_NGOC,
    PatientInfo,
    StudyInfo,
    make_uid,
)
from workstation.phantoms.truth import PhantomSeries, ProjectionTruth, Stack, SuvTruth

__all__ = [
    "AXIAL", "CORONAL", "CT_WINDOWS", "DEFAULT_STUDY", "F18_HALF_LIFE_S", "PATIENT_DUC", "PATIENT_NGOC",
    "SAGITTAL", "SCREENING_VIEWS", "TRANSFER_SYNTAXES", "Box", "Cylinder", "Ellipsoid", "MammoView",
    "PatientInfo", "PhantomSeries", "ProjectionTruth", "Ruler", "Scene", "Sphere", "Stack", "StudyInfo",
    "SuvTruth", "chest_scene", "ct_scene", "make_uid", "mr_scene", "oblique_orientation", "write_ct",
    "write_demo_studies", "write_enhanced_ct", "write_mammography", "write_mixed_size_ct", "write_mr",
    "write_pet", "write_radiograph", "write_secondary_capture", "write_two_stack_ct", "write_us_cine",
]
