"""Send saved objects to Kibana's Saved Objects import API.

``POST <kibana>/[s/<space>/]api/saved_objects/_import?overwrite=true`` with the
``kbn-xsrf`` header and the NDJSON as the multipart field ``file``. Standard
library only: this runs once per setup, and the user may not have the test tools.
"""

from __future__ import annotations

import base64
import contextlib
import json
import ssl
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit


class KibanaError(RuntimeError):
    """Kibana could not be reached or refused the import; one line naming the URL and cause."""


@dataclass(frozen=True)
class ImportResult:
    success_count: int
    errors: list[dict[str, Any]]


def import_url(base_url: str, space: str | None) -> str:
    base = base_url.rstrip("/")
    prefix = f"/s/{quote(space, safe='')}" if space and space != "default" else ""
    return f"{base}{prefix}/api/saved_objects/_import?overwrite=true"


def _multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = f"stiwatch-{uuid.uuid4().hex}"
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/ndjson\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head + content + tail, f"multipart/form-data; boundary={boundary}"


def import_objects(
    base_url: str,
    ndjson: str,
    *,
    space: str | None = None,
    api_key: str = "",
    username: str = "",
    password: str = "",
    ca_certs: str = "",
    timeout: float = 60.0,
) -> ImportResult:
    """Import ``ndjson`` (overwriting objects with the same ids).

    Raises:
        KibanaError: unreachable, refused, or some objects failed to import.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KibanaError(f"Kibana URL {base_url!r} is not an http(s) URL, e.g. http://127.0.0.1:5601")
    url = import_url(base_url, space)
    body, content_type = _multipart("stiwatch.ndjson", ndjson.encode("utf-8"))
    headers = {"kbn-xsrf": "true", "Content-Type": content_type}
    if api_key:
        headers["Authorization"] = f"ApiKey {api_key}"
    elif username:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    context = ssl.create_default_context(cafile=ca_certs) if ca_certs else None
    where = f"Kibana at {parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}"
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            payload = json.loads(response.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:300]
        with contextlib.suppress(ValueError, AttributeError):
            detail = str(json.loads(detail).get("message", detail))
        raise KibanaError(f"{where}: import refused (HTTP {exc.code}): {' '.join(detail.split())}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KibanaError(f"{where} is unreachable: {reason}; is it running and is the URL right?") from None
    except ValueError as exc:
        raise KibanaError(f"{where}: the answer is not JSON ({exc}); is this Kibana?") from None
    errors = list(payload.get("errors") or [])
    result = ImportResult(int(payload.get("successCount") or 0), errors)
    if errors or payload.get("success") is False:
        first = errors[0] if errors else {}
        kind = first.get("error", {}).get("type", "error") if isinstance(first, dict) else "error"
        raise KibanaError(
            f"{where}: {len(errors)} saved object(s) not imported; first: "
            f"{first.get('type', '?')} {first.get('id', '?')}: {kind}"
        )
    return result
