"""HTTP API for alerts: subscription CRUD, a run trigger, Atom feeds and unsubscribe links.

Subscriptions hold subscribers' email addresses, so every ``/api/subscriptions`` endpoint
needs the write token (``web.api_token``), reads included. Feeds are public for
subscriptions that asked for one; the unsubscribe link is its own credential.
"""

from __future__ import annotations

import contextlib
import html
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from stiwatch.deliver.alerts.ledger import AlertsBusy, Ledger
from stiwatch.deliver.alerts.runner import AlertRunner
from stiwatch.deliver.alerts.settings import AlertSettings
from stiwatch.deliver.alerts.subscriptions import (
    DuplicateSubscription,
    InvalidSubscription,
    Subscription,
    SubscriptionError,
    SubscriptionStore,
    UnknownSubscription,
)
from stiwatch.deliver.alerts.tokens import BadToken, read_unsubscribe_token
from stiwatch.deliver.web.auth import require_write_token

router = APIRouter()
WRITE = [Depends(require_write_token)]


def _store(request: Request) -> SubscriptionStore:
    return SubscriptionStore(request.app.state.config.data_dir)


def _http_error(exc: SubscriptionError) -> HTTPException:
    if isinstance(exc, UnknownSubscription):
        return HTTPException(status_code=404, detail=str(exc))
    if isinstance(exc, DuplicateSubscription):
        return HTTPException(status_code=409, detail=str(exc))
    return HTTPException(status_code=422 if isinstance(exc, InvalidSubscription) else 400, detail=str(exc))


@router.get("/api/subscriptions", dependencies=WRITE, tags=["alerts"])
def list_subscriptions(request: Request) -> list[dict[str, Any]]:
    return [s.to_dict() for s in _store(request).list()]


@router.post("/api/subscriptions", dependencies=WRITE, status_code=201, tags=["alerts"])
def add_subscription(request: Request, body: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """Body: the subscription's fields (``name`` required); see ``stiwatch alerts add``."""
    try:
        return _store(request).add(Subscription.from_dict(body)).to_dict()
    except (SubscriptionError, TypeError) as exc:
        raise _http_error(
            exc if isinstance(exc, SubscriptionError) else InvalidSubscription(str(exc))
        ) from None


@router.get("/api/subscriptions/{name}", dependencies=WRITE, tags=["alerts"])
def get_subscription(request: Request, name: str) -> dict[str, Any]:
    store = _store(request)
    try:
        sub = store.get(name)
    except SubscriptionError as exc:
        raise _http_error(exc) from None
    ledger = Ledger(store.path.parent)
    try:
        deliveries, last = ledger.deliveries(name), ledger.last_completed(name)
    finally:
        ledger.close()
    return {**sub.to_dict(), "last_completed_at": last, "deliveries": deliveries}


@router.patch("/api/subscriptions/{name}", dependencies=WRITE, tags=["alerts"])
def update_subscription(
    request: Request, name: str, body: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    try:
        return _store(request).update(name, **body).to_dict()
    except (SubscriptionError, TypeError) as exc:
        raise _http_error(
            exc if isinstance(exc, SubscriptionError) else InvalidSubscription(str(exc))
        ) from None


@router.delete("/api/subscriptions/{name}", dependencies=WRITE, status_code=204, tags=["alerts"])
def remove_subscription(request: Request, name: str) -> Response:
    try:
        _store(request).remove(name)
    except SubscriptionError as exc:
        raise _http_error(exc) from None
    return Response(status_code=204)


@router.post("/api/alerts/run", dependencies=WRITE, tags=["alerts"])
async def run_alerts(
    request: Request,
    dry_run: bool = False,
    name: Annotated[list[str] | None, Query()] = None,
) -> dict[str, Any]:
    """Same as ``stiwatch alerts run``: sends what is due and answers the run report."""
    runner = AlertRunner(request.app.state.config, request.app.state.backend)
    try:
        report = await run_in_threadpool(runner.run, name or (), dry_run=dry_run)
    except SubscriptionError as exc:
        raise _http_error(exc) from None
    except AlertsBusy as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return report.to_json()


@router.get("/feeds/{name}.atom", tags=["alerts"])
async def feed(request: Request, name: str) -> Response:
    """The subscription's Atom feed (only for subscriptions with ``feed`` on)."""
    runner = AlertRunner(request.app.state.config, request.app.state.backend)
    try:
        if not runner.store.get(name).feed:
            raise UnknownSubscription(name)
        body = await run_in_threadpool(runner.feed, name)
    except SubscriptionError:
        raise HTTPException(status_code=404, detail=f"no feed named {name!r}") from None
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"</head><body><h1>{html.escape(title)}</h1>{body}</body></html>",
        status_code=status,
    )


def _read_token(request: Request, token: str) -> tuple[str, str]:
    settings = AlertSettings.from_config(request.app.state.config)
    return read_unsubscribe_token(settings.secret, token)


@router.get("/unsubscribe/{token}", response_class=HTMLResponse, tags=["alerts"])
def unsubscribe_page(request: Request, token: str) -> HTMLResponse:
    """A confirmation page: link scanners that follow GETs must not unsubscribe anyone."""
    try:
        name, email = _read_token(request, token)
    except BadToken as exc:
        return _page("Unsubscribe", f"<p>{html.escape(str(exc))}</p>", 400)
    return _page(
        "Unsubscribe",
        f"<p>Stop sending “{html.escape(name)}” digests to {html.escape(email)}?</p>"
        f'<form method="post" action="/unsubscribe/{html.escape(token)}">'
        '<button type="submit">Unsubscribe</button></form>',
    )


@router.post("/unsubscribe/{token}", response_class=HTMLResponse, tags=["alerts"])
def unsubscribe(request: Request, token: str) -> HTMLResponse:
    """Also the RFC 8058 one-click target (``List-Unsubscribe-Post``)."""
    try:
        name, email = _read_token(request, token)
    except BadToken as exc:
        return _page("Unsubscribe", f"<p>{html.escape(str(exc))}</p>", 400)
    # Already gone is the outcome the subscriber wanted.
    with contextlib.suppress(UnknownSubscription):
        _store(request).unsubscribe(name, email)
    return _page(
        "Unsubscribed", f"<p>{html.escape(email)} will get no more “{html.escape(name)}” digests.</p>"
    )
