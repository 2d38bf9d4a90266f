"""Every Dutch page text has an English translation (templates and the web package)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from api.web.i18n import ENGLISH

WEB = Path(__file__).resolve().parents[2] / "api" / "web"
#: Calls whose string arguments are page texts: _("…"), _n("…", "…"), translate("…"), N_("…").
_CALLS = {"_", "_n", "translate", "translate_count", "N_"}
_TEMPLATE_CALL = re.compile(r"\b_n?\(\s*((?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')\s*,?\s*)+")
_LITERAL = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")


def _python_texts(path: Path) -> set[str]:
    texts = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name in _CALLS:
            texts.update(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return texts


def _template_texts(path: Path) -> set[str]:
    texts = set()
    for call in _TEMPLATE_CALL.finditer(path.read_text()):
        for double, single in _LITERAL.findall(call.group(0)):
            texts.add(double or single)
    return texts


def page_texts() -> set[str]:
    texts: set[str] = set()
    for path in WEB.rglob("*.py"):
        if path.name != "strings_en.py":
            texts |= _python_texts(path)
    for path in (WEB / "templates").rglob("*.html"):
        texts |= _template_texts(path)
    return texts


def test_every_page_text_has_an_english_translation():
    texts = page_texts()
    assert len(texts) > 150  # the scan finds the texts at all
    missing = sorted(t for t in texts if t not in ENGLISH)
    assert not missing, "add to api/web/strings_en.py:\n" + "\n".join(missing)


def test_no_translation_is_left_over():
    assert sorted(set(ENGLISH) - page_texts()) == []


def test_translations_keep_their_placeholders():
    for dutch, english in ENGLISH.items():
        assert set(re.findall(r"{\w+}", dutch)) == set(re.findall(r"{\w+}", english)), dutch
