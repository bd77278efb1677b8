"""``python -m workstation`` runs the same entry point as the ``workstation`` command."""

import sys

from workstation.app.cli import main

sys.exit(main())
