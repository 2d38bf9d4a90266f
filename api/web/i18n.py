"""Page texts in Dutch (the source language) and English.

Templates and routes write Dutch and wrap it in ``_()``; :data:`ENGLISH` holds the English for
every such text (a test checks none is missing). Messages of the service's errors are already
bilingual ("Nederlands / English") and are split here.
"""

from __future__ import annotations

from typing import Literal

from api.web.strings_en import ENGLISH
from taxonomy.errors import SkillmatchError

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")


def N_(text: str) -> str:
    """Marks a Dutch text that is translated later, where it is shown (see the i18n test)."""
    return text


#: For service errors whose message has no Dutch part: a sentence per error code.
_GENERIC_ERRORS = {
    "bad_input": N_("Dit kunnen we niet verwerken. Controleer uw invoer."),
    "not_found": N_("Dit bestaat niet (meer), of u heeft er geen toegang toe."),
    "conflict": N_("Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw."),
    "forbidden": N_("U heeft geen toegang tot deze pagina."),
    "unauthorized": N_("Uw sleutel is ongeldig of ingetrokken. Log opnieuw in."),
    "too_large": N_("Dit is te groot om te verwerken."),
    "rate_limited": N_("Te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw."),
    "not_ready": N_("De dienst start nog op. Probeer het over een minuut opnieuw."),
    "precondition_required": N_("Laad de pagina opnieuw en probeer het nog eens."),
}
_FALLBACK_ERROR = N_("Er ging iets mis. Probeer het later opnieuw.")


def translate(text: str, lang: Lang, /, **params: object) -> str:
    """``text`` (Dutch) in ``lang``, with ``{name}`` placeholders filled from ``params``."""
    if lang == "en":
        text = ENGLISH.get(text, text)
    return text.format(**params) if params else text


def translate_count(one: str, many: str, n: int, lang: Lang, /, **params: object) -> str:
    """``one`` when ``n`` is 1, else ``many``, translated, with ``{n}`` filled in."""
    return translate(one if n == 1 else many, lang, n=n, **params)


def error_message(err: SkillmatchError, lang: Lang) -> str:
    """What to tell a person about ``err``: its Dutch or English half, else a plain sentence."""
    dutch, sep, english = err.message.partition(" / ")
    if sep:
        text = english if lang == "en" else dutch
        return text[:1].upper() + text[1:]
    return translate(_GENERIC_ERRORS.get(err.code, _FALLBACK_ERROR), lang)
