"""``/healthz`` and the answer every page and API call gets while the search backend is down.

The web server starts and stays up through an outage of a remote backend (it holds an
``OutageTolerantBackend``): searches answer 503 with since when it is down and how many
articles wait in the spool, while the scheduler beside it keeps crawling into the spool.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from stiwatch.core.store import BackendUnavailable
from stiwatch.deliver.web.i18n import Translator, ui_lang
from stiwatch.deliver.web.render import render
from stiwatch.deliver.web.sources import backend_view
from stiwatch.search.backend import SearchBackend

router = APIRouter()

RETRY_AFTER = {"Retry-After": "60"}


@router.get("/healthz", tags=["api"])
def healthz(request: Request) -> JSONResponse:
    """The backend and its article count, with the spool; 503 while the backend is down
    (``since``: when it went down, ``spooled``: articles collected meanwhile)."""
    store: SearchBackend = request.app.state.backend
    data_dir = request.app.state.config.data_dir
    try:
        articles = store.count()
    except BackendUnavailable as exc:
        down = backend_view(data_dir)  # this failure is recorded by now
        body = {
            "status": "backend-down",
            "backend": store.name,
            "since": down["since"],
            "spooled": down["spooled"],
            "detail": down["summary"],
            "error": str(exc),
        }
        return JSONResponse(body, status_code=503, headers=RETRY_AFTER)
    up = backend_view(data_dir)
    body = {"status": "ok", "backend": store.name, "articles": articles}
    return JSONResponse({**body, "spooled": up["spooled"], "detail": up["summary"]})


async def backend_down(request: Request, exc: Exception) -> Response:
    """Exception handler: a page or an API call that needed the backend while it is down."""
    # The cause (hosts, ports) is for operators: `stiwatch sources status` and /healthz.
    view = backend_view(request.app.state.config.data_dir)
    tr = Translator(ui_lang(request))
    if view["state"] == "down":
        detail = tr.t("backend.down", since=view["since_text"], spooled=view["spooled"])
    else:
        detail = tr.t("backend.unavailable")
    if not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", ""):
        page = render(request, "error.html", status=503, status_code=503, message=detail)
        page.headers.update(RETRY_AFTER)
        return page
    return JSONResponse({"detail": detail}, status_code=503, headers=RETRY_AFTER)
