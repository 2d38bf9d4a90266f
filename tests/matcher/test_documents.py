"""Reading CVs and vacancies: text, PDF and DOCX in; empty, garbage and oversized input out."""

from __future__ import annotations

import random

import pytest

from matcher.text.documents import (
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    DocumentFormat,
    parse_document,
    read_document,
)
from taxonomy.errors import BadInputError
from tests.document_files import make_docx, make_pdf


def test_plain_text_is_read_and_normalised(tmp_path):
    path = tmp_path / "cv.txt"
    path.write_bytes(
        "\ufeffErvaring met Python.\r\n\r\n\r\n\r\n•  Teamspeler   en\tflexibel\r\n".encode()
    )
    doc = read_document(path)
    assert doc.format is DocumentFormat.TEXT
    assert doc.text == "Ervaring met Python.\n\n• Teamspeler en flexibel"
    assert doc.name == "cv.txt"


def test_windows_1252_text_files_are_read(tmp_path):
    path = tmp_path / "vacature.txt"
    path.write_bytes("Kennis van hygiëne en café-werk".encode("cp1252"))
    assert read_document(path).text == "Kennis van hygiëne en café-werk"


def test_pdf_text_layer_is_extracted_page_by_page(tmp_path):
    path = tmp_path / "cv.pdf"
    path.write_bytes(
        make_pdf([["Ervaring met Python en SQL.", "Geïnteresseerd in (data)?"], ["Pagina twee."]])
    )
    doc = read_document(path)
    assert doc.format is DocumentFormat.PDF
    assert "Ervaring met Python en SQL." in doc.text
    assert "Geïnteresseerd in (data)?" in doc.text
    assert doc.text.index("Python") < doc.text.index("Pagina twee.")


def test_docx_paragraphs_list_items_and_tables_are_extracted(tmp_path):
    path = tmp_path / "cv.docx"
    path.write_bytes(
        make_docx(
            ["Ik werk graag samen."],
            bullets=["Python", "SQL"],
            heading="Vaardigheden",
            table=[["Talen", "Nederlands, Engels"]],
        )
    )
    doc = read_document(path)
    assert doc.format is DocumentFormat.DOCX
    lines = doc.text.split("\n")
    assert lines[0] == "Vaardigheden"
    assert "• Python" in lines and "• SQL" in lines  # list items keep a bullet for segmentation
    assert "Ik werk graag samen." in lines
    assert "Nederlands, Engels" in lines


def test_extension_must_match_content(tmp_path):
    fake_pdf = tmp_path / "cv.pdf"
    fake_pdf.write_text("Ik ben gewoon tekst.", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"geen PDF.*not a PDF"):
        read_document(fake_pdf)
    pdf_as_text = tmp_path / "cv.txt"
    pdf_as_text.write_bytes(make_pdf([["Hallo wereld"]]))
    with pytest.raises(BadInputError, match="not a TXT"):
        read_document(pdf_as_text)


def test_zip_that_is_not_a_word_document_is_rejected(tmp_path):
    import zipfile

    path = tmp_path / "cv.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "geen word")
    with pytest.raises(BadInputError, match="not a Word"):
        read_document(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg / the file is empty"),
        (b"   \n\n\t ", "leeg / the file is empty"),
        (bytes(range(256)) * 20, "binary data"),
        (b"1234 %%%% #### 5678 ---- ****", "no readable text"),
    ],
)
def test_empty_and_garbage_text_is_rejected_with_a_bilingual_line(tmp_path, content, message):
    path = tmp_path / "cv.txt"
    path.write_bytes(content)
    with pytest.raises(BadInputError, match=message) as info:
        read_document(path)
    assert "\n" not in info.value.message
    assert " / " in info.value.message  # Dutch first, then English


def test_pdf_without_text_layer_and_damaged_pdf_are_rejected(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([[]]))
    with pytest.raises(BadInputError, match="no text layer"):
        read_document(scan)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + random.Random(0).randbytes(2000))
    with pytest.raises(BadInputError, match="PDF"):
        read_document(broken)


def test_oversized_file_and_text_are_rejected(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: no need to write megabytes
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(BadInputError, match=r"te groot.*too large"):
        read_document(big)
    with pytest.raises(BadInputError, match=r"te lang.*too long"):
        parse_document(("Ervaring met Python. " * (MAX_TEXT_CHARS // 20 + 1)).encode(), "cv.txt")


def test_unsupported_extension_and_missing_file(tmp_path):
    old_word = tmp_path / "cv.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0 old word format")
    with pytest.raises(BadInputError, match=r"\.doc"):
        read_document(old_word)
    with pytest.raises(BadInputError, match="not found"):
        read_document(tmp_path / "missing.pdf")
