"""Private pages: when ``web.public_reads`` is false, a browser signs in with the API token.

``/login`` takes the token (a CSRF-protected form) and sets ``session``: a signed,
HttpOnly, SameSite=Strict cookie. Pages then need it (or a Bearer header); API reads
accept it too, so the pages' export links work. API writes still need the Bearer token.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import quote

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


def _next(value: str | None) -> str:
    """Only a local path: the login must not redirect to another site."""
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", next=_next(next), error=None)


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
        return render(request, "login.html", status=401, next=_next(next), error=True)
    response = RedirectResponse(_next(next), status_code=303)
    value = str(session_serializer(request).dumps("reader"))
    response.set_cookie(COOKIE, value, httponly=True, samesite="strict", path="/", max_age=MAX_AGE_S)
    return response
