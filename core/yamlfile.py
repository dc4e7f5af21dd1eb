"""Reading YAML data files (taxonomy, registry, labelled sets, messages).

Every command reads dozens of them at start; libyaml's safe loader (in PyYAML's wheels)
parses them several times faster than the pure-Python one, with the same results and
the same exceptions (``yaml.YAMLError``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The parsed content of the UTF-8 YAML file ``path`` (safe: plain data only).

    Raises:
        OSError: the file cannot be read.
        UnicodeDecodeError: the file is not UTF-8.
        yaml.YAMLError: the file is not valid YAML.
    """
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
