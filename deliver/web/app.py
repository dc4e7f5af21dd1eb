"""The web application: the JSON API (OpenAPI at /docs) and the server-rendered pages.

``GET /api/search`` takes the same parameters as ``stiwatch search`` and answers the
same JSON as ``stiwatch search --json`` (plus ``highlights`` and ``paging``). All crawled
text shown in pages goes through Jinja2 autoescaping: it is untrusted. Pages use no
JavaScript, which lets the Content-Security-Policy forbid scripts outright.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from stiwatch.core.config import Config
from stiwatch.deliver.web import (
    api,
    api_alerts,
    api_analyst,
    api_sources,
    api_translate,
    brief_pages,
    health,
    login,
    pages,
    profile_pages,
    subscriptions_pages,
    trends_pages,
)
from stiwatch.deliver.web.answers import AnswerCache
from stiwatch.deliver.web.headers import SecurityHeaders
from stiwatch.deliver.web.render import render
from stiwatch.search.backend import BackendUnavailable, SearchBackend
from stiwatch.search.expansion import warm_up
from stiwatch.search.factory import open_outage_tolerant

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
# Swagger UI 5's files as the fastapi-offline package ships them (no CDN: /docs works offline).
SWAGGER_DIR = Path(str(fastapi_offline.__file__)).parent / "static"

DOCS_ASSETS = "/docs-assets"

# Routers in the order they are included (a path defined by an earlier one wins); their
# handlers find the configuration and the backend in ``request.app.state.config`` /
# ``request.app.state.backend``. The feature routers come before the web's own.
ROUTERS = (
    health.router,
    api_alerts.router,
    api_translate.router,
    api_sources.router,
    api_analyst.router,
    profile_pages.api,
    brief_pages.api,
    api.router,
    pages.router,
    trends_pages.router,
    profile_pages.pages,
    brief_pages.pages,
    subscriptions_pages.router,
    login.router,
)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


# `stiwatch serve --workers N`: the configuration each worker process builds its app from.
WORKER_CONFIG_ENV = "STIWATCH_SERVE_WORKER_CONFIG"


def worker_config(config: Config) -> str:
    """The configuration for worker processes, as JSON. Forms must verify on whichever
    worker gets the POST, so an unset ``web.csrf_secret`` becomes one random key for all."""
    values = json.loads(json.dumps(config.values))
    if not values["web"].get("csrf_secret"):
        values["web"]["csrf_secret"] = secrets.token_hex(32)
    return json.dumps({"values": values, "origins": config.origins})


def create_worker_app() -> FastAPI:
    """The app of one `stiwatch serve --workers N` process (uvicorn's factory)."""
    data = json.loads(os.environ[WORKER_CONFIG_ENV])
    return create_app(Config(values=data["values"], origins=data["origins"]))


def create_app(config: Config, backend: SearchBackend | None = None) -> FastAPI:
    """The application; ``backend`` defaults to the configured one."""
    if backend is None:
        name = config.get("search", "backend")
        # The backend's own section (e.g. [elasticsearch]) as this configuration has it.
        options = dict(config.values.get(name) or {}) if name == "elasticsearch" else {}
        # Served through an outage: searches answer 503 until the backend is back.
        retry = float(config.get("search", "outage_retry"))
        backend = open_outage_tolerant(name, config.data_dir, retry_seconds=retry, **options)
    store: SearchBackend = backend
    app = FastAPI(
        title="stiwatch",
        description=(
            "STI cooperation news from Thailand, Vietnam and ASEAN: search with facets, articles "
            "with translations and tag evidence, exports, sources and their health. Reads are "
            "public unless web.public_reads is false; writes need `Authorization: Bearer <web.api_token>`."
        ),
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = config
    app.state.backend = store
    app.state.answers = AnswerCache(int(config.get("web", "search_cache_entries")))
    if config.get("search", "query_expansion"):
        # Load the taxonomy's matchers now (seconds), not inside the first user's search.
        warm_up()
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=SWAGGER_DIR), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        """Swagger UI over /openapi.json, its files from this server."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="stiwatch API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
        )

    # Plain ASGI, not @app.middleware("http"): that wrapper costs a task and a
    # stream per request, a good part of a cached answer's time.
    app.add_middleware(SecurityHeaders)

    # Starlette's class, so that unknown paths (its own 404) get the HTML page too.
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 303 and exc.headers and "Location" in exc.headers:
            return RedirectResponse(exc.headers["Location"], status_code=303)  # sign in first
        if _wants_html(request):
            return _error_page(request, exc.status_code, str(exc.detail))
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _wants_html(request):
            return _error_page(request, 422, "; ".join(str(e.get("msg")) for e in exc.errors()))
        return await request_validation_exception_handler(request, exc)

    app.add_exception_handler(BackendUnavailable, health.backend_down)
    return app


def _error_page(request: Request, status: int, message: str) -> Response:
    title = {404: "error.not_found", 422: "error.bad_input"}.get(status, "error.title")
    return render(request, "error.html", status=status, status_code=status, message=message, title_key=title)
