"""CT series a reader must split: two stacks in one series, and one odd-sized image.

Scanners do both: a series holding an axial block and a coronal reformat, or a series
with one image of a different matrix (a reconstruction with another field of view).
Stacking them blindly gives wrong geometry or fails on the array shape; the ground truth
here lists each stack a correct reader must produce.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from pydicom.uid import ExplicitVRLittleEndian

from workstation.phantoms._dicom import Progress, check_transfer_syntax
from workstation.phantoms._stack import Grid, write_stack
from workstation.phantoms.ct import AXIAL, CORONAL, ct_dataset, ct_scene, ct_series, encode_ct
from workstation.phantoms.study import DEFAULT_STUDY, StudyInfo
from workstation.phantoms.truth import PhantomSeries, Stack


def write_two_stack_ct(
    out_dir: str | Path,
    *,
    axial_shape: Sequence[int] = (16, 96, 96),
    coronal_shape: Sequence[int] = (12, 40, 96),
    spacing: Sequence[float] = (3.5, 3.5, 5.0),
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = DEFAULT_STUDY,
    series_number: int = 20,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PhantomSeries:
    """One SeriesInstanceUID holding an axial block and a coronal block.

    Both share the Frame of Reference and the scene of :func:`ct_scene`; Instance
    Numbers run on from the axial block into the coronal one, so sorting the whole series
    by number or position mixes planes. ``stacks[0]`` is axial, ``stacks[1]`` coronal
    (its ``spacing`` is used with x and y swapped roles: column spacing, row spacing,
    slice step are all taken from ``spacing`` as given).
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    scene = ct_scene()
    series_uid = study.series_uid("two-stacks", series_number)
    grids = (Grid.make(axial_shape, spacing, AXIAL), Grid.make(coronal_shape, spacing, CORONAL))
    template = ct_dataset(study, series_instance_uid=series_uid, series_number=series_number,
                          series_description="CT 2 khối: ngang + đứng ngang",
                          series_time=study.started + timedelta(minutes=series_number),
                          frame_of_reference_uid=study.frame_of_reference_uid(series_number),
                          rows=axial_shape[1], columns=axial_shape[2], slice_thickness=float(spacing[2]))
    stacks: list[Stack] = []
    first = 1
    for grid, image_type in zip(grids, (("ORIGINAL", "PRIMARY", "AXIAL"), ("DERIVED", "SECONDARY", "AXIAL"))):
        template.ImageType = list(image_type)
        template.Rows, template.Columns = grid.shape[1], grid.shape[2]
        numbers = list(range(first, first + grid.shape[0]))
        stacks.append(write_stack(template, grid, scene, encode_ct, out_dir=Path(out_dir),
                                  file_prefix=f"CT{series_number:03d}_", transfer_syntax=transfer_syntax,
                                  grid_indices=range(grid.shape[0]), file_numbers=numbers,
                                  instance_numbers=numbers, progress=progress, cancel=cancel,
                                  what=f"CT stack {len(stacks) + 1} of 2"))
        first += grid.shape[0]
    return ct_series("two-stacks", template, tuple(stacks), scene, transfer_syntax, study,
                     notes="axial and coronal stacks in one series: a reader must split them")


def write_mixed_size_ct(
    out_dir: str | Path,
    *,
    shape: Sequence[int] = (16, 96, 96),
    spacing: Sequence[float] = (3.5, 3.5, 5.0),
    odd_matrix: int = 64,
    transfer_syntax: str = ExplicitVRLittleEndian,
    study: StudyInfo = DEFAULT_STUDY,
    series_number: int = 21,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PhantomSeries:
    """An axial CT series plus one axial image with a different matrix, same series.

    The odd image (``odd_matrix`` squared, covering the same field of view) lies at the
    position of the middle slice and has the last Instance Number. ``stacks[0]`` is the
    regular stack (complete), ``stacks[1]`` the single odd image.
    """
    transfer_syntax = check_transfer_syntax(transfer_syntax)
    scene = ct_scene()
    series_uid = study.series_uid("mixed-size", series_number)
    nz, ny, nx = (int(v) for v in shape)
    main = Grid.make(shape, spacing, AXIAL)
    middle = main.position(nz // 2)
    odd_spacing = (spacing[0] * nx / odd_matrix, spacing[1] * ny / odd_matrix, spacing[2])
    # The odd grid's first pixel centre moves by half the pixel-size change to cover the same area.
    odd_origin = middle + (odd_spacing[0] - spacing[0]) / 2 * main.row + (odd_spacing[1] - spacing[1]) / 2 * main.column
    odd = Grid.make((1, odd_matrix, odd_matrix), odd_spacing, AXIAL, origin=odd_origin)
    template = ct_dataset(study, series_instance_uid=series_uid, series_number=series_number,
                          series_description="CT có một ảnh khác kích thước",
                          series_time=study.started + timedelta(minutes=series_number),
                          frame_of_reference_uid=study.frame_of_reference_uid(series_number),
                          rows=ny, columns=nx, slice_thickness=float(spacing[2]))
    numbers = list(range(1, nz + 1))
    stacks = [write_stack(template, main, scene, encode_ct, out_dir=Path(out_dir),
                          file_prefix=f"CT{series_number:03d}_", transfer_syntax=transfer_syntax,
                          grid_indices=range(nz), file_numbers=numbers, instance_numbers=numbers,
                          progress=progress, cancel=cancel, what="CT main stack")]
    template.Rows = template.Columns = odd_matrix
    stacks.append(write_stack(template, odd, scene, encode_ct, out_dir=Path(out_dir),
                              file_prefix=f"CT{series_number:03d}_", transfer_syntax=transfer_syntax,
                              grid_indices=[0], file_numbers=[nz + 1], instance_numbers=[nz + 1],
                              cancel=cancel, what="CT odd image"))
    return ct_series("mixed-size", template, tuple(stacks), scene, transfer_syntax, study,
                     notes=f"{nz} slices of {ny}x{nx} plus one {odd_matrix}x{odd_matrix} image")
