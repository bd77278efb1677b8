"""Patient media (IHE PDI): CD/DVD/USB exports with DICOMDIR, index, portable viewer, ISO
images, burning, plus the other ways of handing images over (web link, DICOM print)."""

from export.media.media_export import MediaReport, export_media, iso_names, study_paths
from export.media.pdi_layout import MediaOptions, MediaType, MissingFilesError, collect
from export.media.split import DoesNotFitError

__all__ = ["DoesNotFitError", "MediaOptions", "MediaReport", "MediaType", "MissingFilesError", "collect",
           "export_media", "iso_names", "study_paths"]
