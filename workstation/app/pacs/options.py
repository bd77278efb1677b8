"""The PACS screens' own choices that ``NetworkConfig`` does not hold, in ``pacs.json``.

``workstation.net`` keeps who we are and who the others are (``nodes.json``); whether
the listener starts with the program and which nodes may be asked for priors are
decisions of the reading station, so they live beside it in a file of their own.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from workstation.atomic import write_json
from workstation.net import default_config_path

log = logging.getLogger(__name__)

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
        """Read the file; missing or damaged gives defaults (logged), never a crash."""
        path = path or options_path()
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = {f.name for f in fields(cls)}
            return cls(**{k: v for k, v in data.items() if k in known})
        except (OSError, ValueError, TypeError) as exc:
            log.warning("ignoring damaged PACS options %s: %s", path, exc)
            return cls()

    def save(self, path: Path | None = None) -> None:
        """Write atomically (temp file, fsync, rename)."""
        write_json(path or options_path(), asdict(self))


def options_path() -> Path:
    """``pacs.json`` next to the node file."""
    return default_config_path().with_name(OPTIONS_FILE_NAME)
