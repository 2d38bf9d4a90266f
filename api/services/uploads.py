"""Uploaded CV and vacancy files, parsed in a worker process with a time limit.

A hostile PDF or DOCX must not exhaust the server: files above the size limit are refused
before reading, PDFs above the page limit and DOCX files that unpack to too much are refused
before parsing (:mod:`matcher.text.documents`), and parsing runs in a separate process
(``pebble``) that is killed when it takes longer than the time limit.
"""

from __future__ import annotations

from concurrent.futures import TimeoutError as FutureTimeout
from functools import cached_property

from pebble import ProcessPool

from matcher.text.documents import Document, parse_document
from taxonomy.errors import BadInputError, SkillmatchError, TooLargeError


class DocumentParser:
    """Parses uploads within bounds; the worker process starts on first use."""

    def __init__(self, *, max_bytes: int, max_pages: int, timeout_s: float) -> None:
        self.max_bytes = max_bytes
        self.max_pages = max_pages
        self.timeout_s = timeout_s

    @cached_property
    def _pool(self) -> ProcessPool:
        return ProcessPool(max_workers=1, max_tasks=50)

    def parse(self, data: bytes, name: str) -> Document:
        if len(data) > self.max_bytes:
            raise TooLargeError(
                f"Het bestand is te groot ({len(data):,} bytes, maximaal {self.max_bytes:,}) / "
                f"the file is too large ({len(data):,} bytes, at most {self.max_bytes:,})"
            )
        future = self._pool.schedule(
            parse_document,
            args=(data, name),
            kwargs={"max_pages": self.max_pages},
            timeout=self.timeout_s,
        )
        try:
            return future.result()
        except SkillmatchError:
            raise
        except FutureTimeout:
            raise BadInputError(
                f"Het bestand kon niet binnen {self.timeout_s:g} s worden gelezen / the file "
                f"could not be read within {self.timeout_s:g} s"
            ) from None
        except Exception as err:  # ProcessExpired (a crashed worker) or a parser library's bug
            raise BadInputError(
                f"Het bestand is onleesbaar / the file could not be read ({type(err).__name__})"
            ) from None

    def close(self) -> None:
        if "_pool" in self.__dict__:
            self._pool.stop()
            self._pool.join(timeout=5)
