"""What a question request must be: its length, its ``top_k``, the documents it names.

The engine, the CLI and the web layer share these limits and errors, so every way of
asking refuses the same input with the same message.
"""

from __future__ import annotations

from collections.abc import Container

MAX_QUESTION = 1000
MAX_TOP_K = 20


class QuestionError(ValueError):
    """The question or its options are not acceptable."""


class UnknownDocument(QuestionError):
    """The documents filter names a document the index does not hold."""


def validate_question(question: str, top_k: int) -> str:
    """The question with its white space collapsed, or :class:`QuestionError`."""
    question = " ".join(str(question).split())
    if not question or len(question) > MAX_QUESTION:
        raise QuestionError(f"question must be 1-{MAX_QUESTION} characters after trimming")
    try:
        question.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QuestionError("question must be valid Unicode text (it holds a lone surrogate)") from exc
    if not 1 <= int(top_k) <= MAX_TOP_K:
        raise QuestionError(f"top_k must be between 1 and {MAX_TOP_K}")
    return question


def check_documents(held: Container[str], documents: list[str] | None) -> list[str] | None:
    """``documents`` if every id is ``held`` by the index, else :class:`QuestionError` naming the unknown ones."""
    if documents is None:
        return None
    unknown = [d for d in documents if d not in held]
    if unknown:
        raise UnknownDocument(f"unknown document id(s): {', '.join(map(repr, unknown))}; see /documents")
    if not documents:
        raise QuestionError("documents must name at least one document id")
    return list(documents)
