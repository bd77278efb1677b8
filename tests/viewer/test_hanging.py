"""Hanging protocol matching on fake candidates, and mammography flips on real Volumes."""

from __future__ import annotations

import random

import numpy as np
import pytest

from viewer.display_transform import edge_labels, image_to_screen
from viewer.hanging import (
    Candidate,
    HangingProtocol,
    MatchRules,
    OrientationRule,
    ViewportRule,
    apply_protocol,
    candidate_from_volume,
    choose_protocol,
    default_hanging,
    hang,
    volume_edge_labels,
)
from viewer.hanging_files import load_protocols
from viewer.layouts import grid
from viewer.view_state import ViewState
from workstation.dicomio import SeriesLoader
from workstation.model import FrameInfo, SeriesRecord, SpacingKind, StudyRecord, Volume
from workstation.phantoms import write_mammography


@pytest.fixture(scope="module")
def protocols():
    library = load_protocols()
    assert library.problems == ()
    return library.protocols


def cand(number: int, modality: str, description: str = "", *, role: str = "current", plane: str = "",
         thickness: float | None = None, images: int = 1, volumetric: bool = False, body_part: str = "",
         laterality: str = "", view: str = "", volume=None, uid: str | None = None) -> Candidate:
    series = SeriesRecord(uid or f"{role}.{number}", f"study.{role}", modality=modality, series_number=number,
                          description=description, body_part=body_part)
    return Candidate(series, role, modality, description, body_part, laterality, view, images, thickness, plane,
                     volumetric, volume=volume)


def numbers(result) -> list[int | None]:
    return [None if a is None else a.series.series_number for a in result.assignments]


def ct_chest_series(role: str = "current") -> list[Candidate]:
    return [cand(1, "CT", "Topogram", role=role, plane="coronal", body_part="CHEST"),
            cand(2, "CT", "Chest 5mm", role=role, plane="axial", thickness=5.0, images=60, volumetric=True,
                 body_part="CHEST"),
            cand(3, "CT", "Chest 1mm lung", role=role, plane="axial", thickness=1.0, images=300, volumetric=True,
                 body_part="CHEST"),
            cand(4, "CT", "Cor MPR 3mm", role=role, plane="coronal", thickness=3.0, images=100, volumetric=True,
                 body_part="CHEST")]


# -- CT ---------------------------------------------------------------------------------------

def test_ct_chest_shows_the_thinnest_axial_in_mediastinal_and_lung_windows(protocols):
    result = hang(ct_chest_series(), protocols)
    assert result.protocol_name == "CT chest"
    assert result.layout == grid(1, 2)
    assert numbers(result) == [3, 3]
    assert [h.window for h in result.hints] == ["Mediastinum", "Lung"]


def test_ct_chest_is_recognised_from_a_vietnamese_study_description(protocols):
    series = [Candidate(c.series, c.study_role, c.modality, c.description, "", plane=c.plane, image_count=c.image_count,
                        slice_thickness=c.slice_thickness, is_volumetric=c.is_volumetric,
                        study_description="CLVT lồng ngực có tiêm") for c in ct_chest_series()]
    assert hang(series, protocols).protocol_name == "CT chest"


def test_ct_with_a_coronal_reformat_hangs_axial_beside_coronal(protocols):
    series = [cand(1, "CT", "Scout", plane="coronal", body_part="ABDOMEN"),
              cand(2, "CT", "Abd 5mm", plane="axial", thickness=5.0, images=80, volumetric=True, body_part="ABDOMEN"),
              cand(3, "CT", "Abd 1.25mm", plane="axial", thickness=1.25, images=320, volumetric=True,
                   body_part="ABDOMEN"),
              cand(4, "CT", "Coronal", plane="coronal", thickness=3.0, images=90, volumetric=True, body_part="ABDOMEN")]
    result = hang(series, protocols)
    assert result.protocol_name == "CT axial + coronal"
    assert numbers(result) == [3, 4]  # the single-image scout is coronal too, but not volumetric


def test_ct_without_reformats_shows_the_main_series_not_the_scout(protocols):
    series = [cand(1, "CT", "Topogram", plane="coronal", images=1, body_part="HEAD"),
              cand(2, "CT", "Head 5mm", plane="axial", thickness=5.0, images=30, volumetric=True, body_part="HEAD"),
              cand(3, "CT", "Head bone 0.6", plane="axial", thickness=0.6, images=250, volumetric=True,
                   body_part="HEAD"),
              cand(4, "CT", "Dose Report", images=1)]
    result = hang(series, protocols)
    assert result.protocol_name == "CT"
    assert result.layout == grid(1, 1)
    assert numbers(result) == [3]


def test_ct_with_prior_puts_the_most_recent_prior_of_the_same_kind_right(protocols):
    series = [cand(2, "CT", "Abdomen PV", plane="axial", images=120, volumetric=True),
              cand(3, "CT", "Abdomen PV cor", plane="coronal", images=80, volumetric=True),
              cand(5, "CT", "Abdomen arterial", role="prior-1", plane="axial", images=200, volumetric=True),
              cand(6, "CT", "Abdomen PV", role="prior-1", plane="axial", images=110, volumetric=True),
              cand(7, "CT", "Abdomen PV cor", role="prior-1", plane="coronal", images=500, volumetric=True),
              cand(2, "CT", "Abdomen PV", role="prior-2", plane="axial", images=120, volumetric=True)]
    result = hang(series, protocols)
    assert result.protocol_name == "CT with prior"
    assert [a.study_role for a in result.assignments] == ["current", "prior-1"]
    # the prior with the same description wins over one with more images
    assert numbers(result) == [2, 6]


def test_ct_chest_with_prior_compares_both_windows(protocols):
    result = hang(ct_chest_series() + ct_chest_series("prior-1"), protocols)
    assert result.protocol_name == "CT chest with prior"
    assert [(a.study_role, a.series.series_number) for a in result.assignments] == [
        ("current", 3), ("prior-1", 3), ("current", 3), ("prior-1", 3)]
    assert [h.window for h in result.hints] == ["Mediastinum", "Mediastinum", "Lung", "Lung"]


# -- MR ---------------------------------------------------------------------------------------

def test_mr_brain_hangs_t2_flair_t1_dwi_by_description(protocols):
    series = [cand(1, "MR", "3-plane localizer", plane="sagittal", body_part="BRAIN"),
              cand(2, "MR", "SAG T1 SE", plane="sagittal", body_part="BRAIN"),
              cand(3, "MR", "AX DWI b1000", plane="axial", body_part="BRAIN"),
              cand(4, "MR", "AX ADC", plane="axial", body_part="BRAIN"),
              cand(5, "MR", "AX T2 FLAIR", plane="axial", body_part="BRAIN"),
              cand(6, "MR", "AX T2 TSE", plane="axial", body_part="BRAIN"),
              cand(7, "MR", "AX T1 SE", plane="axial", body_part="BRAIN"),
              cand(8, "MR", "AX T2* GRE", plane="axial", body_part="BRAIN")]
    random.Random(3).shuffle(series)
    result = hang(series, protocols)
    assert result.protocol_name == "MR brain"
    assert result.layout == grid(2, 2)
    assert [a.description for a in result.assignments] == ["AX T2 TSE", "AX T2 FLAIR", "AX T1 SE", "AX DWI b1000"]


def test_mr_elsewhere_shows_the_first_four_series_localiser_last(protocols):
    series = [cand(n, "MR", d, body_part="KNEE") for n, d in
              [(1, "3-plane loc"), (2, "PD FS sag"), (3, "T1 cor"), (4, "PD FS cor"), (5, "T2 ax"), (6, "PD ax")]]
    result = hang(series, protocols)
    assert result.protocol_name == "MR"
    assert numbers(result) == [2, 3, 4, 5]


def test_mr_with_three_series_leaves_a_viewport_empty_rather_than_repeating(protocols):
    result = hang([cand(n, "MR", f"seq {n}", body_part="SPINE") for n in (3, 1, 2)], protocols)
    assert numbers(result) == [1, 2, 3, None]


# -- projections ---------------------------------------------------------------------------------

def test_chest_radiograph_pa_left_lateral_right(protocols):
    series = [cand(1, "DX", "Lateral", view="LL", body_part="CHEST"), cand(2, "DX", "PA", view="PA", body_part="CHEST")]
    result = hang(series, protocols)
    assert result.protocol_name == "CR/DX chest PA + LAT"
    assert [a.view_position for a in result.assignments] == ["PA", "LL"]


def test_single_chest_radiograph_hangs_one_up(protocols):
    result = hang([cand(1, "CR", "Chest", view="PA", body_part="CHEST")], protocols)
    assert result.protocol_name == "CR/DX chest frontal"
    assert result.layout == grid(1, 1)
    assert numbers(result) == [1]


# -- PET/CT ---------------------------------------------------------------------------------------

def test_pet_ct_hangs_ct_pet_fusion_and_mip(protocols):
    series = [cand(1, "CT", "Topogram", plane="coronal"),
              cand(2, "CT", "CT AC 3.75", plane="axial", images=250, volumetric=True, thickness=3.75),
              cand(3, "PT", "PET WB NAC", plane="axial", images=250, volumetric=True),
              cand(4, "PT", "PET WB AC", plane="axial", images=250, volumetric=True),
              cand(5, "PT", "PET MIP", plane="coronal", images=36)]
    result = hang(series, protocols)
    assert result.protocol_name == "PET/CT"
    assert numbers(result) == [2, 4, 4, 4]
    assert [h.display for h in result.hints] == ["", "", "fusion", "mip"]
    assert result.hints[2].fuse_with == 0
    assert [h.window for h in result.hints] == ["Abdomen", "SUV 0-5", "SUV 0-5", "SUV 0-10"]


def test_pet_ct_outranks_a_more_specific_chest_ct_by_priority(protocols):
    series = ct_chest_series() + [cand(9, "PT", "PET AC", plane="axial", images=200, volumetric=True)]
    assert hang(series, protocols).protocol_name == "PET/CT"


# -- mammography ---------------------------------------------------------------------------------

def mammo_volume(orientation: tuple[str, str]) -> Volume:
    affine = np.diag([0.1, 0.1, 1.0, 1.0])
    return Volume(np.zeros((1, 6, 4), np.uint16), affine, modality="MG", spacing_kind=SpacingKind.DETECTOR,
                  patient_orientation=orientation, is_volumetric=False)


#: (laterality, view, Patient Orientation as acquired, whether it must be flipped to hang)
MAMMO_VIEWS = [("R", "CC", ("A", "R"), True), ("L", "CC", ("A", "R"), False),
               ("R", "MLO", ("P", "FL"), False), ("L", "MLO", ("P", "FR"), True)]


def mammo_candidates(role: str = "current", first: int = 1) -> list[Candidate]:
    return [cand(first + n, "MG", f"{lat} {view}", role=role, laterality=lat, view=view, body_part="BREAST",
                 volume=mammo_volume(orientation)) for n, (lat, view, orientation, _) in enumerate(MAMMO_VIEWS)]


def screen_edges(volume: Volume, state: ViewState) -> dict[str, str]:
    """Edge labels as the viewport draws them (display_transform), for an independent check."""
    matrix = image_to_screen(state, (volume.shape[2], volume.shape[1]), (0.1, 0.1), (400, 600))
    return edge_labels(matrix, None, volume.label_for)


def test_mammography_four_up_hangs_back_to_back(protocols):
    series = mammo_candidates()
    random.Random(1).shuffle(series)
    result = hang(series, protocols)
    assert result.protocol_name == "Mammography 4-up"
    assert result.layout == grid(2, 2)
    assert [f"{a.laterality} {a.view_position}" for a in result.assignments] == ["R CC", "L CC", "R MLO", "L MLO"]
    assert result.notes == []
    expected_flip = {f"{lat} {view}": flip for lat, view, _, flip in MAMMO_VIEWS}
    for assigned, hint in zip(result.assignments, result.hints):
        assert hint.flip_horizontal is expected_flip[assigned.description]
        assert hint.flip_vertical is False
        volume = assigned.volume
        state = hint.apply(ViewState())
        edges = screen_edges(volume, state)
        chest_wall = "right" if assigned.laterality == "R" else "left"
        assert edges[chest_wall] == "P"
        # the same truth straight from Volume.label_for: the chest-wall edge shows +/- row direction
        sign = -1.0 if hint.flip_horizontal else 1.0
        direction = (sign if chest_wall == "right" else -sign, 0.0, 0.0)
        assert volume.label_for(direction) == "P"


def test_mammography_with_prior_hangs_current_left_prior_right(protocols):
    series = mammo_candidates() + mammo_candidates("prior-1", 11) + mammo_candidates("prior-2", 21)
    result = hang(series, protocols)
    assert result.protocol_name == "Mammography with prior"
    assert result.layout == grid(2, 4)
    assert numbers(result) == [1, 2, 11, 12, 3, 4, 13, 14]
    for assigned, hint in zip(result.assignments, result.hints):
        edges = screen_edges(assigned.volume, hint.apply(ViewState()))
        assert edges["right" if assigned.laterality == "R" else "left"] == "P"


def test_mammography_cc_comparison_applies_only_when_chosen(protocols):
    series = mammo_candidates() + mammo_candidates("prior-1", 11)
    chosen = next(p for p in protocols if p.name == "Mammography CC with prior")
    assert hang(series, protocols).protocol_name != chosen.name
    result = apply_protocol(chosen, series)
    assert numbers(result) == [1, 2, 11, 12]
    assert [h.flip_horizontal for h in result.hints] == [True, False, True, False]


def test_unknown_orientation_is_reported_and_left_unflipped(protocols):
    series = [cand(1, "MG", "R CC", laterality="R", view="CC"), cand(2, "MG", "L CC", laterality="L", view="CC")]
    result = hang(series, protocols)
    assert result.protocol_name == "Mammography 4-up"
    assert not any(h.flip_horizontal for h in result.hints)
    assert len(result.notes) == 2 and "cannot tell which edge is 'P'" in result.notes[0]


def test_caller_supplied_edge_labels_drive_the_flip():
    protocol = HangingProtocol("flip", grid(1, 1), (ViewportRule(orientation=(OrientationRule("top", "H"),)),))
    candidate = cand(1, "XA")
    result = apply_protocol(protocol, [candidate], edge_labels=lambda c: {"top": "F", "bottom": "H"})
    assert (result.hints[0].flip_horizontal, result.hints[0].flip_vertical) == (False, True)
    assert volume_edge_labels(candidate) == {}


# -- fallback, priority, validation ----------------------------------------------------------------

def test_default_hanging_one_series_per_viewport_by_series_number(protocols):
    series = [cand(3, "US", "c"), cand(1, "US", "a"), cand(2, "US", "b"), cand(1, "US", "old", role="prior-1")]
    result = hang(series, protocols)
    assert result.protocol_name == "default"
    assert result.layout == grid(2, 2)
    assert numbers(result) == [1, 2, 3, None]
    assert all(h == result.hints[0] and not h.window for h in result.hints)


@pytest.mark.parametrize("count, layout", [(0, grid(1, 1)), (1, grid(1, 1)), (2, grid(1, 2)), (6, grid(2, 2))])
def test_default_hanging_layout_grows_to_two_by_two(count, layout):
    result = default_hanging([cand(n, "OT") for n in range(1, count + 1)])
    assert result.layout == layout
    assert numbers(result)[:min(count, 4)] == list(range(1, min(count, 4) + 1))


def test_default_hanging_shows_the_largest_stack_of_a_split_series():
    small, large = cand(1, "OT", images=2, uid="s1"), cand(1, "OT", images=40, uid="s1")
    assert default_hanging([small, large]).assignments == [large]


def test_explicit_priority_beats_specificity(protocols):
    mine = HangingProtocol("my CT", grid(1, 1), (ViewportRule(modality="CT", prefer="thinnest"),),
                           MatchRules(modalities=("CT",)), priority=5)
    assert choose_protocol([*protocols, mine], ct_chest_series()) is mine


def test_more_specific_protocol_wins_without_priority():
    generic = HangingProtocol("generic", grid(1, 1), (ViewportRule(modality="CT"),), MatchRules(modalities=("CT",)))
    chest = HangingProtocol("chest", grid(1, 1), (ViewportRule(modality="CT"),),
                            MatchRules(modalities=("CT",), body_part="chest"))
    assert choose_protocol([generic, chest], ct_chest_series()) is chest
    assert choose_protocol([generic, chest], [cand(1, "CT", body_part="HEAD")]) is generic


def test_a_protocol_whose_required_viewport_is_empty_does_not_apply():
    needs_lat = HangingProtocol("pa+lat", grid(1, 2), (ViewportRule(view_position="PA", required=True),
                                                       ViewportRule(view_position="LAT", required=True)))
    assert choose_protocol([needs_lat], [cand(1, "CR", view="PA")]) is None


def test_candidate_from_volume_reads_geometry_and_header_values():
    study = StudyRecord("1.2", description="CT ngực")
    series = SeriesRecord("1.2.3", "1.2", modality="CT", series_number=4, description="Thorax 1mm", body_part="CHEST")
    frames = [FrameInfo(f"1.2.3.{k}", slice_thickness=1.0, attributes={"ViewPosition": ""}) for k in range(3)]
    affine = np.array([[0.7, 0, 0, 0], [0, 0.7, 0, 0], [0, 0, 1.0, 0], [0, 0, 0, 1]])
    volume = Volume(np.zeros((3, 4, 4), np.int16), affine, modality="CT", frames=frames, study=study, series=series)
    c = candidate_from_volume(volume, "prior-2")
    assert (c.modality, c.description, c.body_part, c.plane, c.image_count, c.slice_thickness) == (
        "CT", "Thorax 1mm", "CHEST", "axial", 3, 1.0)
    assert (c.study_role, c.prior_number, c.study_description, c.is_volumetric, c.volume) == (
        "prior-2", 2, "CT ngực", True, volume)

    mg_frames = [FrameInfo("9", attributes={"ImageLaterality": "L", "ViewPosition": "MLO"})]
    mg = Volume(np.zeros((1, 4, 4), np.uint16), np.eye(4), modality="MG", frames=mg_frames,
                spacing_kind=SpacingKind.DETECTOR, patient_orientation=("A", "FR"), is_volumetric=False)
    m = candidate_from_volume(mg)
    assert (m.laterality, m.view_position, m.plane, m.is_volumetric) == ("L", "MLO", "", False)
    assert volume_edge_labels(m) == {"right": "A", "left": "P", "bottom": "FR", "top": "HL"}


@pytest.mark.parametrize("kwargs, message", [
    ({"same_as": 0, "modality": "CT"}, "no selection keys"),
    ({"description": "t2("}, "bad regular expression"),
    ({"plane": "axial|diagonal"}, "plane must be"),
    ({"prefer": "newest"}, "prefer must be"),
    ({"study": "prior-0"}, "study must be"),
    ({"display": "3d"}, "display must be"),
    ({"orientation": (OrientationRule("left", "P"), OrientationRule("right", "A"))}, "one orientation"),
])
def test_viewport_rule_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ViewportRule(**kwargs)


def test_protocol_validation_of_references_and_sizes():
    with pytest.raises(ValueError, match="earlier viewport"):
        HangingProtocol("p", grid(1, 2), (ViewportRule(same_as=1), ViewportRule()))
    with pytest.raises(ValueError, match="earlier viewport"):
        HangingProtocol("p", grid(1, 2), (ViewportRule(), ViewportRule(like=1)))
    with pytest.raises(ValueError, match="fuse_with"):
        HangingProtocol("p", grid(1, 2), (ViewportRule(), ViewportRule(fuse_with=1)))
    with pytest.raises(ValueError, match="3 viewport rules"):
        HangingProtocol("p", grid(1, 2), (ViewportRule(),) * 3)
    with pytest.raises(ValueError, match="OrientationRule|label"):
        OrientationRule("right", "X")
    with pytest.raises(ValueError, match="study_role"):
        cand(1, "CT", role="previous")


def test_mammography_phantom_through_the_loader_hangs_without_flips(tmp_path, protocols):
    """The phantom writes views already oriented back to back (R: P at the right edge)."""
    candidates = []
    for truth in reversed(write_mammography(tmp_path, size=(32, 24))):
        loader = SeriesLoader.from_paths(truth.paths)
        loader.decode()
        candidates.append(candidate_from_volume(loader.volumes[0]))
    result = hang(candidates, protocols)
    assert result.protocol_name == "Mammography 4-up"
    assert [(a.laterality, a.view_position, a.plane) for a in result.assignments] == [
        ("R", "CC", ""), ("L", "CC", ""), ("R", "MLO", ""), ("L", "MLO", "")]
    assert not any(h.flip_horizontal or h.flip_vertical for h in result.hints)
    for assigned in result.assignments:
        edges = screen_edges(assigned.volume, ViewState())
        assert edges["right" if assigned.laterality == "R" else "left"] == "P"
