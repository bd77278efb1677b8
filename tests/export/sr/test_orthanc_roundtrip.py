"""SR, KOS, GSPS and Encapsulated PDF through a real PACS (Orthanc): accepted, returned by
two retrievals into clean stores byte-exact (UTF-8 Vietnamese), and rendered the same."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest

from export.gsps import build_gsps
from export.sr.key_objects import build_kos, read_kos
from export.sr.measurement_report import build_measurement_report
from export.sr.report_pdf import build_encapsulated_pdf, pdf_from_dataset, render_pdf
from export.sr.sr_reader import read_document, render_text
from export.sr.study_documents import read_study_documents
from export.sr.text_report import DiagnosticReport, build_text_report
from tests.export.sr.conftest import save
from tests.export.sr.test_measurement_report import measurements
from tests.net.conftest import dimse_node, web_node
from tools.measure import ImageRef
from workstation.net import RetrieveTarget, retrieve, send
from workstation.store import LocalStore

pytestmark = pytest.mark.peers

NAME = "Nguyễn^Văn An".encode()
FINDING = "Hình ảnh tổn thương gan"


@pytest.fixture
def documents(ct, tmp_path):
    """Our four kinds of document (plus a GSPS) for the CT study, saved as files."""
    _, volume, headers = ct
    key = ImageRef(volume.frames[2].sop_instance_uid, 1, str(headers[0].SeriesInstanceUID),
                   volume.sop_class_uid)
    report = DiagnosticReport(str(headers[0].StudyInstanceUID), title="CT ngực",
                              sections={"findings": FINDING, "impression": "U gan"}, author="Nguyễn^Văn An",
                              key_images=[key]).signed_by("Lê^Văn Bình", "Bệnh viện Bạch Mai")
    pdf = render_pdf(report, headers[0], [np.zeros((8, 8, 3), np.uint8)])
    made = {
        "report": build_text_report(report, headers),
        "kos": build_kos([key], headers, description=FINDING),
        "measurements": build_measurement_report(measurements(volume), headers).dataset,
        "gsps": build_gsps(measurements(volume), headers).dataset,
        "pdf": build_encapsulated_pdf(pdf, headers[0], title="CT ngực"),
    }
    return {name: save(ds, tmp_path, f"{name}.dcm") for name, ds in made.items()}, pdf


def fetch(node, local_ae, study_uid, root) -> LocalStore:
    store = LocalStore(root)
    report = retrieve(node, local_ae, store, [RetrieveTarget(study_uid)])
    assert report.ok, report
    return store


def test_documents_survive_the_pacs_byte_exact(fresh_orthanc, local_ae, ct, documents, tmp_path):
    truth, _, headers = ct
    files, pdf = documents
    fresh_orthanc.upload(truth.paths)
    node = dimse_node(fresh_orthanc)
    sent = send(node, local_ae, [str(p) for p in files.values()])
    assert sent.ok, [r.meaning for r in sent.failed]
    study_uid = str(headers[0].StudyInstanceUID)
    originals = {name: pydicom.dcmread(path) for name, path in files.items()}
    for attempt in ("first", "second"):
        store = fetch(node, local_ae, study_uid, tmp_path / f"store-{attempt}")
        found = read_study_documents(store, study_uid)
        assert found.problems == []
        by_uid = {record.sop_instance_uid: record.path for record, _ in found.documents}
        for name in ("report", "kos", "measurements"):
            original = originals[name]
            path = by_uid[str(original.SOPInstanceUID)]
            raw = open(path, "rb").read()
            assert NAME in raw and b"ISO_IR 192" in raw
            back = pydicom.dcmread(path)
            assert render_text(read_document(back)) == render_text(read_document(original))
        report_bytes = open(by_uid[str(originals["report"].SOPInstanceUID)], "rb").read()
        assert FINDING.encode() in report_bytes
        assert read_kos(pydicom.dcmread(by_uid[str(originals["kos"].SOPInstanceUID)])).description == FINDING
        (latest,), = [c[:1] for c in found.report_versions()]
        assert latest.sop_instance_uid == originals["report"].SOPInstanceUID and latest.signed
        assert [r.sop_instance_uid for r in found.latest_key_images().refs] == \
            [r.sop_instance_uid for r in read_kos(originals["kos"]).refs]
        (pdf_record,) = found.pdfs
        assert pdf_from_dataset(pydicom.dcmread(pdf_record.path)) == pdf
        modalities = {s.modality for s in store.series(study_uid)}
        assert {"CT", "SR", "KO", "PR", "DOC"} <= modalities
        store.close()


def test_stow_rs_is_accepted_too(fresh_orthanc, local_ae, documents):
    files, _ = documents
    sent = send(web_node(fresh_orthanc), local_ae, [str(files["kos"]), str(files["report"])])
    assert sent.ok and fresh_orthanc.instance_count() == 2
