"""The data model of the DICOM tag browser, without Qt: a tree of header elements and a filter.

:func:`build_tag_tree` walks a pydicom dataset once (file meta group first, then the data
set, recursing into sequence items) and records, per element, the facts a browser shows:
tag, VR, name, VM or length, the value as text, the private creator of a private element.
The Qt widget (:mod:`viewer.qt_tag_browser`) turns these facts into translated display
strings; tests and a CLI can use the tree directly.

Three rules keep the walk safe on any header a radiologist opens:

- **Bulk values are never loaded.** Elements are taken with ``Dataset.get_item(tag,
  keep_deferred=True)``; a binary value (OB/OW/OF/OD/OL/OV/UN) is summarised by its length,
  so a deferred Pixel Data element (``dcmread(..., defer_size=...)``) is not read from disk.
- **Private sequences stored as UN are opened.** PS3.5 section 6.2.2: an application that
  knows a UN value is a sequence may decode it as Implicit VR Little Endian whatever the
  transfer syntax; a value beginning with an Item tag (FFFE,E000) is decoded that way.
- **A malformed element does not break the tree.** Its conversion error is recorded on
  its node and the walk continues.
"""

from __future__ import annotations

import enum
import io
import logging
import re
from workstation.model.text import fold
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

from pydicom.charset import convert_encodings
from pydicom.datadict import (
    dictionary_description,
    dictionary_keyword,
    dictionary_VR,
    private_dictionary_description,
)
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.filereader import read_sequence
from pydicom.fileutil import buffer_length
from pydicom.multival import MultiValue
from pydicom.tag import Tag
from pydicom.uid import UID

log = logging.getLogger(__name__)

#: VRs whose values are bytes or numeric arrays: shown as "<VR, n bytes>", never as text.
BINARY_VRS = frozenset({"OB", "OW", "OF", "OD", "OL", "OV", "UN", "OB or OW"})
#: Binary values up to this length also show their bytes in hex (e.g. File Meta Version 00 01).
HEX_PREVIEW_BYTES = 16
#: Text values are cut here for display; the search still sees this prefix only.
MAX_VALUE_CHARS = 512
#: Multi-valued numbers show this many values, then an ellipsis (the VM column has the count).
MAX_SHOWN_VALUES = 32

_ITEM_TAG_LE = b"\xfe\xff\x00\xe0"
_UNDEFINED_LENGTH = 0xFFFFFFFF
_TAG_QUERY = re.compile(r"^\(?\s*([0-9a-f]{4})\s*[, ]?\s*([0-9a-f]{4})\s*\)?$", re.IGNORECASE)


class NodeKind(enum.Enum):
    """What a row of the tag tree stands for."""

    ROOT = "root"
    ELEMENT = "element"
    ITEM = "item"


@dataclass(eq=False, slots=True)
class TagNode:
    """One row of the tree: a data element, a sequence item, or the invisible root.

    Facts only; the widget composes the display strings (so they can be translated).
    ``shown`` and ``row`` are rewritten by :meth:`TagTree.apply_filter`.
    """

    kind: NodeKind
    parent: TagNode | None = None
    depth: int = 0
    order: int = 0  #: pre-order position in the whole tree, to copy rows in tree order
    tag: int | None = None
    vr: str = ""
    keyword: str = ""
    name: str = ""  #: dictionary name, or the private dictionary's description
    vm: int = 0
    value: str = ""  #: the value as text (hex preview for short binary values)
    byte_length: int | None = None  #: set for summarised binary values
    undefined_length: bool = False  #: encapsulated (compressed) Pixel Data and similar
    item_count: int | None = None  #: set for sequences (SQ, or UN decoded as a sequence)
    item_number: int = 0  #: 1-based, for ITEM nodes
    private: bool = False
    creator: str | None = None  #: private data elements: their Private Creator ("" if absent)
    error: str = ""  #: why the value could not be decoded
    warning: str = ""  #: what pydicom found invalid in the value (e.g. a UI with letters)
    children: list[TagNode] = field(default_factory=list)
    shown: list[TagNode] = field(default_factory=list)
    row: int = 0
    matched: bool = False
    _haystack: str | None = None

    def haystack(self) -> str:
        """Folded text that a search looks in: both tag spellings, keyword, name, creator, value."""
        if self._haystack is None:
            parts = [self.keyword, self.name, self.creator or "", self.value]
            if self.tag is not None:
                parts[:0] = [format_tag(self.tag), f"{self.tag:08x}"]
            # Fields are joined by a separator nobody types, so a match never spans two fields.
            self._haystack = fold_text("\x1f".join(parts))
        return self._haystack


def fold_text(text: str) -> str:
    """Case- and diacritic-insensitive form of ``text`` for searching.

    Vietnamese readers type names without tone marks ("nguyen" for "Nguyễn"): NFKD splits
    letters from their combining marks, which are dropped; đ/Đ is a letter of its own
    (no decomposition), so it is mapped to d explicitly.
    """
    return fold(text)


def parse_tag(text: str) -> int | None:
    """The tag that ``text`` spells ("0010,0010", "00100010", "(0010,0010)"), or None."""
    match = _TAG_QUERY.match(text.strip())
    return int(match[1] + match[2], 16) if match else None


def format_tag(tag: int) -> str:
    """PS3.5 7.1 notation "(gggg,eeee)" in upper-case hex."""
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


class TagTree:
    """The whole header as a tree, and which rows the current search shows.

    Parameters
    ----------
    root
        The ROOT node built by :func:`build_tag_tree`.
    """

    def __init__(self, root: TagNode) -> None:
        self.root = root
        self.element_count = sum(1 for node in self.walk() if node.kind is NodeKind.ELEMENT)
        self.matching_count = self.element_count
        self.query = ""
        self.apply_filter("")

    def walk(self) -> Iterator[TagNode]:
        """Every node below the root in pre-order (the order of a fully expanded tree)."""
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def apply_filter(self, query: str) -> int:
        """Show the elements matching ``query``, their ancestors and their subtrees.

        A query that spells a tag matches that tag exactly; otherwise the folded query must
        occur in one of the folded fields (tag, keyword, name, creator, value). Matching a sequence
        shows its items, so the reader can browse what was found; a match deep in an item keeps
        the enclosing sequences and items visible so its context is readable.

        Returns
        -------
        int
            How many elements match (all elements for an empty query).
        """
        self.query = query
        tag = parse_tag(query)
        needle = " ".join(fold_text(query).split())
        if tag is not None:
            def predicate(node: TagNode) -> bool:
                return node.tag == tag
        elif needle:
            def predicate(node: TagNode) -> bool:
                return needle in node.haystack()
        else:
            predicate = None
        if predicate is None:
            self._show_all(self.root)
            self.matching_count = self.element_count
        else:
            self.matching_count = self._filter(self.root, predicate, inside_match=False)
        return self.matching_count

    def _show_all(self, node: TagNode) -> None:
        node.shown = node.children
        for row, child in enumerate(node.children):
            child.row = row
            child.matched = False
            self._show_all(child)

    def _filter(self, node: TagNode, predicate, inside_match: bool) -> int:
        matches = 0
        node.shown = []
        for child in node.children:
            child.matched = child.kind is NodeKind.ELEMENT and predicate(child)
            below = self._filter(child, predicate, inside_match or child.matched)
            matches += below + child.matched
            if inside_match or child.matched or below:
                child.row = len(node.shown)
                node.shown.append(child)
        return matches


def build_tag_tree(ds: Dataset) -> TagTree:
    """Walk ``ds`` (with its ``file_meta`` first) into a :class:`TagTree` in one pass.

    Nothing is formatted for display here beyond the value text, and no bulk value is read
    (see the module notes), so a 2,000-element enhanced MR header takes milliseconds.
    """
    root = TagNode(NodeKind.ROOT, depth=-1)
    meta = getattr(ds, "file_meta", None)
    # pydicom warns about invalid values while converting them; a tag browser shows those
    # values anyway, so each warning is kept on the element it concerns instead of the log.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        builder = _Builder(caught)
        if meta is not None:
            builder.add_elements(root, meta, "iso8859")
        builder.add_elements(root, ds, _encoding_of(ds, "iso8859"))
    return TagTree(root)


def _encoding_of(ds: Dataset, inherited: str | list[str]) -> str | list[str]:
    """The Python codecs for text in ``ds`` (PS3.3 C.12.1.1.2): its own charset or the parent's."""
    if ds.get_item(0x00080005) is None:
        return inherited
    value = ds[0x00080005].value
    return convert_encodings(value) if value else inherited


class _Builder:
    """The pre-order numbering of one build, and its recursion through sequence items."""

    def __init__(self, caught: list[warnings.WarningMessage]) -> None:
        self.order = 0
        self.caught = caught

    def add_elements(self, parent: TagNode, ds: Dataset, encoding: str | list[str]) -> None:
        for tag in sorted(ds.keys()):
            self.order += 1
            tag = Tag(tag)
            node = TagNode(NodeKind.ELEMENT, parent=parent, depth=parent.depth + 1, order=self.order,
                           tag=int(tag), private=tag.is_private)
            parent.children.append(node)
            try:
                items = _describe_element(node, ds, tag, encoding)
            except Exception as exc:  # noqa: BLE001 - any malformed value must still give a row
                log.debug("cannot decode %s: %s", format_tag(tag), exc)
                node.vr = node.vr or "UN"
                node.error = str(exc) or type(exc).__name__
                items = []
            _describe_name(node, ds, tag)
            if self.caught:
                node.warning = "; ".join(str(w.message) for w in self.caught)
                self.caught.clear()
            for number, item in enumerate(items, start=1):
                self.order += 1
                child = TagNode(NodeKind.ITEM, parent=node, depth=node.depth + 1, order=self.order,
                                item_number=number, vm=len(item))
                node.children.append(child)
                self.add_elements(child, item, _encoding_of(item, encoding))


def _describe_element(node: TagNode, ds: Dataset, tag: Tag, encoding: str | list[str]) -> list[Dataset]:
    """Fill in VR, VM and value of ``node``; return the items if it is a sequence."""
    raw = ds.get_item(tag, keep_deferred=True)
    deferred = isinstance(raw, RawDataElement) and raw.value is None and raw.length != 0
    vr = raw.VR or _dictionary_vr(tag)
    node.vr = vr  # what the row says if the value turns out undecodable
    if deferred and vr in BINARY_VRS and vr != "UN":
        # e.g. Pixel Data beyond defer_size: stays on disk. A deferred UN is read, because
        # a private sequence in an Implicit VR file looks just like it.
        _describe_binary(node, raw, vr)
        return []
    elem = ds[tag]  # converts the raw element; pydicom resolves implicit and ambiguous VRs
    if elem.VR == "SQ":
        node.vr = "SQ"
        node.item_count = node.vm = len(elem.value)
        return list(elem.value)
    if elem.VR in BINARY_VRS:
        _describe_binary(node, elem, str(elem.VR))
        if node.vr == "UN" and isinstance(elem.value, bytes):
            if elem.value.startswith(_ITEM_TAG_LE):
                return _un_sequence(node, elem.value, encoding)
            node.value = _un_text(elem.value, encoding) or node.value
        return []
    _describe_value(node, elem)
    return []


def _dictionary_vr(tag: Tag) -> str:
    try:
        return dictionary_VR(tag)
    except KeyError:
        return "UN"


def _describe_binary(node: TagNode, elem: DataElement | RawDataElement, vr: str) -> None:
    """Length, and for short values the bytes in hex, without reading a deferred value."""
    value = elem.value
    if isinstance(elem, RawDataElement):
        node.undefined_length = elem.length == _UNDEFINED_LENGTH
    else:
        node.undefined_length = elem.is_undefined_length
    if vr == "OB or OW":
        # Only Implicit VR leaves this open: PS3.5 A.1 makes native Pixel Data OW there,
        # A.4 makes encapsulated Pixel Data OB.
        vr = "OB" if node.undefined_length else "OW"
    node.vr = vr
    if value is None:
        length = 0 if node.undefined_length else int(elem.length)
    elif isinstance(value, (bytes, bytearray)):
        length = len(value)
        if length <= HEX_PREVIEW_BYTES:
            node.value = bytes(value).hex(" ").upper()
    else:  # a buffered value (pydicom 3 lets bulk data stay in a file object)
        length = buffer_length(value)
    node.byte_length = length
    node.vm = 1 if length else 0


def _un_text(value: bytes, encoding: str | list[str]) -> str:
    """A UN value that decodes to printable text (a private LO/SH/DS in an Implicit VR file).

    Unknown private elements are mostly short strings; showing them as text is what makes a
    vendor header readable. Anything with control characters stays a byte count.
    """
    if not value or len(value) > MAX_VALUE_CHARS:
        return ""
    codec = encoding if isinstance(encoding, str) else encoding[0]
    try:  # strict, unlike pydicom's decode_bytes, which falls back to replacement characters
        text = value.decode(codec).rstrip("\x00 ")
    except (UnicodeDecodeError, LookupError):
        return ""
    return f'"{text}"' if text and text.isprintable() else ""


def _un_sequence(node: TagNode, value: bytes, encoding: str | list[str]) -> list[Dataset]:
    """Items of a UN value that starts with an Item tag, read as Implicit VR LE (PS3.5 6.2.2)."""
    try:
        items = list(read_sequence(io.BytesIO(value), True, True, len(value), encoding))
    except Exception as exc:  # noqa: BLE001 - a UN value that only looked like a sequence
        log.debug("UN %s is not a sequence: %s", format_tag(node.tag or 0), exc)
        return []
    node.item_count = len(items)
    return items


def _describe_value(node: TagNode, elem: DataElement) -> None:
    node.vr = str(elem.VR)
    node.vm = elem.VM
    value = elem.value
    if isinstance(value, (bytes, bytearray)):  # e.g. "US or OW" LUT data left as bytes
        node.byte_length = len(value)
        return
    if isinstance(value, (list, tuple, MultiValue)):
        shown = [_scalar_text(v, node.vr) for v in value[:MAX_SHOWN_VALUES]]
        text = "\\".join(shown) + ("\\…" if len(value) > MAX_SHOWN_VALUES else "")
    else:
        text = _scalar_text(value, node.vr)
    node.value = text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def _scalar_text(value: object, vr: str) -> str:
    if value is None:
        return ""
    if vr == "AT":
        return format_tag(int(value))
    if vr == "UI":
        uid = UID(str(value))
        # UID names (transfer syntaxes, SOP classes) make the value readable and searchable.
        return f"{uid} ({uid.name})" if uid.name and uid.name != str(uid) else str(uid)
    return str(value)


def _describe_name(node: TagNode, ds: Dataset, tag: Tag) -> None:
    """Standard name and keyword, or for a private element its creator (PS3.5 7.8.1)."""
    if not tag.is_private:
        try:
            node.keyword = dictionary_keyword(tag)
            node.name = dictionary_description(tag)
        except KeyError:
            pass
        return
    if tag.is_private_creator:
        node.name = "Private Creator"
        return
    if tag.element < 0x1000:
        return  # group length or a reserved element: no creator can own it
    creator_tag = Tag(tag.group, tag.element >> 8)
    creator = str(ds[creator_tag].value or "").strip() if ds.get_item(creator_tag) is not None else ""
    node.creator = creator
    if creator:
        try:
            description = private_dictionary_description(tag, creator)
        except KeyError:
            return
        # pydicom's private dictionaries say "Unknown" for elements known only by VR.
        node.name = "" if description == "Unknown" else description
