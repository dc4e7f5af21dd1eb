"""Translations over HTTP: read an article's translations, or ask for new ones.

``GET /api/articles/{id}/translations`` answers ``{"id", "translations", "errors"}``
(``errors``: the translate stage's, e.g. a missing model with the command that
installs it). ``POST /api/articles/{id}/translate?full=true&to=en`` translates the
article now (the full text with ``full``), stores it and answers the same shape; it
changes data, so it needs the API token.
"""

from __future__ import annotations

import re
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from stiwatch.deliver.web.auth import require_read_access, require_write_token
from stiwatch.pipelines.translation.articles import TranslateConfig
from stiwatch.pipelines.translation.engine import TranslationEngine
from stiwatch.pipelines.translation.jobs import ArticleNotFound, engine_or_none, translate_article

router = APIRouter(prefix="/api/articles", tags=["translation"])

ARTICLE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ENGINE_LOCK = threading.Lock()


def _answer(record: dict[str, Any]) -> JSONResponse:
    errors = [e for e in record.get("errors") or [] if e.get("stage") == "translate"]
    return JSONResponse(
        {"id": record["id"], "translations": record.get("translations") or {}, "errors": errors}
    )


def _check_id(article_id: str) -> None:
    if not ARTICLE_ID.match(article_id):
        raise HTTPException(status_code=404, detail="no such article")


@router.get("/{article_id}/translations", dependencies=[Depends(require_read_access)])
def get_translations(request: Request, article_id: str) -> JSONResponse:
    """The article's translations and any translation errors."""
    _check_id(article_id)
    record = request.app.state.backend.get(article_id)
    if record is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    return _answer(record)


def _engine(request: Request, tconfig: TranslateConfig) -> TranslationEngine | None:
    """One engine per app, built when a model is first installed; sees later installs."""
    with _ENGINE_LOCK:
        engine = getattr(request.app.state, "translation_engine", None)
        if engine is None:
            engine = engine_or_none(tconfig)
            request.app.state.translation_engine = engine
        else:
            engine.reload()
        return engine


@router.post("/{article_id}/translate", dependencies=[Depends(require_write_token)])
def post_translate(
    request: Request,
    article_id: str,
    full: bool = False,
    to: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """Translate the article now (title and lead, or the full text) and store it."""
    _check_id(article_id)
    config = request.app.state.config
    tconfig = TranslateConfig(config.data_dir, config.values["translate"])
    try:
        record = translate_article(
            request.app.state.backend,
            article_id,
            tconfig,
            full=full,
            only=to,
            engine=_engine(request, tconfig),
        )
    except ArticleNotFound:
        raise HTTPException(status_code=404, detail=f"no article {article_id}") from None
    return _answer(record)
