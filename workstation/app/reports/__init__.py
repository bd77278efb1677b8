"""Reports in the workstation: the report editor, key-image panel, SR viewer, drafts and
the send outbox (see :mod:`workstation.app.report_controller`)."""
