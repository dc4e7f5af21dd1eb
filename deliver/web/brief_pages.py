"""The brief on the web: ``/brief?<search>&since&until&brief_lang=en|th|vi[&format=docx|md|html]``
(the page, or the file to download), and ``GET /api/brief`` (its data as JSON).

The search's ``since`` and ``until`` are the brief's period (default: the seven days
ending today). ``brief_lang`` is the brief's language (default: the interface's);
``lang`` stays the language filter, as everywhere else.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from stiwatch.deliver.brief.html import CSS, render_body, render_html
from stiwatch.deliver.brief.markdown import render_markdown
from stiwatch.deliver.brief.model import LANGS, Brief, build_brief, period, scope_of
from stiwatch.deliver.brief.names import namer
from stiwatch.deliver.brief.word import render_docx
from stiwatch.deliver.web.auth import require_read_access
from stiwatch.deliver.web.i18n import ui_lang
from stiwatch.deliver.web.login import require_page_access
from stiwatch.deliver.web.params import SearchParams, search_params
from stiwatch.deliver.web.render import render, with_ui
from stiwatch.deliver.web.rising_view import settings_of, today_local
from stiwatch.deliver.web.url_search import search_from_url
from stiwatch.search.backend import SearchBackend

pages = APIRouter(include_in_schema=False, dependencies=[Depends(require_page_access)])
api = APIRouter(prefix="/api", tags=["analysis"], dependencies=[Depends(require_read_access)])

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def _brief(request: Request, params: SearchParams, lang: str) -> Brief:
    query = params.to_query(())
    try:
        since, until = period(query.since, query.until, today_local())
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    backend: SearchBackend = request.app.state.backend
    name = namer(lang)
    return build_brief(
        backend,
        query,
        since=since,
        until=until,
        lang=lang,
        name=name,
        scope=scope_of(query, name),
        rising_settings=settings_of(request),
    )


def _lang(request: Request) -> str:
    wanted = request.query_params.get("brief_lang") or ui_lang(request)
    return wanted if wanted in LANGS else "en"


@api.get("/brief")
def api_brief(
    request: Request,
    params: Annotated[SearchParams, Depends(search_params)],
    brief_lang: Annotated[str, Query(pattern="^(en|th|vi)$", description="the brief's language")] = "en",
) -> JSONResponse:
    """The brief's data: counts now and before, rising values, the trend, top stories per theme and country."""
    return JSONResponse(_brief(request, params, brief_lang).to_json())


@pages.get("/brief", response_model=None)
async def brief_page(request: Request, format: Literal["page", "html", "md", "docx"] = "page") -> Response:
    """The brief of the search in the URL; ``format`` downloads it as a file instead."""
    params, error = search_from_url(request)
    lang = _lang(request)
    if error is not None:
        return render(
            request, "brief_page.html", status=422, error=error, params=params, body=None, lang=lang, links={}
        )
    brief = await run_in_threadpool(_brief, request, params, lang)
    name = namer(lang)
    stem = f"stiwatch-brief-{brief.since}-{brief.until}"
    if format != "page":
        if format == "docx":
            content: bytes | str = await run_in_threadpool(render_docx, brief, name)
        elif format == "md":
            content = render_markdown(brief, name)
        else:
            content = render_html(brief, name)
        headers = {"Content-Disposition": f'attachment; filename="{stem}.{format}"'}
        return Response(content, media_type=MEDIA[format], headers=headers)
    state = params.state()
    links = {
        fmt: with_ui(request, "/brief", **state, brief_lang=lang, format=fmt)
        for fmt in ("docx", "md", "html")
    }
    return render(
        request,
        "brief_page.html",
        error=None,
        params=params,
        body=render_body(brief, name),
        lang=lang,
        links=links,
        since=brief.since.isoformat(),
        until=brief.until.isoformat(),
        hidden=[
            (k, v)
            for k, vs in state.items()
            if k not in ("since", "until")
            for v in (vs if isinstance(vs, list) else [vs])
        ],
        langs=LANGS,
        search_url=with_ui(request, "/", **state),
    )


@pages.get("/brief.css", response_model=None)
def brief_css() -> Response:
    """The brief's stylesheet (screen and print), shared with the downloaded HTML."""
    return Response(CSS, media_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})


__all__ = ["HTMLResponse", "api", "pages"]
