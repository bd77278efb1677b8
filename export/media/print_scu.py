"""DICOM print of selected images as film: Basic Grayscale Print Management SCU (PS3.4 H).

One association under the Basic Grayscale Print Management Meta SOP Class
(1.2.840.10008.5.1.1.9) carries the whole job (PS3.4 H.4.1 / H.7.1):

1. N-CREATE Basic Film Session (copies, priority, medium, destination);
2. per film: N-CREATE Basic Film Box with Image Display Format ``STANDARD\\C,R``; the
   answer lists the Image Boxes the printer made for it;
3. N-SET each Basic Grayscale Image Box with its Basic Grayscale Image Sequence
   (8-bit MONOCHROME2 pixels, already windowed the way the reader looked at them);
4. N-ACTION Print on the Film Box, then N-DELETE it; finally N-DELETE the Film Session.

Attributes the user left empty (film size, medium, destination) are not sent, so the
printer uses its defaults: a printer refuses values it does not list (PS3.4 H.4.1.2.1).
Statuses are results (:class:`PrintResult`), not exceptions. pynetdicom is used
directly: print is the one DIMSE service the rest of :mod:`workstation.net` does not need.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence as DicomSequence
from pydicom.uid import generate_uid
from pynetdicom import AE
from pynetdicom.sop_class import (
    BasicFilmBox,
    BasicFilmSession,
    BasicGrayscaleImageBox,
    BasicGrayscalePrintManagementMeta,
)

from workstation.model.errors import OperationCancelled

Progress = Callable[[int, int, str], None]

PRINT_ACTION = 1  #: N-ACTION type "Print" of the Film Session and Film Box (PS3.4 H.4.1.2.4, H.4.2.2.4)
FILM_ORIENTATIONS = ("PORTRAIT", "LANDSCAPE")


@dataclass(frozen=True)
class PrinterNode:
    """A DICOM printer (Print SCP): its AE title and address."""

    ae_title: str
    host: str
    port: int


@dataclass(frozen=True)
class FilmOptions:
    """How the images are laid out and printed (PS3.3 C.13.1, C.13.3)."""

    columns: int = 2
    rows: int = 2
    orientation: str = "PORTRAIT"
    film_size: str = ""  #: e.g. "14INX17IN"; "" = the printer's default
    medium: str = ""  #: e.g. "BLUE FILM", "PAPER"; "" = default
    destination: str = ""  #: e.g. "MAGAZINE", "PROCESSOR"; "" = default
    copies: int = 1

    def __post_init__(self) -> None:
        if not (1 <= self.columns <= 10 and 1 <= self.rows <= 10):
            raise ValueError(f"columns and rows must be 1..10, got {self.columns}x{self.rows}")
        if self.orientation not in FILM_ORIENTATIONS:
            raise ValueError(f"orientation must be one of {FILM_ORIENTATIONS}, got {self.orientation!r}")
        if not 1 <= self.copies <= 99:
            raise ValueError(f"copies must be 1..99, got {self.copies}")

    @property
    def per_film(self) -> int:
        return self.columns * self.rows


@dataclass
class PrintResult:
    """What the printer answered: films printed and every non-success status."""

    films: int = 0
    images: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_image(n: int, image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim != 2 or image.dtype != np.uint8:
        raise ValueError(f"images[{n}] must be a 2-D uint8 array (windowed grey levels), got {image.dtype} "
                         f"{image.shape}")
    return np.ascontiguousarray(image)


def _image_item(image: np.ndarray) -> Dataset:
    """A Basic Grayscale Image Sequence item (PS3.3 C.13.5.1), 8 bits stored."""
    item = Dataset()
    item.SamplesPerPixel = 1
    item.PhotometricInterpretation = "MONOCHROME2"
    item.Rows, item.Columns = image.shape
    item.PixelAspectRatio = [1, 1]
    item.BitsAllocated = item.BitsStored = 8
    item.HighBit = 7
    item.PixelRepresentation = 0
    data = image.tobytes()
    item.PixelData = data + b"\x00" * (len(data) % 2)
    return item


def _status(label: str, status: Dataset | None, result: PrintResult) -> bool:
    """Record a non-success status; True when the operation may go on (success or warning)."""
    code = int(status.Status) if status is not None and "Status" in status else None
    if code == 0x0000:
        return True
    if code is None:
        result.problems.append(f"{label}: no answer from the printer")
        return False
    warning = code in (0x0001, 0x0107, 0x0116) or 0xB000 <= code <= 0xBFFF
    result.problems.append(f"{label}: {'warning' if warning else 'failure'} status 0x{code:04X}")
    return warning


def print_images(images: Sequence[np.ndarray], printer: PrinterNode, *, film: FilmOptions = FilmOptions(),
                 calling_ae: str = "WORKSTATION", timeout: float = 30.0, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> PrintResult:
    """Print ``images`` on as many films as the layout needs.

    Parameters
    ----------
    images
        2-D uint8 arrays, grey levels as they should appear (0 black).
    printer
        The Print SCP.

    Raises
    ------
    OperationCancelled
        When ``cancel`` is set (the association is aborted; films already printed stay printed).
    ValueError
        An image is not a 2-D uint8 array, or there is none.
    """
    images = [_check_image(n, im) for n, im in enumerate(images)]
    if not images:
        raise ValueError("nothing to print: no image given")
    result = PrintResult()
    ae = AE(ae_title=calling_ae)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = timeout
    ae.add_requested_context(BasicGrayscalePrintManagementMeta)
    assoc = ae.associate(printer.host, printer.port, ae_title=printer.ae_title)
    if not assoc.is_established:
        result.problems.append(f"printer {printer.ae_title}@{printer.host}:{printer.port} refused or did not answer "
                               "the association")
        return result
    meta = BasicGrayscalePrintManagementMeta
    try:
        session = Dataset()
        session.NumberOfCopies = film.copies
        session.PrintPriority = "MED"
        if film.medium:
            session.MediumType = film.medium
        if film.destination:
            session.FilmDestination = film.destination
        session_uid = generate_uid()
        status, _ = assoc.send_n_create(session, BasicFilmSession, session_uid, meta_uid=meta)
        if not _status("film session", status, result):
            return result
        for start in range(0, len(images), film.per_film):
            if cancel is not None and cancel.is_set():
                raise OperationCancelled(f"printing cancelled after {result.films} film(s)")
            if progress is not None:
                progress(start, len(images), f"film {result.films + 1}")
            if not _print_film(assoc, images[start:start + film.per_film], film, session_uid, result):
                break
        status = assoc.send_n_delete(BasicFilmSession, session_uid, meta_uid=meta)
        _status("deleting the film session", status, result)
    except OperationCancelled:
        assoc.abort()
        raise
    finally:
        if assoc.is_established:
            assoc.release()
    if progress is not None:
        progress(len(images), len(images), "printed")
    return result


def _print_film(assoc, images: list[np.ndarray], film: FilmOptions, session_uid: str, result: PrintResult) -> bool:
    meta = BasicGrayscalePrintManagementMeta
    box = Dataset()
    box.ImageDisplayFormat = f"STANDARD\\{film.columns},{film.rows}"
    box.FilmOrientation = film.orientation
    if film.film_size:
        box.FilmSizeID = film.film_size
    reference = Dataset()
    reference.ReferencedSOPClassUID = BasicFilmSession
    reference.ReferencedSOPInstanceUID = session_uid
    box.ReferencedFilmSessionSequence = DicomSequence([reference])
    box_uid = generate_uid()
    status, created = assoc.send_n_create(box, BasicFilmBox, box_uid, meta_uid=meta)
    if not _status(f"film box {result.films + 1}", status, result) or created is None:
        return False
    image_boxes = created.get("ReferencedImageBoxSequence", [])
    if len(image_boxes) < len(images):
        result.problems.append(f"the printer made {len(image_boxes)} image boxes for {len(images)} images")
        return False
    for position, (image, ref) in enumerate(zip(images, image_boxes), start=1):
        content = Dataset()
        content.ImageBoxPosition = position
        content.BasicGrayscaleImageSequence = DicomSequence([_image_item(image)])
        status, _ = assoc.send_n_set(content, BasicGrayscaleImageBox, ref.ReferencedSOPInstanceUID, meta_uid=meta)
        if not _status(f"image {result.images + 1}", status, result):
            return False
        result.images += 1
    status, _ = assoc.send_n_action(None, PRINT_ACTION, BasicFilmBox, box_uid, meta_uid=meta)
    if not _status(f"printing film {result.films + 1}", status, result):
        return False
    result.films += 1
    status = assoc.send_n_delete(BasicFilmBox, box_uid, meta_uid=meta)
    return _status(f"deleting film box {result.films}", status, result)
