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
from itsdangerous import BadSignature, URLSafeTimedSerializer

from search.web import csrf
from search.web.render import render

router = APIRouter(include_in_schema=False)

COOKIE = "session"
MAX_AGE_S = 7 * 86400


def _serializer(request: Request) -> URLSafeTimedSerializer:
    # Keyed by the API token itself: changing the token signs every browser out.
    token = str(request.app.state.config.values["web"].get("api_token") or "")
    return URLSafeTimedSerializer(token, salt="stiwatch-session")


def has_session(request: Request) -> bool:
    value = request.cookies.get(COOKIE)
    if not value or not request.app.state.config.values["web"].get("api_token"):
        return False
    try:
        return bool(_serializer(request).loads(value, max_age=MAX_AGE_S) == "reader")
    except BadSignature:
        return False


def require_page_access(request: Request) -> None:
    """Dependency of every page: open when reads are public, else a session or the token."""
    from search.web.auth import _token_ok

    if request.app.state.config.values["web"].get("public_reads", True):
        return
    if has_session(request) or _token_ok(request):
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
    value = str(_serializer(request).dumps("reader"))
    response.set_cookie(COOKIE, value, httponly=True, samesite="strict", path="/", max_age=MAX_AGE_S)
    return response
