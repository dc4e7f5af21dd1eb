"""API tokens: write endpoints always need one; reads only when configured private.

Configuration (section ``[web]``): ``api_token`` (empty = writes are refused) and
``public_reads`` (default true). Clients send ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request


def _token_ok(request: Request) -> bool:
    expected = str(request.app.state.config.values["web"].get("api_token") or "")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), expected)


def require_write_token(request: Request) -> None:
    """FastAPI dependency for endpoints that change data."""
    if not request.app.state.config.values["web"].get("api_token"):
        raise HTTPException(
            status_code=403, detail="writes are disabled: set web.api_token (STIWATCH_WEB_API_TOKEN)"
        )
    if not _token_ok(request):
        raise HTTPException(
            status_code=401, detail="missing or wrong API token", headers={"WWW-Authenticate": "Bearer"}
        )


def require_read_access(request: Request) -> None:
    """FastAPI dependency for read endpoints: open unless web.public_reads is false; then the
    token, or the signed-in browser's session cookie (search.web.login)."""
    if request.app.state.config.values["web"].get("public_reads", True):
        return
    from search.web.login import has_session

    if not _token_ok(request) and not has_session(request):
        raise HTTPException(
            status_code=401, detail="missing or wrong API token", headers={"WWW-Authenticate": "Bearer"}
        )
