"""Planning discs: whole studies where they fit, first fit in the user's order, splits by series."""

from __future__ import annotations

import pytest

from export.media.split import PER_DISC_OVERHEAD, DoesNotFitError, on_disc, plan_discs

MB = 1_000_000


def _plan(items, capacity, **kw):
    return plan_discs(items, capacity, size=lambda i: i[2], study=lambda i: i[0], series=lambda i: i[1], **kw)


def _disc(room: int) -> int:
    return room + PER_DISC_OVERHEAD


def test_sizes_round_up_to_sectors():
    assert on_disc(1) == 2048 + 1024 and on_disc(2048) == 2048 + 1024 and on_disc(2049) == 4096 + 1024


def test_no_capacity_means_one_disc():
    items = [("a", "s", 400 * MB), ("b", "t", 900 * MB)]
    discs = _plan(items, None)
    assert len(discs) == 1 and discs[0].items == items


def test_studies_stay_whole_and_fill_gaps_first_fit():
    items = [("A", "a1", 60 * MB), ("B", "b1", 70 * MB), ("C", "c1", 30 * MB)]
    discs = _plan(items, _disc(100 * MB))
    assert [[i[0] for i in d.items] for d in discs] == [["A", "C"], ["B"]]
    assert not any(d.split_studies for d in discs)


def test_a_study_larger_than_a_disc_is_split_at_series_boundaries():
    items = [("A", "s1", 40 * MB), ("A", "s1", 40 * MB), ("A", "s2", 30 * MB), ("A", "s2", 30 * MB)]
    discs = _plan(items, _disc(100 * MB))
    assert [[i[1] for i in d.items] for d in discs] == [["s1", "s1"], ["s2", "s2"]]
    assert all(d.split_studies == {"A"} for d in discs)
    assert all(d.nbytes <= _disc(100 * MB) for d in discs)


def test_a_series_larger_than_a_disc_is_split_by_instance():
    items = [("A", "s1", 30 * MB)] * 7
    discs = _plan(items, _disc(100 * MB))
    assert [len(d.items) for d in discs] == [3, 3, 1]


def test_refusing_to_split_says_how_big_the_study_is():
    with pytest.raises(DoesNotFitError) as caught:
        _plan([("A", "s", 80 * MB), ("A", "s", 80 * MB)], _disc(100 * MB), allow_split=False)
    assert caught.value.study_uid == "A" and caught.value.size > 160 * MB


def test_the_viewer_is_counted_on_every_disc():
    items = [("A", "a", 60 * MB), ("B", "b", 60 * MB)]
    assert len(_plan(items, _disc(130 * MB))) == 1
    assert len(_plan(items, _disc(130 * MB), fixed_bytes=20 * MB)) == 2
