"""The PACS screens' own choices that ``NetworkConfig`` does not hold, in ``pacs.json``.

``workstation.net`` keeps who we are and who the others are (``nodes.json``); whether
the listener starts with the program and which nodes may be asked for priors are
decisions of the reading station, so they live beside it in a file of their own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from workstation.app.json_fields import load_fields
from workstation.atomic import write_json
from workstation.net import default_config_path

OPTIONS_FILE_NAME = "pacs.json"


@dataclass
class PacsOptions:
    """Attributes
    ----------
    scp_enabled
        Start the storage SCP with the main window. Off until IT turns it on: opening a
        listening port is a site decision (firewall, AE registration at the PACS).
    prefetch_nodes
        Names of nodes that may be asked for prior studies after a retrieve (a slow or
        remote PACS should not be loaded with prefetches nobody asked for).
    last_node
        The node chosen last in the query panel.
    """

    scp_enabled: bool = False
    prefetch_nodes: list[str] = field(default_factory=list)
    last_node: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> PacsOptions:
        """Read the file; missing, damaged or wrong values give defaults (logged), never a crash."""
        return load_fields(cls, path or options_path())

    def save(self, path: Path | None = None) -> None:
        """Write atomically (temp file, fsync, rename)."""
        write_json(path or options_path(), asdict(self))


def options_path() -> Path:
    """``pacs.json`` next to the node file."""
    return default_config_path().with_name(OPTIONS_FILE_NAME)
