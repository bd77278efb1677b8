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


def test_outbox_keeps_failures_and_interrupted_sends(tmp_path):
    path = tmp_path / "outbox.json"
    outbox = Outbox(path)
    for uid in ("1", "2", "3"):
        outbox.add(OutboxEntry(uid, "study", f"/x/{uid}.dcm", "report"))
    outbox.mark(["1"], SendState.SENDING, "pacs")
    outbox.mark(["1"], SendState.SENT)
    outbox.mark(["2"], SendState.SENDING, "pacs")
    outbox.mark(["2"], SendState.FAILED, error="association rejected")
    outbox.mark(["3"], SendState.SENDING, "pacs")  # the program dies here
    again = Outbox(path)
    states = {uid: e.state for uid, e in again.entries.items()}
    assert states == {"1": SendState.SENT, "2": SendState.FAILED, "3": SendState.FAILED}
    assert again.entries["2"].error == "association rejected" and "interrupted" in again.entries["3"].error
    assert sorted(e.sop_instance_uid for e in again.unsent("study")) == ["2", "3"]
    path.write_text("[{", encoding="utf-8")
    assert Outbox(path).entries == {}
