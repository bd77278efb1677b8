"""Copy-paste tables: rows, tab-separated text and an HTML table."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tools.measure import COLUMNS, EllipseRoi, Length, SliceImage, TextAnnotation, as_html, as_text, measurements_table
from workstation.model import SpacingKind


@pytest.fixture
def measured(phantoms, flat_volume):
    disk = phantoms.ct_disk()
    ct = SliceImage.from_volume(disk.volume, disk.k)
    xray = SliceImage.from_volume(flat_volume(SpacingKind.DETECTOR, spacing=(0.2, 0.2)), 0)
    return [Length.on(xray, [(0, 0), (0, 100)]), EllipseRoi.on(ct, [(38, 38), (56, 56)]),
            TextAnnotation.on(ct, [(1, 1)], text="a <b>\ttab\nline")]


def test_one_row_per_reported_number(measured):
    rows = measurements_table(measured, image_label=lambda m: "CR" if m.geometry.spacing_kind != "patient" else "CT")
    assert [tuple(r) for r in rows] == [COLUMNS] * len(rows)
    assert rows[0] == {"No.": "1", "Type": "Length", "Image": "CR", "Quantity": "Length", "Value": "20.0",
                       "Unit": "mm", "Note": "at detector"}
    assert [r["Quantity"] for r in rows[1:7]] == ["Area", "Mean", "SD", "Min", "Max", "n"]
    assert rows[2]["Value"] == "100.0" and rows[2]["Unit"] == "HU"
    assert rows[7]["Type"] == "Text" and rows[7]["Value"] == "a <b>\ttab\nline"


def test_tab_separated_text_keeps_one_line_per_row(measured):
    lines = as_text(measured).splitlines()
    assert lines[0] == "\t".join(COLUMNS)
    assert len(lines) == 1 + 8
    assert all(line.count("\t") == len(COLUMNS) - 1 for line in lines)
    assert lines[1].startswith(f"1\tLength\t{measured[0].ref.sop_instance_uid}\tLength\t20.0\tmm")
    assert lines[-1].split("\t")[4] == "a <b> tab line"


def test_html_table_escapes_text_and_parses_back(measured):
    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self._in_cell = [], False

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            self._in_cell = tag in ("td", "th")
            if self._in_cell:
                self.rows[-1].append("")

        def handle_endtag(self, tag):
            self._in_cell = False

        def handle_data(self, data):
            if self._in_cell:
                self.rows[-1][-1] += data

    text = as_html(measured)
    assert text.startswith("<table") and "&lt;b&gt;" in text
    parser = Cells()
    parser.feed(text)
    assert parser.rows[0] == list(COLUMNS) and len(parser.rows) == 9
    assert parser.rows[3][4:6] == ["100.0", "HU"]
    assert parser.rows[-1][4] == "a <b>\ttab\nline"
