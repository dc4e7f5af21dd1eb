"""Signing in: a browser proves it knows the API token, as API clients do.

``/login`` takes the token (a CSRF-protected form) and sets ``session``: a signed,
HttpOnly, SameSite=Strict cookie. The subscription pages always need it (or a Bearer
header): subscriptions hold subscribers' email addresses, which the API guards with the
token too, whatever ``web.public_reads`` says. When ``web.public_reads`` is false every
page needs it. API reads accept the session too, so the pages' export links work; API
writes still need the Bearer token.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stiwatch.deliver.web import csrf
from stiwatch.deliver.web.access import COOKIE, MAX_AGE_S, has_session, session_serializer, token_ok
from stiwatch.deliver.web.render import render

router = APIRouter(include_in_schema=False)


def require_page_access(request: Request) -> None:
    """Dependency of every page: open when reads are public, else a session or the token."""
    if request.app.state.config.values["web"].get("public_reads", True):
        return
    if has_session(request) or token_ok(request):
        return
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise HTTPException(
        status_code=303, detail="sign in first", headers={"Location": f"/login?next={quote(target)}"}
    )


async def require_sign_in(request: Request) -> None:
    """Dependency of the subscription pages: a session or the token, whatever
    ``web.public_reads`` says; without one, off to ``/login`` and back."""
    if not request.app.state.config.values["web"].get("api_token"):
        raise HTTPException(
            status_code=403,
            detail="subscriptions hold subscribers' addresses: managing them needs a sign-in with the "
            "API token; set web.api_token (STIWATCH_WEB_API_TOKEN)",
        )
    if has_session(request) or token_ok(request):
        return
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        # Nothing is changed before signing in; come back to a page, not to the POST.
        target = "/subscriptions"
        if request.url.path == "/subscriptions/quick":
            # "Subscribe to this search": come back to the form, filled from that search.
            form = await request.form()
            kept = [(k, v) for k, v in form.multi_items() if isinstance(v, str) and v and k != csrf.FIELD]
            target = "/subscriptions/new" + (f"?{urlencode(kept)}" if kept else "")
    raise HTTPException(
        status_code=303, detail="sign in first", headers={"Location": f"/login?next={quote(target)}"}
    )


def _next(value: str | None) -> str:
    """Only a local path: the login must not redirect to another site."""
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


def _hint(target: str) -> str:
    """Why a sign-in is asked for (the message key)."""
    return "login.hint_subscriptions" if target.startswith("/subscriptions") else "login.hint"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    target = _next(next)
    return render(request, "login.html", next=target, error=None, hint=_hint(target))


@router.post("/login", response_model=None)
def login(
    request: Request,
    token: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    csrf.check(request, csrf_token)
    expected = str(request.app.state.config.values["web"].get("api_token") or "")
    if not expected or not hmac.compare_digest(token.strip(), expected):
        return render(
            request, "login.html", status=401, next=_next(next), error=True, hint=_hint(_next(next))
        )
    response = RedirectResponse(_next(next), status_code=303)
    value = str(session_serializer(request).dumps("reader"))
    response.set_cookie(COOKIE, value, httponly=True, samesite="strict", path="/", max_age=MAX_AGE_S)
    return response
