"""The app factory: an flask-openapi3 ``OpenAPI`` app; config defaults, then environment, then test config.

Config keys (environment ``PEEL_QA_<KEY>``): INDEX_DIR, MODEL, WATCH_INDEX,
MAX_CONTENT_LENGTH, WEB_DIR, ADMIN_TOKEN (unset: admin routes disabled),
SOURCES (what /admin/rebuild indexes; a list, or paths joined by ``os.pathsep``),
LOG_QUESTIONS (put question text in the access log), ACCESS_LOG (one line a
request). The OpenAPI document is served at ``/openapi.json``; the docs UI is
off because its pages load scripts from a CDN, which the CSP forbids.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import jsonify
from flask_openapi3 import Info, OpenAPI

from .. import __version__
from . import hardening
from .errors import register_errors, validation_error_response
from .schemas import ErrorBody
from .state import EngineHolder

ROOT = Path(__file__).resolve().parents[2]
WEB_DIR = ROOT / "web"
SECURITY_SCHEMES = {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "config ADMIN_TOKEN"}}
log = logging.getLogger(__name__)


def default_index_dir() -> Path:
    return Path(os.environ.get("PEEL_QA_INDEX_DIR", "index"))


def _normalise(config) -> None:
    """Give env-provided values their types: from_prefixed_env parses JSON, so '123' arrives as an int."""
    token = config.get("ADMIN_TOKEN")
    config["ADMIN_TOKEN"] = str(token) if token not in (None, "", False) else None
    sources = config.get("SOURCES")
    if isinstance(sources, (str, Path)):
        sources = [p for p in str(sources).split(os.pathsep) if p]
    config["SOURCES"] = [Path(p) for p in sources]
    config["LOG_QUESTIONS"] = bool(config.get("LOG_QUESTIONS"))
    config["DEBUG"] = False  # never the debugger or debug error pages, whatever the environment says


def create_app(test_config: dict | None = None) -> OpenAPI:
    """Build the app: config, engine holder, hooks, API + admin + page blueprints, JSON errors."""
    app = OpenAPI(__name__, static_folder=None, info=Info(title="peel-qa", version=__version__),
                  security_schemes=SECURITY_SCHEMES, doc_ui=False, validation_error_status=400,
                  validation_error_model=ErrorBody, validation_error_callback=validation_error_response)
    app.config.from_mapping(INDEX_DIR=str(default_index_dir()), MODEL=None, WATCH_INDEX=True,
                            MAX_CONTENT_LENGTH=64 * 1024, JSON_SORT_KEYS=False, WEB_DIR=str(WEB_DIR),
                            ADMIN_TOKEN=None, SOURCES=[str(ROOT / "reports")], LOG_QUESTIONS=False, ACCESS_LOG=True)
    app.config.from_prefixed_env("PEEL_QA")
    if test_config:
        app.config.update(test_config)
    _normalise(app.config)
    app.debug = False
    holder = EngineHolder(Path(app.config["INDEX_DIR"]), app.config["MODEL"], watch=bool(app.config["WATCH_INDEX"]))
    app.extensions["peel_qa"] = holder
    if app.config["ACCESS_LOG"]:
        hardening.configure_access_log()
    hardening.install(app)
    from . import admin, api, pages

    app.extensions["peel_qa_admin"] = admin.Rebuilder(holder, app.config["SOURCES"], app.config["MODEL"])
    app.register_api(api.bp)
    app.register_api(admin.bp)
    app.register_blueprint(pages.bp)
    app.add_url_rule("/openapi.json", "openapi_json", lambda: jsonify(app.api_doc))
    register_errors(app)
    return app
