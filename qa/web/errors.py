"""One JSON error shape for every failure: ``{"error": {"code", "message"}}``.

Routing errors (404, 405), body limits (413, 415), validation errors raised by
flask-openapi3 (400) and anything unexpected (500) all leave in this shape;
a traceback is logged, never sent.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

VALIDATION_STATUS = 400


class ApiError(Exception):
    """An error to send to the client with a status, a machine-readable code and optional headers."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def validation_message(exc: ValidationError) -> str:
    """``where: what`` for the first problem; the rejected value is never echoed."""
    first = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(x) for x in first.get("loc", ())) or "body"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}"


def validation_error_response(exc: ValidationError) -> Response:
    """flask-openapi3's hook for a request that fails its declared model: 400 in our shape."""
    return error_response(VALIDATION_STATUS, "invalid_request", validation_message(exc))


def register_errors(app: Flask) -> None:
    """Turn every exception into the JSON error shape; never a traceback."""

    @app.errorhandler(ApiError)
    def _api(exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_").replace("'", "")
        headers = {}
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(exc.valid_methods)
        return error_response(exc.code or 500, code, exc.description or exc.name, headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return error_response(500, "internal_error", "the server failed to answer; the error has been logged")
