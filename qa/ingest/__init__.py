"""Ingestion: any supported file (Markdown, text, PDF) into a :class:`~qa.records.Document`."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..records import Document

SUFFIXES = (".md", ".markdown", ".txt", ".pdf")


class IngestError(Exception):
    """A file could not be read as a report."""


def document_id(path: Path) -> str:
    """A stable id from the file name: lower case, dashes."""
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "document"


def find_sources(paths: list[Path]) -> list[Path]:
    """Report files among ``paths`` (folders are searched, sorted, non-recursively deep)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.suffix.lower() in SUFFIXES and p.is_file())
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise IngestError(f"{path}: unsupported file type (use {', '.join(SUFFIXES)})")
            found.append(path)
        else:
            raise IngestError(f"{path}: no such file or folder")
    return found


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes: a report's identity across builds."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def load_document(path: Path) -> Document:
    """Parse one report file by its suffix."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    doc_id = document_id(path)
    if path.suffix.lower() == ".pdf":
        from .pdf import parse_pdf

        return parse_pdf(data, doc_id=doc_id, source=path.name, sha256=digest)
    from .markdown import parse_markdown

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text ({exc})") from exc
    return parse_markdown(text, doc_id=doc_id, source=path.name, sha256=digest)
