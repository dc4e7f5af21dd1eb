"""Sources with ``render: browser`` in a crawl: which requests the browser renders, and the
sources skipped (counted ``needs-browser``) when no browser is there.

A mixin of the generic spider (``SourcesSpider``); ``RENDER_ACTIVE`` and ``RENDER_PROBLEM``
come from ``operate.crawl.render_settings``.
"""

from __future__ import annotations

import logging
from typing import Any

from stiwatch.crawler.browser import render_meta
from stiwatch.crawler.registry import Source
from stiwatch.crawler.stats import count_error

logger = logging.getLogger(__name__)


class RenderedPages:
    """Rendering decisions of the spider (mixed into it)."""

    crawler: Any
    settings: Any

    def _unrenderable(self, src: Source) -> bool:
        """True, counted and logged, for a ``render: browser`` source with no browser: it is
        reported, not crawled (a plain fetch would find an empty shell)."""
        if not src.needs_browser or self.settings.getbool("RENDER_ACTIVE"):
            return False
        count_error(self.crawler.stats, src.id, "needs-browser")
        logger.warning(
            "%(source)s: not crawled: its pages need a browser (render: browser), and %(why)s",
            {"source": src.id, "why": self.settings.get("RENDER_PROBLEM") or "none is configured"},
        )
        return True

    def _render(self, src: Source, url: str) -> dict[str, Any]:
        """Meta that has the page rendered by the browser, for a ``render: browser`` source."""
        if not src.needs_browser or not self.settings.getbool("RENDER_ACTIVE"):
            return {}
        return render_meta(src, url, self.settings.get("REPLAY_URL"))
