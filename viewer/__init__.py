"""Qt widgets of the reading viewer: viewports, layouts, overlays, linking, cine."""
