"""Country and agency pages (and their JSON): ``/countries/{CC}``, ``/agencies/{ID}``.

``/countries/TH?partner=VN`` is one relationship: the timeline, partners, themes and
cooperation events of the articles about both countries. ``interval=week|month``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup

from stiwatch.core.facets import BY_NAME
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.deliver.profiles import Profile, UnknownEntity, build_profile
from stiwatch.deliver.trend_views import Labels, trend_rows, trend_svg
from stiwatch.deliver.web.auth import require_read_access
from stiwatch.deliver.web.i18n import Translator, ui_lang
from stiwatch.deliver.web.login import require_page_access
from stiwatch.deliver.web.render import render, with_ui
from stiwatch.search.backend import SearchBackend

pages = APIRouter(include_in_schema=False, dependencies=[Depends(require_page_access)])
api = APIRouter(prefix="/api", tags=["analysis"], dependencies=[Depends(require_read_access)])

PATHS = {"country": "/countries/", "agency": "/agencies/"}
Interval = Annotated[str, Query(pattern="^(week|month)$", description="timeline periods: week or month")]


def _profile(request: Request, kind: str, entity_id: str, partner: str | None, interval: str) -> Profile:
    backend: SearchBackend = request.app.state.backend
    try:
        return build_profile(
            backend,
            load_taxonomy(check_segmentation=False),
            kind,
            entity_id.upper()[:40],
            partner=partner.upper()[:40] if partner else None,
            interval=interval,
        )
    except UnknownEntity as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


@api.get("/countries/{country}")
def api_country(
    request: Request, country: str, partner: str | None = None, interval: Interval = "month"
) -> JSONResponse:
    """A country's profile; with ``partner``, the relationship (the articles about both)."""
    return JSONResponse(_profile(request, "country", country, partner, interval).to_json())


@api.get("/agencies/{agency}")
def api_agency(request: Request, agency: str, interval: Interval = "month") -> JSONResponse:
    """An agency's profile: names, parent and history, timeline, partners, themes, events."""
    return JSONResponse(_profile(request, "agency", agency, None, interval).to_json())


def _linked(
    request: Request, tr: Translator, facet: str, pairs: list[tuple[str, int]], **extra: Any
) -> list[dict[str, Any]]:
    out = []
    for value, n in pairs:
        entry = {"value": value, "label": tr.facet_label(facet, value), "count": n}
        if facet in PATHS:
            entry["href"] = with_ui(request, PATHS[facet] + value)
        else:
            entry["href"] = with_ui(request, "/", **{BY_NAME[facet].param: value}, **extra)
        out.append(entry)
    return out


def _view(request: Request, profile: Profile, interval: str) -> HTMLResponse:
    tr = Translator(ui_lang(request))
    title = tr.facet_label(profile.kind, profile.id)
    if profile.partner:
        title = f"{title} – {tr.facet_label('country', profile.partner)}"
    timeline = profile.timeline
    assert timeline is not None
    chart_title = tr.t("profile.timeline", name=title)
    own_filter = {"country" if profile.kind == "country" else "agency": profile.id}
    relationship = [
        {**entry, "relationship": with_ui(request, f"/countries/{profile.id}", partner=entry["value"])}
        for entry in _linked(request, tr, "country", profile.partners("country"))
    ]
    return render(
        request,
        "profile.html",
        profile=profile,
        title=title,
        names=profile.names,
        facts=profile.facts,
        fact_label=lambda facet, value: tr.facet_label(facet, value),
        profile_href=lambda facet, value: with_ui(request, PATHS[facet] + value),
        chart=Markup(
            trend_svg(timeline, tr.facet_label, Labels(chart_title, tr.t("trends.all")), chart_id="timeline")
        ),
        chart_title=chart_title,
        headers=[tr.facet_label("theme", v) for v in timeline.values],
        rows=[{"key": r[0], "cells": r[3:]} for r in trend_rows(timeline)],
        partner_countries=relationship,
        partner_agencies=_linked(request, tr, "agency", profile.partners("agency")),
        themes=_linked(request, tr, "theme", profile.counted.get("theme", [])[:12], **own_filter),
        cooperation=[
            (tr.facet_label("cooperation", v), n) for v, n in profile.counted.get("cooperation", [])
        ],
        forums=profile.counted.get("forum", [])[:12],
        interval=interval,
        search_url=with_ui(request, "/", **own_filter, sort="date") if not profile.partner else None,
        json_url=with_ui(
            request, f"/api{PATHS[profile.kind]}{profile.id}", partner=profile.partner, interval=interval
        ),
        week_url=with_ui(
            request, f"{PATHS[profile.kind]}{profile.id}", partner=profile.partner, interval="week"
        ),
        month_url=with_ui(
            request, f"{PATHS[profile.kind]}{profile.id}", partner=profile.partner, interval="month"
        ),
        article_href=lambda article_id: with_ui(request, f"/articles/{article_id}"),
        coop_label=lambda value: tr.facet_label("cooperation", value),
    )


@pages.get("/countries/{country}", response_class=HTMLResponse)
def country_page(
    request: Request, country: str, partner: str | None = None, interval: Interval = "month"
) -> HTMLResponse:
    """A country, or with ``?partner=VN`` the relationship of two countries."""
    return _view(request, _profile(request, "country", country, partner, interval), interval)


@pages.get("/agencies/{agency}", response_class=HTMLResponse)
def agency_page(request: Request, agency: str, interval: Interval = "month") -> HTMLResponse:
    """An agency: names in three languages, parent and history, its articles over time."""
    return _view(request, _profile(request, "agency", agency, None, interval), interval)
