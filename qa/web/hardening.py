"""Cross-cutting HTTP policy: body limit, security headers, one access-log line per request.

Installed by the app factory. The access log is one JSON object a line on the
``qa.web.access`` logger (method, path without query string, status, latency
in ms, response bytes); the question text is added only when config
``LOG_QUESTIONS`` is true, because questions may hold personal data.
"""

from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, Response, current_app, g, request

from .errors import ApiError

ACCESS_LOGGER = "qa.web.access"

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def configure_access_log(stream=None) -> logging.Logger:
    """The access logger with one plain-message handler (added once per process), not propagating to root."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(getattr(h, "_peel_qa", False) for h in logger.handlers):
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._peel_qa = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def _start() -> None:
    """Start the request clock; refuse a declared body larger than MAX_CONTENT_LENGTH before reading it."""
    g.started = time.perf_counter()
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise ApiError(413, "request_entity_too_large", f"the request body is larger than {limit} bytes")


def _finish(response: Response) -> Response:
    """Add the security headers and log the request."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    record = {"method": request.method, "path": request.path, "status": response.status_code,
              "ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
              "bytes": response.calculate_content_length()}
    if not current_app.config.get("ACCESS_LOG", True):
        return response
    if current_app.config.get("LOG_QUESTIONS") and g.get("question"):
        record["question"] = g.question
    logging.getLogger(ACCESS_LOGGER).info(json.dumps(record, ensure_ascii=False))
    return response


def install(app: Flask) -> None:
    """Register the hooks; the start hook goes first so every later hook's failure is still timed."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
