"""Pixels and scenes without Qt widgets: VOI LUT, colour maps, MPR, slabs, VR, fusion."""
