"""API tokens: write endpoints always need one; reads only when configured private.

Configuration (section ``[web]``): ``api_token`` (empty = writes are refused) and
``public_reads`` (default true). Clients send ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from stiwatch.deliver.web.access import has_session, token_ok


def require_write_token(request: Request) -> None:
    """FastAPI dependency for endpoints that change data."""
    if not request.app.state.config.values["web"].get("api_token"):
        raise HTTPException(
            status_code=403, detail="writes are disabled: set web.api_token (STIWATCH_WEB_API_TOKEN)"
        )
    if not token_ok(request):
        raise HTTPException(
            status_code=401, detail="missing or wrong API token", headers={"WWW-Authenticate": "Bearer"}
        )


def require_read_access(request: Request) -> None:
    """FastAPI dependency for read endpoints: open unless web.public_reads is false; then the
    token, or the signed-in browser's session cookie (stiwatch.deliver.web.login)."""
    if request.app.state.config.values["web"].get("public_reads", True):
        return
    if not token_ok(request) and not has_session(request):
        raise HTTPException(
            status_code=401, detail="missing or wrong API token", headers={"WWW-Authenticate": "Bearer"}
        )
