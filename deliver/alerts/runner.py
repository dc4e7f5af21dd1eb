"""One ``alerts run``: for every due subscription, build each channel's digest, send, record.

Per channel the digest holds the articles first seen (``fetched_at``) since that channel's
last successful delivery — minus ``alerts.grace_hours``, so that an article fetched before
the last run but indexed after it is not lost — and not already delivered to it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from stiwatch.core.config import Config
from stiwatch.core.tokencache import open_cache
from stiwatch.deliver.alerts.channels import SmtpSession, SmtpSettings
from stiwatch.deliver.alerts.coverage import Coverage, CoverageReader
from stiwatch.deliver.alerts.delivery import ChannelResult, Delivery, EmailSender, WebhookSettings
from stiwatch.deliver.alerts.digest import (
    Digest,
    Grouped,
    build_digest,
    collapse,
    group,
    highlight_terms,
    iter_new_matches,
    make_item,
    parse_time,
    run_day,
    search_url,
)
from stiwatch.deliver.alerts.ledger import Ledger, RunLock
from stiwatch.deliver.alerts.render import atom_feed, delivery_id, email_message, webhook_payload
from stiwatch.deliver.alerts.schedule import is_due
from stiwatch.deliver.alerts.settings import AlertSettings
from stiwatch.deliver.alerts.subscriptions import (
    Subscription,
    SubscriptionStore,
    UnknownSubscription,
    utc_now,
)
from stiwatch.search.backend import MAX_LIMIT, SearchBackend, SearchQuery
from stiwatch.search.factory import open_backend
from stiwatch.search.percolate import BatchMatcher
from stiwatch.search.records import DEFAULT_OFFSET, text_parts
from stiwatch.search.rising import Rising, RisingSettings, rising

logger = logging.getLogger(__name__)


@dataclass
class SubscriptionResult:
    name: str
    due: bool
    completed: bool = False
    channels: list[ChannelResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "due": self.due,
            "completed": self.completed,
            "channels": [c.to_json() for c in self.channels],
        }


@dataclass
class RunReport:
    dry_run: bool
    started_at: str
    subscriptions: list[SubscriptionResult] = field(default_factory=list)
    # Why no email could get through this run (unreachable, TLS, login), if that happened.
    smtp_error: str | None = None

    @property
    def failed(self) -> int:
        return sum(1 for s in self.subscriptions for c in s.channels if c.status == "failed")

    def to_json(self) -> dict[str, Any]:
        sent = sum(1 for s in self.subscriptions for c in s.channels if c.status == "sent")
        return {
            "dry_run": self.dry_run,
            "started_at": self.started_at,
            "due": sum(1 for s in self.subscriptions if s.due),
            "sent": sent,
            "failed": self.failed,
            "smtp_error": self.smtp_error,
            "subscriptions": [s.to_json() for s in self.subscriptions],
        }


def _channel_since(ledger: Ledger, sub: Subscription, channel: str, grace: timedelta) -> tuple[str, datetime]:
    """(the last delivery's as_of or the creation time, the fetched_at cutoff)."""
    last = ledger.last_as_of(sub.name, channel)
    if last is None:
        return sub.created_at, datetime.fromisoformat(sub.created_at)
    return last, datetime.fromisoformat(last) - grace


@dataclass(frozen=True)
class _Plan:
    """A due subscription: its run time and the earliest fetched_at cutoff of its channels."""

    sub: Subscription
    as_of: str
    floor: datetime | None


class AlertRunner:
    """Runs due subscriptions against one backend; one instance per ``alerts run``."""

    def __init__(
        self,
        config: Config,
        backend: SearchBackend,
        *,
        email_sender: EmailSender | None = None,
    ) -> None:
        self.config = config
        self.backend = backend
        self.settings = AlertSettings.from_config(config)
        self.smtp = SmtpSettings.from_config(config.values["smtp"], timeout=self.settings.smtp_timeout)
        # None: each run sends its email over one SMTP connection of its own (SmtpSession).
        self.email_sender = email_sender
        # The last run's SMTP connection.
        self.smtp_session: SmtpSession | None = None
        self.data_dir: Path = config.data_dir
        self.store = SubscriptionStore(self.data_dir)
        # The run's sending (outbox, SMTP, webhooks); one per run.
        self._delivery: Delivery | None = None
        self._seen_at: list[datetime | None] = []
        # (matched positions, cutoff) -> the matches and their grouping, for one run. The
        # matcher returns one list per distinct query, alive all run: its id is a safe key.
        self._grouped: dict[tuple[int, datetime | None], tuple[list[dict[str, Any]], Grouped]] = {}
        # "Rising this week" over every article, computed once per run for the digests that ask.
        self._rising: Rising | None = None

    def _rising_section(self, sub: Subscription, moment: datetime) -> Rising | None:
        if not sub.rising:
            return None
        if self._rising is None:
            settings = RisingSettings.from_config(self.config.values["rising"])
            as_of = moment.astimezone(DEFAULT_OFFSET).date()
            self._rising = rising(self.backend, SearchQuery(), as_of, settings)
        return self._rising

    def run(
        self, names: Sequence[str] = (), *, dry_run: bool = False, now: datetime | None = None
    ) -> RunReport:
        """Send what is due. ``names`` limits the run to those subscriptions.

        Raises:
            UnknownSubscription: a name in ``names`` does not exist.
            AlertsBusy: another run holds the lock longer than ``alerts.lock_timeout``.
        """
        lock = RunLock(self.data_dir, timeout=self.settings.lock_timeout)
        if not dry_run:
            lock.acquire()
        try:
            return self._run(names, dry_run=dry_run, now=now)
        finally:
            lock.release()

    def _run(self, names: Sequence[str], *, dry_run: bool, now: datetime | None) -> RunReport:
        subs = self.store.list()
        if names:
            known = {s.name for s in subs}
            missing = [n for n in names if n not in known]
            if missing:
                raise UnknownSubscription(
                    f"no subscription named {missing[0]!r} (see `stiwatch alerts list`)"
                )
            subs = [s for s in subs if s.name in set(names)]
        report = RunReport(dry_run=dry_run, started_at=utc_now())
        self._rising = None
        ledger = Ledger(self.data_dir)
        ledger.load_run_state()
        coverage = CoverageReader(self.data_dir)
        # Opened on the first email only; an injected sender leaves it unused.
        session = self.smtp_session = SmtpSession(self.smtp)
        self._delivery = delivery = Delivery(
            ledger, self.email_sender or session.send, self._webhook_settings()
        )
        try:
            moment = now or datetime.now(UTC)
            grace = timedelta(hours=self.settings.grace_hours)
            plans: list[_Plan] = []
            for sub in subs:
                if not is_due(sub, ledger.last_completed(sub.name), moment):
                    report.subscriptions.append(SubscriptionResult(sub.name, due=False))
                    continue
                # Taken before the batch is read: what is indexed later is either in the
                # batch or fetched after as_of (the next run's, through the grace window).
                # A resend below can only move a channel's cutoff later, never earlier.
                floor = [cut for _, cut in (_channel_since(ledger, sub, ch, grace) for ch in sub.channels())]
                plans.append(_Plan(sub, utc_now(), min(floor) if floor else None))
                report.subscriptions.append(SubscriptionResult(sub.name, due=True))
            matcher = self._percolator(plans)
            results = {r.name: r for r in report.subscriptions}
            for plan in plans:
                self._run_one(plan, matcher, results[plan.sub.name], ledger, coverage, dry_run, moment)
            if not dry_run:
                ledger.prune(self.settings.keep_days)
        finally:
            session.close()
            ledger.close()
        report.smtp_error = str(delivery.smtp_down) if delivery.smtp_down is not None else None
        return report

    def _percolator(self, plans: list[_Plan]) -> BatchMatcher:
        """The articles first seen since the earliest cutoff of any due channel, read once
        and ready to be matched against every subscription (stiwatch.search.percolate)."""
        cuts = [plan.floor for plan in plans if plan.floor is not None]
        batch = self.backend.fetched_since(min(cuts)) if cuts else []
        tokens = open_cache(self.data_dir)
        try:
            known = tokens.lookup(text_parts(batch)) if tokens is not None and batch else None
        finally:
            if tokens is not None:
                tokens.close()
        # Each article's first-seen time, read once for every subscription.
        self._seen_at = [parse_time(r.get("fetched_at")) for r in batch]
        self._grouped.clear()
        return BatchMatcher(batch, known)

    def _matches(
        self, positions: list[int], matcher: BatchMatcher, cut: datetime
    ) -> tuple[list[dict[str, Any]], Grouped]:
        """The matches first seen at or after ``cut`` (an unreadable time counts as new), and
        their grouping into stories: shared by the subscriptions and channels that have the
        same matches (all of them, the usual case: the key is then the query's alone)."""
        seen_at = self._seen_at
        kept = [p for p in positions if (seen_at[p] or cut) >= cut]
        key = (id(positions), None) if len(kept) == len(positions) else (id(positions), cut)
        shared = self._grouped.get(key)
        if shared is None:
            mine = [matcher.records[p] for p in kept]
            shared = (mine, group(mine))
            self._grouped[key] = shared
        return shared

    def _run_one(
        self,
        plan: _Plan,
        matcher: BatchMatcher,
        result: SubscriptionResult,
        ledger: Ledger,
        coverage: CoverageReader,
        dry_run: bool,
        moment: datetime,
    ) -> None:
        sub, as_of = plan.sub, plan.as_of
        channels = sub.channels()
        if not dry_run:
            ledger.drop_staged(sub.name, channels)  # unsubscribed meanwhile: never resent
            # A message an earlier run may have got through goes again first, unchanged.
            assert self._delivery is not None
            result.channels = [self._delivery.resend(sub, ch) for ch in channels]
        else:
            # A message an earlier run left in the outbox would go again first.
            staged = {ch: ledger.staged(sub.name, ch) for ch in channels}
            result.channels = [
                ChannelResult(ch, "would-send", resent=s.delivery_id) if s else ChannelResult(ch, "empty")
                for ch, s in staged.items()
            ]
        grace = timedelta(hours=self.settings.grace_hours)
        cutoffs = {ch: _channel_since(ledger, sub, ch, grace) for ch in channels}
        positions = matcher.positions(sub.to_query(limit=1, today=run_day(as_of))) if cutoffs else []
        for outcome in result.channels:
            if outcome.status == "failed":
                continue  # its earlier message is still unsent: nothing new before it
            last, cut = cutoffs[outcome.channel]
            mine, grouped = self._matches(positions, matcher, cut)
            digest = build_digest(
                mine,
                sub,
                outcome.channel,
                as_of=as_of,
                since=last,
                already=partial(ledger.delivered_among, sub.name, outcome.channel),
                max_items=self.settings.max_items,
                snippet_chars=self.settings.snippet_chars,
                base_url=self.settings.base_url,
                grouped=grouped,
            )
            digest.rising = self._rising_section(sub, moment)
            if digest.count or self.settings.send_empty:
                self._send_digest(digest, outcome, coverage.since(last, sub.sources), dry_run)
        if not dry_run and all(c.status != "failed" for c in result.channels):
            ledger.mark_completed(sub.name, as_of)
            result.completed = True

    def _send_digest(self, digest: Digest, outcome: ChannelResult, coverage: Coverage, dry_run: bool) -> None:
        ident = delivery_id(digest)
        if dry_run:
            outcome.status, outcome.stories, outcome.delivery_id = "would-send", digest.count, ident
            return
        assert self._delivery is not None
        self._delivery.send(
            digest.subscription,
            outcome,
            as_of=digest.as_of,
            delivery_id=ident,
            entries=digest.entries(),
            body=self._render(digest, coverage),
            stories=digest.count,
        )

    def _webhook_settings(self) -> WebhookSettings:
        st = self.settings
        return WebhookSettings(st.secret, st.webhook_retries, st.webhook_backoff, st.webhook_timeout)

    def _render(self, digest: Digest, coverage: Coverage) -> bytes:
        """The message exactly as it goes out: the email, or the webhook's JSON body."""
        sub = digest.subscription
        if digest.channel == "webhook":
            return json.dumps(webhook_payload(digest, coverage), ensure_ascii=False).encode("utf-8")
        recipient = digest.channel.partition(":")[2]
        message = email_message(
            digest,
            coverage,
            sender=self.smtp.sender,
            recipient=recipient,
            unsubscribe_url=self.settings.unsubscribe_url(sub.name, recipient),
        )
        return message.as_bytes()

    def send_test(self, name: str) -> list[ChannelResult]:
        """Send the subscription's latest matching stories to each of its channels now, as
        a test: nothing is written to the ledger, so the next real digest is unchanged.

        Raises: UnknownSubscription.
        """
        sub = self.store.get(name)
        wanted = self.settings.max_items * 2
        matches = list(islice(iter_new_matches(self.backend, sub, None, page=wanted), wanted))
        coverage = CoverageReader(self.data_dir).since(None, sub.sources)
        ledger = Ledger(self.data_dir)
        # The test's email goes over one connection of its own, closed when it is sent.
        session = SmtpSession(self.smtp)
        try:
            delivery = Delivery(ledger, self.email_sender or session.send, self._webhook_settings())
            results = []
            for channel in sub.channels():
                digest = build_digest(
                    matches,
                    sub,
                    channel,
                    as_of=utc_now(),
                    since=None,
                    already=lambda keys, ids: set(),
                    max_items=self.settings.max_items,
                    snippet_chars=self.settings.snippet_chars,
                    base_url=self.settings.base_url,
                )
                body = self._render(digest, coverage)
                results.append(delivery.send_unrecorded(sub, channel, body, digest.count))
        finally:
            session.close()
            ledger.close()
        return results

    def feed(self, name: str) -> bytes:
        """The subscription's Atom feed: its latest stories, collapsed, newest first.

        Raises: UnknownSubscription.
        """
        sub = self.store.get(name)
        terms = highlight_terms(sub.query)
        records: list[dict[str, Any]] = []
        story_keys: set[str] = set()
        # A feed is a window over the latest stories; readers collapse entries by id.
        updated = utc_now()
        for hit in iter_new_matches(
            self.backend, sub, None, page=min(MAX_LIMIT, self.settings.feed_items * 2), today=run_day(updated)
        ):
            story_keys.add(str(hit.get("story_id") or hit["id"]))
            if len(story_keys) > self.settings.feed_items:
                break
            records.append(hit)
        stories = collapse(records)[: self.settings.feed_items]
        items = [make_item(s, sub, terms, self.settings.snippet_chars) for s in stories]
        ledger = Ledger(self.data_dir)
        try:
            since = ledger.last_completed(sub.name) or sub.created_at
        finally:
            ledger.close()
        cover = CoverageReader(self.data_dir).since(since, sub.sources)
        return atom_feed(
            sub.name,
            items,
            feed_url=self.settings.feed_url(sub.name),
            search_url=search_url(self.settings.base_url, sub, run_day(updated)),
            updated=updated,
            subtitle=" ".join(cover.lines()),
        )


def run_due(config: Config) -> dict[str, Any]:
    """Send the digests that are due, on the configured backend; the run's report as JSON
    (the scheduler's digests job)."""
    backend = open_backend(config.get("search", "backend"), config.data_dir)
    try:
        report = AlertRunner(config, backend).run()
    finally:
        backend.close()
    return report.to_json()
