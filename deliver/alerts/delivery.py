"""Handing one run's messages to their channels, exactly once, through the outbox.

For each channel, in this order:

1. a message an interrupted run left in the outbox (the ledger's ``outbox`` table) is
   sent again as it is — same bytes, same Message-ID or Idempotency-Key — and recorded;
2. the new digest is rendered, kept in the outbox, sent, and recorded (which takes it
   out of the outbox) only once the server accepted it. A refusal takes it out at once
   (the next run builds a fresh digest); a connection lost mid-hand-over leaves it in,
   because the server may have it.

A failure no email can get past (SMTP unreachable, TLS, a refused login) stops the
run's other email at once: they would fail the same way, and repeated failed logins
can get the sending account locked.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from stiwatch.deliver.alerts.channels import DeliveryFailed, post_webhook
from stiwatch.deliver.alerts.ledger import Ledger
from stiwatch.deliver.alerts.subscriptions import Subscription

logger = logging.getLogger(__name__)

# A sender gets the rendered message (RFC 5322 bytes, CRLF line ends) and raises
# DeliveryFailed when it is not accepted (stiwatch.deliver.alerts.channels.SmtpSession.send).
EmailSender = Callable[[bytes], None]


@dataclass
class ChannelResult:
    channel: str
    status: str  # sent | failed | empty | would-send (dry run)
    stories: int = 0
    error: str | None = None
    delivery_id: str | None = None
    # The delivery id of a message an interrupted run left unrecorded, sent again first.
    resent: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class WebhookSettings:
    secret: str
    retries: int
    backoff: float
    timeout: float


class Delivery:
    """Sends and records one run's messages (see the module docstring)."""

    def __init__(self, ledger: Ledger, send_email: EmailSender, webhook: WebhookSettings) -> None:
        self.ledger = ledger
        self.send_email = send_email
        self.webhook = webhook
        # Set by a failure no email can get past; the rest of this run's email is not tried.
        self.smtp_down: DeliveryFailed | None = None

    def resend(self, sub: Subscription, channel: str) -> ChannelResult:
        """Send again the message an interrupted run left in the outbox, if there is one."""
        outcome = ChannelResult(channel, "empty")
        staged = self.ledger.staged(sub.name, channel)
        if staged is None:
            return outcome
        outcome.resent = staged.delivery_id
        try:
            self._transmit(sub, channel, staged.body)
        except DeliveryFailed as exc:
            self._failed(sub, outcome, exc)
            return outcome  # still in the outbox: the next run tries the same message again
        self.ledger.record(sub.name, channel, staged.as_of, staged.delivery_id, staged.entries)
        outcome.status, outcome.stories = "sent", len({key for key, _ in staged.entries})
        return outcome

    def send(
        self,
        sub: Subscription,
        outcome: ChannelResult,
        *,
        as_of: str,
        delivery_id: str,
        entries: Iterable[tuple[str, str]],
        body: bytes,
        stories: int,
    ) -> None:
        """Keep, send and record one rendered digest; ``outcome`` says what happened."""
        entries = list(entries)
        outcome.delivery_id = delivery_id
        # Kept before sending: should the process die once the server has it, the next run
        # sends these same bytes (same Message-ID) instead of a digest with a new id.
        self.ledger.stage(sub.name, outcome.channel, as_of, delivery_id, entries, body)
        try:
            self._transmit(sub, outcome.channel, body)
        except DeliveryFailed as exc:
            if not exc.maybe_delivered:
                self.ledger.unstage(sub.name, outcome.channel)  # refused for sure: rebuilt next run
            self._failed(sub, outcome, exc)
            return
        # Recorded only now that the server has accepted it.
        self.ledger.record(sub.name, outcome.channel, as_of, delivery_id, entries)
        outcome.status = "sent"
        outcome.stories += stories

    def send_unrecorded(self, sub: Subscription, channel: str, body: bytes, stories: int) -> ChannelResult:
        """Send a message outside any digest run (a test digest): nothing is staged or
        recorded, so the next real digest is the same as without it."""
        outcome = ChannelResult(channel, "sent", stories=stories)
        try:
            self._transmit(sub, channel, body)
        except DeliveryFailed as exc:
            self._failed(sub, outcome, exc)
        return outcome

    def _failed(self, sub: Subscription, outcome: ChannelResult, exc: DeliveryFailed) -> None:
        # In the run's report (and said once by `alerts run`), not logged per channel.
        logger.info("%(sub)s → %(ch)s: %(e)s", {"sub": sub.name, "ch": outcome.channel, "e": exc})
        outcome.status, outcome.error = "failed", str(exc)
        if exc.server_wide and outcome.channel != "webhook":
            self.smtp_down = exc

    def _transmit(self, sub: Subscription, channel: str, body: bytes) -> None:
        """Send a rendered message. Raises: DeliveryFailed."""
        if channel == "webhook":
            assert sub.webhook is not None
            post_webhook(
                sub.webhook,
                json.loads(body),
                secret=self.webhook.secret,
                retries=self.webhook.retries,
                backoff=self.webhook.backoff,
                timeout=self.webhook.timeout,
            )
            return
        if self.smtp_down is not None:
            raise DeliveryFailed(f"not tried: {self.smtp_down}", server_wide=True)
        self.send_email(body)
