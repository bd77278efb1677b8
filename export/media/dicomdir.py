"""Writing the DICOMDIR of a patient disc (Basic Directory IOD, PS3.3 F; PS3.10 8).

The directory records come from :data:`pydicom.fileset.DIRECTORY_RECORDERS` (pydicom's
table of PS3.3 F.5 record definitions); the portable viewer reads the result with
:class:`pydicom.fileset.FileSet`. The encoding itself is done
here rather than by ``FileSet.write``: that method re-encodes and copies every instance
into pydicom's own ``PTxxxxxx/...`` layout, which costs a full second copy of a 1 GB
study and cannot put the files under IHE PDI's ``DICOM/`` folder. Our files are already
in place with their File IDs, so only the DICOMDIR has to be written.

Layout of the file (PS3.10 7.1, PS3.3 F.3.2.1): preamble, File Meta Information, then
File-set ID, the offsets of the first and last root records, the consistency flag and
the Directory Record Sequence with explicit-length items. Every offset is a byte
position from the start of the file (preamble included), pointing at a record's item
tag; the PATIENT records form the root list, each pointing down to its STUDY list, and
so on (PS3.3 F.3.2.2).
"""

from __future__ import annotations

import os
import re
import struct
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydicom import config, dcmread, fileset
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.charset import convert_encodings, encode_string
from pydicom.dataelem import DataElement
from pydicom.filewriter import write_data_element, write_dataset, write_file_meta_info
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName
from pydicom.uid import ExplicitVRLittleEndian, MediaStorageDirectoryStorage, generate_uid

from workstation.atomic import write_atomic
from workstation.model.errors import OperationCancelled

Progress = Callable[[int, int, str], None]

#: PS3.10 8.2 / PS3.12: File ID components are 1-8 characters of A-Z, 0-9 and "_".
_COMPONENT = re.compile(r"^[A-Z0-9_]{1,8}$")
#: PS3.10 8.2: at most 8 components.
MAX_COMPONENTS = 8
IMPLEMENTATION_CLASS_UID = str(generate_uid(entropy_srcs=["workstation", "media", "1"]))
IMPLEMENTATION_VERSION_NAME = "WORKSTATION_01"

_BINARY = {"US": "H", "UL": "I", "SS": "h", "SL": "i", "FL": "f", "FD": "d"}
_TEXT = {"SH", "LO", "ST", "LT", "UT", "UC"}  #: affected by Specific Character Set (PS3.5 6.1.2.3)
_ASCII = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "TM", "UI", "UR"}
_LONG_LENGTH = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}  #: PS3.5 Table 7.1-1
_ITEM = b"\xfe\xff\x00\xe0"  # (FFFE,E000) Item
_SEQUENCE_HEADER = b"\x04\x00\x20\x12SQ\x00\x00"  # (0004,1220) SQ, explicit VR little endian
#: Type 1 keys of the records (PS3.3 F.5) that a damaged file may lack, with the value a
#: record gets instead (as dcmmkdir +I "invents" them); the file itself is not changed.
_INVENTED = {"PatientID": "UNKNOWN", "StudyDate": "19000101", "StudyTime": "000000", "StudyID": "1",
             "Modality": "OT", "SeriesNumber": "1", "InstanceNumber": "1"}
#: Which of them each record type needs (a leaf record: only InstanceNumber).
_INVENTED_FOR = {"PATIENT": ("PatientID",), "STUDY": ("StudyDate", "StudyTime", "StudyID"),
                 "SERIES": ("Modality", "SeriesNumber")}


def check_file_id(components: Sequence[str]) -> tuple[str, ...]:
    """``components`` if they form a valid DICOM File ID (PS3.10 8.2), else ``ValueError``."""
    parts = tuple(components)
    if not 1 <= len(parts) <= MAX_COMPONENTS:
        raise ValueError(f"a File ID has 1-{MAX_COMPONENTS} components, got {len(parts)}: {parts}")
    for part in parts:
        if not isinstance(part, str) or not _COMPONENT.match(part):
            raise ValueError(f"File ID component {part!r} must be 1-8 characters of A-Z, 0-9 or '_'")
    return parts


def check_file_set_id(text: str) -> str:
    """A File-set ID (0004,1130): CS, at most 16 characters of the CS repertoire."""
    if not re.fullmatch(r"[A-Z0-9_ ]{0,16}", text):
        raise ValueError(f"file_set_id must be at most 16 characters of A-Z, 0-9, '_' or space, got {text!r}")
    return text


@dataclass(frozen=True)
class DirectoryEntry:
    """One instance on the disc: where it is (File ID) and its header (the written file's)."""

    file_id: tuple[str, ...]
    dataset: Dataset


@dataclass
class _Node:
    """One directory record: its keys, what it references, and its place in the file."""

    kind: str  #: Directory Record Type
    keys: Dataset  #: the record's keys (PS3.3 F.5), Specific Character Set included
    reference: DirectoryEntry | None = None  #: the instance a leaf record references
    children: dict[str, _Node] = field(default_factory=dict)
    offset: int = 0  #: of the record's item tag, from the start of the file
    next_offset: int = 0
    lower_offset: int = 0


def _record_type(ds: Dataset) -> str:
    """The leaf record type of an instance: IMAGE, SR DOCUMENT, KEY OBJECT DOC,
    PRESENTATION, ENCAP DOC, ... (PS3.3 Table F.4-1), by pydicom's SOP Class table."""
    return fileset._four_level_record_type(ds)


def _keys(kind: str, ds: Dataset) -> Dataset:
    """The keys of a record of type ``kind`` for ``ds``, with missing Type 1 keys invented."""
    source = ds
    missing = [k for k in _INVENTED_FOR.get(kind, ("InstanceNumber",)) if not str(ds.get(k, "") or "").strip()]
    if missing:
        source = Dataset()
        source.update(ds)
        for keyword in missing:
            setattr(source, keyword, _INVENTED[keyword])
    # Only the keys of PS3.3 F.5: optional extras make dciodvfy call the DICOMDIR a
    # "Standard Extended SOP Class".
    keys = fileset.DIRECTORY_RECORDERS[kind](source)
    if "SpecificCharacterSet" in ds:
        keys.SpecificCharacterSet = ds.SpecificCharacterSet
    return keys


def _encode(ds: Dataset) -> bytes:
    """Explicit VR little endian bytes of ``ds`` by pydicom's writer (any element)."""
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, False
    write_dataset(fp, ds)
    return fp.getvalue()


def _element(tag: int, vr: str, data: bytes) -> bytes:
    """One explicit VR little endian element (PS3.5 7.1.2); ``data`` already even-length."""
    head = struct.pack("<HH", tag >> 16, tag & 0xFFFF) + vr.encode("ascii")
    if vr in _LONG_LENGTH:
        return head + struct.pack("<HI", 0, len(data)) + data
    return head + struct.pack("<H", len(data)) + data


def _padded(text: str, vr: str) -> bytes:
    data = text.encode("ascii")
    return data + (b"\0" if vr == "UI" else b" ") * (len(data) % 2)


def _value_bytes(elem: DataElement, encodings: list[str]) -> bytes | None:
    """The value of a plain element (strings, binary integers/floats) as PS3.5 encodes it
    in explicit VR little endian, padded to even length; None for anything else."""
    value = elem.value
    values = [] if value is None or value == "" else list(value) if isinstance(value, MultiValue) else [value]
    if elem.VR in _BINARY:
        return struct.pack(f"<{len(values)}{_BINARY[elem.VR]}", *values)
    if elem.VR == "PN":
        data = b"\\".join(v.encode(encodings) if isinstance(v, PersonName) else encode_string(str(v), encodings)
                           for v in values)
    elif elem.VR in _TEXT:
        data = b"\\".join(encode_string(str(v), encodings) for v in values)
    elif elem.VR in _ASCII:
        return _padded("\\".join(str(v) for v in values), elem.VR)
    else:
        return None
    return data + b" " * (len(data) % 2)


def _encode_keys(keys: Dataset) -> list[tuple[int, bytes]]:
    """``(tag, element bytes)`` of a record's keys.

    Directory records hold a few plain elements, so they are encoded here, in about a
    tenth of the time :func:`pydicom.filewriter.write_dataset` takes (the DICOMDIR of a
    2000-image study went from seconds to a fraction of one); sequences (e.g. an SR
    record's Concept Name Code Sequence) and rare VRs go through pydicom's writer.
    """
    encodings = convert_encodings(keys.get("SpecificCharacterSet", None) or "ISO_IR 6")
    parts = []
    for tag in keys.keys():
        elem = keys[tag]
        data = _value_bytes(elem, encodings)
        if data is None:
            fp = DicomBytesIO()
            fp.is_little_endian, fp.is_implicit_VR = True, False
            write_data_element(fp, elem, encodings)
            parts.append((int(tag), fp.getvalue()))
        else:
            parts.append((int(tag), _element(tag, elem.VR, data)))
    return parts


def _encode_record(node: _Node) -> bytearray:
    """Explicit VR little endian bytes of a directory record, with zero offsets.

    The elements every record has (PS3.3 F.3.2.2: offsets, in-use flag, type and, for
    a leaf, the referenced file) are written straight from the node rather than set on
    a pydicom Dataset first: for 2000 leaf records that assignment was most of the
    DICOMDIR's time. Offsets come first (their tags sort first) and have a fixed size,
    so :func:`_set_offsets` patches them in once every record has its place.
    """
    parts = [
        (0x00041400, _element(0x00041400, "UL", b"\0\0\0\0")),
        (0x00041410, _element(0x00041410, "US", b"\xff\xff")),  # record in use
        (0x00041420, _element(0x00041420, "UL", b"\0\0\0\0")),
        (0x00041430, _element(0x00041430, "CS", _padded(node.kind, "CS"))),
    ]
    if node.reference is not None:
        meta = node.reference.dataset.file_meta
        parts += [
            (0x00041500, _element(0x00041500, "CS", _padded("\\".join(node.reference.file_id), "CS"))),
            (0x00041510, _element(0x00041510, "UI", _padded(str(meta.MediaStorageSOPClassUID), "UI"))),
            (0x00041511, _element(0x00041511, "UI", _padded(str(meta.MediaStorageSOPInstanceUID), "UI"))),
            (0x00041512, _element(0x00041512, "UI", _padded(str(meta.TransferSyntaxUID), "UI"))),
        ]
    parts += _encode_keys(node.keys)
    return bytearray(b"".join(data for _, data in sorted(parts, key=lambda part: part[0])))


def _set_offsets(body: bytearray, next_offset: int, lower_offset: int) -> None:
    """Fill (0004,1400) and (0004,1420), the record's first and third elements (tags sort first)."""
    for position, tag, value in ((0, b"\x04\x00\x00\x14", next_offset), (22, b"\x04\x00\x20\x14", lower_offset)):
        if body[position:position + 6] != tag + b"UL":
            raise RuntimeError("a directory record must start with its offset elements (0004,1400)..(0004,1420)")
        struct.pack_into("<I", body, position + 8, value)


def _tree(entries: Iterable[DirectoryEntry], cancel: threading.Event | None) -> _Node:
    root = _Node("", Dataset())
    for entry in entries:
        if cancel is not None and cancel.is_set():
            raise OperationCancelled("DICOMDIR cancelled")
        ds = entry.dataset
        patient_key = str(ds.get("PatientID", "") or "") or _INVENTED["PatientID"]
        path = ((patient_key, "PATIENT"), (str(ds.StudyInstanceUID), "STUDY"), (str(ds.SeriesInstanceUID), "SERIES"))
        node = root
        for key, kind in path:
            if key not in node.children:
                node.children[key] = _Node(kind, _keys(kind, ds))
            node = node.children[key]
        sop = str(ds.file_meta.MediaStorageSOPInstanceUID)
        if sop in node.children:
            raise ValueError(f"SOP Instance UID {sop} appears twice on the disc")
        kind = _record_type(ds)
        node.children[sop] = _Node(kind, _keys(kind, ds), reference=entry)
    return root


def _flatten(node: _Node) -> list[_Node]:
    """Records in the order they are written: each record followed by its subtree."""
    out = []
    for child in node.children.values():
        out.append(child)
        out.extend(_flatten(child))
    return out


def _link(node: _Node) -> None:
    """Set the next / lower offsets of every record below ``node`` (PS3.3 F.3.2.2)."""
    children = list(node.children.values())
    for n, child in enumerate(children):
        child.next_offset = children[n + 1].offset if n + 1 < len(children) else 0
        lower = next(iter(child.children.values()), None)
        child.lower_offset = lower.offset if lower is not None else 0
        _link(child)


def encode_dicomdir(entries: Iterable[DirectoryEntry], *, file_set_id: str = "",
                    cancel: threading.Event | None = None) -> bytes:
    """The bytes of a DICOMDIR referencing ``entries`` (in that order within each series).

    Raises
    ------
    ValueError
        A File ID is invalid, an instance appears twice, or a record lacks a required key.
    """
    entries = list(entries)
    for entry in entries:
        check_file_id(entry.file_id)
    # The records copy values already read from the files: checking each one again against
    # its VR's pattern on assignment was a third of the DICOMDIR time for 2000 images.
    with config.disable_value_validation():
        root = _tree(entries, cancel)
    records = _flatten(root)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MediaStorageDirectoryStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = IMPLEMENTATION_CLASS_UID
    meta.ImplementationVersionName = IMPLEMENTATION_VERSION_NAME
    head = DicomBytesIO()
    head.is_little_endian, head.is_implicit_VR = True, False
    head.write(b"\x00" * 128 + b"DICM")
    write_file_meta_info(head, meta, enforce_standard=True)
    directory = Dataset()
    directory.FileSetID = check_file_set_id(file_set_id)
    directory.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = 0
    directory.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = 0
    directory.FileSetConsistencyFlag = 0
    header_length = len(head.getvalue()) + len(_encode(directory)) + len(_SEQUENCE_HEADER) + 4
    # Offsets are UL values of fixed size, so record lengths do not depend on them:
    # encode every record once, place it, then patch its offsets in.
    bodies = []
    position = header_length
    for node in records:
        bodies.append(_encode_record(node))
        node.offset = position
        position += 8 + len(bodies[-1])
    _link(root)
    top = list(root.children.values())
    if top:
        directory.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = top[0].offset
        directory.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = top[-1].offset
    items = []
    for node, body in zip(records, bodies):
        _set_offsets(body, node.next_offset, node.lower_offset)
        items.append(_ITEM + struct.pack("<I", len(body)) + body)
    sequence = b"".join(items)
    return head.getvalue() + _encode(directory) + _SEQUENCE_HEADER + struct.pack("<I", len(sequence)) + sequence


def write_dicomdir(root: str | os.PathLike[str], entries: Iterable[DirectoryEntry], *, file_set_id: str = "",
                   cancel: threading.Event | None = None) -> Path:
    """Write ``root/DICOMDIR`` (atomically: temporary file, then rename) and return its path."""
    data = encode_dicomdir(entries, file_set_id=file_set_id, cancel=cancel)
    return write_atomic(Path(root) / "DICOMDIR", data)


def check_dicomdir(path: str | os.PathLike[str]) -> list[str]:
    """Problems of a written DICOMDIR (empty when good): File IDs that are not valid and
    referenced files that are missing. Every record is checked, straight from the
    Directory Record Sequence (``FileSet`` would drop a record whose file is missing)."""
    root = Path(path).parent
    problems = []
    for record in dcmread(os.fspath(path)).DirectoryRecordSequence:
        if "ReferencedFileID" not in record:
            continue
        value = record.ReferencedFileID
        file_id = (value,) if isinstance(value, str) else tuple(value)
        try:
            check_file_id(file_id)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if not root.joinpath(*file_id).is_file():
            problems.append(f"{'/'.join(file_id)} is referenced but missing")
    return problems
