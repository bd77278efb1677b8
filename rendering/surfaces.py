"""Iso-surfaces in patient space and STL export (for 3D printing and surgical planning)."""

from __future__ import annotations

from pathlib import Path

from vtkmodules.vtkCommonDataModel import vtkPolyData
from vtkmodules.vtkCommonTransforms import vtkTransform
from vtkmodules.vtkFiltersCore import vtkCleanPolyData, vtkFlyingEdges3D, vtkPolyDataNormals
from vtkmodules.vtkFiltersGeneral import vtkTransformFilter
from vtkmodules.vtkIOGeometry import vtkSTLWriter

from rendering._vtk_image import volume_image, vtk_matrix
from workstation.model import Volume


def iso_surface(volume: Volume, level: float, smooth_normals: bool = True) -> vtkPolyData:
    """The surface where ``volume`` crosses ``level`` (modality units), in LPS millimetres.

    Flying edges runs on the shared index-space image (no copy of the volume); the mesh
    is then mapped through the volume's affine, so oblique and gantry-tilted stacks give
    correctly placed and shaped surfaces. Triangles face outwards (towards lower values)
    whatever the handedness of the affine.
    """
    if volume.is_colour:
        raise ValueError("iso-surfaces need a grey-scale volume")
    image = volume_image(volume)
    contour = vtkFlyingEdges3D()
    contour.SetInputData(image.image)
    contour.SetValue(0, float(volume.to_stored(level)))
    contour.ComputeNormalsOff()
    contour.ComputeGradientsOff()
    contour.ComputeScalarsOff()
    with image.lock:
        contour.Update()
    transform = vtkTransform()
    transform.SetMatrix(vtk_matrix(volume.affine))
    clean = vtkCleanPolyData()  # a level equal to a voxel value makes zero-area triangles
    clean.SetInputConnection(contour.GetOutputPort())
    clean.PointMergingOn()
    clean.SetTolerance(1e-6)  # relative to the bounding box: merges points STL's float32 would
    clean.ConvertPolysToLinesOff()  # drop degenerate triangles instead of keeping them as lines
    clean.ConvertLinesToPointsOff()
    to_patient = vtkTransformFilter()
    to_patient.SetInputConnection(clean.GetOutputPort())
    to_patient.SetTransform(transform)
    normals = vtkPolyDataNormals()
    normals.SetInputConnection(to_patient.GetOutputPort())
    normals.SetComputePointNormals(int(smooth_normals))
    normals.ConsistencyOn()
    normals.AutoOrientNormalsOn()  # outward for closed surfaces, whatever det(affine) and slope sign
    normals.SplittingOff()
    normals.Update()
    surface = vtkPolyData()
    surface.DeepCopy(normals.GetOutput())
    return surface


def export_stl(surface: vtkPolyData, path: str | Path, binary: bool = True) -> Path:
    """Write ``surface`` as STL (millimetres, patient LPS axes); returns the path written."""
    if surface.GetNumberOfCells() == 0:
        raise ValueError("the surface is empty: nothing to export (is the iso level inside the data range?)")
    path = Path(path)
    writer = vtkSTLWriter()
    writer.SetFileName(str(path))
    writer.SetInputData(surface)
    if binary:
        writer.SetFileTypeToBinary()
    else:
        writer.SetFileTypeToASCII()
    if writer.Write() != 1:
        raise OSError(f"could not write STL file {path}")
    return path

