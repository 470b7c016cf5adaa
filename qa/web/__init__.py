"""The Flask app factory: config defaults, then environment, then test config."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from .errors import register_errors
from .state import EngineHolder

WEB_DIR = Path(__file__).resolve().parents[2] / "web"


def default_index_dir() -> Path:
    return Path(os.environ.get("PEEL_QA_INDEX_DIR", "index"))


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. Config keys: INDEX_DIR, MODEL, WATCH_INDEX, MAX_CONTENT_LENGTH."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(INDEX_DIR=str(default_index_dir()), MODEL=None, WATCH_INDEX=True,
                            MAX_CONTENT_LENGTH=64 * 1024, JSON_SORT_KEYS=False, WEB_DIR=str(WEB_DIR))
    app.config.from_prefixed_env("PEEL_QA")
    if test_config:
        app.config.update(test_config)
    app.extensions["peel_qa"] = EngineHolder(Path(app.config["INDEX_DIR"]), app.config["MODEL"],
                                             watch=bool(app.config["WATCH_INDEX"]))
    from . import api, pages

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    register_errors(app)
    return app
