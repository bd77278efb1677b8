"""Measurement and annotation: Qt-free geometry models plus their Qt interaction."""
