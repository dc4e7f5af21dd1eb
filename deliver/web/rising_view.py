""" "Rising this week" for the pages: the flagged values with their names and links.

The home page shows it as a panel; each value links to its articles of the week and, for
countries and agencies, to its profile page.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import Request

from stiwatch.core.facets import BY_NAME
from stiwatch.deliver.web.i18n import Translator, ui_lang
from stiwatch.deliver.web.render import with_ui
from stiwatch.search.backend import SearchBackend, SearchQuery
from stiwatch.search.records import DEFAULT_OFFSET
from stiwatch.search.rising import Rising, RisingSettings, rising

PROFILE_PATHS = {"country": "/countries/", "agency": "/agencies/"}


def settings_of(request: Request) -> RisingSettings:
    return RisingSettings.from_config(request.app.state.config.values["rising"])


def today_local() -> date:
    """Today in the region's time (+07:00), the day articles are dated in."""
    return datetime.now(DEFAULT_OFFSET).date()


def rising_entries(request: Request, found: Rising, tr: Translator) -> list[dict[str, Any]]:
    """One entry per flagged value: label, counts, and links."""
    start, end = found.week
    out = []
    for item in found.items:
        param = BY_NAME[item.facet].param
        mean = sum(item.baseline) / max(len(item.baseline), 1)
        out.append(
            {
                "facet": item.facet,
                "kind": tr.t(f"facet.{item.facet}"),
                "value": item.value,
                "label": tr.facet_label(item.facet, item.value),
                "current": item.current,
                "mean": f"{mean:.1f}",
                "ratio": None if item.ratio is None else f"{item.ratio:.1f}",
                "href": with_ui(
                    request,
                    "/",
                    **{param: item.value},
                    since=start.isoformat(),
                    until=end.isoformat(),
                    sort="date",
                ),
                "profile": with_ui(request, PROFILE_PATHS[item.facet] + item.value)
                if item.facet in PROFILE_PATHS
                else None,
            }
        )
    return out


def home_rising(request: Request, backend: SearchBackend) -> dict[str, Any]:
    """The home page panel's content: the week and its rising values (maybe none)."""
    tr = Translator(ui_lang(request))
    found = rising(backend, SearchQuery(), today_local(), settings_of(request))
    return {
        "start": found.week[0].isoformat(),
        "end": found.week[1].isoformat(),
        "has_baseline": found.has_baseline,
        "entries": rising_entries(request, found, tr),
        "trends_url": with_ui(
            request, "/trends", since=found.baseline[0].isoformat(), interval="week", facet="theme"
        ),
    }
