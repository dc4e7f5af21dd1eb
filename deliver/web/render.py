"""Rendering pages: templates, the interface language, the CSRF cookie, safe links.

Templates are Jinja2 with autoescaping on: crawled text is never marked safe. The only
``Markup`` that reaches them comes from :mod:`stiwatch.deliver.web.highlight` and
:mod:`stiwatch.deliver.web.results` (escaped text plus ``<mark>``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from stiwatch.deliver.web import csrf
from stiwatch.deliver.web.i18n import DEFAULT_UI, UI_LANGS, Translator, ui_lang

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
UI_COOKIE_AGE_S = 365 * 86400
# Times are shown in the monitor's home zone (ICT, UTC+7), UTC on hover.
DISPLAY_ZONE = ZoneInfo("Asia/Bangkok")


def safe_href(url: Any) -> str:
    """``url`` when it is an absolute http(s) address, else ``#`` (no javascript:, data:, ...)."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return "#"
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return "#"


def when(value: Any) -> Markup:
    """A record time for people: ``<time>`` in Asia/Bangkok, UTC in its title (on hover).

    A time of exactly midnight local is how a page that gives only the day is stored:
    it shows as the day alone. Not a time: empty.
    """
    try:
        moment = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return Markup("")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(DISPLAY_ZONE)
    utc = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    shown = (
        local.strftime("%Y-%m-%d")
        if (local.hour, local.minute) == (0, 0)
        else local.strftime("%Y-%m-%d %H:%M")
    )
    return Markup('<time datetime="{}" title="{}">{}</time>').format(moment.isoformat(), utc, shown)


def ui_param(request: Request) -> dict[str, str]:
    """``{"ui": lang}`` for links when the interface is not in the default language."""
    lang = ui_lang(request)
    return {"ui": lang} if lang != DEFAULT_UI else {}


def with_ui(request: Request, path: str, **params: Any) -> str:
    """``path`` with ``params`` (empty ones dropped) and the interface language."""
    merged = {**params, **ui_param(request)}
    query = urlencode({k: v for k, v in merged.items() if v not in ("", None, [], ())}, doseq=True)
    return f"{path}?{query}" if query else path


def switch_ui_url(request: Request, lang: str) -> str:
    """The current page in interface language ``lang``."""
    # Always explicit (English too), so that it overrides a remembered choice.
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "ui"] + [("ui", lang)]
    return f"{request.url.path}?{urlencode(items)}"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page, with the labels of the interface language and a CSRF token for its forms."""
    tr = Translator(ui_lang(request))
    cookie_value, token = csrf.form_token(request)
    context.update(
        t=tr.t,
        tr=tr,
        ui=tr.lang,
        ui_langs=UI_LANGS,
        csrf_field=csrf.FIELD,
        csrf_token=token,
        switch_ui_url=lambda lang: switch_ui_url(request, lang),
        link=lambda path, **params: with_ui(request, path, **params),
        safe_href=safe_href,
        when=when,
    )
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status)
    if request.cookies.get(csrf.COOKIE) != cookie_value:
        csrf.set_cookie(response, cookie_value)
    chosen = request.query_params.get("ui")
    if chosen in UI_LANGS and request.cookies.get("ui") != chosen:
        response.set_cookie("ui", chosen, samesite="lax", path="/", max_age=UI_COOKIE_AGE_S)
    return response
