"""The demo set behind ``workstation demo``: what it holds, and that "small" is quick."""

from __future__ import annotations

import time

import pytest

from tests.phantoms.helpers import read
from workstation import phantoms as P


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    steps = []
    start = time.perf_counter()
    series = P.write_demo_studies(out, size="small", progress=lambda i, n, what: steps.append((i, n)))
    return out, series, time.perf_counter() - start, steps


def test_small_demo_is_quick_and_reports_progress(demo):
    _, series, seconds, steps = demo
    assert seconds < 10.0
    assert steps[0] == (0, 6) and steps[-1] == (6, 6)


def test_demo_contents(demo):
    out, series, _, _ = demo
    kinds = [s.kind for s in series]
    assert sorted(kinds) == sorted(["ct", "ct", "mr", "ct", "pt", "cr", "mg", "mg", "mg", "mg"])
    names = {s.patient.name for s in series}
    assert names == {"Nguyễn^Văn An", "Trần^Thị Bích Ngọc"}
    current, prior = (s for s in series if s.kind == "ct" and s.study.description.startswith("CT ngực"))
    assert current.patient == prior.patient and current.study_instance_uid != prior.study_instance_uid
    assert prior.study.started.year == current.study.started.year - 1
    assert next(s for s in prior.spheres if s.label == "lesion").radius < next(
        s for s in current.spheres if s.label == "lesion").radius
    pet = next(s for s in series if s.kind == "pt")
    pet_ct = next(s for s in series if s.kind == "ct" and s.study_instance_uid == pet.study_instance_uid)
    assert pet.frame_of_reference_uid == pet_ct.frame_of_reference_uid
    assert pet.suv.expected_suv == 5.0


def test_demo_files_are_all_readable_and_unique(demo):
    out, series, _, _ = demo
    paths = [p for s in series for p in s.paths]
    assert sorted(paths) == sorted(out.rglob("*.dcm"))
    uids = [read(p).SOPInstanceUID for p in paths]
    assert len(set(uids)) == len(uids)
    for s in series:
        ds = read(s.paths[0])
        assert (ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.PatientID) == (
            s.study_instance_uid, s.series_instance_uid, s.patient.patient_id)


def test_unknown_size_is_refused(tmp_path):
    with pytest.raises(ValueError, match="size"):
        P.write_demo_studies(tmp_path, size="huge")
