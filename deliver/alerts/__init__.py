"""Alert subscriptions and the digests sent to their subscribers (email, Atom, webhook)."""

from stiwatch.deliver.alerts.subscriptions import (
    DuplicateSubscription,
    InvalidSubscription,
    Subscription,
    SubscriptionError,
    SubscriptionStore,
    UnknownSubscription,
)

__all__ = [
    "DuplicateSubscription",
    "InvalidSubscription",
    "Subscription",
    "SubscriptionError",
    "SubscriptionStore",
    "UnknownSubscription",
]
