"""Signed unsubscribe tokens and the secret behind them.

The secret comes from ``alerts.secret``; when that is empty one is generated once and kept
in ``<data dir>/alerts.secret`` (mode 0600) so links stay valid across restarts.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

SECRET_FILE = "alerts.secret"
_SALT = "stiwatch-unsubscribe"


class BadToken(ValueError):
    """The unsubscribe token was altered, truncated or signed with another secret."""


def load_secret(configured: str, data_dir: Path) -> str:
    """The configured secret, or the data directory's generated one."""
    if configured:
        return configured
    path = Path(data_dir) / SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    return value


def make_unsubscribe_token(secret: str, subscription: str, email: str) -> str:
    return str(URLSafeSerializer(secret, salt=_SALT).dumps({"s": subscription, "e": email}))


def read_unsubscribe_token(secret: str, token: str) -> tuple[str, str]:
    """``(subscription, email)``. Raises: BadToken."""
    try:
        data = URLSafeSerializer(secret, salt=_SALT).loads(token)
    except BadSignature:
        raise BadToken("this unsubscribe link is not valid (altered or from another server)") from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), str) or not isinstance(data.get("e"), str):
        raise BadToken("this unsubscribe link is not valid")
    return data["s"], data["e"]
