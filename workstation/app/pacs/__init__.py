"""The PACS screens: nodes dialog, query panel, jobs and received panels, send dialog.

Widgets only; :class:`workstation.app.pacs_controller.PacsController` wires them to the
window and to :mod:`workstation.net`.
"""

from workstation.app.pacs.options import PacsOptions, options_path
from workstation.app.pacs.qt_jobs_panel import QtJobsPanel
from workstation.app.pacs.qt_nodes_dialog import QtNodesDialog
from workstation.app.pacs.qt_query_panel import QtQueryPanel
from workstation.app.pacs.qt_received_panel import QtReceivedPanel
from workstation.app.pacs.qt_send_dialog import QtSendDialog, SendScope
from workstation.app.pacs.workers import JobBridge, run_in_worker

__all__ = ["JobBridge", "PacsOptions", "QtJobsPanel", "QtNodesDialog", "QtQueryPanel", "QtReceivedPanel",
           "QtSendDialog", "SendScope", "options_path", "run_in_worker"]
