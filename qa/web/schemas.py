"""Declared request and response models: validation and the OpenAPI document come from these.

The rules are written so that the JSON Schema flask-openapi3 publishes at
``/openapi.json`` accepts exactly what the server accepts. A question is at
most 1000 characters as sent and must hold a non-space character; the
``pattern`` below lists Python's whitespace (``str.isspace``) explicitly so
that ECMA and Python regex engines read it the same way. Lone surrogates
(possible in JSON escapes) are refused because the tokenizer cannot encode them.
"""

from __future__ import annotations

import copy
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..validate import MAX_QUESTION, MAX_TOP_K

SPACES = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
NOT_ONLY_SPACE = f"[^{SPACES}]"
_SURROGATE = re.compile("[\ud800-\udfff]")
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")
QUESTION_RULE = f"1-{MAX_QUESTION} characters with at least one non-space character; runs of space are collapsed"


def check_question(value: str) -> str:
    """The question with its whitespace collapsed, or ValueError saying what is wrong."""
    if _SURROGATE.search(value):
        raise ValueError("must be valid Unicode text (no lone surrogates)")
    trimmed = " ".join(value.split())
    if not trimmed:
        raise ValueError("must contain a non-space character")
    return trimmed


def question_field(**extra: Any) -> Any:
    return Field(min_length=1, max_length=MAX_QUESTION, description=QUESTION_RULE,
                 json_schema_extra={"pattern": NOT_ONLY_SPACE}, **extra)


DOCUMENT_ID = r"^[a-z0-9][a-z0-9-]{0,199}$"
MAX_DOCUMENTS = 1000


def documents_field() -> Any:
    return Field(default=None, min_length=1, max_length=MAX_DOCUMENTS,
                 description="answer only from these document ids (see /documents); all when absent")


def top_k_field() -> Any:
    return Field(default=5, ge=1, le=MAX_TOP_K, description=f"how many passages to return (1-{MAX_TOP_K})")


class AskRequest(BaseModel):
    """``POST /ask`` body: a question and how many passages to return."""

    model_config = ConfigDict(extra="forbid")

    question: str = question_field()
    top_k: int = top_k_field()
    documents: list[Annotated[str, Field(pattern=DOCUMENT_ID)]] | None = documents_field()

    @field_validator("question")
    @classmethod
    def _question(cls, value: str) -> str:
        return check_question(value)

    @field_validator("top_k", mode="before")
    @classmethod
    def _json_integer(cls, value: Any) -> int:
        """A JSON integer (5 or 5.0); never a boolean or a string."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be an integer")
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("must be an integer")
        return int(value)


class CachedSchema(BaseModel):
    """A model whose JSON schema is computed once: flask-openapi3 asks a query model for it on every request."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        key = (cls, args, tuple(sorted(kwargs.items())))
        if key not in _SCHEMAS:
            _SCHEMAS[key] = super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(_SCHEMAS[key])


_SCHEMAS: dict[tuple, dict[str, Any]] = {}


class AskQuery(CachedSchema):
    """``GET /ask`` query string: ``q`` and ``top_k``; other parameters are ignored."""

    model_config = ConfigDict(extra="ignore")

    q: str = question_field()
    top_k: int = top_k_field()
    documents: str | None = Field(default=None, min_length=1, max_length=MAX_DOCUMENTS * 201,
                                  pattern=r"^[a-z0-9][a-z0-9-]*(,[a-z0-9][a-z0-9-]*)*$",
                                  description="comma-separated document ids to answer from (see /documents)")

    def document_ids(self) -> list[str] | None:
        return self.documents.split(",") if self.documents else None

    @field_validator("q")
    @classmethod
    def _question(cls, value: str) -> str:
        return check_question(value)

    @field_validator("top_k", mode="before")
    @classmethod
    def _decimal(cls, value: Any) -> Any:
        """Digits only, as JSON Schema reads an integer query parameter."""
        if isinstance(value, str) and not _INTEGER.fullmatch(value):
            raise ValueError("must be an integer")
        return value


class FiguresQuery(CachedSchema):
    """``GET /figures`` filter: words matched against a figure's label or group."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field(default="", max_length=MAX_QUESTION, description="filter text (case-insensitive substring)")


class ChunkPath(BaseModel):
    chunk_id: str = Field(description="a chunk id as returned in passages[].id")


class DocumentPath(BaseModel):
    doc_id: str = Field(description="a document id as listed by /documents")


# ---------------------------------------------------------------- responses


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error: ``{"error": {"code", "message"}}``."""

    error: ErrorDetail


COMMON_RESPONSES = {400: ErrorBody, 413: ErrorBody, 500: ErrorBody}


class AnswerOut(BaseModel):
    text: str
    citation: str


class PassageOut(BaseModel):
    id: str
    document: str
    section: list[str]
    page: int | None
    pages: list[int]
    score: float
    text: str = Field(description="the chunk's text, widened by whole sentences of its neighbours in the section")
    highlight: list[int] = Field(min_length=2, max_length=2, description="the cited sentence: [start, end) in text")
    chunk_span: list[int] = Field(min_length=2, max_length=2,
                                  description="where the chunk's own text (GET /chunks/{id}) stands in text")
    kind: str
    prev: str | None
    next: str | None


class FigureOut(BaseModel):
    id: str
    document: str
    figure: str = Field(description='where it stands: a table ("Figure 2"), "Force in numbers", "Judgment", '
                                    'or "Text" for a statistic stated in a sentence')
    title: str
    label: str = Field(description="the row label, or for a statistic stated in a sentence the sentence itself")
    values: dict[str, float | str | None]
    unit: str | None
    period: str | None
    note: str | None
    page: int | None
    source: str | None
    group: str | None
    chunk: str | None = Field(default=None, description="id of the passage the figure was read from")
    definition: str | None = Field(default=None, description="the report's own sentence defining the label")


class AskResponse(BaseModel):
    question: str
    answer: AnswerOut | None
    answerable: bool
    passages: list[PassageOut]
    figures: list[FigureOut]
    took_ms: float


class DocumentSummary(BaseModel):
    id: str
    title: str
    source: str
    sha256: str
    pages: int | None


class DocumentDetail(DocumentSummary):
    """A whole parsed document: its summary fields plus its sections and blocks."""

    model_config = ConfigDict(extra="allow")

    sections: list[dict[str, Any]]


class DocumentsResponse(BaseModel):
    documents: list[DocumentSummary]


class FiguresResponse(BaseModel):
    figures: list[FigureOut]
    count: int


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="degraded: a newer index failed to load; the old one serves")
    error: str | None
    documents: list[DocumentSummary]
    chunks: int
    figures: int
    model: str
    built_at: str | None
    build: str | None


class HealthUnavailable(BaseModel):
    status: Literal["unavailable"]
    error: str = Field(description="why no index is loaded, and what to do")
