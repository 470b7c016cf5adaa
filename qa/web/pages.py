"""The chat page, the report reader and their static files, served from the repository's ``web/`` folder.

The pages are static HTML; their scripts read everything from the JSON API, so
these routes only hand out files.
"""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("pages", __name__)


def _page(name: str):
    response = send_from_directory(current_app.config["WEB_DIR"], name)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
def index():
    return _page("index.html")


@bp.get("/report/<document>")
def report(document: str):
    """The reader view; ``web/reader.js`` loads ``/documents/<document>`` and finds ``#chunk=<id>``."""
    return _page("report.html")


@bp.get("/static/<path:name>")
def static(name: str):
    return send_from_directory(current_app.config["WEB_DIR"], name)
