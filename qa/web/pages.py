"""The chat page and its static files, served from the repository's ``web/`` folder."""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    return send_from_directory(current_app.config["WEB_DIR"], "index.html")


@bp.get("/static/<path:name>")
def static(name: str):
    return send_from_directory(current_app.config["WEB_DIR"], name)
