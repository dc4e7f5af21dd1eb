"""Server-rendered pages: search, article, sources. They work without JavaScript.

The search page's URL holds the whole search (query, filters, dates, sort, page and
interface language), so a search can be bookmarked and shared.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from stiwatch.core.facets import MENTIONS_FIELD, TAG_FACETS
from stiwatch.crawler.registry import REGIONS, group_rank
from stiwatch.deliver.web import search_view as view
from stiwatch.deliver.web.api import ARTICLE_ID
from stiwatch.deliver.web.gaps import article_gap, search_gaps
from stiwatch.deliver.web.highlight import Highlighter
from stiwatch.deliver.web.i18n import Translator, ui_lang
from stiwatch.deliver.web.login import require_page_access
from stiwatch.deliver.web.params import (
    FACET_PARAM,
    LIST_PARAMS,
    MAX_FILTER_VALUES,
    MAX_OFFSET,
    MAX_QUERY_CHARS,
    MODE_PARAMS,
    SearchParams,
    make_params,
)
from stiwatch.deliver.web.render import render, safe_href, with_ui
from stiwatch.deliver.web.results import run_search
from stiwatch.deliver.web.rising_view import PROFILE_PATHS, home_rising
from stiwatch.deliver.web.sources import SourceFilter, backend_view, grouped, source_rows
from stiwatch.deliver.web.stories import other_versions
from stiwatch.operate.health import LISTED_STATUSES
from stiwatch.search.backend import SearchBackend, SearchResult
from stiwatch.search.diagnose import diagnose
from stiwatch.search.querytext import parse_text

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_page_access)])

PAGE_FACETS = view.PAGE_FACETS
# Every value of every facet: the lists show the top ones and the rest behind "Show all".
FACET_SIZE = 1000
# Tag fields of a record, with the facet (and URL parameter) each belongs to.
TAG_FIELDS = tuple((f.field, f.name) for f in TAG_FACETS)


def _backend(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.backend
    return backend


def _page_size(request: Request) -> int:
    return max(1, min(100, int(request.app.state.config.values["web"].get("page_size", 20))))


def _typed(qp: Any, size: int) -> SearchParams:
    """The search as typed, bounded, for a page that shows an input error (nothing is searched)."""
    return SearchParams(
        q=(qp.get("q") or "")[:MAX_QUERY_CHARS],
        filters={name: tuple(qp.getlist(name))[:MAX_FILTER_VALUES] for name in LIST_PARAMS},
        since=(qp.get("since") or "")[:40],
        until=(qp.get("until") or "")[:40],
        sort=qp.get("sort") if qp.get("sort") in ("relevance", "date") else "",
        limit=size,
        mentions=_flag(qp.get("mentions")) is True,
    )


def _flag(value: str | None) -> bool | None:
    return None if value in (None, "") else value.lower() not in ("0", "false", "no", "off")


def _params_from(request: Request, size: int) -> tuple[SearchParams, int, str | None]:
    """The search in the URL, its page number and an error message for bad input."""
    qp = request.query_params
    filters: dict[str, list[str] | None] = {name: qp.getlist(name) for name in LIST_PARAMS}
    try:
        page = max(1, min(int(qp.get("page") or 1), MAX_OFFSET // size))
    except ValueError:
        page = 1
    try:
        params = make_params(
            qp.get("q") or "",
            filters,
            qp.get("since"),
            qp.get("until"),
            qp.get("sort") or None,
            size,
            (page - 1) * size,
            mentions=_flag(qp.get("mentions")) is True,
            modes={param: qp.get(param) for param in MODE_PARAMS},
            collapse=_flag(qp.get("collapse")),
            partial=_flag(qp.get("partial")) is not False,
        )
        return params, page, None
    except HTTPException as exc:
        return _typed(qp, size), 1, str(exc.detail)


def _short_url(request: Request) -> str | None:
    """The shorter URL of a search the form sent with empty or default fields, else None."""
    items = request.query_params.multi_items()
    kept = [(k, v) for k, v in items if v != ""]
    return None if len(kept) == len(items) else (f"/?{urlencode(kept)}" if kept else "/")


@router.get("/", response_class=HTMLResponse, response_model=None)
def search_page(request: Request) -> Response:
    """The search page: query box, facets with counts, chips, cards, sort and paging."""
    short = _short_url(request)
    if short is not None:
        # The search form sends its empty fields too; redirect to the short, shareable URL.
        return RedirectResponse(short, status_code=303)
    size = _page_size(request)
    params, page, error = _params_from(request, size)
    tr = Translator(ui_lang(request))
    config = request.app.state.config
    result = SearchResult(total=0)
    snippets: dict[str, Markup] = {}
    notes: list[str] = []
    empty: dict[str, Any] | None = None
    gaps: list[Any] = []
    query = None
    if error is None:
        query = replace(params.to_query(PAGE_FACETS, collapse=True, notes=notes), facet_size=FACET_SIZE)
        result, snippets = run_search(_backend(request), query)
        if not result.total and (query.text or params.state()):
            empty = view.empty_view(request, params, diagnose(_backend(request), query), tr)
        gaps = search_gaps(_backend(request), query, config)
    hl = Highlighter.for_query(params.q, expand=query.expand if query is not None else True)
    pages = max(1, -(-result.total // size))
    state = params.state()
    parsed = parse_text(params.q, expand=query.expand if query is not None else True)
    collapsed = bool(query and query.collapse)
    return render(
        request,
        "search.html",
        status=422 if error else 200,
        params=params,
        sort=params.effective_sort,
        state=state,
        error=error,
        notes=notes,
        result=result,
        facets=view.facet_rows(request, params, result, tr),
        partners=view.partner_rows(request, params, result, tr),
        chips=view.chips(request, params, tr),
        cards=[
            view.card(request, params, hit, snippets[hit["id"]], hl, tr, result.missing.get(str(hit["id"])))
            for hit in result.hits
        ],
        full_total=result.full_total,
        first_partial=(result.full_total - params.offset) if result.full_total is not None else None,
        ignored=parsed.ignored,
        empty=empty,
        gaps=view.gap_notes(gaps, tr),
        collapsed=collapsed,
        articles=sum(result.facets.get("language", {}).values()) if collapsed else result.total,
        collapse_url=view.search_url(request, replace(params, collapse=not collapsed)),
        mentions_url=view.search_url(request, replace(params, mentions=not params.mentions, offset=0)),
        page=page,
        pages=pages,
        prev_url=view.search_url(request, params, page - 1) if page > 1 else None,
        next_url=view.search_url(request, params, page + 1) if page < pages else None,
        sort_urls={s: view.search_url(request, replace(params, sort=s)) for s in ("relevance", "date")},
        clear_url=with_ui(request, "/"),
        exports={
            fmt: with_ui(request, "/api/export", **state, format=fmt) for fmt in ("csv", "xlsx", "jsonl")
        },
        subscribe_url=with_ui(request, "/subscriptions/new", **state),
        state_pairs=[(k, v) for k, vs in state.items() for v in (vs if isinstance(vs, list) else [vs])],
        hidden=[(k, v) for k, vs in state.items() if k in LIST_PARAMS for v in vs]
        + [
            (k, v)
            for k, v in state.items()
            if k in MODE_PARAMS or k in ("collapse", "partial", "expand", "mentions")
        ],
        # The home page (no search yet) shows what is rising this week; a search shows its trends link.
        rising=home_rising(request, _backend(request)) if not state and error is None else None,
        trends_url=with_ui(request, "/trends", **state),
        profile_paths=PROFILE_PATHS,
    )


def _translation_lang(record: dict[str, Any], wanted: str | None, ui: str) -> str | None:
    translations = {k: v for k, v in (record.get("translations") or {}).items() if isinstance(v, dict)}
    for lang in (wanted, ui, "en"):
        if lang and lang in translations and lang != record.get("language"):
            return lang
    others = [lang for lang in translations if lang != record.get("language")]
    return others[0] if others else None


def _paragraphs(text: Any) -> list[str]:
    return [p.strip() for p in str(text or "").split("\n\n") if p.strip()]


# The parameters of a search that "Back to search" restores (nothing else passes through).
BACK_PARAMS = frozenset(
    {*LIST_PARAMS, *MODE_PARAMS, "q", "since", "until", "sort", "collapse", "partial", "expand", "page"}
)


def _back_url(request: Request) -> str:
    """The search the reader came from (the card link carries it in ``from``), else the search page."""
    kept: dict[str, list[str]] = {}
    for key, value in parse_qsl((request.query_params.get(view.FROM_PARAM) or "")[:4000]):
        if key in BACK_PARAMS:
            kept.setdefault(key, []).append(value)
    return with_ui(request, "/", **kept)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    """One article: original and translation side by side, tags with evidence, other versions."""
    tr = Translator(ui_lang(request))
    if not ARTICLE_ID.match(article_id):
        raise HTTPException(status_code=404, detail=tr.t("article.not_found", id=article_id[:64]))
    backend = _backend(request)
    record = backend.get(article_id)
    if record is None:
        raise HTTPException(status_code=404, detail=tr.t("article.not_found", id=article_id))
    evidence = record.get("tag_evidence") or {}
    tags = []
    for field, facet in TAG_FIELDS:
        for value in record.get(field) or []:
            tags.append(_tag_chip(request, tr, evidence, field, facet, value))
    mentioned = _mentioned(request, record, evidence, tr)
    lang = _translation_lang(record, request.query_params.get("tr"), tr.lang)
    translation = (record.get("translations") or {}).get(lang) if lang else None
    versions = [
        {
            "href": with_ui(request, f"/articles/{v['id']}"),
            "title": str(v.get("title") or v["id"]),
            "lang": str(v.get("language") or ""),
            "source": tr.facet_label("source", str(v.get("source") or "")),
            "published": v.get("published"),
            "language": tr.facet_label("language", str(v.get("language") or "")),
        }
        for v in other_versions(backend, record)
    ]
    translations = sorted(k for k in (record.get("translations") or {}) if k != record.get("language"))
    wanted = tr.lang if tr.lang != record.get("language") else "en"
    return render(
        request,
        "article.html",
        record=record,
        source=tr.facet_label("source", str(record.get("source") or "")),
        language=tr.facet_label("language", str(record.get("language") or "")),
        paragraphs=_paragraphs(record.get("text")),
        translation=translation,
        translation_lang=lang,
        translation_paragraphs=_paragraphs(translation.get("text")) if translation else [],
        translation_links=[
            {
                "lang": k,
                "label": tr.facet_label("language", k),
                "href": with_ui(request, f"/articles/{article_id}", tr=k),
            }
            for k in translations
        ],
        no_translation=None if translation else article_gap(record, wanted, request.app.state.config),
        other_languages=[v for v in versions if v["lang"] and v["lang"] != record.get("language")],
        tags=tags,
        mentioned=mentioned,
        versions=versions,
        back_url=_back_url(request),
        attachments=[
            {
                "href": safe_href(a.get("url")),
                "text": str(a.get("text") or a.get("url") or ""),
                "format": a.get("format"),
            }
            for a in record.get("attachments") or []
            if isinstance(a, dict)
        ],
        **view.document_marks(record),
    )


def _tag_chip(
    request: Request,
    tr: Translator,
    evidence: dict[str, Any],
    field: str,
    facet: str,
    value: str,
    **search: str,
) -> dict[str, str]:
    """One tag of the article page: its name, the search it leads to (``search`` adds to the
    facet filter) and the words it was found by, with where."""
    why = sorted(
        {f"{e.get('alias')} ({e.get('where')})" for e in evidence.get(field, []) if e.get("id") == value}
    )
    return {
        "kind": tr.t(f"facet.{facet}"),
        "label": tr.facet_label(facet, value),
        "href": with_ui(request, "/", **{FACET_PARAM[facet]: value}, **search),
        "evidence": "; ".join(why),
    }


def _mentioned(
    request: Request, record: dict[str, Any], evidence: dict[str, Any], tr: Translator
) -> list[dict[str, str]]:
    """What the article names but is not about, with where it was found (search links ask
    for mentions, so that the article is among the results)."""
    raw = record.get(MENTIONS_FIELD)
    named: dict[str, Any] = raw if isinstance(raw, dict) else {}
    rows = []
    for field, facet in TAG_FIELDS:
        about = set(record.get(field) or [])
        for value in named.get(field) or []:
            if value in about:
                continue
            rows.append(_tag_chip(request, tr, evidence, field, facet, value, mentions="true"))
    return rows


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, lang: str = "", status: str = "", country: str = "") -> HTMLResponse:
    """Each source's languages, discovery, last crawl, articles per day, errors and status,
    grouped by country (regional bodies under ASEAN) and filtered by language, status and
    group."""
    rows = source_rows(request.app.state.config.data_dir, _backend(request))
    tr = Translator(ui_lang(request))
    languages = sorted({lg for r in rows for lg in r.languages})
    groups = sorted({r.group for r in rows}, key=group_rank)
    wanted = SourceFilter(lang=lang.strip(), status=status.strip(), group=country.strip().upper())
    for value, allowed, name in (
        (wanted.lang, languages, "lang"),
        (wanted.status, LISTED_STATUSES, "status"),
        (wanted.group, groups, "country"),
    ):
        if value and value not in allowed:
            raise HTTPException(status_code=400, detail=f"{name}={value!r}: one of {', '.join(allowed)}")
    shown = grouped(rows, wanted)
    return render(
        request,
        "sources.html",
        backend=backend_view(request.app.state.config.data_dir),
        groups=shown,
        shown=sum(len(g) for _, g in shown),
        total=len(rows),
        wanted=wanted,
        languages=languages,
        statuses=LISTED_STATUSES,
        group_names=groups,
        group_label=lambda g: tr.t("sources.regional") if g in REGIONS else tr.facet_label("country", g),
        search_url=lambda sid: with_ui(request, "/", source=sid),
        status_label=lambda s: tr.t(f"status.{s}"),
        explain=tr.error_kind,
    )
