"""What the search page shows, as plain data for its template (search.html and its partials).

- Facet lists: the top values (``TOP_VALUES``), then every value behind "Show all N",
  with a box that narrows the list (``find_<facet>=text``, matched on ids and names,
  diacritics and case ignored). Several values of one facet mean "any of", which the
  page says; countries and agencies switch to "all of". A selected country opens the
  partner list: the countries that occur with it, each a ``partner=`` link (about both).
- Chips: one per active filter, each a link that removes it, named for screen readers
  ("Remove filter Country: Vietnam").
- Cards: tags grouped by type and capped (``TAGS_PER_GROUP``), "+N more" linking to the
  article's tags; story versions; the words a partial match misses.
- Zero results: which word or filter emptied the search (stiwatch.search.diagnose).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import Request
from markupsafe import Markup

from stiwatch.core.facets import ALL_OF_FACETS, BY_NAME, FACETS, MENTIONS_FIELD, PARTNER, TAG_FACETS
from stiwatch.core.text import fold_latin
from stiwatch.crawler.documents import document_label
from stiwatch.deliver.web.gaps import Gap
from stiwatch.deliver.web.highlight import Highlighter
from stiwatch.deliver.web.i18n import Translator
from stiwatch.deliver.web.params import FACET_PARAM, LIST_PARAMS, SearchParams
from stiwatch.deliver.web.render import safe_href, with_ui
from stiwatch.search.backend import SearchResult
from stiwatch.search.diagnose import Diagnosis, Relaxation

# Sidebar order: an article's tags first, then its language and source (every facet).
PAGE_FACETS = tuple(f.name for f in sorted(FACETS, key=lambda f: not f.tag))
TOP_VALUES = 8
TAGS_PER_GROUP = 3
ALL_OF_NAMES = frozenset(f.name for f in ALL_OF_FACETS)
# Where a search's state travels to the article page, so that "Back to search" returns to it.
FROM_PARAM = "from"


def search_url(request: Request, params: SearchParams, page: int = 1) -> str:
    return with_ui(request, "/", **params.state(), page=page if page > 1 else None)


def _key(text: str) -> str:
    return fold_latin(text).casefold()


def _entry(
    request: Request, params: SearchParams, tr: Translator, facet: str, param: str, value: str, n: int
) -> dict[str, Any]:
    on = value in params.values(param)
    return {
        "value": value,
        "label": tr.facet_label(facet, value),
        "count": n,
        "on": on,
        "href": search_url(request, params.toggled(param, value)),
    }


def facet_rows(
    request: Request, params: SearchParams, result: SearchResult, tr: Translator
) -> list[dict[str, Any]]:
    """One block per facet with values: top entries, all entries (filtered), mode links."""
    rows = []
    for facet in PAGE_FACETS:
        param = FACET_PARAM[facet]
        counts = dict(result.facets.get(facet, {}))
        for value in params.values(param):  # an active filter stays visible, even at 0
            counts.setdefault(value, 0)
        if not counts:
            continue
        entries = [_entry(request, params, tr, facet, param, v, n) for v, n in counts.items()]
        top = entries[:TOP_VALUES] + [e for e in entries[TOP_VALUES:] if e["on"]]
        find = (request.query_params.get(f"find_{facet}") or "").strip()[:60]
        shown = [e for e in entries if _key(find) in _key(e["label"]) or _key(find) in _key(e["value"])]
        row: dict[str, Any] = {
            "facet": facet,
            "param": param,
            "top": top,
            "all": shown,
            "total": len(entries),
            "find": find,
            "more": len(entries) > len(top),
            "selected": len(params.values(param)),
        }
        if facet in ALL_OF_NAMES:
            all_of = facet in params.modes
            row["mode"] = "all" if all_of else "any"
            row["mode_urls"] = {
                "any": search_url(request, params.with_mode(facet, False)),
                "all": search_url(request, params.with_mode(facet, True)),
            }
        rows.append(row)
    return rows


def partner_rows(
    request: Request, params: SearchParams, result: SearchResult, tr: Translator
) -> list[dict[str, Any]]:
    """The partner countries offered once a country is selected: those occurring with it."""
    chosen = params.values(PARTNER.facet.param)
    if not chosen:
        return []
    counts = {k: v for k, v in result.facets.get(PARTNER.facet.name, {}).items() if k not in chosen}
    for value in params.values(PARTNER.param):
        counts.setdefault(value, 0)
    return [_entry(request, params, tr, PARTNER.facet.name, PARTNER.param, v, n) for v, n in counts.items()]


def chips(request: Request, params: SearchParams, tr: Translator) -> list[dict[str, str]]:
    facet_of = {param: facet for facet, param in FACET_PARAM.items()}
    out = []
    for name in LIST_PARAMS:
        facet = PARTNER.facet.name if name == PARTNER.param else facet_of[name]
        kind = tr.t("facet.partner") if name == PARTNER.param else tr.t(f"facet.{facet}")
        for value in params.values(name):
            label = tr.facet_label(facet, value)
            out.append(
                {
                    "kind": kind,
                    "label": label,
                    "href": search_url(request, params.toggled(name, value)),
                    "aria": tr.t("search.remove_chip", kind=kind, label=label),
                }
            )
    for name in ("since", "until"):
        value = getattr(params, name)
        if value:
            kind = tr.t(f"filter.{name}")
            out.append(
                {
                    "kind": kind,
                    "label": value,
                    "href": search_url(request, params.without(name)),
                    "aria": tr.t("search.remove_chip", kind=kind, label=value),
                }
            )
    return out


def _tag_groups(
    request: Request, params: SearchParams, hit: dict[str, Any], tr: Translator, article_href: str
) -> list[dict[str, Any]]:
    """The card's tags by type; the values the search filters on first (they are why it is
    here). With mentions on, the filtered values the article only mentions follow its tags,
    marked, so the reader sees why it matched."""
    raw = hit.get(MENTIONS_FIELD)
    named: dict[str, Any] = raw if isinstance(raw, dict) else {}
    groups = []
    for facet in TAG_FACETS:
        wanted = set(params.values(facet.param))
        if facet.name == PARTNER.facet.name:
            wanted |= set(params.values(PARTNER.param))
        values = sorted((str(v) for v in hit.get(facet.field) or []), key=lambda v: v not in wanted)
        only = [str(v) for v in named.get(facet.field) or [] if v in wanted and v not in values]
        if not params.mentions:
            only = []
        if not values and not only:
            continue
        tags = [
            {
                "label": tr.facet_label(facet.name, v),
                "href": with_ui(request, "/", **{facet.param: v}),
                "mentioned": mentioned,
            }
            for v, mentioned in [*((v, False) for v in values), *((v, True) for v in only)]
        ]
        # Mentions that explain the match are never hidden behind "+N more".
        visible = [*tags[: max(0, TAGS_PER_GROUP - len(only))][: len(values)], *tags[len(values) :]]
        groups.append(
            {
                "facet": facet.name,
                "kind": tr.t(f"facet.{facet.name}"),
                "tags": visible,
                "more": len(tags) - len(visible),
                "more_href": article_href + "#tags",
            }
        )
    return groups


def card(
    request: Request,
    params: SearchParams,
    hit: dict[str, Any],
    snippet: Markup,
    hl: Highlighter,
    tr: Translator,
    missing: list[str] | None,
) -> dict[str, Any]:
    page = params.offset // max(params.limit, 1) + 1
    from_state = params.query_string(page=page if page > 1 else None)
    href = with_ui(request, f"/articles/{hit['id']}", **({FROM_PARAM: from_state} if from_state else {}))
    title = str(hit.get("title") or "")
    return {
        "id": hit["id"],
        "href": href,
        "title": hl.mark(title) if title else "",
        "plain_title": title,
        "lang": str(hit.get("language") or ""),
        "translated": translated_title(hit, tr.lang),
        "source": tr.facet_label("source", str(hit.get("source") or "")),
        "language": tr.facet_label("language", str(hit.get("language") or "")),
        "published": hit.get("published"),
        "snippet": snippet,
        "groups": _tag_groups(request, params, hit, tr, href),
        "versions": len(hit.get("versions") or []),
        "missing": missing or [],
        **document_marks(hit),
    }


def document_marks(record: dict[str, Any]) -> dict[str, Any]:
    """A document's mark ("PDF"), the page that links it, and whether OCR read it."""
    parent = str(record.get("attachment_of") or "")
    return {
        "document": document_label(record.get("content_type")),
        "parent_href": safe_href(parent) if parent else "",
        "parent_label": parent,
        "ocr": any(e.get("kind") == "ocr" for e in record.get("errors") or [] if isinstance(e, dict)),
    }


def translated_title(record: dict[str, Any], ui: str) -> dict[str, str] | None:
    """The title in the interface language (else English) when the article is in another."""
    translations = record.get("translations") or {}
    for lang in (ui, "en"):
        entry = translations.get(lang)
        if lang != record.get("language") and isinstance(entry, dict) and entry.get("title"):
            return {"text": str(entry["title"]), "lang": lang}
    return None


def _relaxation_label(r: Relaxation, tr: Translator) -> str:
    if r.kind == "word":
        return tr.t("search.without_word", word=r.text)
    if r.kind == "dates":
        return tr.t("search.without_dates")
    kind = tr.t("facet.partner") if r.kind == "partner" else tr.t(f"facet.{r.facet}")
    label = ", ".join(tr.facet_label(r.facet, v) for v in r.values)
    return tr.t("search.without_filter", kind=kind, label=label)


def _relaxed_params(params: SearchParams, r: Relaxation) -> SearchParams:
    if r.kind == "word":
        return replace(params, q=r.query.text, offset=0)
    if r.kind == "dates":
        return replace(params, since="", until="", offset=0)
    param = PARTNER.param if r.kind == "partner" else BY_NAME[r.facet].param
    rest = tuple(v for v in params.values(param) if v not in r.values)
    return replace(params, filters={**params.filters, param: rest}, offset=0)


def empty_view(
    request: Request, params: SearchParams, diagnosis: Diagnosis, tr: Translator
) -> dict[str, Any]:
    """The zero-results explanation: words found nowhere, and single removals that find something."""
    return {
        "unknown": ", ".join(f"“{w}”" for w in diagnosis.unknown_words),
        "suggestions": [
            {
                "label": _relaxation_label(r, tr),
                "count": r.count,
                "href": search_url(request, _relaxed_params(params, r)),
            }
            for r in diagnosis.relaxations[:6]
        ],
    }


def gap_notes(gaps: list[Gap], tr: Translator) -> list[str]:
    """ "N Thai articles may match 'cooperation' once a th→en model is installed (...)"."""
    return [
        tr.t(
            "search.gap",
            n=g.count,
            lang=tr.facet_label("language", g.lang),
            words=", ".join(f"“{w}”" for w in g.words),
            src=g.lang,
            command=g.command,
        )
        for g in gaps
    ]
