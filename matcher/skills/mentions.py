"""Candidate skill mentions in a segment: tokens with offsets, and phrase windows to embed.

Extraction stage of text → skills (mapping mentions onto taxonomy skills is
:mod:`matcher.skills.ranking`). A mention is a window of 1 to ``max_tokens`` consecutive tokens
that does not cross a clause boundary (``,`` ``;`` ``:`` brackets, sentence punctuation, a
slash) and neither starts nor ends with a function word ("de", "met", "the", "with", ...), so
"ervaring met Python en SQL" yields "ervaring", "Python", "SQL", "ervaring met Python", ... but
not "met Python". Tokens keep characters that matter in skill names ("C++", "C#", ".NET",
"Node.js", "e-mail"). Anonymisation placeholders ("<ORGANIZATION>", "<PERSON>", as PII scrubbers
write them) are no mention and end a window: "<ORGANIZATION>" would otherwise be read as the
word "organization".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"(?:\.(?=\w))?\w(?:[\w+#&'.\-]*[\w+#])?")
#: Characters between two tokens that end a phrase window.
_BREAK = re.compile(r"[,;:()\[\]{}!?/|•·\"“”]|\.\s|\s[-–—]\s")
#: An anonymisation placeholder: "<ORGANIZATION>", "<LOCATION>", "<PERSON_NAME>".
PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*>")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Dutch and English function words: a mention never starts or ends with one.
FUNCTION_WORDS = _words(
    """
    de het een en of in op van voor met aan bij door naar uit over onder tot om te als dan
    dat die dit deze er zijn is was wordt worden kan kunnen moet moeten je jij jouw u uw wij we
    ons onze zij ze hij ik mijn hun hen wat wie waar hoe ook nog niet geen wel zeer heel
    erg goed graag binnen tussen tijdens na via per zoals evenals alsmede and or the a an
    on at for with to from by as are be been being were this that these those you your
    our us they their it its he she his her i my me who what which where when how also not
    no very well into within across about than then such using use able ability strong good
    excellent solid proven great plus etc including include includes will would should can
    could must may might have has had do does did other others all any some more most
    """
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A phrase window: ``text == source[start:end]``."""

    text: str
    start: int
    end: int
    n_tokens: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word tokens of ``text`` with offsets (shifted by ``offset``)."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def clause_ids(text: str, tokens: list[Token], offset: int = 0) -> list[int]:
    """A clause number per token; it goes up at every break between two tokens."""
    ids: list[int] = []
    clause = 0
    for i, token in enumerate(tokens):
        if i and _BREAK.search(text, tokens[i - 1].end - offset, token.start - offset):
            clause += 1
        ids.append(clause)
    return ids


def candidate_mentions(text: str, max_tokens: int = 4, offset: int = 0) -> list[Mention]:
    """Phrase windows of ``text`` (see the module docstring), shortest first per start."""
    tokens = tokenize(text, offset)
    clauses = clause_ids(text, tokens, offset)
    masked = _placeholder_tokens(text, tokens, offset)
    out: list[Mention] = []
    seen: set[str] = set()
    for i, first in enumerate(tokens):
        if _is_function_word(first.text) or i in masked:
            continue
        for j in range(i, min(i + max_tokens, len(tokens))):
            if clauses[j] != clauses[i] or j in masked:
                break
            last = tokens[j]
            if _is_function_word(last.text):
                continue
            span = text[first.start - offset : last.end - offset]
            key = span.casefold()
            if key in seen:
                continue
            seen.add(key)
            out.append(Mention(span, first.start, last.end, j - i + 1))
    return out


def _placeholder_tokens(text: str, tokens: list[Token], offset: int) -> set[int]:
    """Indexes of the tokens inside anonymisation placeholders."""
    spans = [(m.start() + offset, m.end() + offset) for m in PLACEHOLDER.finditer(text)]
    if not spans:
        return set()
    return {i for i, t in enumerate(tokens) if any(a <= t.start < b for a, b in spans)}


def _is_function_word(token: str) -> bool:
    return token.casefold() in FUNCTION_WORDS or (len(token) == 1 and not token.isupper())
