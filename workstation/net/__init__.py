"""DICOM networking: nodes, verify, query, retrieve, send, storage SCP, forwarding, jobs.

DIMSE through pynetdicom (PS3.7/PS3.8) with DICOM TLS (PS3.15 B.1); DICOMweb (PS3.18)
through dicomweb-client for QIDO-RS and plain HTTP for WADO-RS/STOW-RS. Everything here
is Qt-free: long operations take ``progress``/``cancel`` and jobs announce changes with
``workstation.model.events.Event``; the Qt layer wraps them.
"""

from workstation.net._association import NetworkError, Timeouts
from workstation.net.forward import Forwarder, ForwardResult
from workstation.net.ingest import Arrival, IngestStats
from workstation.net.jobs import (
    Job,
    JobProgress,
    JobQueue,
    JobState,
    NetContext,
    PrefetchJob,
    RetrieveJob,
    RetryJob,
    SendJob,
    missing_targets,
)
from workstation.net.nodes import (
    Auth,
    ForwardRule,
    LocalAE,
    NetworkConfig,
    Protocol,
    RemoteNode,
    RetrieveMethod,
    default_config_path,
    load_config,
    save_config,
)
from workstation.net.query import (
    QueryLevel,
    StudyQuery,
    find_instances,
    find_patients,
    find_series,
    find_studies,
)
from workstation.net.retrieve import RetrieveReport, RetrieveTarget, retrieve
from workstation.net.scp import ReceivedStudy, StorageSCP
from workstation.net.send import InstanceResult, SendReport, send, status_meaning
from workstation.net.verify import Result, verify

__all__ = [
    "Arrival", "Auth", "ForwardResult", "ForwardRule", "Forwarder", "IngestStats", "InstanceResult", "Job",
    "JobProgress", "JobQueue", "JobState", "LocalAE", "NetContext", "NetworkConfig", "NetworkError",
    "PrefetchJob", "Protocol", "QueryLevel", "ReceivedStudy", "RemoteNode", "Result", "RetrieveJob",
    "RetrieveMethod", "RetrieveReport", "RetrieveTarget", "RetryJob", "SendJob", "SendReport", "StorageSCP",
    "StudyQuery", "Timeouts", "default_config_path", "find_instances", "find_patients", "find_series",
    "find_studies", "load_config", "missing_targets", "retrieve", "save_config", "send", "status_meaning",
    "verify",
]
