"""Apply a hanging protocol to a freshly planned study and choose the decoding order.

The engine (viewer.hanging) decides from headers alone; this module turns its result
into viewports: layout, series per viewport, flips for mirrored mammography, the
window preset a protocol asks for (e.g. lung and mediastinum side by side), and the
special displays of PET/CT (the PET fused over the CT, the PET's rotating MIP).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rendering.window_presets import WindowPreset
from viewer.hanging import ViewportHint, candidate_from_volume
from viewer.hanging import hang as choose_hanging
from viewer.hanging_files import ProtocolLibrary
from viewer.layouts import LayoutSpec
from viewer.qt_projection import projection_state
from viewer.qt_study_view import QtStudyView
from viewer.view_state import ViewState
from workstation.app.loading import PlannedSeries
from workstation.model import Volume


def _initial_state(volume: Volume) -> ViewState:
    """Cross-sectional stacks open on the middle slice, projections and cines on the first."""
    middle = volume.shape[0] // 2 if volume.spacing_kind.value == "patient" and volume.patient_orientation is None else 0
    return ViewState(slice_index=middle)


def _preset(presets: Sequence[WindowPreset], name: str, volume: Volume):
    for preset in presets:
        if preset.name.lower() == name.lower() and preset.modality in ("", volume.modality):
            try:
                return preset.window_for(volume)
            except ValueError:
                return None
    return None


def _hinted_state(volume: Volume, hint: ViewportHint, presets: Sequence[WindowPreset]) -> ViewState:
    """Where a viewport opens: its first slice, flips and window preset from the protocol."""
    state = hint.apply(_initial_state(volume))
    if hint.window and (window := _preset(presets, hint.window, volume)) is not None:
        state = state.with_(voi=window)
    return state


def hang(view: QtStudyView, planned: list[PlannedSeries], roles: dict[str, str],
         presets: Sequence[WindowPreset], library: ProtocolLibrary,
         fallback_layout: LayoutSpec | None = None) -> tuple[str, list[str]]:
    """Lay out the study; returns the protocol name and notes to show the user.

    ``roles`` maps a Study Instance UID to "current" or "prior-N" (1 = most recent prior).
    ``fallback_layout`` (the layout the user last chose on this screen setup) replaces the
    engine's default grid when no protocol matches.
    """
    keys: dict[int, str] = {}
    candidates = []
    for series in planned:
        role = roles.get(series.study_instance_uid, "current")
        for key, volume in series.keys():
            keys[id(volume)] = key
            candidates.append(candidate_from_volume(volume, role))
    result = choose_hanging(candidates, library.protocols)
    if result.protocol_name == "default" and fallback_layout is not None:
        shown = [c for c in result.assignments if c is not None]
        cells = len(fallback_layout.cells)
        result = replace(result, layout=fallback_layout, assignments=(shown + [None] * cells)[:cells],
                         hints=[ViewportHint()] * cells)
    view.set_layout(result.layout)
    states = [None if candidate is None else _hinted_state(candidate.volume, hint, presets)
              for candidate, hint in zip(result.assignments, result.hints, strict=True)]
    notes = list(library.problems) + list(result.notes)
    for viewport, candidate, hint, state in zip(view.grid.viewports, result.assignments, result.hints, states):
        if candidate is None:
            viewport.set_source(None)
            continue
        key = keys[id(candidate.volume)]
        base = result.assignments[hint.fuse_with] if hint.fuse_with is not None else None
        if hint.display == "fusion" and base is not None:
            base_state = states[hint.fuse_with]
            note = view.show_fusion(key, keys[id(base.volume)], viewport, base_state, overlay_window=state.voi)
            if note:
                notes.append(note)
        elif hint.display == "mip":
            view.show_projection(key, viewport, projection_state(candidate.volume, state.voi))
        else:
            view.show_stack(key, viewport, state)
    return result.protocol_name, notes


def decode_order(view: QtStudyView, planned: list[PlannedSeries]) -> tuple[list[PlannedSeries], dict]:
    """Series shown in a viewport first, each starting at the slice its viewport shows."""
    shown: dict[int, tuple[int, int]] = {}
    for viewport in view.grid.viewports:
        if viewport.source is None:
            continue
        for p in planned:
            for index, volume in enumerate(p.loader.volumes):
                if volume is viewport.source.volume and id(p) not in shown:
                    shown[id(p)] = (index, viewport.state.slice_index)
    order = sorted(planned, key=lambda p: id(p) not in shown)
    return order, shown
