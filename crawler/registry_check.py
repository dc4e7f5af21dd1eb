"""Validation helpers of the source registry (``crawler.registry``): the error it raises
and the checker that names the file and entry in every message."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse


class RegistryError(ValueError):
    """A source entry is invalid; the message names the file, the entry and the problem."""


class Checker:
    """Collects the context (file, entry) for error messages of one entry."""

    def __init__(self, file: str, entry: str) -> None:
        self.where = f"{file}: source {entry}"

    def fail(self, problem: str) -> RegistryError:
        return RegistryError(f"{self.where}: {problem}")

    def url(self, value: Any, name: str) -> str:
        if not isinstance(value, str) or urlparse(value).scheme not in ("http", "https"):
            raise self.fail(f"{name} must be an http(s) URL, got {value!r}")
        return value

    def urls(self, value: Any, name: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(f"{name} must be a list of URLs")
        return tuple(self.url(v, name) for v in value)

    def strings(self, value: Any, name: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{name} must be a list of non-empty strings")
        return tuple(value)

    def regex(self, value: Any, name: str) -> re.Pattern[str]:
        if not isinstance(value, str):
            raise self.fail(f"{name} must be a regular expression string, got {value!r}")
        try:
            return re.compile(value)
        except re.error as exc:
            raise self.fail(f"{name}: bad regex {value!r}: {exc}") from None
