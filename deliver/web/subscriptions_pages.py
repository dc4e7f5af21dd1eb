"""Subscription pages: list, create (from the current search), edit, delete, test.

"Subscribe to this search" opens the form filled from the search (``GET
/subscriptions/new?q=...&country=TH``); nothing is saved until the form is sent.
Filters are picked from lists (checkboxes with the values' names), never typed as
codes; the name is derived from the query with Thai letters, vowels and tone marks
kept. The list shows each feed's real address (``alerts.base_url`` when set, else the
address this page was reached at), warns when SMTP is not configured, and sends a test
digest on request (nothing is recorded, the next real digest is unchanged).

They use ``stiwatch.deliver.alerts.SubscriptionStore`` directly; every POST carries a
CSRF token (:mod:`stiwatch.deliver.web.csrf`) and answers with a redirect
(post/redirect/get). Every route needs the same sign-in as the subscription API
(:func:`stiwatch.deliver.web.login.require_sign_in`), whatever ``web.public_reads`` says:
subscriptions hold subscribers' email addresses.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from stiwatch.core.facets import FACETS, PARTNER
from stiwatch.deliver.alerts.subscriptions import (
    DISPLAY_LANGS,
    FILTER_FACETS,
    SCHEDULES,
    Subscription,
    SubscriptionStore,
    UnknownSubscription,
)
from stiwatch.deliver.web import csrf
from stiwatch.deliver.web.export import slug
from stiwatch.deliver.web.i18n import Translator, ui_lang
from stiwatch.deliver.web.login import require_sign_in
from stiwatch.deliver.web.render import render, with_ui
from stiwatch.deliver.web.subscription_extras import feed_base, pickers, smtp_configured, test_digest

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_sign_in)])

# Subscription field <- search URL parameter: a subscription keeps the whole search (every
# facet filter, the partner filter, the "all of" modes, the date window and concept expansion).
FROM_SEARCH = {
    "query": "q",
    **{f.query: f.param for f in FILTER_FACETS},
    PARTNER.query: PARTNER.param,
    "since": "since",
    "until": "until",
}
# Search parameters a subscription cannot keep; the form says they are dropped (the
# "mentioned" toggle: a subscription filters on what articles are about).
NOT_KEPT = (*(f.param for f in FACETS if f not in FILTER_FACETS), "mentions")
LIST_FIELDS = (*(f.query for f in FILTER_FACETS), PARTNER.query, "all_of", "emails")
TEXT_FIELDS = ("query", "schedule", "at", "timezone", "display_lang", "since", "until")
MAX_FIELD_CHARS = 2000


def _store(request: Request) -> SubscriptionStore:
    return SubscriptionStore(request.app.state.config.data_dir)


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", value) if part.strip()]


def _from_form(form: dict[str, str]) -> dict[str, Any]:
    """Subscription fields from the form's text inputs."""
    for key, value in form.items():
        if len(value) > MAX_FIELD_CHARS:
            raise ValueError(f"{key} is too long (at most {MAX_FIELD_CHARS} characters)")
    data: dict[str, Any] = {name: _split(form.get(name, "")) for name in LIST_FIELDS}
    data.update({name: form.get(name, "").strip() for name in TEXT_FIELDS if form.get(name, "").strip()})
    window = form.get("window_days", "").strip()
    if window and not window.isdigit():
        raise ValueError(f"bad window_days {window!r}: a whole number of days, or empty for any date")
    data["window_days"] = int(window) if window else None
    data["feed"] = form.get("feed") == "on"
    data["rising"] = form.get("rising") == "on"
    data["expand"] = form.get("expand", "true") != "false"
    data["webhook"] = form.get("webhook", "").strip() or None
    return data


def _auto_name(store: Any, text: str) -> str:
    """A free name from the query: letters of any script with their vowel and tone marks,
    digits and ``-`` (``ความร่วมมือ-ญี่ปุ่น``, ``semiconductor-Japan``)."""
    base = slug(text, limit=40) or "search"
    name, n = base, 1
    while store.exists(name):
        n += 1
        name = f"{base}-{n}"
    return name


async def _form(request: Request) -> dict[str, str]:
    raw = await request.form()
    out: dict[str, str] = {}
    for key, value in raw.multi_items():
        if isinstance(value, str):
            # Repeated fields (the search's filters) arrive as one comma-separated value.
            out[key] = f"{out[key]},{value}" if key in out else value
    csrf.check(request, out.get(csrf.FIELD))
    return out


def _redirect(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(with_ui(request, path), status_code=303)


def _sub_view(request: Request, sub: Any, tr: Translator) -> dict[str, Any]:
    data = sub.to_dict()
    search = {param: data.get(field) for field, param in FROM_SEARCH.items()}
    if not sub.expand:
        search["expand"] = "false"
    search.update({f.mode_param: "all" for f in FACETS if f.name in sub.all_of})
    quoted = quote(sub.name, safe="")
    return {
        **data,
        "edit_url": with_ui(request, f"/subscriptions/{quoted}/edit"),
        "delete_url": f"/subscriptions/{quoted}/delete",
        "test_url": f"/subscriptions/{quoted}/test",
        "feed_url": f"{feed_base(request)}/feeds/{quoted}.atom" if sub.feed else None,
        "filters": _filter_lines(data, tr),
        "search_url": with_ui(request, "/", **search, sort="date"),
        "channels": [
            *(data.get("emails") or []),
            *(["feed"] if data.get("feed") else []),
            *(["webhook"] if data.get("webhook") else []),
        ],
    }


def _filter_lines(data: dict[str, Any], tr: Translator) -> list[str]:
    """ "Country (all of): Thailand, Vietnam", "Partner country: Japan"... for the list page."""
    lines = []
    for f in FILTER_FACETS:
        if data.get(f.query):
            mode = f" ({tr.t('search.mode_all')})" if f.name in (data.get("all_of") or []) else ""
            names = ", ".join(tr.facet_label(f.name, v) for v in data[f.query])
            lines.append(f"{tr.t('facet.' + f.name)}{mode}: {names}")
    if data.get(PARTNER.query):
        names = ", ".join(tr.facet_label(PARTNER.facet.name, v) for v in data[PARTNER.query])
        lines.append(f"{tr.t('search.partner')}: {names}")
    return lines


@router.get("/subscriptions", response_class=HTMLResponse)
def list_page(request: Request) -> HTMLResponse:
    tr = Translator(ui_lang(request))
    subs = [_sub_view(request, s, tr) for s in _store(request).list()]
    qp = request.query_params
    tested = None
    if qp.get("tested"):
        tested = {"name": qp.get("tested"), "sent": qp.get("sent", "0"), "failed": qp.get("failed", "0")}
    return render(
        request,
        "subscriptions.html",
        available=True,
        subs=subs,
        new_url=with_ui(request, "/subscriptions/new"),
        smtp_ok=smtp_configured(request.app.state.config),
        tested=tested,
        errors=qp.getlist("error")[:5],
    )


def _form_page(
    request: Request,
    values: dict[str, Any],
    *,
    editing: str | None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    shown = {
        k: (", ".join(v) if isinstance(v, list) else ("" if v is None else v)) for k, v in values.items()
    }
    return render(
        request,
        "subscription_form.html",
        status=status,
        values=shown,
        editing=editing,
        error=error,
        action=f"/subscriptions/{quote(editing, safe='')}" if editing else "/subscriptions",
        schedules=SCHEDULES,
        display_langs=DISPLAY_LANGS,
        pickers=pickers(Translator(ui_lang(request)), values),
        dropped=[name for name in NOT_KEPT if request.query_params.get(name)],
        back_url=with_ui(request, "/subscriptions"),
    )


@router.get("/subscriptions/new", response_class=HTMLResponse)
def new_page(request: Request) -> HTMLResponse:
    """The form, filled from the search in the URL (``/subscriptions/new?q=...&country=TH``)."""
    qp = request.query_params
    values: dict[str, Any] = {
        "schedule": "daily",
        "at": "08:00",
        "timezone": "Asia/Bangkok",
        "display_lang": "original",
        "feed": True,
    }
    for field, param in FROM_SEARCH.items():
        if field in ("query", "since", "until"):
            values[field] = qp.get(param, "")
        else:
            values[field] = _split(",".join(qp.getlist(param)))
    values["expand"] = qp.get("expand") != "false"
    values["all_of"] = [f.name for f in FACETS if f.all_of and qp.get(f.mode_param) == "all"]
    if any(values[field] for field in FROM_SEARCH):
        # Opened from a search: a name from its words (Thai letters and marks kept).
        words = [
            values["query"],
            *(v for f in FROM_SEARCH if f not in ("query", "since", "until") for v in values[f]),
        ]
        values["name"] = _auto_name(_store(request), " ".join(w for w in words if w)[:80] or "search")
    return _form_page(request, values, editing=None)


@router.post("/subscriptions", response_model=None)
async def create(request: Request) -> Response:
    form = await _form(request)
    store = _store(request)
    try:
        data = _from_form(form)
        sub = Subscription.from_dict({"name": form.get("name", "").strip(), **data})
        await run_in_threadpool(store.add, sub)
    except ValueError as exc:  # SubscriptionError is a ValueError
        values = {**form, "feed": form.get("feed") == "on"}
        return _form_page(request, values, editing=None, error=str(exc), status=422)
    return _redirect(request, "/subscriptions")


@router.get("/subscriptions/{name}/edit", response_class=HTMLResponse)
def edit_page(request: Request, name: str) -> HTMLResponse:
    store = _store(request)
    try:
        sub = store.get(name)
    except ValueError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return _form_page(request, sub.to_dict(), editing=name)


@router.post("/subscriptions/{name}", response_model=None)
async def update(request: Request, name: str) -> Response:
    form = await _form(request)
    store = _store(request)
    try:
        changes = _from_form(form)
        await run_in_threadpool(lambda: store.update(name, **changes))
    except ValueError as exc:
        if isinstance(exc, UnknownSubscription):
            raise HTTPException(status_code=404, detail=str(exc)) from None
        values = {**form, "name": name, "feed": form.get("feed") == "on"}
        return _form_page(request, values, editing=name, error=str(exc), status=422)
    return _redirect(request, "/subscriptions")


@router.post("/subscriptions/{name}/test", response_model=None)
async def send_test(request: Request, name: str) -> Response:
    """Send a test digest of the subscription's latest stories to its channels now."""
    await _form(request)
    try:
        results = await run_in_threadpool(
            test_digest, request.app.state.config, request.app.state.backend, name
        )
    except ValueError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    sent = sum(1 for r in results if r.status == "sent")
    errors = [f"{r.channel}: {r.error}" for r in results if r.status != "sent"]
    query = {"tested": name, "sent": str(sent), "failed": str(len(errors)), "error": errors}
    return RedirectResponse(with_ui(request, "/subscriptions", **query), status_code=303)


@router.post("/subscriptions/{name}/delete", response_model=None)
async def delete(request: Request, name: str) -> Response:
    await _form(request)
    store = _store(request)
    try:
        await run_in_threadpool(store.remove, name)
    except ValueError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return _redirect(request, "/subscriptions")
