"""CV and vacancy documents in: plain text, PDF or DOCX, checked and turned into one text.

Limits (documented in the README, "Skills from text"): a file of at most
:data:`MAX_FILE_BYTES` (5 MB) and at most :data:`MAX_TEXT_CHARS` (100,000) characters of text
after extraction. The format is recognised from the content (PDF magic, a DOCX zip with
``word/document.xml``, or text) and must agree with the file extension. Every problem raises
:class:`BadInputError` with a one-line message, Dutch first, then English.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from taxonomy.errors import BadInputError

#: Largest accepted file (bytes).
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Most characters of text accepted after extraction (a long CV is about 15,000).
MAX_TEXT_CHARS = 100_000
#: Most PDF pages read (a CV is 1-4 pages; a hostile file can hold thousands).
MAX_PDF_PAGES = 20
#: Most bytes a DOCX may unpack to, and the largest compression ratio of its parts (zip bombs).
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_DOCX_RATIO = 200
#: Fewest letters a document must contain to be worth reading.
MIN_LETTERS = 2
#: Smallest share of letters among the non-space characters of readable text. Real CVs and
#: vacancies are above 0.6 (digits, dates and punctuation make up the rest); binary junk decoded
#: as text falls well below.
MIN_LETTER_SHARE = 0.4
#: Largest share of control or undecodable characters tolerated in a text file.
MAX_JUNK_SHARE = 0.01

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_DOCX_PART = "word/document.xml"
_SPACES_IN_LINE = re.compile(r"[ \t\f\v\u00a0]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


class DocumentFormat(StrEnum):
    TEXT = "txt"
    PDF = "pdf"
    DOCX = "docx"


#: File extensions accepted per format.
EXTENSIONS: dict[str, DocumentFormat] = {
    ".txt": DocumentFormat.TEXT,
    ".text": DocumentFormat.TEXT,
    ".md": DocumentFormat.TEXT,
    ".pdf": DocumentFormat.PDF,
    ".docx": DocumentFormat.DOCX,
}


@dataclass(frozen=True)
class Document:
    """The text of one CV or vacancy and where it came from."""

    text: str
    format: DocumentFormat
    name: str = ""


def read_document(path: Path | str) -> Document:
    """Read a ``.txt``/``.pdf``/``.docx`` file (see the module docstring for the checks)."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"Bestand niet gevonden / file not found: {path}")
    size = path.stat().st_size
    _check_size(size)
    return parse_document(path.read_bytes(), name=path.name)


def parse_document(
    data: bytes,
    name: str = "",
    declared: DocumentFormat | None = None,
    *,
    max_pages: int = MAX_PDF_PAGES,
) -> Document:
    """Parse document bytes. The format comes from ``declared``, else the name's extension;
    the content must agree with it. Without either, the content decides. A PDF with more than
    ``max_pages`` pages and a DOCX that unpacks to too much are refused before parsing."""
    _check_size(len(data))
    if not data.strip():
        raise BadInputError("Het bestand is leeg / the file is empty")
    expected = declared or _format_from_name(name)
    found = sniff_format(data)
    if expected is not None and found is not expected:
        raise BadInputError(
            f"Het bestand is geen {expected.value.upper()}-bestand / the file is not a "
            f"{expected.value.upper()} file (its content does not match "
            f"{'its extension' if declared is None else 'the declared format'})"
        )
    if found is DocumentFormat.PDF:
        text = _pdf_text(data, max_pages)
    elif found is DocumentFormat.DOCX:
        _check_unpacked_size(data)
        text = _docx_text(data)
    else:
        text = _decode_text(data)
    return Document(check_text(text), found, name)


def sniff_format(data: bytes) -> DocumentFormat:
    """The format the bytes are in (text when they are neither a PDF nor a DOCX)."""
    head = data[:1024].lstrip()
    if head.startswith(_PDF_MAGIC):
        return DocumentFormat.PDF
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if _DOCX_PART in archive.namelist():
                    return DocumentFormat.DOCX
        except zipfile.BadZipFile:
            pass
        raise BadInputError(
            "Dit is een zip-bestand maar geen Word-document (DOCX) / "
            "this is a zip archive but not a Word (DOCX) document"
        )
    return DocumentFormat.TEXT


def check_text(text: str) -> str:
    """Normalise extracted text and reject empty, unreadable or oversized text."""
    text = normalize_document_text(text)
    if not text.strip():
        raise BadInputError("Het bestand bevat geen tekst / the file contains no text")
    if len(text) > MAX_TEXT_CHARS:
        raise BadInputError(
            f"De tekst is te lang ({len(text):,} tekens, maximaal {MAX_TEXT_CHARS:,}) / "
            f"the text is too long ({len(text):,} characters, at most {MAX_TEXT_CHARS:,})"
        )
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    if letters < MIN_LETTERS or letters < MIN_LETTER_SHARE * len(visible):
        raise BadInputError(
            "Het bestand bevat geen leesbare tekst / the file contains no readable text"
        )
    return text


def normalize_document_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, runs of spaces and blank lines collapsed.

    Line structure is kept (segmentation needs it); offsets refer to this normalised text.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    lines = [_SPACES_IN_LINE.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# -- helpers ------------------------------------------------------------------------------------
def _check_size(size: int) -> None:
    if size == 0:
        raise BadInputError("Het bestand is leeg / the file is empty")
    if size > MAX_FILE_BYTES:
        raise BadInputError(
            f"Het bestand is te groot ({size / 1e6:.1f} MB, maximaal "
            f"{MAX_FILE_BYTES / 1024 / 1024:.0f} MB) / the file is too large "
            f"({size / 1e6:.1f} MB, at most {MAX_FILE_BYTES / 1024 / 1024:.0f} MB)"
        )


def _format_from_name(name: str) -> DocumentFormat | None:
    suffix = Path(name).suffix.lower()
    if not suffix:
        return None
    if suffix not in EXTENSIONS:
        raise BadInputError(
            f"Bestandstype {suffix} wordt niet ondersteund (wel .txt, .pdf, .docx) / "
            f"file type {suffix} is not supported (use .txt, .pdf or .docx)"
        )
    return EXTENSIONS[suffix]


def _decode_text(data: bytes) -> str:
    if b"\x00" in data:
        raise BadInputError(
            "Het bestand is geen tekst maar binaire data / the file is binary data, not text"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older Windows-made text files
    junk = sum(
        ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f") for ch in text
    )
    if junk > MAX_JUNK_SHARE * len(text):
        raise BadInputError(
            "Het bestand is geen tekst maar binaire data / the file is binary data, not text"
        )
    return text


def _check_unpacked_size(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    unpacked = sum(i.file_size for i in infos)
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if unpacked > MAX_DOCX_UNPACKED_BYTES or worst > MAX_DOCX_RATIO:
        raise BadInputError(
            "Het Word-document pakt uit tot te veel gegevens / the Word document unpacks to too "
            f"much data ({unpacked:,} bytes, compression ratio up to {worst:.0f})"
        )


def _pdf_text(data: bytes, max_pages: int = MAX_PDF_PAGES) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadInputError(
                "De PDF is beveiligd met een wachtwoord / the PDF is password-protected"
            )
        if len(reader.pages) > max_pages:
            raise BadInputError(
                f"De PDF heeft te veel pagina's ({len(reader.pages)}, maximaal {max_pages}) / "
                f"the PDF has too many pages ({len(reader.pages)}, at most {max_pages})"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except BadInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise BadInputError(
            f"De PDF is beschadigd of onleesbaar / the PDF is damaged or unreadable ({err})"
        ) from err
    text = "\n\n".join(page.strip() for page in pages)
    if not text.strip():
        raise BadInputError(
            "De PDF bevat geen tekstlaag (gescand document?) / "
            "the PDF has no text layer (a scanned document?)"
        )
    return text


def _docx_text(data: bytes) -> str:
    """Paragraphs (list items get a bullet, so segmentation sees them) and table cells."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise BadInputError(
            f"Het Word-document is beschadigd / the Word document is damaged ({err})"
        ) from err
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            lines.append("")
            continue
        lines.append(f"• {text}" if _is_list_item(paragraph) else text)
    for table in document.tables:
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:  # merged cells repeat; keep each once
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                if cell.text.strip():
                    lines.append(cell.text.strip())
        lines.append("")
    return "\n".join(lines)


def _is_list_item(paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower().startswith(("list", "lijst")):
        return True
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None
