"""Retention: old studies are listed, and only unlocked, PACS-confirmed ones are purged."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydicom.uid import generate_uid

from tests.store.factory import make_image, make_sr, part10_bytes, stored_files
from workstation.store import LocalStore

TODAY = date.today()
NEXT_YEAR = TODAY + timedelta(days=400)


def _study(store: LocalStore, count: int = 2) -> str:
    uid = generate_uid()
    series = generate_uid()
    for k in range(count):
        store.import_bytes(part10_bytes(make_image(study_uid=uid, series_uid=series, z=k)))
    return uid


@pytest.fixture
def studies(store):
    """confirmed / locked / unconfirmed / confirmed-then-grew, all imported today."""
    uids = {name: _study(store) for name in ("confirmed", "locked", "unconfirmed", "grew")}
    for name in ("confirmed", "locked", "grew"):
        store.mark_confirmed(uids[name], "PACS1", as_of=time.time())
    store.set_locked(uids["locked"], True)
    store.import_bytes(part10_bytes(make_sr(study_uid=uids["grew"])))  # a key-image note made here later
    store.save_annotations(store.study_instances(uids["confirmed"])[0].sop_instance_uid, 1, [{"kind": "length"}])
    return uids


def test_young_studies_are_not_listed(store, studies):
    assert store.purge_candidates(today=TODAY) == []
    assert store.purge_candidates(today=TODAY + timedelta(days=364)) == []
    assert len(store.purge_candidates(today=TODAY + timedelta(days=365))) == 4  # the one-year limit
    assert len(store.purge_candidates(max_age_days=30, today=TODAY + timedelta(days=31))) == 4


def test_candidates_say_which_may_go_and_why_not(store, studies):
    verdicts = {c.study.study_instance_uid: c for c in store.purge_candidates(today=NEXT_YEAR)}
    assert set(verdicts) == set(studies.values())
    assert all(c.age_days == 400 for c in verdicts.values())
    assert verdicts[studies["confirmed"]].purgeable and verdicts[studies["confirmed"]].reason == ""
    assert verdicts[studies["confirmed"]].study.confirmed_nodes == ("PACS1",)
    assert (verdicts[studies["locked"]].purgeable, verdicts[studies["locked"]].reason) == (False, "locked")
    assert "not confirmed" in verdicts[studies["unconfirmed"]].reason
    assert "1 instance(s) arrived after" in verdicts[studies["grew"]].reason
    assert not verdicts[studies["grew"]].purgeable
    assert stored_files(store)  # listing deletes nothing


def test_purge_deletes_only_allowed_studies(store, studies):
    confirmed = studies["confirmed"]
    paths = [Path(i.path) for i in store.study_instances(confirmed)]
    sop = store.study_instances(confirmed)[0].sop_instance_uid
    nbytes = store.study(confirmed).nbytes
    report = store.purge(list(studies.values()) + ["1.2.3.999"], today=NEXT_YEAR)
    assert report.purged == [confirmed]
    assert report.freed_bytes == nbytes > 0
    refused = dict(report.refused)
    assert refused.pop(studies["grew"]).startswith("1 instance(s) arrived after it was last confirmed on PACS1")
    assert refused == {studies["locked"]: "locked", studies["unconfirmed"]: "not confirmed stored on a PACS",
                       "1.2.3.999": "not in the local store"}
    assert store.study(confirmed) is None and store.study_instances(confirmed) == []
    assert not any(p.exists() for p in paths)
    assert not paths[0].parent.exists() and not paths[0].parent.parent.exists()  # empty folders go too
    assert store.load_annotations(sop) == []
    for name in ("locked", "unconfirmed", "grew"):
        assert all(Path(i.path).is_file() for i in store.study_instances(studies[name]))


def test_purge_refuses_a_study_younger_than_the_limit(store, studies):
    report = store.purge([studies["confirmed"]], today=TODAY + timedelta(days=10))
    assert report.purged == [] and "only 10 day(s) old" in report.refused[0][1]
    assert store.study(studies["confirmed"]) is not None


def test_unlocking_and_confirming_again_makes_studies_purgeable(store, studies):
    store.set_locked(studies["locked"], False)
    store.mark_confirmed(studies["grew"], "PACS2")
    store.mark_confirmed(studies["unconfirmed"], "PACS1")
    assert all(c.purgeable for c in store.purge_candidates(today=NEXT_YEAR))
    assert store.study(studies["grew"]).confirmed_nodes == ("PACS1", "PACS2")
    assert len(store.purge(studies.values(), today=NEXT_YEAR).purged) == 4
    assert stored_files(store) == [] and store.query_studies() == []


def test_age_counts_from_the_last_arrival_not_the_study_date(store):
    uid = generate_uid()
    store.import_bytes(part10_bytes(make_image(study_uid=uid, study_date="20190101")))
    assert store.study(uid).study_date == date(2019, 1, 1)
    assert store.purge_candidates(today=TODAY + timedelta(days=1)) == []  # a 2019 CD imported today is young


def test_delete_study_removes_it_whatever_its_state(store, studies):
    store.delete_study(studies["locked"])
    assert store.study(studies["locked"]) is None
    store.delete_study("1.2.3.999")  # unknown: nothing happens
    assert len(store.query_studies()) == 3


def test_arguments_are_checked(store, studies):
    with pytest.raises(ValueError, match="max_age_days"):
        store.purge_candidates(max_age_days=-1)
    with pytest.raises(TypeError, match="max_age_days"):
        store.purge([], max_age_days=1.5)
    with pytest.raises(ValueError, match="not in the local store"):
        store.set_locked("1.2.3.999", True)
    with pytest.raises(ValueError, match="node"):
        store.mark_confirmed(studies["confirmed"], "")
    store.mark_confirmed("1.2.3.999", "PACS1")  # logged and ignored: nothing to confirm
