"""A fast structural check of received Part-10 bytes, and the UIDs that route them.

pydicom happily parses a dataset whose last element (usually Pixel Data) is cut short,
and a full parse costs ~1 ms per CT slice. Before a received instance is accepted we walk
its element structure once (PS3.5 7.1: tag, VR, length; sequences and encapsulated pixel
data by their items and delimiters) and check every length fits; this finds truncated or
garbled data in ~0.1 ms and yields the study/series/SOP UIDs on the way, and an image
(it has Rows) without any Pixel Data element is refused too. Nothing is decoded; Big
Endian (retired) datasets are only checked through their File Meta. A dataset cut exactly
between two elements before its image module looks complete to any structural check.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

_LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"UC", b"UN", b"UR", b"UT", b"SV", b"UV"}
_UNDEFINED = 0xFFFFFFFF
#: Rows means an image, and an image without any pixel data element was cut short.
_IMAGE_TAGS = {0x00280010: "_rows", 0x7FE00010: "_pixels", 0x7FE00008: "_pixels", 0x7FE00009: "_pixels"}
_ITEM, _ITEM_END, _SEQ_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
IMPLICIT_LE = "1.2.840.10008.1.2"
BIG_ENDIAN = "1.2.840.10008.1.2.2"
DEFLATED = "1.2.840.10008.1.2.1.99"
#: Top-level elements whose values we keep: SOP Class/Instance, Study/Series Instance UID.
WANTED = {0x00080016: "sop_class_uid", 0x00080018: "sop_instance_uid", 0x0020000D: "study_instance_uid",
          0x0020000E: "series_instance_uid"}


class _Malformed(ValueError):
    pass


@dataclass
class Inspection:
    """What :func:`inspect_part10` found: the routing UIDs and, if any, the problem."""

    transfer_syntax_uid: str = ""
    problem: str = ""
    uids: dict[str, str] = field(default_factory=dict)

    def uid(self, name: str) -> str:
        return self.uids.get(name, "")


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


class _Walker:
    def __init__(self, data: bytes | memoryview, explicit: bool, keep: dict[str, str]) -> None:
        self.data = data
        self.explicit = explicit
        self.keep = keep

    def header(self, pos: int, end: int) -> tuple[int, bytes, int, int]:
        """(tag, VR, length, value offset) of the element at ``pos``."""
        if pos + 8 > end:
            raise _Malformed(f"truncated element header at byte {pos}")
        group, elem = struct.unpack_from("<HH", self.data, pos)
        tag = group << 16 | elem
        if group == 0xFFFE or not self.explicit:
            return tag, b"", struct.unpack_from("<I", self.data, pos + 4)[0], pos + 8
        vr = bytes(self.data[pos + 4:pos + 6])
        if vr in _LONG_VRS:
            if pos + 12 > end:
                raise _Malformed(f"truncated element header at byte {pos}")
            return tag, vr, struct.unpack_from("<I", self.data, pos + 8)[0], pos + 12
        if not (65 <= vr[0] <= 90 and 65 <= vr[1] <= 90):
            raise _Malformed(f"invalid VR {vr!r} in element {_tag_text(tag)}")
        return tag, vr, struct.unpack_from("<H", self.data, pos + 6)[0], pos + 8

    def dataset(self, pos: int, end: int, top: bool, stop_tag: int | None = None) -> int:
        """Walk elements from ``pos`` to ``end`` (or to ``stop_tag``); return the end offset."""
        while pos < end:
            tag, vr, length, pos = self.header(pos, end)
            if tag == stop_tag:
                return pos
            if length == _UNDEFINED:
                if top and tag in _IMAGE_TAGS:
                    self.keep.setdefault(_IMAGE_TAGS[tag], "1")
                pos = self.items(pos, end, tag, encapsulated=vr in (b"OB", b"OW"), delimited=True)
                continue
            if pos + length > end:
                raise _Malformed(f"element {_tag_text(tag)} needs {length} bytes, {end - pos} left: truncated")
            if top and tag in _IMAGE_TAGS:
                self.keep.setdefault(_IMAGE_TAGS[tag], "1")
            if top and tag in WANTED:
                self.keep[WANTED[tag]] = bytes(self.data[pos:pos + length]).rstrip(b"\0 ").decode("ascii", "replace")
            elif vr == b"SQ" and length:
                self.items(pos, pos + length, tag, encapsulated=False, delimited=False)
            pos += length
        if stop_tag is not None:
            raise _Malformed(f"missing delimiter {_tag_text(stop_tag)}: truncated")
        return pos

    def items(self, pos: int, end: int, owner: int, encapsulated: bool, delimited: bool) -> int:
        """Walk the items of a sequence or of encapsulated pixel data (PS3.5 7.5, A.4);
        ``delimited`` (undefined length) requires the Sequence Delimitation Item."""
        while pos < end:
            tag, _, length, pos = self.header(pos, end)
            if tag == _SEQ_END:
                return pos
            if tag != _ITEM:
                raise _Malformed(f"unexpected {_tag_text(tag)} inside {_tag_text(owner)}")
            if length == _UNDEFINED and not encapsulated:
                pos = self.dataset(pos, end, top=False, stop_tag=_ITEM_END)
                continue
            if length == _UNDEFINED or pos + length > end:
                raise _Malformed(f"item of {_tag_text(owner)} runs past the end: truncated")
            if not encapsulated and length:
                self.dataset(pos, pos + length, top=False)
            pos += length
        if delimited:
            raise _Malformed(f"{_tag_text(owner)} has no sequence delimiter: truncated")
        return pos


def inspect_part10(data: bytes) -> Inspection:
    """Check that ``data`` is a complete Part-10 file and pull out its routing UIDs."""
    result = Inspection()
    if len(data) < 132 or data[128:132] != b"DICM":
        result.problem = "no DICM prefix: not a Part-10 file"
        return result
    meta = memoryview(data)
    try:
        walker = _Walker(meta, explicit=True, keep={})
        pos = 132
        group_end = len(data)
        while pos + 4 <= len(data) and struct.unpack_from("<H", data, pos)[0] == 0x0002:
            tag, _, length, value = walker.header(pos, group_end)
            if value + length > len(data):
                raise _Malformed("file meta information is truncated")
            if tag == 0x00020010:
                result.transfer_syntax_uid = bytes(meta[value:value + length]).rstrip(b"\0 ").decode("ascii")
            pos = value + length
        syntax = result.transfer_syntax_uid
        if not syntax:
            raise _Malformed("no Transfer Syntax UID in the file meta information")
        if syntax == BIG_ENDIAN:
            return result
        body: bytes | memoryview = meta[pos:]
        if syntax == DEFLATED:
            try:
                body = zlib.decompress(bytes(body), -zlib.MAX_WBITS)
            except zlib.error as exc:
                raise _Malformed(f"deflated dataset does not inflate ({exc})") from exc
        walker = _Walker(body, explicit=syntax != IMPLICIT_LE, keep=result.uids)
        walker.dataset(0, len(body), top=True)
    except (_Malformed, struct.error, UnicodeDecodeError) as exc:
        result.problem = str(exc)
        return result
    if not result.uid("sop_instance_uid"):
        result.problem = "no SOP Instance UID"
    elif result.uids.pop("_rows", "") and not result.uids.get("_pixels"):
        result.problem = "an image without Pixel Data: truncated"
    result.uids.pop("_pixels", None)
    return result
