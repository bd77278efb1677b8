"""``python -m workstation`` runs the same entry point as the ``workstation`` command."""

import sys

from workstation.app.cli import run

if __name__ == "__main__":  # not when a spawned worker process imports this module
    sys.exit(run())
