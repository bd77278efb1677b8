"""Measurements as a table, for copy-paste into Word, LibreOffice, a spreadsheet or e-mail.

One row per reported number (a ROI gives area, mean, SD, min, max and n rows), so every
value sits alone in its cell and a spreadsheet reads it as a number. Decimal points are
``.``; the number of decimals is the one the viewer shows.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from tools.measure.annotations import Annotation
from tools.measure.base import Measurement

#: Column names, in order, of :func:`measurements_table` rows.
COLUMNS = ("No.", "Type", "Image", "Quantity", "Value", "Unit", "Note")

ImageLabel = Callable[[Measurement], str]
#: Puts an English word of the models (a column, a kind, a quantity, a note) into the
#: reader's language; the Qt layer passes its translator, the default keeps English.
Word = Callable[[str], str]


def _english(text: str) -> str:
    return text


def default_image_label(measurement: Measurement) -> str:
    """The SOP Instance UID (and frame), or ``"reconstructed plane"``.

    The viewer passes a friendlier labeller ("Series 3, Image 45") that knows the series.
    """
    ref = measurement.ref
    if ref is None:
        return "reconstructed plane"
    return ref.sop_instance_uid + (f" frame {ref.frame_number}" if ref.frame_number > 1 else "")


def measurements_table(measurements: Iterable[Measurement], image_label: ImageLabel = default_image_label,
                       word: Word = _english) -> list[dict[str, str]]:
    """Rows (``dict`` keyed by :data:`COLUMNS`) describing ``measurements`` in order; kinds,
    quantity names and notes through ``word``."""
    rows = []
    for number, m in enumerate(measurements, start=1):
        base = {"No.": str(number), "Type": word(m.title), "Image": image_label(m)}
        note = "; ".join(word(n) for n in m.notes())
        if isinstance(m, Annotation):
            rows.append({**base, "Quantity": word("Text"), "Value": m.text, "Unit": "", "Note": note})
            continue
        for q in m.quantities:
            rows.append({**base, "Quantity": word(q.name), "Value": q.formatted_value, "Unit": q.unit,
                         "Note": note})
    return rows


def _cell(text: str) -> str:
    """Tabs and line breaks would split a cell in a pasted table: make them spaces."""
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


def as_text(measurements: Iterable[Measurement], image_label: ImageLabel = default_image_label,
            word: Word = _english) -> str:
    """Tab-separated table with a header line (text/plain on the clipboard)."""
    rows = measurements_table(measurements, image_label, word)
    lines = ["\t".join(word(c) for c in COLUMNS)] + ["\t".join(_cell(row[c]) for c in COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


def as_html(measurements: Iterable[Measurement], image_label: ImageLabel = default_image_label,
            word: Word = _english) -> str:
    """An HTML ``<table>`` (text/html on the clipboard: Word and LibreOffice keep the cells)."""
    rows = measurements_table(measurements, image_label, word)
    head = "".join(f"<th>{html.escape(word(c))}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(row[c])}</td>" for c in COLUMNS) + "</tr>\n"
                   for row in rows)
    return f'<table border="1" cellspacing="0" cellpadding="3">\n<thead><tr>{head}</tr></thead>\n' \
           f"<tbody>\n{body}</tbody>\n</table>\n"
