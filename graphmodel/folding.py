"""The one way allymap compares names: what the stores' search keys, the app's pickers and
text filters, and the CLI's name resolution all use, so "soren" finds "Søren" everywhere.

It lives in ``graphmodel`` because the stores build their search keys with it (the Neo4j store
writes them at import as ``~id`` / ``~name``); :mod:`allymap.text` re-exports it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["FOLD_VERSION", "fold"]

FOLD_VERSION = 2
"""Changes whenever :func:`fold` does: the Neo4j store keeps the version its search keys were
written with and rewrites them when it differs (1 was ``str.casefold`` alone)."""

# Letters that NFKD keeps whole but that readers take for a base letter with a mark.
_STROKES = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe"}
)


def fold(text: str) -> str:
    """Casefolded, without accents (NFKD with the combining marks dropped, and letters with a
    stroke taken as their base letter), so "soren kierkegard" finds "Søren Kierkegård" and
    "zoe" finds "ZOË".

    >>> fold("Søren KIERKEGÅRD, Zoë") == fold("soren kierkegard, zoe")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_STROKES)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
