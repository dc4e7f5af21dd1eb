"""The HTTP API (and a plain search page) over the configured search backend.

``GET /api/search`` takes the same parameters as ``stiwatch search`` and answers the
same JSON shape as ``stiwatch search --json``. All crawled text shown in pages goes
through Jinja2 autoescaping: it is untrusted.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from search.backend import FACETS, MAX_LIMIT, SearchBackend, SearchResult
from search.query import QueryError, build_query
from stiwatch.config import Config

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

ListParam = Annotated[list[str] | None, Query()]


# Modules exposing ``router: fastapi.APIRouter``; their handlers find the configuration
# and the backend in ``request.app.state.config`` / ``request.app.state.backend``.
ROUTER_MODULES: tuple[str, ...] = ()


def create_app(config: Config, backend: SearchBackend | None = None) -> FastAPI:
    """The application; ``backend`` defaults to the configured one."""
    if backend is None:
        from search.factory import open_backend

        backend = open_backend(config.get("search", "backend"), config.data_dir)
    store: SearchBackend = backend
    app = FastAPI(
        title="stiwatch",
        description="STI cooperation news from Thailand, Vietnam and ASEAN: search, facets, articles.",
        version="0.1.0",
    )
    app.state.config = config
    app.state.backend = store
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def run_search(
        q: str,
        country: list[str] | None,
        agency: list[str] | None,
        theme: list[str] | None,
        lang: list[str] | None,
        source: list[str] | None,
        since: str | None,
        until: str | None,
        sort: str,
        limit: int,
        offset: int,
    ) -> SearchResult:
        try:
            query = build_query(
                q,
                countries=country,
                agencies=agency,
                themes=theme,
                languages=lang,
                sources=source,
                since=since,
                until=until,
                sort=sort,
                limit=limit,
                offset=offset,
            )
        except QueryError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        return store.search(query)

    @app.get("/api/search")
    def api_search(
        q: str = "",
        country: ListParam = None,
        agency: ListParam = None,
        theme: ListParam = None,
        lang: ListParam = None,
        source: ListParam = None,
        since: str | None = None,
        until: str | None = None,
        sort: str = "relevance",
        limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 20,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> JSONResponse:
        """Search articles: the same parameters and JSON as `stiwatch search --json`."""
        result = run_search(q, country, agency, theme, lang, source, since, until, sort, limit, offset)
        return JSONResponse(result.to_json())

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str) -> JSONResponse:
        """One article record by id."""
        record = store.get(article_id)
        if record is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id}")
        return JSONResponse(record)

    @app.get("/healthz")
    def health() -> dict[str, Any]:
        return {"status": "ok", "backend": store.name, "articles": store.count()}

    @app.get("/", response_class=HTMLResponse)
    def page_search(
        request: Request,
        q: str = "",
        country: ListParam = None,
        agency: ListParam = None,
        theme: ListParam = None,
        lang: ListParam = None,
        source: ListParam = None,
        since: str | None = None,
        until: str | None = None,
        sort: str = "relevance",
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> HTMLResponse:
        """A plain search page with facets; works without JavaScript."""
        params: dict[str, Any] = {
            "q": q,
            "country": country or [],
            "agency": agency or [],
            "theme": theme or [],
            "lang": lang or [],
            "source": source or [],
            "since": since or "",
            "until": until or "",
            "sort": sort,
        }
        error = None
        try:
            result = run_search(q, country, agency, theme, lang, source, since, until, sort, 20, offset)
        except HTTPException as exc:
            result, error = SearchResult(total=0), str(exc.detail)

        def link(**change: Any) -> str:
            merged = {**params, **change}
            return "/?" + urlencode({k: v for k, v in merged.items() if v not in ("", [], None)}, doseq=True)

        def toggle(facet_param: str, value: str) -> str:
            current = list(params[facet_param])
            current = [v for v in current if v != value] if value in current else [*current, value]
            return link(**{facet_param: current}, offset=0)

        return TEMPLATES.TemplateResponse(
            request,
            "search.html",
            {
                "params": params,
                "result": result,
                "error": error,
                "facets": FACETS,
                "facet_param": {
                    "country": "country",
                    "agency": "agency",
                    "theme": "theme",
                    "language": "lang",
                    "source": "source",
                },
                "toggle": toggle,
                "link": link,
                "offset": offset,
            },
        )

    return app
