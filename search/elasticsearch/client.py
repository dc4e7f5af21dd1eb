"""Connecting to Elasticsearch: settings, the client, and one-line errors.

Every failure a user can cause (wrong URL, server down, bad credentials, TLS
trouble, something else answering on the port) becomes one
:class:`BackendUnavailable` message that names the URL and the cause.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import elastic_transport
import elasticsearch
from elasticsearch import Elasticsearch

from stiwatch.search.backend import BackendUnavailable

# The transport logs every retried request with a traceback at WARNING; the one-line
# BackendUnavailable below says the same thing once. Verbose runs (-v) still see INFO.
for _name in ("elastic_transport.transport", "elastic_transport.node_pool"):
    logging.getLogger(_name).addFilter(lambda record: record.levelno != logging.WARNING)


@dataclass(frozen=True)
class ElasticsearchSettings:
    """The ``[elasticsearch]`` configuration section."""

    url: str = "http://127.0.0.1:9200"
    api_key: str = ""
    username: str = ""
    password: str = ""
    ca_certs: str = ""
    index_prefix: str = "stiwatch"
    timeout: float = 30.0
    # Attempts for a request that failed to connect or timed out, and for bulk
    # items the cluster asked to retry (429, 5xx).
    retries: int = 3

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> ElasticsearchSettings:
        """From the configuration section (unknown keys ignored, strings coerced)."""
        known = {k: v for k, v in options.items() if k in cls.__dataclass_fields__}
        for name in ("timeout",):
            if name in known:
                known[name] = float(known[name])
        if "retries" in known:
            known["retries"] = int(known["retries"])
        for name in ("url", "api_key", "username", "password", "ca_certs", "index_prefix"):
            if name in known:
                known[name] = str(known[name] or "")
        settings = cls(**known)
        settings.validate()
        return settings

    def validate(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BackendUnavailable(
                f"elasticsearch.url {self.url!r} is not an http(s) URL; "
                "set STIWATCH_ELASTICSEARCH_URL, e.g. http://127.0.0.1:9200"
            )
        if bool(self.username) != bool(self.password):
            raise BackendUnavailable(
                f"Elasticsearch at {self.display_url}: set both elasticsearch.username and "
                "elasticsearch.password (or an api_key)"
            )
        prefix = self.index_prefix
        if not prefix or prefix != prefix.lower() or any(c in prefix for c in ' "*\\<|,>/?#:'):
            raise BackendUnavailable(
                f"elasticsearch.index_prefix {prefix!r} is not a valid index name "
                '(lower case, no spaces or \\/*?"<>|,#:)'
            )

    @property
    def display_url(self) -> str:
        """The URL without any user:password in it (for messages and logs)."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def make_client(settings: ElasticsearchSettings) -> Elasticsearch:
    """A client for ``settings``; nothing is sent yet."""
    kwargs: dict[str, Any] = {
        "request_timeout": settings.timeout,
        "max_retries": max(settings.retries - 1, 0),
        "retry_on_timeout": True,
    }
    if settings.api_key:
        kwargs["api_key"] = settings.api_key
    elif settings.username:
        kwargs["basic_auth"] = (settings.username, settings.password)
    if settings.ca_certs:
        kwargs["ca_certs"] = settings.ca_certs
    try:
        return Elasticsearch(settings.url, **kwargs)
    except (ValueError, TypeError, OSError) as exc:
        raise BackendUnavailable(f"Elasticsearch at {settings.display_url}: {exc}") from None


def _root_cause(exc: BaseException) -> str:
    """The innermost readable reason of a transport error (refused, DNS, TLS, ...)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    text = str(exc)
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        message = str(current).strip()
        if message:
            text = message
        nested = getattr(current, "errors", None)
        if isinstance(nested, tuple | list) and nested and isinstance(nested[0], BaseException):
            current = nested[0]
            continue
        current = current.__cause__ or current.__context__
    return " ".join(text.split())[:300]


def describe_error(settings: ElasticsearchSettings, exc: BaseException, doing: str = "") -> str:
    """One line: where, what we were doing, why, and what to check."""
    where = f"Elasticsearch at {settings.display_url}"
    what = f" ({doing})" if doing else ""
    if isinstance(exc, elastic_transport.TlsError):
        return (
            f"{where}{what}: TLS failed: {_root_cause(exc)}; "
            "set elasticsearch.ca_certs to the cluster's CA certificate"
        )
    if isinstance(exc, elastic_transport.ConnectionTimeout):
        return f"{where}{what}: no answer within {settings.timeout:g} s; is the cluster overloaded?"
    if isinstance(exc, elastic_transport.ConnectionError):
        return f"{where}{what} is unreachable: {_root_cause(exc)}; is it running and is the URL right?"
    if isinstance(exc, elasticsearch.AuthenticationException):
        return (
            f"{where}{what}: authentication failed (HTTP 401); check elasticsearch.api_key "
            "or elasticsearch.username/password"
        )
    if isinstance(exc, elasticsearch.AuthorizationException):
        return f"{where}{what}: permission denied (HTTP 403): {_api_reason(exc)}"
    if isinstance(exc, elasticsearch.UnsupportedProductError):
        return f"{where}{what}: the server is not Elasticsearch ({_root_cause(exc)})"
    if isinstance(exc, elasticsearch.ApiError):
        return f"{where}{what}: HTTP {exc.meta.status}: {_api_reason(exc)}"
    return f"{where}{what}: {type(exc).__name__}: {_root_cause(exc)}"


def _api_reason(exc: elasticsearch.ApiError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict):
        root = (error.get("root_cause") or [error])[0]
        return f"{root.get('type', 'error')}: {root.get('reason', '')}"[:300]
    return str(error or exc.message)[:300]


def unavailable(settings: ElasticsearchSettings, exc: BaseException, doing: str = "") -> BackendUnavailable:
    """The exception to raise for ``exc``."""
    return BackendUnavailable(describe_error(settings, exc, doing))


# Errors of a request as a whole (not of one bulk item).
REQUEST_ERRORS: tuple[type[BaseException], ...] = (
    elastic_transport.TransportError,
    elasticsearch.ApiError,
)
