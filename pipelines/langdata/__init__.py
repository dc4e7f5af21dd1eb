"""Language data the text stages read: function words and Indonesian/Malay markers
(``markers.yaml``), month names and digits of the ASEAN languages (``dates.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from stiwatch.core.yamlfile import read_yaml

LANGDATA_DIR = Path(__file__).parent


@lru_cache(maxsize=4)
def load(name: str) -> dict[str, Any]:
    """One data file of this folder (``markers`` or ``dates``), parsed once."""
    data = read_yaml(LANGDATA_DIR / f"{name}.yaml")
    if not isinstance(data, dict):
        raise ValueError(f"{name}.yaml: expected a mapping")
    return data
