"""Text folding for Vietnamese (and any Latin) text: one rule for search and file names.

Vietnamese letters decompose (NFKD) into a base letter plus combining tone and vowel
marks, which are dropped; ``đ``/``Đ`` is a letter of its own with no decomposition, so
it is mapped to ``d``/``D`` explicitly. Search, the tag browser and file names all use
these two functions so that "nguyen van duc" finds "Nguyễn Văn Đức" everywhere.
"""

from __future__ import annotations

import unicodedata


def strip_diacritics(text: str) -> str:
    """``"Nguyễn Văn Đức"`` -> ``"Nguyen Van Duc"`` (case kept)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form for comparisons: ``"Đức"`` -> ``"duc"``."""
    return strip_diacritics(text).casefold()
