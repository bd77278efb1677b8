"""A web link to a study instead of a disc, when the PACS has a web viewer.

The criteria allow handing over a link instead of media. Each configured node may carry
a URL template (``RemoteNode.web_viewer_url``) with ``{study_uid}``, ``{patient_id}`` and
``{accession}`` placeholders; :data:`TEMPLATES` gives the usual ones for Orthanc's and
OHIF's viewers, which open a study by its Study Instance UID. Values are URL-encoded, so
a Vietnamese patient ID or an accession with spaces gives a valid link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

#: Ready-made templates, ``{base}`` being the server's address (e.g. ``http://pacs:8042``).
TEMPLATES = {
    "Orthanc + OHIF plugin": "{base}/ohif/viewer?StudyInstanceUIDs={study_uid}",
    "Orthanc Stone Web Viewer": "{base}/stone-webviewer/index.html?study={study_uid}",
    "OHIF Viewer": "{base}/viewer?StudyInstanceUIDs={study_uid}",
}


class WebViewerNode(Protocol):
    """What a link needs from a node (``workstation.net.RemoteNode`` is one)."""

    name: str

    def viewer_url(self, study_uid: str, patient_id: str = "", accession: str = "") -> str: ...


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


def study_links(nodes: Iterable[WebViewerNode], study_uid: str, *, patient_id: str = "",
                accession: str = "") -> list[WebLink]:
    """The web-viewer link of a study on every node that has a template, in node order."""
    if not study_uid:
        raise ValueError("study_uid must not be empty")
    links = []
    for node in nodes:
        url = node.viewer_url(quote(study_uid, safe=""), quote(patient_id, safe=""), quote(accession, safe=""))
        if url:
            links.append(WebLink(node.name, url))
    return links
