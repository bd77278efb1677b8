"""Presentation contexts (PS3.8 7.1.1.13) we propose and accept for storage.

An association carries at most 128 proposed contexts, one abstract syntax each, and the
acceptor picks one transfer syntax per context. To receive an instance in the syntax the
sender stores it in (no lossy or slow transcoding on the way), a C-GET proposes each SOP
class once with the uncompressed syntaxes and once per compressed syntax, as far as the
128 contexts reach; the sender then uses the context whose syntax matches its file.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydicom.uid import (
    JPEG2000,
    AllTransferSyntaxes,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)
from pynetdicom import AllStoragePresentationContexts, build_role
from pynetdicom.presentation import PresentationContext, build_context

MAX_CONTEXTS = 128
UNCOMPRESSED: list[str] = [ExplicitVRLittleEndian, ImplicitVRLittleEndian, DeflatedExplicitVRLittleEndian,
                           ExplicitVRBigEndian]
#: Compressed syntaxes in the order we prefer to receive them (lossless first).
COMPRESSED: list[str] = [JPEG2000Lossless, JPEGLSLossless, JPEGLosslessSV1, JPEGLossless, RLELossless, JPEG2000,
              JPEGLSNearLossless, JPEGBaseline8Bit, JPEGExtended12Bit]
#: Every transfer syntax pydicom knows, for the storage SCP: we store bytes as sent.
ACCEPTED_SYNTAXES = list(dict.fromkeys(UNCOMPRESSED + COMPRESSED + [str(u) for u in AllTransferSyntaxes]))
#: Every storage SOP class pynetdicom knows (PS3.4 Annex B).
STORAGE_CLASSES = [str(c.abstract_syntax) for c in AllStoragePresentationContexts]
#: What a C-GET proposes when it does not know the SOP classes of the study (the common
#: image, SR and presentation classes; the 128-context limit keeps out the rest).
COMMON_CLASSES = [
    "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.4",
    "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.130",
    "1.2.840.10008.5.1.4.1.1.20", "1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1",
    "1.2.840.10008.5.1.4.1.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.2", "1.2.840.10008.5.1.4.1.1.1.2.1",
    "1.2.840.10008.5.1.4.1.1.1.3", "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.3.1",
    "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.7.4", "1.2.840.10008.5.1.4.1.1.12.1",
    "1.2.840.10008.5.1.4.1.1.12.2", "1.2.840.10008.5.1.4.1.1.13.1.1", "1.2.840.10008.5.1.4.1.1.13.1.3",
    "1.2.840.10008.5.1.4.1.1.11.1", "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.88.22",
    "1.2.840.10008.5.1.4.1.1.88.33", "1.2.840.10008.5.1.4.1.1.88.34", "1.2.840.10008.5.1.4.1.1.88.59",
    "1.2.840.10008.5.1.4.1.1.104.1", "1.2.840.10008.5.1.4.1.1.481.1", "1.2.840.10008.5.1.4.1.1.481.2",
    "1.2.840.10008.5.1.4.1.1.481.3", "1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.5.1.4.1.1.77.1.4",
    "1.2.840.10008.5.1.4.1.1.6.2", "1.2.840.10008.5.1.4.1.1.3", "1.2.840.10008.5.1.4.1.1.5",
    "1.2.840.10008.5.1.4.1.1.2.2", "1.2.840.10008.5.1.4.1.1.4.2", "1.2.840.10008.5.1.4.1.1.128.1",
]


def retrieve_contexts(query_model: str, sop_classes: Sequence[str] = ()) -> tuple[list[PresentationContext], list]:
    """Contexts and SCP/SCU role items for a C-GET of instances of ``sop_classes``.

    Known classes get one uncompressed context plus one context per compressed syntax
    (while they fit); unknown ones fall back to :data:`COMMON_CLASSES` with every syntax
    in a single context each.
    """
    contexts = [build_context(query_model)]
    classes = list(dict.fromkeys(sop_classes)) or COMMON_CLASSES
    room = MAX_CONTEXTS - 1
    if sop_classes and len(classes) * (1 + len(COMPRESSED)) <= room:
        for uid in classes:
            contexts.append(build_context(uid, UNCOMPRESSED))
            contexts.extend(build_context(uid, [syntax]) for syntax in COMPRESSED)
    else:
        contexts.extend(build_context(uid, UNCOMPRESSED + COMPRESSED) for uid in classes[:room])
    roles = [build_role(uid, scp_role=True) for uid in classes[:room]]
    return contexts, roles


def scp_contexts() -> list[PresentationContext]:
    """What our storage SCP supports: every storage class in every transfer syntax."""
    return [build_context(uid, ACCEPTED_SYNTAXES) for uid in STORAGE_CLASSES]
