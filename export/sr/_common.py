"""What every document writer here needs: headers of referenced images, and the
equipment/character set every document we write carries."""

from __future__ import annotations

from collections.abc import Iterable

from pydicom.dataset import Dataset

from tools.measure import ImageRef
from workstation import __version__
from workstation.dicomio import read_header
from workstation.model import Volume

#: UTF-8 (PS3.3 C.12.1.1.2): Vietnamese names and report text round-trip byte for byte.
CHARACTER_SET = "ISO_IR 192"

#: Series numbers of the documents we write, high so they sort after the images.
SERIES_NUMBERS = {"measurements": 9902, "key_images": 9903, "report": 9904, "pdf": 9905}


def equipment(manufacturer: str = "Workstation") -> dict[str, str]:
    """General Equipment attributes (PS3.3 C.7.5.1) every document carries."""
    return {"manufacturer": manufacturer, "manufacturer_model_name": "Workstation",
            "software_versions": __version__, "device_serial_number": "0"}


def image_headers(refs: Iterable[ImageRef], volumes: Iterable[Volume]) -> list[Dataset]:
    """Headers of the images ``refs`` names, read from the files the open ``volumes``
    were loaded from, one per instance, in the order of ``refs``.

    Raises
    ------
    ValueError
        When an image is in none of the volumes (not open, or a reconstructed plane).
    """
    wanted = list(dict.fromkeys(r.sop_instance_uid for r in refs))
    sources: dict[str, str] = {}
    for volume in volumes:
        for frame in volume.frames:
            if frame.source:
                sources.setdefault(frame.sop_instance_uid, frame.source)
    missing = [uid for uid in wanted if uid not in sources]
    if missing:
        raise ValueError(f"{len(missing)} image(s) are not open here, first {missing[0]}")
    return [read_header(sources[uid]) for uid in wanted]
