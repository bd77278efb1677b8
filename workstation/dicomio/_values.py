"""Fast element values for series of similar headers.

Converting a raw element to a Python value is most of the cost of reading a header in
pydicom (~50 us per element). The slices of a series repeat most values byte for byte
(orientation, spacing, patient, study, windows ...), so conversions are cached by the
element's raw bytes: a 300-slice CT converts each shared value once instead of 300
times. Cached values are shared between datasets and must be treated as read-only.
"""

from __future__ import annotations

from typing import Any

from pydicom.dataelem import RawDataElement
from pydicom.datadict import tag_for_keyword
from pydicom.dataset import Dataset

_TEXT_VRS = {"PN", "LO", "SH", "ST", "LT", "UT", "UC"}
_CHARSET = 0x00080005
_MAX_ENTRIES = 200_000
_cache: dict[tuple, Any] = {}
_tags: dict[str, int] = {}
_MISSING = object()


def tag_of(keyword: str) -> int:
    tag = _tags.get(keyword)
    if tag is None:
        found = tag_for_keyword(keyword)
        if found is None:
            raise KeyError(f"unknown DICOM keyword {keyword!r}")
        tag = _tags[keyword] = int(found)
    return tag


def value(ds: Dataset, keyword: str | int, default: Any = None) -> Any:
    """``ds.<keyword>``'s value (``default`` when absent), converting each distinct raw value once."""
    tag = keyword if isinstance(keyword, int) else tag_of(keyword)
    # Dataset._dict is pydicom's element store (tag -> element); reading it directly skips
    # get_item's tag normalisation, which is most of the cost once values are cached.
    store = getattr(ds, "_dict", None)
    element = store.get(tag) if store is not None else ds.get_item(tag)
    if element is None:
        return default
    if not isinstance(element, RawDataElement):
        return element.value
    if element.value is None:  # deferred (large) value: let pydicom read it
        return ds[tag].value
    vr = element.VR
    charset = None
    if vr is None or vr in _TEXT_VRS:
        raw_charset = store.get(_CHARSET) if store is not None else ds.get_item(_CHARSET)
        charset = raw_charset.value if isinstance(raw_charset, RawDataElement) else \
            (str(raw_charset.value) if raw_charset is not None else None)
    key = (tag, vr, element.value, element.is_little_endian, element.is_implicit_VR, charset)
    cached = _cache.get(key, _MISSING)
    if cached is _MISSING:
        cached = ds[tag].value
        if len(_cache) >= _MAX_ENTRIES:
            _cache.clear()
        _cache[key] = cached
    return cached
