"""CSRF protection for the pages' forms: a signed double-submit token.

The browser holds a random value in the ``csrf`` cookie (HttpOnly, SameSite=Strict);
each form carries that value signed with ``web.csrf_secret`` (itsdangerous). A POST is
accepted only when the form's token verifies, is younger than ``MAX_AGE_S`` and signs
the cookie's value. Another site can neither read the cookie nor forge the signature.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "csrf"
FIELD = "csrf_token"
MAX_AGE_S = 12 * 3600


def serializer(request: Request) -> URLSafeTimedSerializer:
    state = request.app.state
    if getattr(state, "csrf_serializer", None) is None:
        secret = str(state.config.values["web"].get("csrf_secret") or "") or secrets.token_hex(32)
        state.csrf_serializer = URLSafeTimedSerializer(secret, salt="stiwatch-forms")
    result: URLSafeTimedSerializer = state.csrf_serializer
    return result


def form_token(request: Request) -> tuple[str, str]:
    """``(cookie value, form token)`` for a page with forms; the cookie may be new."""
    value = request.cookies.get(COOKIE) or ""
    if len(value) != 43:  # token_urlsafe(32); anything else is not ours
        value = secrets.token_urlsafe(32)
    return value, str(serializer(request).dumps(value))


def set_cookie(response: Response, value: str) -> None:
    response.set_cookie(COOKIE, value, httponly=True, samesite="strict", path="/", max_age=MAX_AGE_S)


def check(request: Request, token: str | None) -> None:
    """Raise 403 unless ``token`` (from the submitted form) matches the cookie."""
    cookie = request.cookies.get(COOKIE) or ""
    try:
        signed = serializer(request).loads(token or "", max_age=MAX_AGE_S)
    except BadSignature:
        raise HTTPException(
            status_code=403,
            detail="the form expired or was not sent from this site; reload the page and try again",
        ) from None
    if not cookie or not hmac.compare_digest(str(signed), cookie):
        raise HTTPException(
            status_code=403,
            detail="the form does not match this browser session; reload the page and try again",
        )
