"""Source health over HTTP: ``/api/sources`` and ``/api/sources/{id}`` (stiwatch.operate.health)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from stiwatch.crawler.registry import load_sources
from stiwatch.deliver.web.auth import require_read_access
from stiwatch.operate.health import backend_status, coverage, sources_status

# Reads follow web.public_reads like the rest of the API.
router = APIRouter(dependencies=[Depends(require_read_access)])


@router.get("/api/sources")
def api_sources(request: Request) -> dict[str, Any]:
    """Every enabled source's health, the coverage counts digests show, and the search
    backend's state (``backend``: down since when, articles spooled)."""
    data_dir = request.app.state.config.data_dir
    statuses = sources_status(data_dir)
    return {"sources": statuses, "coverage": coverage(statuses), "backend": backend_status(data_dir)}


@router.get("/api/sources/{source_id}")
def api_source(request: Request, source_id: str) -> dict[str, Any]:
    """One source's health (disabled sources included)."""
    registry = load_sources()
    if source_id not in registry:
        raise HTTPException(status_code=404, detail=f"no source {source_id}")
    status = sources_status(request.app.state.config.data_dir, {source_id: registry[source_id]})
    return {"id": source_id, **status[source_id]}
