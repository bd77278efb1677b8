"""Remote DICOM nodes, our own Application Entity, and forward rules, kept in one JSON file.

The application decides where the file lives (:func:`default_config_path` is the usual
choice: ``$WORKSTATION_HOME/config/nodes.json`` or the platform's user config dir); this
module only converts to and from JSON and saves atomically (write a temp file, ``fsync``,
``os.replace``), so a crash never leaves a half-written node list. The file holds
DICOMweb credentials, so it is created readable by its owner only.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field, fields, replace
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

import platformdirs

from workstation.atomic import write_json

APP_NAME = "workstation"
CONFIG_FILE_NAME = "nodes.json"
FORMAT_VERSION = 1

#: PS3.8 9.3.2: AE titles are up to 16 characters of the default repertoire, no backslash
#: or control characters, and not all spaces.
_AE_TITLE = re.compile(r"^[\x20-\x5b\x5d-\x7e]{1,16}$")


class Protocol(StrEnum):
    """How a node is reached: DIMSE (PS3.7/PS3.8) or DICOMweb (PS3.18)."""

    DIMSE = "DIMSE"
    DICOMWEB = "DICOMWEB"


class Auth(StrEnum):
    """HTTP authentication for DICOMweb nodes."""

    NONE = "none"
    BASIC = "basic"
    BEARER = "bearer"


class RetrieveMethod(StrEnum):
    """C-GET (one association, PS3.4 C.4.3), C-MOVE to our storage SCP (C.4.2), or WADO-RS."""

    GET = "get"
    MOVE = "move"
    WADO = "wado"


def validate_ae_title(title: str, what: str = "AE title") -> str:
    """Return ``title`` stripped, or raise ``ValueError`` naming ``what`` and the value."""
    if not isinstance(title, str):
        raise TypeError(f"{what} must be a string, got {type(title).__name__}")
    stripped = title.strip()
    if not _AE_TITLE.match(stripped):
        raise ValueError(f"{what} must be 1-16 printable ASCII characters without '\\', got {title!r}")
    return stripped


def _validate_port(port: int, what: str) -> int:
    if not isinstance(port, int) or isinstance(port, bool):
        raise TypeError(f"{what} must be an int, got {type(port).__name__}")
    if not 0 <= port <= 65535:
        raise ValueError(f"{what} must be in 0..65535, got {port}")
    return port


@dataclass(frozen=True)
class RemoteNode:
    """A PACS, modality or viewer we query, retrieve from or send to.

    Attributes
    ----------
    name
        Unique, shown to the user and passed to ``LocalStore.mark_confirmed``.
    ae_title, host, port
        The DIMSE address (PS3.8 7.1.1.3 Called AE Title); unused for DICOMweb.
    base_url
        DICOMweb service root, e.g. ``http://pacs:8042/dicom-web``.
    tls, ca_file, cert_file, key_file
        DICOM TLS (PS3.15 B.1) for DIMSE, or HTTPS trust and client certificate for
        DICOMweb. ``ca_file`` empty means the system trust store.
    web_viewer_url
        Optional template for opening a study in the PACS's web viewer, with
        ``{study_uid}`` (and ``{patient_id}``, ``{accession}``) placeholders.
    """

    name: str
    ae_title: str = "ANY-SCP"
    host: str = "127.0.0.1"
    port: int = 104
    protocol: Protocol = Protocol.DIMSE
    base_url: str = ""
    auth: Auth = Auth.NONE
    username: str = ""
    password: str = ""
    token: str = ""
    tls: bool = False
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    retrieve_method: RetrieveMethod = RetrieveMethod.GET
    web_viewer_url: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"node name must be a non-empty string, got {self.name!r}")
        object.__setattr__(self, "protocol", Protocol(self.protocol))
        object.__setattr__(self, "auth", Auth(self.auth))
        object.__setattr__(self, "retrieve_method", RetrieveMethod(self.retrieve_method))
        if self.protocol is Protocol.DIMSE:
            object.__setattr__(self, "ae_title", validate_ae_title(self.ae_title, f"AE title of node {self.name!r}"))
            _validate_port(self.port, f"port of node {self.name!r}")
            if self.retrieve_method is RetrieveMethod.WADO:
                raise ValueError(f"node {self.name!r}: WADO retrieve needs protocol DICOMWEB")
        else:
            if not self.base_url.startswith(("http://", "https://")):
                raise ValueError(f"node {self.name!r}: DICOMweb base URL must start with http(s)://, "
                                 f"got {self.base_url!r}")
            object.__setattr__(self, "retrieve_method", RetrieveMethod.WADO)

    @property
    def is_dicomweb(self) -> bool:
        return self.protocol is Protocol.DICOMWEB

    def describe(self) -> str:
        """How the node is named in messages: ``"PACS (ORTHANC@10.0.0.5:4242)"``."""
        if self.is_dicomweb:
            return f"{self.name} ({self.base_url})"
        return f"{self.name} ({self.ae_title}@{self.host}:{self.port})"

    def viewer_url(self, study_uid: str, patient_id: str = "", accession: str = "") -> str:
        """The web-viewer link of a study, "" when the node has no template."""
        if not self.web_viewer_url:
            return ""
        return self.web_viewer_url.format(study_uid=study_uid, patient_id=patient_id, accession=accession)


@dataclass(frozen=True)
class LocalAE:
    """Our own Application Entity: the title we call with and the storage SCP we run.

    Attributes
    ----------
    bind_all
        Listen on every interface (other machines can send to us) instead of 127.0.0.1.
    accept_unknown_callers
        When False, associations whose Calling AE Title is neither a configured node nor
        in ``allowed_calling_aes`` are rejected (PS3.8 7.1.1.9 reason 3, "calling AE
        title not recognized").
    tls, ca_file, cert_file, key_file
        Run the SCP with DICOM TLS; ``ca_file`` set means callers must present a
        certificate signed by it.
    """

    ae_title: str = "WORKSTATION"
    port: int = 11112
    bind_all: bool = False
    accept_unknown_callers: bool = True
    allowed_calling_aes: tuple[str, ...] = ()
    tls: bool = False
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "ae_title", validate_ae_title(self.ae_title, "our AE title"))
        _validate_port(self.port, "our storage SCP port")
        allowed = tuple(validate_ae_title(a, "allowed calling AE title") for a in self.allowed_calling_aes)
        object.__setattr__(self, "allowed_calling_aes", allowed)


@dataclass(frozen=True)
class ForwardRule:
    """"Instances received from ``calling_ae`` are also sent to node ``node``" (``*`` = any caller)."""

    calling_ae: str
    node: str
    transfer_syntax: str = ""  #: ask for this syntax when sending ("" = as stored)

    def matches(self, calling_ae: str) -> bool:
        return self.calling_ae == "*" or self.calling_ae.strip() == calling_ae.strip()


@dataclass(frozen=True)
class NetworkConfig:
    """Everything :mod:`workstation.net` needs to know: who we are, who the others are."""

    local: LocalAE = field(default_factory=LocalAE)
    nodes: tuple[RemoteNode, ...] = ()
    forward_rules: tuple[ForwardRule, ...] = ()

    def __post_init__(self) -> None:
        names = [n.name for n in self.nodes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"node names must be unique, repeated: {', '.join(duplicates)}")
        for rule in self.forward_rules:
            if rule.node not in names:
                raise ValueError(f"forward rule for {rule.calling_ae!r} names unknown node {rule.node!r}")

    def node(self, name: str) -> RemoteNode:
        """The node called ``name``; ``KeyError`` naming it when there is none."""
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(f"no DICOM node named {name!r}")

    def with_node(self, node: RemoteNode) -> NetworkConfig:
        """A copy with ``node`` added, or replacing the node of the same name."""
        others = tuple(n for n in self.nodes if n.name != node.name)
        return replace(self, nodes=others + (node,))

    def known_calling_aes(self) -> set[str]:
        """Calling AE titles accepted when unknown callers are refused."""
        return {n.ae_title for n in self.nodes if not n.is_dicomweb} | set(self.local.allowed_calling_aes)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "local": _plain(asdict(self.local)),
            "nodes": [_plain(asdict(n)) for n in self.nodes],
            "forward_rules": [_plain(asdict(r)) for r in self.forward_rules],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NetworkConfig:
        """Build from :meth:`to_json` output; unknown keys are ignored (newer files)."""
        if not isinstance(data, dict):
            raise ValueError(f"node configuration must be a JSON object, got {type(data).__name__}")
        local = LocalAE(**_known(LocalAE, data.get("local", {})))
        nodes = tuple(RemoteNode(**_known(RemoteNode, n)) for n in data.get("nodes", []))
        rules = tuple(ForwardRule(**_known(ForwardRule, r)) for r in data.get("forward_rules", []))
        return cls(local=local, nodes=nodes, forward_rules=rules)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if isinstance(v, Enum) else list(v) if isinstance(v, tuple) else v)
            for k, v in values.items()}


def _known(kind: type, values: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(kind)}
    out = {k: v for k, v in values.items() if k in names}
    if "allowed_calling_aes" in out:
        out["allowed_calling_aes"] = tuple(out["allowed_calling_aes"])
    return out


def default_config_path() -> Path:
    """``$WORKSTATION_HOME/config/nodes.json``, else the platform's user config dir."""
    home = os.environ.get("WORKSTATION_HOME")
    folder = Path(home) / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return folder / CONFIG_FILE_NAME


def load_config(path: str | os.PathLike[str]) -> NetworkConfig:
    """Read a node file; a missing file is an empty configuration with our default AE.

    Raises
    ------
    ValueError
        The file is not valid JSON or holds invalid values (the message names the file).
    """
    path = Path(path)
    if not path.exists():
        return NetworkConfig()
    try:
        return NetworkConfig.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path}: invalid node configuration ({exc})") from exc


def save_config(config: NetworkConfig, path: str | os.PathLike[str]) -> None:
    """Write atomically with owner-only permissions (the file may hold passwords)."""
    write_json(path, config.to_json(), mode=0o600)
