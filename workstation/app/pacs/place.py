"""Where the reader is in an open study, kept across a re-open of that study.

A study opened while it was still arriving is planned from the instances stored at that
moment; when the retrieve ends it is opened again to show every series. The reader's
place is remembered as, per viewport, the stack key (``<series uid>#<stack>``, stable
across plans), the view state, and the SOP Instance UID and frame shown, because the
slice index of that image changes when slices arrive before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.layouts import LayoutSpec
from viewer.qt_study_view import QtStudyView
from viewer.view_state import ViewState


@dataclass(frozen=True)
class ViewportPlace:
    stack_key: str
    state: ViewState
    sop_instance_uid: str
    frame_number: int


@dataclass(frozen=True)
class ReadingPlace:
    layout: LayoutSpec
    viewports: tuple[ViewportPlace | None, ...]
    active: int


def capture(view: QtStudyView) -> ReadingPlace:
    """The layout, each viewport's stack, state and image, and which viewport is active."""
    places: list[ViewportPlace | None] = []
    for viewport in view.grid.viewports:
        key = next((k for k, s in view.stacks.items() if viewport.source is not None and s.source is viewport.source),
                   None)
        if key is None:
            places.append(None)
            continue
        frames = view.stacks[key].volume.frames
        index = viewport.state.slice_index
        frame = frames[index] if 0 <= index < len(frames) else None
        places.append(ViewportPlace(key, viewport.state, frame.sop_instance_uid if frame else "",
                                    frame.frame_number if frame else 1))
    viewports = view.grid.viewports
    active = viewports.index(view.active) if view.active in viewports else 0
    return ReadingPlace(view.grid.spec, tuple(places), active)


def restore(view: QtStudyView, place: ReadingPlace) -> int:
    """Put ``view`` back at ``place`` as far as its stacks allow; returns viewports restored."""
    view.set_layout(place.layout)
    restored = 0
    for viewport, saved in zip(view.grid.viewports, place.viewports):
        if saved is None or saved.stack_key not in view.stacks:
            continue
        frames = view.stacks[saved.stack_key].volume.frames
        index = next((i for i, f in enumerate(frames) if f.sop_instance_uid == saved.sop_instance_uid
                      and f.frame_number == saved.frame_number), min(saved.state.slice_index, len(frames) - 1))
        view.show_stack(saved.stack_key, viewport, saved.state.with_(slice_index=index))
        restored += 1
    if 0 <= place.active < len(view.grid.viewports):
        view.grid.set_active(view.grid.viewports[place.active])
    return restored
