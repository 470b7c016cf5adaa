"""Request models: what /ask accepts, validated by pydantic."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..engine import MAX_QUESTION, MAX_TOP_K


class AskRequest(BaseModel):
    """A question and how many passages to return."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    question: str = Field(min_length=1, max_length=4 * MAX_QUESTION, description="1-1000 characters after trimming")
    top_k: int = Field(default=5, ge=1, le=MAX_TOP_K, strict=True)

    @field_validator("question")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        trimmed = " ".join(value.split())
        if not 1 <= len(trimmed) <= MAX_QUESTION:
            raise ValueError(f"must be 1-{MAX_QUESTION} characters after trimming")
        return trimmed
