"""A web link to a study instead of a disc, when the PACS has a web viewer.

The criteria allow handing over a link instead of media. Each configured node may carry
a URL template (``RemoteNode.web_viewer_url``) with ``{study_uid}``, ``{patient_id}``,
``{accession}`` and ``{orthanc_study_id}`` placeholders; :data:`TEMPLATES` gives the usual
ones. OHIF and Orthanc's Stone viewer open a study by its Study Instance UID; Orthanc's
own explorer (in every Orthanc, no plugin needed) by Orthanc's identifier of the study,
which :func:`orthanc_study_id` computes. Values are URL-encoded, so a Vietnamese patient
ID or an accession with spaces gives a valid link.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

#: Ready-made templates, ``{base}`` being the server's address (e.g. ``http://pacs:8042``).
TEMPLATES = {
    "Orthanc Explorer": "{base}/app/explorer.html#study?uuid={orthanc_study_id}",
    "Orthanc + OHIF plugin": "{base}/ohif/viewer?StudyInstanceUIDs={study_uid}",
    "Orthanc Stone Web Viewer": "{base}/stone-webviewer/index.html?study={study_uid}",
    "OHIF Viewer": "{base}/viewer?StudyInstanceUIDs={study_uid}",
}


PLACEHOLDERS = ("study_uid", "patient_id", "accession", "orthanc_study_id")


class WebViewerNode(Protocol):
    """What a link needs from a node (``workstation.net.RemoteNode`` is one)."""

    name: str
    web_viewer_url: str


@dataclass(frozen=True)
class WebLink:
    node: str
    url: str


def template_for(kind: str, base: str) -> str:
    """A node's ``web_viewer_url`` from one of :data:`TEMPLATES` and the server's base address."""
    if kind not in TEMPLATES:
        raise ValueError(f"kind must be one of {sorted(TEMPLATES)}, got {kind!r}")
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"base must start with http:// or https://, got {base!r}")
    return TEMPLATES[kind].replace("{base}", base.rstrip("/"))


def orthanc_study_id(patient_id: str, study_uid: str) -> str:
    """Orthanc's identifier of a study: the SHA-1 of ``"PatientID|StudyInstanceUID"`` in five
    dash-separated groups of 8 hex digits (Orthanc's ``DicomInstanceHasher``)."""
    digest = hashlib.sha1(f"{patient_id}|{study_uid}".encode()).hexdigest()
    return "-".join(digest[n:n + 8] for n in range(0, 40, 8))


def check_template(template: str) -> str:
    """``template`` if every ``{placeholder}`` in it is one of :data:`PLACEHOLDERS`, else ``ValueError``."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        raise ValueError(f"web viewer URL {template!r} has unknown placeholder(s) {unknown}; "
                         f"known: {list(PLACEHOLDERS)}")
    return template


def study_links(nodes: Iterable[WebViewerNode], study_uid: str, *, patient_id: str = "",
                accession: str = "") -> list[WebLink]:
    """The web-viewer link of a study on every node that has a template, in node order.

    Raises
    ------
    ValueError
        ``study_uid`` is empty, or a node's template has an unknown placeholder (the message names it).
    """
    if not study_uid:
        raise ValueError("study_uid must not be empty")
    values = {"study_uid": study_uid, "patient_id": patient_id, "accession": accession,
              "orthanc_study_id": orthanc_study_id(patient_id, study_uid)}
    encoded = {k: quote(v, safe="") for k, v in values.items()}
    links = []
    for node in nodes:
        template = getattr(node, "web_viewer_url", "")
        if template:
            links.append(WebLink(node.name, check_template(template).format(**encoded)))
    return links
