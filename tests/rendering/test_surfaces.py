"""Iso-surfaces: closed, the right size and in the right place, exported as STL."""

from __future__ import annotations

import numpy as np
import pytest
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkFiltersCore import vtkFeatureEdges, vtkMassProperties
from vtkmodules.vtkIOGeometry import vtkSTLReader

from rendering.surfaces import export_stl, iso_surface
from tests.rendering.analytic import affine_from, analytic_volume, smooth_spheres

RADIUS = 20.0


def _open_edges(surface) -> int:
    edges = vtkFeatureEdges()
    edges.SetInputData(surface)
    edges.BoundaryEdgesOn()
    edges.NonManifoldEdgesOn()
    edges.FeatureEdgesOff()
    edges.ManifoldEdgesOff()
    edges.Update()
    return edges.GetOutput().GetNumberOfCells()


def _mass(surface) -> vtkMassProperties:
    mass = vtkMassProperties()
    mass.SetInputData(surface)
    mass.Update()
    return mass


def _centroid(surface) -> np.ndarray:
    return vtk_to_numpy(surface.GetPoints().GetData()).mean(axis=0)


def test_sphere_surface_is_closed_with_the_analytic_area(tmp_path):
    affine = affine_from(np.eye(3), (1.0, 1.0, 1.0), (-30.0, -30.0, -30.0))
    centre = (2.0, -3.0, 4.0)
    vol = analytic_volume((61, 61, 61), affine, smooth_spheres([centre], RADIUS), modality="CT")
    surface = iso_surface(vol, 0.0)  # halfway between -1000 and 1000 HU
    assert _open_edges(surface) == 0
    mass = _mass(surface)
    assert mass.GetSurfaceArea() == pytest.approx(4 * np.pi * RADIUS ** 2, rel=0.03)
    assert mass.GetVolume() == pytest.approx(4 / 3 * np.pi * RADIUS ** 3, rel=0.03)
    np.testing.assert_allclose(_centroid(surface), centre, atol=0.2)

    path = export_stl(surface, tmp_path / "sphere.stl")
    reader = vtkSTLReader()
    reader.SetFileName(str(path))
    reader.Update()
    back = reader.GetOutput()
    assert back.GetNumberOfCells() == surface.GetNumberOfCells()
    assert _open_edges(back) == 0
    assert _mass(back).GetSurfaceArea() == pytest.approx(mass.GetSurfaceArea(), rel=1e-4)
    # triangles face outwards: the signed volume of the STL mesh is positive
    assert _mass(back).GetVolumeProjected() > 0


def test_surface_of_a_tilted_stack_is_placed_and_shaped_in_patient_space():
    t = np.radians(20.0)
    affine = np.eye(4)
    affine[:3, 0] = (1.0, 0.0, 0.0)
    affine[:3, 1] = np.array([0.0, np.cos(t), -np.sin(t)])
    affine[:3, 2] = (0.0, 0.0, 1.2)
    affine[:3, 3] = (-30.0, -32.0, -30.0)
    centre = (1.0, 2.0, 3.0)
    vol = analytic_volume((70, 64, 61), affine, smooth_spheres([centre], 15.0), modality="CT")
    surface = iso_surface(vol, 0.0)
    assert _open_edges(surface) == 0
    assert _mass(surface).GetSurfaceArea() == pytest.approx(4 * np.pi * 15.0 ** 2, rel=0.03)
    np.testing.assert_allclose(_centroid(surface), centre, atol=0.3)


def test_empty_surface_is_not_exported(tmp_path):
    vol = analytic_volume((8, 8, 8), np.eye(4), lambda xyz: np.zeros(xyz.shape[:-1]), modality="CT")
    with pytest.raises(ValueError, match="empty"):
        export_stl(iso_surface(vol, 500.0), tmp_path / "x.stl")
