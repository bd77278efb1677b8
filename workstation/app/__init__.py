"""Composition root: the CLI, the main window, settings. Imports everything; nothing imports it."""
