"""Shipped data (presets, colour maps, hanging protocols, translations), read with importlib.resources."""
