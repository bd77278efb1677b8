"""The embedded local archive: files under the user data dir plus an SQLite index.

Import (copy, de-duplicate by SOP Instance UID), query (Vietnamese names without
diacritics), retention (list old studies, purge only confirmed and unlocked ones) and
per-image annotation documents.
"""

from workstation.dicomio import Skipped
from workstation.store._files import DICOM_DIR
from workstation.store._index import StoreError
from workstation.store._names import search_key
from workstation.store.local_store import DEFAULT_RETENTION_DAYS, LocalStore
from workstation.store.results import (
    ImportOutcome,
    ImportReport,
    ImportStatus,
    PurgeCandidate,
    PurgeReport,
    StoredStudy,
)

__all__ = [
    "DEFAULT_RETENTION_DAYS", "DICOM_DIR", "ImportOutcome", "ImportReport", "ImportStatus", "LocalStore", "PurgeCandidate",
    "PurgeReport", "Skipped", "StoreError", "StoredStudy", "search_key",
]
