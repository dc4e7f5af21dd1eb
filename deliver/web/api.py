"""The JSON API: search (with highlights and paging), articles, exports, sources.

``GET /api/search`` answers the JSON of ``stiwatch search --json`` (``total``, ``hits``,
``facets``) plus ``highlights`` (id → escaped snippet with ``<mark>``) and ``paging``.
Reads are public unless ``web.public_reads`` is false (then they need the API token).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from stiwatch.deliver.web import export
from stiwatch.deliver.web.answers import AnswerCache, generation_of
from stiwatch.deliver.web.auth import require_read_access
from stiwatch.deliver.web.i18n import Translator, ui_lang
from stiwatch.deliver.web.params import SearchParams, search_params
from stiwatch.deliver.web.results import run_search
from stiwatch.search.backend import EXTRA_FACETS, FACETS, MAX_LIMIT, SearchBackend

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(require_read_access)])

ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# The facets ``?facet=`` may add: FastAPI checks them against this Literal, built from the
# declaration (stiwatch.core.facets via EXTRA_FACETS); mypy sees the plain string.
if TYPE_CHECKING:
    Facet = str
else:
    Facet = Literal[EXTRA_FACETS]


def backend_of(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.backend
    return backend


@router.get("/search")
def api_search(
    request: Request,
    params: Annotated[SearchParams, Depends(search_params)],
    facet: Annotated[list[Facet] | None, Query(description="extra facets to count")] = None,
    highlight: Annotated[bool, Query(description="add highlighted snippets (false: faster)")] = True,
) -> Response:
    """Search articles: the parameters and JSON of `stiwatch search --json`, plus highlights and paging.

    A search asked again before the index changes is answered from the last answers kept
    (`web.search_cache_entries`; see stiwatch.deliver.web.answers).
    """
    facets = FACETS + tuple(f for f in dict.fromkeys(facet or ()) if f in EXTRA_FACETS)
    backend = backend_of(request)
    answers: AnswerCache = request.app.state.answers
    # Before searching: a kept answer is never older than the generation it is kept under.
    generation = generation_of(backend)
    # Everything the answer depends on besides the index (the filters in a set order).
    asked = (repr(replace(params, filters={})), tuple(sorted(params.filters.items())), facets, highlight)
    kept = answers.get(generation, asked)
    if kept is not None:
        return Response(kept, media_type="application/json")
    response = JSONResponse(_search_body(backend, params, facets, highlight))
    answers.put(generation, asked, bytes(response.body))
    return response


def _search_body(
    backend: SearchBackend, params: SearchParams, facets: tuple[str, ...], highlight: bool
) -> dict[str, Any]:
    notes: list[str] = []
    query = params.to_query(facets, notes=notes)
    if highlight:
        result, snippets = run_search(backend, query)
    else:
        result, snippets = backend.search(query), {}
    body = result.to_json()
    body["highlights"] = {k: str(v) for k, v in snippets.items()}
    shown = params.offset + len(result.hits)
    body["paging"] = {
        "limit": params.limit,
        "offset": params.offset,
        "next_offset": shown if shown < result.total and params.limit else None,
    }
    if notes:
        body["notes"] = notes
    return body


@router.get("/articles/{article_id}")
def api_article(request: Request, article_id: str) -> JSONResponse:
    """One article record: original text, translations, tags and their evidence."""
    if not ARTICLE_ID.match(article_id):
        raise HTTPException(
            status_code=422, detail="bad article id: letters, digits, '-' or '_' (at most 64)"
        )
    record = backend_of(request).get(article_id)
    if record is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    return JSONResponse(record)


def _records(backend: SearchBackend, params: SearchParams, rows: int) -> Iterator[dict[str, Any]]:
    """Up to ``rows`` hits, fetched page by page so memory stays flat."""
    offset, sent = params.offset, 0
    while sent < rows:
        page = min(MAX_LIMIT, rows - sent)
        query = replace(params, offset=offset).to_query(facets=(), limit=page)
        hits = backend.search(query).hits
        yield from hits
        sent += len(hits)
        offset += len(hits)
        if len(hits) < page:
            return


@router.get("/export", response_model=None)
def api_export(
    request: Request,
    params: Annotated[SearchParams, Depends(search_params)],
    format: Annotated[
        Literal["csv", "xlsx", "jsonl"], Query(description="csv, xlsx (Excel) or jsonl (JSON Lines)")
    ] = "csv",
    rows: Annotated[
        int | None, Query(ge=1, description="at most this many rows (bounded by web.max_export_rows)")
    ] = None,
) -> Response:
    """A search as CSV, XLSX or JSON Lines; the search's `limit` is ignored, `rows` bounds it.

    CSV and XLSX carry the tag names in the interface language (`ui=th`) beside the ids and
    times in Asia/Bangkok; the file is named after the search.
    """
    bound = int(request.app.state.config.values["web"].get("max_export_rows", 10_000))
    if rows is not None and rows > bound:
        raise HTTPException(status_code=422, detail=f"rows must be at most {bound} (web.max_export_rows)")
    count = rows or bound
    params.to_query()  # a bad date fails here, as a 422, before the stream starts
    backend = backend_of(request)
    name = export.search_name(params.state())
    if format == "jsonl":
        lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in _records(backend, params, count))
        return StreamingResponse(
            lines,
            media_type="application/x-ndjson; charset=utf-8",
            headers={"Content-Disposition": export.disposition(name, "jsonl")},
        )
    columns = export.Columns(Translator(ui_lang(request)))
    if format == "xlsx":
        body = export.xlsx_bytes(_records(backend, params, count), columns, params.q or "stiwatch")
        return Response(
            body,
            media_type=export.XLSX_TYPE,
            headers={"Content-Disposition": export.disposition(name, "xlsx")},
        )
    return StreamingResponse(
        export.csv_chunks(_records(backend, params, count), columns),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": export.disposition(name, "csv")},
    )
