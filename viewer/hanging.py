"""Hanging protocols: which series goes into which viewport, with which window and flip.

No Qt here (it decides viewer layouts, but runs and is tested headless). The app turns each
displayable stack into a :class:`Candidate`, calls :func:`hang`, and applies the
:class:`HangingResult` to its grid. Protocols are data: one JSON file per protocol, shipped
in ``resources/hanging_protocols/`` and optionally in a user folder (the app decides where);
a user protocol with the name of a shipped one replaces it. :mod:`viewer.hanging_files`
reads, validates, merges and saves them.

Protocol file schema (version 1)
--------------------------------
Unknown keys are errors, so a typo does not silently change a hanging. Regular
expressions are Python ``re`` patterns searched case-insensitively in NFC-normalised text;
"A|B" in a modality, plane, laterality or view position means "A or B" (whole values).

.. code-block:: text

    {
      "version": 1,                      optional; only 1 exists
      "name": "CT chest",                required, unique
      "description": "free text",
      "priority": 0,                     higher wins before specificity (default 0)
      "match": {                         all must hold on the current study (empty: always)
        "modalities": ["PT", "CR|DX"],   each entry: a current series has one of these modalities
        "body_part": "CHEST|THORAX",     regex in Body Part Examined or the study description
        "study_description": "regex",
        "series_description": "regex",   some current series' description
        "min_priors": 1,                 at least this many prior studies are offered
        "lateralities": ["R", "L"],      each: some current image has this Image Laterality
        "view_positions": ["PA|AP"]      each: some current image has this View Position
      },
      "layout": "1x2",                   a viewer.layouts name, or {"rows", "cols", "cells"}
      "viewports": [                     in layout cell order; fewer than cells leaves the rest empty
        {
          "study": "current",            "current" (default), "prior" (most recent with a match), "prior-N"
          "modality": "CT",
          "description": "regex",        series description must match
          "avoid": "regex",              descriptions matching this are taken only if nothing else fits
          "plane": "axial",              axial|coronal|sagittal|oblique, from Image Orientation (Patient)
          "laterality": "R",             Image Laterality (0020,0062)
          "view_position": "CC",         View Position (0018,5101)
          "volumetric": true,            only stacks usable for MPR/3D (or, false, only those that are not)
          "prefer": "first",             first (lowest series number) | most_images | thinnest
          "like": 0,                     same modality, plane, laterality and view as viewport 0's series,
                                         same description preferred (a prior's matching series)
          "same_as": 0,                  show viewport 0's series again (no other selection keys)
          "required": false,             the protocol applies only when this viewport is filled
          "window": "Lung",              window preset name (resources/window_presets.json)
          "display": "fusion",           "" | "fusion" | "mip": how to show it, if the viewer can
          "fuse_with": 0,                for "fusion": the viewport whose series is the anatomy
          "orientation": {"edge": "right", "label": "P"}   or a list, at most one per screen axis
        }
      ]
    }

A series is shown in one viewport only, unless a later viewport names it with ``same_as``.
The protocol whose conditions all hold and whose required viewports are filled wins by
``priority``, then by specificity (the number of match conditions, each list entry
counted, plus required viewports), then by the number of match conditions alone, then by
file order. With no match, :func:`default_hanging`
shows one series per viewport by series number, up to 2x2.

Orientation requirements follow how radiologists hang projections, e.g. mammograms back
to back with the chest walls facing (PS3.3 C.8.11.7: Patient Orientation of mammograms):
a right breast view needs ``{"edge": "right", "label": "P"}``. The engine compares the
requirement with the candidate's edge labels at rotation 0, unflipped, and sets
``flip_horizontal`` / ``flip_vertical`` when the label is on the opposite edge.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from viewer.layouts import LayoutSpec, grid
from viewer.view_state import ViewState
from workstation.model import SeriesRecord, SpacingKind, Volume, plane_name

SCHEMA_VERSION = 1
PREFERENCES = ("first", "most_images", "thinnest")
DISPLAYS = ("", "fusion", "mip")
PLANES = ("axial", "coronal", "sagittal", "oblique")
EDGES = ("left", "right", "top", "bottom")
_OPPOSITE_EDGE = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}
#: index-space direction that points at each screen edge at rotation 0, unflipped
_EDGE_DIRECTIONS = {"right": (1.0, 0.0, 0.0), "left": (-1.0, 0.0, 0.0),
                    "bottom": (0.0, 1.0, 0.0), "top": (0.0, -1.0, 0.0)}
_ROLE = re.compile(r"^(current|prior-[1-9][0-9]*)$")
_STUDY = re.compile(r"^(current|prior|prior-[1-9][0-9]*)$")


# -- text matching ---------------------------------------------------------------------------

def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def _one_of(value: str, alternatives: str) -> bool:
    return _fold(value) in {_fold(a) for a in alternatives.split("|")}


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(unicodedata.normalize("NFC", pattern), re.IGNORECASE)


def _search(pattern: str, text: str) -> bool:
    return bool(text) and _compiled(pattern).search(unicodedata.normalize("NFC", text)) is not None


def _check_regex(pattern: str, name: str) -> None:
    try:
        _compiled(pattern)
    except re.error as exc:
        raise ValueError(f"{name}: bad regular expression {pattern!r}: {exc}") from exc


# -- candidates ------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Candidate:
    """One displayable stack offered to the protocols (compared by identity).

    ``study_role`` is ``"current"`` or ``"prior-N"`` (1 = most recent prior); ``plane`` is
    ``""`` for projections and other images without Image Orientation (Patient);
    ``volume`` is whatever the caller needs back (the engine only reads it in
    :func:`volume_edge_labels`).
    """

    series: SeriesRecord
    study_role: str = "current"
    modality: str = ""
    description: str = ""
    body_part: str = ""
    laterality: str = ""
    view_position: str = ""
    image_count: int = 0
    slice_thickness: float | None = None
    plane: str = ""
    is_volumetric: bool = False
    study_description: str = ""
    volume: Any = None

    def __post_init__(self) -> None:
        if not _ROLE.match(self.study_role):
            raise ValueError(f"study_role must be 'current' or 'prior-N', got {self.study_role!r}")
        if self.plane not in ("", *PLANES):
            raise ValueError(f"plane must be one of {PLANES} or '', got {self.plane!r}")

    @property
    def prior_number(self) -> int:
        """0 for the current study, N for ``"prior-N"``."""
        return 0 if self.study_role == "current" else int(self.study_role.split("-")[1])


def candidate_from_volume(volume: Volume, study_role: str = "current") -> Candidate:
    """A :class:`Candidate` from a loaded (or planned) stack and its header values."""
    series = volume.series or SeriesRecord("", "", modality=volume.modality)
    first = volume.frames[0] if volume.frames else None
    attributes: Mapping[str, str] = first.attributes if first is not None else {}
    cross_sectional = volume.spacing_kind is SpacingKind.PATIENT and volume.patient_orientation is None
    thickness = first.slice_thickness if first is not None else None
    if thickness is None and cross_sectional and volume.shape[0] > 1:
        thickness = abs(float(volume.slice_step @ volume.slice_normal))
    return Candidate(
        series=series, study_role=study_role, modality=volume.modality or series.modality,
        description=series.description or attributes.get("SeriesDescription", ""),
        body_part=series.body_part or attributes.get("BodyPartExamined", ""),
        laterality=attributes.get("ImageLaterality", "") or attributes.get("Laterality", ""),
        view_position=attributes.get("ViewPosition", ""), image_count=volume.shape[0], slice_thickness=thickness,
        plane=plane_name([*volume.row_direction, *volume.column_direction]) if cross_sectional else "",
        is_volumetric=volume.is_volumetric,
        study_description=(volume.study.description if volume.study else "") or attributes.get("StudyDescription", ""),
        volume=volume)


#: Labels of the screen edges ("left", "right", "top", "bottom") of a candidate shown at
#: rotation 0, unflipped; missing or empty when unknown.
EdgeLabeller = Callable[[Candidate], Mapping[str, str]]


def volume_edge_labels(candidate: Candidate) -> dict[str, str]:
    """Edge labels from ``candidate.volume`` when it is a :class:`Volume` (else none).

    Uses :meth:`Volume.label_for`, which reads Patient Orientation (0020,0020) for
    projections and the affine for cross-sectional images.
    """
    volume = candidate.volume
    if not isinstance(volume, Volume):
        return {}
    return {edge: volume.label_for(direction) for edge, direction in _EDGE_DIRECTIONS.items()}


# -- protocol values -------------------------------------------------------------------------

@dataclass(frozen=True)
class OrientationRule:
    """The screen ``edge`` must show anatomical direction ``label`` (one of LRAPHF)."""

    edge: str
    label: str

    def __post_init__(self) -> None:
        if self.edge not in EDGES:
            raise ValueError(f"orientation edge must be one of {EDGES}, got {self.edge!r}")
        if len(self.label) != 1 or self.label not in "LRAPHF":
            raise ValueError(f"orientation label must be one letter of L, R, A, P, H, F, got {self.label!r}")


@dataclass(frozen=True)
class MatchRules:
    """Conditions on the offered studies (see the module docstring)."""

    modalities: tuple[str, ...] = ()
    body_part: str = ""
    study_description: str = ""
    series_description: str = ""
    min_priors: int = 0
    lateralities: tuple[str, ...] = ()
    view_positions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("body_part", "study_description", "series_description"):
            _check_regex(getattr(self, name), name)
        if self.min_priors < 0:
            raise ValueError(f"min_priors must be >= 0, got {self.min_priors}")

    def score(self, candidates: Sequence[Candidate]) -> int | None:
        """Number of conditions (each list entry counts), or None if one fails."""
        current = [c for c in candidates if c.study_role == "current"]
        checks = [any(_one_of(c.modality, e) for c in current) for e in self.modalities]
        checks += [any(_one_of(c.laterality, e) for c in current) for e in self.lateralities]
        checks += [any(_one_of(c.view_position, e) for c in current) for e in self.view_positions]
        if self.body_part:
            checks.append(any(_search(self.body_part, t) for c in current for t in (c.body_part, c.study_description)))
        if self.study_description:
            checks.append(any(_search(self.study_description, c.study_description) for c in current))
        if self.series_description:
            checks.append(any(_search(self.series_description, c.description) for c in current))
        if self.min_priors:
            checks.append(len({c.study_role for c in candidates} - {"current"}) >= self.min_priors)
        return len(checks) if all(checks) else None


@dataclass(frozen=True)
class ViewportRule:
    """Which series a viewport shows (selector) and how (display hints)."""

    study: str = "current"
    modality: str = ""
    description: str = ""
    avoid: str = ""
    plane: str = ""
    laterality: str = ""
    view_position: str = ""
    volumetric: bool | None = None
    prefer: str = "first"
    like: int | None = None
    same_as: int | None = None
    required: bool = False
    window: str = ""
    display: str = ""
    fuse_with: int | None = None
    orientation: tuple[OrientationRule, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "orientation", tuple(self.orientation))
        if not _STUDY.match(self.study):
            raise ValueError(f"study must be 'current', 'prior' or 'prior-N', got {self.study!r}")
        _check_regex(self.description, "description")
        _check_regex(self.avoid, "avoid")
        if self.plane and not set(self.plane.lower().split("|")) <= set(PLANES):
            raise ValueError(f"plane must be one of {'|'.join(PLANES)}, got {self.plane!r}")
        if self.prefer not in PREFERENCES:
            raise ValueError(f"prefer must be one of {PREFERENCES}, got {self.prefer!r}")
        if self.display not in DISPLAYS:
            raise ValueError(f"display must be one of {DISPLAYS}, got {self.display!r}")
        if self.same_as is not None and self._selects_anything():
            raise ValueError("same_as shows another viewport's series: it takes no selection keys")
        axes = [r.edge in ("left", "right") for r in self.orientation]
        if len(axes) != len(set(axes)):
            raise ValueError("at most one orientation requirement per screen axis (left/right, top/bottom)")

    def _selects_anything(self) -> bool:
        defaults = {f.name: f.default for f in dataclasses.fields(self)}
        selection = ("study", "modality", "description", "avoid", "plane", "laterality", "view_position",
                     "volumetric", "prefer", "like")
        return any(getattr(self, name) != defaults[name] for name in selection)

    def accepts(self, candidate: Candidate, model: Candidate | None) -> bool:
        """Whether ``candidate`` fits the selector (``model``: the ``like`` viewport's series)."""
        c = candidate
        if self.study == "prior":
            if c.study_role == "current":
                return False
        elif c.study_role != self.study:
            return False
        if model is not None and (c.modality.upper(), c.plane, c.laterality.upper(), c.view_position.upper()) != (
                model.modality.upper(), model.plane, model.laterality.upper(), model.view_position.upper()):
            return False
        return ((not self.modality or _one_of(c.modality, self.modality))
                and (not self.plane or _one_of(c.plane, self.plane))
                and (not self.laterality or _one_of(c.laterality, self.laterality))
                and (not self.view_position or _one_of(c.view_position, self.view_position))
                and (self.volumetric is None or c.is_volumetric == self.volumetric)
                and (not self.description or _search(self.description, c.description)))

    def rank(self, candidate: Candidate, model: Candidate | None, position: int) -> tuple:
        """Sort key among accepted candidates: lowest is chosen."""
        c = candidate
        if self.prefer == "most_images":
            preference: tuple = (-c.image_count,)
        elif self.prefer == "thinnest":
            thickness = c.slice_thickness if c.slice_thickness else float("inf")
            preference = (thickness, -c.image_count)
        else:
            preference = ()
        number = c.series.series_number if c.series.series_number is not None else float("inf")
        return (c.prior_number, bool(self.avoid) and _search(self.avoid, c.description),
                model is not None and _fold(c.description) != _fold(model.description), *preference, number, position)


@dataclass(frozen=True)
class HangingProtocol:
    """A named layout plus one :class:`ViewportRule` per viewport (see the module docstring).

    Raises
    ------
    ValueError
        If there are more rules than layout cells, or ``same_as`` / ``like`` / ``fuse_with``
        name a viewport that is not earlier (for ``fuse_with``: not another existing one).
    """

    name: str
    layout: LayoutSpec
    viewports: tuple[ViewportRule, ...]
    match: MatchRules = MatchRules()
    priority: int = 0
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "viewports", tuple(self.viewports))
        if not self.name.strip():
            raise ValueError("a protocol needs a name")
        if not self.viewports or len(self.viewports) > len(self.layout.cells):
            raise ValueError(f"{len(self.viewports)} viewport rules for layout {self.layout.name!r} "
                             f"with {len(self.layout.cells)} cells")
        for i, rule in enumerate(self.viewports):
            for key in ("same_as", "like"):
                ref = getattr(rule, key)
                if ref is not None and not 0 <= ref < i:
                    raise ValueError(f"viewport {i}: {key} must name an earlier viewport (0..{i - 1}), got {ref}")
            if rule.fuse_with is not None and (rule.fuse_with == i or not 0 <= rule.fuse_with < len(self.viewports)):
                raise ValueError(f"viewport {i}: fuse_with must name another viewport, got {rule.fuse_with}")


# -- results ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ViewportHint:
    """How to show a viewport's series: window preset name, flips, special display."""

    window: str = ""
    flip_horizontal: bool = False
    flip_vertical: bool = False
    display: str = ""
    fuse_with: int | None = None

    def apply(self, state: ViewState) -> ViewState:
        """``state`` with the hint's flips (windows need the app's presets)."""
        return state.with_(flip_horizontal=self.flip_horizontal, flip_vertical=self.flip_vertical)


@dataclass(frozen=True)
class HangingResult:
    """What to show: one assignment and one hint per layout cell, in cell order."""

    protocol_name: str
    layout: LayoutSpec
    assignments: list[Candidate | None]
    hints: list[ViewportHint]
    notes: list[str] = field(default_factory=list)  #: problems worth telling the user


# -- matching --------------------------------------------------------------------------------

def _assign(protocol: HangingProtocol, candidates: Sequence[Candidate]) -> list[Candidate | None]:
    assignments: list[Candidate | None] = []
    taken: set[int] = set()
    for rule in protocol.viewports:
        if rule.same_as is not None:
            assignments.append(assignments[rule.same_as])
            continue
        model = assignments[rule.like] if rule.like is not None else None
        pool = [(rule.rank(c, model, n), n) for n, c in enumerate(candidates)
                if id(c) not in taken and (rule.like is None or model is not None) and rule.accepts(c, model)]
        chosen = candidates[min(pool)[1]] if pool else None
        if chosen is not None:
            taken.add(id(chosen))
        assignments.append(chosen)
    return assignments + [None] * (len(protocol.layout.cells) - len(assignments))


def _score(protocol: HangingProtocol, candidates: Sequence[Candidate],
           assignments: Sequence[Candidate | None]) -> int | None:
    conditions = protocol.match.score(candidates)
    required = [a for a, rule in zip(assignments, protocol.viewports) if rule.required]
    if conditions is None or None in required or not any(assignments):
        return None
    return conditions + len(required)


def protocol_score(protocol: HangingProtocol, candidates: Sequence[Candidate]) -> int | None:
    """Specificity of ``protocol`` for these candidates, None when it does not apply."""
    return _score(protocol, candidates, _assign(protocol, candidates))


def choose_protocol(protocols: Iterable[HangingProtocol], candidates: Sequence[Candidate]) -> HangingProtocol | None:
    """The applicable protocol with the highest priority, then specificity, then number of
    study conditions (what the study is says more than which series it has); the first on ties."""
    best: tuple[tuple[int, int, int], HangingProtocol] | None = None
    for protocol in protocols:
        score = protocol_score(protocol, candidates)
        if score is None:
            continue
        key = (protocol.priority, score, protocol.match.score(candidates) or 0)
        if best is None or key > best[0]:
            best = key, protocol
    return best[1] if best else None


def _orientation(rules: Sequence[OrientationRule], labels: Mapping[str, str]) -> tuple[bool, bool, list[str]]:
    flips = {"horizontal": False, "vertical": False}
    problems = []
    for rule in rules:
        axis = "horizontal" if rule.edge in ("left", "right") else "vertical"
        if rule.label in labels.get(rule.edge, ""):
            continue
        if rule.label in labels.get(_OPPOSITE_EDGE[rule.edge], ""):
            flips[axis] = True
        else:
            problems.append(f"cannot tell which edge is {rule.label!r} (edge labels {dict(labels)})")
    return flips["horizontal"], flips["vertical"], problems


def apply_protocol(protocol: HangingProtocol, candidates: Sequence[Candidate], *,
                   edge_labels: EdgeLabeller = volume_edge_labels) -> HangingResult:
    """Hang ``candidates`` by ``protocol`` whether or not it matches (a user's explicit
    choice); viewports without a fitting series stay empty."""
    assignments = _assign(protocol, candidates)
    hints, notes = [], []
    for i, (rule, chosen) in enumerate(zip(protocol.viewports, assignments)):
        flip_h = flip_v = False
        if chosen is not None and rule.orientation:
            flip_h, flip_v, problems = _orientation(rule.orientation, edge_labels(chosen))
            notes += [f"viewport {i + 1} ({chosen.description or chosen.modality}): {p}; shown unflipped"
                      for p in problems]
        hints.append(ViewportHint(rule.window, flip_h, flip_v, rule.display, rule.fuse_with))
    hints += [ViewportHint()] * (len(assignments) - len(hints))
    return HangingResult(protocol.name, protocol.layout, assignments, hints, notes)


def default_hanging(candidates: Sequence[Candidate]) -> HangingResult:
    """One current series per viewport by series number (1x1, 1x2 or 2x2); for a series
    split into several stacks, the stack with the most images."""
    best: dict[str, tuple[int, Candidate]] = {}
    for n, c in enumerate(candidates):
        key = c.series.series_instance_uid or f"#{n}"
        if c.study_role == "current" and (key not in best or c.image_count > best[key][1].image_count):
            best[key] = (n, c)

    def order(item: tuple[int, Candidate]) -> tuple:
        number = item[1].series.series_number
        return (number if number is not None else float("inf"), item[0])

    shown = [c for _, c in sorted(best.values(), key=order)][:4]
    layout = grid(1, 1) if len(shown) <= 1 else grid(1, 2) if len(shown) == 2 else grid(2, 2)
    assignments: list[Candidate | None] = [*shown, *[None] * (len(layout.cells) - len(shown))]
    return HangingResult("default", layout, assignments, [ViewportHint()] * len(layout.cells))


def hang(candidates: Sequence[Candidate], protocols: Iterable[HangingProtocol], *,
         edge_labels: EdgeLabeller = volume_edge_labels) -> HangingResult:
    """The best protocol's hanging of ``candidates``, or :func:`default_hanging`."""
    protocol = choose_protocol(protocols, candidates)
    if protocol is None:
        return default_hanging(candidates)
    return apply_protocol(protocol, candidates, edge_labels=edge_labels)
