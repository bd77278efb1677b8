"""Drafts and the outbox survive restarts, damage and interrupted sends (no Qt)."""

from __future__ import annotations

from export.sr.key_objects import KeyImages
from export.sr.text_report import DiagnosticReport
from tools.measure import ImageRef
from workstation.app.reports.state import DraftStore, Outbox, OutboxEntry, SendState


def test_draft_round_trip_and_damage(tmp_path):
    drafts = DraftStore(tmp_path / "drafts")
    assert drafts.load("1.2.3") is None
    report = DiagnosticReport("1.2.3", sections={"findings": "Hình ảnh tổn thương gan"})
    keys = KeyImages("1.2.3", [ImageRef("1.2.3.4", 2)], description="gan")
    drafts.save("1.2.3", report, keys)
    draft = drafts.load("1.2.3")
    assert draft.report == report and draft.key_images.refs == keys.refs and draft.saved_at > 0
    assert not list((tmp_path / "drafts").glob(".*.tmp"))  # nothing half-written left
    drafts.path("1.2.3").write_text("{broken", encoding="utf-8")
    assert drafts.load("1.2.3") is None  # damaged: ignored, not fatal
    drafts.discard("1.2.3")
    assert not drafts.path("1.2.3").exists()


def test_outbox_keeps_failures_and_interrupted_sends(tmp_path, monkeypatch):
    import time

    from workstation.app.reports import state

    path = tmp_path / "outbox.json"
    outbox = Outbox(path)
    for uid in ("1", "2", "3"):
        outbox.add(OutboxEntry(uid, "study", f"/x/{uid}.dcm", "report"))
    outbox.mark(["1"], SendState.SENDING, "pacs")
    outbox.mark(["1"], SendState.SENT)
    outbox.mark(["2"], SendState.SENDING, "pacs")
    outbox.mark(["2"], SendState.FAILED, error="association rejected")
    outbox.mark(["3"], SendState.SENDING, "pacs")  # the program dies here
    monkeypatch.setattr(state, "_PROGRAM_STARTED", time.time() + 1.0)  # and starts again
    again = Outbox(path)
    states = {uid: e.state for uid, e in again.entries.items()}
    assert states == {"1": SendState.SENT, "2": SendState.FAILED, "3": SendState.FAILED}
    assert again.entries["2"].error == "association rejected" and "interrupted" in again.entries["3"].error
    assert sorted(e.sop_instance_uid for e in again.unsent("study")) == ["2", "3"]
    path.write_text("[{", encoding="utf-8")
    assert Outbox(path).entries == {}


def test_two_windows_outboxes_keep_each_others_entries(tmp_path, monkeypatch):
    """Each viewer window has an Outbox on the same file: one window's save must not drop
    what the other added, the newest state of an entry wins, and a send still running in
    the other window is not taken for one cut off by a crash."""
    from workstation.app.reports import state

    path = tmp_path / "outbox.json"
    first, second = Outbox(path), Outbox(path)
    first.add(OutboxEntry("1", "study-a", "/x/1.dcm", "report"))
    first.mark(["1"], SendState.SENDING, "pacs")
    second.add(OutboxEntry("2", "study-b", "/x/2.dcm", "key_images"))
    third = Outbox(path)  # a window opened while the first one sends
    assert third.entries["1"].state is SendState.SENDING
    first.mark(["1"], SendState.SENT)
    second.mark(["2"], SendState.FAILED, error="association rejected")
    again = Outbox(path)
    assert {uid: e.state for uid, e in again.entries.items()} == {"1": SendState.SENT, "2": SendState.FAILED}
    assert second.entries["1"].state is SendState.SENT  # its last save took the newer state
    monkeypatch.setattr(state, "_PROGRAM_STARTED", 2 * again.entries["1"].updated)  # the next run of the program
    first.mark(["1"], SendState.SENDING)
    assert Outbox(path).entries["1"].state is SendState.FAILED
