"""What the subscription pages add to the store: value pickers, the feed address, SMTP
state and the test digest."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from stiwatch.core.config import Config
from stiwatch.core.facets import ALL_OF_FACETS, PARTNER
from stiwatch.deliver.alerts.delivery import ChannelResult
from stiwatch.deliver.alerts.runner import AlertRunner
from stiwatch.deliver.alerts.subscriptions import FILTER_FACETS
from stiwatch.deliver.web.i18n import Translator
from stiwatch.search.backend import SearchBackend
from stiwatch.search.vocabulary import vocabulary

# A picker with more values than this starts folded (details/summary), its checked values shown.
OPEN_UP_TO = 12


def _chosen(values: dict[str, Any], field: str) -> set[str]:
    raw = values.get(field) or []
    return set(raw if isinstance(raw, list) else [v.strip() for v in str(raw).split(",") if v.strip()])


def _checkboxes(
    tr: Translator, facet: str, field: str, chosen: set[str], legend: str, name: str = ""
) -> dict[str, Any]:
    """A checkbox list of every valid value of ``facet``, named in the UI language;
    ``name`` tells the list apart from another of the same facet (the partner countries)."""
    options = [
        {"value": v, "label": tr.facet_label(facet, v), "checked": v in chosen}
        for v in sorted(vocabulary(facet) or {}, key=lambda v: tr.facet_label(facet, v).casefold())
    ]
    # A stored value no longer valid stays visible (checked) so that saving keeps or drops it knowingly.
    options += [
        {"value": v, "label": v, "checked": True} for v in sorted(chosen - {o["value"] for o in options})
    ]
    return {
        "facet": facet,
        "name": name or facet,
        "field": field,
        "legend": legend,
        "options": options,
        "folded": len(options) > OPEN_UP_TO,
        "chosen": [o["label"] for o in options if o["checked"]],
    }


def pickers(tr: Translator, values: dict[str, Any]) -> list[dict[str, Any]]:
    """One checkbox list per filter facet (every valid value with its name, the chosen ones
    checked), an "all of" switch for countries and agencies, and the partner countries."""
    out = []
    all_of = _chosen(values, "all_of")
    for facet in FILTER_FACETS:
        chosen = _chosen(values, facet.query)
        legend = tr.t("facet." + facet.name)
        if vocabulary(facet.name) is None:  # any value of its form (forums: COSTI-84): typed, not picked
            placeholder = "COSTI-84" if facet.name == "forum" else ""
            value = ", ".join(sorted(chosen))
            out.append(
                {
                    "facet": facet.name,
                    "name": facet.name,
                    "field": facet.query,
                    "legend": legend,
                    "text": True,
                }
                | {"value": value, "placeholder": placeholder, "chosen": []}
            )
            continue
        picker = _checkboxes(tr, facet.name, facet.query, chosen, legend)
        if facet in ALL_OF_FACETS:
            picker["all_of"] = facet.name in all_of
        out.append(picker)
        if facet is PARTNER.facet:
            out.append(
                _checkboxes(
                    tr,
                    facet.name,
                    PARTNER.query,
                    _chosen(values, PARTNER.query),
                    tr.t("search.partner"),
                    name=PARTNER.param,
                )
            )
    return out


def feed_base(request: Request) -> str:
    """``alerts.base_url`` when configured, else the address this request reached."""
    config: Config = request.app.state.config
    if config.origins.get("alerts.base_url", "default") != "default":
        return str(config.get("alerts", "base_url")).rstrip("/")
    return str(request.base_url).rstrip("/")


def smtp_configured(config: Config) -> bool:
    """Whether any ``[smtp]`` setting was given (the packaged defaults point at a local
    server that usually does not exist)."""
    return any(origin != "default" for key, origin in config.origins.items() if key.startswith("smtp."))


def test_digest(config: Config, backend: SearchBackend, name: str) -> list[ChannelResult]:
    return AlertRunner(config, backend).send_test(name)
