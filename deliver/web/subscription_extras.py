"""What the subscription pages add to the store: value pickers, the feed address, SMTP
state and the test digest."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from stiwatch.core.config import Config
from stiwatch.deliver.alerts.delivery import ChannelResult
from stiwatch.deliver.alerts.runner import AlertRunner
from stiwatch.deliver.alerts.subscriptions import FILTER_FACETS
from stiwatch.deliver.web.i18n import Translator
from stiwatch.search.backend import SearchBackend
from stiwatch.search.vocabulary import vocabulary

# A picker with more values than this starts folded (details/summary), its checked values shown.
OPEN_UP_TO = 12


def pickers(tr: Translator, values: dict[str, Any]) -> list[dict[str, Any]]:
    """One checkbox list per filter facet: every valid value with its name, the chosen ones checked."""
    out = []
    for facet in FILTER_FACETS:
        raw = values.get(facet.query) or []
        chosen = set(raw if isinstance(raw, list) else [v.strip() for v in str(raw).split(",") if v.strip()])
        table = vocabulary(facet.name)
        if table is None:  # any value of its form (forums: COSTI-84): typed, not picked
            out.append(
                {
                    "facet": facet.name,
                    "field": facet.query,
                    "text": True,
                    "value": ", ".join(sorted(chosen)),
                    "placeholder": "COSTI-84" if facet.name == "forum" else "",
                    "chosen": [],
                }
            )
            continue
        options = [
            {"value": v, "label": tr.facet_label(facet.name, v), "checked": v in chosen}
            for v in sorted(
                vocabulary(facet.name) or {}, key=lambda v: tr.facet_label(facet.name, v).casefold()
            )
        ]
        # A stored value no longer valid stays visible (checked) so that saving keeps or drops it knowingly.
        options += [
            {"value": v, "label": v, "checked": True} for v in sorted(chosen - {o["value"] for o in options})
        ]
        out.append(
            {
                "facet": facet.name,
                "field": facet.query,
                "options": options,
                "folded": len(options) > OPEN_UP_TO,
                "chosen": [o["label"] for o in options if o["checked"]],
            }
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
