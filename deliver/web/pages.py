"""Server-rendered pages: search, article, sources. They work without JavaScript.

The search page's URL holds the whole search (query, filters, dates, sort, page and
interface language), so a search can be bookmarked and shared.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from stiwatch.core.facets import FACETS, MENTIONS_FIELD, TAG_FACETS
from stiwatch.crawler.documents import document_label
from stiwatch.crawler.registry import REGIONS, group_rank
from stiwatch.deliver.web.api import ARTICLE_ID
from stiwatch.deliver.web.highlight import Highlighter
from stiwatch.deliver.web.i18n import Translator, ui_lang
from stiwatch.deliver.web.login import require_page_access
from stiwatch.deliver.web.params import (
    FACET_PARAM,
    LIST_PARAMS,
    MAX_FILTER_VALUES,
    MAX_OFFSET,
    MAX_QUERY_CHARS,
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

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_page_access)])

# Sidebar order: an article's tags first, then its language and source (every facet).
PAGE_FACETS = tuple(f.name for f in sorted(FACETS, key=lambda f: not f.tag))
# Tag fields of a record, with the facet (and URL parameter) each belongs to.
TAG_FIELDS = tuple((f.field, f.name) for f in TAG_FACETS)
FACETS_SHOWN = 12


def _backend(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.backend
    return backend


def _page_size(request: Request) -> int:
    return max(1, min(100, int(request.app.state.config.values["web"].get("page_size", 20))))


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
            qp.get("sort") or "relevance",
            size,
            (page - 1) * size,
            mentions=qp.get("mentions", "").lower() in ("true", "1", "on", "yes"),
        )
        return params, page, None
    except HTTPException as exc:
        # Show the search as typed, so the user can correct it; nothing is searched.
        typed = SearchParams(
            q=(qp.get("q") or "")[:MAX_QUERY_CHARS],
            filters={name: tuple(values or ())[:MAX_FILTER_VALUES] for name, values in filters.items()},
            since=(qp.get("since") or "")[:40],
            until=(qp.get("until") or "")[:40],
            sort="date" if qp.get("sort") == "date" else "relevance",
            limit=size,
        )
        return typed, 1, str(exc.detail)


def translated_title(record: dict[str, Any], ui: str) -> str:
    """The title in the interface language (else English) when the article is in another."""
    translations = record.get("translations") or {}
    for lang in (ui, "en"):
        entry = translations.get(lang)
        if lang != record.get("language") and isinstance(entry, dict) and entry.get("title"):
            return str(entry["title"])
    return ""


def _facet_rows(
    request: Request, params: SearchParams, result: SearchResult, tr: Translator
) -> list[dict[str, Any]]:
    rows = []
    for facet in PAGE_FACETS:
        name = FACET_PARAM[facet]
        counts = dict(result.facets.get(facet, {}))
        for value in params.values(name):  # an active filter stays visible, even at 0
            counts.setdefault(value, 0)
        if not counts:
            continue
        values = [
            {
                "value": value,
                "label": tr.facet_label(facet, value),
                "count": n,
                "on": value in params.values(name),
                "href": _search_url(request, params.toggled(name, value)),
            }
            for value, n in list(counts.items())[: max(FACETS_SHOWN, len(params.values(name)))]
        ]
        rows.append({"facet": facet, "entries": values})
    return rows


def _search_url(request: Request, params: SearchParams, page: int = 1) -> str:
    return with_ui(request, "/", **params.state(), page=page if page > 1 else None)


def _chips(request: Request, params: SearchParams, tr: Translator) -> list[dict[str, str]]:
    facet_of = {param: facet for facet, param in FACET_PARAM.items()}
    chips = []
    for name in LIST_PARAMS:
        for value in params.values(name):
            label = tr.facet_label(facet_of[name], value)
            href = _search_url(request, params.toggled(name, value))
            chips.append({"kind": tr.t(f"facet.{facet_of[name]}"), "label": label, "href": href})
    for name in ("since", "until"):
        value = getattr(params, name)
        if value:
            chips.append(
                {
                    "kind": tr.t(f"filter.{name}"),
                    "label": value,
                    "href": _search_url(request, params.without(name)),
                }
            )
    return chips


def document_marks(record: dict[str, Any]) -> dict[str, Any]:
    """A document's mark ("PDF"), the page that links it, and whether OCR read it."""
    parent = str(record.get("attachment_of") or "")
    return {
        "document": document_label(record.get("content_type")),
        "parent_href": safe_href(parent) if parent else "",
        "parent_label": parent,
        "ocr": any(e.get("kind") == "ocr" for e in record.get("errors") or [] if isinstance(e, dict)),
    }


def _card_tags(
    request: Request, hit: dict[str, Any], params: SearchParams, tr: Translator
) -> list[dict[str, Any]]:
    """The card's chips: what the article is about; with mentions on, also the filtered
    values it only mentions (marked, so the reader sees why it matched)."""
    tags = []
    raw = hit.get(MENTIONS_FIELD)
    named: dict[str, Any] = raw if isinstance(raw, dict) else {}
    for field, facet in TAG_FIELDS:
        about = list(hit.get(field) or [])
        wanted = set(params.values(FACET_PARAM[facet])) if params.mentions else set()
        only = [v for v in named.get(field) or [] if v in wanted and v not in about]
        for value, mentioned in [*((v, False) for v in about), *((v, True) for v in only)]:
            tags.append(
                {
                    "label": tr.facet_label(facet, value),
                    "href": with_ui(request, "/", **{FACET_PARAM[facet]: value}),
                    "mentioned": mentioned,
                }
            )
    return tags


def _card(
    request: Request,
    hit: dict[str, Any],
    snippet: Markup,
    hl: Highlighter,
    tr: Translator,
    params: SearchParams | None = None,
) -> dict[str, Any]:
    tags = _card_tags(request, hit, params or SearchParams(), tr)
    return {
        "id": hit["id"],
        "href": with_ui(request, f"/articles/{hit['id']}"),
        "title": hl.mark(str(hit.get("title") or "")) if hit.get("title") else "",
        "translated_title": translated_title(hit, tr.lang),
        "source": tr.facet_label("source", str(hit.get("source") or "")),
        "language": tr.facet_label("language", str(hit.get("language") or "")),
        "date": str(hit.get("published") or "")[:10],
        "snippet": snippet,
        "tags": tags,
        **document_marks(hit),
    }


@router.get("/", response_class=HTMLResponse, response_model=None)
def search_page(request: Request) -> Response:
    """The search page: query box, facets with counts, chips, cards, sort and paging."""
    items = request.query_params.multi_items()
    if any(value == "" for _, value in items) or ("sort", "relevance") in items:
        # The search form sends its empty fields too; redirect to the short, shareable URL.
        kept = [(k, v) for k, v in items if v != "" and (k, v) != ("sort", "relevance")]
        return RedirectResponse(f"/?{urlencode(kept)}" if kept else "/", status_code=303)
    size = _page_size(request)
    params, page, error = _params_from(request, size)
    tr = Translator(ui_lang(request))
    result = SearchResult(total=0)
    snippets: dict[str, Markup] = {}
    query = None
    if error is None:
        query = params.to_query(tuple(f.name for f in FACETS))
        result, snippets = run_search(_backend(request), query)
    hl = Highlighter.for_query(params.q, expand=query.expand if query is not None else True)
    pages = max(1, -(-result.total // size))
    state = params.state()
    return render(
        request,
        "search.html",
        status=422 if error else 200,
        params=params,
        state=state,
        error=error,
        result=result,
        facets=_facet_rows(request, params, result, tr),
        chips=_chips(request, params, tr),
        cards=[_card(request, hit, snippets[hit["id"]], hl, tr, params) for hit in result.hits],
        mentions_url=_search_url(
            request, dataclasses.replace(params, mentions=not params.mentions, offset=0)
        ),
        page=page,
        pages=pages,
        prev_url=_search_url(request, params, page - 1) if page > 1 else None,
        next_url=_search_url(request, params, page + 1) if page < pages else None,
        sort_urls={
            s: _search_url(request, dataclasses.replace(params, sort=s)) for s in ("relevance", "date")
        },
        clear_url=with_ui(request, "/"),
        export_csv=with_ui(request, "/api/export", **state, format="csv"),
        export_jsonl=with_ui(request, "/api/export", **state, format="jsonl"),
        can_subscribe=True,
        hidden=[(k, v) for k, vs in state.items() if k in LIST_PARAMS for v in vs]
        + ([("mentions", "true")] if params.mentions else []),
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


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    """One article: original and translation side by side, tags with evidence, other versions."""
    if not ARTICLE_ID.match(article_id):
        raise HTTPException(status_code=404, detail=f"no article {article_id[:64]}")
    backend = _backend(request)
    record = backend.get(article_id)
    if record is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    tr = Translator(ui_lang(request))
    evidence = record.get("tag_evidence") or {}
    tags = []
    for field, facet in TAG_FIELDS:
        for value in record.get(field) or []:
            why = sorted(
                {
                    f"{e.get('alias')} ({e.get('where')})"
                    for e in evidence.get(field, [])
                    if e.get("id") == value
                }
            )
            tags.append(
                {
                    "kind": tr.t(f"facet.{facet}"),
                    "label": tr.facet_label(facet, value),
                    "href": with_ui(request, "/", **{FACET_PARAM[facet]: value}),
                    "evidence": "; ".join(why),
                }
            )
    mentioned = _mentioned(request, record, evidence, tr)
    lang = _translation_lang(record, request.query_params.get("tr"), tr.lang)
    translation = (record.get("translations") or {}).get(lang) if lang else None
    versions = [
        {
            "href": with_ui(request, f"/articles/{v['id']}"),
            "title": str(v.get("title") or v["id"]),
            "source": tr.facet_label("source", str(v.get("source") or "")),
            "date": str(v.get("published") or "")[:10],
            "language": tr.facet_label("language", str(v.get("language") or "")),
        }
        for v in other_versions(backend, record)
    ]
    translations = sorted(k for k in (record.get("translations") or {}) if k != record.get("language"))
    return render(
        request,
        "article.html",
        record=record,
        source=tr.facet_label("source", str(record.get("source") or "")),
        language=tr.facet_label("language", str(record.get("language") or "")),
        date=str(record.get("published") or "")[:10],
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
        tags=tags,
        mentioned=mentioned,
        versions=versions,
        back_url=with_ui(request, "/"),
        attachments=[
            {
                "href": safe_href(a.get("url")),
                "text": str(a.get("text") or a.get("url") or ""),
                "format": a.get("format"),
            }
            for a in record.get("attachments") or []
            if isinstance(a, dict)
        ],
        **document_marks(record),
    )


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
            why = sorted(
                {
                    f"{e.get('alias')} ({e.get('where')})"
                    for e in evidence.get(field, [])
                    if e.get("id") == value
                }
            )
            rows.append(
                {
                    "kind": tr.t(f"facet.{facet}"),
                    "label": tr.facet_label(facet, value),
                    "href": with_ui(request, "/", **{FACET_PARAM[facet]: value}, mentions="true"),
                    "evidence": "; ".join(why),
                }
            )
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
    )
