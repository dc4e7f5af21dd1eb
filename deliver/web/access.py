"""Who may read: the API token (``Authorization: Bearer``) or a signed-in browser's session.

Read by both the API's dependencies (``auth``) and the pages' sign-in (``login``).
Configuration (section ``[web]``): ``api_token`` (empty = writes are refused, nobody
signs in) and ``public_reads`` (default true).
"""

from __future__ import annotations

import hmac

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "session"
MAX_AGE_S = 7 * 86400


def token_ok(request: Request) -> bool:
    """The request carries the configured API token."""
    expected = str(request.app.state.config.values["web"].get("api_token") or "")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), expected)


def session_serializer(request: Request) -> URLSafeTimedSerializer:
    """Signs session cookies; keyed by the API token itself: a new token signs every browser out."""
    token = str(request.app.state.config.values["web"].get("api_token") or "")
    return URLSafeTimedSerializer(token, salt="stiwatch-session")


def has_session(request: Request) -> bool:
    """The request carries a valid session cookie (a browser signed in with the token)."""
    value = request.cookies.get(COOKIE)
    if not value or not request.app.state.config.values["web"].get("api_token"):
        return False
    try:
        return bool(session_serializer(request).loads(value, max_age=MAX_AGE_S) == "reader")
    except BadSignature:
        return False
