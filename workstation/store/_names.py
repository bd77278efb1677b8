"""Search keys for patient names and the SQL ``LIKE`` patterns that match them.

Radiologists in Vietnam type names without diacritics and in any case ("nguyen van an"),
while the archive holds them as sent by the modality ("Nguyễn^Văn An", sometimes in
upper case without marks, sometimes with ideographic/phonetic groups after ``=``).
Both sides are reduced to the same key: decomposed (NFKD), combining marks removed,
``đ``/``Đ`` mapped to ``d`` (it has no decomposition), case-folded, PN component (``^``)
and group (``=``) separators turned into spaces (PS3.5 6.2.1), spaces collapsed.
"""

from __future__ import annotations

from workstation.model.text import fold

#: Escape character for the ``LIKE ... ESCAPE`` clauses built here.
LIKE_ESCAPE = "\\"


def search_key(text: str) -> str:
    """The comparable form of a name: ``"Nguyễn^Văn  Đức"`` -> ``"nguyen van duc"``."""
    return " ".join(fold(text.replace("^", " ").replace("=", " ")).split())


def _like_body(word: str) -> str:
    """``word`` with LIKE's own metacharacters escaped and DICOM wildcards translated.

    ``*`` matches any run of characters and ``?`` one character, as in C-FIND wildcard
    matching (PS3.4 C.2.2.2.4).
    """
    escaped = word.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace(
        "_", LIKE_ESCAPE + "_")
    return escaped.replace("*", "%").replace("?", "_")


def name_patterns(query: str) -> list[str]:
    """One ``LIKE`` pattern per query word, to be matched against ``' ' || key``.

    Every word must start one of the name's words ("nguyen an" finds "Nguyễn^Văn An",
    "ngu" finds it too, "guyen" does not unless written ``*guyen``); the words may come
    in any order. An empty query gives no patterns (everything matches).
    """
    return [f"% {_like_body(word)}%" for word in search_key(query).split()]


def exact_pattern(value: str) -> str:
    """A ``LIKE`` pattern for an identifier: the whole value, case-insensitive, with
    ``*``/``?`` wildcards (patient ID, accession number)."""
    return _like_body(value.strip())
