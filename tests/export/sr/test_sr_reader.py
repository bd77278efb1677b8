"""Reading SR from other systems (pydicom's test files, a highdicom SR with an unknown
template) renders without error, with their numbers as measurements."""

from __future__ import annotations

import highdicom as hd
import pydicom
import pytest
from pydicom.sr.codedict import codes

from export.sr.sr_reader import read_document, render_text
from tests.testdata import data_file


@pytest.mark.parametrize("name", ["test-SR.dcm", "reportsi.dcm", "reportsi_with_empty_number_tags.dcm"])
def test_pydicom_example_reports_render(name):
    doc = read_document(pydicom.dcmread(data_file(name)))
    text = render_text(doc)
    assert doc.root is not None and len(list(doc.root.walk())) > 5
    assert "(unreadable" not in text
    if name == "test-SR.dcm":
        assert doc.kind == "sr" and doc.signed and doc.verifiers[0].organization == "OFFIS e.V."
        diameters = [m for m in doc.measurements if m.name == "Diameter"]
        assert [(m.value, m.unit) for m in diameters] == [(3.0, "cm"), (3.0, "cm")]
        assert "see item" in text  # by-reference relationships are shown, not followed
    else:
        assert "Report Text" in text and doc.sop_class_name == "Basic Text SR Storage"


def test_unknown_template_renders_generically(ct):
    _, _, headers = ct
    root = hd.sr.ContainerContentItem(name=hd.sr.CodedConcept("X1", "99VENDOR", "Vendor report"),
                                      template_id="99999")
    text = hd.sr.TextContentItem(name=codes.DCM.Finding, value="Nốt vôi hoá 3 mm",
                                 relationship_type=hd.sr.RelationshipTypeValues.CONTAINS)
    num = hd.sr.NumContentItem(name=codes.SCT.Diameter, value=3.0, unit=codes.UCUM.Millimeter,
                               relationship_type=hd.sr.RelationshipTypeValues.CONTAINS)
    root.ContentSequence = [text, num]
    sr = hd.sr.ComprehensiveSR(evidence=headers[:1], content=root, series_instance_uid=hd.UID(), series_number=1,
                               sop_instance_uid=hd.UID(), instance_number=1)
    doc = read_document(sr)
    assert (doc.kind, doc.template, doc.title) == ("sr", "99999", "Vendor report")
    rendered = render_text(doc)
    assert "Finding: Nốt vôi hoá 3 mm" in rendered and "Diameter: 3 mm" in rendered
    assert [(m.label, m.text()) for m in doc.measurements] == [("Vendor report", "Diameter 3 mm")]


def test_damaged_items_and_non_sr(ct):
    _, _, headers = ct
    with pytest.raises(ValueError, match="not an SR"):
        read_document(headers[0])
    ds = pydicom.dcmread(data_file("reportsi.dcm"))
    ds.ContentSequence[4].ContentSequence[0].ValueType = "NUM"  # a NUM without a value
    text = render_text(read_document(ds))
    assert "(no value)" in text
