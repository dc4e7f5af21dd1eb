"""The brief's words in English, Thai or Vietnamese (messages.yaml next to this module)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from stiwatch.core.yamlfile import read_yaml

MESSAGES_FILE = Path(__file__).parent / "messages.yaml"


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    data = read_yaml(MESSAGES_FILE)
    return {str(k): {str(lang): str(text) for lang, text in v.items()} for k, v in data.items()}


class Words:
    """``words("key", n=3)``: the text in the brief's language (English when missing)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        entry = _messages().get(key, {})
        text = entry.get(self.lang) or entry.get("en") or key
        return text.format(**values) if values else text

    @staticmethod
    def keys() -> set[str]:
        return set(_messages())
