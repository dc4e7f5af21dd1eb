"""When a subscription is due: the latest scheduled slot is after its last completed run."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from stiwatch.deliver.alerts.subscriptions import Subscription


def latest_slot(sub: Subscription, now: datetime) -> datetime:
    """The most recent scheduled send time at or before ``now`` (aware, in UTC).

    Hourly digests go out at minute ``MM`` of ``at`` every hour, daily ones at ``HH:MM``
    local time, weekly ones at ``HH:MM`` on Mondays; ``immediate`` is always ``now``.
    """
    if sub.schedule == "immediate":
        return now
    local = now.astimezone(ZoneInfo(sub.timezone))
    hour, minute = (int(part) for part in sub.at.split(":"))
    if sub.schedule == "hourly":
        slot = local.replace(minute=minute, second=0, microsecond=0)
        step = timedelta(hours=1)
    else:
        slot = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        step = timedelta(days=1)
        if sub.schedule == "weekly":
            slot -= timedelta(days=slot.weekday())
            step = timedelta(days=7)
    if slot > local:
        slot -= step
    return slot.astimezone(ZoneInfo("UTC"))


def is_due(sub: Subscription, last_completed: str | None, now: datetime) -> bool:
    """Immediate subscriptions always; others once a slot has passed since the last completed run.

    A run is completed only when every channel succeeded, so a failed delivery keeps the
    subscription due until the next run catches up.
    """
    if sub.schedule == "immediate":
        return True
    since = datetime.fromisoformat(last_completed or sub.created_at)
    return latest_slot(sub, now) > since
