"""Is a text Dutch or English? Counted from frequent function words, no model needed.

Enough for what it is used for (choosing a score calibration): a segment with no clear signal
(a list of tool names, "Python, SQL") gets ``None`` and the caller falls back to the document's
language.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DUTCH_MARKERS = _words(
    """de het een en van ik je jij jouw u uw wij we ons onze zijn is met voor op te dat die
    niet ook bent hebt heb heeft wordt worden kunnen kun kan bij naar als om uit of er aan
    door zoals graag goed werken werkt ervaring kennis binnen tussen samen"""
)
ENGLISH_MARKERS = _words(
    """the a an and of to in is are you your we our with for on that this be have has will
    as at by from or not can who which work working experience knowledge skills ability
    strong within between"""
)
#: Fewest marker words before a text gets a language.
MIN_MARKERS = 1


def detect_language(text: str) -> str | None:
    """``"nl"``, ``"en"`` or None (too little evidence, or a tie)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    dutch = sum(w in DUTCH_MARKERS for w in words)
    english = sum(w in ENGLISH_MARKERS for w in words)
    if max(dutch, english) < MIN_MARKERS or dutch == english:
        return None
    return "nl" if dutch > english else "en"
